#include "models/capacity/month_calendar.hpp"

#include <cmath>
#include <cstdio>

#include "sim/calendar.hpp"

namespace stratus::models {

namespace {

/// year × 12 + (month − 1) of a UNIX time, from its ISO text.
int month_number(double unix_s) {
  const std::string iso = sim::format_datetime(unix_s);
  return std::stoi(iso.substr(0, 4)) * 12 + std::stoi(iso.substr(5, 2)) - 1;
}

}  // namespace

MonthCalendar::MonthCalendar(double start_epoch_s)
    : epoch_s_(start_epoch_s), first_(month_number(start_epoch_s)) {}

double MonthCalendar::month_start_s(int index) const {
  const int n = first_ + index;
  const auto days = sim::days_from_civil(n / 12, static_cast<unsigned>(n % 12 + 1), 1);
  return static_cast<double>(days) * 86400.0 - epoch_s_;
}

int MonthCalendar::month_of(double t) const {
  return month_number(epoch_s_ + t) - first_;
}

std::string MonthCalendar::label(int index) const {
  const int n = first_ + index;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", n / 12, n % 12 + 1);
  return buf;
}

}  // namespace stratus::models
