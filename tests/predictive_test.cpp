#include "models/autoscaling/predictive.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/config.hpp"

namespace stratus::models::autoscaling {
namespace {

constexpr double kHour = 3600.0;
constexpr double kDay = 24 * kHour;
constexpr double kWeek = 7 * kDay;
constexpr double kEpoch = 1704067200.0;  // 2024-01-01T00:00:00Z, a Monday

// A metric source whose load is a function of UNIX time (requests/s, constant within each
// hour: its value at the hour's middle). Periods are published as soon as they end.
class FakeMetrics final : public MetricSource {
 public:
  explicit FakeMetrics(std::function<double(double)> rate) : rate_(std::move(rate)) {}

  std::vector<Datapoint> datapoints(const std::string& metric, StatisticSpec statistic, double period_s,
                                    int count, double now_s) const override {
    if (metric != "request_count" || statistic.kind != Statistic::sum || period_s != kHour)
      throw std::invalid_argument("unexpected query " + metric);
    ++queries;
    std::vector<Datapoint> out;
    const double last_end = std::floor(now_s / period_s) * period_s;
    for (int i = count; i >= 1; --i) {
      const double end = last_end - (i - 1) * period_s;
      const double start = end - period_s;
      if (start < 0) continue;
      out.push_back({start, end, rate_(kEpoch + start + 0.5 * kHour) * kHour, true});
    }
    return out;
  }
  mutable int queries = 0;

 private:
  std::function<double(double)> rate_;
};

FleetView view_at(double now_s, const MetricSource& metrics, int max_capacity = 1000) {
  FleetView v;
  v.now_s = now_s;
  v.epoch_s = kEpoch;
  v.max_capacity = max_capacity;
  v.metrics = &metrics;
  return v;
}

PredictiveParams per_instance(double requests_per_s) {
  PredictiveParams p;
  p.target_per_instance = requests_per_s;
  return p;
}

// Evaluates at every scheduled time up to `until_s`, collecting non-empty decisions.
std::vector<std::pair<double, Decision>> run(PredictivePolicy& policy, const MetricSource& metrics,
                                             double until_s, int max_capacity = 1000) {
  std::vector<std::pair<double, Decision>> out;
  for (double t = policy.first_evaluation_s(); t <= until_s; t = policy.next_evaluation_s(t)) {
    Decision d = policy.evaluate(view_at(t, metrics, max_capacity));
    if (!d.empty()) out.emplace_back(t, d);
  }
  return out;
}

double hour_of_day(double unix_s) {
  return std::fmod(unix_s, kDay) / kHour;
}

// Deterministic noise in [-amplitude, amplitude]: a fixed irrational rotation, no RNG state.
double noise(double unix_s, double amplitude) {
  const double x = std::fmod(unix_s / kHour * 0.6180339887498949, 1.0);
  return amplitude * (2 * x - 1);
}

// Weekdays busier than weekends, a daily cycle peaking mid-afternoon whose amplitude
// follows the weekly level (a multiplicative daily x weekly pattern).
double seasonal(double unix_s) {
  const double daily = 1 + 0.4 * std::sin(2 * std::numbers::pi * (hour_of_day(unix_s) - 9) / 24);
  const double weekly = 1 + 0.25 * std::cos(2 * std::numbers::pi * std::fmod(unix_s - kEpoch, kWeek) / kWeek);
  return 1000 * daily * weekly;
}

// 100 requests/s at night, 1000/s from 08:00 to 18:00 UTC.
double office_hours(double unix_s) {
  const double h = hour_of_day(unix_s);
  return (h >= 8 && h < 18) ? 1000.0 : 100.0;
}

TEST(Predictive, EvaluatesHourlyAheadOfEachHourByTheBuffer) {
  PredictivePolicy policy(per_instance(100));
  EXPECT_EQ(policy.interval_s(), 3600.0);
  EXPECT_EQ(policy.first_evaluation_s(), 3300.0);
  EXPECT_EQ(policy.next_evaluation_s(3300.0), 6900.0);
  PredictiveParams no_buffer = per_instance(100);
  no_buffer.scheduling_buffer_s = 0;
  EXPECT_EQ(PredictivePolicy(no_buffer).first_evaluation_s(), 3600.0);
}

TEST(Predictive, NoForecastBeforeADayOfHistory) {
  FakeMetrics metrics(office_hours);
  PredictivePolicy policy(per_instance(100));
  // At k h - 300 s the newest published hour is k - 2: 23 hours at 24 h - 300 s.
  EXPECT_TRUE(run(policy, metrics, 24 * kHour - 300).empty());
  EXPECT_EQ(policy.history().size(), 23u);
  EXPECT_TRUE(policy.forecast().empty());
  const Decision d = policy.evaluate(view_at(25 * kHour - 300, metrics));
  EXPECT_EQ(policy.history().size(), 24u);
  ASSERT_EQ(policy.forecast().size(), 48u);
  EXPECT_EQ(policy.forecast().front().start_s, 24 * kHour);
  EXPECT_TRUE(d.floor.has_value());
}

TEST(Predictive, RecoversADailyAndWeeklySeasonalCurve) {
  // Two weeks of history with +-2 % noise; the 48 h forecast must stay within 5 % of the
  // noise-free curve, hour by hour.
  FakeMetrics metrics([](double t) { return seasonal(t) * (1 + noise(t, 0.02)); });
  PredictivePolicy policy(per_instance(100));
  run(policy, metrics, 14 * kDay + 2 * kHour - 300);
  EXPECT_EQ(policy.history().size(), 14u * 24u);
  ASSERT_EQ(policy.forecast().size(), 48u);
  double worst = 0.0;
  for (const HourForecast& f : policy.forecast()) {
    const double truth = seasonal(kEpoch + f.start_s + 0.5 * kHour);
    worst = std::max(worst, std::fabs(f.load - truth) / truth);
    EXPECT_EQ(f.capacity, static_cast<int>(std::ceil(f.load / 100 - 1e-9)));
  }
  EXPECT_LT(worst, 0.05);
}

TEST(Predictive, ForecasterIsExactOnAnAdditiveDailyPlusWeeklyCurve) {
  const auto curve = [](double t) {
    return 500 + 200 * std::sin(2 * std::numbers::pi * t / kDay) +
           80 * std::cos(2 * std::numbers::pi * t / kWeek) +
           (hour_of_day(t) >= 8 && hour_of_day(t) < 9 ? 150 : 0);
  };
  std::vector<SeasonalForecaster::Sample> samples;
  for (int h = 0; h < 10 * 24; ++h)
    samples.push_back({kEpoch + (h + 0.5) * kHour, curve(kEpoch + (h + 0.5) * kHour)});
  const SeasonalForecaster model(samples);
  for (int h = 10 * 24; h < 12 * 24; ++h) {
    const double t = kEpoch + (h + 0.5) * kHour;
    EXPECT_NEAR(model.predict(t), curve(t), 1e-6 * curve(t)) << "hour " << h;
  }
  EXPECT_THROW(SeasonalForecaster(std::vector<SeasonalForecaster::Sample>(23, {0.0, 1.0})),
               std::invalid_argument);
}

TEST(Predictive, RaisesTheFloorBeforeTheMorningRise) {
  FakeMetrics metrics(office_hours);
  PredictivePolicy policy(per_instance(100));  // 1 instance at night, 10 by day
  const auto decisions = run(policy, metrics, 5 * kDay);
  std::vector<std::pair<double, int>> floors;
  for (const auto& [t, d] : decisions) {
    EXPECT_FALSE(d.desired.has_value()) << "at " << t;  // never sets the capacity itself
    EXPECT_FALSE(d.min_capacity.has_value());
    EXPECT_FALSE(d.max_capacity.has_value());
    ASSERT_TRUE(d.floor.has_value());
    floors.emplace_back(t, *d.floor);
  }
  // From day 2 on (a forecast exists from 25 h - 300 s), the floor rises to 10 five minutes
  // before 08:00 and falls back to 1 five minutes before 19:00, once the 18:00 hour is over.
  ASSERT_GE(floors.size(), 7u);
  EXPECT_EQ(floors[0], std::make_pair(25 * kHour - 300, 1));
  for (int day = 1; day <= 3; ++day) {
    EXPECT_EQ(floors[2 * day - 1], std::make_pair(day * kDay + 8 * kHour - 300, 10)) << "day " << day;
    EXPECT_EQ(floors[2 * day], std::make_pair(day * kDay + 19 * kHour - 300, 1)) << "day " << day;
  }
}

TEST(Predictive, ForecastOnlyChangesNothing) {
  FakeMetrics metrics(office_hours);
  PredictiveParams p = per_instance(100);
  p.forecast_only = true;
  PredictivePolicy policy(p);
  EXPECT_TRUE(run(policy, metrics, 3 * kDay).empty());
  EXPECT_EQ(policy.forecast().size(), 48u);
}

TEST(Predictive, MaxCapacityBreach) {
  FakeMetrics metrics(office_hours);
  PredictivePolicy honor(per_instance(100));
  run(honor, metrics, kDay + 8 * kHour - 300 - 1, 6);
  Decision d = honor.evaluate(view_at(kDay + 8 * kHour - 300, metrics, 6));
  EXPECT_EQ(d.floor, 6);  // 10 needed, the maximum is honoured
  EXPECT_FALSE(d.max_capacity.has_value());

  PredictiveParams p = per_instance(100);
  p.max_capacity_breach = PredictiveParams::Breach::increase;
  p.max_capacity_buffer = 0.25;
  PredictivePolicy increase(p);
  run(increase, metrics, kDay + 8 * kHour - 300 - 1, 6);
  d = increase.evaluate(view_at(kDay + 8 * kHour - 300, metrics, 6));
  EXPECT_EQ(d.floor, 10);
  EXPECT_EQ(d.max_capacity, 13);  // ceil(10 x 1.25)
}

TEST(Predictive, KeepsAtMostFourteenDaysOfHistory) {
  FakeMetrics metrics([](double) { return 300.0; });
  PredictivePolicy policy(per_instance(100));
  const auto decisions = run(policy, metrics, 16 * kDay);
  EXPECT_EQ(policy.history().size(), 14u * 24u);
  ASSERT_EQ(decisions.size(), 1u);  // the floor is sent once, then only when it changes
  EXPECT_EQ(decisions[0].second.floor, 3);
}

// ------------------------------------------------------------------------------------ YAML

sim::ConfigDocument parse(const std::string& text) {
  return sim::ConfigDocument::parse(text, "s.yaml");
}

const PredictiveParams& params_of(const std::unique_ptr<ScalingPolicy>& policy) {
  return dynamic_cast<const PredictivePolicy&>(*policy).params();
}

TEST(PredictiveConfig, ReadsKeysAndDefaults) {
  auto doc = parse("policy: predictive\ntarget_per_instance: 6000/min\n");
  auto policy = make_predictive_policy(doc.root());
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  EXPECT_EQ(params_of(policy).metric, PredictiveParams::Metric::request_count);
  EXPECT_DOUBLE_EQ(params_of(policy).target_per_instance, 100.0);
  EXPECT_EQ(params_of(policy).scheduling_buffer_s, 300.0);
  EXPECT_FALSE(params_of(policy).forecast_only);
  EXPECT_EQ(params_of(policy).max_capacity_breach, PredictiveParams::Breach::honor);

  doc = parse(
      "policy: predictive\nmetric: cpu_utilisation\ntarget_utilisation: 40\nscheduling_buffer: 10min\n"
      "mode: forecast_only\nmax_capacity_breach: increase\nmax_capacity_buffer: 10%\n");
  policy = make_predictive_policy(doc.root());
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  EXPECT_EQ(params_of(policy).metric, PredictiveParams::Metric::cpu_utilisation);
  EXPECT_EQ(params_of(policy).target_utilisation, 40.0);
  EXPECT_EQ(params_of(policy).scheduling_buffer_s, 600.0);
  EXPECT_TRUE(params_of(policy).forecast_only);
  EXPECT_EQ(params_of(policy).max_capacity_breach, PredictiveParams::Breach::increase);
  EXPECT_DOUBLE_EQ(params_of(policy).max_capacity_buffer, 0.1);
}

TEST(PredictiveConfig, ReportsBadValues) {
  const auto doc = parse(
      "policy: predictive\n"
      "target_per_instance: 0/s\n"
      "scheduling_buffer: 2h\n"
      "mode: guess\n"
      "max_capacity_buffer: 10%\n"
      "horizon: 48h\n");
  make_predictive_policy(doc.root());
  EXPECT_EQ(doc.diagnostics().format_all(),
            "s.yaml:2:22: 'target_per_instance' must be positive\n"
            "s.yaml:3:20: 'scheduling_buffer' must be at most 1h\n"
            "s.yaml:4:7: unknown mode 'guess'; expected one of: forecast_and_scale, forecast_only\n"
            "s.yaml:5:22: 'max_capacity_buffer' needs 'max_capacity_breach: increase'\n"
            "s.yaml:6:1: unknown top-level key 'horizon'; expected one of: max_capacity_breach, "
            "max_capacity_buffer, metric, mode, policy, scheduling_buffer, target_per_instance, "
            "target_utilisation\n");
}

}  // namespace
}  // namespace stratus::models::autoscaling
