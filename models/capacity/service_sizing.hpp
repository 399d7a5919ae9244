#pragma once
// How many instances a service needs at a demand λ: enough vCPUs that its CPU load
// λ·E[work] runs at the target utilisation, and enough memory for its working set
// (λ × memory_per_rps) at the same target. Never fewer than one instance.
#include "models/capacity/capacity_spec.hpp"
#include "models/capacity/resources.hpp"
#include "models/instance_type.hpp"

namespace stratus::models {

struct ServiceNeed {
  int instances = 1;
  Resources resources;      // instances × the type's vCPUs and memory (no storage)
  double busy_vcpus = 0.0;  // λ·E[work]: the CPU load itself
};

ServiceNeed size_service(double lambda, double mean_work_s, const InstanceType& type,
                         const ResourceProfile& profile, double target_utilisation);

}  // namespace stratus::models
