#pragma once
// EC2 Auto Scaling's target tracking policy ("target-tracking"): keeps a per-instance metric
// near a target with the two CloudWatch alarms AWS creates and manages for it:
//   AlarmHigh: metric > target for 3 of 3 one-minute datapoints -> scale out at once;
//   AlarmLow:  metric < scale_in_ratio x target for 15 of 15 datapoints -> scale in.
// The new capacity is proportional: the load a datapoint stands for (the metric times the
// in-service instances that produced it; for a request count per target, the requests of
// the period) divided by the target, rounded up. Scale-out takes the latest datapoint;
// scale-in takes the highest of the 15, so that it never removes capacity any of the last
// 15 minutes needed. Instances still warming up are not in the metric (the fleet leaves them
// out) and block scale-in until they are in service, as EC2 Auto Scaling does.
//
// YAML (a scaling.policies[] entry):
//   policy: target-tracking
//   metric: cpu_utilisation        # or request_count_per_target
//   target: 50                     # percent, or requests per instance per period
//   statistic: average             # default: average for cpu, sum for request counts
//   scale_in_ratio: 0.7            # AlarmLow threshold as a fraction of the target
//   disable_scale_in: false
#include <memory>
#include <string>
#include <vector>

#include "models/autoscaling/alarm.hpp"
#include "models/autoscaling/policy.hpp"
#include "sim/config.hpp"

namespace stratus::models::autoscaling {

struct TargetTrackingParams {
  std::string metric = "cpu_utilisation";
  StatisticSpec statistic{Statistic::average, 0.0};
  double target = 50.0;
  /// AWS does not document the AlarmLow threshold: the Application Auto Scaling guide says
  /// scale-in waits until the metric is "usually more than 10% lower" than the target, and
  /// the alarms EC2 Auto Scaling creates for an Auto Scaling group read 35 for a target of 50
  /// and 28 for 40 (console captures in public write-ups), i.e. 70 %; ECS services (through
  /// Application Auto Scaling) get 90 % (27 for 30). 0.7 follows the EC2 groups.
  double scale_in_ratio = 0.7;
  bool disable_scale_in = false;
  double period_s = 60.0;  // target tracking alarms use one-minute datapoints
};

class TargetTrackingPolicy final : public ScalingPolicy {
 public:
  static constexpr int kScaleOutPeriods = 3;  // AlarmHigh: 3 datapoints within 3 minutes
  static constexpr int kScaleInPeriods = 15;  // AlarmLow: 15 datapoints within 15 minutes

  /// Throws std::invalid_argument for a target or ratio that is not positive.
  explicit TargetTrackingPolicy(TargetTrackingParams params);

  double interval_s() const override { return params_.period_s; }
  Decision evaluate(const FleetView& view) override;

  const TargetTrackingParams& params() const { return params_; }
  const Alarm& high_alarm() const { return high_; }
  const Alarm& low_alarm() const { return low_; }

 private:
  /// Instances needed to bring the load of `points` (the highest one's) to the target.
  int needed_capacity(const FleetView& view, const std::vector<Datapoint>& points) const;
  Decision scale_out(const FleetView& view, const AlarmEvaluation& high) const;
  Decision scale_in(const FleetView& view, const AlarmEvaluation& low) const;

  TargetTrackingParams params_;
  Alarm high_;
  Alarm low_;
};

/// Reads a `policy: target-tracking` block; errors go to the node's diagnostics.
std::unique_ptr<ScalingPolicy> make_target_tracking_policy(const sim::ConfigNode& node);

}  // namespace stratus::models::autoscaling
