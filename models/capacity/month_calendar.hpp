#pragma once
// Calendar months of a run, in simulated seconds: capacity.csv has one row per month and
// racks are written off month by month.
#include <string>

namespace stratus::models {

class MonthCalendar {
 public:
  /// `start_epoch_s`: UNIX time of simulated time 0.
  explicit MonthCalendar(double start_epoch_s);

  /// Simulated time at which month `index` starts (month 0 is the one holding time 0, so
  /// its start may be negative).
  double month_start_s(int index) const;
  /// The month holding simulated time t.
  int month_of(double t) const;
  /// "2027-01".
  std::string label(int index) const;
  /// The calendar year of month `index` (2027).
  int year(int index) const { return (first_ + index) / 12; }

 private:
  double epoch_s_;
  int first_;  // year × 12 + (month − 1) of month 0
};

}  // namespace stratus::models
