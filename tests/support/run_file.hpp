#pragma once
// Runs a scenario file in this process with --param and --set overrides, as `stratus run` would
// (SimGrid allows one simulation per process: one call per test).
#include <string>
#include <utility>
#include <vector>

#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"

namespace stratus::testing {

inline models::RunResult run_file(const std::string& file, std::vector<sim::KeyValue> params,
                                  std::vector<sim::KeyValue> sets = {}) {
  models::LoadOptions options;
  options.params = std::move(params);
  options.sets = std::move(sets);
  return models::run_scenario(models::load_scenario(file, options));
}

}  // namespace stratus::testing
