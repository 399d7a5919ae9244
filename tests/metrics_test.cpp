#include "sim/metrics.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/number_format.hpp"

namespace stratus::sim {
namespace {

using Values = std::vector<double>;
using Names = std::vector<std::string>;

std::vector<double> times_of(const std::vector<MetricsRow>& rows) {
  std::vector<double> times;
  for (const auto& row : rows)
    times.push_back(row.time_s);
  return times;
}

std::vector<double> column(const MetricsRecorder& recorder, const std::string& name) {
  std::size_t index = 0;
  while (recorder.columns().at(index) != name)
    ++index;
  std::vector<double> values;
  for (const auto& row : recorder.rows())
    values.push_back(row.values.at(index));
  return values;
}

TEST(NumberFormat, ShortestRoundTripWithoutTrailingZero) {
  EXPECT_EQ(format_number(0.0), "0");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(5.0), "5");
  EXPECT_EQ(format_number(-12.0), "-12");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_number(1e21), "1e+21");
  EXPECT_EQ(format_number(2.5e-7), "2.5e-07");
  EXPECT_EQ(format_number(std::nan("")), "");
  EXPECT_EQ(format_number(INFINITY), "inf");
  for (const double v : {1.0 / 3.0, 123456.789, 6.02214076e23, 4.9e-324}) {
    const std::string text = format_number(v);
    double parsed = 0.0;
    std::from_chars(text.data(), text.data() + text.size(), parsed);
    EXPECT_EQ(parsed, v) << text;
  }
}

TEST(NumberFormat, JsonNumber) {
  EXPECT_EQ(json_number(5.0).dump(), "5");
  EXPECT_EQ(json_number(0.25).dump(), "0.25");
  EXPECT_EQ(json_number(std::nan("")).dump(), "null");
  EXPECT_EQ(json_number(-INFINITY).dump(), "null");
}

TEST(MetricsRecorder, CountersPerIntervalAndTotal) {
  MetricsRecorder recorder(10.0);
  const auto requests = recorder.counter("requests");
  const auto bytes = recorder.counter("bytes");
  recorder.add(requests);
  recorder.add(requests);
  recorder.add(requests);
  recorder.add(bytes, 512);
  recorder.advance(10.0);
  recorder.add(requests, 2.5);
  recorder.advance(25.0);  // closes [10, 20]; [20, 25] stays open
  recorder.add(requests);
  recorder.finish(25.0);  // partial [20, 25]
  EXPECT_EQ(times_of(recorder.rows()), (Values{10.0, 20.0, 25.0}));
  EXPECT_EQ(column(recorder, "requests"), (Values{3.0, 2.5, 1.0}));
  EXPECT_EQ(column(recorder, "bytes"), (Values{512.0, 0.0, 0.0}));
  EXPECT_EQ(recorder.counter_total(requests), 6.5);
  EXPECT_EQ(recorder.counter_total(bytes), 512.0);
}

TEST(MetricsRecorder, BeforeRowAccruesIntoTheRowAboutToClose) {
  // A cost accruing at 1 per second, added as each row closes: each row holds its own 10,
  // whichever advance() closes it.
  MetricsRecorder recorder(10.0);
  const auto cost = recorder.counter("cost");
  double accrued = 0;
  recorder.before_row([&](double end_s) {
    recorder.add(cost, end_s - accrued);
    accrued = end_s;
  });
  recorder.advance(35.0);  // closes the rows ending at 10, 20 and 30 at once
  recorder.finish(40.0);
  EXPECT_EQ(times_of(recorder.rows()), (Values{10.0, 20.0, 30.0, 40.0}));
  EXPECT_EQ(column(recorder, "cost"), (Values{10.0, 10.0, 10.0, 10.0}));
}

TEST(MetricsRecorder, TheLastRowClosesOnlyAtFinish) {
  // What is settled after the run (a bill's rounding) still lands in the last row, even when
  // something advanced the recorder to the end first.
  MetricsRecorder recorder(10.0);
  const auto cost = recorder.counter("cost");
  recorder.set_last_row_end(20.0);
  recorder.add(cost, 1.0);
  recorder.advance(20.0);  // closes [0, 10] only
  EXPECT_EQ(recorder.rows().size(), 1u);
  recorder.add(cost, 0.25);
  recorder.finish(20.0);
  EXPECT_EQ(times_of(recorder.rows()), (Values{10.0, 20.0}));
  EXPECT_EQ(column(recorder, "cost"), (Values{1.0, 0.25}));
}

TEST(MetricsRecorder, LevelTimeWeightedMeanAcrossBoundaries) {
  MetricsRecorder recorder(10.0);
  const auto queue = recorder.level("queue_length");
  recorder.set(queue, 2.0, 4.0);   // 0 on [0, 2]
  recorder.set(queue, 7.0, 1.0);   // 4 on [2, 7]
  recorder.set(queue, 23.0, 6.0);  // 1 on [7, 23]: crosses 10 and 20, closing both rows
  recorder.set(queue, 26.0, 0.0);  // 6 on [23, 26]
  recorder.finish(28.0);           // 0 on [26, 28]
  EXPECT_EQ(times_of(recorder.rows()), (Values{10.0, 20.0, 28.0}));
  // [0,10]: 0*2 + 4*5 + 1*3 = 23 over 10; [10,20]: 1; [20,28]: 1*3 + 6*3 + 0*2 = 21 over 8.
  EXPECT_EQ(column(recorder, "queue_length"), (Values{2.3, 1.0, 2.625}));
  EXPECT_EQ(recorder.level_mean(queue), 54.0 / 28.0);
  EXPECT_EQ(recorder.level_max(queue), 6.0);
}

TEST(MetricsRecorder, LevelHeldOverManyIntervalsAndSetOnABoundary) {
  MetricsRecorder recorder(1.0, 100.0);
  const auto instances = recorder.level("instances", 3.0);
  recorder.advance(102.0);               // 3 throughout two intervals
  recorder.set(instances, 102.0, 5.0);   // exactly on a boundary: the closed row keeps 3
  recorder.set(instances, 103.25, 1.0);  // crossing 103: row 103 is 5
  recorder.advance(104.0);               // [103, 104]: 5 * 0.25 + 1 * 0.75 = 2
  recorder.set(instances, 104.5, 9.0);   // same time twice: a zero-length value
  recorder.set(instances, 104.5, 2.0);
  recorder.finish(105.0);  // [104, 105]: 1 * 0.5 + 2 * 0.5 = 1.5
  EXPECT_EQ(times_of(recorder.rows()), (Values{101.0, 102.0, 103.0, 104.0, 105.0}));
  EXPECT_EQ(column(recorder, "instances"), (Values{3.0, 3.0, 5.0, 2.0, 1.5}));
  EXPECT_EQ(recorder.level_mean(instances), (3.0 + 3.0 + 5.0 + 2.0 + 1.5) / 5.0);
  EXPECT_EQ(recorder.level_max(instances), 9.0);  // even a zero-length value was reached
  EXPECT_EQ(recorder.level_value(instances), 2.0);
}

TEST(MetricsRecorder, LevelMeanMidRunIncludesTheOpenInterval) {
  MetricsRecorder recorder(10.0);
  const auto level = recorder.level("servers", 2.0);
  EXPECT_TRUE(std::isnan(recorder.level_mean(level)));  // no time has passed
  recorder.set(level, 4.0, 6.0);
  recorder.advance(8.0);
  EXPECT_EQ(recorder.level_mean(level), (2.0 * 4.0 + 6.0 * 4.0) / 8.0);
  EXPECT_TRUE(recorder.rows().empty());
}

TEST(MetricsRecorder, RowTimesAreStartPlusMultiplesOfTheInterval) {
  MetricsRecorder recorder(0.1, 1000.0);
  recorder.counter("events");
  recorder.advance(1000.0 + 50 * 0.1);
  ASSERT_EQ(recorder.rows().size(), 50u);
  for (std::size_t k = 0; k < 50; ++k) {
    EXPECT_EQ(recorder.rows()[k].time_s, 1000.0 + static_cast<double>(k + 1) * 0.1);
  }
  EXPECT_EQ(recorder.next_row_time_s(), 1000.0 + 51 * 0.1);
}

TEST(MetricsRecorder, GaugesSampledAtRowEnd) {
  MetricsRecorder recorder(10.0);
  double reading = 5.0;
  int reads = 0;
  const auto gauge = recorder.gauge("free_cores", [&] {
    ++reads;
    return reading;
  });
  recorder.advance(10.0);
  reading = 7.0;
  recorder.advance(15.0);
  EXPECT_EQ(reads, 1);  // only closing rows reads gauges
  recorder.advance(20.0);
  reading = 9.0;
  recorder.advance(40.0);  // closes two rows at once, each reads the value at hand
  reading = 11.0;
  recorder.finish(45.0);
  EXPECT_EQ(column(recorder, "free_cores"), (Values{5.0, 7.0, 9.0, 9.0, 11.0}));
  EXPECT_EQ(recorder.gauge_last(gauge), 11.0);
}

TEST(MetricsRecorder, HistogramColumns) {
  MetricsRecorder recorder(1.0);
  const auto latency = recorder.histogram("latency_s");
  EXPECT_EQ(recorder.columns(), (Names{"latency_s_mean", "latency_s_p50", "latency_s_p95", "latency_s_p99"}));
  for (const double value : {1.0, 2.0, 3.0, 4.0})
    recorder.record(latency, value);
  recorder.advance(2.0);  // second interval empty
  recorder.record(latency, 10.0);
  recorder.finish(2.5);
  const auto& rows = recorder.rows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].values[0], 2.5);
  EXPECT_NEAR(rows[0].values[1], 2.0, 0.005 * 2.0);  // rank 2 of 4: a bucket estimate
  EXPECT_EQ(rows[0].values[2], 4.0);                 // rank 4 = the exact max
  EXPECT_EQ(rows[0].values[3], 4.0);
  for (const double value : rows[1].values)
    EXPECT_TRUE(std::isnan(value));
  EXPECT_EQ(rows[2].values, (Values{10.0, 10.0, 10.0, 10.0}));
  const Histogram& run = recorder.run_histogram(latency);
  EXPECT_EQ(run.count(), 5u);
  EXPECT_EQ(run.mean(), 4.0);
  EXPECT_EQ(run.max(), 10.0);
}

// A small run whose every number is exact, so the CSV and JSON bytes can be compared.
MetricsRecorder small_run() {
  MetricsRecorder recorder(1.0);
  const auto requests = recorder.counter("requests");
  const auto instances = recorder.level("instances", 2.0);
  const auto latency = recorder.histogram("latency_s");
  recorder.add(requests);
  recorder.add(requests);
  recorder.record(latency, 0.25);
  recorder.set(instances, 0.5, 4.0);
  recorder.advance(1.0);
  recorder.advance(2.0);
  recorder.add(requests, 3.0);
  recorder.record(latency, 0.125);
  recorder.finish(2.5);
  return recorder;
}

TEST(MetricsRecorder, CsvTextExact) {
  const MetricsRecorder recorder = small_run();
  EXPECT_EQ(recorder.timeseries_csv(),
            "time_s,requests,instances,latency_s_mean,latency_s_p50,latency_s_p95,latency_s_p99\n"
            "1,2,3,0.25,0.25,0.25,0.25\n"
            "2,0,4,,,,\n"
            "2.5,3,4,0.125,0.125,0.125,0.125\n");
}

TEST(MetricsRecorder, SummaryJson) {
  const MetricsRecorder recorder = small_run();
  // instances: 3 on [0,1], 4 on [1,2.5] -> 9 / 2.5; latency 0.25 and 0.125: every rank is exact.
  EXPECT_EQ(
      recorder.summary().dump(),
      R"({"counters":{"requests":5},"gauges":{},)"
      R"("histograms":{"latency_s":{"count":2,"max":0.25,"mean":0.1875,"p50":0.125,"p95":0.25,"p99":0.25}},)"
      R"("levels":{"instances":{"max":4,"mean":3.6}}})");
}

TEST(MetricsRecorder, SummaryOfEmptyRunHasNulls) {
  MetricsRecorder recorder(1.0);
  recorder.histogram("latency_s");
  recorder.gauge("load", [] { return 0.5; });
  const nlohmann::json summary = recorder.summary();
  EXPECT_EQ(summary["histograms"]["latency_s"]["count"], 0);
  EXPECT_TRUE(summary["histograms"]["latency_s"]["p99"].is_null());
  EXPECT_TRUE(summary["gauges"]["load"].is_null());
  EXPECT_TRUE(summary["counters"].is_object());
  EXPECT_TRUE(summary["levels"].is_object());
}

TEST(MetricsRecorder, OnRowCallbacksInOrder) {
  MetricsRecorder recorder(1.0);
  const auto count = recorder.counter("n");
  std::vector<std::pair<int, double>> calls;
  recorder.on_row([&](const MetricsRow& row) { calls.emplace_back(1, row.time_s); });
  recorder.on_row([&](const MetricsRow& row) { calls.emplace_back(2, row.time_s); });
  recorder.add(count);
  recorder.advance(2.0);
  recorder.finish(2.5);
  const std::vector<std::pair<int, double>> expected = {{1, 1.0}, {2, 1.0}, {1, 2.0},
                                                        {2, 2.0}, {1, 2.5}, {2, 2.5}};
  EXPECT_EQ(calls, expected);
}

TEST(MetricsRecorder, StreamingWithoutRetention) {
  MetricsRecorder recorder(1.0);
  const auto count = recorder.counter("n");
  recorder.set_row_retention(false);
  std::string streamed = recorder.csv_header();
  recorder.on_row([&](const MetricsRow& row) { streamed += MetricsRecorder::csv_line(row); });
  recorder.add(count, 4.0);
  recorder.advance(1.0);
  recorder.add(count, 0.5);
  recorder.finish(1.75);
  EXPECT_TRUE(recorder.rows().empty());
  EXPECT_EQ(streamed, "time_s,n\n1,4\n1.75,0.5\n");
  EXPECT_EQ(recorder.timeseries_csv(), "time_s,n\n");
}

TEST(MetricsRecorder, ZeroLengthStepsAddNoRows) {
  MetricsRecorder recorder(1.0);
  const auto count = recorder.counter("n");
  recorder.advance(0.0);
  recorder.advance(1.0);
  recorder.advance(1.0);
  recorder.add(count);
  recorder.advance(2.0);
  recorder.finish(2.0);  // on a boundary: nothing partial left
  EXPECT_EQ(times_of(recorder.rows()), (Values{1.0, 2.0}));
  EXPECT_EQ(column(recorder, "n"), (Values{0.0, 1.0}));
}

TEST(MetricsRecorder, FinishAtStartAddsNoRow) {
  MetricsRecorder recorder(1.0, 5.0);
  recorder.counter("n");
  recorder.finish(5.0);
  EXPECT_TRUE(recorder.rows().empty());
}

TEST(MetricsRecorder, TimeGoesForwardOnly) {
  MetricsRecorder recorder(1.0);
  const auto level = recorder.level("l");
  recorder.advance(3.0);
  EXPECT_THROW(recorder.advance(2.0), std::logic_error);
  EXPECT_THROW(recorder.set(level, 2.5, 1.0), std::logic_error);
  EXPECT_THROW(recorder.advance(std::nan("")), std::logic_error);
  EXPECT_THROW(recorder.set(level, INFINITY, 1.0), std::logic_error);
  EXPECT_EQ(recorder.rows().size(), 3u);
}

TEST(MetricsRecorder, DeclarationRules) {
  MetricsRecorder recorder(1.0);
  recorder.counter("requests");
  recorder.histogram("latency_s");
  EXPECT_THROW(recorder.counter("requests"), std::invalid_argument);
  EXPECT_THROW(recorder.level("latency_s_p95"), std::invalid_argument);  // clashes with a column
  EXPECT_THROW(recorder.counter("time_s"), std::invalid_argument);
  EXPECT_THROW(recorder.counter(""), std::invalid_argument);
  EXPECT_THROW(recorder.counter("a,b"), std::invalid_argument);
  EXPECT_THROW(recorder.gauge("g", nullptr), std::invalid_argument);
  EXPECT_THROW(recorder.histogram("h", 0.5), std::invalid_argument);
  EXPECT_EQ(recorder.columns().size(), 5u);  // failed declarations left nothing behind
  recorder.advance(0.5);
  EXPECT_THROW(recorder.counter("late"), std::logic_error);
  EXPECT_THROW(MetricsRecorder(0.0), std::invalid_argument);
  EXPECT_THROW(MetricsRecorder(-1.0), std::invalid_argument);
}

TEST(MetricsRecorder, WrongIdsAndFinishedRecorderThrow) {
  MetricsRecorder recorder(1.0);
  const auto count = recorder.counter("n");
  const auto level = recorder.level("l");
  const auto latency = recorder.histogram("h");
  EXPECT_THROW(recorder.add(level), std::invalid_argument);  // a level's id is not a counter
  EXPECT_THROW(recorder.record(count, 1.0), std::invalid_argument);
  EXPECT_THROW(recorder.set(latency, 0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(recorder.add(count + 1), std::invalid_argument);
  EXPECT_THROW(recorder.add(count, std::nan("")), std::invalid_argument);
  EXPECT_THROW(recorder.record(latency, INFINITY), std::invalid_argument);
  EXPECT_THROW((void)recorder.counter_total(level), std::invalid_argument);
  EXPECT_EQ(recorder.counter_total(count), 0.0);
  recorder.finish(1.0);
  EXPECT_THROW(recorder.add(count), std::logic_error);
  EXPECT_THROW(recorder.set(level, 1.0, 2.0), std::logic_error);
  EXPECT_THROW(recorder.record(latency, 1.0), std::logic_error);
  EXPECT_THROW(recorder.advance(2.0), std::logic_error);
  EXPECT_THROW(recorder.finish(2.0), std::logic_error);
}

}  // namespace
}  // namespace stratus::sim
