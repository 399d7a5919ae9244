// Measures how long it takes to build a region in SimGrid, and how much memory it takes:
//   platform_bench [HOSTS:SLICES ...]        (default: 10000:40000)
//   platform_bench 10000:40000 50000:100000
// Each configuration is a uniform region of 4 availability zones, racks of 50 hosts of 32
// cores, and SLICES slice hosts spread evenly over the machines. It runs in a child process of
// its own (SimGrid's Engine is one per process, and peak RSS must not carry over), which
// prints one JSON object: build_s covers Topology + Platform + slices + seal; route_us is the
// mean cost of resolving a route between random hosts through SimGrid's routing.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <simgrid/s4u.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/platform.hpp"
#include "sim/topology.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kZones = 4;
constexpr int kHostsPerRack = 50;
constexpr int kRoutes = 100000;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

struct Config {
  long hosts = 0, slices = 0;
};

Config parse(const std::string& arg) {
  const auto colon = arg.find(':');
  if (colon == std::string::npos) throw std::invalid_argument("expected HOSTS:SLICES, got '" + arg + "'");
  Config c{std::stol(arg.substr(0, colon)), std::stol(arg.substr(colon + 1))};
  if (c.hosts < kZones * kHostsPerRack || c.hosts % (kZones * kHostsPerRack) != 0 || c.slices < 0)
    throw std::invalid_argument("HOSTS must be a positive multiple of " +
                                std::to_string(kZones * kHostsPerRack) + " and SLICES >= 0");
  return c;
}

void run(const Config& config) {
  stratus::sim::Engine engine;  // default settings: what a real run uses

  const auto start = Clock::now();
  stratus::sim::HostTypeSpec type;
  type.name = "server-32c";
  type.cores = 32;
  type.core_speed = 2.5e9;
  type.memory_bytes = 256e9;
  type.power = stratus::sim::PowerSpec{120, 400};
  type.disk = stratus::sim::DiskSpec{2e9, 1e9, 4e12};
  const int racks_per_zone = static_cast<int>(config.hosts / (kZones * kHostsPerRack));
  const stratus::sim::Topology topology(stratus::sim::make_uniform_topology(
      "bench", {"az-a", "az-b", "az-c", "az-d"}, racks_per_zone, kHostsPerRack, type,
      stratus::sim::LinkSpec{25e9 / 8, 5e-6}, stratus::sim::LinkSpec{100e9 / 8, 10e-6},
      stratus::sim::LinkSpec{400e9 / 8, 1e-3}));
  const double topology_s = seconds_since(start);

  stratus::sim::Platform platform(topology);
  const double platform_s = seconds_since(start) - topology_s;

  const auto host_n = static_cast<long>(topology.host_count());
  for (long s = 0; s < config.slices; ++s)
    platform.add_slice_host(static_cast<stratus::sim::HostIndex>(s % host_n), "slice-" + std::to_string(s),
                            1 + static_cast<int>(s % 4));
  const double slices_s = seconds_since(start) - topology_s - platform_s;

  platform.seal();
  const double build_s = seconds_since(start);

  // Route resolution between random endpoints (physical hosts and slices alike), as every new
  // communication triggers it.
  const std::vector<simgrid::s4u::Host*> hosts = engine.simgrid().get_all_hosts();
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::size_t> pick(0, hosts.size() - 1);
  std::vector<simgrid::s4u::Link*> links;
  std::size_t link_total = 0;
  const auto route_start = Clock::now();
  for (int i = 0; i < kRoutes; ++i) {
    links.clear();
    double latency = 0;
    hosts[pick(rng)]->route_to(hosts[pick(rng)], links, &latency);
    link_total += links.size();
  }
  const double route_us = seconds_since(route_start) / kRoutes * 1e6;

  std::printf(
      "{\"hosts\":%ld,\"slices\":%ld,\"zones\":%d,\"racks\":%zu,\"build_s\":%.3f,\"topology_s\":%.3f,"
      "\"platform_s\":%.3f,\"slices_s\":%.3f,\"seal_s\":%.3f,\"route_us\":%.3f,\"mean_route_links\":%.2f,"
      "\"peak_rss_mb\":%.1f}\n",
      host_n, static_cast<long>(platform.slice_count()), kZones, topology.rack_count(), build_s, topology_s,
      platform_s, slices_s, build_s - topology_s - platform_s - slices_s, route_us,
      static_cast<double>(link_total) / kRoutes, peak_rss_mb());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Config> configs;
  try {
    for (int i = 1; i < argc; ++i)
      configs.push_back(parse(argv[i]));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "platform_bench: %s\nusage: platform_bench [HOSTS:SLICES ...]\n", e.what());
    return 2;
  }
  if (configs.empty()) configs.push_back(Config{10000, 40000});

  int status = 0;
  for (const Config& config : configs) {
    std::fflush(stdout);
    const pid_t child = fork();
    if (child < 0) {
      std::perror("fork");
      return 1;
    }
    if (child == 0) {
      try {
        run(config);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "platform_bench: %s\n", e.what());
        _exit(1);
      }
      _exit(0);  // skip SimGrid's teardown: it is not what is measured
    }
    int child_status = 0;
    waitpid(child, &child_status, 0);
    if (!WIFEXITED(child_status) || WEXITSTATUS(child_status) != 0) status = 1;
  }
  return status;
}
