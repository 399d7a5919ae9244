// Step scaling: the step chosen by the metric's distance from the threshold with AWS's
// inclusive/exclusive bounds, each adjustment type, warm-up (warming instances are not current
// capacity on scale-out; no scale-in while they warm), draining instances on scale-in, the
// group's bounds, N of M alarms, and the YAML with AWS's rules on steps.
#include "models/autoscaling/step_scaling.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sim/config.hpp"
#include "support/minute_rig.hpp"

namespace {

using namespace stratus::models::autoscaling;
using stratus::sim::ConfigDocument;
using stratus::testing::MinuteRig;

StepScalingParams scale_out_steps(AdjustmentType type = AdjustmentType::change_in_capacity) {
  StepScalingParams p;
  p.alarm.threshold = 60;
  p.alarm.comparison = Comparison::greater_or_equal;
  p.adjustment_type = type;
  p.steps = {{0.0, 10.0, 1}, {10.0, 20.0, 2}, {20.0, std::nullopt, 3}};
  return p;
}

StepScalingParams scale_in_steps() {
  StepScalingParams p;
  p.alarm.threshold = 40;
  p.alarm.comparison = Comparison::less_or_equal;
  p.steps = {{std::nullopt, -10.0, -2}, {-10.0, 0.0, -1}};
  return p;
}

int desired_after(StepScalingParams params, double value, int in_service = 10) {
  StepScalingPolicy policy(std::move(params));
  MinuteRig rig(in_service);
  const Decision d = rig.next(policy, value);
  return d.desired.value_or(rig.view.desired);
}

TEST(StepScaling, PicksTheStepByDistanceAboveTheThreshold) {
  EXPECT_EQ(desired_after(scale_out_steps(), 59.9), 10);  // not breaching
  EXPECT_EQ(desired_after(scale_out_steps(), 60.0), 11);  // [0, 10): lower inclusive above
  EXPECT_EQ(desired_after(scale_out_steps(), 69.9), 11);
  EXPECT_EQ(desired_after(scale_out_steps(), 70.0), 12);  // upper exclusive above
  EXPECT_EQ(desired_after(scale_out_steps(), 79.9), 12);
  EXPECT_EQ(desired_after(scale_out_steps(), 80.0), 13);
  EXPECT_EQ(desired_after(scale_out_steps(), 100.0), 13);
}

TEST(StepScaling, BelowTheThresholdLowerBoundsAreExclusiveAndUpperInclusive) {
  EXPECT_EQ(desired_after(scale_in_steps(), 40.1), 10);  // not breaching
  EXPECT_EQ(desired_after(scale_in_steps(), 40.0), 9);   // (-10, 0]: 40 is in it
  EXPECT_EQ(desired_after(scale_in_steps(), 30.1), 9);
  EXPECT_EQ(desired_after(scale_in_steps(), 30.0), 8);  // -10 is not > -10: (-inf, -10]
  EXPECT_EQ(desired_after(scale_in_steps(), 5.0), 8);
}

TEST(StepScaling, AValueNoStepCoversChangesNothing) {
  StepScalingParams p = scale_out_steps();
  p.steps = {{10.0, std::nullopt, 2}};
  EXPECT_EQ(desired_after(p, 65.0), 10);
  EXPECT_EQ(desired_after(p, 70.0), 12);
}

TEST(StepScaling, PercentChangeInCapacity) {
  StepScalingParams p = scale_out_steps(AdjustmentType::percent_change_in_capacity);
  p.steps = {{0.0, 10.0, 5}, {10.0, std::nullopt, 25}};
  EXPECT_EQ(desired_after(p, 65.0), 11);  // 5 % of 10 = 0.5 -> 1
  EXPECT_EQ(desired_after(p, 75.0), 12);  // 25 % of 10 = 2.5 -> 2
  p.min_adjustment_magnitude = 3;
  EXPECT_EQ(desired_after(p, 75.0), 13);
  StepScalingParams in = scale_in_steps();
  in.adjustment_type = AdjustmentType::percent_change_in_capacity;
  in.steps = {{std::nullopt, 0.0, -25}};
  EXPECT_EQ(desired_after(in, 20.0), 8);  // -2.5 -> -2
}

TEST(StepScaling, ExactCapacityGoesEitherWay) {
  StepScalingParams p = scale_out_steps(AdjustmentType::exact_capacity);
  p.steps = {{0.0, 20.0, 12}, {20.0, std::nullopt, 16}};
  EXPECT_EQ(desired_after(p, 65.0), 12);
  EXPECT_EQ(desired_after(p, 95.0), 16);
  EXPECT_EQ(desired_after(p, 65.0, 12), 12);  // already there: no decision
  StepScalingParams in = scale_in_steps();
  in.adjustment_type = AdjustmentType::exact_capacity;
  in.steps = {{std::nullopt, 0.0, 3}};
  EXPECT_EQ(desired_after(in, 20.0), 3);
}

// The AWS user guide's example: 10 instances, +10 % at 60, +30 % at 70, the first added
// instance still warming up.
TEST(StepScaling, WarmingInstancesAreNotCurrentCapacityOnScaleOut) {
  StepScalingParams p = scale_out_steps(AdjustmentType::percent_change_in_capacity);
  p.steps = {{0.0, 10.0, 10}, {10.0, std::nullopt, 30}};
  StepScalingPolicy policy(p);
  MinuteRig rig(10);
  const Decision first = rig.next(policy, 60);
  ASSERT_TRUE(first.desired);
  EXPECT_EQ(*first.desired, 11);
  rig.view.desired = 11;
  rig.view.warming = 1;
  EXPECT_TRUE(rig.next(policy, 62).empty());  // 10 % of 10 again: 11 is already desired
  const Decision larger = rig.next(policy, 70);
  ASSERT_TRUE(larger.desired);
  EXPECT_EQ(*larger.desired, 13);  // 30 % of 10 = 3 on 10: only 2 more than desired
  EXPECT_EQ(larger.reason, "step: 1 of 1 datapoints >= 60 (latest 70); step (10, +inf): +30% on 10 -> 13");
}

TEST(StepScaling, NoScaleInWhileInstancesLaunchOrWarm) {
  StepScalingPolicy policy(scale_in_steps());
  MinuteRig rig(10);
  rig.view.warming = 1;
  EXPECT_TRUE(rig.next(policy, 20).empty());
  rig.view.warming = 0;
  rig.view.launching = 2;
  EXPECT_TRUE(rig.next(policy, 20).empty());
  rig.view.launching = 0;
  EXPECT_EQ(rig.next(policy, 20).desired, 8);
}

TEST(StepScaling, DrainingInstancesAreNotRemovedTwice) {
  StepScalingPolicy policy(scale_in_steps());
  MinuteRig rig(10);
  ASSERT_EQ(rig.next(policy, 20).desired, 8);
  rig.view.desired = rig.view.in_service = 8;
  rig.view.draining = 2;
  EXPECT_TRUE(rig.next(policy, 20).empty());  // 8 + 2 draining - 2 = 8
  rig.view.draining = 0;                      // terminated; the alarm still breaches
  EXPECT_EQ(rig.next(policy, 20).desired, 6);
}

TEST(StepScaling, StaysWithinTheGroupsBounds) {
  StepScalingPolicy out(scale_out_steps());
  MinuteRig top(10, 1, 11);
  EXPECT_EQ(top.next(out, 95).desired, 11);
  top.view.desired = 11;
  EXPECT_TRUE(top.next(out, 95).empty());
  StepScalingPolicy in(scale_in_steps());
  MinuteRig bottom(10, 9, 20);
  EXPECT_EQ(bottom.next(in, 5).desired, 9);
}

TEST(StepScaling, ActsOnlyOnceTheAlarmHasNOfMBreaches) {
  StepScalingParams p = scale_out_steps();
  p.alarm.evaluation_periods = 3;
  p.alarm.datapoints_to_alarm = 2;
  StepScalingPolicy policy(p);
  MinuteRig rig(10);
  EXPECT_TRUE(rig.next(policy, 50).empty());
  EXPECT_TRUE(rig.next(policy, 75).empty());
  EXPECT_TRUE(rig.next(policy, 50).empty());
  EXPECT_EQ(rig.next(policy, 65).desired, 11);  // 2 of 3; the latest breach (65) picks +1
}

TEST(StepScaling, ChecksStepsAsAwsDoes) {
  EXPECT_EQ(check_steps({}), "at least one step is required");
  EXPECT_EQ(check_steps({{std::nullopt, std::nullopt, 1}}), "step 1 needs a lower or an upper bound");
  EXPECT_EQ(check_steps({{0.0, 10.0, 1}, {20.0, std::nullopt, 2}}),
            "step 2: 'lower' must equal the previous step's 'upper' (steps may not overlap or leave gaps)");
  EXPECT_EQ(check_steps({{0.0, 10.0, 1}, {5.0, std::nullopt, 2}}),
            "step 2: 'lower' must equal the previous step's 'upper' (steps may not overlap or leave gaps)");
  EXPECT_EQ(check_steps({{0.0, std::nullopt, 1}, {10.0, 20.0, 2}}),
            "step 1: only the last step may omit 'upper'");
  EXPECT_EQ(check_steps({{10.0, 5.0, 1}}), "step 1: 'lower' must be below 'upper'");
  EXPECT_EQ(check_steps(scale_out_steps().steps), "");
  EXPECT_EQ(check_steps(scale_in_steps().steps), "");
  EXPECT_THROW(StepScalingPolicy(StepScalingParams{}), std::invalid_argument);
}

// ---- YAML -----------------------------------------------------------------------------------

TEST(StepScalingConfig, ReadsTheBlock) {
  const ConfigDocument doc = ConfigDocument::parse(
      "policy: step\nmetric: cpu_utilisation\nstatistic: maximum\nperiod: 60s\nevaluation_periods: 2\n"
      "threshold: 60\ncomparison: '>='\nadjustment_type: percent_change_in_capacity\n"
      "min_adjustment_magnitude: 2\nsteps: [{lower: 0, upper: 20, adjustment: 10}, {lower: 20, adjustment: "
      "30}]\n",
      "s.yaml");
  const auto policy = make_step_scaling_policy(doc.root());
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  const auto& step = dynamic_cast<StepScalingPolicy&>(*policy);
  EXPECT_EQ(step.alarm().spec().statistic.kind, Statistic::maximum);
  EXPECT_EQ(step.alarm().spec().datapoints_to_alarm, 2);
  EXPECT_EQ(step.interval_s(), 60.0);
  ASSERT_NE(step.step_for(85), nullptr);
  EXPECT_EQ(step.step_for(85)->adjustment, 30);
  EXPECT_EQ(step.step_for(79.9)->adjustment, 10);
  EXPECT_EQ(step.step_for(59), nullptr);
}

TEST(StepScalingConfig, ReportsBadStepsAtTheirPosition) {
  const ConfigDocument doc = ConfigDocument::parse(
      "policy: step\nthreshold: 60\nadjustment_type: percent\n"
      "steps:\n  - {lower: 0, upper: 10, adjustment: 1}\n  - {lower: 15, adjustmnt: 2}\n",
      "s.yaml");
  EXPECT_NE(make_step_scaling_policy(doc.root()), nullptr);
  const std::string errors = doc.diagnostics().format_all();
  EXPECT_NE(errors.find("s.yaml:3:18: unknown adjustment type 'percent'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("s.yaml:6:17: unknown key 'adjustmnt' in 'steps[1]'; did you mean 'adjustment'?"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("missing required key 'adjustment' in 'steps[1]'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("s.yaml:5:3: 'steps': step 2: 'lower' must equal the previous step's 'upper'"),
            std::string::npos)
      << errors;
}

}  // namespace
