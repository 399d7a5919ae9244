// Measures how SimGrid's settings and the request representation change throughput on an
// M/M/c queue (λ = 9, μ = 1, c = 10), to justify the engine's defaults:
//   engine_bench MODE FACTORY STACK_KIB GUARD_PAGES [REQUESTS]
// MODE: actor-per-request (one actor per request, the naive design) or dispatcher (one
// actor starting an Exec per request and waiting on the running set, as models/ does).
// Prints one JSON object per run.
#include <chrono>
#include <cstdio>
#include <deque>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/random.hpp"

namespace sg4 = simgrid::s4u;

namespace {

constexpr int kServers = 10;
constexpr double kLambda = 9.0, kMu = 1.0;

std::vector<sg4::Host*> make_hosts() {
  auto* zone = sg4::create_star_zone("bench");
  std::vector<sg4::Host*> hosts;
  for (int i = 0; i < kServers; ++i)
    hosts.push_back(zone->create_host("h" + std::to_string(i), 1e9)->seal());
  zone->seal();
  return hosts;
}

// Naive: an actor per request that waits for a server (a semaphore) and executes.
void actor_per_request(long n, const std::vector<sg4::Host*>& hosts) {
  auto servers = sg4::Semaphore::create(kServers);
  sg4::Actor::create("source", hosts[0], [n, servers, &hosts] {
    stratus::sim::RandomStream rng(1);
    for (long i = 0; i < n; ++i) {
      sg4::this_actor::sleep_for(rng.exponential(kLambda));
      const double work = rng.exponential(kMu) * 1e9;
      sg4::Actor::create("req", hosts[static_cast<std::size_t>(i) % hosts.size()], [servers, work] {
        servers->acquire();
        sg4::this_actor::execute(work);
        servers->release();
      });
    }
  });
}

// One dispatcher: central queue, one Exec per request, wait_any on the running set.
void dispatcher(long n, const std::vector<sg4::Host*>& hosts) {
  sg4::Actor::create("dispatcher", hosts[0], [n, &hosts] {
    stratus::sim::RandomStream rng(1);
    std::deque<double> queue;
    std::vector<sg4::ActivityPtr> running;
    std::vector<int> running_host, free_hosts;
    for (int i = kServers - 1; i >= 0; --i)
      free_hosts.push_back(i);
    double next = rng.exponential(kLambda);
    long arrived = 0, done = 0;
    while (done < n) {
      const double now = sg4::Engine::get_clock();
      while (next <= now + 1e-9 && arrived < n) {
        queue.push_back(next);
        ++arrived;
        next += rng.exponential(kLambda);
      }
      while (!queue.empty() && !free_hosts.empty()) {
        const int h = free_hosts.back();
        free_hosts.pop_back();
        queue.pop_front();
        running.push_back(
            sg4::Exec::init()->set_flops_amount(rng.exponential(kMu) * 1e9)->set_host(hosts[h])->start());
        running_host.push_back(h);
      }
      const double timeout = arrived < n ? next - now : -1;
      if (running.empty()) {
        sg4::this_actor::sleep_for(timeout);
        continue;
      }
      const ssize_t idx = sg4::Activity::wait_any_for(running, timeout);
      if (idx >= 0) {
        free_hosts.push_back(running_host[static_cast<std::size_t>(idx)]);
        running[static_cast<std::size_t>(idx)] = running.back();
        running.pop_back();
        running_host[static_cast<std::size_t>(idx)] = running_host.back();
        running_host.pop_back();
        ++done;
      }
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s MODE FACTORY STACK_KIB GUARD_PAGES [REQUESTS]\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  stratus::sim::EngineSettings settings;
  settings.context_factory = argv[2];
  settings.stack_size_kib = std::stoi(argv[3]);
  settings.guard_size_pages = std::stoi(argv[4]);
  const long n = argc > 5 ? std::stol(argv[5]) : 200000;

  stratus::sim::Engine engine(settings);
  const auto hosts = make_hosts();
  if (mode == "actor-per-request")
    actor_per_request(n, hosts);
  else
    dispatcher(n, hosts);
  const auto start = std::chrono::steady_clock::now();
  engine.run(0);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"mode\": \"%s\", \"factory\": \"%s\", \"stack_kib\": %d, \"guard_pages\": %d, \"requests\": %ld, "
      "\"wall_s\": %.3f, \"requests_per_s\": %.0f}\n",
      mode.c_str(), settings.context_factory.c_str(), settings.stack_size_kib, settings.guard_size_pages, n,
      wall, static_cast<double>(n) / wall);
  return 0;
}
