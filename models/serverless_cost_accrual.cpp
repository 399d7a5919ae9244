#include "models/serverless_cost_accrual.hpp"

#include <algorithm>

namespace stratus::models {

ServerlessCostAccrual::ServerlessCostAccrual(std::vector<BilledFunction> functions,
                                             const ServerlessPricing& p, double start_epoch_s)
    : functions_(std::move(functions)), pricing_(p), free_tier_(p, start_epoch_s) {}

void ServerlessCostAccrual::add_invocation(std::uint32_t f, double t, double gb_s, bool on_provisioned) {
  const BilledFunction& fn = functions_[f];
  FunctionUsage u;
  u.arm = fn.arm;
  u.requests = 1;
  (on_provisioned ? u.provisioned_used_gb_s : u.gb_s) = gb_s;
  // As on AWS, a function with provisioned concurrency enabled gets none of the free tier.
  if (fn.provisioned_gb <= 0) {
    const BillableUsage left = free_tier_.take(t, u.requests, u.gb_s);
    u.requests = left.requests;
    u.gb_s = left.gb_s;
  }
  open_row_usd_ += bill_function(u, pricing_).total_usd;
}

double ServerlessCostAccrual::close_row(double row_end_s) {
  const double enabled_s = std::max(0.0, row_end_s - row_start_s_);
  for (const BilledFunction& fn : functions_) {
    FunctionUsage u;
    u.arm = fn.arm;
    u.provisioned_gb_s = fn.provisioned_gb * enabled_s;
    open_row_usd_ += bill_function(u, pricing_).provisioned_usd;
  }
  row_start_s_ = std::max(row_start_s_, row_end_s);
  const double row = open_row_usd_;
  open_row_usd_ = 0;
  closed_usd_ += row;
  return row;
}

}  // namespace stratus::models
