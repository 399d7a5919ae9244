#pragma once
// `stratus sweep`: runs a scenario over variants × a grid of params × replicates, each run a
// child `stratus run`, spread over MPI ranks or local workers, into one SQLite database.
// This file ties the pieces together: plan.hpp (which runs, keys, seeds), results_db.hpp
// (the database), run_slots.hpp (running them), dispatch.hpp and mpi_dispatch.hpp (who runs
// what), progress.hpp and stats_report.hpp (what the user sees).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stratus::cli::sweep {

struct SweepOptions {
  std::string file;
  std::vector<std::string> params, sets;  // fixed overrides of every run
  std::vector<std::string> grid;          // KEY=v1,v2,…
  std::vector<std::string> variants;      // empty: all the scenario's variants (or none)
  int seeds = 1;
  std::optional<std::uint64_t> seed;  // the sweep seed; default: the scenario's
  std::string db = "results.sqlite";
  bool plan_only = false;
  std::string runs;  // --runs filter
  double timeout_s = 0;
  bool retry_failed = false;
  int workers = 0;     // local children at once (default: one per core); under MPI, one per rank
  bool force = false;  // add this sweep to a database holding another (and no memory limit)
  std::optional<double> memory_budget_bytes;  // each run's, checked before any starts
  std::vector<std::string> run_flags;         // passed on to every child run (--force, --max-memory)
  std::string keep_runs;                      // folder for the per-run outputs, kept; empty: not kept
  std::string baseline;
  std::vector<std::string> metrics;  // shown in the statistics; empty: a default set
  bool quiet = false;
  bool timeseries = false;  // store every run's timeseries.csv in the `series` table
};

/// Exit code: 0 every run ok, 1 some run failed or timed out (recorded) or the sweep was
/// interrupted. Bad input throws sim::InputError or DatabaseRefused (exit 2), before any run.
int run_sweep(const SweepOptions& options);

}  // namespace stratus::cli::sweep
