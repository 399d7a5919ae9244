#pragma once
// Places each service's fleet of instances on the physical hosts with its placement policy
// and gives every instance its own SimGrid host (its vCPUs) on the chosen machine.
#include <vector>

#include "models/scenario.hpp"
#include "models/service.hpp"
#include "sim/platform.hpp"
#include "sim/topology.hpp"

namespace stratus::models {

/// One vector of instance slots per service, in the scenario's order. Throws ScenarioError
/// when a fleet does not fit.
std::vector<std::vector<InstanceSlot>> place_fleets(const ScenarioSpec& spec, const sim::Topology& topology,
                                                    sim::Platform& platform);

}  // namespace stratus::models
