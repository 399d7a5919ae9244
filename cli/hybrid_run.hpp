#pragma once
// `stratus run` under `simulation.fidelity: hybrid`: the whole horizon in the fluid fidelity,
// then chosen windows (each month's peak, each outage, listed ones) request by request, each
// window a `stratus run --set simulation.from=...` child of its own (SimGrid runs one
// simulation per process), several at once. The windows' results go to <out>/windows/<name>/,
// a comparison of fluid and discrete figures per window to <out>/windows.csv, and a `hybrid`
// section into summary.json.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/simulation.hpp"

namespace stratus::cli {

struct HybridOptions {
  std::string file;
  std::string variant;
  std::vector<std::string> params, sets;  // as given to `stratus run`, passed on to each window
  std::optional<std::uint64_t> seed;
  std::filesystem::path out;
  bool quiet = false;
  std::function<void()> fluid_done;  // called when the fluid run ends (to close a progress bar)
};

/// Runs, writes every output and returns the merged result (its summary as written).
/// Throws std::runtime_error when a window's run fails (its log is named).
models::RunResult run_hybrid(const models::ScenarioSpec& spec, const HybridOptions& options,
                             const models::RunOptions& run_options);

}  // namespace stratus::cli
