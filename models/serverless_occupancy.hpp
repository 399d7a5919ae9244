#pragma once
// A function's sandboxes over the measured part of a run (from `simulation.warmup` to the
// end): the time spent at each instance count and the busy and idle sandbox-seconds, for the
// averages and time shares of summary.json. The timeseries columns cover the whole run; these
// leave out the start from an empty platform, as a service's latencies do.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace stratus::models {

class FunctionOccupancy {
 public:
  explicit FunctionOccupancy(double measured_from_s = 0.0) : from_s_(measured_from_s) {}

  /// The counts from `now_s` on; what held before is integrated over its measured part.
  void set(double now_s, std::size_t loaded, std::size_t busy, std::size_t idle) {
    const double dt = now_s - std::max(since_s_, from_s_);
    if (dt > 0) {
      if (time_at_count_.size() <= loaded_) time_at_count_.resize(loaded_ + 1, 0.0);
      time_at_count_[loaded_] += dt;
      loaded_area_ += dt * static_cast<double>(loaded_);
      busy_area_ += dt * static_cast<double>(busy_);
      idle_area_ += dt * static_cast<double>(idle_);
    }
    since_s_ = std::max(since_s_, now_s);
    loaded_ = loaded;
    busy_ = busy;
    idle_ = idle;
  }

  /// Seconds at each instance count within the measured period (set() up to its end first).
  const std::vector<double>& time_at_count() const { return time_at_count_; }
  double loaded_s() const { return loaded_area_; }  // sandbox-seconds
  double busy_s() const { return busy_area_; }
  double idle_s() const { return idle_area_; }
  double measured_from_s() const { return from_s_; }

 private:
  double from_s_;
  double since_s_ = 0.0;
  std::size_t loaded_ = 0, busy_ = 0, idle_ = 0;
  std::vector<double> time_at_count_;
  double loaded_area_ = 0.0, busy_area_ = 0.0, idle_area_ = 0.0;
};

}  // namespace stratus::models
