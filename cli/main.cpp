// stratus: the command-line front end. Exit codes: 0 ok, 1 failure during the run, 2 bad input.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>

#include "cli/child_runs.hpp"
#include "cli/compare.hpp"
#include "cli/hybrid_run.hpp"
#include "cli/plot_forward.hpp"
#include "cli/progress_bar.hpp"
#include "cli/report.hpp"
#include "cli/stop_signal.hpp"
#include "cli/stream_observer.hpp"
#include "cli/sweep/sweep_command.hpp"
#include "models/autoscaling/policy.hpp"
#include "models/capacity/procurement.hpp"
#include "models/keep_alive.hpp"
#include "models/load_balancer.hpp"
#include "models/placement.hpp"
#include "models/resource_estimate.hpp"
#include "models/scaling_limit.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "sim/diagnostics.hpp"
#include "sim/number_format.hpp"
#include "sim/registry.hpp"
#include "sim/units.hpp"

namespace {

using namespace stratus;

constexpr int kOk = 0;
constexpr int kRunFailed = 1;
constexpr int kBadInput = 2;

struct ScenarioArgs {
  std::string file;
  std::vector<std::string> params;
  std::vector<std::string> sets;
  std::string max_memory;  // --max-memory SIZE; empty: the machine's memory
  bool force = false;      // --force: no memory limit
};

void add_scenario_options(CLI::App* cmd, ScenarioArgs& args) {
  cmd->add_option("FILE", args.file, "Scenario file (YAML)")->required();
  cmd->add_option("--param", args.params, "Override a declared parameter: --param arrival_rate=12")
      ->take_all();
  cmd->add_option("--set", args.sets, "Override any key by its dotted path: --set simulation.duration=2h")
      ->take_all();
  cmd->add_option(
      "--max-memory", args.max_memory,
      "Refuse a run whose estimated memory exceeds this (default: the machine's memory), e.g. 4GiB");
  cmd->add_flag("--force", args.force, "Run even if the estimated memory exceeds the limit");
}

/// The memory a run may take: --force lifts the limit, --max-memory sets it, else the machine's.
double memory_budget(const ScenarioArgs& args) {
  if (args.force) return INFINITY;
  if (args.max_memory.empty()) return models::physical_memory_bytes();
  try {
    return sim::parse_quantity(args.max_memory, sim::Quantity::data_size);
  } catch (const sim::UnitError& e) {
    sim::Diagnostic d;
    d.where.file = "--max-memory";
    d.message = e.what();
    throw sim::InputError({d});
  }
}

/// Refuses, before it starts, a run that would not fit: with the figure and what drives it.
void check_memory(const ScenarioArgs& args, const models::ScenarioSpec& spec) {
  const double budget = memory_budget(args);
  const models::ResourceEstimate e = models::estimate_resources(spec);
  if (e.memory_bytes <= budget) return;
  sim::Diagnostic d;
  d.where.file = args.file;
  d.message = "this run needs about " + models::format_bytes(e.memory_bytes) + " of memory, more than the " +
              models::format_bytes(budget) +
              " allowed (the machine's memory, or --max-memory); most of it for " + e.largest_part +
              ". Reduce that, or run with --force";
  throw sim::InputError({d});
}

models::LoadOptions load_options(const ScenarioArgs& args) {
  models::LoadOptions options;
  options.memory_budget_bytes = memory_budget(args);
  std::vector<sim::Diagnostic> bad;
  auto parse_all = [&](const std::vector<std::string>& items, const char* flag,
                       std::vector<sim::KeyValue>& into) {
    for (const auto& item : items) {
      try {
        into.push_back(sim::parse_key_value(item));
      } catch (const std::invalid_argument&) {
        sim::Diagnostic d;
        d.where.file = flag;
        d.message = "expected name=value, got '" + item + "'";
        bad.push_back(std::move(d));
      }
    }
  };
  parse_all(args.params, "--param", options.params);
  parse_all(args.sets, "--set", options.sets);
  if (!bad.empty()) throw sim::InputError(bad);
  return options;
}

int report_input_error(const sim::InputError& e) {
  for (const auto& d : e.diagnostics())
    std::cerr << d.format() << "\n";
  std::cerr << e.diagnostics().size() << (e.diagnostics().size() == 1 ? " error" : " errors") << "\n";
  return kBadInput;
}

/// Data the loader had to change (a trace's out-of-range rows), one warning line each, in the
/// file:line:col form of the errors so that editors can point at it.
void report_adjustments(const models::ScenarioSpec& spec) {
  for (const models::InputAdjustment& a : spec.adjustments) {
    sim::Diagnostic d;
    d.where = a.where;
    d.message = "warning: " + a.message;
    std::cerr << d.format() << "\n";
  }
}

/// Built field by field: GCC 12 warns falsely on a braced Diagnostic temporary.
sim::InputError input_error(const std::string& where, std::string message) {
  sim::Diagnostic d;
  d.where.file = where;
  d.message = std::move(message);
  return sim::InputError({d});
}

/// The scenario a `run` runs: its file with the flags applied.
models::ScenarioSpec load_run_spec(const ScenarioArgs& args, const std::string& variant,
                                   std::optional<std::uint64_t> seed, const std::string& until) {
  models::LoadOptions options = load_options(args);
  options.variant = variant;
  if (!until.empty()) {
    try {
      sim::parse_quantity(until, sim::Quantity::duration);
    } catch (const sim::UnitError& e) {
      throw input_error("--until", e.what());
    }
    options.sets.push_back({"simulation.duration", until});
  }
  models::ScenarioSpec spec = models::load_scenario(args.file, options);
  report_adjustments(spec);
  if (seed) spec.seed = *seed;
  check_memory(args, spec);
  return spec;
}

std::string default_out(const models::ScenarioSpec& spec, const std::string& variant) {
  return "results/" + spec.name + (variant.empty() ? "" : "/" + variant);
}

/// `run --stream`: JSON lines on stdout for the desktop app instead of the progress bar and
/// the table (cli/stream_observer.hpp). Whatever ends the run early also ends the stream, with
/// an "error" line, before main() reports it as usual.
int stream_run_command(const ScenarioArgs& args, const std::string& variant,
                       std::optional<std::uint64_t> seed, std::string out, const std::string& until,
                       double pace) {
  try {
    const models::ScenarioSpec spec = load_run_spec(args, variant, seed, until);
    if (out.empty()) out = default_out(spec, variant);
    const cli::StopSignals stop_signals;
    cli::StreamObserver stream(std::cout, pace);
    stream.write_start(spec);
    models::RunOptions run_options;
    run_options.observer = &stream;
    if (spec.simulation.fidelity == models::SimulationSpec::Fidelity::hybrid) {
      const cli::HybridOptions hybrid{args.file, variant, args.params, args.sets, seed, out, true, {}};
      const models::RunResult result = cli::run_hybrid(spec, hybrid, run_options);  // writes its outputs
      stream.write_done(out, result.summary, result.stopped);
      return kOk;
    }
    const models::RunResult result = models::run_scenario(spec, run_options);
    models::write_results(result, out);
    stream.write_done(out, result.summary, result.stopped);
    return kOk;
  } catch (...) {
    cli::write_error_line(std::cout, std::current_exception());
    throw;
  }
}

/// What a finished or stopped run prints and returns: a stopped run (Ctrl-C, SIGTERM) has
/// written complete partial results and exits as the signal would have (130 or 143).
int finish_run(const models::RunResult& result, const std::string& out, bool quiet) {
  if (!quiet) std::cout << cli::summary_table(result.summary, out);
  if (!result.stopped) return kOk;
  std::cerr << "stopped at " << sim::format_duration(result.summary.value("sim_time_s", 0.0))
            << " simulated: partial results (status \"stopped\") in " << out << "\n";
  return cli::StopSignals::exit_code() != 0 ? cli::StopSignals::exit_code() : kRunFailed;
}

int run_command(const ScenarioArgs& args, const std::string& variant, std::optional<std::uint64_t> seed,
                std::string out, const std::string& until, bool quiet) {
  const models::ScenarioSpec spec = load_run_spec(args, variant, seed, until);
  if (out.empty()) out = default_out(spec, variant);

  const cli::StopSignals stop_signals;
  cli::ProgressBar progress(cli::ProgressBar::style_for_stderr(quiet));
  models::RunOptions run_options;
  run_options.observer = &progress;
  if (spec.simulation.fidelity == models::SimulationSpec::Fidelity::hybrid) {
    cli::HybridOptions hybrid{args.file, variant, args.params, args.sets,
                              seed,      out,     quiet,       [&] { progress.finish(); }};
    const models::RunResult result = cli::run_hybrid(spec, hybrid, run_options);  // writes its outputs
    return finish_run(result, out, quiet);
  }
  const models::RunResult result = models::run_scenario(spec, run_options);
  progress.finish();
  models::write_results(result, out);
  return finish_run(result, out, quiet);
}

int validate_command(const ScenarioArgs& args) {
  const models::ScenarioSpec spec = models::load_scenario(args.file, load_options(args));
  report_adjustments(spec);
  check_memory(args, spec);
  std::size_t hosts = 0;
  for (const auto& z : spec.topology.zones)
    for (const auto& r : z.racks)
      hosts += r.hosts.size();
  std::cout << args.file << ": ok: '" << spec.name << "', " << spec.services.size() << " service(s), "
            << spec.topology.zones.size() << " zone(s), " << hosts << " host(s), "
            << sim::format_duration(spec.simulation.duration_s) << " simulated\n";
  const models::ResourceEstimate e = models::estimate_resources(spec);
  std::cout << "  estimate: " << models::format_count(e.requests) << " requests, "
            << models::format_count(e.instances) << " instance(s) at most, about "
            << models::format_bytes(e.memory_bytes) << " of memory\n";
  for (const auto& p : models::scenario_params(args.file))
    std::cout << "  param " << p.name << " = " << p.value_text
              << (p.description.empty() ? "" : "  (" + p.description + ")") << "\n";
  return kOk;
}

int compare_command(const ScenarioArgs& args, cli::CompareOptions options,
                    const std::vector<std::string>& only) {
  models::LoadOptions load = load_options(args);
  models::ScenarioSpec spec = models::load_scenario(args.file, load);
  if (spec.variants.empty())
    throw input_error(args.file, "no 'variants:' to compare; add a list of {name, set: {path: value}}");
  if (!only.empty()) {
    std::vector<models::VariantSpec> chosen;
    std::vector<std::string> names;
    for (const auto& v : spec.variants)
      names.push_back(v.name);
    for (const auto& name : only) {
      const auto it = std::find_if(spec.variants.begin(), spec.variants.end(),
                                   [&](const models::VariantSpec& v) { return v.name == name; });
      if (it == spec.variants.end())
        throw input_error("--variants", sim::unknown_name_message("variant", name, names));
      chosen.push_back(*it);
    }
    spec.variants = chosen;
  }
  // Every variant is checked before any runs, so that a typo in the last one does not cost
  // the time of the others; all their errors are reported at once.
  std::vector<sim::Diagnostic> errors;
  for (const auto& v : spec.variants) {
    models::LoadOptions with = load;
    with.variant = v.name;
    try {
      models::load_scenario(args.file, with);
    } catch (const sim::InputError& e) {
      for (auto d : e.diagnostics()) {
        d.message = "variant '" + v.name + "': " + d.message;
        errors.push_back(std::move(d));
      }
    }
  }
  if (!errors.empty()) throw sim::InputError(errors);
  if (!options.baseline.empty()) {
    std::vector<std::string> names;
    for (const auto& v : spec.variants)
      names.push_back(v.name);
    if (std::find(names.begin(), names.end(), options.baseline) == names.end())
      throw input_error("--baseline", sim::unknown_name_message("variant", options.baseline, names));
  }
  options.file = args.file;
  options.params = args.params;
  options.sets = args.sets;
  if (options.out.empty()) options.out = "results/" + spec.name;
  const cli::StopSignals stop_signals;
  return cli::compare_variants(spec, options);
}

template <class Registry>
void print_registry(const Registry& registry) {
  std::cout << registry.what_plural() << ":\n";
  for (const auto& name : registry.names())
    std::cout << "  " << name << ": " << registry.description(name) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  // `stratus plot` runs the sibling binary stratus-plot, which has its own options and help.
  if (argc > 1 && std::string_view(argv[1]) == "plot") return cli::forward_to_plot(argc, argv);
  cli::stop_with_parent_if_child();
  CLI::App app{"Stratus: a discrete-event simulator of cloud datacenters, on SimGrid"};
  app.set_version_flag("--version", "stratus 0.1.0");
  app.require_subcommand(1);

  ScenarioArgs run_args;
  std::optional<std::uint64_t> seed;
  std::string out, until;
  bool quiet = false;
  auto* run = app.add_subcommand("run", "Run a scenario and write summary.json, timeseries.csv and bill.csv");
  add_scenario_options(run, run_args);
  run->add_option("--seed", seed, "Seed of every random stream (overrides the scenario's)");
  run->add_option("--out", out, "Output folder (default: results/<scenario name>)");
  run->add_option("--until", until, "Simulated time to stop at, e.g. 2h (overrides simulation.duration)");
  run->add_flag("--quiet,-q", quiet, "No progress and no summary table");
  std::string variant;
  run->add_option("--variant", variant, "Run one of the scenario's variants (its overrides applied first)");
  bool stream = false;
  double pace = 0.0;
  auto* stream_flag = run->add_flag(
      "--stream", stream, "Progress, rows and events as JSON lines on stdout (for the desktop app)");
  run->add_option("--pace", pace, "With --stream: at most this many simulated seconds per wall second")
      ->check(CLI::NonNegativeNumber)
      ->needs(stream_flag);

  ScenarioArgs compare_args;
  cli::CompareOptions compare_options;
  std::vector<std::string> only_variants;
  auto* compare = app.add_subcommand(
      "compare",
      "Run the scenario's variants side by side (same seed, in parallel) and write comparison.csv");
  add_scenario_options(compare, compare_args);
  compare->add_option("--seed", compare_options.seed, "Seed of every variant (overrides the scenario's)");
  compare->add_option("--out", compare_options.out, "Output folder (default: results/<scenario name>)");
  compare->add_option("--workers,-j", compare_options.workers, "Variants run at once (default: one per core)")
      ->check(CLI::Range(1, 1024));
  compare->add_option("--variants", only_variants, "Only these variants, in this order")->delimiter(',');
  compare->add_flag("--quiet,-q", compare_options.quiet, "No table");
  compare
      ->add_option("--replications", compare_options.replications,
                   "Runs of each variant on as many seeds (shared across variants): means, 95 % CIs, "
                   "paired differences")
      ->check(CLI::Range(1, 100000));
  compare->add_option("--baseline", compare_options.baseline,
                      "With --replications: the variant to compare against");

  ScenarioArgs sweep_args;
  cli::sweep::SweepOptions sweep_options;
  auto* sweep = app.add_subcommand(
      "sweep",
      "Run variants × a grid of params × replicates (local workers or MPI ranks) into one SQLite file");
  add_scenario_options(sweep, sweep_args);
  sweep->get_option("--force")->description(
      "Run even if the estimated memory exceeds the limit, and add this sweep to a database holding another");
  sweep
      ->add_option("--grid", sweep_options.grid,
                   "A declared param or a --set path and its values: KEY=v1,v2,...")
      ->take_all();
  sweep->add_option("--variants", sweep_options.variants, "Only these variants (default: all of them)")
      ->delimiter(',');
  sweep->add_option("--seeds", sweep_options.seeds, "Replicates of every run (seeds shared across variants)")
      ->check(CLI::Range(1, 1000000));
  sweep->add_option("--seed", sweep_options.seed, "The sweep seed the replicates' seeds derive from");
  sweep->add_option("--db", sweep_options.db, "The results database (SQLite; default results.sqlite)");
  sweep->add_flag("--plan", sweep_options.plan_only, "Print the runs without running anything");
  sweep->add_option("--runs", sweep_options.runs, "Only these runs of the plan: 0,3,5-9");
  sweep->add_option("--timeout", sweep_options.timeout_s, "Stop a run after this many seconds of wall time")
      ->check(CLI::PositiveNumber);
  sweep->add_flag("--retry-failed", sweep_options.retry_failed,
                  "Run again the runs that failed or timed out");
  sweep
      ->add_option("--workers,-j", sweep_options.workers,
                   "Runs at once without MPI (default: one per core); under MPI, one per rank")
      ->check(CLI::Range(1, 1024));
  sweep->add_option("--keep-runs", sweep_options.keep_runs,
                    "Keep every run's output folder here, by run key");
  sweep->add_option("--baseline", sweep_options.baseline, "The variant differences are taken against");
  sweep->add_option("--metrics", sweep_options.metrics, "Metrics in the statistics (dotted summary names)")
      ->delimiter(',');
  sweep->add_flag("--quiet,-q", sweep_options.quiet, "No progress and no statistics");
  sweep->add_flag("--timeseries", sweep_options.timeseries,
                  "Store every run's timeseries.csv (table series)");

  ScenarioArgs validate_args;
  auto* validate = app.add_subcommand("validate", "Check a scenario file and list its parameters");
  add_scenario_options(validate, validate_args);

  auto* policies = app.add_subcommand("policies", "List the named policies a scenario can use");
  app.add_subcommand("plot",
                     "Draw a run's charts as PNG or SVG: stratus plot RESULT_DIR|comparison.csv [-o FILE] "
                     "(see stratus plot --help)");  // listed for --help; handled above

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kBadInput;
  }

  try {
    if (*run && stream) return stream_run_command(run_args, variant, seed, out, until, pace);
    if (*run) return run_command(run_args, variant, seed, out, until, quiet);
    if (*compare) return compare_command(compare_args, compare_options, only_variants);
    if (*sweep) {
      sweep_options.file = sweep_args.file;
      sweep_options.params = sweep_args.params;
      sweep_options.sets = sweep_args.sets;
      // --force also lets a sweep add itself to a database that holds another sweep.
      sweep_options.force = sweep_args.force;
      sweep_options.memory_budget_bytes = memory_budget(sweep_args);
      if (sweep_args.force) sweep_options.run_flags.push_back("--force");
      if (!sweep_args.max_memory.empty())
        sweep_options.run_flags.insert(sweep_options.run_flags.end(),
                                       {"--max-memory", sweep_args.max_memory});
      return cli::sweep::run_sweep(sweep_options);
    }
    if (*validate) return validate_command(validate_args);
    if (*policies) {
      print_registry(models::placement_policies());
      print_registry(models::load_balancers());
      print_registry(models::autoscaling::scaling_policies());
      print_registry(models::scaling_limits());
      print_registry(models::keep_alive_policies());
      print_registry(models::procurement_policies());
      return kOk;
    }
  } catch (const sim::InputError& e) {
    return report_input_error(e);
  } catch (const models::ScenarioError& e) {
    std::cerr << (*run       ? run_args.file
                  : *compare ? compare_args.file
                  : *sweep   ? sweep_args.file
                             : validate_args.file)
              << ": " << e.what() << "\n";
    return kBadInput;
  } catch (const sim::UnknownNameError& e) {
    std::cerr << e.what() << "\n";
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "stratus: run failed: " << e.what() << "\n";
    return kRunFailed;
  }
  return kOk;
}
