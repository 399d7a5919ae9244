#include "models/billing.hpp"

#include <gtest/gtest.h>

namespace {
using stratus::models::InstanceBilling;

TEST(Billing, PerSecondWithASixtySecondMinimum) {
  EXPECT_DOUBLE_EQ(InstanceBilling::billed_seconds(0, 30), 60);
  EXPECT_DOUBLE_EQ(InstanceBilling::billed_seconds(0, 60), 60);
  EXPECT_DOUBLE_EQ(InstanceBilling::billed_seconds(0, 60.2), 61);  // partial seconds round up
  EXPECT_DOUBLE_EQ(InstanceBilling::billed_seconds(100, 3700), 3600);
  EXPECT_DOUBLE_EQ(InstanceBilling::billed_seconds(0.1, 3600.1), 3600);  // float residue is not a second
}

TEST(Billing, CostIsSecondsTimesPrice) {
  const double m5_large = 0.096 / 3600;
  EXPECT_NEAR(InstanceBilling::cost(0, 86400, m5_large), 2.304, 1e-12);
  EXPECT_NEAR(InstanceBilling::cost(0, 10, m5_large), 0.0016, 1e-12);
}
}  // namespace
