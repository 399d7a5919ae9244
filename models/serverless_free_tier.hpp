#pragma once
// The Lambda free tier as AWS grants it: every calendar month, 1M requests and 400,000 GB-s for
// the whole account, not carried over. The months are those of the scenario's calendar
// (`simulation.start`), so a run of a quarter gets three allowances and a run that starts on
// the 31st gets a fresh one the next day.
#include <cstdint>

#include "models/capacity/month_calendar.hpp"
#include "models/serverless_billing.hpp"

namespace stratus::models {

/// Which calendar month a simulated time falls in, remembering the last month's bounds: runs
/// ask for the month of every invocation, mostly the same one, and finding a month from the
/// calendar formats a date.
class MonthCursor {
 public:
  explicit MonthCursor(double start_epoch_s);
  int month_of(double t);
  double month_start_s(int index) const { return calendar_.month_start_s(index); }

 private:
  MonthCalendar calendar_;
  int index_ = 0;
  double start_s_;
  double end_s_;
};

/// What is left to pay of some usage once the month's free allowance has taken its share.
struct BillableUsage {
  std::uint64_t requests = 0;
  double gb_s = 0;
};

/// The free tier used up as usage happens, in time order: usage at time t draws on the
/// allowance of t's month until it runs out.
class MonthlyFreeTier {
 public:
  /// With p.free_tier false there is no allowance and take() returns its arguments.
  MonthlyFreeTier(const ServerlessPricing& p, double start_epoch_s);
  /// Usage at t (t never decreases by more than within its month: earlier months are closed).
  BillableUsage take(double t, std::uint64_t requests, double gb_s);

 private:
  bool enabled_;
  std::uint64_t monthly_requests_;
  double monthly_gb_s_;
  MonthCursor months_;
  int month_ = -1;  // the month whose allowance is left below; -1 before the first use
  std::uint64_t requests_left_ = 0;
  double gb_s_left_ = 0;
};

}  // namespace stratus::models
