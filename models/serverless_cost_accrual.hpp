#pragma once
// The serverless cost of each timeseries row: what AWS bills for what happened during the row,
// the requests and GB-s of the invocations that ended in it and the provisioned concurrency
// enabled through it, with the free tier taken off as it is used up, month by month. It is
// computed event by event, apart from the monthly bill (serverless_monthly_bill.hpp), so that
// the rows adding up to the bill is a check, not a construction.
#include <cstdint>
#include <vector>

#include "models/serverless_billing.hpp"
#include "models/serverless_free_tier.hpp"
#include "models/serverless_monthly_bill.hpp"

namespace stratus::models {

class ServerlessCostAccrual {
 public:
  ServerlessCostAccrual(std::vector<BilledFunction> functions, const ServerlessPricing& p,
                        double start_epoch_s);
  /// An invocation of `f` ended at t with this billed GB-s: its cost goes to the open row.
  void add_invocation(std::uint32_t f, double t, double gb_s, bool on_provisioned);
  /// Closes the open row at `row_end_s` and returns its cost, provisioned concurrency enabled
  /// since the previous row's end included.
  double close_row(double row_end_s);
  /// Every closed row's cost added up.
  double closed_rows_usd() const { return closed_usd_; }

 private:
  std::vector<BilledFunction> functions_;
  ServerlessPricing pricing_;
  MonthlyFreeTier free_tier_;
  double open_row_usd_ = 0;
  double row_start_s_ = 0;
  double closed_usd_ = 0;
};

}  // namespace stratus::models
