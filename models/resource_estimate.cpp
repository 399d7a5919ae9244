#include "models/resource_estimate.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "models/arrivals.hpp"
#include "sim/random.hpp"

namespace stratus::models {

namespace {

constexpr double kBaseBytes = 40e6;          // SimGrid, the libraries, the scenario
constexpr double kBytesPerInstance = 2.1e3;  // bench/platform_bench.cpp, see the header
constexpr double kBytesPerSandbox = 2.0e3;
constexpr double kBytesPerCell = 8.0;  // one double per timeseries column and row
constexpr double kBytesPerRow = 48.0;
constexpr int kIntegrationSteps = 2048;

// ∫ λ(t) dt over [0, duration] by the trapezoid rule on the process's own intensity; exact for
// constant rates, and within a fraction of a percent for daily cycles over days.
double integrated_rate(const ArrivalSpec& spec, double duration_s, double origin_s) {
  ArrivalProcess process(spec, sim::RandomStream(1), origin_s);
  const double step = duration_s / kIntegrationSteps;
  double total = 0.5 * (process.rate_at(0.0) + process.rate_at(duration_s));
  for (int i = 1; i < kIntegrationSteps; ++i)
    total += process.rate_at(i * step);
  return total * step;
}

// Over run times [0, duration_s); run time 0 is scenario time origin_s (simulation.from).
double expected_arrivals(const ArrivalSpec& spec, double duration_s, double origin_s) {
  switch (spec.kind) {
    case ArrivalSpec::Kind::poisson:
      return spec.rate_per_s * duration_s;
    case ArrivalSpec::Kind::trace:
      return static_cast<double>(
          std::lower_bound(spec.trace_times_s.begin(), spec.trace_times_s.end(), duration_s) -
          spec.trace_times_s.begin());
    case ArrivalSpec::Kind::batch:
      return spec.batch_at_s <= duration_s ? static_cast<double>(spec.batch_count) : 0.0;
    case ArrivalSpec::Kind::diurnal:
    case ArrivalSpec::Kind::demand:
      return integrated_rate(spec, duration_s, origin_s);
  }
  return 0.0;
}

double serverless_arrivals(const ServerlessSpec& serverless, double duration_s, double origin_s) {
  double total = 0;
  for (const auto& f : serverless.functions)
    for (const auto& t : f.triggers) {
      if (t.kind == TriggerSpec::Kind::http) total += expected_arrivals(t.arrivals, duration_s, origin_s);
      if (t.kind == TriggerSpec::Kind::timer && t.every_s > 0) total += duration_s / t.every_s;
    }
  for (const auto& b : serverless.buckets)
    total += expected_arrivals(b.puts, duration_s, origin_s);
  for (const auto& q : serverless.queues)
    total += expected_arrivals(q.messages, duration_s, origin_s);
  return total;
}

// Columns of timeseries.csv, roughly: a few run-wide, a dozen per service and one per zone it
// may use, and a handful per function.
double timeseries_columns(const ScenarioSpec& spec) {
  double columns = 4;
  columns +=
      static_cast<double>(spec.services.size()) * (14 + static_cast<double>(spec.topology.zones.size()));
  if (spec.serverless.enabled) columns += 10 + 6 * static_cast<double>(spec.serverless.functions.size());
  return columns;
}

}  // namespace

ResourceEstimate estimate_resources(const ScenarioSpec& spec) {
  ResourceEstimate e;
  const double duration = spec.simulation.duration_s;
  for (const auto& z : spec.topology.zones)
    for (const auto& r : z.racks)
      e.hosts += static_cast<double>(r.hosts.size());
  for (const auto& s : spec.services) {
    e.instances += s.scaling.enabled ? s.scaling.max_capacity : s.instances;
    e.requests += expected_arrivals(s.arrivals, duration, spec.simulation.from_s);
  }
  if (spec.serverless.enabled) {
    e.sandboxes = spec.serverless.limits.account_concurrency;
    e.requests += serverless_arrivals(spec.serverless, duration, spec.simulation.from_s);
  }
  e.timeseries_rows = std::ceil(duration / spec.simulation.sample_interval_s);
  const double columns = timeseries_columns(spec);

  struct Part {
    double bytes;
    std::string what;
  };
  const std::vector<Part> parts = {
      {e.hosts * kBytesPerHost, "the platform's hosts (platform.zones: racks x hosts_per_rack)"},
      {e.instances * kBytesPerInstance, "the instances (services' instances or scaling max)"},
      {e.sandboxes * kBytesPerSandbox, "the function sandboxes (serverless account concurrency)"},
      {e.timeseries_rows * (columns * kBytesPerCell + kBytesPerRow),
       "the timeseries rows (simulation.duration / simulation.sample_interval)"},
  };
  e.memory_bytes = kBaseBytes;
  const Part* largest = &parts.front();
  for (const Part& p : parts) {
    e.memory_bytes += p.bytes;
    if (p.bytes > largest->bytes) largest = &p;
  }
  e.largest_part = largest->what;
  return e;
}

std::function<double(double)> expected_work_profile(const ScenarioSpec& spec) {
  const double duration = spec.simulation.duration_s;
  if (!(duration > 0)) return {};
  // Cumulative arrivals at kIntegrationSteps + 1 points; each interval's share by the trapezoid.
  std::vector<double> cumulative(kIntegrationSteps + 1, 0.0);
  const double step = duration / kIntegrationSteps;
  const double origin = spec.simulation.from_s;
  auto add_rates = [&](const ArrivalSpec& arrivals) {
    if (arrivals.kind == ArrivalSpec::Kind::trace || arrivals.kind == ArrivalSpec::Kind::batch) {
      for (int i = 1; i <= kIntegrationSteps; ++i)
        cumulative[static_cast<std::size_t>(i)] += expected_arrivals(arrivals, i * step, origin);
      return;
    }
    ArrivalProcess process(arrivals, sim::RandomStream(1), origin);
    double running = 0, previous = process.rate_at(0.0);
    for (int i = 1; i <= kIntegrationSteps; ++i) {
      const double rate = process.rate_at(i * step);
      running += 0.5 * (previous + rate) * step;
      previous = rate;
      cumulative[static_cast<std::size_t>(i)] += running;
    }
  };
  for (const auto& s : spec.services)
    add_rates(s.arrivals);
  if (spec.serverless.enabled) {
    for (const auto& f : spec.serverless.functions)
      for (const auto& t : f.triggers)
        if (t.kind == TriggerSpec::Kind::http) add_rates(t.arrivals);
    for (const auto& b : spec.serverless.buckets)
      add_rates(b.puts);
    for (const auto& q : spec.serverless.queues)
      add_rates(q.messages);
  }
  // Time-driven work: 2 % of the mean arrival rate, or one unit a second without arrivals.
  const double floor_per_s = cumulative.back() > 0 ? 0.02 * cumulative.back() / duration : 1.0;
  return [cumulative = std::move(cumulative), step, floor_per_s, duration](double t) {
    const double clamped = std::clamp(t, 0.0, duration);
    const double position = clamped / step;
    const auto i = std::min(static_cast<std::size_t>(position), cumulative.size() - 2);
    const double fraction = position - static_cast<double>(i);
    return cumulative[i] + fraction * (cumulative[i + 1] - cumulative[i]) + floor_per_s * clamped;
  };
}

double physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<double>(pages) * static_cast<double>(page_size) : 0.0;
}

std::string format_count(double n) {
  char buffer[32];
  if (n >= 1e9)
    std::snprintf(buffer, sizeof buffer, "%.3g billion", n / 1e9);
  else if (n >= 1e6)
    std::snprintf(buffer, sizeof buffer, "%.3g million", n / 1e6);
  else
    std::snprintf(buffer, sizeof buffer, "%.0f", n);
  return buffer;
}

std::string format_bytes(double bytes) {
  char buffer[32];
  if (bytes >= 1e12)
    std::snprintf(buffer, sizeof buffer, "%.3g TB", bytes / 1e12);
  else if (bytes >= 1e9)
    std::snprintf(buffer, sizeof buffer, "%.3g GB", bytes / 1e9);
  else
    std::snprintf(buffer, sizeof buffer, "%.0f MB", std::max(1.0, bytes / 1e6));
  return buffer;
}

}  // namespace stratus::models
