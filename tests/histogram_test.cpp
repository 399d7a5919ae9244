#include "sim/histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

namespace stratus::sim {
namespace {

const std::vector<double> kQuantiles = {0.5, 0.9, 0.95, 0.99, 0.999};

// The exact nearest-rank order statistic of `sorted`.
double exact_quantile(const std::vector<double>& sorted, double q) {
  const std::uint64_t rank = Histogram::nearest_rank(q, sorted.size());
  return sorted[rank - 1];
}

// Checks every quantile against the exact order statistic, within the promised relative error.
void expect_within_accuracy(const Histogram& histogram, std::vector<double> values) {
  std::sort(values.begin(), values.end());
  for (const double q : kQuantiles) {
    const double exact = exact_quantile(values, q);
    const double estimate = histogram.quantile(q);
    EXPECT_LE(std::fabs(estimate - exact), histogram.relative_accuracy() * exact)
        << "q=" << q << " exact=" << exact << " estimate=" << estimate;
  }
}

TEST(Histogram, NearestRankIsCeilingOfQTimesN) {
  EXPECT_EQ(Histogram::nearest_rank(0.0, 10), 1u);
  EXPECT_EQ(Histogram::nearest_rank(0.1, 10), 1u);
  EXPECT_EQ(Histogram::nearest_rank(0.11, 10), 2u);
  EXPECT_EQ(Histogram::nearest_rank(0.5, 10), 5u);
  EXPECT_EQ(Histogram::nearest_rank(0.07, 100), 7u);  // 0.07 * 100 is 7.000000000000001 in binary
  EXPECT_EQ(Histogram::nearest_rank(0.999, 100000), 99900u);
  EXPECT_EQ(Histogram::nearest_rank(1.0, 10), 10u);
  EXPECT_EQ(Histogram::nearest_rank(0.5, 0), 0u);
}

TEST(Histogram, QuantilesOfOneToHundredThousand) {
  Histogram histogram;
  std::vector<double> values;
  for (int i = 1; i <= 100000; ++i) {
    histogram.add(i);
    values.push_back(i);
  }
  expect_within_accuracy(histogram, values);
  // Nearest rank on 1..n: the q-quantile is q * n itself.
  EXPECT_NEAR(histogram.quantile(0.5), 50000.0, 0.005 * 50000.0);
  EXPECT_NEAR(histogram.quantile(0.99), 99000.0, 0.005 * 99000.0);
}

TEST(Histogram, QuantilesOfExponentialSamples) {
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> exponential(1.0 / 0.2);  // mean 200 ms
  Histogram histogram;
  std::vector<double> values;
  for (int i = 0; i < 200000; ++i) {
    const double value = exponential(rng);
    histogram.add(value);
    values.push_back(value);
  }
  expect_within_accuracy(histogram, values);
}

TEST(Histogram, QuantilesOfLogNormalSamples) {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> lognormal(-3.0, 1.5);  // heavy tail over ~6 decades
  Histogram histogram;
  std::vector<double> values;
  for (int i = 0; i < 200000; ++i) {
    const double value = lognormal(rng);
    histogram.add(value);
    values.push_back(value);
  }
  expect_within_accuracy(histogram, values);
}

TEST(Histogram, EveryRankWithinAccuracyForCoarsestAndFinestSetting) {
  for (const double accuracy : {Histogram::kMinRelativeAccuracy, 0.001, Histogram::kMaxRelativeAccuracy}) {
    std::mt19937_64 rng(99);
    std::lognormal_distribution<double> lognormal(0.0, 2.0);
    Histogram histogram(accuracy);
    std::vector<double> values;
    for (int i = 0; i < 2000; ++i) {
      const double value = lognormal(rng);
      histogram.add(value);
      values.push_back(value);
    }
    std::sort(values.begin(), values.end());
    for (std::size_t rank = 1; rank <= values.size(); ++rank) {
      const double q = static_cast<double>(rank) / static_cast<double>(values.size());
      const double exact = exact_quantile(values, q);
      ASSERT_LE(std::fabs(histogram.quantile(q) - exact), accuracy * exact) << "accuracy=" << accuracy;
    }
  }
}

TEST(Histogram, ExactStatistics) {
  Histogram histogram;
  for (const double value : {3.0, 0.5, 12.25, 7.0})
    histogram.add(value);
  EXPECT_EQ(histogram.count(), 4u);
  EXPECT_EQ(histogram.sum(), 22.75);
  EXPECT_EQ(histogram.mean(), 22.75 / 4.0);
  EXPECT_EQ(histogram.min(), 0.5);
  EXPECT_EQ(histogram.max(), 12.25);
  // The extreme ranks are the exact extremes, not bucket estimates.
  EXPECT_EQ(histogram.quantile(0.0), 0.5);
  EXPECT_EQ(histogram.quantile(1.0), 12.25);
}

TEST(Histogram, CompensatedSumStaysAccurate) {
  Histogram histogram;
  for (int i = 0; i < 1000000; ++i)
    histogram.add(0.1);
  // Plain summation of 0.1 a million times is off by ~1.3e-6.
  EXPECT_NEAR(histogram.sum(), 100000.0, 1e-9);
  EXPECT_NEAR(histogram.mean(), 0.1, 1e-15);
}

TEST(Histogram, EmptyGivesNaN) {
  const Histogram histogram;
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.sum(), 0.0);
  EXPECT_TRUE(std::isnan(histogram.quantile(0.5)));
  EXPECT_TRUE(std::isnan(histogram.mean()));
  EXPECT_TRUE(std::isnan(histogram.min()));
  EXPECT_TRUE(std::isnan(histogram.max()));
}

TEST(Histogram, ZerosGoToTheZeroBucket) {
  Histogram histogram(0.005, 1e-9);
  for (int i = 0; i < 60; ++i)
    histogram.add(0.0);
  histogram.add(1e-12);  // below min_positive: counted as zero
  for (int i = 1; i <= 39; ++i)
    histogram.add(i);
  EXPECT_EQ(histogram.count(), 100u);
  EXPECT_EQ(histogram.zero_count(), 61u);
  EXPECT_EQ(histogram.min(), 0.0);
  EXPECT_EQ(histogram.quantile(0.5), 0.0);
  EXPECT_EQ(histogram.quantile(0.61), 0.0);
  EXPECT_NEAR(histogram.quantile(0.62), 1.0, 0.005);
  EXPECT_NEAR(histogram.quantile(0.9), 29.0, 0.005 * 29.0);
  EXPECT_EQ(histogram.quantile(1.0), 39.0);
}

TEST(Histogram, AllZeros) {
  Histogram histogram;
  histogram.add(0.0);
  histogram.add(0.0);
  histogram.add(0.0);
  EXPECT_EQ(histogram.quantile(0.5), 0.0);
  EXPECT_EQ(histogram.mean(), 0.0);
}

TEST(Histogram, MergeEqualsAddingAll) {
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> lognormal(1.0, 1.0);
  Histogram left;
  Histogram right;
  Histogram all;
  for (int i = 0; i < 20000; ++i) {
    const double value = i % 97 == 0 ? 0.0 : lognormal(rng) * (i % 2 == 0 ? 1e-3 : 1e3);
    (i % 3 == 0 ? left : right).add(value);
    all.add(value);
  }
  left.merge(right);
  EXPECT_EQ(left.count(), all.count());
  EXPECT_EQ(left.zero_count(), all.zero_count());
  EXPECT_EQ(left.min(), all.min());
  EXPECT_EQ(left.max(), all.max());
  EXPECT_NEAR(left.sum(), all.sum(), 1e-9 * all.sum());
  for (int permille = 0; permille <= 1000; ++permille) {
    const double q = permille / 1000.0;
    ASSERT_EQ(left.quantile(q), all.quantile(q)) << "q=" << q;
  }
}

TEST(Histogram, MergeIntoEmptyAndFromEmpty) {
  Histogram filled;
  for (int i = 1; i <= 100; ++i)
    filled.add(i);
  Histogram empty;
  empty.merge(filled);
  EXPECT_EQ(empty.count(), 100u);
  EXPECT_EQ(empty.quantile(0.5), filled.quantile(0.5));
  filled.merge(Histogram());
  EXPECT_EQ(filled.count(), 100u);
}

TEST(Histogram, MergeRequiresSameAccuracy) {
  Histogram fine(0.001);
  const Histogram coarse(0.01);
  EXPECT_THROW(fine.merge(coarse), std::invalid_argument);
}

TEST(Histogram, ClearForgetsValuesAndKeepsWorking) {
  Histogram histogram;
  for (int i = 1; i <= 1000; ++i)
    histogram.add(i * 1e-3);
  histogram.clear();
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_TRUE(std::isnan(histogram.quantile(0.5)));
  for (int i = 1; i <= 100; ++i)
    histogram.add(i * 1e6);
  EXPECT_EQ(histogram.count(), 100u);
  EXPECT_EQ(histogram.min(), 1e6);
  EXPECT_NEAR(histogram.quantile(0.5), 50e6, 0.005 * 50e6);
}

TEST(Histogram, WideRangeGrowsBothWays) {
  Histogram histogram;
  std::vector<double> values;
  for (int exponent = 0; exponent <= 15; ++exponent) {
    // Alternating ends forces growth below and above the first bucket window.
    const double value = exponent % 2 == 0 ? std::pow(10.0, exponent) : std::pow(10.0, -exponent);
    histogram.add(value);
    values.push_back(value);
  }
  expect_within_accuracy(histogram, values);
}

TEST(Histogram, RejectsBadInput) {
  EXPECT_THROW(Histogram(0.02), std::invalid_argument);
  EXPECT_THROW(Histogram(0.0), std::invalid_argument);
  EXPECT_THROW(Histogram(0.005, 0.0), std::invalid_argument);
  Histogram histogram;
  EXPECT_THROW(histogram.add(std::nan("")), std::invalid_argument);
  EXPECT_THROW(histogram.add(INFINITY), std::invalid_argument);
  EXPECT_THROW(histogram.add(-INFINITY), std::invalid_argument);
  EXPECT_EQ(histogram.count(), 0u);
  histogram.add(1.0);
  EXPECT_THROW((void)histogram.quantile(1.5), std::invalid_argument);
  EXPECT_THROW((void)histogram.quantile(-0.1), std::invalid_argument);
}

}  // namespace
}  // namespace stratus::sim
