#pragma once
// run_scenario under `simulation.fidelity: fluid`: no SimGrid actors, only rates per step.
#include "models/simulation.hpp"

namespace stratus::models {

RunResult run_fluid(const ScenarioSpec& spec, const RunOptions& options);

}  // namespace stratus::models
