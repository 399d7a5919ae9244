#pragma once
// Reads the parts of a scenario that issue 5 added: a service's `scaling:` block (fleet life
// cycle and policies) and the top-level `variants:` that `stratus compare` runs side by side.
#include <string>
#include <vector>

#include "models/service.hpp"
#include "sim/config.hpp"

namespace stratus::models {

/// `scaling:` of one service. Each policy's own keys are read (and reported) by the policy.
void read_service_scaling(const sim::ConfigNode& node, ServiceSpec& service);

/// `health_check: {interval, healthy_threshold, unhealthy_threshold}` of a balancer's targets
/// (under `scaling:`, or on a fixed fleet's service).
void read_health_check(const sim::ConfigNode& node, HealthCheckSpec& spec);

/// One entry of `variants:`: overrides applied on top of the file, as --param and --set would.
struct VariantSpec {
  std::string name;
  std::string description;
  std::vector<sim::KeyValue> params;
  std::vector<sim::KeyValue> sets;
};

/// Reads `variants:`; errors go to the node's diagnostics.
std::vector<VariantSpec> read_variants(const sim::ConfigNode& node);

}  // namespace stratus::models
