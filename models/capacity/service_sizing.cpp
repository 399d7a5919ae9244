#include "models/capacity/service_sizing.hpp"

#include <algorithm>
#include <cmath>

namespace stratus::models {

ServiceNeed size_service(double lambda, double mean_work_s, const InstanceType& type,
                         const ResourceProfile& profile, double target_utilisation) {
  ServiceNeed need;
  need.busy_vcpus = lambda * mean_work_s;
  double n = need.busy_vcpus / (target_utilisation * type.vcpus);
  if (type.memory_bytes > 0)
    n = std::max(n, lambda * profile.memory_per_rps_bytes / (target_utilisation * type.memory_bytes));
  // 1e-9: a need of exactly 10 instances computed as 10.000000000001 is still 10.
  need.instances = std::max(1, static_cast<int>(std::ceil(n - 1e-9)));
  need.resources.vcpus = static_cast<double>(need.instances) * type.vcpus;
  need.resources.memory_bytes = need.instances * type.memory_bytes;
  return need;
}

}  // namespace stratus::models
