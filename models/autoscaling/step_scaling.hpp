#pragma once
// EC2 Auto Scaling's step scaling policy ("step"): one CloudWatch alarm, and step
// adjustments chosen by how far the metric is from the alarm threshold. As in AWS, a policy
// has one alarm and scales one way: a scenario that scales out and in lists two step
// policies (a `>=` alarm with positive steps, a `<=` alarm with negative ones).
//
// Steps (StepAdjustment, EC2 Auto Scaling API): bounds are offsets from the threshold, a
// missing bound is unbounded. Above the threshold the lower bound is inclusive and the upper
// exclusive; below it the lower bound is exclusive and the upper inclusive. Steps must not
// overlap or leave gaps; only the first may lack a lower bound, only the last an upper one.
//
// Warm-up (as-scaling-simple-step.html, "Instance warmup"): on scale-out the instances still
// launching or warming up are not part of the current capacity the adjustment applies to,
// but are part of the desired capacity it is compared with, so a breach repeated while they
// warm adds only what a larger step asks beyond them; scale-in counts terminating (draining)
// instances in the current capacity and waits until no instance warms up.
//
// YAML:
//   policy: step
//   metric: cpu_utilisation
//   statistic: average
//   period: 60s
//   evaluation_periods: 1
//   datapoints: 1                  # N of M; default M
//   threshold: 60                  # required
//   comparison: ">="               # >, >=, <, <=
//   missing_data: missing          # missing, ignore, breaching, not_breaching
//   adjustment_type: change_in_capacity   # percent_change_in_capacity, exact_capacity
//   min_adjustment_magnitude: 0    # percent_change_in_capacity only
//   steps: [{lower: 0, upper: 20, adjustment: 1}, {lower: 20, adjustment: 3}]
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/autoscaling/alarm.hpp"
#include "models/autoscaling/policy.hpp"
#include "sim/config.hpp"

namespace stratus::models::autoscaling {

struct StepAdjustment {
  std::optional<double> lower;  // offset from the threshold; empty: -infinity
  std::optional<double> upper;  // empty: +infinity
  int adjustment = 0;
};

struct StepScalingParams {
  AlarmSpec alarm;
  AdjustmentType adjustment_type = AdjustmentType::change_in_capacity;
  int min_adjustment_magnitude = 0;
  std::vector<StepAdjustment> steps;
};

/// Why `steps` breaks AWS's rules ("" when it does not): empty, a step with neither bound, a
/// bound order, an overlap or a gap.
std::string check_steps(const std::vector<StepAdjustment>& steps);

class StepScalingPolicy final : public ScalingPolicy {
 public:
  /// Throws std::invalid_argument when check_steps() objects or the alarm spec is invalid.
  explicit StepScalingPolicy(StepScalingParams params);

  double interval_s() const override { return params_.alarm.period_s; }
  Decision evaluate(const FleetView& view) override;

  const Alarm& alarm() const { return alarm_; }
  /// The step whose interval holds `value`, by AWS's bound rules; nullptr if none does.
  const StepAdjustment* step_for(double value) const;

 private:
  Decision apply(const FleetView& view, const StepAdjustment& step, const AlarmEvaluation& eval) const;

  StepScalingParams params_;
  Alarm alarm_;
};

/// Reads a `policy: step` block; errors go to the node's diagnostics.
std::unique_ptr<ScalingPolicy> make_step_scaling_policy(const sim::ConfigNode& node);

}  // namespace stratus::models::autoscaling
