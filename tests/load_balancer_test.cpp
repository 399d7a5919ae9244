// Load-balancing policies on fixed views of the fleet.
#include "models/load_balancer.hpp"

#include <gtest/gtest.h>

#include <map>

namespace {

using namespace stratus::models;
using stratus::sim::RandomStream;

std::unique_ptr<LoadBalancer> make(const std::string& name) {
  return load_balancers().create(name, RandomStream(1));
}

TEST(LoadBalancer, RoundRobinCyclesAndSkipsUnhealthy) {
  auto lb = make("round-robin");
  std::vector<std::uint32_t> out(4, 0);
  std::vector<std::uint8_t> healthy{1, 0, 1, 1};
  std::vector<int> seen;
  for (int i = 0; i < 6; ++i)
    seen.push_back(lb->route({out, healthy}));
  EXPECT_EQ(seen, (std::vector<int>{0, 2, 3, 0, 2, 3}));
}

TEST(LoadBalancer, LeastOutstandingPicksTheLeastLoaded) {
  auto lb = make("least-outstanding");
  std::vector<std::uint32_t> out{3, 1, 2, 1};
  std::vector<std::uint8_t> healthy{1, 1, 1, 1};
  EXPECT_EQ(lb->route({out, healthy}), 1);
  // Ties rotate: the next call starts after the previous choice.
  EXPECT_EQ(lb->route({out, healthy}), 3);
  healthy[1] = healthy[3] = 0;
  EXPECT_EQ(lb->route({out, healthy}), 2);
}

TEST(LoadBalancer, NoHealthyInstanceMeansNoRoute) {
  for (const std::string name : {"round-robin", "least-outstanding", "random", "two-choices"}) {
    auto lb = make(name);
    std::vector<std::uint32_t> out(3, 0);
    std::vector<std::uint8_t> healthy(3, 0);
    EXPECT_EQ(lb->route({out, healthy}), -1) << name;
  }
}

TEST(LoadBalancer, RandomIsRoughlyUniform) {
  auto lb = make("random");
  std::vector<std::uint32_t> out(4, 0);
  std::vector<std::uint8_t> healthy(4, 1);
  std::map<int, int> counts;
  for (int i = 0; i < 40000; ++i)
    ++counts[lb->route({out, healthy})];
  // Binomial(40000, 1/4): sd = 87; 5 sd = 433.
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(counts[i], 10000, 433);
}

TEST(LoadBalancer, TwoChoicesSamplesTwoDistinctInstances) {
  // Of two instances the pair is always both: the loaded one is never chosen (with
  // replacement it would be, whenever both draws hit it: a quarter of the time).
  auto lb = make("two-choices");
  std::vector<std::uint32_t> out{0, 100};
  std::vector<std::uint8_t> healthy{1, 1};
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(lb->route({out, healthy}), 0) << "request " << i;
}

TEST(LoadBalancer, TwoChoicesNeverPicksTheWorstAndSharesTheRestByPairs) {
  // Three instances: the pairs {0,1}, {0,2}, {1,2} are equally likely. The most loaded (2) is
  // never chosen; 1 wins both pairs it is in (2/3), 0 only the pair {0,2} (1/3).
  auto lb = make("two-choices");
  std::vector<std::uint32_t> out{5, 0, 9};
  std::vector<std::uint8_t> healthy{1, 1, 1};
  std::map<int, int> counts;
  for (int i = 0; i < 30000; ++i)
    ++counts[lb->route({out, healthy})];
  EXPECT_EQ(counts[2], 0);
  // Binomial(30000, 1/3): sd = 82; 5 sd = 408.
  EXPECT_NEAR(counts[0], 10000, 408);
  EXPECT_NEAR(counts[1], 20000, 408);
}

TEST(LoadBalancer, TwoChoicesPairsOnlyHealthyInstances) {
  auto lb = make("two-choices");
  std::vector<std::uint32_t> out{0, 7, 0, 3, 0};
  std::vector<std::uint8_t> healthy{0, 1, 0, 1, 0};
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(lb->route({out, healthy}), 3) << "request " << i;
  healthy[3] = 0;  // one healthy instance: it is the choice
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(lb->route({out, healthy}), 1) << "request " << i;
}

TEST(LoadBalancer, RandomStaysUniformWhenFewInstancesAreHealthy) {
  // 2 healthy of 200: most draws miss, and the exact fallback must not favour the first.
  auto lb = make("random");
  std::vector<std::uint32_t> out(200, 0);
  std::vector<std::uint8_t> healthy(200, 0);
  healthy[10] = healthy[150] = 1;
  std::map<int, int> counts;
  for (int i = 0; i < 20000; ++i)
    ++counts[lb->route({out, healthy})];
  // Binomial(20000, 1/2): sd = 71; 5 sd = 354.
  EXPECT_NEAR(counts[10], 10000, 354);
  EXPECT_NEAR(counts[150], 10000, 354);
}

TEST(LoadBalancer, CentralFifoKeepsTheQueue) {
  EXPECT_TRUE(make("central-fifo")->central_queue());
  EXPECT_FALSE(make("least-outstanding")->central_queue());
}

}  // namespace
