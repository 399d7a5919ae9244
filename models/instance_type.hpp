#pragma once
// Instance types: what a cloud sells (vCPUs, memory, a price per hour), independent of the
// physical hosts they are carved from.
#include <map>
#include <string>

namespace stratus::models {

struct InstanceType {
  std::string name;
  int vcpus = 1;
  double memory_bytes = 0.0;
  double price_per_s = 0.0;  // on-demand, USD per second (scenarios write $/h)
};

/// A few common AWS types with us-east-1 on-demand Linux prices (2024), so that a scenario
/// can name `m5.large` without restating it. Scenarios may override or add types.
const std::map<std::string, InstanceType>& builtin_instance_types();

}  // namespace stratus::models
