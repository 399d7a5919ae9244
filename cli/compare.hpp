#pragma once
// `stratus compare`: runs a scenario's variants side by side, each in a process of its own
// (SimGrid runs one simulation per process), several at once, all on the same seed so that
// they see the same arrivals; then gathers their summaries into comparison.csv and a table.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace stratus::cli {

struct CompareOptions {
  std::string file;
  std::vector<std::string> params, sets;  // passed on to every variant's run, after its own
  std::optional<std::uint64_t> seed;
  std::filesystem::path out;
  int workers = 0;  // 0: one per core
  bool quiet = false;
  int replications = 1;  // > 1: replicates 1.. in out/replicates/<variant>/r<N>, and statistics
  std::string baseline;  // the variant differences are taken against (default: the first)
};

/// Exit code: 0 when every variant ran, 1 when one failed (its log says why).
int compare_variants(const models::ScenarioSpec& scenario, const CompareOptions& options);

/// comparison.csv from the variants' summary.json files, in the scenario's variant order.
std::string comparison_csv(const std::vector<std::string>& variants, const std::filesystem::path& out);

}  // namespace stratus::cli
