#include "models/hybrid_windows.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "models/arrivals.hpp"
#include "sim/calendar.hpp"
#include "sim/random.hpp"

namespace stratus::models {

namespace {

constexpr double kDay = 86400.0;

/// "2027-03-01T14:00:00Z" -> "2027-03-01T14-00": a date that is also a folder name.
std::string folder_date(double unix_s) {
  std::string text = sim::format_datetime(unix_s).substr(0, 16);
  std::replace(text.begin(), text.end(), ':', '-');
  return text;
}

/// Scenario times of the first instant of each calendar month from the one holding time 0,
/// up to and including the first at or past `end_s`.
std::vector<double> month_starts(double start_epoch_s, double end_s) {
  const std::string date = sim::format_datetime(start_epoch_s);
  long long year = std::stoll(date.substr(0, 4));
  unsigned month = static_cast<unsigned>(std::stoul(date.substr(5, 2)));
  std::vector<double> starts;
  while (true) {
    const double t = static_cast<double>(sim::days_from_civil(year, month, 1)) * kDay - start_epoch_s;
    starts.push_back(t);
    if (t >= end_s) break;
    if (++month > 12) {
      month = 1;
      ++year;
    }
  }
  return starts;
}

/// ∫ demand over [0, t] at the grid's resolution, by the midpoint rule.
class CumulativeDemand {
 public:
  CumulativeDemand(const std::function<double(double)>& demand, double step_s, double end_s) : step_(step_s) {
    const auto n = static_cast<std::size_t>(std::ceil(end_s / step_s));
    sums_.resize(n + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const double a = static_cast<double>(i) * step_s, b = std::min(end_s, a + step_s);
      sums_[i + 1] = sums_[i] + demand(0.5 * (a + b)) * (b - a);
    }
  }
  /// Between grid points, linear: windows start on the grid anyway.
  double at(double t) const {
    const double x = std::clamp(t / step_, 0.0, static_cast<double>(sums_.size() - 1));
    const auto i = static_cast<std::size_t>(std::floor(x));
    if (i + 1 >= sums_.size()) return sums_.back();
    return sums_[i] + (x - static_cast<double>(i)) * (sums_[i + 1] - sums_[i]);
  }

 private:
  double step_;
  std::vector<double> sums_;
};

std::vector<HybridWindow> outage_windows(const ScenarioSpec& spec) {
  std::vector<HybridWindow> windows;
  if (spec.failures.domains.empty()) return windows;
  const sim::Topology topology(spec.topology);
  const sim::RandomStreams streams(spec.seed);
  const double end = spec.simulation.duration_s;
  const HybridSpec& h = spec.simulation.hybrid;
  FailureSpec domains_only = spec.failures;
  domains_only.hosts.enabled = false;  // single hosts fail all the time: every window has them
  const FailureTimeline timeline = build_failure_timeline(domains_only, topology, streams, end);
  // Pair each outage's start with its end (same cause and domain), in time order.
  struct Open {
    double start_s;
    std::string domain;
  };
  std::vector<std::pair<double, double>> spans;
  std::vector<std::string> names;
  std::vector<std::pair<std::string, Open>> open;
  auto key = [](const FailureEvent& e) { return std::string(cause_name(e.cause)) + "/" + e.domain; };
  for (const FailureEvent& e : timeline.events) {
    const bool starts = e.kind == FailureEventKind::host_down || e.kind == FailureEventKind::partition_start;
    if (starts) {
      open.push_back({key(e), Open{e.time_s, e.domain}});
      continue;
    }
    const auto it = std::find_if(open.begin(), open.end(), [&](const auto& o) { return o.first == key(e); });
    if (it == open.end()) continue;
    spans.push_back({it->second.start_s, e.time_s});
    names.push_back(it->second.domain);
    open.erase(it);
  }
  for (const auto& [k, o] : open) {  // still out at the end of the run
    spans.push_back({o.start_s, end});
    names.push_back(o.domain);
  }
  std::vector<std::size_t> order(spans.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return spans[a] < spans[b]; });
  // Margins before and after; overlapping windows merge into one named after its first outage.
  for (const std::size_t i : order) {
    const double from = std::max(0.0, spans[i].first - h.outage_before_s);
    const double to = std::min(end, spans[i].second + h.outage_after_s);
    if (!(to > from)) continue;
    if (!windows.empty() && from <= windows.back().from_s + windows.back().duration_s) {
      HybridWindow& last = windows.back();
      last.duration_s = std::max(last.from_s + last.duration_s, to) - last.from_s;
      continue;
    }
    HybridWindow w;
    w.reason = "outage";
    w.name = "outage-" + names[i] + "-" + folder_date(spec.simulation.start_epoch_s + spans[i].first);
    w.from_s = from;
    w.duration_s = to - from;
    windows.push_back(std::move(w));
  }
  return windows;
}

/// λ(t) summed over the services, from the same named streams as the runs' arrivals (a
/// demand's noise is seeded from them).
std::function<double(double)> total_demand(const ScenarioSpec& spec) {
  const sim::RandomStreams streams(spec.seed);
  auto processes = std::make_shared<std::vector<ArrivalProcess>>();
  processes->reserve(spec.services.size());
  for (const ServiceSpec& s : spec.services)
    processes->emplace_back(
        s.arrivals, streams.stream(s.arrival_stream.empty() ? s.name + ".arrivals" : s.arrival_stream));
  return [processes](double t) {
    double sum = 0.0;
    for (const ArrivalProcess& p : *processes)
      sum += p.rate_at(t);
    return sum;
  };
}

}  // namespace

std::vector<HybridWindow> monthly_peak_windows(const SimulationSpec& sim,
                                               const std::function<double(double)>& demand) {
  std::vector<HybridWindow> windows;
  const double end = sim.duration_s;
  const double length = sim.hybrid.peak_window_s;
  const double step = sim.fluid_step_s;
  const CumulativeDemand cumulative(demand, step, end);
  const bool whole_days = std::fmod(length, kDay) == 0.0;
  const std::vector<double> months = month_starts(sim.start_epoch_s, end);
  for (std::size_t m = 0; m + 1 < months.size(); ++m) {
    const double month_from = std::max(0.0, months[m]), month_to = std::min(end, months[m + 1]);
    // A month the run barely touches (the few hours of a 365.2425-day year that spill into
    // the next January) is not a month of this run.
    if (month_to - month_from < 0.5 * (months[m + 1] - months[m])) continue;
    // Candidate starts: midnights UTC for whole days, else fluid steps (both counted from a
    // grid so that the choice does not depend on floating-point accumulation).
    const double grid = whole_days ? kDay : step;
    const double origin = whole_days ? kDay * std::ceil(sim.start_epoch_s / kDay) - sim.start_epoch_s : 0.0;
    double best = -1.0, best_from = NAN;
    for (long long k = static_cast<long long>(std::ceil((month_from - origin) / grid - 1e-9));; ++k) {
      const double from = origin + static_cast<double>(k) * grid;
      if (from >= month_to || from + length > end + 1e-9) break;
      if (from < month_from - 1e-9) continue;
      const double arrivals = cumulative.at(from + length) - cumulative.at(from);
      if (arrivals > best * (1 + 1e-12)) {  // the earliest of equal windows
        best = arrivals;
        best_from = from;
      }
    }
    if (std::isnan(best_from)) continue;
    HybridWindow w;
    w.reason = "monthly-peak";
    w.name = "peak-" + sim::format_datetime(sim.start_epoch_s + month_from).substr(0, 7);
    w.from_s = best_from;
    w.duration_s = length;
    windows.push_back(std::move(w));
  }
  return windows;
}

std::vector<HybridWindow> choose_hybrid_windows(const ScenarioSpec& spec) {
  const HybridSpec& h = spec.simulation.hybrid;
  std::vector<HybridWindow> windows;
  if (h.monthly_peaks) windows = monthly_peak_windows(spec.simulation, total_demand(spec));
  if (h.outages)
    for (auto& w : outage_windows(spec))
      windows.push_back(std::move(w));
  for (HybridWindow w : h.listed) {
    w.duration_s = std::min(w.duration_s, spec.simulation.duration_s - w.from_s);
    if (w.duration_s > 0) windows.push_back(std::move(w));
  }
  std::stable_sort(windows.begin(), windows.end(),
                   [](const HybridWindow& a, const HybridWindow& b) { return a.from_s < b.from_s; });
  std::set<std::string> taken;  // a listed name may repeat or clash: number the later ones
  for (HybridWindow& w : windows) {
    const std::string base = w.name;
    for (int n = 2; !taken.insert(w.name).second; ++n)
      w.name = base + "-" + std::to_string(n);
  }
  return windows;
}

}  // namespace stratus::models
