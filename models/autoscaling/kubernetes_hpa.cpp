#include "models/autoscaling/kubernetes_hpa.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "models/autoscaling/time_slack.hpp"
#include "sim/number_format.hpp"

namespace stratus::models::autoscaling {

namespace {

using sim::ConfigNode;
using sim::Quantity;

// Go compares instants strictly (time.After, time.Before: see time_slack.hpp). Simulated syncs
// fall on exact multiples of the sync period, so an event exactly one policy period old must land
// where Go puts it (outside the period).

// The view gives each pod's CPU as a percent of its request, not the request itself. All pods
// of a fleet request the same CPU, so any common request reproduces the controller's integer
// arithmetic (milli-units, truncating division) exactly.
constexpr long long kRequestMilli = 1000;

long long usage_milli(const PodMetric& pod) {
  return std::llround(pod.cpu_utilisation * static_cast<double>(kRequestMilli) / 100.0);
}

// GetResourceUtilizationRatio: a whole percent, truncated.
int utilisation_percent(long long usage_milli_total, int pods) {
  return static_cast<int>(usage_milli_total * 100 / (pods * kRequestMilli));
}

// int32(math.Ceil(x)), saturating where the controller's int32 would overflow.
int ceil_replicas(double x) {
  const double c = std::ceil(x);
  if (std::isnan(c)) return 0;
  if (c >= static_cast<double>(INT_MAX)) return INT_MAX;
  return static_cast<int>(c);
}

/// groupPods for the cpu resource: which pods' samples count, which are ignored as unready,
/// which lack a sample.
struct PodGroups {
  std::vector<long long> ready_usage;  // milli-units of the pods that count
  int unready = 0;
  int missing = 0;
};

// The readiness rule of groupPods for a pod that has a sample. An unready pod's transition time
// is not in the view: such a pod has not been ready since it started (the fleet does not mark
// serving pods unready), so its Ready condition changed when it started.
bool cpu_sample_ignored(const PodMetric& pod, double now_s, const KubernetesHpaParams& p) {
  if (after(pod.started_s + p.cpu_initialization_period_s, now_s)) {
    // Still initialising: the sample counts once a whole window was collected since it became
    // ready (the sample is the latest one, taken now).
    return !pod.ready || before(now_s, pod.ready_since_s + p.metric_window_s);
  }
  const double last_transition_s = pod.started_s;
  return !pod.ready && after(pod.started_s + p.initial_readiness_delay_s, last_transition_s);
}

// The view does not tell Pending from Running-but-unready: a pod that is neither ready nor
// sampled is still booting (Pending: unready); a sampled or ready pod is Running.
PodGroups group_pods(const std::vector<PodMetric>& pods, double now_s, const KubernetesHpaParams& p) {
  PodGroups groups;
  for (const PodMetric& pod : pods) {
    if (!pod.ready && !pod.has_metric) {
      ++groups.unready;
    } else if (!pod.has_metric) {
      ++groups.missing;
    } else if (cpu_sample_ignored(pod, now_s, p)) {
      ++groups.unready;
    } else {
      groups.ready_usage.push_back(usage_milli(pod));
    }
  }
  return groups;
}

// getReplicasChangePerPeriod: an event exactly one period old no longer counts.
template <class Event>
int replicas_changed_in(double period_s, const std::vector<Event>& events, double now_s) {
  int replicas = 0;
  for (const Event& e : events)
    if (after(e.time_s, now_s - period_s)) replicas += e.change;
  return replicas;
}

double longest_period_s(const HpaScalingRules& rules) {
  double longest = 0.0;
  for (const HpaScalingPolicy& p : rules.policies)
    longest = std::max(longest, p.period_s);
  return longest;
}

const char* metric_name(HpaMetricType type) {
  switch (type) {
    case HpaMetricType::cpu:
      return "cpu";
    case HpaMetricType::requests_per_pod:
      return "requests_per_pod";
    case HpaMetricType::in_flight_per_pod:
      return "in_flight_per_pod";
  }
  return "cpu";
}

}  // namespace

HpaScalingRules HpaScalingRules::default_scale_up() {
  return HpaScalingRules{
      0.0, HpaSelectPolicy::max, {{HpaPolicyType::pods, 4, 15.0}, {HpaPolicyType::percent, 100, 15.0}}};
}

HpaScalingRules HpaScalingRules::default_scale_down() {
  return HpaScalingRules{
      kDownscaleStabilisationWindowS, HpaSelectPolicy::max, {{HpaPolicyType::percent, 100, 15.0}}};
}

KubernetesHpaPolicy::KubernetesHpaPolicy(KubernetesHpaParams params) : params_(std::move(params)) {
  if (!(params_.sync_period_s > 0.0))
    throw std::invalid_argument("kubernetes-hpa: the sync period must be positive");
  if (params_.metrics.empty()) params_.metrics.push_back(HpaMetricSpec{});  // the API's default: cpu at 80 %
}

bool KubernetesHpaPolicy::within_tolerance(double usage_ratio) const {
  // Tolerances.isWithin, with the same tolerance both ways.
  return (1.0 - params_.tolerance) <= usage_ratio && usage_ratio <= (1.0 + params_.tolerance);
}

// reconcileAutoscaler, from reading the scale to the rescale.
Decision KubernetesHpaPolicy::evaluate(const FleetView& view) {
  const int current = view.desired;
  const int min_replicas = view.min_capacity;
  const int max_replicas = view.max_capacity;
  if (recommendations_.empty())
    recommendations_.push_back({current, view.now_s});  // recordInitialRecommendation

  // A target scaled to zero by someone else has autoscaling disabled until it is scaled up.
  if (current == 0 && min_replicas != 0) return {};
  int desired = current;
  std::string reason;
  if (current > max_replicas) {
    desired = max_replicas;
    reason = "current number of replicas above the maximum";
  } else if (current < min_replicas) {
    desired = min_replicas;
    reason = "current number of replicas below the minimum";
  } else {
    const std::optional<Proposal> proposal = replicas_for_metrics(view);
    if (!proposal) return {};  // no valid metric, or an invalid one while the others say scale down
    desired = normalize(current, proposal->replicas, min_replicas, max_replicas, view.now_s);
    reason = proposal->replicas > current ? proposal->metric + " above target"
                                          : "all metrics below target: " + proposal->metric;
    if (desired != proposal->replicas) reason += "; recommended " + std::to_string(proposal->replicas);
  }
  if (desired == current) return {};
  store_scale_event(current, desired, view.now_s);
  Decision decision;
  decision.desired = desired;
  decision.reason = std::move(reason);
  return decision;
}

// computeReplicasForMetrics: the largest proposal wins; all metrics invalid, or some invalid
// while the valid ones would scale down, means no scaling at all.
std::optional<KubernetesHpaPolicy::Proposal> KubernetesHpaPolicy::replicas_for_metrics(
    const FleetView& view) const {
  std::optional<Proposal> best;
  std::size_t invalid = 0;
  for (const HpaMetricSpec& metric : params_.metrics) {
    std::optional<Proposal> proposal = replicas_for_metric(metric, view);
    if (!proposal) {
      ++invalid;
    } else if (!best || best->replicas == 0 || proposal->replicas > best->replicas) {
      best = std::move(proposal);
    }
  }
  if (invalid >= params_.metrics.size() || (invalid > 0 && best->replicas < view.desired))
    return std::nullopt;
  return best;
}

std::optional<KubernetesHpaPolicy::Proposal> KubernetesHpaPolicy::replicas_for_metric(
    const HpaMetricSpec& metric, const FleetView& view) const {
  if (metric.type == HpaMetricType::cpu) {
    const int target = static_cast<int>(metric.target);
    int utilisation = 0;
    const std::optional<int> replicas = cpu_replicas(view.desired, target, view, utilisation);
    if (!replicas) return std::nullopt;
    return Proposal{*replicas, "cpu utilisation " + std::to_string(utilisation) + "% (target " +
                                   std::to_string(target) + "%)"};
  }
  const std::optional<double> usage = external_usage(metric, view);
  if (!usage) return std::nullopt;
  // scale.Status.Replicas: every pod of the target that is not being deleted.
  const int status_replicas = view.launching + view.warming + view.in_service;
  return Proposal{per_pod_replicas(status_replicas, metric.target, *usage),
                  std::string(metric_name(metric.type)) + " " + sim::format_readable(*usage) +
                      " in total (target " + sim::format_readable(metric.target) + " per pod)"};
}

// GetResourceReplicas.
std::optional<int> KubernetesHpaPolicy::cpu_replicas(int current, int target, const FleetView& view,
                                                     int& utilisation) const {
  if (view.pods.empty()) return std::nullopt;  // no pods returned by selector
  const PodGroups groups = group_pods(view.pods, view.now_s, params_);
  if (groups.ready_usage.empty()) return std::nullopt;  // did not receive metrics for targeted pods

  long long usage = 0;
  for (const long long u : groups.ready_usage)
    usage += u;
  int counted = static_cast<int>(groups.ready_usage.size());
  utilisation = utilisation_percent(usage, counted);
  const double usage_ratio = static_cast<double>(utilisation) / target;

  const bool scale_up_with_unready = groups.unready > 0 && usage_ratio > 1.0;
  if (!scale_up_with_unready && groups.missing == 0) {
    if (within_tolerance(usage_ratio)) return current;
    return ceil_replicas(usage_ratio * counted);
  }

  // Dampen the change: on a scale-down, pods missing a sample use their whole request (or the
  // target when above 100 %); on a scale-up, they and the unready pods use nothing.
  if (groups.missing > 0 && usage_ratio < 1.0) {
    usage += groups.missing * (kRequestMilli * std::max<long long>(100, target) / 100);
    counted += groups.missing;
  } else if (groups.missing > 0 && usage_ratio > 1.0) {
    counted += groups.missing;
  }
  if (scale_up_with_unready) counted += groups.unready;

  const double new_usage_ratio = static_cast<double>(utilisation_percent(usage, counted)) / target;
  // Too small a change, or one whose direction the dampening reversed: keep the count.
  if (within_tolerance(new_usage_ratio) || (usage_ratio < 1.0 && new_usage_ratio > 1.0) ||
      (usage_ratio > 1.0 && new_usage_ratio < 1.0))
    return current;
  const int replicas = ceil_replicas(new_usage_ratio * counted);
  if ((new_usage_ratio < 1.0 && replicas > current) || (new_usage_ratio > 1.0 && replicas < current))
    return current;
  return replicas;
}

// The fleet-wide value an external metric server would return, from the latest published
// datapoint; none (or a period without samples) is an invalid metric, as a failed query is.
std::optional<double> KubernetesHpaPolicy::external_usage(const HpaMetricSpec& metric,
                                                          const FleetView& view) const {
  if (view.metrics == nullptr) return std::nullopt;
  const bool rate = metric.type == HpaMetricType::requests_per_pod;
  const StatisticSpec statistic{rate ? Statistic::sum : Statistic::average, 0.0};
  const std::vector<Datapoint> points = view.metrics->datapoints(rate ? "request_count" : "in_flight",
                                                                 statistic, metric.period_s, 1, view.now_s);
  if (points.empty() || !points.back().present) return std::nullopt;
  return rate ? points.back().value / metric.period_s : points.back().value;
}

// GetExternalPerPodMetricReplicas: the tolerance is judged against the pods that exist, the
// proposal is the total over the per-pod target.
int KubernetesHpaPolicy::per_pod_replicas(int status_replicas, double target, double usage) const {
  const double usage_ratio = usage / (target * static_cast<double>(status_replicas));
  if (within_tolerance(usage_ratio)) return status_replicas;
  return ceil_replicas(usage / target);
}

// reconcileAutoscaler picks the legacy normalisation when spec.behavior is nil, and
// normalizeDesiredReplicasWithBehaviors otherwise.
int KubernetesHpaPolicy::normalize(int current, int proposed, int min_replicas, int max_replicas,
                                   double now_s) {
  if (!params_.behavior) return normalize_legacy(current, proposed, min_replicas, max_replicas, now_s);
  const int stabilized = stabilize(current, proposed, now_s);
  return rate_limited(current, stabilized, min_replicas, max_replicas, now_s);
}

// normalizeDesiredReplicas: stabilise, then convertDesiredReplicasWithRules. The scale-up
// ceiling is calculateScaleUpLimit's max(scaleUpLimitFactor × current, scaleUpLimitMinimum), i.e.
// max(2 × current, 4) per sync, whatever was done in the syncs before; a scale-down has no rate
// limit, only the minimum.
int KubernetesHpaPolicy::normalize_legacy(int current, int proposed, int min_replicas, int max_replicas,
                                          double now_s) {
  const int stabilized = stabilize_legacy(proposed, now_s);
  const long long scale_up_limit = std::max(2LL * current, 4LL);
  const int maximum_allowed = static_cast<int>(std::min<long long>(max_replicas, scale_up_limit));
  if (stabilized < min_replicas) return min_replicas;
  return std::min(stabilized, maximum_allowed);
}

// stabilizeRecommendation: the highest recommendation not older than the downscale window,
// the raw proposal included. Unlike the behavior path, a recommendation exactly as old as the
// window still counts (only time.Before(cutoff) drops it); the proposal takes the slot of the
// last one dropped.
int KubernetesHpaPolicy::stabilize_legacy(int proposed, double now_s) {
  const double cutoff = now_s - kDownscaleStabilisationWindowS;
  int highest = proposed;
  std::optional<std::size_t> old_sample;
  for (std::size_t i = 0; i < recommendations_.size(); ++i) {
    if (before(recommendations_[i].time_s, cutoff)) {
      old_sample = i;
    } else {
      highest = std::max(highest, recommendations_[i].replicas);
    }
  }
  if (old_sample) {
    recommendations_[*old_sample] = Recommendation{proposed, now_s};
  } else {
    recommendations_.push_back(Recommendation{proposed, now_s});
  }
  return highest;
}

// stabilizeRecommendationWithBehaviors: the lowest recommendation of the scale-up window and the
// highest of the scale-down window bound the answer; the raw proposal is recorded, reusing the
// slot of one that both windows have left behind.
int KubernetesHpaPolicy::stabilize(int current, int proposed, double now_s) {
  const double up_cutoff = now_s - params_.behavior->scale_up.stabilization_window_s;
  const double down_cutoff = now_s - params_.behavior->scale_down.stabilization_window_s;
  int up_recommendation = proposed;
  int down_recommendation = proposed;
  std::optional<std::size_t> old_sample;
  for (std::size_t i = 0; i < recommendations_.size(); ++i) {
    const Recommendation& r = recommendations_[i];
    if (after(r.time_s, up_cutoff)) up_recommendation = std::min(r.replicas, up_recommendation);
    if (after(r.time_s, down_cutoff)) down_recommendation = std::max(r.replicas, down_recommendation);
    if (before(r.time_s, up_cutoff) && before(r.time_s, down_cutoff)) old_sample = i;
  }
  const int recommendation = std::min(std::max(current, up_recommendation), down_recommendation);
  if (old_sample) {
    recommendations_[*old_sample] = Recommendation{proposed, now_s};
  } else {
    recommendations_.push_back(Recommendation{proposed, now_s});
  }
  return recommendation;
}

// convertDesiredReplicasWithBehaviorRate: the bounds, and how far the policies let the count
// move from where it stood at the start of their periods.
int KubernetesHpaPolicy::rate_limited(int current, int desired, int min_replicas, int max_replicas,
                                      double now_s) const {
  if (desired > current) {
    const int limit = std::max(scale_up_limit(current, now_s), current);
    return std::min(desired, std::min(max_replicas, limit));
  }
  if (desired < current) {
    const int limit = std::min(scale_down_limit(current, now_s), current);
    return std::max(desired, std::max(min_replicas, limit));
  }
  return desired;
}

int KubernetesHpaPolicy::period_start_replicas(int current, double period_s, double now_s) const {
  return current - replicas_changed_in(period_s, scale_up_events_, now_s) +
         replicas_changed_in(period_s, scale_down_events_, now_s);
}

// calculateScaleUpLimitWithScalingRules: selectPolicy Max takes the policy allowing the most.
int KubernetesHpaPolicy::scale_up_limit(int current, double now_s) const {
  const HpaScalingRules& rules = params_.behavior->scale_up;
  if (rules.select == HpaSelectPolicy::disabled) return current;
  const bool least_change = rules.select == HpaSelectPolicy::min;
  int result = least_change ? INT_MAX : INT_MIN;
  for (const HpaScalingPolicy& policy : rules.policies) {
    const int start = period_start_replicas(current, policy.period_s, now_s);
    // A percentage rounds up, or a small fleet could never grow.
    const int proposed =
        policy.type == HpaPolicyType::pods
            ? start + policy.value
            : ceil_replicas(static_cast<double>(start) * (1 + static_cast<double>(policy.value) / 100));
    result = least_change ? std::min(result, proposed) : std::max(result, proposed);
  }
  return result;
}

// calculateScaleDownLimitWithBehaviors: selectPolicy Max takes the policy removing the most;
// a percentage truncates (10 % of 72 removes 8: 64.8 -> 64).
int KubernetesHpaPolicy::scale_down_limit(int current, double now_s) const {
  const HpaScalingRules& rules = params_.behavior->scale_down;
  if (rules.select == HpaSelectPolicy::disabled) return current;
  const bool least_change = rules.select == HpaSelectPolicy::min;
  int result = least_change ? INT_MIN : INT_MAX;
  for (const HpaScalingPolicy& policy : rules.policies) {
    const int start = period_start_replicas(current, policy.period_s, now_s);
    const int proposed =
        policy.type == HpaPolicyType::pods
            ? start - policy.value
            : static_cast<int>(static_cast<double>(start) * (1 - static_cast<double>(policy.value) / 100));
    result = least_change ? std::max(result, proposed) : std::min(result, proposed);
  }
  return result;
}

// storeScaleEvent: events older than the direction's longest policy period are marked outdated
// and the last of them is overwritten, which bounds the list. Without a behavior no rate policy
// reads them, and the controller keeps none.
void KubernetesHpaPolicy::store_scale_event(int previous, int desired, double now_s) {
  if (!params_.behavior) return;
  const bool up = desired > previous;
  std::vector<ScaleEvent>& events = up ? scale_up_events_ : scale_down_events_;
  const double cutoff =
      now_s - longest_period_s(up ? params_.behavior->scale_up : params_.behavior->scale_down);
  std::optional<std::size_t> old_sample;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (before(events[i].time_s, cutoff)) events[i].outdated = true;
    if (events[i].outdated) old_sample = i;
  }
  const ScaleEvent event{up ? desired - previous : previous - desired, now_s, false};
  if (old_sample) {
    events[*old_sample] = event;
  } else {
    events.push_back(event);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the scenario block.

namespace {

const std::vector<std::string> kHpaKeys = {"target_cpu_utilisation",
                                           "tolerance",
                                           "cpu_initialization_period",
                                           "initial_readiness_delay",
                                           "sync_period",
                                           "metric_window",
                                           "metrics",
                                           "behavior"};

// A duration in [low, high] (low excluded when `positive`); a bad one is reported and the
// fallback kept, so that the policy built from a faulty file is still a sound one.
double duration_in(const ConfigNode& node, double fallback, bool positive, double high) {
  const double v = node.quantity_or(Quantity::duration, fallback);
  if (!node.present() || node.is_null()) return fallback;
  if ((positive && !(v > 0)) || v > high) {
    node.error("'" + node.key() + "' must be " + (positive ? "positive" : "at least 0s") + " and at most " +
               sim::format_readable(high) + "s");
    return fallback;
  }
  return v;
}

int cpu_target(const ConfigNode& node) {
  const long long v = node.as_integer(80);
  if (v < 1 || v > INT_MAX) {
    node.error("'" + node.key() + "' must be a whole percent of at least 1, got " + std::to_string(v));
    return 80;
  }
  return static_cast<int>(v);
}

double positive_target(const ConfigNode& node, Quantity q) {
  const double v = node.as_quantity(q, 1.0);
  if (!(v > 0)) {
    node.error("'target' must be positive");
    return 1.0;
  }
  return v;
}

HpaMetricSpec read_metric(const ConfigNode& node) {
  node.expect_keys({"type", "target", "period"});
  HpaMetricSpec metric;
  const std::string type =
      node["type"].require()
          ? node["type"].as_choice("metric type", {"cpu", "requests_per_pod", "in_flight_per_pod"}, "cpu")
          : "cpu";
  metric.type = type == "requests_per_pod"    ? HpaMetricType::requests_per_pod
                : type == "in_flight_per_pod" ? HpaMetricType::in_flight_per_pod
                                              : HpaMetricType::cpu;
  if (metric.type == HpaMetricType::cpu) {
    if (node["period"].present())
      node["period"].error("'period' applies to requests_per_pod and in_flight_per_pod");
    if (node["target"].require()) metric.target = cpu_target(node["target"]);
    return metric;
  }
  // A request rate is written 50/s or 3000/min; an in-flight count is a plain number.
  if (node["target"].require())
    metric.target = positive_target(
        node["target"], metric.type == HpaMetricType::requests_per_pod ? Quantity::rate : Quantity::number);
  metric.period_s = duration_in(node["period"], 60.0, true, 24 * 3600.0);
  return metric;
}

std::vector<HpaMetricSpec> read_metrics(const ConfigNode& node) {
  std::vector<HpaMetricSpec> metrics;
  const ConfigNode list = node["metrics"];
  if (list.present() && list.expect_sequence())
    for (const ConfigNode& item : list.items())
      metrics.push_back(read_metric(item));
  const ConfigNode cpu = node["target_cpu_utilisation"];
  if (!cpu.present() || cpu.is_null()) return metrics;
  const bool listed = std::any_of(metrics.begin(), metrics.end(),
                                  [](const HpaMetricSpec& m) { return m.type == HpaMetricType::cpu; });
  if (listed) {
    cpu.error("the cpu target is given twice: as 'target_cpu_utilisation' and in 'metrics'");
  } else {
    metrics.insert(metrics.begin(),
                   HpaMetricSpec{HpaMetricType::cpu, static_cast<double>(cpu_target(cpu)), 60.0});
  }
  return metrics;
}

HpaScalingPolicy read_scaling_policy(const ConfigNode& node) {
  node.expect_keys({"type", "value", "period"});
  HpaScalingPolicy policy;
  if (node["type"].require())
    policy.type = node["type"].as_choice("scaling policy type", {"pods", "percent"}, "pods") == "percent"
                      ? HpaPolicyType::percent
                      : HpaPolicyType::pods;
  if (node["value"].require()) {
    const long long v = node["value"].as_integer(1);
    if (v < 1 || v > INT_MAX) {
      node["value"].error("'value' must be a whole number of at least 1, got " + std::to_string(v));
    } else {
      policy.value = static_cast<int>(v);
    }
  }
  if (node["period"].require()) policy.period_s = duration_in(node["period"], 15.0, true, 1800.0);
  return policy;
}

// One direction of `behavior`; what is left out keeps the controller's default.
HpaScalingRules read_rules(const ConfigNode& node, HpaScalingRules rules) {
  if (!node.present() || node.is_null()) return rules;
  node.expect_keys({"stabilization_window", "select_policy", "policies"});
  rules.stabilization_window_s =
      duration_in(node["stabilization_window"], rules.stabilization_window_s, false, 3600.0);
  const std::string select =
      node["select_policy"].choice_or("select policy", {"max", "min", "disabled"}, "max");
  rules.select = select == "min"        ? HpaSelectPolicy::min
                 : select == "disabled" ? HpaSelectPolicy::disabled
                                        : HpaSelectPolicy::max;
  const ConfigNode list = node["policies"];
  if (!list.present() || list.is_null() || !list.expect_sequence()) return rules;
  if (list.size() == 0) {
    list.error("'policies' must list at least one scaling policy");
    return rules;
  }
  rules.policies.clear();
  for (const ConfigNode& item : list.items())
    rules.policies.push_back(read_scaling_policy(item));
  return rules;
}

}  // namespace

KubernetesHpaParams read_kubernetes_hpa_params(const ConfigNode& node,
                                               const std::vector<std::string>& also_known) {
  std::vector<std::string> keys = kHpaKeys;
  keys.insert(keys.end(), also_known.begin(), also_known.end());
  node.expect_keys(keys);
  KubernetesHpaParams p;
  p.metrics = read_metrics(node);
  p.tolerance = node["tolerance"].number_or(p.tolerance);
  if (!(p.tolerance >= 0.0 && p.tolerance < 1.0)) {
    node["tolerance"].error("'tolerance' must be at least 0 and below 1");
    p.tolerance = 0.1;
  }
  p.cpu_initialization_period_s =
      duration_in(node["cpu_initialization_period"], p.cpu_initialization_period_s, false, 24 * 3600.0);
  p.initial_readiness_delay_s =
      duration_in(node["initial_readiness_delay"], p.initial_readiness_delay_s, false, 24 * 3600.0);
  p.sync_period_s = duration_in(node["sync_period"], p.sync_period_s, true, 3600.0);
  p.metric_window_s = duration_in(node["metric_window"], p.metric_window_s, false, 3600.0);
  // `behavior: {}` is a behavior (every rule defaulted); no `behavior` is the legacy path.
  const ConfigNode behavior = node["behavior"];
  if (behavior.present() && !behavior.is_null()) {
    behavior.expect_keys({"scale_up", "scale_down"});
    HpaBehavior rules;
    rules.scale_up = read_rules(behavior["scale_up"], rules.scale_up);
    rules.scale_down = read_rules(behavior["scale_down"], rules.scale_down);
    p.behavior = rules;
  }
  return p;
}

std::unique_ptr<ScalingPolicy> make_kubernetes_hpa_policy(const ConfigNode& node) {
  return std::make_unique<KubernetesHpaPolicy>(read_kubernetes_hpa_params(node, {"policy"}));
}

}  // namespace stratus::models::autoscaling
