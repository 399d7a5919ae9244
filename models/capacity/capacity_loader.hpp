#pragma once
// Reads the top-level `capacity:` block and each service's `profile:` (README, "Capacity
// planning"). Errors go to the nodes' diagnostics, all at once, with suggestions.
#include <string>

#include "models/scenario.hpp"
#include "sim/config.hpp"

namespace stratus::models {

/// `capacity:`; call once the simulation, platform, instance types and services are read.
void read_capacity(const sim::ConfigNode& node, ScenarioSpec& spec);

/// A service's `profile: {memory_per_rps, storage_per_request, storage_retention}`.
void read_service_profile(const sim::ConfigNode& node, const std::string& service, CapacitySpec& capacity);

}  // namespace stratus::models
