#include "models/capacity/trend_forecast.hpp"

#include <algorithm>
#include <cmath>

namespace stratus::models {

namespace {

constexpr double kDay = 86400.0;
/// A line through less than four weeks of daily peaks mostly fits the weekly cycle (a Monday
/// after a weekend looks like growth): until then the forecast is the recent peak.
constexpr double kMinimumHistoryDays = 28;
/// The floor of the forecast: the peak of the last week, so that a weekend does not lower it.
constexpr long long kFloorDays = 7;

}  // namespace

void TrendForecast::observe(double t, const Resources& need) {
  const auto day = static_cast<long long>(std::floor(t / kDay));
  if (days_.empty() || days_.back().index != day) {
    Day d;
    d.index = day;
    d.peak = need;
    days_.push_back(d);
  } else {
    days_.back().peak = Resources::max(days_.back().peak, need);
  }
  // Keep a day more than the window: the oldest may be partly inside it.
  while (days_.size() > 2 && (day - days_.front().index) * kDay > window_s_ + kDay)
    days_.pop_front();
}

Resources TrendForecast::forecast(double now, double at) const {
  if (days_.empty()) return {};
  // Least squares over the days whose middle lies in the window: y = a + b·x, x in days.
  double n = 0, sx = 0, sxx = 0;
  Resources sy, sxy;
  for (const Day& d : days_) {
    const double x = static_cast<double>(d.index) + 0.5;
    if ((now / kDay - x) * kDay > window_s_) continue;
    n += 1;
    sx += x;
    sxx += x * x;
    sy += d.peak;
    sxy += d.peak * x;
  }
  Resources latest;
  for (const Day& d : days_)
    if (days_.back().index - d.index < kFloorDays) latest = Resources::max(latest, d.peak);
  const double denominator = n * sxx - sx * sx;
  if (n < std::min(kMinimumHistoryDays, window_s_ / kDay) || denominator <= 0) return latest;
  const Resources slope = (sxy * n - sy * sx) * (1.0 / denominator);
  const Resources intercept = (sy - slope * sx) * (1.0 / n);
  return Resources::max(intercept + slope * (at / kDay), latest);
}

}  // namespace stratus::models
