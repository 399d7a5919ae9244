#pragma once
// The sweep's results in one SQLite file, written by one process only (rank 0), one
// transaction per run, in WAL mode so that a reader (pandas, a second terminal) never blocks
// the sweep. Tables:
//   sweep  (sweep_id, spec_json, spec_sha256, scenario_file, scenario_sha256, sweep_seed,
//           stratus_version, git_sha, simgrid_version, created_utc)
//   run    (run_id = the key's first 64 bits, run_key UNIQUE, sweep_id, plan_index, variant, replicate, seed,
//   params_json, status
//           ok|failed|timeout, exit_code, error, attempt, wall_s, host, rank, finished_utc)
//   param  (run_id, name, value, num)   one row per run and grid/override name
//   metric (run_id, name, value)        one row per run and flattened summary figure
//   series (run_id, name, time_s, value) with --timeseries: timeseries.csv in long form
//   results: a view of run ⋈ metric with one column per param, for pandas.read_sql_query.
// A killed sweep loses only the runs it had not committed; the run key is the primary key,
// so a resumed sweep cannot duplicate a run.
#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/sweep/plan.hpp"
#include "cli/sweep/run_slots.hpp"

struct sqlite3;

namespace stratus::cli::sweep {

/// The database cannot be used (corrupt, locked, another sweep's): bad input, exit 2.
class DatabaseRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SweepRecord {
  std::string spec_json, spec_sha256, scenario_file, scenario_sha256;
  std::uint64_t sweep_seed = 0;
  std::string stratus_version, git_sha, simgrid_version;
};

struct StoredRun {
  std::string status;
  int attempt = 0;
};

class ResultsDb {
 public:
  /// Opens (or creates) the file, checks that it is a Stratus sweep database holding this
  /// sweep or none (another sweep's: refused unless `force`, which adds this sweep beside it),
  /// records the sweep and switches to WAL. Nothing is written unless every check passes.
  /// Throws DatabaseRefused.
  ResultsDb(const std::filesystem::path& path, const SweepRecord& sweep, bool force);
  ~ResultsDb();
  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;

  /// Runs already recorded, by key.
  std::map<std::string, StoredRun> stored_runs();

  /// Records one run (replacing an earlier attempt) with its params and metrics, in one
  /// transaction.
  void record(const PlannedRun& run, const SweepSpec& spec, const RunResult& result, int attempt);

  /// (Re)creates the `results` view with one column per param name in the database.
  void create_results_view();

  /// Metric values of ok runs, by run key, for the given names.
  std::map<std::string, std::map<std::string, double>> metrics_of(const std::vector<std::string>& keys,
                                                                  const std::vector<std::string>& names);

 private:
  void exec(const std::string& sql);
  void record_series(std::int64_t run_id, const std::string& csv);
  sqlite3* db_ = nullptr;
  std::int64_t sweep_id_ = 0;
  std::filesystem::path path_;
};

}  // namespace stratus::cli::sweep
