// CloudWatch metric alarms: N of M, the four missing-data treatments row by row as the
// CloudWatch User Guide tabulates them, comparisons at the threshold, reading from YAML, and
// the scaling adjustment arithmetic step and simple policies share.
#include "models/autoscaling/alarm.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "models/autoscaling/metric_store.hpp"
#include "sim/config.hpp"

namespace {

using namespace stratus::models::autoscaling;
using stratus::sim::ConfigDocument;

constexpr double kPeriod = 60.0;

// One datapoint per period index, published as soon as the period ends.
class ScriptedSource final : public MetricSource {
 public:
  /// "0 - X - X": oldest first, ending with the period [0, 60) ... published at `now_s()`.
  /// 0 is below the threshold 50 (value 10), X above (value 90), - missing.
  explicit ScriptedSource(const std::string& pattern) {
    std::istringstream in(pattern);
    std::string token;
    long long j = 0;
    while (in >> token) {
      if (token == "0") values_[j] = 10.0;
      if (token == "X") values_[j] = 90.0;
      ++j;
    }
    periods_ = j;
  }
  double now_s() const { return static_cast<double>(periods_) * kPeriod; }

  std::vector<Datapoint> datapoints(const std::string&, StatisticSpec, double period_s, int count,
                                    double now_s) const override {
    const auto last = static_cast<long long>(now_s / period_s);
    std::vector<Datapoint> out;
    for (long long j = last - count; j < last; ++j) {
      Datapoint d{static_cast<double>(j) * period_s, static_cast<double>(j + 1) * period_s, 0.0, false};
      if (const auto it = values_.find(j); it != values_.end()) {
        d.value = it->second;
        d.present = true;
      }
      out.push_back(d);
    }
    return out;
  }

 private:
  std::map<long long, double> values_;
  long long periods_ = 0;
};

AlarmSpec spec(int m, int n, MissingData missing = MissingData::missing) {
  AlarmSpec s;
  s.metric = "cpu_utilisation";
  s.evaluation_periods = m;
  s.datapoints_to_alarm = n;
  s.threshold = 50.0;
  s.comparison = Comparison::greater;
  s.missing_data = missing;
  return s;
}

// The state after evaluating `pattern`, from `initial` (reached on an all-breaching or an
// all-fine history first).
AlarmState state_after(const std::string& pattern, int m, int n, MissingData missing,
                       AlarmState initial = AlarmState::insufficient_data) {
  Alarm alarm(spec(m, n, missing));
  if (initial != AlarmState::insufficient_data) {
    const ScriptedSource before(initial == AlarmState::alarm ? "X X X X X" : "0 0 0 0 0");
    EXPECT_EQ(alarm.evaluate(before, before.now_s()).state, initial);
  }
  const ScriptedSource source(pattern);
  return alarm.evaluate(source, source.now_s()).state;
}

struct Row {
  const char* pattern;
  AlarmState missing, ignore, breaching, not_breaching;  // ignore: ok/alarm, or "retain" below
  bool ignore_retains = false;
};

constexpr AlarmState OK = AlarmState::ok;
constexpr AlarmState ALARM = AlarmState::alarm;
constexpr AlarmState NODATA = AlarmState::insufficient_data;

void check_rows(int m, int n, const std::vector<Row>& rows) {
  for (const Row& r : rows) {
    SCOPED_TRACE(std::string(r.pattern) + ", " + std::to_string(n) + " of " + std::to_string(m));
    EXPECT_EQ(state_after(r.pattern, m, n, MissingData::missing), r.missing);
    EXPECT_EQ(state_after(r.pattern, m, n, MissingData::breaching), r.breaching);
    EXPECT_EQ(state_after(r.pattern, m, n, MissingData::not_breaching), r.not_breaching);
    if (r.ignore_retains) {
      EXPECT_EQ(state_after(r.pattern, m, n, MissingData::ignore, ALARM), ALARM);
      EXPECT_EQ(state_after(r.pattern, m, n, MissingData::ignore, OK), OK);
      EXPECT_EQ(state_after(r.pattern, m, n, MissingData::ignore), NODATA);
    } else {
      EXPECT_EQ(state_after(r.pattern, m, n, MissingData::ignore, ALARM), r.ignore);
      EXPECT_EQ(state_after(r.pattern, m, n, MissingData::ignore, OK), r.ignore);
    }
  }
}

// CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing data", first table
// (Datapoints to Alarm = Evaluation Periods = 3, evaluation range 5).
TEST(Alarm, MissingDataTableThreeOfThree) {
  check_rows(3, 3,
             {
                 {"0 - X - X", OK, OK, OK, OK},
                 {"0 - - - -", OK, OK, OK, OK},
                 {"- - - - -", NODATA, OK, ALARM, OK, true},
                 {"0 X X - X", ALARM, ALARM, ALARM, ALARM},
                 {"- - X - -", ALARM, OK, ALARM, OK, true},  // the premature-alarm rule
             });
}

// Second table: 2 of 3.
TEST(Alarm, MissingDataTableTwoOfThree) {
  check_rows(3, 2,
             {
                 {"0 - X - X", ALARM, ALARM, ALARM, ALARM},
                 {"0 0 X 0 X", ALARM, ALARM, ALARM, ALARM},
                 {"0 - X - -", OK, OK, ALARM, OK},
                 {"- - - - 0", OK, OK, ALARM, OK},
                 {"- - - X -", ALARM, OK, ALARM, OK, true},
             });
}

// "Because the next data point may be non-breaching, the alarm does not go immediately into
// ALARM state when the data is either - - - - X or - - - X -" (3 of 3).
TEST(Alarm, ARecentLoneBreachIsNotAPrematureAlarm) {
  EXPECT_EQ(state_after("- - - - X", 3, 3, MissingData::missing), OK);
  EXPECT_EQ(state_after("- - - X -", 3, 3, MissingData::missing), OK);
}

TEST(Alarm, ThreeOfThreeFiresAtTheThirdBreachingDatapoint) {
  Alarm alarm(spec(3, 3));
  EXPECT_EQ(alarm.state(), NODATA);
  const std::vector<std::string> history = {"0 0 0", "0 0 0 X", "0 0 0 X X", "0 0 0 X X X", "0 0 0 X X X 0"};
  const std::vector<AlarmState> expected = {OK, OK, OK, ALARM, OK};
  for (std::size_t i = 0; i < history.size(); ++i) {
    const ScriptedSource source(history[i]);
    const AlarmEvaluation e = alarm.evaluate(source, source.now_s());
    EXPECT_EQ(e.state, expected[i]) << history[i];
    if (i == 3) {
      EXPECT_EQ(e.previous, OK);
      EXPECT_EQ(e.breaching, 3);
      ASSERT_EQ(e.datapoints.size(), 3u);
      EXPECT_EQ(e.datapoints.back().start_s, 300.0);
      EXPECT_EQ(e.breach_value, 90.0);
      EXPECT_EQ(e.reason, "3 of 3 datapoints > 50 (latest 90)");
    }
  }
}

TEST(Alarm, NOfMCountsBreachesAnywhereInTheWindow) {
  EXPECT_EQ(state_after("0 0 X 0 0", 3, 2, MissingData::missing), OK);
  EXPECT_EQ(state_after("0 0 X 0 X", 3, 2, MissingData::missing), ALARM);
  EXPECT_EQ(state_after("0 X 0 X 0", 3, 2, MissingData::missing), OK);  // the oldest X left the window
  EXPECT_EQ(state_after("X 0 0 0 X", 5, 2, MissingData::missing), ALARM);
  EXPECT_EQ(state_after("X X X X X X X X X X X X X X 0", 15, 15, MissingData::missing), OK);
  EXPECT_EQ(state_after("X X X X X X X X X X X X X X X", 15, 15, MissingData::missing), ALARM);
}

TEST(Alarm, ComparisonsAtTheThreshold) {
  AlarmSpec s = spec(1, 1);
  const auto breaches = [&](Comparison c, double v) {
    s.comparison = c;
    return Alarm(s).breaches(v);
  };
  EXPECT_FALSE(breaches(Comparison::greater, 50));
  EXPECT_TRUE(breaches(Comparison::greater, 50.001));
  EXPECT_TRUE(breaches(Comparison::greater_or_equal, 50));
  EXPECT_FALSE(breaches(Comparison::less, 50));
  EXPECT_TRUE(breaches(Comparison::less, 49.999));
  EXPECT_TRUE(breaches(Comparison::less_or_equal, 50));
  EXPECT_FALSE(breaches(Comparison::less_or_equal, 50.001));
}

TEST(Alarm, EvaluatesAStoreWithItsPublicationDelay) {
  MetricStore store(60.0, 3600.0);
  Alarm alarm(spec(3, 3));
  std::vector<AlarmState> states;
  for (int minute = 1; minute <= 8; ++minute) {
    for (int tick = 1; tick <= 4; ++tick)
      store.add("cpu_utilisation", (minute - 1) * 60.0 + 15.0 * tick, minute >= 3 ? 80.0 : 20.0, 4);
    states.push_back(alarm.evaluate(store, minute * 60.0).state);
  }
  // Minutes 3, 4, 5 ([120, 300)) breach; [240, 300) is published at 360: the sixth minute.
  EXPECT_EQ(states, (std::vector<AlarmState>{NODATA, OK, OK, OK, OK, ALARM, ALARM, ALARM}));
}

TEST(Alarm, RejectsSpecsNoReaderProduces) {
  EXPECT_THROW(Alarm(spec(3, 4)), std::invalid_argument);
  EXPECT_THROW(Alarm(spec(0, 0)), std::invalid_argument);
  AlarmSpec s = spec(1, 1);
  s.period_s = 0;
  EXPECT_THROW((Alarm(s)), std::invalid_argument);
}

// ---- YAML -----------------------------------------------------------------------------------

TEST(AlarmSpec, ReadsEveryKeyWithCloudWatchDefaults) {
  const ConfigDocument doc = ConfigDocument::parse(
      "metric: latency_s\nstatistic: p99\nperiod: 5min\nevaluation_periods: 5\nthreshold: 0.25\n"
      "comparison: '>'\nmissing_data: not_breaching\n",
      "a.yaml");
  const AlarmSpec s = read_alarm_spec(doc.root(), AlarmSpec{});
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  EXPECT_EQ(s.metric, "latency_s");
  EXPECT_EQ(s.statistic.kind, Statistic::percentile);
  EXPECT_EQ(s.period_s, 300.0);
  EXPECT_EQ(s.evaluation_periods, 5);
  EXPECT_EQ(s.datapoints_to_alarm, 5);  // N defaults to M
  EXPECT_EQ(s.threshold, 0.25);
  EXPECT_EQ(s.comparison, Comparison::greater);
  EXPECT_EQ(s.missing_data, MissingData::not_breaching);
}

TEST(AlarmSpec, ReportsBadValuesAtTheirPosition) {
  const ConfigDocument doc = ConfigDocument::parse(
      "metric: cpu\nevaluation_periods: 2\ndatapoints: 3\ncomparison: '=>'\nmissing_data: skip\n", "a.yaml");
  const AlarmSpec s = read_alarm_spec(doc.root(), AlarmSpec{});
  const std::string errors = doc.diagnostics().format_all();
  EXPECT_NE(errors.find("a.yaml:1:9: unknown metric 'cpu'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("a.yaml:3:13: 'datapoints' must be between 1 and 'evaluation_periods' (2)"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("a.yaml:4:13: unknown comparison '=>'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("a.yaml:5:15: unknown missing_data treatment 'skip'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("a.yaml:1:1: missing required top-level key 'threshold'"), std::string::npos)
      << errors;
  EXPECT_EQ(s.datapoints_to_alarm, 2);
  EXPECT_NO_THROW(Alarm{s});
}

// ---- adjustments ----------------------------------------------------------------------------

TEST(Adjustment, ChangeAndExactCapacity) {
  EXPECT_EQ(adjusted_capacity(4, AdjustmentType::change_in_capacity, 3, 0), 7);
  EXPECT_EQ(adjusted_capacity(4, AdjustmentType::change_in_capacity, -2, 0), 2);
  EXPECT_EQ(adjusted_capacity(4, AdjustmentType::exact_capacity, 9, 0), 9);
}

// EC2 Auto Scaling: > 1 rounds down, (0, 1) -> 1, (-1, 0) -> -1, < -1 rounds up.
TEST(Adjustment, PercentChangeRoundsAsAwsDocuments) {
  const auto pct = [](int current, double percent, int magnitude = 0) {
    return adjusted_capacity(current, AdjustmentType::percent_change_in_capacity, percent, magnitude);
  };
  EXPECT_EQ(pct(10, 10), 11);
  EXPECT_EQ(pct(10, 25), 12);  // +2.5 -> +2
  EXPECT_EQ(pct(10, 5), 11);   // +0.5 -> +1
  EXPECT_EQ(pct(10, -5), 9);   // -0.5 -> -1
  EXPECT_EQ(pct(10, -25), 8);  // -2.5 -> -2
  EXPECT_EQ(pct(3, -100), 0);
  EXPECT_EQ(pct(0, 50), 0);     // nothing to take a percentage of
  EXPECT_EQ(pct(4, 25, 2), 6);  // +1 raised to the minimum magnitude 2
  EXPECT_EQ(pct(8, -25, 3), 5);
  EXPECT_EQ(pct(40, 25, 2), 50);  // already larger than the minimum
}

TEST(Adjustment, ClampsToTheViewsBounds) {
  FleetView view;
  view.min_capacity = 2;
  view.max_capacity = 10;
  EXPECT_EQ(clamp_to_bounds(view, 1), 2);
  EXPECT_EQ(clamp_to_bounds(view, 11), 10);
  EXPECT_EQ(clamp_to_bounds(view, 5), 5);
}

}  // namespace
