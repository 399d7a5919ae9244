// Decimation: bounded points for year-long runs, with every peak and dip kept.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "gui/charts/min_max_decimator.hpp"
#include "gui/charts/run_data.hpp"

namespace stratus::gui {
namespace {

QVector<QPointF> decimate(const QVector<QPointF>& input, int max_points) {
  MinMaxDecimator d(max_points);
  for (const QPointF& p : input)
    d.add(p.x(), p.y());
  return d.points();
}

/// A year at one row a minute: noise around a daily wave, one spike and one dip.
QVector<QPointF> year_of_minutes(qsizetype spike_at, qsizetype dip_at) {
  std::mt19937_64 random(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  QVector<QPointF> points;
  for (qsizetype i = 0; i < 525600; ++i) {
    double y = 50.0 + 20.0 * std::sin(2.0 * M_PI * static_cast<double>(i) / 1440.0) + noise(random);
    if (i == spike_at) y = 500.0;
    if (i == dip_at) y = -300.0;
    points.push_back(QPointF(60.0 * static_cast<double>(i + 1), y));
  }
  return points;
}

TEST(Decimation, ExactWhileTheSeriesFits) {
  QVector<QPointF> input;
  for (int i = 0; i < 500; ++i)
    input.push_back(QPointF(i, std::sin(i)));
  EXPECT_EQ(decimate(input, 2000), input);
}

TEST(Decimation, KeepsTheMinimumAndMaximumOfAYear) {
  const QVector<QPointF> input = year_of_minutes(123457, 400001);
  const QVector<QPointF> out = decimate(input, 2000);
  EXPECT_LE(out.size(), 2000);
  EXPECT_GT(out.size(), 1000);  // buckets are used, not thrown away
  EXPECT_TRUE(out.contains(input[123457])) << "the spike was lost";
  EXPECT_TRUE(out.contains(input[400001])) << "the dip was lost";
  EXPECT_EQ(out.front(), input.front());
  EXPECT_EQ(out.back(), input.back());  // a chart ends on the run's last value
  for (qsizetype i = 1; i < out.size(); ++i)
    ASSERT_LE(out[i - 1].x(), out[i].x());
  // Every point drawn is a real sample, not an average.
  for (const QPointF& p : out) {
    const auto index = static_cast<qsizetype>(std::llround(p.x() / 60.0)) - 1;
    ASSERT_EQ(input[index], p);
  }
}

TEST(Decimation, EveryBucketKeepsItsExtremes) {
  // 10,000 points into at most 100: 48 buckets of equal row counts, a power of two rows wide
  // (widths double as rows arrive), here 256 rows. Each bucket's smallest and largest
  // samples are both drawn, so the decimated line has the envelope of the original.
  QVector<QPointF> input;
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int i = 0; i < 10000; ++i)
    input.push_back(QPointF(i, uniform(random)));
  const QVector<QPointF> out = decimate(input, 100);
  ASSERT_LE(out.size(), 100);
  constexpr int kWidth = 256;
  for (int start = 0; start < input.size(); start += kWidth) {
    const auto first = input.begin() + start,
               last = input.begin() + std::min<qsizetype>(start + kWidth, input.size());
    const auto by_y = [](const QPointF& a, const QPointF& b) { return a.y() < b.y(); };
    EXPECT_TRUE(out.contains(*std::min_element(first, last, by_y))) << "minimum of rows from " << start;
    EXPECT_TRUE(out.contains(*std::max_element(first, last, by_y))) << "maximum of rows from " << start;
  }
}

TEST(Decimation, EmptyCellsDrawNothing) {
  MinMaxDecimator d(100);
  d.add(1.0, NAN);
  d.add(2.0, 5.0);
  d.add(3.0, NAN);
  EXPECT_EQ(d.points(), (QVector<QPointF>{{2.0, 5.0}}));
  EXPECT_TRUE(MinMaxDecimator(100).points().isEmpty());
}

TEST(Decimation, RowsAppendedLiveGiveTheSameSeriesAsAllAtOnce) {
  // The live window redraws between batches of rows; its cached decimation must not drift
  // from what a finished run's file gives.
  RunData live, whole;
  live.set_columns({"time_s", "x"});
  whole.set_columns({"time_s", "x"});
  std::mt19937_64 random(11);
  std::exponential_distribution<double> values(1.0);
  for (int i = 0; i < 100000; ++i) {
    const QVector<double> row{static_cast<double>(i), values(random)};
    live.append_row(row);
    whole.append_row(row);
    if (i % 7919 == 0) (void)live.series("x"), (void)live.cumulative_series("x");
  }
  EXPECT_EQ(live.series("x"), whole.series("x"));
  EXPECT_EQ(live.cumulative_series("x"), whole.cumulative_series("x"));
  EXPECT_LE(live.series("x").size(), 2000);
  EXPECT_NEAR(live.cumulative_series("x").back().y(), whole.sum("x"), 1e-6 * whole.sum("x"));
  EXPECT_EQ(live.series("x", 50).size(), whole.series("x", 50).size());
  EXPECT_LE(live.series("x", 50).size(), 50);
}

}  // namespace
}  // namespace stratus::gui
