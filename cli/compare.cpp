#include "cli/compare.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli/child_runs.hpp"
#include "cli/stop_signal.hpp"
#include "cli/summary_number.hpp"
#include "cli/sweep/metrics.hpp"
#include "cli/sweep/plan.hpp"
#include "cli/sweep/stats_report.hpp"
#include "sim/atomic_file.hpp"
#include "sim/number_format.hpp"
#include "sim/units.hpp"

namespace stratus::cli {

namespace {

using nlohmann::json;

std::vector<std::string> run_arguments(const CompareOptions& o, const std::string& variant) {
  std::vector<std::string> args = {
      "run", o.file, "--variant", variant, "--out", (o.out / variant).string(), "--quiet"};
  if (o.seed) {
    args.push_back("--seed");
    args.push_back(std::to_string(*o.seed));
  }
  for (const auto& p : o.params) {
    args.push_back("--param");
    args.push_back(p);
  }
  for (const auto& s : o.sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  return args;
}

/// What a capacity plan adds: what a planner reads first.
struct CapacityFigures {
  std::string exhausted_at;  // date-time when capacity first ran short; empty when never
  double racks_purchased = NAN, capital = NAN, power = NAN, cloud = NAN;
};

/// The figures a comparison shows, summed over the scenario's services.
struct Row {
  std::string variant;
  double arrived = NAN, cost = NAN, p50 = NAN, p99 = NAN, rejected = NAN, failed = NAN;
  double slo_minutes = 0, instance_hours = 0, actions = 0, over = 0, under = 0;
  bool has_slo = false;
  std::optional<CapacityFigures> capacity;
  std::string status = "failed";  // a run that failed writes no summary
};

CapacityFigures read_capacity(const json& s) {
  CapacityFigures c;
  const json& capacity = s.at("capacity");
  if (capacity.contains("exhausted_at") && capacity["exhausted_at"].is_string())
    c.exhausted_at = capacity["exhausted_at"].get<std::string>();
  c.racks_purchased = summary_number(capacity, {"racks_purchased"});
  c.capital = summary_number(s, {"cost_usd", "capital"});
  c.power = summary_number(s, {"cost_usd", "power"});
  c.cloud = summary_number(s, {"cloud_comparison", "cloud_usd"});
  return c;
}

Row read_row(const std::string& variant, const std::filesystem::path& dir) {
  Row row;
  row.variant = variant;
  std::ifstream in(dir / "summary.json");
  if (!in) return row;
  const json s = json::parse(in);
  row.status = s.value("status", "completed");
  row.arrived = summary_number(s, {"requests", "arrived"});
  row.cost = summary_number(s, {"cost_usd", "total"});
  row.p50 = summary_number(s, {"latency_s", "p50"});
  row.p99 = summary_number(s, {"latency_s", "p99"});
  row.rejected = summary_number(s, {"requests", "rejected"});
  row.failed = summary_number(s, {"requests", "failed"});
  if (s.contains("capacity") && s["capacity"].is_object()) row.capacity = read_capacity(s);
  const json services = s.value("services", json::object());  // items() must not outlive it
  for (const auto& [name, service] : services.items()) {
    const json fleet = service.value("fleet", json::object());
    row.instance_hours += summary_number(fleet, {"instance_hours"});
    row.actions += summary_number(fleet, {"scaling_actions"});
    row.over += summary_number(fleet, {"over_provisioned_instances"});
    row.under += summary_number(fleet, {"under_provisioned_instances"});
    if (fleet.contains("slo")) {
      row.has_slo = true;
      row.slo_minutes += summary_number(fleet, {"slo", "violation_minutes"});
    }
  }
  return row;
}

std::string format_cell(double v) {
  return std::isnan(v) ? "" : sim::format_number(v);
}

std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "-";
  std::ostringstream o;
  o << std::fixed << std::setprecision(digits) << v;
  return o.str();
}

/// A latency as a person reads it: "12.3 ms", "4.37 s", "1h 24min" (a backlog's p99 is hours).
std::string human_latency(double seconds) {
  if (std::isnan(seconds)) return "-";
  if (seconds < 1.0) return fixed(seconds * 1000, 1) + " ms";
  if (seconds < 60.0) return fixed(seconds, 2) + " s";
  return sim::format_duration(std::round(seconds));
}

/// One column of the table: its heading and how a row fills it.
struct Column {
  std::string head;
  std::function<std::string(const Row&)> cell;
};

/// The columns a reader needs first, by what the scenario does: a capacity plan is read for
/// when it ran out, what it bought and what it cost against the cloud; a fleet for its
/// latency, errors and scaling.
std::vector<Column> columns_for(const std::vector<Row>& rows) {
  const bool capacity =
      std::any_of(rows.begin(), rows.end(), [](const Row& r) { return r.capacity.has_value(); });
  const bool slo = std::any_of(rows.begin(), rows.end(), [](const Row& r) { return r.has_slo; });
  std::vector<Column> columns = {{"variant", [](const Row& r) { return r.variant; }},
                                 {"cost $", [](const Row& r) { return fixed(r.cost, 2); }}};
  auto capacity_cell = [](auto get) {
    return [get](const Row& r) { return r.capacity ? get(*r.capacity) : std::string("-"); };
  };
  if (capacity) {
    columns.push_back(
        {"capital $", capacity_cell([](const CapacityFigures& c) { return fixed(c.capital, 0); })});
    columns.push_back({"power $", capacity_cell([](const CapacityFigures& c) { return fixed(c.power, 0); })});
    columns.push_back({"cloud $", capacity_cell([](const CapacityFigures& c) { return fixed(c.cloud, 0); })});
    columns.push_back({"ran out", capacity_cell([](const CapacityFigures& c) {
                         return c.exhausted_at.empty() ? std::string("never") : c.exhausted_at;
                       })});
    columns.push_back({"racks bought",
                       capacity_cell([](const CapacityFigures& c) { return fixed(c.racks_purchased, 0); })});
  }
  columns.push_back({"p50", [](const Row& r) { return human_latency(r.p50); }});
  columns.push_back({"p99", [](const Row& r) { return human_latency(r.p99); }});
  columns.push_back({"rejected", [](const Row& r) { return fixed(r.rejected, 0); }});
  columns.push_back({"failed", [](const Row& r) { return fixed(r.failed, 0); }});
  if (slo)
    columns.push_back({"SLO min", [](const Row& r) { return r.has_slo ? fixed(r.slo_minutes, 0) : "-"; }});
  if (!capacity) {
    columns.push_back({"inst-h", [](const Row& r) { return fixed(r.instance_hours, 1); }});
    columns.push_back({"actions", [](const Row& r) { return fixed(r.actions, 0); }});
    columns.push_back({"over", [](const Row& r) { return fixed(r.over, 2); }});
    columns.push_back({"under", [](const Row& r) { return fixed(r.under, 2); }});
  }
  if (std::any_of(rows.begin(), rows.end(), [](const Row& r) { return r.status != "completed"; }))
    columns.push_back({"status", [](const Row& r) { return r.status; }});
  return columns;
}

void print_table(const std::vector<Row>& rows) {
  const std::vector<Column> columns = columns_for(rows);
  std::vector<std::vector<std::string>> cells;
  for (const Row& r : rows) {
    std::vector<std::string> line;
    for (const Column& c : columns)
      line.push_back(c.cell(r));
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> width(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    width[c] = columns[c].head.size();
    for (const auto& line : cells)
      width[c] = std::max(width[c], line[c].size());
  }
  auto print_line = [&](const std::vector<std::string>& line) {
    for (std::size_t c = 0; c < line.size(); ++c)
      std::cout << (c == 0 ? "" : "  ") << (c == 0 ? std::left : std::right)
                << std::setw(static_cast<int>(width[c])) << line[c];
    std::cout << std::right << "\n";
  };
  std::vector<std::string> head;
  for (const Column& c : columns)
    head.push_back(c.head);
  print_line(head);
  for (const auto& line : cells)
    print_line(line);
  const bool capacity =
      std::any_of(rows.begin(), rows.end(), [](const Row& r) { return r.capacity.has_value(); });
  if (capacity)
    std::cout << "cost: capital and power on premises; cloud: the same demand rented (cloud_comparison); "
                 "ran out: when capacity first fell short of demand\n";
  else
    std::cout << "over/under: mean instances above/below the load's offered CPU work; "
                 "SLO min: minutes in violation of the latency SLO\n";
}

/// Replicates 1.. of every variant: the runs of a sweep over the variants, on the sweep's seeds
/// (replicate 0, the comparison's own run, has the scenario's seed, as before).
sweep::SweepSpec replication_spec(const models::ScenarioSpec& scenario, const CompareOptions& o,
                                  const std::vector<std::string>& names) {
  sweep::SweepSpec spec;
  spec.file = o.file;
  spec.variants = names;
  spec.replicates = o.replications;
  spec.sweep_seed = o.seed ? *o.seed : scenario.seed;
  spec.params = o.params;
  spec.sets = o.sets;
  return spec;
}

std::filesystem::path replicate_dir(const CompareOptions& o, const sweep::PlannedRun& run) {
  if (run.replicate == 0) return o.out / run.variant;
  return o.out / "replicates" / run.variant / ("r" + std::to_string(run.replicate));
}

/// Each metric's mean and interval per variant, and the paired and unpaired differences.
void print_replication_statistics(const sweep::SweepSpec& spec, const std::vector<sweep::PlannedRun>& plan,
                                  const CompareOptions& o) {
  sweep::MetricValues values;
  for (const auto& run : plan) {
    std::ifstream in(replicate_dir(o, run) / "summary.json");
    if (!in) continue;  // a failed run: left out of its variant's mean and of its pairs
    values[run.key] = sweep::flatten_summary(json::parse(in));
  }
  const std::string baseline = o.baseline.empty() ? spec.variants.front() : o.baseline;
  sweep::print_statistics(std::cout, spec, plan, values, sweep::default_report_metrics(values), baseline);
}

}  // namespace

std::string comparison_csv(const std::vector<std::string>& variants, const std::filesystem::path& out) {
  std::ostringstream csv;
  csv << "variant,requests_arrived,cost_usd,latency_p50_s,latency_p99_s,requests_rejected,requests_failed,"
         "slo_violation_min,instance_hours,scaling_actions,over_provisioned_instances,"
         "under_provisioned_instances,capacity_exhausted_at,racks_purchased,capital_usd,power_usd,cloud_usd,"
         "status\n";
  for (const auto& v : variants) {
    const Row r = read_row(v, out / v);
    const CapacityFigures c = r.capacity.value_or(CapacityFigures{});
    csv << r.variant << ',' << format_cell(r.arrived) << ',' << format_cell(r.cost) << ','
        << format_cell(r.p50) << ',' << format_cell(r.p99) << ',' << format_cell(r.rejected) << ','
        << format_cell(r.failed) << ',' << (r.has_slo ? format_cell(r.slo_minutes) : "") << ','
        << format_cell(r.instance_hours) << ',' << format_cell(r.actions) << ',' << format_cell(r.over) << ','
        << format_cell(r.under) << ',' << c.exhausted_at << ',' << format_cell(c.racks_purchased) << ','
        << format_cell(c.capital) << ',' << format_cell(c.power) << ',' << format_cell(c.cloud) << ','
        << r.status << '\n';
  }
  return csv.str();
}

int compare_variants(const models::ScenarioSpec& scenario, const CompareOptions& options) {
  std::vector<std::string> names;
  for (const auto& v : scenario.variants)
    names.push_back(v.name);
  std::filesystem::create_directories(options.out);
  std::vector<ChildRun> children;
  for (const auto& name : names) {
    // A variant that fails this time must not show the summary of an earlier run.
    std::filesystem::remove(options.out / name / "summary.json");
    children.push_back(ChildRun{name, run_arguments(options, name), options.out / (name + ".log")});
  }
  const sweep::SweepSpec replication = replication_spec(scenario, options, names);
  const std::vector<sweep::PlannedRun> plan =
      options.replications > 1 ? sweep::plan_runs(replication) : std::vector<sweep::PlannedRun>{};
  for (const auto& run : plan) {
    if (run.replicate == 0) continue;
    const auto dir = replicate_dir(options, run);
    std::filesystem::create_directories(dir);
    children.push_back(ChildRun{run.variant + " replicate " + std::to_string(run.replicate),
                                sweep::child_arguments(replication, run, dir), dir.string() + ".log"});
  }
  // Ctrl-C or SIGTERM: the running variants stop and keep their partial results; those not
  // started yet are left out of the comparison rather than shown with another run's folder.
  std::vector<std::string> ended, stopped;
  const std::vector<std::string> failed = run_children(
      children, options.workers,
      [&](const std::string& name, bool ok) {
        ended.push_back(name);
        if (!options.quiet)
          std::cerr << (ok ? "done: " : "FAILED: ") << name << (ok ? "" : " (see " + name + ".log)") << "\n";
      },
      [] { return StopSignals::requested(); },
      [&](const std::string& name, bool wrote_results) {
        if (!wrote_results) return;
        ended.push_back(name);
        stopped.push_back(name);
      });
  std::vector<std::string> shown;
  for (const auto& name : names)
    if (std::find(ended.begin(), ended.end(), name) != ended.end()) shown.push_back(name);

  sim::write_file_atomically(options.out / "comparison.csv", comparison_csv(shown, options.out));
  if (!options.quiet) {
    std::vector<Row> rows;
    for (const auto& v : shown)
      rows.push_back(read_row(v, options.out / v));
    print_table(rows);
    if (!plan.empty()) print_replication_statistics(replication, plan, options);
    std::cout << "results: " << (options.out / "comparison.csv").string() << " and one folder per variant\n";
  }
  if (StopSignals::requested()) {
    std::cerr << "stopped: " << shown.size() - stopped.size() << " variant(s) ended, " << stopped.size()
              << " stopped with partial results, " << names.size() - shown.size() << " not run\n";
    return StopSignals::exit_code();
  }
  if (!failed.empty()) {
    std::cerr << failed.size() << " variant(s) failed:";
    for (const auto& f : failed)
      std::cerr << " " << f;
    std::cerr << "\n";
    return 1;
  }
  return 0;
}

}  // namespace stratus::cli
