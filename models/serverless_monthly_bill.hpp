#pragma once
// The serverless bill as AWS issues it: one per calendar month, each with its own free tier.
// Usage is filed under the month it happened in (an invocation under the month it ended in,
// provisioned concurrency under the months it was enabled in), and each month is billed with
// bill_account. Kept apart from the timeseries' cost accrual (serverless_cost_accrual.hpp),
// which reaches the same total another way: the two are compared at the end of every run.
#include <cstdint>
#include <vector>

#include "models/serverless_billing.hpp"
#include "models/serverless_free_tier.hpp"

namespace stratus::models {

/// What a function is billed at besides its usage.
struct BilledFunction {
  bool arm = false;
  double provisioned_gb = 0;  // provisioned environments × memory (GB), enabled for the whole run
};

class MonthlyUsage {
 public:
  MonthlyUsage(std::vector<BilledFunction> functions, double start_epoch_s);
  /// A request of function `f` that ended at t, and its billed GB-s: on demand, or on one of
  /// its provisioned environments.
  void add_invocation(std::uint32_t f, double t, double gb_s, bool on_provisioned);
  /// Each function's bill for the run [0, end_s]: the months' bills added up.
  std::vector<FunctionBill> bill(double end_s, const ServerlessPricing& p) const;

 private:
  std::vector<BilledFunction> functions_;
  MonthCursor months_;
  std::vector<std::vector<FunctionUsage>> usage_;  // [month][function], months from 0 on
};

}  // namespace stratus::models
