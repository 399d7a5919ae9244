// stratus: the command-line front end. Exit codes: 0 ok, 1 failure during the run, 2 bad input.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/progress_bar.hpp"
#include "cli/report.hpp"
#include "models/load_balancer.hpp"
#include "models/placement.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "sim/diagnostics.hpp"
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
};

void add_scenario_options(CLI::App* cmd, ScenarioArgs& args) {
  cmd->add_option("FILE", args.file, "Scenario file (YAML)")->required();
  cmd->add_option("--param", args.params, "Override a declared parameter: --param arrival_rate=12")
      ->take_all();
  cmd->add_option("--set", args.sets, "Override any key by its dotted path: --set simulation.duration=2h")
      ->take_all();
}

models::LoadOptions load_options(const ScenarioArgs& args) {
  models::LoadOptions options;
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

int run_command(const ScenarioArgs& args, std::optional<std::uint64_t> seed, std::string out,
                const std::string& until, bool quiet) {
  models::LoadOptions options = load_options(args);
  if (!until.empty()) options.sets.push_back({"simulation.duration", until});
  models::ScenarioSpec spec = models::load_scenario(args.file, options);
  if (seed) spec.seed = *seed;
  if (out.empty()) out = "results/" + spec.name;

  cli::ProgressBar progress(cli::ProgressBar::style_for_stderr(quiet));
  models::RunOptions run_options;
  run_options.observer = &progress;
  const models::RunResult result = models::run_scenario(spec, run_options);
  progress.finish();
  models::write_results(result, out);
  if (!quiet) std::cout << cli::summary_table(result.summary, out);
  return kOk;
}

int validate_command(const ScenarioArgs& args) {
  const models::ScenarioSpec spec = models::load_scenario(args.file, load_options(args));
  std::size_t hosts = 0;
  for (const auto& z : spec.topology.zones)
    for (const auto& r : z.racks)
      hosts += r.hosts.size();
  std::cout << args.file << ": ok: '" << spec.name << "', " << spec.services.size() << " service(s), "
            << spec.topology.zones.size() << " zone(s), " << hosts << " host(s), "
            << sim::format_duration(spec.simulation.duration_s) << " simulated\n";
  for (const auto& p : models::scenario_params(args.file))
    std::cout << "  param " << p.name << " = " << p.value_text
              << (p.description.empty() ? "" : "  (" + p.description + ")") << "\n";
  return kOk;
}

template <class Registry>
void print_registry(const Registry& registry) {
  std::cout << registry.what() << "s:\n";
  for (const auto& name : registry.names())
    std::cout << "  " << name << ": " << registry.description(name) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
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

  ScenarioArgs validate_args;
  auto* validate = app.add_subcommand("validate", "Check a scenario file and list its parameters");
  add_scenario_options(validate, validate_args);

  auto* policies = app.add_subcommand("policies", "List the named policies a scenario can use");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kBadInput;
  }

  try {
    if (*run) return run_command(run_args, seed, out, until, quiet);
    if (*validate) return validate_command(validate_args);
    if (*policies) {
      print_registry(models::placement_policies());
      print_registry(models::load_balancers());
      return kOk;
    }
  } catch (const sim::InputError& e) {
    return report_input_error(e);
  } catch (const models::ScenarioError& e) {
    std::cerr << (*run ? run_args.file : validate_args.file) << ": " << e.what() << "\n";
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
