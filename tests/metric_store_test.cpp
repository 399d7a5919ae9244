// The CloudWatch-like metric store: 15 s samples aggregated into aligned periods with each
// statistic, published only once a period's end plus the delay has passed, and forgotten
// after the retention. Also the statistic names scenarios use.
#include "models/autoscaling/metric_store.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "models/autoscaling/alarm.hpp"
#include "sim/config.hpp"
#include "sim/histogram.hpp"

namespace {

using namespace stratus::models::autoscaling;
using stratus::sim::ConfigDocument;
using stratus::sim::Histogram;

constexpr StatisticSpec kAverage{Statistic::average, 0.0};

StatisticSpec stat(Statistic kind, double q = 0.0) {
  return StatisticSpec{kind, q};
}

double value_of(const MetricStore& store, const std::string& metric, StatisticSpec s, double period_s,
                double now_s) {
  const auto points = store.datapoints(metric, s, period_s, 1, now_s);
  EXPECT_EQ(points.size(), 1u);
  EXPECT_TRUE(points.back().present);
  return points.back().value;
}

TEST(MetricStore, AggregatesTheTicksOfAPeriodWithEachStatistic) {
  MetricStore store(0.0, 3600.0);
  // Four 15 s ticks of [0, 60): values 10, 20, 30, 40 standing for 1, 1, 2 and 4 instances.
  store.add("cpu_utilisation", 15, 10, 1);
  store.add("cpu_utilisation", 30, 20, 1);
  store.add("cpu_utilisation", 45, 30, 2);
  store.add("cpu_utilisation", 60, 40, 4);
  EXPECT_DOUBLE_EQ(value_of(store, "cpu_utilisation", kAverage, 60, 60), (10 + 20 + 60 + 160) / 8.0);
  EXPECT_DOUBLE_EQ(value_of(store, "cpu_utilisation", stat(Statistic::sum), 60, 60), 100.0);
  EXPECT_DOUBLE_EQ(value_of(store, "cpu_utilisation", stat(Statistic::maximum), 60, 60), 40.0);
  EXPECT_DOUBLE_EQ(value_of(store, "cpu_utilisation", stat(Statistic::minimum), 60, 60), 10.0);
  EXPECT_DOUBLE_EQ(value_of(store, "cpu_utilisation", stat(Statistic::sample_count), 60, 60), 8.0);
  EXPECT_DOUBLE_EQ(value_of(store, "cpu_utilisation", stat(Statistic::percentile, 0.5), 60, 60), 20.0);
  const auto points = store.datapoints("cpu_utilisation", kAverage, 60, 1, 60);
  EXPECT_EQ(points[0].start_s, 0.0);
  EXPECT_EQ(points[0].end_s, 60.0);
}

TEST(MetricStore, ASampleEndingOnABoundaryClosesTheEarlierPeriod) {
  MetricStore store(0.0, 3600.0);
  for (int tick = 1; tick <= 8; ++tick)
    store.add("request_count", 15.0 * tick, tick);  // 1..4 in [0, 60), 5..8 in [60, 120)
  const auto points = store.datapoints("request_count", stat(Statistic::sum), 60, 2, 120);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].value, 1 + 2 + 3 + 4);
  EXPECT_EQ(points[1].value, 5 + 6 + 7 + 8);
}

TEST(MetricStore, PublishesAPeriodOnlyOnceItsEndPlusTheDelayHasPassed) {
  MetricStore store(60.0, 3600.0);
  for (int tick = 1; tick <= 8; ++tick)
    store.add("cpu_utilisation", 15.0 * tick, tick <= 4 ? 30.0 : 90.0, 2);
  // [0, 60) ends at 60 and is published at 120; [60, 120) at 180.
  auto latest = store.datapoints("cpu_utilisation", kAverage, 60, 1, 119.999);
  EXPECT_EQ(latest[0].start_s, -60.0);
  EXPECT_FALSE(latest[0].present);
  latest = store.datapoints("cpu_utilisation", kAverage, 60, 1, 120);
  EXPECT_EQ(latest[0].start_s, 0.0);
  EXPECT_EQ(latest[0].value, 30.0);
  latest = store.datapoints("cpu_utilisation", kAverage, 60, 1, 179);
  EXPECT_EQ(latest[0].start_s, 0.0);
  latest = store.datapoints("cpu_utilisation", kAverage, 60, 1, 180);
  EXPECT_EQ(latest[0].start_s, 60.0);
  EXPECT_EQ(latest[0].value, 90.0);
}

TEST(MetricStore, ReturnsTheLastPeriodsOldestFirstWithGapsMissing) {
  MetricStore store(0.0, 3600.0);
  store.add("queue_length", 60, 5);
  store.add("queue_length", 180, 7);  // nothing in [60, 120)
  const auto points = store.datapoints("queue_length", kAverage, 60, 4, 180);
  ASSERT_EQ(points.size(), 4u);
  EXPECT_EQ(points[0].start_s, -60.0);
  EXPECT_FALSE(points[0].present);
  EXPECT_TRUE(points[1].present);
  EXPECT_EQ(points[1].value, 5.0);
  EXPECT_FALSE(points[2].present);
  EXPECT_TRUE(points[3].present);
  EXPECT_EQ(points[3].value, 7.0);
}

TEST(MetricStore, AZeroWeightRecordsNoData) {
  MetricStore store(0.0, 3600.0);
  store.add("cpu_utilisation", 15, 99, 0);  // no instance in service: no datapoint
  store.add("cpu_utilisation", 75, 50, 3);
  const auto points = store.datapoints("cpu_utilisation", kAverage, 60, 2, 120);
  EXPECT_FALSE(points[0].present);
  EXPECT_TRUE(points[1].present);
  EXPECT_EQ(points[1].value, 50.0);
}

TEST(MetricStore, LongerPeriodsAggregateMoreTicks) {
  MetricStore store(0.0, 3600.0);
  for (int tick = 1; tick <= 20; ++tick)
    store.add("in_flight", 15.0 * tick, tick % 2 == 0 ? 4.0 : 2.0);
  EXPECT_DOUBLE_EQ(value_of(store, "in_flight", kAverage, 300, 300), 3.0);
  EXPECT_DOUBLE_EQ(value_of(store, "in_flight", stat(Statistic::sample_count), 300, 300), 20.0);
}

TEST(MetricStore, DistributionsMergeTheirHistogramsForPercentiles) {
  MetricStore store(0.0, 3600.0);
  Histogram first, second;
  for (int v = 1; v <= 100; ++v)
    first.add(v / 1000.0);
  for (int v = 101; v <= 200; ++v)
    second.add(v / 1000.0);
  store.add_distribution("latency_s", 30, first);
  store.add_distribution("latency_s", 45, second);
  store.add_distribution("latency_s", 60, Histogram());  // an idle tick adds nothing
  const double p99 = value_of(store, "latency_s", stat(Statistic::percentile, 0.99), 60, 60);
  EXPECT_NEAR(p99, 0.198, 0.198 * first.relative_accuracy());
  const double p50 = value_of(store, "latency_s", stat(Statistic::percentile, 0.5), 60, 60);
  EXPECT_NEAR(p50, 0.100, 0.100 * first.relative_accuracy());
  EXPECT_NEAR(value_of(store, "latency_s", kAverage, 60, 60), 0.1005, 1e-12);
  EXPECT_NEAR(value_of(store, "latency_s", stat(Statistic::sum), 60, 60), 20.1, 1e-9);
  EXPECT_DOUBLE_EQ(value_of(store, "latency_s", stat(Statistic::maximum), 60, 60), 0.2);
  EXPECT_DOUBLE_EQ(value_of(store, "latency_s", stat(Statistic::minimum), 60, 60), 0.001);
  EXPECT_DOUBLE_EQ(value_of(store, "latency_s", stat(Statistic::sample_count), 60, 60), 200.0);
}

TEST(MetricStore, RetentionForgetsOldSamples) {
  MetricStore store(0.0, 600.0);
  for (int tick = 1; tick <= 200; ++tick)  // 3000 s
    store.add("cpu_utilisation", 15.0 * tick, 10, 1);
  const auto points = store.datapoints("cpu_utilisation", kAverage, 60, 50, 3000);
  ASSERT_EQ(points.size(), 50u);
  int present = 0;
  for (const Datapoint& p : points) {
    if (p.present) ++present;
    if (p.end_s <= 3000 - 600 - 15) {
      EXPECT_FALSE(p.present) << p.start_s;
    }
  }
  EXPECT_EQ(present, 11);  // [2340, 3000): the sample ending at 2400 is the oldest kept
}

TEST(MetricStore, KnownMetricsWithoutSamplesAreMissingAndUnknownOnesThrow) {
  MetricStore store(60.0, 3600.0);
  const auto points = store.datapoints("cpu_utilisation", kAverage, 60, 3, 600);
  ASSERT_EQ(points.size(), 3u);
  for (const Datapoint& p : points)
    EXPECT_FALSE(p.present);
  EXPECT_THROW(store.datapoints("cpu_utilization", kAverage, 60, 1, 600), std::invalid_argument);
  store.add("custom", 15, 1);
  EXPECT_TRUE(store.datapoints("custom", kAverage, 60, 1, 120)[0].present);
}

TEST(MetricStore, SamplesMustArriveInTimeOrder) {
  MetricStore store(0.0, 3600.0);
  store.add("in_service", 30, 1);
  store.add("in_service", 30, 1);  // the same tick twice is fine
  EXPECT_THROW(store.add("in_service", 15, 1), std::invalid_argument);
}

TEST(MetricStore, StaysFastOnLongRuns) {
  MetricStore store(60.0, 7200.0);
  long long queried = 0;
  for (int tick = 1; tick <= 4 * 60 * 24 * 7; ++tick) {  // a week of 15 s ticks
    const double t = 15.0 * tick;
    store.add("cpu_utilisation", t, 50, 4);
    store.add("in_service", t, 4);
    if (tick % 4 == 0) queried += store.datapoints("cpu_utilisation", kAverage, 60, 17, t).size();
  }
  EXPECT_EQ(queried, 17LL * 60 * 24 * 7);
}

// ---- statistic names ----------------------------------------------------------------------

StatisticSpec read(const std::string& text, std::string* errors = nullptr) {
  const ConfigDocument doc = ConfigDocument::parse("statistic: " + text + "\n", "p.yaml");
  const StatisticSpec s = read_statistic(doc.root()["statistic"], StatisticSpec{Statistic::sum, 0.0});
  if (errors != nullptr) *errors = doc.diagnostics().format_all();
  return s;
}

TEST(Statistic, ReadsNamesAndPercentiles) {
  EXPECT_EQ(read("average").kind, Statistic::average);
  EXPECT_EQ(read("max").kind, Statistic::maximum);
  EXPECT_EQ(read("minimum").kind, Statistic::minimum);
  EXPECT_EQ(read("sample_count").kind, Statistic::sample_count);
  EXPECT_EQ(read("p99").kind, Statistic::percentile);
  EXPECT_DOUBLE_EQ(read("p99").percentile, 0.99);
  EXPECT_DOUBLE_EQ(read("p99.9").percentile, 0.999);
  EXPECT_EQ(statistic_name(read("p99.9")), "p99.9");
  EXPECT_EQ(statistic_name(read("max")), "maximum");
}

TEST(Statistic, ReportsBadNamesWithTheirPosition) {
  std::string errors;
  EXPECT_EQ(read("averag", &errors).kind, Statistic::sum);  // the fallback
  EXPECT_NE(errors.find("p.yaml:1:12: unknown statistic 'averag'; did you mean 'average'?"),
            std::string::npos)
      << errors;
  read("p100", &errors);
  EXPECT_NE(errors.find("unknown statistic 'p100'"), std::string::npos) << errors;
  read("p0", &errors);
  EXPECT_NE(errors.find("percentile such as p99"), std::string::npos) << errors;
}

}  // namespace
