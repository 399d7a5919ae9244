// The pure parts of `stratus sweep`: the plan (order, keys, seeds), the run filter, the
// SHA-256 it keys runs with, the flattening of summaries and the Student-t statistics.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "cli/sweep/metrics.hpp"
#include "cli/sweep/plan.hpp"
#include "cli/sweep/sha256.hpp"
#include "cli/sweep/statistics.hpp"

namespace {

using namespace stratus::cli::sweep;

SweepSpec spec_2x2x3() {
  SweepSpec s;
  s.file = "s.yaml";
  s.scenario_sha256 = sha256_hex("scenario");
  s.variants = {"a", "b"};
  s.grid = {GridAxis{"rate", true, {"5", "9"}}, GridAxis{"services.web.instances", false, {"2", "3"}}};
  s.replicates = 3;
  s.sweep_seed = 42;
  return s;
}

TEST(Sha256, KnownDigests) {
  // FIPS 180-2 examples, and a message whose padding spills into a second block.
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(SweepPlan, OrderIsVariantsThenGridThenReplicates) {
  const auto plan = plan_runs(spec_2x2x3());
  ASSERT_EQ(plan.size(), 24u);
  EXPECT_EQ(plan[0].label(), "#0 variant=a rate=5 services.web.instances=2 replicate=0");
  EXPECT_EQ(plan[4].label(), "#4 variant=a rate=5 services.web.instances=3 replicate=1");
  EXPECT_EQ(plan[23].label(), "#23 variant=b rate=9 services.web.instances=3 replicate=2");
  std::set<std::string> keys;
  for (const auto& run : plan)
    keys.insert(run.key);
  EXPECT_EQ(keys.size(), plan.size()) << "every run has its own key";
}

TEST(SweepPlan, SeedsDependOnTheReplicateOnly) {
  const auto plan = plan_runs(spec_2x2x3());
  std::set<std::uint64_t> seeds;
  for (const auto& run : plan) {
    EXPECT_EQ(run.seed, plan[static_cast<std::size_t>(run.replicate)].seed) << run.label();
    EXPECT_LT(run.seed, std::uint64_t{1} << 63) << "fits SQLite's INTEGER";
    seeds.insert(run.seed);
  }
  EXPECT_EQ(seeds.size(), 3u);
  EXPECT_EQ(plan[0].seed, 42u) << "replicate 0 is the plain run on the sweep seed";
  SweepSpec other = spec_2x2x3();
  other.sweep_seed = 43;
  EXPECT_NE(plan_runs(other)[0].seed, plan[0].seed);
}

TEST(SweepPlan, KeysAreStableAndFollowTheRunsIdentity) {
  const auto plan = plan_runs(spec_2x2x3());
  EXPECT_EQ(plan_runs(spec_2x2x3())[7].key, plan[7].key);
  // Adding a grid value keeps the keys of the runs both sweeps share.
  SweepSpec wider = spec_2x2x3();
  wider.grid[0].values.push_back("12");
  const auto wider_plan = plan_runs(wider);
  std::set<std::string> wider_keys;
  for (const auto& run : wider_plan)
    wider_keys.insert(run.key);
  for (const auto& run : plan)
    EXPECT_TRUE(wider_keys.count(run.key)) << run.label();
  // Another scenario file's contents: other keys.
  SweepSpec edited = spec_2x2x3();
  edited.scenario_sha256 = sha256_hex("scenario, edited");
  EXPECT_NE(plan_runs(edited)[0].key, plan[0].key);
  EXPECT_NE(spec_json(edited), spec_json(spec_2x2x3()));
}

TEST(SweepPlan, ChildArgumentsPutTheGridLast) {
  SweepSpec s = spec_2x2x3();
  s.params = {"rate=1"};
  const auto plan = plan_runs(s);
  const auto args = child_arguments(s, plan[1], "out");
  const std::vector<std::string> expected = {
      "run",    "s.yaml",  "--quiet",   "--seed", std::to_string(plan[1].seed),
      "--out",  "out",     "--variant", "a",      "--param",
      "rate=1", "--param", "rate=5",    "--set",  "services.web.instances=2"};
  EXPECT_EQ(args, expected);
}

TEST(SweepPlan, RunFilter) {
  const auto chosen = parse_run_filter("0,3,5-7", 10);
  const std::vector<bool> expected = {true, false, false, true, false, true, true, true, false, false};
  EXPECT_EQ(chosen, expected);
  EXPECT_THROW(parse_run_filter("10", 10), std::invalid_argument);
  EXPECT_THROW(parse_run_filter("3-1", 10), std::invalid_argument);
  EXPECT_THROW(parse_run_filter("a", 10), std::invalid_argument);
  EXPECT_THROW(parse_run_filter("1,", 10), std::invalid_argument);
}

TEST(SweepMetrics, SummaryFlattensToDottedNames) {
  const auto j = nlohmann::json::parse(R"({"wall_time_s": 1.5, "seed": 3, "params": {"x": "1"},
      "requests": {"completed": 10, "arrived": 12}, "latency_s": {"p99": 0.25, "max": null},
      "conservation": {"requests_balanced": true}, "scenario": "mmc",
      "hybrid": {"windows": [{"requests": 4}]}})");
  const std::map<std::string, double> expected = {{"conservation.requests_balanced", 1},
                                                  {"hybrid.windows.0.requests", 4},
                                                  {"latency_s.p99", 0.25},
                                                  {"requests.arrived", 12},
                                                  {"requests.completed", 10}};
  EXPECT_EQ(flatten_summary(j), expected);
}

TEST(SweepStatistics, StudentQuantilesMatchTheTables) {
  // Two-sided 95 %: t(1) = 12.706, t(4) = 2.776, t(29) = 2.045, t(∞) → 1.960.
  EXPECT_NEAR(t95(1), 12.706, 5e-4);
  EXPECT_NEAR(t95(4), 2.776, 5e-4);
  EXPECT_NEAR(t95(29), 2.045, 5e-4);
  EXPECT_NEAR(t95(1e7), 1.960, 5e-4);
}

TEST(SweepStatistics, MeanIntervalByHand) {
  // 1..5: mean 3, s = √2.5, half-width t(4)·s/√5 = 2.776·0.7071 = 1.963.
  const Interval i = mean_interval({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(i.mean, 3);
  EXPECT_NEAR(i.half_width, 2.7764451 * std::sqrt(2.5 / 5), 1e-6);
  EXPECT_TRUE(std::isnan(mean_interval({7}).half_width));
}

TEST(SweepStatistics, PairingRemovesTheSharedNoise) {
  // Replicate noise shared by both variants (common random numbers) and a constant effect of 1.
  const std::vector<double> base = {10, 14, 9, 17, 12};
  std::vector<double> variant;
  for (double b : base)
    variant.push_back(b + 1 + (b > 12 ? 0.1 : -0.1));
  const Interval paired = paired_difference(variant, base);
  const Interval unpaired = unpaired_difference(variant, base);
  EXPECT_NEAR(paired.mean, unpaired.mean, 1e-12);
  EXPECT_NEAR(paired.mean, 1 + (0.1 * 2 - 0.1 * 3) / 5, 1e-12);
  EXPECT_LT(paired.half_width * 10, unpaired.half_width);
  // Welch with equal variances and sizes: dof = 2(n − 1) = 8, se = √(2 s²/n).
  const Interval i = mean_interval(base);
  const double s2 = std::pow(i.half_width / t95(4), 2) * 5;
  EXPECT_EQ(paired_difference(base, base).half_width, 0) << "identical pairs: no doubt left";
  EXPECT_EQ(unpaired_difference(base, base).mean, 0);
  std::vector<double> shifted;
  for (double b : base)
    shifted.push_back(b + 3);
  EXPECT_NEAR(unpaired_difference(shifted, base).half_width, t95(8) * std::sqrt(2 * s2 / 5), 1e-9);
}

}  // namespace
