#pragma once
// The scenario file format (version 1): reads a YAML document into a ScenarioSpec, checking
// every key and value and reporting all errors at once as file:line:col: message.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario.hpp"
#include "sim/config.hpp"

namespace stratus::models {

struct LoadOptions {
  std::vector<sim::KeyValue> params;  // --param name=value
  std::vector<sim::KeyValue> sets;    // --set dot.path=value
  std::string variant;                // --variant NAME: that entry of `variants:` applied before the above
  /// Memory a run may take (models/resource_estimate.hpp); a platform too large for it is
  /// refused while loading. Unset: the machine's physical memory; infinity: no limit (--force).
  std::optional<double> memory_budget_bytes;
};

/// Throws sim::InputError holding every diagnostic when the file has errors.
ScenarioSpec load_scenario(const std::string& path, const LoadOptions& options = {});
ScenarioSpec parse_scenario(std::string_view text, const std::string& file_name,
                            const LoadOptions& options = {});

/// The declared parameters of a scenario (for `stratus validate` and the desktop app).
std::vector<sim::ParamSpec> scenario_params(const std::string& path);

}  // namespace stratus::models
