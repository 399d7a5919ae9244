// Keep-alive policies: fixed, never, and the hybrid histogram policy on hand-computed idle-time
// patterns (1-minute bins up to 4 h, 5th/99th percentiles, 10 % margins).
#include "models/keep_alive.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace {

using namespace stratus::models;
using stratus::sim::UnknownNameError;

constexpr double kMin = 60.0;
constexpr double kFullRange = 4 * 3600.0;

std::unique_ptr<KeepAlivePolicy> make(const std::string& name, const KeepAliveParams& p = {}) {
  return keep_alive_policies().create(name, p);
}

void record(KeepAlivePolicy& policy, int times, double idle_s) {
  for (int i = 0; i < times; ++i)
    policy.record_idle_time(idle_s);
}

void expect_windows(const KeepAlivePolicy& policy, double prewarm_s, double keep_alive_s) {
  const KeepAliveWindows w = policy.windows();
  EXPECT_NEAR(w.prewarm_s, prewarm_s, 1e-9);
  EXPECT_NEAR(w.keep_alive_s, keep_alive_s, 1e-9);
}

TEST(KeepAlive, FixedKeepsTheTtlWhateverTheIdleTimes) {
  auto fixed = make("fixed");
  expect_windows(*fixed, 0, 600);
  record(*fixed, 50, 3 * kMin);
  expect_windows(*fixed, 0, 600);
  KeepAliveParams p;
  p.ttl_s = 20 * kMin;  // Azure Functions
  expect_windows(*make("fixed", p), 0, 1200);
}

TEST(KeepAlive, ExactExpiryReclaimsWhenTheWindowEnds) {
  EXPECT_EQ(reclaim_time(601.5, 0), 601.5);
  EXPECT_EQ(reclaim_time(std::numeric_limits<double>::infinity(), 60),
            std::numeric_limits<double>::infinity());
}

TEST(KeepAlive, AReaperReclaimsAtTheFirstSweepFromTheWindowsEnd) {
  EXPECT_EQ(reclaim_time(601.5, 60), 660.0);
  EXPECT_EQ(reclaim_time(660.0, 60), 660.0);  // a sweep at the very instant reclaims
  EXPECT_EQ(reclaim_time(660.5, 60), 720.0);
  EXPECT_EQ(reclaim_time(0.25, 0.5), 0.5);
}

TEST(KeepAlive, NeverUnloads) {
  auto never = make("never");
  record(*never, 10, 5 * kMin);
  EXPECT_EQ(never->windows().prewarm_s, 0.0);
  EXPECT_EQ(never->windows().keep_alive_s, std::numeric_limits<double>::infinity());
}

TEST(HybridHistogram, ConcentratedIdleTimesGivePrewarmAndKeepAlive) {
  auto h = make("hybrid-histogram");
  record(*h, 100, 10.5 * kMin);  // all in the 10-11 min bin
  // Pre-warm at the head bin's lower edge less 10 %; keep alive to the tail bin's upper edge
  // plus 10 %, counted from the pre-warm.
  expect_windows(*h, 10 * kMin * 0.9, 11 * kMin * 1.1 - 10 * kMin * 0.9);  // 540 s, 186 s
}

TEST(HybridHistogram, HeadInTheFirstBinMeansNoPrewarm) {
  auto h = make("hybrid-histogram");
  record(*h, 5, 30);           // bin 0: the 5th smallest of 100 is here
  record(*h, 90, 5.5 * kMin);  // bin 5
  record(*h, 5, 20.5 * kMin);  // bin 20: holds the 99th smallest
  expect_windows(*h, 0, 21 * kMin * 1.1);
}

TEST(HybridHistogram, FivePercentOfShortIdleTimesMoveTheHeadFourDoNot) {
  auto four = make("hybrid-histogram");
  record(*four, 4, 2.5 * kMin);    // bin 2: ranks 1-4
  record(*four, 96, 30.5 * kMin);  // bin 30: rank 5 is here
  expect_windows(*four, 30 * kMin * 0.9, 31 * kMin * 1.1 - 30 * kMin * 0.9);

  auto five = make("hybrid-histogram");
  record(*five, 5, 2.5 * kMin);
  record(*five, 95, 30.5 * kMin);
  expect_windows(*five, 2 * kMin * 0.9, 31 * kMin * 1.1 - 2 * kMin * 0.9);
}

TEST(HybridHistogram, OnePercentOfLongIdleTimesDoesNotMoveTheTailTwoDo) {
  auto one = make("hybrid-histogram");
  record(*one, 99, 10.5 * kMin);
  record(*one, 1, 100.5 * kMin);
  expect_windows(*one, 10 * kMin * 0.9, 11 * kMin * 1.1 - 10 * kMin * 0.9);

  auto two = make("hybrid-histogram");
  record(*two, 98, 10.5 * kMin);
  record(*two, 2, 100.5 * kMin);
  expect_windows(*two, 10 * kMin * 0.9, 101 * kMin * 1.1 - 10 * kMin * 0.9);
}

TEST(HybridHistogram, BinEdgesBelongToTheUpperBin) {
  auto at_ten = make("hybrid-histogram");
  record(*at_ten, 20, 10 * kMin);  // [10, 11) min
  expect_windows(*at_ten, 540, 726 - 540);

  auto just_below_eleven = make("hybrid-histogram");
  record(*just_below_eleven, 20, 11 * kMin - 1e-6);
  expect_windows(*just_below_eleven, 540, 726 - 540);

  auto at_eleven = make("hybrid-histogram");
  record(*at_eleven, 20, 11 * kMin);  // [11, 12) min
  expect_windows(*at_eleven, 594, 792 - 594);
}

TEST(HybridHistogram, TheRangeEndIsOutOfBounds) {
  auto last_bin = make("hybrid-histogram");
  record(*last_bin, 20, kFullRange - 1);  // bin 239, whose upper edge is the range
  expect_windows(*last_bin, 239 * kMin * 0.9, kFullRange * 1.1 - 239 * kMin * 0.9);

  auto at_range = make("hybrid-histogram");
  record(*at_range, 20, kFullRange);  // out of bounds: nothing in range
  expect_windows(*at_range, 0, kFullRange);
}

TEST(HybridHistogram, FallsBackToTheFullRangeUntilRepresentative) {
  auto h = make("hybrid-histogram");
  expect_windows(*h, 0, kFullRange);  // nothing recorded yet
  record(*h, 9, 10.5 * kMin);
  expect_windows(*h, 0, kFullRange);  // 9 < min_samples
  h->record_idle_time(10.5 * kMin);
  expect_windows(*h, 540, 186);
}

TEST(HybridHistogram, FallsBackWhenOutOfBoundIdleTimesDominate) {
  auto half = make("hybrid-histogram");
  record(*half, 50, 10.5 * kMin);
  record(*half, 50, 5 * 3600.0);  // beyond 4 h
  expect_windows(*half, 0, kFullRange);

  // Just under half: the histogram of the in-range idle times is used.
  auto fewer = make("hybrid-histogram");
  record(*fewer, 51, 10.5 * kMin);
  record(*fewer, 49, 5 * 3600.0);
  expect_windows(*fewer, 540, 186);
}

TEST(HybridHistogram, FallsBackWhenBinCountsAreTooEven) {
  // One idle time in each of k of the 240 bins: CV² = 240 / k − 1, so CV > 2 needs k < 48.
  auto spread = [](int bins) {
    auto h = make("hybrid-histogram");
    for (int k = 0; k < bins; ++k)
      h->record_idle_time((k + 0.5) * kMin);
    return h;
  };
  expect_windows(*spread(48), 0, kFullRange);  // CV exactly 2: not above the threshold
  // 47 idle times: the head is the ceil(2.35) = 3rd (bin 2), the tail the 47th (bin 46).
  expect_windows(*spread(47), 2 * kMin * 0.9, 47 * kMin * 1.1 - 2 * kMin * 0.9);
}

TEST(HybridHistogram, ParametersChangeTheWindows) {
  KeepAliveParams p;
  p.margin = 0;
  p.bin_s = 30;
  auto h = make("hybrid-histogram", p);
  record(*h, 100, 10.5 * kMin);  // [630, 660) s
  expect_windows(*h, 630, 30);
}

TEST(HybridHistogram, NegativeIdleTimesCountAsZeroAndNanIsRejected) {
  auto h = make("hybrid-histogram");
  record(*h, 20, -3.0);  // overlapping invocations
  expect_windows(*h, 0, kMin * 1.1);
  EXPECT_THROW(h->record_idle_time(std::nan("")), std::invalid_argument);
}

TEST(HybridHistogram, RejectsBadParameters) {
  KeepAliveParams p;
  p.bin_s = 0;
  EXPECT_THROW(make("hybrid-histogram", p), std::invalid_argument);
  p = {};
  p.head_percentile = 0.5;
  p.tail_percentile = 0.4;
  EXPECT_THROW(make("hybrid-histogram", p), std::invalid_argument);
  p = {};
  p.ttl_s = -1;
  EXPECT_THROW(make("fixed", p), std::invalid_argument);
}

TEST(KeepAlive, RegistryListsPoliciesAndSuggestsNames) {
  EXPECT_EQ(keep_alive_policies().names(), (std::vector<std::string>{"fixed", "hybrid-histogram", "never"}));
  try {
    make("hybrid-histogam");
    FAIL() << "expected UnknownNameError";
  } catch (const UnknownNameError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'hybrid-histogram'"), std::string::npos) << e.what();
  }
}

}  // namespace
