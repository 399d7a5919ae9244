#pragma once
// What a run will take, estimated from its scenario before it starts: the hosts, instances and
// sandboxes it holds, the requests it simulates, and the memory all that needs. A run that would
// not fit in the machine is refused before it starts (with the figure and the knob that drives
// it) rather than dying of memory an hour in; `validate` prints the estimate.
//
// The per-item figures are measured (bench/platform_bench.cpp: 10,000 hosts and 40,000 instances
// in 132 MB, 50,000 and 100,000 in 369 MB, so about 2.8 kB a host and 2.1 kB an instance); they
// are estimates, meant to be right within a factor of two, not exact.
#include <functional>
#include <string>

#include "models/scenario.hpp"

namespace stratus::models {

struct ResourceEstimate {
  double hosts = 0;
  double instances = 0;  // the most the fleets can hold at once
  double sandboxes = 0;  // the account's concurrency limit, when functions run
  double requests = 0;   // expected arrivals (requests and invocations) over the run
  double timeseries_rows = 0;
  double memory_bytes = 0;
  std::string largest_part;  // what drives memory most, in words a user can act on
};

/// Bytes a host takes in the platform (topology, SimGrid host, links, indexes).
constexpr double kBytesPerHost = 2.8e3;

ResourceEstimate estimate_resources(const ScenarioSpec& spec);

/// Expected arrivals up to each simulated time (a table interpolated linearly), plus a little
/// work per simulated second for what runs without arrivals (sampling, timers), so that the
/// progress ETA follows a ramp of load instead of the clock (sim::Engine::set_work_profile).
std::function<double(double)> expected_work_profile(const ScenarioSpec& spec);

/// The machine's physical memory in bytes (0 when unknown).
double physical_memory_bytes();

/// "2.59 million", "48": three significant figures for estimates.
std::string format_count(double n);

/// "1.2 GB", "640 MB".
std::string format_bytes(double bytes);

}  // namespace stratus::models
