#include "models/autoscaling/simple_scaling.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "sim/number_format.hpp"

namespace stratus::models::autoscaling {

namespace {

using sim::ConfigNode;

const SimpleScalingParams& checked(const SimpleScalingParams& p) {
  if (!(p.cooldown_s >= 0.0)) throw std::invalid_argument("simple scaling: the cooldown must be >= 0");
  if (p.min_adjustment_magnitude < 0)
    throw std::invalid_argument("simple scaling: min_adjustment_magnitude must be >= 0");
  return p;
}

std::string describe(AdjustmentType type, int adjustment) {
  if (type == AdjustmentType::exact_capacity) return "exactly " + std::to_string(adjustment);
  const std::string sign = adjustment > 0 ? "+" : "";
  return sign + std::to_string(adjustment) + (type == AdjustmentType::percent_change_in_capacity ? "%" : "");
}

}  // namespace

SimpleScalingPolicy::SimpleScalingPolicy(SimpleScalingParams params)
    : params_(checked(params)),
      alarm_(params_.alarm),
      cooldown_until_s_(-std::numeric_limits<double>::infinity()) {}

double SimpleScalingPolicy::completion_time(const FleetView& view, const Activity& activity) const {
  if (activity.scale_out) {
    // The last instance of the activity became ready when the latest pod did.
    double latest = -std::numeric_limits<double>::infinity();
    for (const PodMetric& pod : view.pods)
      if (pod.ready && pod.ready_since_s >= activity.decided_s) latest = std::max(latest, pod.ready_since_s);
    if (latest >= activity.decided_s) return latest;
  }
  return activity.seen ? view.now_s : activity.decided_s;
}

void SimpleScalingPolicy::track_activity(const FleetView& view) {
  if (!activity_) return;
  const int in_progress = activity_->scale_out ? view.launching : view.draining;
  if (in_progress > 0) {
    activity_->seen = true;
    return;
  }
  cooldown_until_s_ = completion_time(view, *activity_) + params_.cooldown_s;
  activity_.reset();
}

Decision SimpleScalingPolicy::evaluate(const FleetView& view) {
  if (view.metrics == nullptr) return {};
  // The alarm is evaluated during cooldowns too: its state must be CloudWatch's when the
  // cooldown ends.
  const AlarmEvaluation eval = alarm_.evaluate(*view.metrics, view.now_s);
  track_activity(view);
  if (activity_ || view.now_s < cooldown_until_s_ || !eval.in_alarm()) return {};
  const int capacity =
      clamp_to_bounds(view, adjusted_capacity(view.desired, params_.adjustment_type, params_.adjustment,
                                              params_.min_adjustment_magnitude));
  if (capacity == view.desired) return {};
  activity_ = Activity{capacity > view.desired, view.now_s, false};
  Decision d;
  d.desired = capacity;
  d.reason = "simple: " + eval.reason + "; " + describe(params_.adjustment_type, params_.adjustment) +
             " on " + std::to_string(view.desired) + " -> " + std::to_string(capacity) + ", then a " +
             sim::format_number(params_.cooldown_s) + " s cooldown";
  return d;
}

std::unique_ptr<ScalingPolicy> make_simple_scaling_policy(const ConfigNode& node) {
  std::vector<std::string> keys = alarm_keys();
  keys.insert(keys.end(),
              {"policy", "adjustment_type", "adjustment", "min_adjustment_magnitude", "cooldown"});
  node.expect_keys(keys);
  SimpleScalingParams p;
  p.alarm = read_alarm_spec(node, AlarmSpec{});
  p.adjustment_type = read_adjustment_type(node["adjustment_type"], p.adjustment_type);
  if (node["adjustment"].require())
    p.adjustment = static_cast<int>(node["adjustment"].as_integer(p.adjustment));
  p.min_adjustment_magnitude = read_min_adjustment_magnitude(node["min_adjustment_magnitude"]);
  const ConfigNode cooldown = node["cooldown"];
  p.cooldown_s = cooldown.quantity_or(sim::Quantity::duration, p.cooldown_s);
  if (!(p.cooldown_s >= 0.0)) {
    cooldown.error("'cooldown' must not be negative");
    p.cooldown_s = 300.0;
  }
  return std::make_unique<SimpleScalingPolicy>(p);
}

}  // namespace stratus::models::autoscaling
