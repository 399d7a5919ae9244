#include "models/instance_type.hpp"

namespace stratus::models {

namespace {
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
InstanceType type(const char* name, int vcpus, double memory_gib, double dollars_per_hour) {
  return InstanceType{name, vcpus, memory_gib * kGiB, dollars_per_hour / 3600.0};
}
}  // namespace

const std::map<std::string, InstanceType>& builtin_instance_types() {
  static const std::map<std::string, InstanceType> catalog = [] {
    std::map<std::string, InstanceType> m;
    for (const auto& t : {
             type("t3.medium", 2, 4, 0.0416),
             type("m5.large", 2, 8, 0.096),
             type("m5.xlarge", 4, 16, 0.192),
             type("m5.2xlarge", 8, 32, 0.384),
             type("m5.4xlarge", 16, 64, 0.768),
             type("c5.large", 2, 4, 0.085),
             type("c5.xlarge", 4, 8, 0.17),
             type("c5.2xlarge", 8, 16, 0.34),
             type("r5.large", 2, 16, 0.126),
             type("r5.xlarge", 4, 32, 0.252),
             type("m6g.large", 2, 8, 0.077),
             type("m7i.large", 2, 8, 0.1008),
         })
      m.emplace(t.name, t);
    return m;
  }();
  return catalog;
}

}  // namespace stratus::models
