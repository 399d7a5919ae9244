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
      Distribution::exponential(0.05),
      Distribution::lognormal(0.04, 1.5),
      Distribution::uniform(1, 3),
      Distribution::normal(10, 1),
      Distribution::weibull(1.5, 1000),
      Distribution::gamma(2.0, 0.5),
      Distribution::gamma(2.0, 2.0),
      Distribution::constant(0.25),
      // Normals that the truncation at 0 reshapes: the stated moments must be the truncated ones.
      Distribution::normal(0.08, 0.2),
      Distribution::normal(1, 1),
  };
  for (const auto& d : cases) {
    const Moments m = sample_moments(d, 1000000, 11);
    EXPECT_NEAR(m.mean, d.mean(), 0.015 * d.mean()) << d.describe();
    EXPECT_NEAR(m.scv, d.scv(), 0.08 * d.scv() + 1e-9) << d.describe();
  }
}

// The normal truncated at 0: mean mu + sd * phi(a) / (1 - Phi(a)) with a = -mu / sd, variance
// sd^2 * (1 + a * lambda - lambda^2), lambda that same ratio.
double truncated_normal_mean(double mu, double sd) {
  const double a = -mu / sd;
  const double phi = std::exp(-a * a / 2) / std::sqrt(2 * M_PI);
  const double upper_tail = 1 - 0.5 * (1 + std::erf(a / std::sqrt(2.0)));
  return mu + sd * phi / upper_tail;
}

TEST(Distribution, NormalMeanIsTheTruncatedMean) {
  // 80 ms with an sd of 200 ms: a = -0.4, phi(a) = 0.36827, 1 - Phi(a) = 0.65542: 192.38 ms.
  const auto d = Distribution::normal(0.08, 0.2);
  EXPECT_NEAR(d.mean(), truncated_normal_mean(0.08, 0.2), 1e-12);
  EXPECT_NEAR(d.mean(), 0.1923765, 1e-7);
  // Its variance: 0.2^2 (1 + a lambda - lambda^2) with lambda = 0.56188: scv 0.49668.
  EXPECT_NEAR(d.scv(), 0.4966771, 1e-7);
  // Far from 0 the truncation is invisible: mean 10, sd 1 keeps mean 10 and scv 0.01.
  EXPECT_NEAR(Distribution::normal(10, 1).mean(), 10.0, 1e-12);
  EXPECT_NEAR(Distribution::normal(10, 1).scv(), 0.01, 1e-12);
  EXPECT_EQ(Distribution::normal(0.5, 0).mean(), 0.5);
  EXPECT_EQ(Distribution::normal(0.5, 0).scv(), 0.0);
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
