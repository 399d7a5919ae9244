#pragma once
// An amount of the three things a fleet provides and a service consumes. vCPUs are what
// instances are sold in (physical cores × the platform's cpu_overcommit).
#include <algorithm>

namespace stratus::models {

struct Resources {
  double vcpus = 0.0;
  double memory_bytes = 0.0;
  double storage_bytes = 0.0;

  Resources& operator+=(const Resources& o) {
    vcpus += o.vcpus;
    memory_bytes += o.memory_bytes;
    storage_bytes += o.storage_bytes;
    return *this;
  }
  friend Resources operator+(Resources a, const Resources& b) { return a += b; }
  friend Resources operator-(Resources a, const Resources& b) {
    a.vcpus -= b.vcpus;
    a.memory_bytes -= b.memory_bytes;
    a.storage_bytes -= b.storage_bytes;
    return a;
  }
  friend Resources operator*(Resources a, double k) {
    a.vcpus *= k;
    a.memory_bytes *= k;
    a.storage_bytes *= k;
    return a;
  }
  /// Whether this covers `need` in every dimension this provides at all: a fleet without
  /// disks is not asked for storage (it is reported, not sized).
  bool covers(const Resources& need) const {
    return (vcpus <= 0 || vcpus >= need.vcpus) && (memory_bytes <= 0 || memory_bytes >= need.memory_bytes) &&
           (storage_bytes <= 0 || storage_bytes >= need.storage_bytes);
  }
  static Resources max(const Resources& a, const Resources& b) {
    Resources r;
    r.vcpus = std::max(a.vcpus, b.vcpus);
    r.memory_bytes = std::max(a.memory_bytes, b.memory_bytes);
    r.storage_bytes = std::max(a.storage_bytes, b.storage_bytes);
    return r;
  }
};

}  // namespace stratus::models
