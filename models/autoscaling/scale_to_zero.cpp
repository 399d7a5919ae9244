#include "models/autoscaling/scale_to_zero.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "models/autoscaling/time_slack.hpp"

namespace stratus::models::autoscaling {

namespace {

using sim::ConfigNode;
using sim::Quantity;

std::string seconds(double s) {
  return std::to_string(static_cast<long long>(s)) + " s";
}

}  // namespace

ScaleToZeroPolicy::ScaleToZeroPolicy(ScaleToZeroParams params)
    : params_(std::move(params)),
      hpa_(params_.hpa),
      next_poll_s_(params_.polling_interval_s),
      next_sync_s_(params_.hpa.sync_period_s) {
  if (!(params_.polling_interval_s > 0.0) || !(params_.activation_period_s > 0.0))
    throw std::invalid_argument("scale-to-zero: the polling interval and activation period must be positive");
}

double ScaleToZeroPolicy::interval_s() const {
  return std::min(params_.polling_interval_s, params_.hpa.sync_period_s);
}

double ScaleToZeroPolicy::next_evaluation_s(double /*now_s*/) const {
  return std::min(next_poll_s_, next_sync_s_);
}

// KEDA's scale loop and the HPA controller run independently; when both are due at once and
// KEDA scales, the HPA leaves this sync to the next one (it would see the old count).
Decision ScaleToZeroPolicy::evaluate(const FleetView& view) {
  Decision decision;
  if (due(next_poll_s_, view.now_s)) {
    next_poll_s_ = view.now_s + params_.polling_interval_s;
    decision = poll(view);
  }
  if (due(next_sync_s_, view.now_s)) {
    next_sync_s_ = view.now_s + params_.hpa.sync_period_s;
    if (decision.empty()) decision = run_hpa(view);
  }
  return decision;
}

bool ScaleToZeroPolicy::metric_above_threshold(const FleetView& view, const char* metric,
                                               Statistic statistic) const {
  const std::vector<Datapoint> points = view.metrics->datapoints(metric, StatisticSpec{statistic, 0.0},
                                                                 params_.activation_period_s, 1, view.now_s);
  return !points.empty() && points.back().present && points.back().value > params_.activation_threshold;
}

// A scaler's IsActive: its value strictly above the activation threshold. Arrivals (held
// while at zero) and requests still in flight are the two triggers.
bool ScaleToZeroPolicy::active(const FleetView& view) const {
  if (view.metrics == nullptr) return false;
  return metric_above_threshold(view, "request_count", Statistic::sum) ||
         metric_above_threshold(view, "in_flight", Statistic::maximum);
}

// RequestScale: wake from zero, go back to zero after the cooldown, or note the activity.
Decision ScaleToZeroPolicy::poll(const FleetView& view) {
  const bool is_active = active(view);
  const int current = view.desired;
  Decision decision;
  if (current == 0 && is_active) {
    last_active_s_ = view.now_s;
    decision.desired = std::max(view.min_capacity, 1);
    decision.reason = "activity above the activation threshold while at zero replicas";
  } else if (!is_active && current > 0 && view.min_capacity == 0) {
    // Never active (replicas set from outside): KEDA ignores the cooldown.
    if (!last_active_s_ || before(*last_active_s_ + params_.cooldown_period_s, view.now_s)) {
      decision.desired = 0;
      decision.reason = last_active_s_
                            ? "no activity for the cooldown period (" + seconds(params_.cooldown_period_s) +
                                  ") since " + seconds(*last_active_s_)
                            : "no activity since the start";
    }
  } else if (!is_active && current < view.min_capacity) {
    decision.desired = view.min_capacity;
    decision.reason = "below the minimum replica count";
  } else if (is_active) {
    last_active_s_ = view.now_s;
  }
  return decision;
}

// The HPA that KEDA creates has at least one replica as its minimum.
Decision ScaleToZeroPolicy::run_hpa(const FleetView& view) {
  FleetView hpa_view = view;
  hpa_view.min_capacity = std::max(view.min_capacity, 1);
  return hpa_.evaluate(hpa_view);
}

ScaleToZeroParams read_scale_to_zero_params(const ConfigNode& node) {
  node.expect_keys(
      {"policy", "polling_interval", "cooldown_period", "activation_threshold", "activation_period", "hpa"});
  ScaleToZeroParams p;
  p.polling_interval_s =
      node["polling_interval"].positive_quantity_or(Quantity::duration, p.polling_interval_s);
  p.cooldown_period_s = node["cooldown_period"].quantity_or(Quantity::duration, p.cooldown_period_s);
  p.activation_threshold = node["activation_threshold"].number_or(p.activation_threshold);
  if (!(p.activation_threshold >= 0.0)) {
    node["activation_threshold"].error("'activation_threshold' must be at least 0");
    p.activation_threshold = 0.0;
  }
  p.activation_period_s =
      node["activation_period"].positive_quantity_or(Quantity::duration, p.activation_period_s);
  const ConfigNode hpa = node["hpa"];
  if (hpa.present() && !hpa.is_null()) p.hpa = read_kubernetes_hpa_params(hpa);
  return p;
}

std::unique_ptr<ScalingPolicy> make_scale_to_zero_policy(const ConfigNode& node) {
  return std::make_unique<ScaleToZeroPolicy>(read_scale_to_zero_params(node));
}

}  // namespace stratus::models::autoscaling
