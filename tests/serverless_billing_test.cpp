// AWS Lambda billing: duration rounding, requests and GB-s, Arm, provisioned concurrency and
// the shared monthly free tier, on hand-computed bills (us-east-1 prices).
#include "models/serverless_billing.hpp"

#include <gtest/gtest.h>

namespace {

using namespace stratus::models;

constexpr double kUsd = 1e-9;  // far below a cent, far above floating-point residue

TEST(ServerlessBilling, DurationRoundsUpToTheGranularity) {
  EXPECT_DOUBLE_EQ(billed_duration_s(0.0010001, 0.001), 0.002);
  EXPECT_DOUBLE_EQ(billed_duration_s(0.1201, 0.001), 0.121);
  EXPECT_DOUBLE_EQ(billed_duration_s(0.101, 0.1), 0.2);  // before December 2020
  EXPECT_DOUBLE_EQ(billed_duration_s(0.05, 0.1), 0.1);
}

TEST(ServerlessBilling, ExactMultiplesAreUnchangedDespiteFloatResidue) {
  EXPECT_DOUBLE_EQ(billed_duration_s(0.002, 0.001), 0.002);
  EXPECT_DOUBLE_EQ(billed_duration_s(0.12, 0.001), 0.12);
  EXPECT_DOUBLE_EQ(billed_duration_s(0.3, 0.1), 0.3);           // 0.3 / 0.1 = 2.9999999999999996
  EXPECT_DOUBLE_EQ(billed_duration_s(0.0003, 0.0001), 0.0003);  // 0.0003 / 0.0001 = 3.0000000000000004
  EXPECT_DOUBLE_EQ(billed_duration_s(0.1 + 0.2, 0.1), 0.3);     // 0.30000000000000004
  EXPECT_DOUBLE_EQ(billed_duration_s(900.0, 0.001), 900.0);     // the longest Lambda run
}

TEST(ServerlessBilling, AtLeastOneUnitAndNoNegativeDurations) {
  EXPECT_DOUBLE_EQ(billed_duration_s(0.0, 0.001), 0.001);
  EXPECT_DOUBLE_EQ(billed_duration_s(1e-7, 0.1), 0.1);
  EXPECT_THROW(billed_duration_s(-0.001, 0.001), std::invalid_argument);
  EXPECT_THROW(billed_duration_s(0.01, 0.0), std::invalid_argument);
}

TEST(ServerlessBilling, GbSecondsUse1024MbPerGb) {
  EXPECT_DOUBLE_EQ(gb_seconds(1536, 0.12), 0.18);
  EXPECT_DOUBLE_EQ(gb_seconds(128, 1.0), 0.125);
}

// 3M requests of 120 ms at 1,536 MB: 3e6 × 0.12 s × 1.5 GB = 540,000 GB-s.
FunctionUsage three_million_at_120ms(bool arm = false) {
  FunctionUsage u;
  u.requests = 3'000'000;
  u.gb_s = 3e6 * gb_seconds(1536, billed_duration_s(0.12, 0.001));
  u.arm = arm;
  return u;
}

TEST(ServerlessBilling, MonthlyBillWithoutTheFreeTier) {
  const ServerlessPricing p;
  EXPECT_NEAR(three_million_at_120ms().gb_s, 540000, 1e-6);
  const FunctionBill b = bill_function(three_million_at_120ms(), p);
  EXPECT_NEAR(b.requests_usd, 0.60, kUsd);                  // 3 × $0.20
  EXPECT_NEAR(b.compute_usd, 540000 * 0.0000166667, kUsd);  // $9.000018
  EXPECT_NEAR(b.provisioned_usd, 0.0, kUsd);
  EXPECT_NEAR(b.total_usd, 9.600018, kUsd);
  // Without the free tier the account bill is the sum of the functions' bills.
  const auto account = bill_account({three_million_at_120ms()}, p);
  ASSERT_EQ(account.size(), 1u);
  EXPECT_NEAR(account[0].total_usd, 9.600018, kUsd);
}

TEST(ServerlessBilling, MonthlyBillWithTheFreeTier) {
  ServerlessPricing p;
  p.free_tier = true;
  const FunctionBill b = bill_account({three_million_at_120ms()}, p).at(0);
  EXPECT_NEAR(b.requests_usd, 0.40, kUsd);                  // 2M billable
  EXPECT_NEAR(b.compute_usd, 140000 * 0.0000166667, kUsd);  // $2.333338
  EXPECT_NEAR(b.total_usd, 2.733338, kUsd);
}

TEST(ServerlessBilling, AwsPublishedExample) {
  // aws.amazon.com/lambda/pricing: 512 MB, 3M runs of 1 s, free tier: 1.1M billable GB-s and
  // 2M billable requests ($18.34 + $0.40 at the rounded $0.00001667).
  ServerlessPricing p;
  p.free_tier = true;
  FunctionUsage u;
  u.requests = 3'000'000;
  u.gb_s = 3e6 * gb_seconds(512, billed_duration_s(1.0, p.granularity_s));
  const FunctionBill b = bill_account({u}, p).at(0);
  EXPECT_NEAR(b.compute_usd, 1'100'000 * 0.0000166667, kUsd);
  EXPECT_NEAR(b.total_usd, 18.33337 + 0.40, kUsd);
}

TEST(ServerlessBilling, ArmDurationIsTwentyPercentCheaper) {
  const ServerlessPricing p;
  const FunctionBill x86 = bill_function(three_million_at_120ms(false), p);
  const FunctionBill arm = bill_function(three_million_at_120ms(true), p);
  EXPECT_NEAR(arm.compute_usd, 540000 * 0.0000133334, kUsd);  // $7.200036
  EXPECT_NEAR(arm.requests_usd, x86.requests_usd, kUsd);      // requests cost the same
  EXPECT_NEAR(arm.compute_usd / x86.compute_usd, 0.8, 1e-5);
}

TEST(ServerlessBilling, ProvisionedConcurrency) {
  // 100 environments of 1,024 MB enabled for 2 h: 720,000 GB-s at the provisioned price; 1.2M
  // runs of 1 s on them: 1.2M GB-s at the provisioned duration price; requests as usual.
  FunctionUsage u;
  u.requests = 1'200'000;
  u.provisioned_gb_s = 100 * gb_seconds(1024, 2 * 3600.0);
  u.provisioned_used_gb_s = 1.2e6 * gb_seconds(1024, 1.0);
  ServerlessPricing p;
  const FunctionBill b = bill_function(u, p);
  EXPECT_NEAR(b.provisioned_usd, 720000 * 0.0000041667 + 1.2e6 * 0.0000097222, kUsd);  // 3.000024 + 11.66664
  EXPECT_NEAR(b.compute_usd, 0.0, kUsd);
  EXPECT_NEAR(b.requests_usd, 0.24, kUsd);
  EXPECT_NEAR(b.total_usd, 14.906664, kUsd);

  // Excess invocations beyond the provisioned level are on-demand.
  u.gb_s = 1000;
  EXPECT_NEAR(bill_function(u, p).compute_usd, 1000 * 0.0000166667, kUsd);

  // Arm has its own provisioned prices.
  u.gb_s = 0;
  u.arm = true;
  EXPECT_NEAR(bill_function(u, p).provisioned_usd, 720000 * 0.0000033334 + 1.2e6 * 0.0000077778, kUsd);

  // The free tier does not apply to functions with provisioned concurrency enabled.
  p.free_tier = true;
  EXPECT_NEAR(bill_account({u}, p).at(0).total_usd, bill_function(u, p).total_usd, kUsd);
}

TEST(ServerlessBilling, FreeTierIsSharedAcrossFunctionsInOrder) {
  ServerlessPricing p;
  p.free_tier = true;
  FunctionUsage small;
  small.requests = 600'000;
  small.gb_s = 300'000;
  FunctionUsage provisioned = small;
  provisioned.provisioned_gb_s = 1000;
  const auto bills = bill_account({small, provisioned, small, small}, p);
  ASSERT_EQ(bills.size(), 4u);
  EXPECT_NEAR(bills[0].total_usd, 0.0, kUsd);                                      // all within the free tier
  EXPECT_NEAR(bills[1].total_usd, bill_function(provisioned, p).total_usd, kUsd);  // skipped
  EXPECT_NEAR(bills[2].requests_usd, 200'000 * 0.20 / 1e6, kUsd);            // the remaining 400k requests
  EXPECT_NEAR(bills[2].compute_usd, 200'000 * 0.0000166667, kUsd);           // the remaining 100k GB-s
  EXPECT_NEAR(bills[3].total_usd, bill_function(small, p).total_usd, kUsd);  // nothing left
}

}  // namespace
