// Named random streams: reproducible, independent of creation order, and with the moments
// their distributions promise.
#include "sim/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/distribution.hpp"

namespace {

using stratus::sim::Distribution;
using stratus::sim::RandomStream;
using stratus::sim::RandomStreams;

TEST(RandomStreams, SameSeedAndNameGiveTheSameSequence) {
  RandomStream a = RandomStreams(42).stream("web.arrivals");
  RandomStream b = RandomStreams(42).stream("web.arrivals");
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(a.next_u64(), b.next_u64());
}

TEST(RandomStreams, StreamsDoNotDependOnWhatOthersDraw) {
  // Common random numbers: drawing from one component's stream leaves another's untouched.
  const RandomStreams streams(7);
  RandomStream noisy = streams.stream("balancer");
  for (int i = 0; i < 12345; ++i)
    noisy.next_u64();
  RandomStream arrivals_after = streams.stream("web.arrivals");
  RandomStream arrivals_fresh = RandomStreams(7).stream("web.arrivals");
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(arrivals_after.next_u64(), arrivals_fresh.next_u64());
}

TEST(RandomStreams, DifferentNamesOrSeedsDiffer) {
  EXPECT_NE(RandomStreams(1).stream("a").next_u64(), RandomStreams(1).stream("b").next_u64());
  EXPECT_NE(RandomStreams(1).stream("a").next_u64(), RandomStreams(2).stream("a").next_u64());
}

TEST(RandomStream, KnownFirstValuesPinTheGenerator) {
  // Changing the generator would silently change every published result: pin it.
  RandomStream s(0);
  const std::uint64_t first = s.next_u64();
  RandomStream again(0);
  EXPECT_EQ(first, again.next_u64());
  EXPECT_EQ(stratus::sim::hash_name(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(stratus::sim::hash_name("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(RandomStream, UniformIsOpenAndBelowIsInRange) {
  RandomStream s(3);
  for (int i = 0; i < 100000; ++i) {
    const double u = s.uniform01();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    ASSERT_LT(s.below(7), 7u);
  }
}

struct Moments {
  double mean, scv;
};

Moments sample_moments(const Distribution& d, int n, std::uint64_t seed) {
  RandomStream s(seed);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = d.sample(s);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  const double var = sum2 / n - mean * mean;
  return {mean, var / (mean * mean)};
}

// 10^6 samples: the sample mean's standard error is sqrt(scv/n)·mean <= 0.3 % of the mean
// for these cv; 1.5 % is five standard errors. The scv estimate is noisier (it depends on
// the fourth moment, heavy for the lognormal), so its tolerance is wider.
TEST(Distribution, SampleMomentsMatchTheStatedOnes) {
  const std::vector<Distribution> cases = {
      Distribution::exponential(0.05), Distribution::lognormal(0.04, 1.5), Distribution::uniform(1, 3),
      Distribution::normal(10, 1),     Distribution::weibull(1.5, 1000),   Distribution::gamma(2.0, 0.5),
      Distribution::gamma(2.0, 2.0),   Distribution::constant(0.25),
  };
  for (const auto& d : cases) {
    const Moments m = sample_moments(d, 1000000, 11);
    EXPECT_NEAR(m.mean, d.mean(), 0.015 * d.mean()) << d.describe();
    EXPECT_NEAR(m.scv, d.scv(), 0.08 * d.scv() + 1e-9) << d.describe();
  }
}

TEST(Distribution, WeibullMeanIsScaleTimesGamma) {
  // MTBF = η·Γ(1 + 1/k) (validation README, section 6).
  EXPECT_NEAR(Distribution::weibull(2.0, 1000).mean(), 1000 * std::tgamma(1.5), 1e-9);
}

TEST(Distribution, EmpiricalResamplesItsValues) {
  const auto d = Distribution::empirical({1, 2, 3});
  RandomStream s(5);
  for (int i = 0; i < 100; ++i) {
    const double x = d.sample(s);
    EXPECT_TRUE(x == 1 || x == 2 || x == 3);
  }
  EXPECT_DOUBLE_EQ(d.mean(), 2.0);
}

}  // namespace
