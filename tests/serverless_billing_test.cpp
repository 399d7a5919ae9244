// AWS Lambda billing: duration rounding, requests and GB-s, Arm, provisioned concurrency and
// the shared monthly free tier, on hand-computed bills (us-east-1 prices).
#include "models/serverless_billing.hpp"

#include <gtest/gtest.h>

#include "models/serverless_cost_accrual.hpp"
#include "models/serverless_free_tier.hpp"
#include "models/serverless_monthly_bill.hpp"
#include "models/serverless_retry.hpp"
#include "sim/calendar.hpp"

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

// 2027-01-31T00:00Z: the first day is January's, the second February's.
const double kJan31 = *stratus::sim::parse_datetime("2027-01-31");
constexpr double kDay = 86400;

TEST(ServerlessFreeTier, EachCalendarMonthHasItsOwnAllowance) {
  ServerlessPricing p;
  p.free_tier = true;
  MonthlyFreeTier tier(p, kJan31);
  // January: 900,000 free requests of 1M, then 200,000 more of which 100,000 are billable.
  EXPECT_EQ(tier.take(0.0, 900'000, 0).requests, 0u);
  EXPECT_EQ(tier.take(kDay - 1, 200'000, 0).requests, 100'000u);
  EXPECT_NEAR(tier.take(kDay - 1, 0, 500'000).gb_s, 100'000, 1e-9);
  // February 1st: a new allowance, January's unused part not carried over.
  EXPECT_EQ(tier.take(kDay, 1'000'000, 0).requests, 0u);
  EXPECT_NEAR(tier.take(kDay + 1, 0, 400'000).gb_s, 0.0, 1e-9);
  EXPECT_EQ(tier.take(kDay + 2, 1, 1).requests, 1u);
  EXPECT_THROW(tier.take(0.0, 1, 0), std::logic_error);  // January is closed
}

TEST(ServerlessFreeTier, MonthsFollowTheCalendarNotThirtyDayBlocks) {
  // From 2027-02-01: February has 28 days, so day 28 is in March.
  MonthCursor months(*stratus::sim::parse_datetime("2027-02-01"));
  EXPECT_EQ(months.month_of(27 * kDay + 86399), 0);
  EXPECT_EQ(months.month_of(28 * kDay), 1);
  EXPECT_EQ(months.month_of(28 * kDay + 31 * kDay), 2);
  EXPECT_EQ(months.month_of(1.0), 0);  // back again: the cursor is only a cache
}

TEST(ServerlessFreeTier, TheBillHasAFreeTierPerMonth) {
  // 300,000 GB-s in each of two months: all free. In one month, 200,000 GB-s are billed.
  ServerlessPricing p;
  p.free_tier = true;
  MonthlyUsage two_months({BilledFunction{}}, kJan31);
  for (double t : {1000.0, 2000.0, 3000.0})
    two_months.add_invocation(0, t, 100'000, false);
  for (double t : {kDay + 1000, kDay + 2000, kDay + 3000})
    two_months.add_invocation(0, t, 100'000, false);
  EXPECT_NEAR(two_months.bill(2 * kDay, p).at(0).total_usd, 0.0, kUsd);
  MonthlyUsage one_month({BilledFunction{}}, kJan31 - 10 * kDay);
  for (double t : {1000.0, 2000.0, 3000.0, kDay + 1000, kDay + 2000, kDay + 3000})
    one_month.add_invocation(0, t, 100'000, false);
  EXPECT_NEAR(one_month.bill(2 * kDay, p).at(0).compute_usd, 200'000 * 0.0000166667, kUsd);
}

TEST(ServerlessFreeTier, ProvisionedConcurrencyIsBilledForTheMonthsItIsEnabled) {
  // 2 GB of provisioned environments over two days that straddle a month: 345,600 GB-s.
  ServerlessPricing p;
  p.free_tier = true;
  MonthlyUsage usage({BilledFunction{false, 2.0}}, kJan31);
  usage.add_invocation(0, 10.0, 1.0, true);
  const FunctionBill b = usage.bill(2 * kDay, p).at(0);
  EXPECT_NEAR(b.provisioned_usd, 2 * 2 * kDay * 0.0000041667 + 1.0 * 0.0000097222, kUsd);
  EXPECT_NEAR(b.requests_usd, 0.2e-6, 1e-15);  // no free tier with provisioned concurrency
}

TEST(ServerlessCostAccrual, EachRowIsBilledForWhatHappenedInIt) {
  // f (no provisioned concurrency) uses up January's 400,000 free GB-s in its first row;
  // February's allowance covers the next row; g's provisioned time is billed in every row.
  ServerlessPricing p;
  p.free_tier = true;
  ServerlessCostAccrual accrual({BilledFunction{}, BilledFunction{false, 1.0}}, p, kJan31);
  accrual.add_invocation(0, 100.0, 300'000, false);
  accrual.add_invocation(0, 200.0, 150'000, false);  // 50,000 GB-s past the allowance; requests free
  const double provisioned_row = kDay * 0.0000041667;
  EXPECT_NEAR(accrual.close_row(kDay), 50'000 * 0.0000166667 + provisioned_row, kUsd);
  accrual.add_invocation(0, kDay + 100, 300'000, false);
  accrual.add_invocation(1, kDay + 200, 2.0, true);
  EXPECT_NEAR(accrual.close_row(2 * kDay), provisioned_row + 2.0 * 0.0000097222 + 0.2e-6, kUsd);
  // The same usage billed by month.
  MonthlyUsage usage({BilledFunction{}, BilledFunction{false, 1.0}}, kJan31);
  usage.add_invocation(0, 100.0, 300'000, false);
  usage.add_invocation(0, 200.0, 150'000, false);
  usage.add_invocation(0, kDay + 100, 300'000, false);
  usage.add_invocation(1, kDay + 200, 2.0, true);
  double bill = 0;
  for (const FunctionBill& b : usage.bill(2 * kDay, p))
    bill += b.total_usd;
  EXPECT_NEAR(accrual.closed_rows_usd(), bill, kUsd);
}

TEST(ServerlessRetry, BackOffDoublesToFiveMinutesWithinTheMaximumAge) {
  const RetryBackoff lambda;
  EXPECT_DOUBLE_EQ(*next_retry_s(lambda, 0, 0.0, 21600), 1.0);
  EXPECT_DOUBLE_EQ(*next_retry_s(lambda, 3, 7.0, 21600), 15.0);
  EXPECT_DOUBLE_EQ(*next_retry_s(lambda, 9, 511.0, 21600), 811.0);       // 512 s capped at 300
  EXPECT_DOUBLE_EQ(*next_retry_s(lambda, 5000, 1e4, 21600), 1e4 + 300);  // 2^5000 overflows: still 300
  EXPECT_FALSE(next_retry_s(lambda, 5, 31.0, 60.0).has_value());         // 63 s is past a 60 s age
  EXPECT_DOUBLE_EQ(*next_retry_s(lambda, 5, 28.0, 60.0), 60.0);          // on the dot: still tried
}

}  // namespace
