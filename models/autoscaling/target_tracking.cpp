#include "models/autoscaling/target_tracking.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/number_format.hpp"

namespace stratus::models::autoscaling {

namespace {

using sim::ConfigNode;

// ceil() of a ratio such as 4 x 62.5 / 50 = 5 must not become 6 through round-off.
constexpr double kRoundingSlack = 1e-9;

const std::vector<std::string> kPredefinedMetrics = {"cpu_utilisation", "request_count_per_target"};

AlarmSpec alarm_spec(const TargetTrackingParams& p, int periods, double threshold, Comparison comparison) {
  AlarmSpec spec;
  spec.metric = p.metric;
  spec.statistic = p.statistic;
  spec.period_s = p.period_s;
  spec.evaluation_periods = periods;
  spec.datapoints_to_alarm = periods;
  spec.threshold = threshold;
  spec.comparison = comparison;
  spec.missing_data = MissingData::missing;  // no data, no scaling
  return spec;
}

const TargetTrackingParams& checked(const TargetTrackingParams& p) {
  if (!(p.target > 0.0)) throw std::invalid_argument("target tracking: the target must be positive");
  if (!(p.scale_in_ratio > 0.0 && p.scale_in_ratio <= 1.0))
    throw std::invalid_argument("target tracking: scale_in_ratio must be in (0, 1]");
  return p;
}

// The datapoint of `series` for the same period as `point`, if published with data.
const Datapoint* matching(const std::vector<Datapoint>& series, const Datapoint& point) {
  for (const Datapoint& d : series)
    if (d.present && std::fabs(d.start_s - point.start_s) < 1e-6) return &d;
  return nullptr;
}

}  // namespace

TargetTrackingPolicy::TargetTrackingPolicy(TargetTrackingParams params)
    : params_(checked(params)),
      high_(alarm_spec(params_, kScaleOutPeriods, params_.target, Comparison::greater)),
      low_(alarm_spec(params_, kScaleInPeriods, params_.target * params_.scale_in_ratio, Comparison::less)) {}

// The load of a datapoint is what the target divides: the requests of the period for a
// request count per target summed over it (the fleet divides them by the routable instances,
// warming ones included, so the exact total is better than value x any count), else the
// metric times the in-service instances behind it (CPU is averaged over those only).
int TargetTrackingPolicy::needed_capacity(const FleetView& view, const std::vector<Datapoint>& points) const {
  const int periods = kScaleInPeriods + Alarm::kExtraRangePeriods;
  const bool per_target_sum =
      params_.metric == "request_count_per_target" && params_.statistic.kind == Statistic::sum;
  const std::vector<Datapoint> behind =
      per_target_sum ? view.metrics->datapoints("request_count", StatisticSpec{Statistic::sum, 0.0},
                                                params_.period_s, periods, view.now_s)
                     : view.metrics->datapoints("in_service", StatisticSpec{Statistic::average, 0.0},
                                                params_.period_s, periods, view.now_s);
  double load = 0.0;
  for (const Datapoint& p : points) {
    const Datapoint* match = matching(behind, p);
    if (per_target_sum) {
      load = std::max(load, match != nullptr ? match->value : p.value * (view.in_service + view.warming));
    } else {
      load =
          std::max(load, p.value * (match != nullptr && match->value > 0.0 ? match->value : view.in_service));
    }
  }
  return static_cast<int>(std::ceil(load / params_.target - kRoundingSlack));
}

// Warming and launching instances are already in view.desired: a second breach computing
// the same need changes nothing, a larger one adds only the difference.
Decision TargetTrackingPolicy::scale_out(const FleetView& view, const AlarmEvaluation& high) const {
  Decision d;
  const int needed = needed_capacity(view, {high.datapoints.back()});
  const int capacity = clamp_to_bounds(view, needed);
  if (capacity <= view.desired) return d;
  d.desired = capacity;
  d.reason = "target tracking high: " + high.reason + "; need " + std::to_string(needed) + " for " +
             params_.metric + " " + sim::format_number(params_.target);
  return d;
}

// Conservative: the highest datapoint of the 15 sets the need, and nothing is removed while
// an instance is launching or warming up (its load is not in the metric yet).
Decision TargetTrackingPolicy::scale_in(const FleetView& view, const AlarmEvaluation& low) const {
  Decision d;
  if (params_.disable_scale_in || view.launching > 0 || view.warming > 0) return d;
  const int needed = needed_capacity(view, low.datapoints);
  const int capacity = clamp_to_bounds(view, needed);
  if (capacity >= view.desired) return d;
  d.desired = capacity;
  d.reason = "target tracking low: " + low.reason + "; need " + std::to_string(needed) + " for " +
             params_.metric + " " + sim::format_number(params_.target);
  return d;
}

Decision TargetTrackingPolicy::evaluate(const FleetView& view) {
  if (view.metrics == nullptr) return {};
  // Both alarms are evaluated every minute, whatever happens, so that their states and
  // windows stay those CloudWatch would show.
  const AlarmEvaluation high = high_.evaluate(*view.metrics, view.now_s);
  const AlarmEvaluation low = low_.evaluate(*view.metrics, view.now_s);
  if (high.in_alarm() && !high.datapoints.empty()) return scale_out(view, high);
  if (low.in_alarm() && !low.datapoints.empty()) return scale_in(view, low);
  return {};
}

std::unique_ptr<ScalingPolicy> make_target_tracking_policy(const ConfigNode& node) {
  node.expect_keys({"policy", "metric", "target", "statistic", "scale_in_ratio", "disable_scale_in"});
  TargetTrackingParams p;
  p.metric = node["metric"].choice_or("target tracking metric", kPredefinedMetrics, p.metric);
  // The predefined metrics' statistics: ASGAverageCPUUtilization is an average,
  // ALBRequestCountPerTarget a sum over the period.
  const StatisticSpec default_statistic{
      p.metric == "request_count_per_target" ? Statistic::sum : Statistic::average, 0.0};
  p.statistic = read_statistic(node["statistic"], default_statistic);
  if (node["target"].require()) p.target = node["target"].as_number(p.target);
  if (!(p.target > 0.0)) {
    node["target"].error("'target' must be positive");
    p.target = 50.0;
  }
  const ConfigNode ratio = node["scale_in_ratio"];
  p.scale_in_ratio = ratio.quantity_or(sim::Quantity::fraction, p.scale_in_ratio);
  if (!(p.scale_in_ratio > 0.0 && p.scale_in_ratio <= 1.0)) {
    ratio.error("'scale_in_ratio' must be in (0, 1]");
    p.scale_in_ratio = 0.7;
  }
  p.disable_scale_in = node["disable_scale_in"].bool_or(false);
  return std::make_unique<TargetTrackingPolicy>(p);
}

}  // namespace stratus::models::autoscaling
