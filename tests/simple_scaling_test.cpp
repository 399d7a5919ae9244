// Simple scaling: one alarm, one adjustment, then nothing until the scaling activity has
// completed and the cooldown after it has passed: a breach inside the cooldown does nothing,
// one after it acts. Completion is read from the view (launching / draining, pods' ready
// times), or taken as the decision time when the view never showed the activity.
#include "models/autoscaling/simple_scaling.hpp"

#include <gtest/gtest.h>

#include <string>

#include "models/autoscaling/metric_store.hpp"
#include "sim/config.hpp"
#include "support/minute_rig.hpp"

namespace {

using namespace stratus::models::autoscaling;
using stratus::sim::ConfigDocument;
using stratus::testing::MinuteRig;

SimpleScalingParams scale_out(int adjustment = 2) {
  SimpleScalingParams p;
  p.alarm.threshold = 70;
  p.alarm.comparison = Comparison::greater_or_equal;
  p.adjustment = adjustment;
  return p;
}

PodMetric ready_pod(double since_s) {
  PodMetric pod;
  pod.ready = true;
  pod.ready_since_s = since_s;
  return pod;
}

TEST(SimpleScaling, ABreachInsideTheCooldownDoesNothingAndOneAfterItActs) {
  SimpleScalingPolicy policy(scale_out());
  MinuteRig rig(4);
  const Decision first = rig.next(policy, 80);  // t = 60
  ASSERT_TRUE(first.desired);
  EXPECT_EQ(*first.desired, 6);
  EXPECT_EQ(first.reason, "simple: 1 of 1 datapoints >= 70 (latest 80); +2 on 4 -> 6, then a 300 s cooldown");
  rig.view.desired = 6;
  rig.view.launching = 2;
  EXPECT_TRUE(rig.next(policy, 90).empty());  // 120: the activity is in progress
  EXPECT_TRUE(policy.activity_in_progress());
  // 180: both instances became ready at 170; the cooldown runs to 470.
  rig.view.launching = 0;
  rig.view.in_service = 6;
  rig.view.pods = {ready_pod(0), ready_pod(0), ready_pod(0), ready_pod(0), ready_pod(150), ready_pod(170)};
  EXPECT_TRUE(rig.next(policy, 90).empty());
  EXPECT_FALSE(policy.activity_in_progress());
  EXPECT_EQ(policy.cooldown_until_s(), 470.0);
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(rig.next(policy, 90).empty()) << rig.now;  // 240 .. 420: still breaching
  const Decision second = rig.next(policy, 90);            // 480
  ASSERT_TRUE(second.desired);
  EXPECT_EQ(rig.now, 480.0);
  EXPECT_EQ(*second.desired, 8);
}

TEST(SimpleScaling, WithoutPodsTheCooldownRunsFromWhenTheActivityIsSeenComplete) {
  SimpleScalingPolicy policy(scale_out());
  MinuteRig rig(4);
  ASSERT_TRUE(rig.next(policy, 80).desired);  // 60
  rig.view.desired = 6;
  rig.view.launching = 2;
  rig.next(policy, 80);  // 120
  rig.next(policy, 80);  // 180
  rig.view.launching = 0;
  rig.next(policy, 80);  // 240: complete
  EXPECT_EQ(policy.cooldown_until_s(), 540.0);
}

TEST(SimpleScaling, AnActivityTheViewNeverShowedCoolsDownFromTheDecision) {
  SimpleScalingPolicy policy(scale_out());
  MinuteRig rig(4);
  ASSERT_TRUE(rig.next(policy, 80).desired);  // 60; the fleet never shows a launch
  rig.view.desired = 6;
  EXPECT_TRUE(rig.next(policy, 80).empty());  // 120
  EXPECT_EQ(policy.cooldown_until_s(), 360.0);
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(rig.next(policy, 80).empty());  // 180 .. 300
  EXPECT_EQ(rig.next(policy, 80).desired, 8);   // 360
}

TEST(SimpleScaling, AScaleInCompletesWhenNothingDrainsAnyMore) {
  SimpleScalingParams p;
  p.alarm.threshold = 30;
  p.alarm.comparison = Comparison::less;
  p.adjustment = -1;
  p.cooldown_s = 120;
  SimpleScalingPolicy policy(p);
  MinuteRig rig(5);
  EXPECT_EQ(rig.next(policy, 10).desired, 4);  // 60
  rig.view.desired = rig.view.in_service = 4;
  rig.view.draining = 1;
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(rig.next(policy, 10).empty());  // 120 .. 360: deregistration delay
  rig.view.draining = 0;
  EXPECT_TRUE(rig.next(policy, 10).empty());  // 420: terminated; cooldown to 540
  EXPECT_EQ(policy.cooldown_until_s(), 540.0);
  EXPECT_TRUE(rig.next(policy, 10).empty());   // 480
  EXPECT_EQ(rig.next(policy, 10).desired, 3);  // 540
}

TEST(SimpleScaling, NoAlarmNoAction) {
  SimpleScalingPolicy policy(scale_out());
  MinuteRig rig(4);
  for (int i = 0; i < 30; ++i)
    EXPECT_TRUE(rig.next(policy, 69.9).empty());
  EXPECT_EQ(policy.alarm().state(), AlarmState::ok);
}

TEST(SimpleScaling, AdjustmentTypesAndBounds) {
  SimpleScalingParams pct = scale_out(50);
  pct.adjustment_type = AdjustmentType::percent_change_in_capacity;
  SimpleScalingPolicy percent(pct);
  MinuteRig a(4);
  EXPECT_EQ(a.next(percent, 80).desired, 6);

  SimpleScalingParams exact = scale_out(9);
  exact.adjustment_type = AdjustmentType::exact_capacity;
  SimpleScalingPolicy to_nine(exact);
  MinuteRig b(4);
  EXPECT_EQ(b.next(to_nine, 80).desired, 9);

  SimpleScalingPolicy capped(scale_out(5));
  MinuteRig c(4, 1, 6);
  EXPECT_EQ(c.next(capped, 80).desired, 6);

  // At the maximum nothing changes, so no activity and no cooldown starts.
  SimpleScalingPolicy at_max(scale_out());
  MinuteRig d(6, 1, 6);
  EXPECT_TRUE(d.next(at_max, 80).empty());
  EXPECT_FALSE(at_max.activity_in_progress());
  d.view.max_capacity = 8;
  EXPECT_EQ(d.next(at_max, 80).desired, 8);
}

// ---- YAML -----------------------------------------------------------------------------------

TEST(SimpleScalingConfig, ReadsTheBlockWithAwsDefaults) {
  const ConfigDocument doc = ConfigDocument::parse(
      "policy: simple\nmetric: queue_length\nthreshold: 100\ncomparison: '>'\nadjustment: 3\n", "s.yaml");
  const auto policy = make_simple_scaling_policy(doc.root());
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  const auto& simple = dynamic_cast<SimpleScalingPolicy&>(*policy);
  EXPECT_EQ(simple.alarm().spec().metric, "queue_length");
  EXPECT_EQ(simple.alarm().spec().period_s, 60.0);
  EXPECT_EQ(simple.alarm().spec().evaluation_periods, 1);
  EXPECT_EQ(simple.interval_s(), 60.0);
  // The cooldown defaults to 300 s: after an unseen activity at 60, the next action is at 360.
  SimpleScalingPolicy copy = simple;
  MetricStore store(0.0, 3600.0);
  FleetView view;
  view.desired = 2;
  view.max_capacity = 20;
  view.metrics = &store;
  int actions = 0;
  for (double t = 60; t <= 600; t += 60) {
    store.add("queue_length", t, 150);
    view.now_s = t;
    if (const Decision d = copy.evaluate(view); d.desired) {
      ++actions;
      EXPECT_TRUE(t == 60 || t == 360) << t;
      view.desired = *d.desired;
    }
  }
  EXPECT_EQ(actions, 2);
  EXPECT_EQ(view.desired, 8);
}

TEST(SimpleScalingConfig, ReportsBadValues) {
  const ConfigDocument doc =
      ConfigDocument::parse("policy: simple\nthreshold: 70\ncooldown: -5s\ncooldwn: 60s\n", "s.yaml");
  EXPECT_NE(make_simple_scaling_policy(doc.root()), nullptr);
  const std::string errors = doc.diagnostics().format_all();
  EXPECT_NE(errors.find("missing required top-level key 'adjustment'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("s.yaml:3:11:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("s.yaml:4:1: unknown top-level key 'cooldwn'; did you mean 'cooldown'?"),
            std::string::npos)
      << errors;
}

}  // namespace
