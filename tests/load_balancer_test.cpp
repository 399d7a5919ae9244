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

TEST(LoadBalancer, TwoChoicesNeverPicksTheWorseOfItsPair) {
  auto lb = make("two-choices");
  std::vector<std::uint32_t> out{0, 100};
  std::vector<std::uint8_t> healthy{1, 1};
  int to_loaded = 0;
  for (int i = 0; i < 1000; ++i)
    to_loaded += lb->route({out, healthy}) == 1;
  // Only when both samples hit instance 1 (probability 1/4).
  EXPECT_NEAR(to_loaded, 250, 70);
}

TEST(LoadBalancer, CentralFifoKeepsTheQueue) {
  EXPECT_TRUE(make("central-fifo")->central_queue());
  EXPECT_FALSE(make("least-outstanding")->central_queue());
}

}  // namespace
