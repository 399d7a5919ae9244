#include "cli/sweep/sweep_command.hpp"

#include <simgrid/forward.h>  // version.h uses xbt/base.h macros without including them
#include <simgrid/version.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/child_runs.hpp"
#include "cli/stop_signal.hpp"
#include "cli/sweep/dispatch.hpp"
#include "cli/sweep/mpi_dispatch.hpp"
#include "cli/sweep/progress.hpp"
#include "cli/sweep/results_db.hpp"
#include "cli/sweep/sha256.hpp"
#include "cli/sweep/stats_report.hpp"
#include "models/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "sim/suggest.hpp"

#ifndef STRATUS_GIT_SHA
#define STRATUS_GIT_SHA "unknown"
#endif

namespace stratus::cli::sweep {

namespace {

namespace fs = std::filesystem;

sim::Diagnostic diagnostic(const std::string& where, std::string message) {
  sim::Diagnostic d;  // built field by field: GCC 12 warns falsely on a braced temporary
  d.where.file = where;
  d.message = std::move(message);
  return d;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sim::InputError({diagnostic(path, "cannot read the scenario file")});
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<sim::KeyValue> key_values(const std::vector<std::string>& items, const char* flag,
                                      std::vector<sim::Diagnostic>& errors) {
  std::vector<sim::KeyValue> out;
  for (const auto& item : items) {
    try {
      out.push_back(sim::parse_key_value(item));
    } catch (const std::invalid_argument&) {
      errors.push_back(diagnostic(flag, "expected name=value, got '" + item + "'"));
    }
  }
  return out;
}

/// The grid axes, each checked: a declared param or a dotted --set path, with values.
std::vector<GridAxis> parse_grid(const std::vector<std::string>& items,
                                 const std::vector<std::string>& declared,
                                 std::vector<sim::Diagnostic>& errors) {
  std::vector<GridAxis> grid;
  std::set<std::string> seen;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    GridAxis axis;
    axis.key = item.substr(0, eq);
    if (axis.key.empty()) {
      errors.push_back(diagnostic("--grid", "expected KEY=v1,v2,…, got '" + item + "'"));
      continue;
    }
    const std::string list = eq == std::string::npos ? "" : item.substr(eq + 1);
    std::size_t start = 0;
    bool blank = list.empty();
    while (!list.empty()) {
      const auto comma = list.find(',', start);
      const std::string v =
          list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (v.empty()) blank = true;
      axis.values.push_back(v);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (axis.values.empty() || blank) {
      errors.push_back(diagnostic("--grid", "empty grid value for '" + axis.key + "' in '" + item +
                                                "'; give one or more values: " + axis.key + "=v1,v2"));
      continue;
    }
    if (!seen.insert(axis.key).second) {
      errors.push_back(
          diagnostic("--grid", "'" + axis.key + "' is gridded twice; give all its values at once"));
      continue;
    }
    axis.is_param = std::find(declared.begin(), declared.end(), axis.key) != declared.end();
    if (!axis.is_param && axis.key.find('.') == std::string::npos) {
      errors.push_back(diagnostic("--grid", sim::unknown_name_message("param", axis.key, declared) +
                                                " (a dotted path such as services.web.instances is taken "
                                                "as a --set)"));
      continue;
    }
    grid.push_back(std::move(axis));
  }
  return grid;
}

/// Loads the scenario once per distinct (variant, grid point): a run differs from its
/// siblings only by its seed, which cannot make a file invalid. Every error names a run.
void validate_runs(const SweepSpec& spec, const std::vector<PlannedRun>& plan,
                   const std::vector<bool>& chosen, const models::LoadOptions& fixed) {
  std::vector<sim::Diagnostic> errors;
  std::set<std::string> checked;
  for (const PlannedRun& run : plan) {
    if (!chosen[run.index]) continue;
    std::string id = run.variant;
    for (const auto& [k, v] : run.point)
      id += "\n" + k + "=" + v;
    if (!checked.insert(id).second) continue;
    models::LoadOptions with = fixed;
    with.variant = run.variant;
    for (std::size_t a = 0; a < run.point.size(); ++a)
      (spec.grid[a].is_param ? with.params : with.sets).push_back({run.point[a].first, run.point[a].second});
    try {
      models::load_scenario(spec.file, with);
    } catch (const sim::InputError& e) {
      for (auto d : e.diagnostics()) {
        d.message = "run " + run.label() + ": " + d.message;
        errors.push_back(std::move(d));
      }
    } catch (const std::exception& e) {
      errors.push_back(diagnostic(spec.file, "run " + run.label() + ": " + e.what()));
    }
  }
  if (!errors.empty()) throw sim::InputError(errors);
}

void print_plan(std::ostream& out, const std::vector<PlannedRun>& plan, const std::vector<bool>& chosen,
                const SweepSpec& spec) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"run", "key", "variant"});
  for (const auto& axis : spec.grid)
    rows.back().push_back(axis.key);
  rows.back().push_back("replicate");
  rows.back().push_back("seed");
  for (const PlannedRun& run : plan) {
    if (!chosen[run.index]) continue;
    rows.push_back(
        {std::to_string(run.index), run.key.substr(0, 12), run.variant.empty() ? "-" : run.variant});
    for (const auto& [k, v] : run.point)
      rows.back().push_back(v);
    rows.back().push_back(std::to_string(run.replicate));
    rows.back().push_back(std::to_string(run.seed));
  }
  std::vector<std::size_t> width(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c)
      out << (c ? "  " : "") << std::left << std::setw(c + 1 == row.size() ? 0 : static_cast<int>(width[c]))
          << row[c];
    out << std::right << "\n";
  }
  out << rows.size() - 1 << " run(s)\n";
}

std::string simgrid_version() {
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

struct Prepared {
  SweepSpec spec;
  std::vector<PlannedRun> plan;
  std::vector<bool> chosen;
  std::string baseline;
};

/// Everything that depends on the command line and the file only: every rank computes it
/// (the same), so that a run index means the same run everywhere.
Prepared prepare(const SweepOptions& o, bool validate) {
  std::vector<sim::Diagnostic> errors;
  models::LoadOptions fixed;
  fixed.params = key_values(o.params, "--param", errors);
  fixed.sets = key_values(o.sets, "--set", errors);
  fixed.memory_budget_bytes = o.memory_budget_bytes;
  if (!errors.empty()) throw sim::InputError(errors);

  Prepared p;
  SweepSpec& spec = p.spec;
  spec.file = o.file;
  spec.scenario_sha256 = sha256_hex(file_bytes(o.file));
  const models::ScenarioSpec scenario = models::load_scenario(o.file, fixed);
  std::vector<std::string> declared;
  for (const auto& param : models::scenario_params(o.file))
    declared.push_back(param.name);
  spec.grid = parse_grid(o.grid, declared, errors);
  std::vector<std::string> variant_names;
  for (const auto& v : scenario.variants)
    variant_names.push_back(v.name);
  spec.variants = o.variants.empty() ? variant_names : o.variants;
  for (const auto& v : o.variants)
    if (std::find(variant_names.begin(), variant_names.end(), v) == variant_names.end())
      errors.push_back(diagnostic(
          "--variants", variant_names.empty() ? "the scenario has no 'variants:'; cannot run '" + v + "'"
                                              : sim::unknown_name_message("variant", v, variant_names)));
  if (o.seeds < 1) errors.push_back(diagnostic("--seeds", "needs at least 1 replicate"));
  if (!o.baseline.empty()) {
    if (std::find(spec.variants.begin(), spec.variants.end(), o.baseline) == spec.variants.end())
      errors.push_back(
          diagnostic("--baseline", spec.variants.empty()
                                       ? "the sweep has no variants to compare"
                                       : sim::unknown_name_message("variant", o.baseline, spec.variants)));
    p.baseline = o.baseline;
  } else if (spec.variants.size() > 1) {
    p.baseline = spec.variants.front();
  }
  if (!errors.empty()) throw sim::InputError(errors);
  spec.replicates = o.seeds;
  spec.sweep_seed = o.seed ? *o.seed : scenario.seed;
  spec.params = o.params;
  spec.sets = o.sets;
  spec.run_flags = o.run_flags;
  p.plan = plan_runs(spec);
  p.chosen.assign(p.plan.size(), true);
  if (!o.runs.empty()) {
    try {
      p.chosen = parse_run_filter(o.runs, p.plan.size());
    } catch (const std::invalid_argument& e) {
      throw sim::InputError({diagnostic("--runs", e.what())});
    }
  }
  if (validate) validate_runs(spec, p.plan, p.chosen, fixed);
  return p;
}

/// Rank 0's (or the only process's) part: the database, the queue, the results, the report.
class Coordinator {
 public:
  Coordinator(const SweepOptions& o, const Prepared& p) : o_(o), p_(p) {
    SweepRecord record;
    record.spec_json = spec_json(p.spec);
    record.spec_sha256 = sha256_hex(record.spec_json);
    record.scenario_file = fs::absolute(o.file).lexically_normal().string();
    record.scenario_sha256 = p.spec.scenario_sha256;
    record.sweep_seed = p.spec.sweep_seed;
    record.stratus_version = "0.1.0";
    record.git_sha = STRATUS_GIT_SHA;
    record.simgrid_version = simgrid_version();
    db_ = std::make_unique<ResultsDb>(o.db, record, o.force);
    stored_ = db_->stored_runs();
    for (const PlannedRun& run : p.plan) {
      if (!p.chosen[run.index]) continue;
      ++planned_;
      const auto it = stored_.find(run.key);
      const bool redo = it == stored_.end() || (o.retry_failed && it->second.status != "ok");
      if (redo)
        queue_.push_back(run.index);
      else
        ++reused_;
    }
  }

  std::deque<std::size_t> queue() const { return queue_; }

  void announce(std::ostream& out, const std::string& where) const {
    out << "sweep: " << planned_ << " run(s) planned, " << reused_ << " already in " << o_.db << ", "
        << queue_.size() << " to run " << where << "\n";
  }

  DispatchHooks hooks(SweepProgress& progress) {
    DispatchHooks h;
    h.on_result = [this, &progress](const RunResult& r, std::size_t running) {
      const PlannedRun& run = p_.plan[r.index];
      const auto it = stored_.find(run.key);
      db_->record(run, p_.spec, r, it == stored_.end() ? 1 : it->second.attempt + 1);
      if (r.status == "failed") ++failed_;
      if (r.status == "timeout") ++timed_out_;
      ++ran_;
      progress.finished(run.label(), r.status, r.wall_s, running);
    };
    h.on_running = [&progress](std::size_t running) { progress.running(running); };
    h.stop_requested = [] { return StopSignals::requested(); };
    return h;
  }

  int report(bool completed) {
    db_->create_results_view();
    std::cout << "sweep: " << planned_ << " planned, " << reused_ << " reused, " << ran_ << " run, "
              << failed_ << " failed, " << timed_out_ << " timed out; results in " << o_.db
              << " (view 'results')\n";
    if (!completed) {
      std::cerr << "sweep: interrupted; what was committed is kept, and the same command resumes\n";
      return StopSignals::exit_code();
    }
    std::vector<std::string> keys;
    for (const PlannedRun& run : p_.plan)
      keys.push_back(run.key);
    std::vector<std::string> names = o_.metrics;
    if (names.empty()) {
      // Which names the runs have: ask for the default set, keep those present.
      names = default_report_metrics(
          db_->metrics_of(keys, {"latency_s.mean", "latency_s.p99", "cost_usd.total", "requests.rejected"}));
    }
    const MetricValues values = db_->metrics_of(keys, names);
    if (!o_.quiet && !names.empty())
      print_statistics(std::cout, p_.spec, p_.plan, values, names, p_.baseline);
    // The failures of this sweep's runs, wherever they were recorded (now or before).
    std::size_t not_ok = 0;
    const auto stored = db_->stored_runs();
    for (const PlannedRun& run : p_.plan)
      if (p_.chosen[run.index]) {
        const auto it = stored.find(run.key);
        if (it != stored.end() && it->second.status != "ok") ++not_ok;
      }
    if (not_ok > 0)
      std::cerr << "sweep: " << not_ok
                << " run(s) failed or timed out (their errors: SELECT plan_index, status, error FROM run "
                   "WHERE status != 'ok'); --retry-failed runs them again\n";
    return not_ok > 0 ? 1 : 0;
  }

 private:
  const SweepOptions& o_;
  const Prepared& p_;
  std::unique_ptr<ResultsDb> db_;
  std::map<std::string, StoredRun> stored_;
  std::deque<std::size_t> queue_;
  std::size_t planned_ = 0, reused_ = 0, ran_ = 0, failed_ = 0, timed_out_ = 0;
};

SlotOptions slot_options(const SweepOptions& o, int rank) {
  SlotOptions s;
  s.timeout_s = o.timeout_s;
  s.rank = rank;
  s.keep_runs = !o.keep_runs.empty();
  s.timeseries = o.timeseries;
  // Folders of their own per process: a killed sweep's orphans never share one with a resumed one.
  s.work_dir = s.keep_runs ? fs::path(o.keep_runs)
                           : fs::temp_directory_path() / ("stratus-sweep-" + std::to_string(getpid()));
  return s;
}

int run_local(const SweepOptions& o) {
  const Prepared p = prepare(o, true);
  if (o.plan_only) {
    print_plan(std::cout, p.plan, p.chosen, p.spec);
    return 0;
  }
  Coordinator coordinator(o, p);
  const int workers = worker_count(o.workers);
  if (!o.quiet) coordinator.announce(std::cerr, "on " + std::to_string(workers) + " local worker(s)");
  const StopSignals stop_signals;  // Ctrl-C, SIGTERM: the runs in progress stop, the rest is kept
  const SlotOptions so = slot_options(o, 0);
  bool completed = false;
  {
    RunSlots slots(p.spec, p.plan, so, workers);
    SweepProgress progress(coordinator.queue().size(), SweepProgress::style_for_stderr(o.quiet));
    completed = dispatch_local(slots, coordinator.queue(), coordinator.hooks(progress));
    progress.finish();
  }
  if (!so.keep_runs) fs::remove_all(so.work_dir);
  return coordinator.report(completed);
}

int run_mpi(const SweepOptions& o) {
  std::unique_ptr<MpiTransport> mpi;
  try {
    mpi = load_mpi_transport();
  } catch (const std::exception& e) {
    std::cerr << "stratus sweep: " << e.what() << "\n";
    return 2;
  }
  const int rank = mpi->rank();
  // Rank 0 checks everything and opens the database; the others learn the verdict, so that a
  // bad input ends every rank with the same exit code and one set of messages.
  std::optional<Prepared> prepared;
  std::unique_ptr<Coordinator> coordinator;
  int verdict = 0;
  if (rank == 0) {
    try {
      prepared = prepare(o, true);
      if (o.plan_only) {
        print_plan(std::cout, prepared->plan, prepared->chosen, prepared->spec);
        verdict = -1;
      } else {
        coordinator = std::make_unique<Coordinator>(o, *prepared);
      }
    } catch (const sim::InputError& e) {
      for (const auto& d : e.diagnostics())
        std::cerr << d.format() << "\n";
      std::cerr << e.diagnostics().size() << (e.diagnostics().size() == 1 ? " error" : " errors") << "\n";
      verdict = 2;
    } catch (const DatabaseRefused& e) {
      std::cerr << e.what() << "\n";
      verdict = 2;
    } catch (const std::exception& e) {
      std::cerr << o.file << ": " << e.what() << "\n";
      verdict = 2;
    }
  }
  verdict = mpi->broadcast(verdict);
  if (verdict != 0) return verdict < 0 ? 0 : verdict;
  if (rank != 0) prepared = prepare(o, false);
  const StopSignals stop_signals;  // Ctrl-C, SIGTERM: the runs in progress stop, the rest is kept
  const SlotOptions so = slot_options(o, rank);
  int code = 0;
  {
    RunSlots slots(prepared->spec, prepared->plan, so,
                   1);  // one child per rank: start as many ranks as cores
    if (rank == 0) {
      if (!o.quiet) coordinator->announce(std::cerr, "on " + std::to_string(mpi->size()) + " MPI rank(s)");
      SweepProgress progress(coordinator->queue().size(), SweepProgress::style_for_stderr(o.quiet));
      const bool completed =
          dispatch_mpi_root(slots, coordinator->queue(), coordinator->hooks(progress), *mpi);
      progress.finish();
      code = coordinator->report(completed);
    } else {
      serve_mpi_worker(slots, *mpi, [] { return StopSignals::requested(); });
    }
  }
  if (!so.keep_runs) fs::remove_all(so.work_dir);
  return code;
}

}  // namespace

int run_sweep(const SweepOptions& options) {
  if (launched_by_mpi()) {
    return run_mpi(options);  // reports its own errors: only rank 0 may print them
  }
  try {
    return run_local(options);
  } catch (const DatabaseRefused& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}

}  // namespace stratus::cli::sweep
