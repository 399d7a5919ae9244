#include "models/serverless_billing.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace stratus::models {

double billed_duration_s(double duration_s, double granularity_s) {
  if (!(std::isfinite(granularity_s) && granularity_s > 0))
    throw std::invalid_argument("billing granularity must be > 0");
  if (!(duration_s >= 0)) throw std::invalid_argument("billed duration must be >= 0");
  // 0.3 / 0.1 is 2.9999999999999996 and 0.0003 / 0.0001 is 3.0000000000000004: the relative
  // tolerance keeps exact multiples exact without rounding down a real fraction of a unit.
  const double units = duration_s / granularity_s;
  return std::max(1.0, std::ceil(units - 1e-9 * std::max(1.0, units))) * granularity_s;
}

double gb_seconds(double memory_mb, double billed_s) {
  return memory_mb / 1024.0 * billed_s;
}

FunctionBill bill_function(const FunctionUsage& u, const ServerlessPricing& p) {
  FunctionBill b;
  b.requests_usd = static_cast<double>(u.requests) * p.per_million_requests / 1e6;
  b.compute_usd = u.gb_s * (u.arm ? p.arm_per_gb_s : p.x86_per_gb_s);
  b.provisioned_usd = u.provisioned_gb_s * (u.arm ? p.arm_provisioned_per_gb_s : p.provisioned_per_gb_s) +
                      u.provisioned_used_gb_s *
                          (u.arm ? p.arm_provisioned_duration_per_gb_s : p.provisioned_duration_per_gb_s);
  b.total_usd = b.requests_usd + b.compute_usd + b.provisioned_usd;
  return b;
}

std::vector<FunctionBill> bill_account(const std::vector<FunctionUsage>& functions,
                                       const ServerlessPricing& p) {
  std::vector<FunctionBill> bills;
  bills.reserve(functions.size());
  auto free_requests = static_cast<std::uint64_t>(p.free_tier ? std::max(0.0, p.free_requests) : 0.0);
  double free_gb_s = p.free_tier ? std::max(0.0, p.free_gb_s) : 0.0;
  for (FunctionUsage u : functions) {
    // AWS: "The Lambda free tier does not apply to functions that have Provisioned
    // Concurrency enabled."
    if (u.provisioned_gb_s <= 0) {
      const std::uint64_t requests = std::min(u.requests, free_requests);
      u.requests -= requests;
      free_requests -= requests;
      const double gb_s = std::min(u.gb_s, free_gb_s);
      u.gb_s -= gb_s;
      free_gb_s -= gb_s;
    }
    bills.push_back(bill_function(u, p));
  }
  return bills;
}

}  // namespace stratus::models
