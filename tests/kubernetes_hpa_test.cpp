// Kubernetes HPA (autoscaling/v2) against the controller's rules, with the exact values of
// shared/validation/README.md section 4: the replica formula and its tolerance, the readiness and
// missing-metric rules, several metrics, stabilisation windows, scaling policies counted from
// the HPA's own scale events, and the bounds. Scenarios run the policy every 15 s of simulated
// time, apply each decision at once, and assert the capacity changes by the second.
#include "models/autoscaling/kubernetes_hpa.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "support/pods.hpp"

namespace {

using namespace stratus::models::autoscaling;
using stratus::sim::ConfigDocument;
using stratus::testing::serving;

using Changes = std::map<int, int>;  // second -> new desired capacity

// Created 20 s ago, not ready, no sample yet.
PodMetric booting(double now_s) {
  PodMetric pod;
  pod.started_s = now_s - 20;
  return pod;
}

// Ready, but metrics-server has no sample for it.
PodMetric unsampled() {
  PodMetric pod = serving(0);
  pod.has_metric = false;
  return pod;
}

std::vector<PodMetric> pods(int count, const PodMetric& pod) {
  return std::vector<PodMetric>(count, pod);
}

std::vector<PodMetric> operator+(std::vector<PodMetric> a, const std::vector<PodMetric>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

FleetView fleet(double now_s, int desired, std::vector<PodMetric> pod_list, int min = 1, int max = 100) {
  FleetView view;
  view.now_s = now_s;
  view.desired = desired;
  view.min_capacity = min;
  view.max_capacity = max;
  view.in_service = static_cast<int>(pod_list.size());
  view.pods = std::move(pod_list);
  return view;
}

using ViewAt = std::function<FleetView(double now_s, int desired)>;

// Every pod serving at `cpu(now, pods)` percent.
ViewAt uniform(std::function<double(double, int)> cpu, int min = 1, int max = 100) {
  return [=](double now_s, int desired) {
    return fleet(now_s, desired, pods(desired, serving(cpu(now_s, desired))), min, max);
  };
}

ViewAt constant_cpu(double cpu, int min = 1, int max = 100) {
  return uniform([cpu](double, int) { return cpu; }, min, max);
}

// Runs the policy at its own schedule up to `until_s`, as the autoscaler does, applying each
// decision at once within the view's bounds.
Changes drive(ScalingPolicy& policy, int desired, double until_s, const ViewAt& view_at) {
  Changes changes;
  for (double t = policy.first_evaluation_s(); t <= until_s; t = policy.next_evaluation_s(t)) {
    const FleetView view = view_at(t, desired);
    const Decision decision = policy.evaluate(view);
    if (!decision.desired) continue;
    const int next = std::clamp(*decision.desired, view.min_capacity, view.max_capacity);
    EXPECT_EQ(next, *decision.desired) << "the HPA left its bounds at " << t << " s";
    if (next != desired) changes[static_cast<int>(t)] = next;
    desired = next;
  }
  return changes;
}

KubernetesHpaParams cpu_target(int percent) {
  KubernetesHpaParams p;
  p.metrics = {HpaMetricSpec{HpaMetricType::cpu, static_cast<double>(percent), 60.0}};
  return p;
}

// A behavior with every rule defaulted (`behavior: {}`).
KubernetesHpaParams with_behavior(int percent) {
  KubernetesHpaParams p = cpu_target(percent);
  p.behavior = HpaBehavior{};
  return p;
}

// Scale-down without stabilisation, to see the replica calculation's answer at once.
KubernetesHpaParams immediate(int percent) {
  KubernetesHpaParams p = with_behavior(percent);
  p.behavior->scale_down.stabilization_window_s = 0;
  return p;
}

std::optional<int> decide(const KubernetesHpaParams& params, const FleetView& view) {
  KubernetesHpaPolicy policy(params);
  return policy.evaluate(view).desired;
}

// ---------------------------------------------------------------------------------------------
// The replica formula

TEST(KubernetesHpa, SyncsEveryFifteenSeconds) {
  KubernetesHpaPolicy policy(cpu_target(75));
  EXPECT_EQ(policy.interval_s(), 15.0);
  EXPECT_EQ(policy.first_evaluation_s(), 15.0);
  EXPECT_EQ(policy.next_evaluation_s(15.0), 30.0);
}

TEST(KubernetesHpa, FiftyReplicasAtNinetyPercentAgainstSeventyFiveBecomeSixty) {
  // ceil(50 x 90 / 75) = 60
  KubernetesHpaPolicy policy(cpu_target(75));
  const Decision d = policy.evaluate(fleet(15, 50, pods(50, serving(90))));
  ASSERT_TRUE(d.desired);
  EXPECT_EQ(*d.desired, 60);
  EXPECT_NE(d.reason.find("cpu utilisation 90% (target 75%)"), std::string::npos) << d.reason;
}

TEST(KubernetesHpa, NoChangeWithinTheTolerance) {
  KubernetesHpaPolicy policy(cpu_target(75));
  EXPECT_EQ(drive(policy, 50, 900, constant_cpu(82)), Changes{});  // 82 / 75 = 1.093
  KubernetesHpaPolicy low(cpu_target(75));
  EXPECT_EQ(drive(low, 50, 900, constant_cpu(68)), Changes{});  // 68 / 75 = 0.907
}

TEST(KubernetesHpa, UtilisationIsAWholePercentTruncated) {
  // 82.9 % averages to 82 % (GetResourceUtilizationRatio divides integers): within tolerance.
  EXPECT_EQ(decide(cpu_target(75), fleet(15, 50, pods(50, serving(82.9)))), std::nullopt);
  // 83 / 75 = 1.107: ceil(50 x 1.107) = 56
  EXPECT_EQ(decide(cpu_target(75), fleet(15, 50, pods(50, serving(83)))), 56);
}

// ---------------------------------------------------------------------------------------------
// Readiness and missing metrics (groupPods and the second pass of GetResourceReplicas)

TEST(KubernetesHpaReadiness, UnreadyPodsCountAsIdleOnAScaleUp) {
  // 3 ready at 90 % against 50 %: alone they ask ceil(1.8 x 3) = 6. With the 2 booting pods at
  // 0 %: 2700 m over 5 pods = 54 %, within the tolerance: no change.
  EXPECT_EQ(decide(cpu_target(50), fleet(15, 5, pods(3, serving(90)) + pods(2, booting(15)))), std::nullopt);
  // 4 ready at 100 % and 1 booting: 80 %, ratio 1.6 over 5 pods -> 8.
  EXPECT_EQ(decide(cpu_target(50), fleet(15, 5, pods(4, serving(100)) + pods(1, booting(15)))), 8);
}

TEST(KubernetesHpaReadiness, UnreadyPodsAreLeftOutOfAScaleDown) {
  // ceil(20 / 50 x 3 ready pods) = 2: the booting pods neither count nor dampen.
  EXPECT_EQ(decide(immediate(50), fleet(15, 5, pods(3, serving(20)) + pods(2, booting(15)))), 2);
}

TEST(KubernetesHpaReadiness, MissingMetricsUseTheWholeRequestOnAScaleDown) {
  // 4 at 10 % and 1 without a sample taken at 100 %: 1400 m / 5 = 28 %, ratio 0.56 -> 3
  // (the 4 sampled pods alone would give 1).
  EXPECT_EQ(decide(immediate(50), fleet(15, 5, pods(4, serving(10)) + pods(1, unsampled()))), 3);
  // Above 100 % the fallback is the target: 4 at 60 % and 1 at 200 % against 200 %:
  // 4400 m / 5 = 88 %, ratio 0.44 -> 3 (a 100 % fallback would give 2).
  EXPECT_EQ(decide(immediate(200), fleet(15, 5, pods(4, serving(60)) + pods(1, unsampled()))), 3);
}

TEST(KubernetesHpaReadiness, MissingMetricsUseNothingOnAScaleUp) {
  // 3 at 70 % against 50 % ask ceil(1.4 x 3) = 5; with the unsampled pod at 0 %, 2100 m / 4 =
  // 52 %, within the tolerance: no change.
  EXPECT_EQ(decide(cpu_target(50), fleet(15, 4, pods(3, serving(70)) + pods(1, unsampled()))), std::nullopt);
}

TEST(KubernetesHpaReadiness, ADirectionReversedByTheFallbacksMeansNoChange) {
  // 2 at 100 % against 60 % (ratio 1.67) with 2 booting: 50 %, ratio 0.83 < 1: no change.
  EXPECT_EQ(decide(cpu_target(60), fleet(15, 4, pods(2, serving(100)) + pods(2, booting(15)))), std::nullopt);
}

TEST(KubernetesHpaReadiness, ASampleCountsOnceAWholeWindowFollowsReadinessInTheInitialisationPeriod) {
  const double now = 600;
  PodMetric fresh = serving(100);  // started a minute ago, ready 5 s ago: its sample is ignored
  fresh.started_s = now - 60;
  fresh.ready_since_s = now - 5;
  // Ignored as unready on a scale-up: 2700 m / 4 = 67 %, ratio 1.34 x 4 -> 6.
  EXPECT_EQ(decide(cpu_target(50), fleet(now, 4, pods(3, serving(90)) + pods(1, fresh))), 6);
  // Ready for 20 s, more than the 15 s window: counted: 3700 m / 4 = 92 % -> 8.
  fresh.ready_since_s = now - 20;
  EXPECT_EQ(decide(cpu_target(50), fleet(now, 4, pods(3, serving(90)) + pods(1, fresh))), 8);
  // Past the 5 min initialisation period a ready pod counts however recently it became ready.
  fresh.started_s = now - 400;
  fresh.ready_since_s = now - 2;
  EXPECT_EQ(decide(cpu_target(50), fleet(now, 4, pods(3, serving(90)) + pods(1, fresh))), 8);
}

TEST(KubernetesHpaReadiness, NoReadyPodWithASampleMeansNoDecision) {
  EXPECT_EQ(decide(cpu_target(50), fleet(15, 3, pods(3, booting(15)))), std::nullopt);
  EXPECT_EQ(decide(cpu_target(50), fleet(15, 3, {})), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Several metrics

// A metric server with one value per metric, present when set.
class FixedMetrics final : public MetricSource {
 public:
  std::map<std::string, double> values;

  std::vector<Datapoint> datapoints(const std::string& metric, StatisticSpec, double period_s, int,
                                    double now_s) const override {
    const double end = std::floor(now_s / period_s) * period_s;
    const auto it = values.find(metric);
    return {Datapoint{end - period_s, end, it == values.end() ? 0.0 : it->second, it != values.end()}};
  }
};

KubernetesHpaParams cpu_and_requests() {
  KubernetesHpaParams p = immediate(50);
  p.metrics.push_back(HpaMetricSpec{HpaMetricType::requests_per_pod, 10.0, 60.0});  // 10 req/s per pod
  return p;
}

TEST(KubernetesHpaMetrics, TheLargestRecommendationWins) {
  FixedMetrics metrics;
  metrics.values["request_count"] = 5400;               // 90 req/s over the minute: ceil(90 / 10) = 9
  FleetView view = fleet(60, 5, pods(5, serving(60)));  // cpu: ceil(5 x 1.2) = 6
  view.metrics = &metrics;
  KubernetesHpaPolicy policy(cpu_and_requests());
  const Decision d = policy.evaluate(view);
  EXPECT_EQ(d.desired, 9);
  EXPECT_NE(d.reason.find("requests_per_pod"), std::string::npos) << d.reason;

  metrics.values["request_count"] = 1200;  // 20 req/s: 2; cpu's 6 wins
  KubernetesHpaPolicy again(cpu_and_requests());
  EXPECT_EQ(again.evaluate(view).desired, 6);
}

TEST(KubernetesHpaMetrics, AnInvalidMetricBlocksAScaleDownButNotAScaleUp) {
  FixedMetrics metrics;  // no request_count datapoint: the external metric is invalid
  FleetView low = fleet(60, 5, pods(5, serving(10)));
  low.metrics = &metrics;
  EXPECT_EQ(decide(cpu_and_requests(), low), std::nullopt);
  FleetView high = fleet(60, 5, pods(5, serving(60)));
  high.metrics = &metrics;
  EXPECT_EQ(decide(cpu_and_requests(), high), 6);
}

TEST(KubernetesHpaMetrics, InFlightPerPodIsAnAverageValueTarget) {
  FixedMetrics metrics;
  metrics.values["in_flight"] = 12;  // 12 requests over 5 pods against 2 per pod: ratio 1.2 -> 6
  KubernetesHpaParams p;
  p.metrics = {HpaMetricSpec{HpaMetricType::in_flight_per_pod, 2.0, 60.0}};
  FleetView view = fleet(60, 5, pods(5, serving(10)));
  view.metrics = &metrics;
  EXPECT_EQ(decide(p, view), 6);
  metrics.values["in_flight"] = 10.5;  // ratio 1.05: within the tolerance
  EXPECT_EQ(decide(p, view), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Behaviour: stabilisation and scaling policies

TEST(KubernetesHpaBehavior, TheHighestRecommendationOfTheLastFiveMinutesWins) {
  // 10 pods against 50 %: at 50 % until 60 s (recommend 10), 40 % at 75 s (8), then 20 % (4).
  const ViewAt load = uniform([](double t, int) { return t <= 60 ? 50.0 : t <= 75 ? 40.0 : 20.0; });
  KubernetesHpaPolicy policy(with_behavior(50));
  // The 10 of 60 s leaves the window at 360 s (the 8 of 75 s is then the highest), the 8 at
  // 375 s; the 4 recommended with 8 pods at 375 s leaves it at 675 s (then 20 % of 4 -> 2).
  EXPECT_EQ(drive(policy, 10, 700, load), (Changes{{360, 8}, {375, 4}, {675, 2}}));
}

KubernetesHpaParams scale_down_policies(double window_s) {
  KubernetesHpaParams p = with_behavior(50);
  p.behavior->scale_down = HpaScalingRules{
      window_s, HpaSelectPolicy::max, {{HpaPolicyType::pods, 4, 60.0}, {HpaPolicyType::percent, 10, 60.0}}};
  return p;
}

TEST(KubernetesHpaBehavior, ScaleDownPoliciesTakeTheLargerDecreasePerMinute) {
  // 10 % against 50 % keeps the recommendation far below: the policies set the pace. From 80:
  // -10 % (80 -> 72; 10 % of 72 is 7.2, so 72 -> 64), until -4 pods is the larger, from 40 on;
  // events are counted for 60 s, so nothing moves in between. The minimum stops it at 2.
  KubernetesHpaPolicy policy(scale_down_policies(0));
  const Changes expected{{15, 72},  {75, 64},  {135, 57}, {195, 51}, {255, 45}, {315, 40},
                         {375, 36}, {435, 32}, {495, 28}, {555, 24}, {615, 20}, {675, 16},
                         {735, 12}, {795, 8},  {855, 4},  {915, 2}};
  EXPECT_EQ(drive(policy, 80, 1200, constant_cpu(10, 2, 100)), expected);
}

TEST(KubernetesHpaBehavior, FromFortyDownFourPodsPerMinute) {
  KubernetesHpaPolicy policy(scale_down_policies(0));
  EXPECT_EQ(drive(policy, 40, 300, constant_cpu(10, 2, 100)),
            (Changes{{15, 36}, {75, 32}, {135, 28}, {195, 24}, {255, 20}}));
}

TEST(KubernetesHpaBehavior, TheDefaultScaleDownWindowDelaysTheFirstStep) {
  // The count at the first sync (80, recorded at 15 s) is a recommendation until 315 s.
  KubernetesHpaPolicy policy(scale_down_policies(300));
  EXPECT_EQ(drive(policy, 80, 400, constant_cpu(10)), (Changes{{315, 72}, {375, 64}}));
}

TEST(KubernetesHpaBehavior, DefaultScaleUpIsTheLargerOfFourPodsAndDoublingPerFifteenSeconds) {
  // With a behavior, GenerateHPAScaleUpRules: 100 % against 10 % asks ten times the pods; each
  // sync allows max(+4, x2), up to the maximum.
  KubernetesHpaPolicy policy(with_behavior(10));
  EXPECT_EQ(drive(policy, 2, 120, constant_cpu(100, 1, 40)),
            (Changes{{15, 6}, {30, 12}, {45, 24}, {60, 40}}));
}

TEST(KubernetesHpaBehavior, DefaultScaleUpFromOneTwoAndThreeReplicas) {
  for (const auto& [from, to] : {std::pair{1, 5}, std::pair{2, 6}, std::pair{3, 7}})
    EXPECT_EQ(decide(with_behavior(10), fleet(15, from, pods(from, serving(100)))), to) << from;
}

// ---------------------------------------------------------------------------------------------
// Without behavior: horizontal.go's normalizeDesiredReplicas

TEST(KubernetesHpaLegacy, ScaleUpIsAtMostDoubleOrFourPerSync) {
  // calculateScaleUpLimit: int32(max(scaleUpLimitFactor (2) x current, scaleUpLimitMinimum (4))),
  // from 1, 2 and 3 replicas: 4, 4 and 6 (a behavior's defaults would allow 5, 6 and 7).
  for (const auto& [from, to] : {std::pair{1, 4}, std::pair{2, 4}, std::pair{3, 6}})
    EXPECT_EQ(decide(cpu_target(10), fleet(15, from, pods(from, serving(100)))), to) << from;
}

TEST(KubernetesHpaLegacy, DoublesEverySyncUpToTheMaximum) {
  // The limit counts from the current replicas only (no scale events are kept): 2 -> 4 -> 8 ->
  // 16 -> 32 -> 40, where the default behavior reaches 40 a sync earlier.
  KubernetesHpaPolicy policy(cpu_target(10));
  EXPECT_EQ(drive(policy, 2, 120, constant_cpu(100, 1, 40)),
            (Changes{{15, 4}, {30, 8}, {45, 16}, {60, 32}, {75, 40}}));
}

TEST(KubernetesHpaLegacy, TheHighestRecommendationOfTheWindowIncludingItsEdgeWins) {
  // As the behavior test above, but stabilizeRecommendation drops a recommendation only once it
  // is strictly older than 300 s: the 10 of 60 s still counts at 360 s, the 8 of 75 s at 375 s,
  // and the last 4 (recommended with 8 pods at 390 s) at 690 s. No rate limit on the way down.
  const ViewAt load = uniform([](double t, int) { return t <= 60 ? 50.0 : t <= 75 ? 40.0 : 20.0; });
  KubernetesHpaPolicy policy(cpu_target(50));
  EXPECT_EQ(drive(policy, 10, 720, load), (Changes{{375, 8}, {390, 4}, {705, 2}}));
}

TEST(KubernetesHpaLegacy, AnEarlierHighRecommendationKeepsRaisingTheCount) {
  // A spike at 15 s recommends 40 (capped at 4 from 1 pod); the load then falls to what 2 pods
  // carry, but the 40 stays the window's highest recommendation for 300 s: the count keeps
  // doubling (as the controller does: the stabilised value, not the metric, is then limited).
  const ViewAt load = uniform([](double t, int n) { return t <= 15 ? 1000.0 : 100.0 * 2 / n; });
  KubernetesHpaPolicy policy(cpu_target(25));
  const Changes changes = drive(policy, 1, 315, load);
  EXPECT_EQ(changes, (Changes{{15, 4}, {30, 8}, {45, 16}, {60, 32}, {75, 40}}));
}

TEST(KubernetesHpaBehavior, ScaleUpEventsCountForTheWholePolicyPeriod) {
  KubernetesHpaParams p = with_behavior(10);
  p.behavior->scale_up.policies = {{HpaPolicyType::pods, 4, 60.0}};
  KubernetesHpaPolicy policy(p);
  EXPECT_EQ(drive(policy, 2, 150, constant_cpu(100)), (Changes{{15, 6}, {75, 10}, {135, 14}}));
}

TEST(KubernetesHpaBehavior, ScaleDownEventsRaiseTheScaleUpBaseWithinThePeriod) {
  // Down from 10 to 5 at 15 s, then a burst at 30 s: the period started at 10 replicas
  // (5 now + 5 removed), so +4 pods allows 14 at once.
  KubernetesHpaParams p = immediate(50);
  p.behavior->scale_up.policies = {{HpaPolicyType::pods, 4, 60.0}};
  KubernetesHpaPolicy policy(p);
  const ViewAt load = uniform([](double t, int) { return t <= 15 ? 25.0 : 200.0; });
  EXPECT_EQ(drive(policy, 10, 30, load), (Changes{{15, 5}, {30, 14}}));
}

TEST(KubernetesHpaBehavior, SelectPolicyMinAndDisabled) {
  KubernetesHpaParams p = with_behavior(10);
  p.behavior->scale_up.select = HpaSelectPolicy::min;  // min(+4, x2) from 2: 4
  KubernetesHpaPolicy least(p);
  EXPECT_EQ(drive(least, 2, 15, constant_cpu(100)), (Changes{{15, 4}}));
  p.behavior->scale_up.select = HpaSelectPolicy::disabled;
  KubernetesHpaPolicy disabled(p);
  EXPECT_EQ(drive(disabled, 2, 120, constant_cpu(100)), Changes{});
}

// ---------------------------------------------------------------------------------------------
// Bounds

TEST(KubernetesHpaBounds, NeverOutsideMinAndMax) {
  EXPECT_EQ(decide(cpu_target(75), fleet(15, 50, pods(50, serving(90)), 1, 55)), 55);
  EXPECT_EQ(decide(immediate(75), fleet(15, 10, pods(10, serving(1)), 4, 20)), 4);
  // Outside the bounds already: back inside at the next sync, whatever the metrics say.
  EXPECT_EQ(decide(cpu_target(75), fleet(15, 12, pods(12, serving(75)), 1, 10)), 10);
  EXPECT_EQ(decide(cpu_target(75), fleet(15, 1, pods(1, serving(75)), 3, 10)), 3);
}

TEST(KubernetesHpaBounds, ATargetAtZeroReplicasIsLeftAlone) {
  EXPECT_EQ(decide(cpu_target(75), fleet(15, 0, {}, 1, 10)), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// The scenario block

TEST(KubernetesHpaConfig, ReadsTheBlock) {
  const ConfigDocument doc = ConfigDocument::parse(R"(
policy: kubernetes-hpa
target_cpu_utilisation: 50
tolerance: 0.1
cpu_initialization_period: 5min
initial_readiness_delay: 30s
metrics:
  - {type: requests_per_pod, target: 600/min, period: 60s}
behavior:
  scale_up: {stabilization_window: 0s, select_policy: max, policies: [{type: pods, value: 4, period: 15s}]}
  scale_down:
    stabilization_window: 0s
    select_policy: max
    policies: [{type: pods, value: 4, period: 60s}, {type: percent, value: 10, period: 60s}]
)",
                                                   "s.yaml");
  const KubernetesHpaParams p = read_kubernetes_hpa_params(doc.root(), {"policy"});
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  ASSERT_EQ(p.metrics.size(), 2u);
  EXPECT_EQ(p.metrics[0].type, HpaMetricType::cpu);
  EXPECT_EQ(p.metrics[0].target, 50);
  EXPECT_EQ(p.metrics[1].type, HpaMetricType::requests_per_pod);
  EXPECT_DOUBLE_EQ(p.metrics[1].target, 10.0);
  EXPECT_EQ(p.cpu_initialization_period_s, 300);
  ASSERT_TRUE(p.behavior);
  EXPECT_EQ(p.behavior->scale_up.policies.size(), 1u);
  EXPECT_EQ(p.behavior->scale_down.stabilization_window_s, 0);

  // Without requests the request metric recommends 0; cpu's 16 wins and the policies pace it.
  auto policy = make_kubernetes_hpa_policy(doc.root());
  FixedMetrics idle;
  idle.values["request_count"] = 0;
  const ViewAt cpu_at_10 = constant_cpu(10);
  const ViewAt with_metrics = [&](double t, int desired) {
    FleetView view = cpu_at_10(t, desired);
    view.metrics = &idle;
    return view;
  };
  EXPECT_EQ(drive(*policy, 80, 90, with_metrics), (Changes{{15, 72}, {75, 64}}));
}

TEST(KubernetesHpaConfig, DefaultsFollowTheController) {
  const ConfigDocument doc = ConfigDocument::parse("policy: kubernetes-hpa\n", "s.yaml");
  const KubernetesHpaParams p = read_kubernetes_hpa_params(doc.root(), {"policy"});
  EXPECT_FALSE(doc.diagnostics().has_errors());
  EXPECT_TRUE(p.metrics.empty());  // the policy then targets cpu at 80 %
  EXPECT_EQ(p.tolerance, 0.1);
  EXPECT_EQ(p.sync_period_s, 15);
  EXPECT_FALSE(p.behavior);  // the legacy rules, not the behavior defaults
  // cpu at 80 % by default: 10 pods at 100 % -> ceil(10 x 1.25) = 13
  EXPECT_EQ(decide(p, fleet(15, 10, pods(10, serving(100)))), 13);
}

TEST(KubernetesHpaConfig, AnEmptyBehaviorIsTheDefaultRules) {
  const ConfigDocument doc = ConfigDocument::parse("policy: kubernetes-hpa\nbehavior: {}\n", "s.yaml");
  const KubernetesHpaParams p = read_kubernetes_hpa_params(doc.root(), {"policy"});
  EXPECT_FALSE(doc.diagnostics().has_errors());
  ASSERT_TRUE(p.behavior);
  EXPECT_EQ(p.behavior->scale_down.stabilization_window_s, 300);
  EXPECT_EQ(p.behavior->scale_up.policies.size(), 2u);
}

TEST(KubernetesHpaConfig, BadValuesAreReportedWhereTheyAre) {
  const ConfigDocument doc = ConfigDocument::parse(R"(policy: kubernetes-hpa
target_cpu_utilsation: 60
tolerance: 2
metrics:
  - {type: rps, target: 5}
  - {type: cpu, target: 60, period: 60s}
behavior:
  scale_up: {select_policy: maximum, policies: [{type: pods, value: 0, period: 1h}]}
  scale_down: {stabilization_window: 2h, policies: []}
)",
                                                   "s.yaml");
  const KubernetesHpaParams p = read_kubernetes_hpa_params(doc.root(), {"policy"});
  EXPECT_EQ(
      doc.diagnostics().format_all(),
      "s.yaml:2:1: unknown top-level key 'target_cpu_utilsation'; did you mean 'target_cpu_utilisation'?\n"
      "s.yaml:3:12: 'tolerance' must be at least 0 and below 1\n"
      "s.yaml:5:12: unknown metric type 'rps'; did you mean 'cpu'?\n"
      "s.yaml:6:37: 'period' applies to requests_per_pod and in_flight_per_pod\n"
      "s.yaml:8:29: unknown select policy 'maximum'; expected one of: disabled, max, min\n"
      "s.yaml:8:69: 'value' must be a whole number of at least 1, got 0\n"
      "s.yaml:8:80: 'period' must be positive and at most 1800s\n"
      "s.yaml:9:38: 'stabilization_window' must be at least 0s and at most 3600s\n"
      "s.yaml:9:52: 'policies' must list at least one scaling policy\n");
  // What was bad falls back to the controller's defaults.
  EXPECT_EQ(p.tolerance, 0.1);
  ASSERT_TRUE(p.behavior);
  EXPECT_EQ(p.behavior->scale_down.stabilization_window_s, 300);
  EXPECT_EQ(p.behavior->scale_up.policies.front().period_s, 15);
}

}  // namespace
