#pragma once
// The `trend` forecast: a planner that does not know the plan extrapolates what it saw. It
// keeps each day's peak need and fits a least-squares line through the days of the window.
#include <deque>

#include "models/capacity/resources.hpp"

namespace stratus::models {

class TrendForecast {
 public:
  explicit TrendForecast(double window_s) : window_s_(window_s) {}

  /// The need observed at simulated time t (days are [k·86400, (k+1)·86400)).
  void observe(double t, const Resources& need);
  /// The need expected at `at`: the fitted line there, never below the last week's peak (a
  /// flat or falling fit must not sell the racks already needed); the last week's peak alone
  /// while the window holds less than four weeks of days. Zero before any data.
  Resources forecast(double now, double at) const;

 private:
  struct Day {
    long long index = 0;
    Resources peak;
  };
  double window_s_;
  std::deque<Day> days_;
};

}  // namespace stratus::models
