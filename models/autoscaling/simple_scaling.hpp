#pragma once
// EC2 Auto Scaling's simple scaling policy ("simple"): one CloudWatch alarm, one adjustment,
// then a cooldown. "After a scaling activity is started, the policy must wait for the scaling
// activity or health check replacement to complete and the cooldown period to expire before
// responding to additional alarms" (as-scaling-simple-step.html); the default cooldown is
// 300 s (DefaultCooldown, CreateAutoScalingGroup). As in AWS, a policy has one alarm and one
// direction: a scenario that scales both ways lists two simple policies.
//
// When the activity completes is read from the view: a scale-out completes when nothing is
// launching any more (at the latest time a pod became ready after the decision, when pods
// are listed), a scale-in when nothing is draining. When the view never showed the activity
// (the fleet clamped it away, or it finished between two evaluations without a pod to date
// it), the cooldown runs from the decision time instead. The view cannot tell this policy's
// instances from another policy's: an activity of another policy that overlaps delays this
// one's completion. AWS's cooldown is the group's, shared by all its simple policies; here
// each policy keeps its own.
//
// YAML:
//   policy: simple
//   metric: cpu_utilisation
//   statistic: average
//   period: 60s
//   evaluation_periods: 1
//   datapoints: 1
//   threshold: 70                  # required
//   comparison: ">="
//   missing_data: missing
//   adjustment_type: change_in_capacity   # percent_change_in_capacity, exact_capacity
//   adjustment: 1                  # required; negative to scale in
//   min_adjustment_magnitude: 0
//   cooldown: 300s
#include <memory>
#include <optional>

#include "models/autoscaling/alarm.hpp"
#include "models/autoscaling/policy.hpp"
#include "sim/config.hpp"

namespace stratus::models::autoscaling {

struct SimpleScalingParams {
  AlarmSpec alarm;
  AdjustmentType adjustment_type = AdjustmentType::change_in_capacity;
  int adjustment = 1;
  int min_adjustment_magnitude = 0;
  double cooldown_s = 300.0;
};

class SimpleScalingPolicy final : public ScalingPolicy {
 public:
  /// Throws std::invalid_argument for a negative cooldown or magnitude, or a bad alarm spec.
  explicit SimpleScalingPolicy(SimpleScalingParams params);

  double interval_s() const override { return params_.alarm.period_s; }
  Decision evaluate(const FleetView& view) override;

  const Alarm& alarm() const { return alarm_; }
  /// When the cooldown of the last completed activity ends (-inf before any activity).
  double cooldown_until_s() const { return cooldown_until_s_; }
  bool activity_in_progress() const { return activity_.has_value(); }

 private:
  struct Activity {
    bool scale_out = true;
    double decided_s = 0.0;
    bool seen = false;  // the view showed instances launching (out) or draining (in) since
  };

  /// Ends the activity in progress when the view shows it complete, starting the cooldown.
  void track_activity(const FleetView& view);
  double completion_time(const FleetView& view, const Activity& activity) const;

  SimpleScalingParams params_;
  Alarm alarm_;
  std::optional<Activity> activity_;
  double cooldown_until_s_;
};

/// Reads a `policy: simple` block; errors go to the node's diagnostics.
std::unique_ptr<ScalingPolicy> make_simple_scaling_policy(const sim::ConfigNode& node);

}  // namespace stratus::models::autoscaling
