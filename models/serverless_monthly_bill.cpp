#include "models/serverless_monthly_bill.hpp"

#include <algorithm>
#include <cmath>

namespace stratus::models {

MonthlyUsage::MonthlyUsage(std::vector<BilledFunction> functions, double start_epoch_s)
    : functions_(std::move(functions)), months_(start_epoch_s) {}

void MonthlyUsage::add_invocation(std::uint32_t f, double t, double gb_s, bool on_provisioned) {
  const auto month = static_cast<std::size_t>(std::max(0, months_.month_of(t)));
  if (usage_.size() <= month) usage_.resize(month + 1, std::vector<FunctionUsage>(functions_.size()));
  FunctionUsage& u = usage_[month][f];
  ++u.requests;
  (on_provisioned ? u.provisioned_used_gb_s : u.gb_s) += gb_s;
}

std::vector<FunctionBill> MonthlyUsage::bill(double end_s, const ServerlessPricing& p) const {
  std::vector<FunctionBill> total(functions_.size());
  // Every month the run touched, and any that holds usage (an invocation ending on the dot of
  // the end, when the end is a month's first instant).
  const int last = std::max(end_s > 0 ? MonthCursor(months_).month_of(std::nextafter(end_s, 0.0)) : 0,
                            static_cast<int>(usage_.size()) - 1);
  for (int m = 0; m <= last; ++m) {
    // The part of the month the run covers: provisioned concurrency is billed for it.
    const double enabled_s = std::max(
        0.0, std::min(end_s, months_.month_start_s(m + 1)) - std::max(0.0, months_.month_start_s(m)));
    std::vector<FunctionUsage> month = static_cast<std::size_t>(m) < usage_.size()
                                           ? usage_[static_cast<std::size_t>(m)]
                                           : std::vector<FunctionUsage>(functions_.size());
    for (std::size_t f = 0; f < functions_.size(); ++f) {
      month[f].arm = functions_[f].arm;
      month[f].provisioned_gb_s = functions_[f].provisioned_gb * enabled_s;
    }
    const std::vector<FunctionBill> bills = bill_account(month, p);
    for (std::size_t f = 0; f < functions_.size(); ++f) {
      total[f].requests_usd += bills[f].requests_usd;
      total[f].compute_usd += bills[f].compute_usd;
      total[f].provisioned_usd += bills[f].provisioned_usd;
      total[f].total_usd += bills[f].total_usd;
    }
  }
  return total;
}

}  // namespace stratus::models
