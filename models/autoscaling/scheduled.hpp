#pragma once
// EC2 Auto Scaling's scheduled actions ("scheduled"): at given calendar instants the group's
// minimum, maximum and/or desired capacity change. An action either recurs (a cron
// expression evaluated in its time zone, daylight saving time included) or runs once (`at`).
// The policy wakes up at the exact second of the next action (next_evaluation_s); its first
// evaluation, at simulated time 0, only learns the calendar (FleetView.epoch_s), so an action
// due exactly at the epoch runs then too. Actions due at the same instant are applied in list
// order (a later one's values win); an evaluation that comes late applies each missed action
// once, in time order, so the group ends in the state the latest actions define.
//
// YAML (a scaling.policies[] entry):
//   policy: scheduled
//   actions:
//     - name: business-hours
//       schedule: "0 8 * * MON-FRI"     # cron, or:
//       # at: "2024-03-31T08:00"        # once; local to time_zone unless it ends in Z/+HH:MM
//       time_zone: Europe/Paris          # default UTC; also +02:00
//       min: 4                           # each optional, at least one of min, max, desired
//       max: 20
//       desired: 6
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/autoscaling/cron.hpp"
#include "models/autoscaling/policy.hpp"
#include "sim/config.hpp"

namespace stratus::models::autoscaling {

struct ScheduledAction {
  std::string name;
  std::optional<CronExpression> schedule;  // recurring, or
  std::optional<std::int64_t> at_unix_s;   // once
  TimeZone time_zone;                      // for `schedule` (`at` is already an instant)
  std::optional<int> min_capacity, max_capacity, desired;
};

struct ScheduledParams {
  std::vector<ScheduledAction> actions;
};

class ScheduledPolicy final : public ScalingPolicy {
 public:
  /// Throws std::invalid_argument for an action with neither or both of schedule and at, or
  /// with nothing to change, or with min > max.
  explicit ScheduledPolicy(ScheduledParams params);

  /// Only a fallback for callers that ignore next_evaluation_s: the policy wakes at its actions.
  double interval_s() const override { return 60.0; }
  double first_evaluation_s() const override { return 0.0; }
  /// The simulated time of the next action; +infinity when none is left.
  double next_evaluation_s(double now_s) const override;
  Decision evaluate(const FleetView& view) override;

  const ScheduledParams& params() const { return params_; }

 private:
  /// The first run of `action` at or after `unix_s`.
  static std::optional<std::int64_t> first_run_from(const ScheduledAction& action, double unix_s);
  void start_calendar(double epoch_s);

  ScheduledParams params_;
  std::optional<double> epoch_s_;                      // known from the first evaluation on
  std::vector<std::optional<std::int64_t>> next_run_;  // per action, UNIX seconds
};

/// Reads a `policy: scheduled` block; errors (bad cron, unknown time zone) go to the node's
/// diagnostics, located at the offending value.
std::unique_ptr<ScalingPolicy> make_scheduled_policy(const sim::ConfigNode& node);

}  // namespace stratus::models::autoscaling
