// Scale to zero with KEDA's rules: polls every 30 s, wakes a fleet at zero on the first poll
// that sees activity, keeps it through the 300 s cooldown after the last active poll and takes
// it to zero at the first poll strictly after; in between, the embedded Kubernetes HPA scales.
#include "models/autoscaling/scale_to_zero.hpp"

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

// Arrivals at given instants and an in-flight level, published as soon as a period ends.
class Traffic final : public MetricSource {
 public:
  std::vector<double> arrivals;
  std::function<double(double)> in_flight = [](double) { return 0.0; };

  std::vector<Datapoint> datapoints(const std::string& metric, StatisticSpec, double period_s, int count,
                                    double now_s) const override {
    std::vector<Datapoint> out;
    const long long last = static_cast<long long>(std::floor(now_s / period_s + 1e-9)) - 1;
    for (long long j = last - count + 1; j <= last; ++j) {
      const double start = static_cast<double>(j) * period_s;
      out.push_back(Datapoint{start, start + period_s, value(metric, start, start + period_s), true});
    }
    return out;
  }

 private:
  double value(const std::string& metric, double start, double end) const {
    if (metric == "request_count")
      return static_cast<double>(
          std::count_if(arrivals.begin(), arrivals.end(), [&](double t) { return t >= start && t < end; }));
    double most = 0.0;  // the largest level of the period, second by second
    for (double t = start; t < end; t += 1.0)
      most = std::max(most, in_flight(t));
    return most;
  }
};

std::vector<double> one_per_second(double from_s, double to_s) {
  std::vector<double> times;
  for (double t = from_s; t < to_s; t += 1.0)
    times.push_back(t);
  return times;
}

// Runs the policy at its own schedule with `desired` pods at `cpu(t, pods)` percent, applying
// each decision at once within [min, max].
Changes drive(ScalingPolicy& policy, const Traffic& traffic, int desired, double until_s,
              const std::function<double(double, int)>& cpu, int min = 0, int max = 10) {
  Changes changes;
  for (double t = policy.first_evaluation_s(); t <= until_s; t = policy.next_evaluation_s(t)) {
    FleetView view;
    view.now_s = t;
    view.desired = desired;
    view.min_capacity = min;
    view.max_capacity = max;
    view.in_service = desired;
    view.metrics = &traffic;
    view.pods.assign(desired, serving(cpu(t, desired)));
    const Decision d = policy.evaluate(view);
    if (!d.desired) continue;
    const int next = std::clamp(*d.desired, min, max);
    if (next != desired) changes[static_cast<int>(t)] = next;
    desired = next;
  }
  return changes;
}

double idle_cpu(double, int) {
  return 10.0;
}

TEST(ScaleToZero, PollsEveryThirtySecondsBesideTheHpaSync) {
  ScaleToZeroPolicy policy{ScaleToZeroParams{}};
  EXPECT_EQ(policy.interval_s(), 15.0);
  EXPECT_EQ(policy.first_evaluation_s(), 15.0);
}

TEST(ScaleToZero, WakesOnTheFirstActivityAndSleepsExactlyAfterTheCooldown) {
  Traffic traffic;
  traffic.arrivals = one_per_second(100, 200);
  ScaleToZeroPolicy policy{ScaleToZeroParams{}};
  // The poll at 120 s sees [90, 120) with 20 arrivals: 0 -> 1. The last active poll is at 210 s
  // ([180, 210) holds the last ones); 210 + 300 = 510 is not before 510, so zero comes at 540 s.
  // The HPA keeps the single pod in between (10 % of cpu is far below 80 %, minimum 1).
  EXPECT_EQ(drive(policy, traffic, 0, 900, idle_cpu), (Changes{{120, 1}, {540, 0}}));
}

TEST(ScaleToZero, RequestsInFlightKeepTheFleetAwake) {
  Traffic traffic;
  traffic.arrivals = {100};
  traffic.in_flight = [](double t) { return t >= 100 && t < 1000 ? 1.0 : 0.0; };
  ScaleToZeroPolicy policy{ScaleToZeroParams{}};
  // Last active poll: 1020 s ([990, 1020) still had the request); zero at 1350 s.
  EXPECT_EQ(drive(policy, traffic, 0, 1500, idle_cpu), (Changes{{120, 1}, {1350, 0}}));
}

TEST(ScaleToZero, TheActivationThresholdIsExclusive) {
  ScaleToZeroParams p;
  p.activation_threshold = 5;
  Traffic five;
  five.arrivals = one_per_second(100, 105);  // 5 arrivals in [90, 120): not above 5
  ScaleToZeroPolicy quiet(p);
  EXPECT_EQ(drive(quiet, five, 0, 300, idle_cpu), Changes{});
  Traffic six;
  six.arrivals = one_per_second(100, 106);
  ScaleToZeroPolicy woken(p);
  EXPECT_EQ(drive(woken, six, 0, 300, idle_cpu), (Changes{{120, 1}}));
}

TEST(ScaleToZero, AFleetNeverActiveGoesToZeroAtTheFirstPoll) {
  // KEDA ignores the cooldown when no trigger was ever active (no lastActiveTime).
  Traffic none;
  ScaleToZeroPolicy policy{ScaleToZeroParams{}};
  EXPECT_EQ(drive(policy, none, 2, 300, idle_cpu), (Changes{{30, 0}}));
}

TEST(ScaleToZero, AMinimumAboveZeroKeepsReplicas) {
  Traffic none;
  ScaleToZeroPolicy policy{ScaleToZeroParams{}};
  EXPECT_EQ(drive(policy, none, 2, 900, idle_cpu, 2, 10), Changes{});
}

TEST(ScaleToZero, TheHpaScalesAboveOneReplica) {
  Traffic traffic;
  traffic.arrivals = one_per_second(100, 300);
  ScaleToZeroParams p;
  p.hpa.metrics = {HpaMetricSpec{HpaMetricType::cpu, 50.0, 60.0}};
  ScaleToZeroPolicy policy(p);
  // Until 300 s the work needs 4 pods at 50 %; then nothing.
  const auto cpu = [](double t, int pods) { return t <= 300 ? std::min(100.0, 200.0 / pods) : 0.0; };
  // 120 s: KEDA wakes the fleet. 135 s: the HPA sees 100 % against 50 % -> 2; 150 s: -> 4.
  // The HPA has no behavior (KEDA gives it none unless advanced.horizontalPodAutoscalerConfig
  // has one): its 5 min scale-down window holds 4 until its last recommendation of 4 (300 s)
  // is strictly older than 300 s: 615 s, down to its minimum of 1. KEDA's cooldown from the
  // last active poll (300 s) ends strictly after 600 s: zero at 630 s.
  EXPECT_EQ(drive(policy, traffic, 0, 900, cpu), (Changes{{120, 1}, {135, 2}, {150, 4}, {615, 1}, {630, 0}}));
}

TEST(ScaleToZero, TheHpaKedaCreatesWithoutBehaviorDoublesOrAddsUpToFour) {
  // KEDA's newHPAForScaledObject leaves spec.behavior nil: horizontal.go's legacy limit,
  // max(2 x current, 4) per sync: 1 -> 4 -> 8 -> 10 (the maximum). With `behavior: {}` the
  // default rules allow max(current + 4, 2 x current): 1 -> 5 -> 10.
  Traffic traffic;
  traffic.arrivals = one_per_second(100, 300);
  const auto cpu = [](double, int pods) { return 1000.0 / pods; };
  ScaleToZeroParams p;
  p.hpa.metrics = {HpaMetricSpec{HpaMetricType::cpu, 50.0, 60.0}};
  ScaleToZeroPolicy legacy(p);
  EXPECT_EQ(drive(legacy, traffic, 0, 200, cpu), (Changes{{120, 1}, {135, 4}, {150, 8}, {165, 10}}));
  p.hpa.behavior = HpaBehavior{};
  ScaleToZeroPolicy with_behavior(p);
  EXPECT_EQ(drive(with_behavior, traffic, 0, 200, cpu), (Changes{{120, 1}, {135, 5}, {150, 10}}));
}

TEST(ScaleToZero, ThePollingIntervalIsConfigurable) {
  Traffic traffic;
  traffic.arrivals = one_per_second(100, 101);
  ScaleToZeroParams p;
  p.polling_interval_s = 10;
  p.activation_period_s = 10;
  p.cooldown_period_s = 60;
  ScaleToZeroPolicy policy(p);
  EXPECT_EQ(policy.interval_s(), 10.0);
  // Seen at 110 s ([100, 110)); last active 110 s; 170 is not before 170: zero at 180 s.
  EXPECT_EQ(drive(policy, traffic, 0, 300, idle_cpu), (Changes{{110, 1}, {180, 0}}));
}

TEST(ScaleToZeroConfig, ReadsTheBlockAndItsHpa) {
  const ConfigDocument doc = ConfigDocument::parse(R"(policy: scale-to-zero
polling_interval: 10s
cooldown_period: 1min
activation_threshold: 2
activation_period: 10s
hpa:
  target_cpu_utilisation: 50
  behavior: {scale_down: {stabilization_window: 0s}}
)",
                                                   "s.yaml");
  const ScaleToZeroParams p = read_scale_to_zero_params(doc.root());
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  EXPECT_EQ(p.polling_interval_s, 10);
  EXPECT_EQ(p.cooldown_period_s, 60);
  EXPECT_EQ(p.activation_threshold, 2);
  EXPECT_EQ(p.activation_period_s, 10);
  ASSERT_EQ(p.hpa.metrics.size(), 1u);
  EXPECT_EQ(p.hpa.metrics[0].target, 50);
  ASSERT_TRUE(p.hpa.behavior);
  EXPECT_EQ(p.hpa.behavior->scale_down.stabilization_window_s, 0);
  EXPECT_EQ(make_scale_to_zero_policy(doc.root())->interval_s(), 10.0);
}

TEST(ScaleToZeroConfig, DefaultsAreKedas) {
  const ConfigDocument doc = ConfigDocument::parse("policy: scale-to-zero\n", "s.yaml");
  const ScaleToZeroParams p = read_scale_to_zero_params(doc.root());
  EXPECT_FALSE(doc.diagnostics().has_errors());
  EXPECT_EQ(p.polling_interval_s, 30);
  EXPECT_EQ(p.cooldown_period_s, 300);
  EXPECT_EQ(p.activation_threshold, 0);
}

TEST(ScaleToZeroConfig, BadValuesAreReportedWhereTheyAre) {
  const ConfigDocument doc = ConfigDocument::parse(R"(policy: scale-to-zero
polling_interval: 0s
activation_threshold: -1
cooldown: 5min
hpa: {policy: kubernetes-hpa, tolerance: -0.5}
)",
                                                   "s.yaml");
  const ScaleToZeroParams p = read_scale_to_zero_params(doc.root());
  EXPECT_EQ(
      doc.diagnostics().format_all(),
      "s.yaml:2:19: 'polling_interval' must be positive\n"
      "s.yaml:3:23: 'activation_threshold' must be at least 0\n"
      "s.yaml:4:1: unknown top-level key 'cooldown'; expected one of: activation_period, "
      "activation_threshold, cooldown_period, hpa, policy, polling_interval\n"
      "s.yaml:5:7: unknown key 'policy' in 'hpa'; expected one of: behavior, cpu_initialization_period, "
      "initial_readiness_delay, metric_window, metrics, sync_period, target_cpu_utilisation, tolerance\n"
      "s.yaml:5:42: 'tolerance' must be at least 0 and below 1\n");
  EXPECT_EQ(p.polling_interval_s, 30);
}

}  // namespace
