// Lambda scaling limits: the per-function token bucket (since 2023-11), the account-wide
// burst (before), the account concurrency limit and reserved concurrency.
#include "models/scaling_limit.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace stratus::models;
using stratus::sim::UnknownNameError;

std::unique_ptr<ScalingLimit> make(const std::string& name, const ScalingLimitParams& p = {}) {
  return scaling_limits().create(name, p);
}

ScalingLimitParams account(double limit) {
  ScalingLimitParams p;
  p.account_concurrency = limit;
  return p;
}

/// A toy account with no reservations: offers `requests` creations to `function` at `now_s`,
/// each success holding one more environment; returns how many were allowed.
struct Account {
  std::unique_ptr<ScalingLimit> limit;
  std::vector<std::size_t> in_use = std::vector<std::size_t>(4, 0);
  std::size_t reserved_in_use = 0;

  std::size_t total() const {
    std::size_t n = 0;
    for (auto u : in_use)
      n += u;
    return n;
  }
  int offer(std::size_t function, double now_s, int requests) {
    int allowed = 0;
    for (int i = 0; i < requests; ++i) {
      if (!limit->try_create(function, now_s, total(), in_use[function], reserved_in_use)) continue;
      ++allowed;
      ++in_use[function];
      if (limit->reserved(function) > 0) ++reserved_in_use;
    }
    return allowed;
  }
};

TEST(PerFunctionRate, TenThousandSimultaneousRequestsGetOneThousand) {
  Account a{make("per-function-rate", account(10000))};
  EXPECT_EQ(a.offer(0, 0.0, 10000), 1000);  // 9,000 throttled
}

TEST(Burst, TenThousandSimultaneousRequestsGetThreeThousand) {
  Account a{make("burst", account(10000))};
  EXPECT_EQ(a.offer(0, 0.0, 10000), 3000);  // 7,000 throttled
}

TEST(PerFunctionRate, RefillsContinuously) {
  Account a{make("per-function-rate", account(10000))};
  ASSERT_EQ(a.offer(0, 0.0, 1000), 1000);
  EXPECT_EQ(a.offer(0, 0.0, 1), 0);
  EXPECT_EQ(a.offer(0, 1.0, 1000), 100);  // 1,000 per 10 s
  EXPECT_EQ(a.offer(0, 1.5, 1000), 50);
  EXPECT_EQ(a.offer(0, 1.51, 1000), 1);
}

TEST(PerFunctionRate, UnusedAllowanceIsNotBanked) {
  Account a{make("per-function-rate", account(10000))};
  ASSERT_EQ(a.offer(0, 0.0, 1000), 1000);
  a.in_use[0] = 0;  // the burst is over
  EXPECT_EQ(a.offer(0, 3600.0, 5000), 1000);
  // A function first seen late starts with one period's worth too.
  EXPECT_EQ(a.offer(1, 7200.0, 5000), 1000);
}

TEST(PerFunctionRate, EachFunctionHasItsOwnBucket) {
  Account a{make("per-function-rate", account(10000))};
  EXPECT_EQ(a.offer(0, 0.0, 2000), 1000);
  EXPECT_EQ(a.offer(1, 0.0, 2000), 1000);
}

TEST(Burst, GrowsByFiveHundredPerMinute) {
  Account a{make("burst", account(10000))};
  ASSERT_EQ(a.offer(0, 0.0, 10000), 3000);
  EXPECT_EQ(a.offer(0, 59.9, 10000), 0);
  EXPECT_EQ(a.offer(0, 60.0, 10000), 500);
  EXPECT_EQ(a.offer(1, 90.0, 10000), 0);  // account-wide, not per function
  EXPECT_EQ(a.offer(1, 120.0, 10000), 500);
}

TEST(Burst, TheAccountLimitCapsTheBurstAndItsGrowth) {
  Account a{make("burst", account(3200))};
  EXPECT_EQ(a.offer(0, 0.0, 10000), 3000);
  EXPECT_EQ(a.offer(0, 600.0, 10000), 200);
  Account small{make("burst")};  // account limit 1,000 below the burst
  EXPECT_EQ(small.offer(0, 0.0, 10000), 1000);
}

TEST(Burst, GrowthStartsOverOnceConcurrencyFallsBelowTheBurst) {
  Account a{make("burst", account(10000))};
  ASSERT_EQ(a.offer(0, 0.0, 10000), 3000);
  ASSERT_EQ(a.offer(0, 60.0, 10000), 500);
  a.in_use[0] = 100;                          // load went away
  EXPECT_EQ(a.offer(0, 600.0, 10000), 2900);  // the burst again, not 3,000 + 10 × 500
  EXPECT_EQ(a.offer(0, 630.0, 10000), 0);
  EXPECT_EQ(a.offer(0, 660.0, 10000), 500);
}

TEST(ScalingLimit, AccountConcurrencyLimitIsShared) {
  for (const std::string name : {"per-function-rate", "burst"}) {
    Account a{make(name)};  // 1,000 by default
    EXPECT_EQ(a.offer(0, 0.0, 600), 600) << name;
    EXPECT_EQ(a.offer(1, 0.0, 600), 400) << name;
    EXPECT_EQ(a.offer(2, 100.0, 600), 0) << name;
  }
}

TEST(ScalingLimit, ReservedConcurrencyIsIsolated) {
  for (const std::string name : {"per-function-rate", "burst"}) {
    // Others fill the unreserved pool first; the reserved function still reaches 100.
    Account a{make(name)};
    a.limit->set_reserved(0, 100);
    EXPECT_EQ(a.limit->unreserved_pool(), 900u);
    EXPECT_EQ(a.offer(1, 0.0, 1000), 900) << name;
    EXPECT_EQ(a.offer(0, 0.0, 1000), 100) << name;  // and no more than its reservation
    EXPECT_EQ(a.offer(2, 50.0, 10), 0) << name;

    // The reserved function idle: the others still cannot use its 100.
    Account idle{make(name)};
    idle.limit->set_reserved(0, 100);
    EXPECT_EQ(idle.offer(1, 0.0, 500), 500) << name;
    EXPECT_EQ(idle.offer(2, 0.0, 1000), 400) << name;
    EXPECT_EQ(idle.offer(0, 0.0, 1000), 100) << name;
  }
}

TEST(ScalingLimit, ReservationsLeaveAHundredUnreserved) {
  // AWS keeps 100 of the account limit for functions without a reservation.
  auto limit = make("per-function-rate");
  limit->set_reserved(0, 600);
  EXPECT_THROW(limit->set_reserved(1, 400), std::invalid_argument);  // the whole account
  limit->set_reserved(1, 300);
  EXPECT_EQ(limit->unreserved_pool(), 100u);
  EXPECT_THROW(limit->set_reserved(2, 1), std::invalid_argument);  // 99 left
  limit->set_reserved(1, 200);                                     // replaces the old reservation
  limit->set_reserved(2, 100);
  limit->set_reserved(0, 0);
  EXPECT_EQ(limit->unreserved_pool(), 700u);
  EXPECT_EQ(limit->reserved(0), 0u);
  EXPECT_EQ(limit->reserved(7), 0u);
}

TEST(ScalingLimit, TheShortFormIsOnlyForAccountsWithoutReservations) {
  auto limit = make("per-function-rate");
  EXPECT_TRUE(limit->try_create(0, 0.0, 0, 0));
  limit->set_reserved(1, 10);
  EXPECT_THROW(limit->try_create(0, 0.0, 1, 1), std::logic_error);
}

TEST(ScalingLimit, RejectsTimeGoingBackAndInconsistentCounts) {
  auto limit = make("burst");
  EXPECT_TRUE(limit->try_create(0, 10.0, 0, 0, 0));
  EXPECT_THROW(limit->try_create(0, 9.0, 1, 1, 0), std::invalid_argument);
  EXPECT_THROW(limit->try_create(0, 10.0, 1, 2, 0), std::invalid_argument);
}

TEST(ScalingLimit, RejectsBadParameters) {
  ScalingLimitParams p;
  p.per_function_period_s = 0;
  EXPECT_THROW(make("per-function-rate", p), std::invalid_argument);
  p = {};
  p.account_concurrency = -1;
  EXPECT_THROW(make("burst", p), std::invalid_argument);
}

TEST(ScalingLimit, RegistrySuggestsNames) {
  EXPECT_EQ(scaling_limits().names(), (std::vector<std::string>{"burst", "per-function-rate"}));
  try {
    make("per-function-rte");
    FAIL() << "expected UnknownNameError";
  } catch (const UnknownNameError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'per-function-rate'"), std::string::npos) << e.what();
  }
}

}  // namespace
