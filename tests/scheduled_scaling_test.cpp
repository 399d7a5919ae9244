#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "models/autoscaling/scheduled.hpp"
#include "sim/config.hpp"

namespace stratus::models::autoscaling {
namespace {

double utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return static_cast<double>(civil_seconds(y, mo, d, h, mi, s));
}

ScheduledAction recurring(std::string name, const std::string& cron, const std::string& zone) {
  ScheduledAction a;
  a.name = std::move(name);
  a.schedule = CronExpression::parse(cron);
  a.time_zone = TimeZone::named(zone);
  return a;
}

struct Firing {
  double time_s;
  Decision decision;
};

// Drives a policy the way the autoscaler does: first evaluation, then next_evaluation_s.
std::vector<Firing> run(ScheduledPolicy& policy, double epoch_s, double until_s) {
  std::vector<Firing> out;
  for (double t = policy.first_evaluation_s(); t <= until_s; t = policy.next_evaluation_s(t)) {
    FleetView view;
    view.now_s = t;
    view.epoch_s = epoch_s;
    Decision d = policy.evaluate(view);
    if (!d.empty()) out.push_back({t, std::move(d)});
  }
  return out;
}

TEST(ScheduledScaling, FiresAtTheExactSecondInItsTimeZone) {
  ScheduledAction morning = recurring("business-hours", "0 8 * * MON-FRI", "Europe/Paris");
  morning.min_capacity = 4;
  morning.desired = 6;
  ScheduledPolicy policy(ScheduledParams{{morning}});
  const double epoch = utc(2024, 3, 29);  // a Friday; Paris moves to summer time on Sunday 31
  EXPECT_EQ(policy.first_evaluation_s(), 0.0);

  const auto firings = run(policy, epoch, 5 * 86400.0);
  ASSERT_EQ(firings.size(), 3u);
  EXPECT_EQ(firings[0].time_s, utc(2024, 3, 29, 7) - epoch);  // 08:00 CET
  EXPECT_EQ(firings[1].time_s, utc(2024, 4, 1, 6) - epoch);   // Monday 08:00 CEST
  EXPECT_EQ(firings[2].time_s, utc(2024, 4, 2, 6) - epoch);
  EXPECT_EQ(firings[0].decision.min_capacity, 4);
  EXPECT_EQ(firings[0].decision.desired, 6);
  EXPECT_FALSE(firings[0].decision.max_capacity.has_value());
  EXPECT_FALSE(firings[0].decision.floor.has_value());
  EXPECT_EQ(firings[0].decision.reason, "scheduled action 'business-hours'");
}

TEST(ScheduledScaling, WakesOnlyForItsActions) {
  ScheduledAction night = recurring("night", "30 22 * * *", "America/New_York");
  night.max_capacity = 2;
  ScheduledPolicy policy(ScheduledParams{{night}});
  const double epoch = utc(2024, 6, 1, 0, 0, 17);  // not aligned to a minute
  FleetView view;
  view.epoch_s = epoch;
  EXPECT_TRUE(policy.evaluate(view).empty());
  // The epoch is 20:00:17 EDT on May 31; 22:30 EDT is 02:30 UTC on June 1.
  EXPECT_EQ(policy.next_evaluation_s(0.0), utc(2024, 6, 1, 2, 30) - epoch);
}

TEST(ScheduledScaling, OneOffActionAtASkippedLocalTimeRunsAtTheChange) {
  ScheduledAction once;
  once.name = "once";
  once.time_zone = TimeZone::named("Europe/Paris");
  once.at_unix_s = parse_date_time("2024-03-31T02:30", once.time_zone);
  once.desired = 3;
  ScheduledPolicy policy(ScheduledParams{{once}});
  const double epoch = utc(2024, 3, 30);
  const auto firings = run(policy, epoch, 10 * 86400.0);
  ASSERT_EQ(firings.size(), 1u);
  EXPECT_EQ(firings[0].time_s, utc(2024, 3, 31, 1) - epoch);
  EXPECT_EQ(firings[0].decision.desired, 3);
  EXPECT_TRUE(std::isinf(policy.next_evaluation_s(firings[0].time_s)));  // nothing left to do
}

TEST(ScheduledScaling, ActionDueAtTheEpochRunsAtTimeZero) {
  ScheduledAction a = recurring("midnight", "0 0 * * *", "UTC");
  a.desired = 1;
  ScheduledPolicy policy(ScheduledParams{{a}});
  const auto firings = run(policy, utc(2024, 1, 1), 3600.0);
  ASSERT_EQ(firings.size(), 1u);
  EXPECT_EQ(firings[0].time_s, 0.0);
}

TEST(ScheduledScaling, SimultaneousActionsApplyInListOrder) {
  ScheduledAction first = recurring("first", "0 9 * * *", "UTC");
  first.min_capacity = 2;
  first.desired = 5;
  ScheduledAction second = recurring("second", "0 9 * * *", "UTC");
  second.desired = 7;
  ScheduledPolicy policy(ScheduledParams{{first, second}});
  const auto firings = run(policy, utc(2024, 1, 1), 86400.0);
  ASSERT_EQ(firings.size(), 1u);
  EXPECT_EQ(firings[0].time_s, 9 * 3600.0);
  EXPECT_EQ(firings[0].decision.min_capacity, 2);
  EXPECT_EQ(firings[0].decision.desired, 7);
  EXPECT_EQ(firings[0].decision.reason, "scheduled action 'first', 'second'");
}

TEST(ScheduledScaling, ALateEvaluationAppliesMissedActionsInTimeOrder) {
  ScheduledAction up = recurring("up", "0 8 * * *", "UTC");
  up.desired = 10;
  ScheduledAction down = recurring("down", "0 18 * * *", "UTC");
  down.desired = 2;
  ScheduledPolicy policy(ScheduledParams{{down, up}});
  FleetView view;
  view.epoch_s = utc(2024, 1, 1);
  policy.evaluate(view);
  view.now_s = 20 * 3600.0;  // both 08:00 and 18:00 have passed: 18:00 is the latest
  EXPECT_EQ(policy.evaluate(view).desired, 2);
  EXPECT_EQ(policy.next_evaluation_s(view.now_s), 32 * 3600.0);  // tomorrow 08:00
}

TEST(ScheduledScaling, ConstructorRejectsInconsistentActions) {
  ScheduledAction a = recurring("a", "0 8 * * *", "UTC");
  EXPECT_THROW(ScheduledPolicy(ScheduledParams{{a}}), std::invalid_argument);  // changes nothing
  a.min_capacity = 5;
  a.max_capacity = 3;
  EXPECT_THROW(ScheduledPolicy(ScheduledParams{{a}}), std::invalid_argument);
  a.max_capacity = 8;
  a.desired = 9;
  EXPECT_THROW(ScheduledPolicy(ScheduledParams{{a}}), std::invalid_argument);
  a.desired = 6;
  a.at_unix_s = 0;
  EXPECT_THROW(ScheduledPolicy(ScheduledParams{{a}}), std::invalid_argument);  // both schedule and at
}

// ------------------------------------------------------------------------------------ YAML

sim::ConfigDocument parse(const std::string& text) {
  return sim::ConfigDocument::parse(text, "s.yaml");
}

TEST(ScheduledScalingConfig, ReadsActions) {
  const auto doc = parse(
      "policy: scheduled\n"
      "actions:\n"
      "  - name: morning\n"
      "    schedule: \"0 8 * * MON-FRI\"\n"
      "    time_zone: Europe/Paris\n"
      "    min: 4\n"
      "    desired: 6\n"
      "  - at: \"2024-12-24T18:00\"\n"
      "    time_zone: +02:00\n"
      "    max: 3\n");
  const auto policy = make_scheduled_policy(doc.root());
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  const auto& params = dynamic_cast<const ScheduledPolicy&>(*policy).params();
  ASSERT_EQ(params.actions.size(), 2u);
  EXPECT_EQ(params.actions[0].name, "morning");
  EXPECT_EQ(params.actions[0].time_zone.name(), "Europe/Paris");
  EXPECT_EQ(params.actions[0].min_capacity, 4);
  EXPECT_FALSE(params.actions[0].max_capacity.has_value());
  EXPECT_EQ(params.actions[1].name, "action 2");
  EXPECT_EQ(params.actions[1].at_unix_s, civil_seconds(2024, 12, 24, 16));
  EXPECT_EQ(params.actions[1].max_capacity, 3);
}

TEST(ScheduledScalingConfig, ReportsBadValuesWhereTheyAre) {
  const auto doc = parse(
      "policy: scheduled\n"
      "actions:\n"
      "  - name: a\n"
      "    schedule: \"0 25 * * *\"\n"
      "    desired: 1\n"
      "  - name: b\n"
      "    schedule: \"0 8 * * *\"\n"
      "    time_zone: Europe/Pariss\n"
      "    desired: 1\n"
      "  - name: c\n"
      "    at: \"2024-02-30T08:00\"\n"
      "    desired: 1\n"
      "  - name: d\n"
      "    desired: 1\n"
      "    mn: 1\n");
  make_scheduled_policy(doc.root());
  EXPECT_EQ(doc.diagnostics().format_all(),
            "s.yaml:4:15: cron '0 25 * * *': hour 25 is out of range 0-23\n"
            "s.yaml:8:16: unknown time zone 'Europe/Pariss'; did you mean 'Europe/Paris'?\n"
            "s.yaml:11:9: bad date-time '2024-02-30T08:00': expected YYYY-MM-DDTHH:MM[:SS], optionally "
            "followed by Z or +HH:MM\n"
            "s.yaml:13:5: scheduled action 'd' needs exactly one of 'schedule' and 'at'\n"
            "s.yaml:15:5: unknown key 'mn' in 'actions[3]'; did you mean 'min'?\n");
}

TEST(ScheduledScalingConfig, RequiresActions) {
  const auto doc = parse("policy: scheduled\n");
  make_scheduled_policy(doc.root());
  EXPECT_EQ(doc.diagnostics().format_all(), "s.yaml:1:1: missing required top-level key 'actions'\n");
}

}  // namespace
}  // namespace stratus::models::autoscaling
