#pragma once
// The plan of a sweep: the ordered list of runs that a sweep spec (variants × grid ×
// replicates) stands for, each with a stable key and a seed. The plan depends on the spec
// alone, never on ranks, workers or the order in which runs finish, so that every MPI rank
// computes the same plan and a re-run of the same command finds the same keys to resume.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stratus::cli::sweep {

/// One --grid KEY=v1,v2,…: a declared param (passed as --param) or a dotted path (--set).
struct GridAxis {
  std::string key;
  bool is_param = true;
  std::vector<std::string> values;
};

struct SweepSpec {
  std::string file;
  std::string scenario_sha256;            // of the file's bytes
  std::vector<std::string> variants;      // empty: the scenario as written (no --variant)
  std::vector<GridAxis> grid;             // outermost first
  int replicates = 1;                     // --seeds N
  std::uint64_t sweep_seed = 0;           // --seed, else the scenario's seed
  std::vector<std::string> params, sets;  // fixed overrides, before the grid's
  std::vector<std::string> run_flags;     // other flags of every child run; not part of its identity
};

struct PlannedRun {
  std::size_t index = 0;  // position in the plan
  std::string key;        // SHA-256 of the run's identity (see run_key)
  std::string variant;
  int replicate = 0;
  std::uint64_t seed = 0;
  std::vector<std::pair<std::string, std::string>> point;  // grid key = value, in axis order

  /// "#7 variant=fast arrival_rate=5 replicate=2", for messages and the plan table.
  std::string label() const;
};

/// The seed of a replicate: the sweep seed itself for replicate 0, else SplitMix64 of the sweep
/// seed and the replicate number only, so that every variant and grid point sees the same
/// streams in replicate r (common random numbers: comparisons across them are paired). 63 bits,
/// so that it fits SQLite's INTEGER.
std::uint64_t replicate_seed(std::uint64_t sweep_seed, int replicate);

/// Variants (outermost), then each grid axis in order, then replicates (innermost).
std::vector<PlannedRun> plan_runs(const SweepSpec& spec);

/// The spec as canonical JSON (sorted keys, no whitespace): what the database stores and the
/// sweep's identity is the hash of. The file's path is left out, its contents' hash is in.
std::string spec_json(const SweepSpec& spec);

/// Parses --runs: a comma-separated list of plan indices and ranges ("0,3,5-9").
/// Throws std::invalid_argument on anything else.
std::vector<bool> parse_run_filter(const std::string& filter, std::size_t plan_size);

/// The arguments of the child `stratus run` (after the program name) that performs `run`.
std::vector<std::string> child_arguments(const SweepSpec& spec, const PlannedRun& run,
                                         const std::filesystem::path& out);

}  // namespace stratus::cli::sweep
