#include "cli/hybrid_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "cli/child_runs.hpp"
#include "cli/summary_number.hpp"
#include "models/hybrid_windows.hpp"
#include "sim/atomic_file.hpp"
#include "sim/calendar.hpp"
#include "sim/number_format.hpp"

namespace stratus::cli {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

/// Seconds as a duration the scenario reader takes back exactly ("86400s").
std::string seconds(double s) {
  std::ostringstream o;
  o << std::setprecision(17) << s << "s";
  return o.str();
}

std::vector<std::string> window_arguments(const HybridOptions& o, const models::HybridWindow& w) {
  std::vector<std::string> args = {"run", o.file, "--out", (o.out / "windows" / w.name).string(), "--quiet"};
  if (!o.variant.empty()) args.insert(args.end(), {"--variant", o.variant});
  if (o.seed) args.insert(args.end(), {"--seed", std::to_string(*o.seed)});
  for (const auto& p : o.params)
    args.insert(args.end(), {"--param", p});
  for (const auto& s : o.sets)
    args.insert(args.end(), {"--set", s});
  // Last, so that they win over the user's own --set.
  args.insert(args.end(),
              {"--set", "simulation.fidelity=discrete", "--set", "simulation.from=" + seconds(w.from_s),
               "--set", "simulation.duration=" + seconds(w.duration_s)});
  return args;
}

/// The fluid run's timeseries, by column, to total its rows over a window.
class Timeseries {
 public:
  explicit Timeseries(const std::string& csv) {
    std::istringstream in(csv);
    std::string line;
    if (!std::getline(in, line)) return;
    std::istringstream head(line);
    for (std::string name; std::getline(head, name, ',');) {
      index_[name] = columns_.size();
      columns_.emplace_back();
    }
    while (std::getline(in, line)) {
      std::istringstream cells(line);
      std::size_t c = 0;
      for (std::string cell; std::getline(cells, cell, ',') && c < columns_.size(); ++c)
        columns_[c].push_back(cell.empty() ? NAN
                                           : std::strtod(cell.c_str(), nullptr));  // strtod: subnormals too
    }
  }

  /// Rows whose interval ends in (from, to]: the intervals inside the window.
  template <class Fold>
  void over(const std::string& column, double from, double to, Fold fold) const {
    const auto t = index_.find("time_s"), c = index_.find(column);
    if (t == index_.end() || c == index_.end()) return;
    const auto& times = columns_[t->second];
    for (std::size_t i = 0; i < times.size(); ++i)
      if (times[i] > from + 1e-9 && times[i] <= to + 1e-9) fold(columns_[c->second][i]);
  }
  double sum(const std::string& column, double from, double to) const {
    double s = 0.0;
    over(column, from, to, [&](double v) { s += v; });
    return s;
  }
  double mean(const std::string& column, double from, double to) const {
    double s = 0.0;
    int n = 0;
    over(column, from, to, [&](double v) { s += v, ++n; });
    return n > 0 ? s / n : NAN;
  }
  double max(const std::string& column, double from, double to) const {
    double m = NAN;
    over(column, from, to, [&](double v) { m = std::isnan(m) ? v : std::max(m, v); });
    return m;
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<std::vector<double>> columns_;
};

json read_json(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return json::parse(in);
}

/// events.csv of a window: time_s,kind,subject,hosts,detail (detail last: it may hold commas).
std::vector<sim::SimEvent> read_events(const fs::path& file) {
  std::vector<sim::SimEvent> events;
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (int i = 0; i < 4; ++i) {
      const std::size_t comma = line.find(',', start);
      if (comma == std::string::npos) break;
      cells.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    if (cells.size() < 4) continue;
    sim::SimEvent e;
    e.time_s = std::stod(cells[0]);
    e.kind = cells[1];
    e.subject = cells[2];
    e.hosts = std::stoll(cells[3]);
    e.detail = line.substr(start);
    if (e.detail.size() >= 2 && e.detail.front() == '"') {  // RFC 4180: quoted, quotes doubled
      std::string text;
      for (std::size_t i = 1; i + 1 < e.detail.size(); ++i) {
        text += e.detail[i];
        if (e.detail[i] == '"') ++i;
      }
      e.detail = std::move(text);
    }
    events.push_back(std::move(e));
  }
  return events;
}

/// A window's events as the run's events show them: its start, what happened in it (from its
/// events.csv), its end.
std::vector<sim::SimEvent> window_events(const std::vector<models::HybridWindow>& windows,
                                         const std::string& name, const fs::path& out) {
  const auto w = std::find_if(windows.begin(), windows.end(),
                              [&](const models::HybridWindow& x) { return x.name == name; });
  if (w == windows.end()) return {};
  std::vector<sim::SimEvent> events{sim::SimEvent{w->from_s, "window_start", w->name, w->reason, 0}};
  for (auto& e : read_events(out / "windows" / name / "events.csv"))
    events.push_back(std::move(e));
  events.push_back(sim::SimEvent{w->from_s + w->duration_s, "window_end", w->name, w->reason, 0});
  return events;
}

struct WindowFigures {
  json summary;  // the discrete run's summary.json
  json entry;    // its entry in summary.json's hybrid.windows
  std::string csv_rows;
};

WindowFigures compare_window(const models::ScenarioSpec& spec, const models::HybridWindow& w,
                             const Timeseries& fluid, const fs::path& dir) {
  WindowFigures f;
  f.summary = read_json(dir / "summary.json");
  const double from = w.from_s, to = w.from_s + w.duration_s;
  const std::string from_date = sim::format_datetime(spec.simulation.start_epoch_s + from);
  const std::string to_date = sim::format_datetime(spec.simulation.start_epoch_s + to);
  json services = json::object();
  for (const models::ServiceSpec& s : spec.services) {
    const std::string& n = s.name;
    const json& d = f.summary["services"][n];
    const double arrived_fluid = fluid.sum(n + ".requests_arrived", from, to);
    const double rejected_fluid = fluid.sum(n + ".requests_rejected", from, to);
    const double util_fluid = fluid.mean(n + ".cpu_utilisation", from, to);
    const double p99_fluid = fluid.max(n + ".latency_s_p99", from, to);
    const double arrived = summary_number(d, {"requests", "arrived"});
    const double util =
        summary_number(f.summary, {"metrics", "levels", (n + ".cpu_utilisation").c_str(), "mean"});
    const double p95 = summary_number(d, {"latency_s", "p95"}), p99 = summary_number(d, {"latency_s", "p99"});
    services[n] = json{{"fluid",
                        {{"requests_arrived", sim::json_number(arrived_fluid)},
                         {"requests_rejected", sim::json_number(rejected_fluid)},
                         {"cpu_utilisation", sim::json_number(util_fluid)},
                         {"worst_step_latency_p99_s", sim::json_number(p99_fluid)}}},
                       {"discrete",
                        {{"requests", d.value("requests", json::object())},
                         {"cpu_utilisation", sim::json_number(util)},
                         {"latency_s", d.value("latency_s", json::object())}}}};
    std::ostringstream row;
    auto cell = [](double v) { return std::isnan(v) ? std::string() : sim::format_number(v); };
    row << w.name << ',' << w.reason << ',' << from_date << ',' << to_date << ',' << n << ','
        << cell(arrived_fluid) << ',' << cell(arrived) << ',' << cell(rejected_fluid) << ','
        << cell(summary_number(d, {"requests", "rejected"})) << ','
        << cell(summary_number(d, {"requests", "failed"})) << ',' << cell(util_fluid) << ',' << cell(util)
        << ',' << cell(p99_fluid) << ',' << cell(p95) << ',' << cell(p99) << '\n';
    f.csv_rows += row.str();
  }
  f.entry = json{{"name", w.name},
                 {"reason", w.reason},
                 {"from", from_date},
                 {"to", to_date},
                 {"from_s", from},
                 {"duration_s", w.duration_s},
                 {"requests", f.summary.value("requests", json::object())},
                 {"latency_s", f.summary.value("latency_s", json::object())},
                 {"availability", f.summary.value("availability", json::object())},
                 {"cost_usd", summary_number(f.summary, {"cost_usd", "total"})},
                 {"services", services}};
  if (f.summary.contains("failures")) f.entry["failures"] = f.summary["failures"];
  return f;
}

void print_windows(const json& windows) {
  std::cout << "hybrid: " << windows.size() << " window(s) run request by request:\n";
  std::cout << "  " << std::left << std::setw(34) << "window" << std::right << std::setw(12) << "arrived"
            << std::setw(11) << "p99 ms" << std::setw(10) << "failed" << std::setw(10) << "rejected"
            << std::setw(10) << "answered"
            << "\n";
  for (const json& w : windows) {
    const double arrived = summary_number(w, {"requests", "arrived"});
    std::cout << "  " << std::left << std::setw(34) << w["name"].get<std::string>() << std::right
              << std::fixed << std::setprecision(0) << std::setw(12) << arrived << std::setprecision(1)
              << std::setw(11) << summary_number(w, {"latency_s", "p99"}) * 1000 << std::setprecision(0)
              << std::setw(10) << summary_number(w, {"requests", "failed"}) << std::setw(10)
              << summary_number(w, {"requests", "rejected"}) << std::setprecision(2) << std::setw(9)
              << 100 * summary_number(w, {"availability", "success_fraction"}) << "%\n";
  }
  std::cout.unsetf(std::ios::fixed);
}

}  // namespace

models::RunResult run_hybrid(const models::ScenarioSpec& spec, const HybridOptions& options,
                             const models::RunOptions& run_options) {
  // 1. The whole horizon by rates. The fluid fidelity has no instances to lose: failures are
  //    simulated only inside the windows, which cover every domain outage.
  models::ScenarioSpec fluid_spec = spec;
  fluid_spec.simulation.fidelity = models::SimulationSpec::Fidelity::fluid;
  fluid_spec.failures = {};
  models::RunResult result = models::run_scenario(fluid_spec, run_options);
  if (options.fluid_done) options.fluid_done();
  if (result.stopped) {
    models::write_results(result, options.out);
    return result;
  }

  // 2. The windows, request by request, several at once.
  const std::vector<models::HybridWindow> windows = models::choose_hybrid_windows(spec);
  fs::create_directories(options.out / "windows");
  std::vector<ChildRun> children;
  for (const auto& w : windows)
    children.push_back(
        ChildRun{w.name, window_arguments(options, w), options.out / "windows" / (w.name + ".log")});
  std::size_t done = 0;
  std::set<std::string> completed;
  sim::RunObserver* observer = run_options.observer;
  auto on_window_done = [&](const std::string& name, bool ok) {
    ++done;
    if (ok) completed.insert(name);
    if (!options.quiet)
      std::cerr << "\rhybrid: window " << done << "/" << windows.size() << (ok ? " done: " : " FAILED: ")
                << name << "\033[K" << (ok ? "" : "\n");
    // A live view (the desktop app) sees each window, with its failures, as it ends.
    if (ok && observer != nullptr)
      for (const sim::SimEvent& e : window_events(windows, name, options.out))
        observer->on_event(e);
  };
  std::function<bool()> stop_requested;
  if (observer != nullptr) stop_requested = [observer] { return observer->stop_requested(); };
  const std::vector<std::string> failed =
      run_children(children, spec.simulation.hybrid.workers, on_window_done, stop_requested);
  if (!options.quiet && !windows.empty()) std::cerr << "\n";
  if (!failed.empty())
    throw std::runtime_error("hybrid window '" + failed.front() + "' failed; see " +
                             (options.out / "windows" / (failed.front() + ".log")).string());
  // Stopped while windows ran: the results cover the fluid run and the windows that ended.
  result.stopped = stop_requested && stop_requested();

  // 3. Fluid against discrete, window by window; the windows' events join the run's.
  const Timeseries fluid(result.timeseries_csv);
  std::string csv =
      "window,reason,from,to,service,arrived_fluid,arrived_discrete,rejected_fluid,rejected_discrete,"
      "failed_discrete,utilisation_fluid,utilisation_discrete,latency_p99_fluid_worst_step_s,"
      "latency_p95_discrete_s,latency_p99_discrete_s\n";
  json entries = json::array();
  double arrived = 0, answered = 0, slo_minutes = 0, window_s = 0;
  for (const auto& w : windows) {
    if (!completed.contains(w.name)) continue;
    const fs::path dir = options.out / "windows" / w.name;
    WindowFigures f = compare_window(spec, w, fluid, dir);
    csv += f.csv_rows;
    arrived += summary_number(f.summary, {"requests", "arrived"});
    answered += summary_number(f.summary, {"requests", "completed"});
    const double slo = summary_number(f.summary, {"availability", "slo_violation_minutes"});
    if (!std::isnan(slo)) slo_minutes += slo;
    window_s += w.duration_s;
    entries.push_back(std::move(f.entry));
    for (auto& e : window_events(windows, w.name, options.out))
      result.events.push_back(std::move(e));
  }
  std::stable_sort(result.events.begin(), result.events.end(),
                   [](const sim::SimEvent& a, const sim::SimEvent& b) { return a.time_s < b.time_s; });
  sim::write_file_atomically(options.out / "windows.csv", csv);

  json& summary = result.summary;
  summary["fidelity"] = "hybrid";
  if (result.stopped) summary["status"] = "stopped";
  summary["hybrid"] =
      json{{"windows", entries},
           {"window_count", entries.size()},
           {"window_hours", window_s / 3600.0},
           {"discrete_requests", arrived},
           {"success_fraction_in_windows", sim::json_number(arrived > 0 ? answered / arrived : NAN)},
           {"slo_violation_minutes_in_windows", slo_minutes},
           {"failures_simulated", "in windows only"}};
  models::write_results(result, options.out);
  if (!options.quiet && !windows.empty()) print_windows(entries);
  return result;
}

}  // namespace stratus::cli
