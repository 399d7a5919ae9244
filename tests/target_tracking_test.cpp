// Target tracking, minute by minute against a metric store with CloudWatch's one-minute
// publication delay: scale-out at the third breaching minute with capacity proportional to
// metric / target, scale-in after 15 low minutes (70 % of the target) and never while an
// instance warms up, repeated alarms that change nothing, the group's bounds, and the YAML.
#include "models/autoscaling/target_tracking.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "models/autoscaling/metric_store.hpp"
#include "sim/config.hpp"

namespace {

using namespace stratus::models::autoscaling;
using stratus::sim::ConfigDocument;

using Load = std::function<double(double t)>;  // the metric over the tick ending at t

Load constant(double value) {
  return [value](double) { return value; };
}

// A fleet whose metrics the test writes, every 15 s, and a policy evaluated every minute.
class Harness {
 public:
  Harness(TargetTrackingParams params, int in_service, int min_capacity = 1, int max_capacity = 20)
      : policy(std::move(params)) {
    view.desired = in_service;
    view.in_service = in_service;
    view.min_capacity = min_capacity;
    view.max_capacity = max_capacity;
    view.metrics = &store;
  }

  /// Evaluates the policy every minute after the last evaluation up to `until`, feeding the
  /// ticks of each minute first. Returns the first decision that changes something, with
  /// its time; stops there.
  std::optional<std::pair<double, Decision>> run(double until, const Load& load) {
    for (double t = now + 60.0; t <= until + 1e-9; t += 60.0) {
      feed(t, load);
      view.now_s = now = t;
      Decision d = policy.evaluate(view);
      if (!d.empty()) return std::make_pair(t, std::move(d));
    }
    return std::nullopt;
  }

  MetricStore store{60.0, 7200.0};
  FleetView view;
  TargetTrackingPolicy policy;
  double now = 0.0;

 private:
  void feed(double until, const Load& load) {
    for (double t = fed_ + 15.0; t <= until + 1e-9; t += 15.0) {
      store.add(policy.params().metric, t, load(t), view.in_service);
      store.add("in_service", t, view.in_service);
    }
    fed_ = until;
  }
  double fed_ = 0.0;
};

TargetTrackingParams cpu_target(double target = 50.0) {
  TargetTrackingParams p;
  p.target = target;
  return p;
}

TEST(TargetTracking, CreatesAwsAlarms) {
  const TargetTrackingPolicy policy(cpu_target(50));
  EXPECT_EQ(policy.interval_s(), 60.0);
  const AlarmSpec& high = policy.high_alarm().spec();
  EXPECT_EQ(high.evaluation_periods, 3);
  EXPECT_EQ(high.datapoints_to_alarm, 3);
  EXPECT_EQ(high.threshold, 50.0);
  EXPECT_EQ(high.comparison, Comparison::greater);
  const AlarmSpec& low = policy.low_alarm().spec();
  EXPECT_EQ(low.evaluation_periods, 15);
  EXPECT_EQ(low.datapoints_to_alarm, 15);
  EXPECT_DOUBLE_EQ(low.threshold, 35.0);
  EXPECT_EQ(low.comparison, Comparison::less);
}

TEST(TargetTracking, ScalesOutAtTheThirdBreachingMinuteInProportion) {
  Harness h(cpu_target(50), 4);
  EXPECT_FALSE(h.run(600, constant(40)));
  // [600, 660), [660, 720), [720, 780) breach; the last is published at 840.
  const auto decision = h.run(1200, constant(80));
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->first, 840.0);
  EXPECT_EQ(decision->second.desired, 7);  // ceil(4 x 80 / 50) = ceil(6.4)
  EXPECT_EQ(decision->second.reason,
            "target tracking high: 3 of 3 datapoints > 50 (latest 80); need 7 for cpu_utilisation 50");
}

TEST(TargetTracking, ABreachRepeatedWhileInstancesWarmAddsOnlyWhatALargerOneNeeds) {
  Harness h(cpu_target(50), 4);
  h.run(600, constant(40));
  ASSERT_EQ(h.run(1200, constant(80))->second.desired, 7);
  h.view.desired = 7;  // three launching, then warming: not in the metric, not in service
  h.view.launching = 3;
  EXPECT_FALSE(h.run(900, constant(80)));  // the alarm is still in ALARM: 7 is already desired
  h.view.launching = 0;
  h.view.warming = 3;
  const auto more = h.run(1200, constant(100));
  ASSERT_TRUE(more);
  EXPECT_EQ(more->first, 1020.0);      // [900, 960) at 100 is published at 1020
  EXPECT_EQ(more->second.desired, 8);  // ceil(4 x 100 / 50)
}

TEST(TargetTracking, ExactTargetMultiplesAreNotRoundedUpTwice) {
  Harness h(cpu_target(50), 4);
  const auto decision = h.run(600, constant(62.5));
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->second.desired, 5);  // 4 x 62.5 / 50 = 5 exactly
}

TEST(TargetTracking, ScalesInOnlyAfterFifteenLowMinutes) {
  Harness h(cpu_target(50), 10);
  EXPECT_FALSE(h.run(600, constant(45)));
  // Low from [600, 660), published at 720; the fifteenth low minute, [1440, 1500), at 1560.
  const auto decision = h.run(3600, constant(20));
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->first, 1560.0);
  EXPECT_EQ(decision->second.desired, 4);  // ceil(10 x 20 / 50)
  EXPECT_NE(decision->second.reason.find("target tracking low: 15 of 15 datapoints < 35"), std::string::npos)
      << decision->second.reason;
}

TEST(TargetTracking, AMinuteAboveTheScaleInThresholdRestartsTheFifteen) {
  Harness h(cpu_target(50), 10);
  h.run(600, constant(45));
  // Low minutes from 600, but [1200, 1260) reads 36 (>= 35): fifteen more low minutes follow
  // from 1260, the last [2100, 2160) published at 2220.
  const auto decision = h.run(3600, [](double t) { return t > 1200 && t <= 1260 ? 36.0 : 20.0; });
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->first, 2220.0);
}

TEST(TargetTracking, ScaleInKeepsWhatTheBusiestOfTheFifteenMinutesNeeded) {
  Harness h(cpu_target(50), 10);
  h.run(600, constant(45));
  // Alternating minutes at 20 % and 30 %: the 30 % ones need ceil(10 x 30 / 50) = 6.
  const auto decision =
      h.run(3600, [](double t) { return static_cast<int>((t - 1) / 60) % 2 == 0 ? 20.0 : 30.0; });
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->second.desired, 6);
}

TEST(TargetTracking, NoScaleInWhileAnInstanceWarmsUpOrLaunches) {
  Harness h(cpu_target(50), 10);
  h.view.warming = 1;
  EXPECT_FALSE(h.run(2400, constant(20)));
  h.view.warming = 0;
  h.view.launching = 1;
  EXPECT_FALSE(h.run(2700, constant(20)));
  h.view.launching = 0;
  const auto decision = h.run(3600, constant(20));
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->first, 2760.0);  // the next evaluation
  EXPECT_EQ(decision->second.desired, 4);
}

TEST(TargetTracking, TheLowAlarmStayingInAlarmAfterAScaleInRemovesNothingMore) {
  Harness h(cpu_target(50), 10);
  h.run(600, constant(45));
  ASSERT_EQ(h.run(3600, constant(20))->second.desired, 4);  // at 1560
  h.view.desired = 4;
  h.view.in_service = 4;
  h.view.draining = 6;
  // The same load on 4 instances: 50 %. The low alarm keeps its 15 old minutes for a while,
  // which stood for 10 instances at 20 %: still 4 needed.
  EXPECT_FALSE(h.run(3600, constant(50)));
  EXPECT_EQ(h.policy.low_alarm().state(), AlarmState::ok);
}

TEST(TargetTracking, DisableScaleInKeepsScaleOut) {
  TargetTrackingParams p = cpu_target(50);
  p.disable_scale_in = true;
  Harness h(p, 10);
  EXPECT_FALSE(h.run(3600, constant(10)));
  EXPECT_EQ(h.policy.low_alarm().state(), AlarmState::alarm);
  const auto decision = h.run(4800, constant(90));
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->second.desired, 18);
}

TEST(TargetTracking, BetweenTheThresholdsNothingHappens) {
  Harness h(cpu_target(50), 6);
  EXPECT_FALSE(h.run(4 * 3600, constant(40)));
  EXPECT_EQ(h.policy.high_alarm().state(), AlarmState::ok);
  EXPECT_EQ(h.policy.low_alarm().state(), AlarmState::ok);
}

TEST(TargetTracking, StaysWithinTheGroupsBounds) {
  Harness out(cpu_target(50), 4, 1, 6);
  const auto up = out.run(1200, constant(80));
  ASSERT_TRUE(up);
  EXPECT_EQ(up->second.desired, 6);  // 7 needed, 6 allowed
  out.view.desired = 6;
  EXPECT_FALSE(out.run(1800, constant(80)));  // already at the maximum

  Harness in(cpu_target(50), 10, 5, 20);
  const auto down = in.run(3600, constant(20));
  ASSERT_TRUE(down);
  EXPECT_EQ(down->second.desired, 5);  // 4 needed, 5 the minimum

  Harness idle(cpu_target(50), 3, 1, 20);
  const auto zero = idle.run(3600, constant(0));
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->second.desired, 1);
}

TEST(TargetTracking, RequestCountPerTargetSumsTheMinute) {
  TargetTrackingParams p;
  p.metric = "request_count_per_target";
  p.statistic = StatisticSpec{Statistic::sum, 0.0};
  p.target = 250;  // requests per instance per minute
  Harness h(p, 3);
  const auto decision = h.run(600, constant(100));  // 400 per instance per minute
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->first, 240.0);
  EXPECT_EQ(decision->second.desired, 5);  // ceil(3 x 400 / 250) = ceil(4.8)
}

// The fleet divides requests by the routable instances, warming ones included: the total
// of the period is what the target divides, not the per-target value times those in service.
TEST(TargetTracking, RequestCountPerTargetCountsEveryRequestOfThePeriod) {
  TargetTrackingParams p;
  p.metric = "request_count_per_target";
  p.statistic = StatisticSpec{Statistic::sum, 0.0};
  p.target = 250;
  TargetTrackingPolicy policy(p);
  MetricStore store(60.0, 7200.0);
  FleetView view;
  view.desired = 4;
  view.in_service = 3;
  view.warming = 1;
  view.max_capacity = 20;
  view.metrics = &store;
  std::optional<Decision> first;
  for (double t = 15; t <= 600 && !first; t += 15) {
    store.add("request_count", t, 300);                   // 1200 a minute
    store.add("request_count_per_target", t, 300 / 4.0);  // over 4 routable: 300 a minute each
    store.add("in_service", t, 3);
    if (static_cast<int>(t) % 60 != 0) continue;
    view.now_s = t;
    if (Decision d = policy.evaluate(view); !d.empty()) first = d;
  }
  ASSERT_TRUE(first);
  EXPECT_EQ(first->desired, 5);  // ceil(1200 / 250); 3 x 300 / 250 would have said 4
}

TEST(TargetTracking, NoDataNoScaling) {
  TargetTrackingPolicy policy(cpu_target(50));
  MetricStore store(60.0, 7200.0);
  FleetView view;
  view.desired = 2;
  view.min_capacity = 1;
  view.max_capacity = 10;
  view.metrics = &store;
  for (double t = 60; t <= 3600; t += 60) {
    view.now_s = t;
    EXPECT_TRUE(policy.evaluate(view).empty());
  }
  EXPECT_EQ(policy.high_alarm().state(), AlarmState::insufficient_data);
  EXPECT_EQ(policy.low_alarm().state(), AlarmState::insufficient_data);
}

// ---- YAML -----------------------------------------------------------------------------------

TEST(TargetTrackingConfig, ReadsTheBlock) {
  const ConfigDocument doc = ConfigDocument::parse(
      "policy: target-tracking\nmetric: request_count_per_target\ntarget: 1000\nscale_in_ratio: 90%\n"
      "disable_scale_in: true\n",
      "s.yaml");
  const auto policy = make_target_tracking_policy(doc.root());
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  const auto& tt = dynamic_cast<const TargetTrackingPolicy&>(*policy);
  EXPECT_EQ(tt.params().metric, "request_count_per_target");
  EXPECT_EQ(tt.params().statistic.kind, Statistic::sum);
  EXPECT_EQ(tt.params().target, 1000.0);
  EXPECT_DOUBLE_EQ(tt.low_alarm().spec().threshold, 900.0);
  EXPECT_TRUE(tt.params().disable_scale_in);
}

TEST(TargetTrackingConfig, Defaults) {
  const ConfigDocument doc = ConfigDocument::parse("policy: target-tracking\ntarget: 60\n", "s.yaml");
  const auto policy = make_target_tracking_policy(doc.root());
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  const auto& tt = dynamic_cast<const TargetTrackingPolicy&>(*policy);
  EXPECT_EQ(tt.params().metric, "cpu_utilisation");
  EXPECT_EQ(tt.params().statistic.kind, Statistic::average);
  EXPECT_DOUBLE_EQ(tt.low_alarm().spec().threshold, 42.0);
  EXPECT_FALSE(tt.params().disable_scale_in);
}

TEST(TargetTrackingConfig, ReportsBadValuesAtTheirPosition) {
  const ConfigDocument doc = ConfigDocument::parse(
      "policy: target-tracking\nmetric: cpu_utilization\ntarget: -5\nscale_in_ratio: 0\ndisable_scalein: "
      "true\n",
      "s.yaml");
  EXPECT_NE(make_target_tracking_policy(doc.root()), nullptr);
  const std::string errors = doc.diagnostics().format_all();
  EXPECT_NE(errors.find("s.yaml:2:9: unknown target tracking metric 'cpu_utilization'; did you mean "
                        "'cpu_utilisation'?"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("s.yaml:3:9: 'target' must be positive"), std::string::npos) << errors;
  EXPECT_NE(errors.find("s.yaml:4:17: 'scale_in_ratio' must be in (0, 1]"), std::string::npos) << errors;
  EXPECT_NE(errors.find("s.yaml:5:1: unknown top-level key 'disable_scalein'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("did you mean 'disable_scale_in'?"), std::string::npos) << errors;
}

TEST(TargetTrackingConfig, RequiresATarget) {
  const ConfigDocument doc = ConfigDocument::parse("policy: target-tracking\n", "s.yaml");
  make_target_tracking_policy(doc.root());
  EXPECT_NE(doc.diagnostics().format_all().find("missing required top-level key 'target'"), std::string::npos)
      << doc.diagnostics().format_all();
}

}  // namespace
