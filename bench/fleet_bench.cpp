// Time and peak memory to build a platform and place fleets on it through the scenario's
// placement policies (the path every run takes before simulating):
//   fleet_bench SCENARIO [--param k=v]... [--set path=v]...
// Prints one JSON object.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "models/fleet.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine.hpp"
#include "sim/platform.hpp"
#include "sim/topology.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCENARIO [--param k=v]... [--set path=v]...\n", argv[0]);
    return 2;
  }
  stratus::models::LoadOptions options;
  for (int i = 2; i + 1 < argc; i += 2) {
    auto kv = stratus::sim::parse_key_value(argv[i + 1]);
    (std::strcmp(argv[i], "--param") == 0 ? options.params : options.sets).push_back(kv);
  }
  const auto spec = stratus::models::load_scenario(argv[1], options);

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  stratus::sim::Engine engine;
  const stratus::sim::Topology topology(spec.topology);
  stratus::sim::Platform platform(topology);
  const auto fleets = stratus::models::place_fleets(spec, topology, platform);
  platform.seal();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::size_t instances = 0;
  for (const auto& f : fleets)
    instances += f.size();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "{\"figure\": \"build_and_place\", \"hosts\": %zu, \"instances\": %zu, \"build_s\": %.3f, "
      "\"peak_rss_mb\": %.0f}\n",
      topology.host_count(), instances, seconds, static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
