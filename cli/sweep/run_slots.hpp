#pragma once
// The runs this process (one MPI rank, or the whole sweep without MPI) is executing: up to
// `slots` child `stratus run` processes, each turned into a RunResult when it ends. Both
// dispatchers (the local pool and the MPI ranks) drive the same slots, so a run is performed
// and reported the same way wherever it runs.
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/sweep/child_process.hpp"
#include "cli/sweep/plan.hpp"

namespace stratus::cli::sweep {

/// What rank 0 records of a run: sent as JSON from the rank that ran it.
struct RunResult {
  std::size_t index = 0;
  std::string status;  // ok, failed, timeout
  int exit_code = 0;
  std::string error;  // the end of the child's log when it did not succeed
  double wall_s = 0;
  std::string host;
  int rank = 0;
  std::map<std::string, double> metrics;  // flattened summary.json (ok runs only)
  std::string timeseries_csv;             // with --timeseries: the run's timeseries.csv
};

nlohmann::json to_json(const RunResult& r);
RunResult run_result_from_json(const nlohmann::json& j);

struct SlotOptions {
  std::filesystem::path work_dir;  // a folder per run, named by its key: this process's own
  bool keep_runs = false;          // --keep-runs: the folders stay (else removed once read)
  bool timeseries = false;         // --timeseries: send timeseries.csv along with the metrics
  double timeout_s = 0;            // 0: none
  int rank = 0;
};

class RunSlots {
 public:
  RunSlots(const SweepSpec& spec, const std::vector<PlannedRun>& plan, SlotOptions options, int slots);
  ~RunSlots();
  RunSlots(const RunSlots&) = delete;
  RunSlots& operator=(const RunSlots&) = delete;

  bool has_free_slot() const { return running_.size() < slots_; }
  std::size_t running() const { return running_.size(); }
  /// Starts plan[index]; a run that cannot even start is reported as failed by the next poll.
  void start(std::size_t index);
  /// The runs that ended since the last call.
  std::vector<RunResult> poll();
  /// Ends every running child, unreported.
  void stop_all();

 private:
  RunResult finish(std::size_t index, const ChildExit& exit);

  const SweepSpec& spec_;
  const std::vector<PlannedRun>& plan_;
  SlotOptions options_;
  std::size_t slots_;
  std::string host_;
  std::map<std::size_t, std::unique_ptr<ChildProcess>> running_;
  std::vector<RunResult> not_started_;
};

}  // namespace stratus::cli::sweep
