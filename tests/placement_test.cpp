// Placement policies against hand-worked capacity, and the capacity index's queries
// against a brute-force scan.
#include "models/placement.hpp"

#include <gtest/gtest.h>

#include "models/capacity_index.hpp"
#include "sim/random.hpp"

namespace {

using namespace stratus::models;

CapacityIndex three_zones_of_two(double vcpus = 8, double mem = 32) {
  std::vector<HostCapacity> hosts;
  for (std::uint32_t z = 0; z < 3; ++z)
    for (int h = 0; h < 2; ++h)
      hosts.push_back({z, vcpus, mem});
  return CapacityIndex(hosts, 3);
}

std::vector<HostId> place_n(const std::string& policy_name, CapacityIndex& c, int n, Demand d) {
  auto policy = placement_policies().create(policy_name);
  PlacementRequest r{d, std::vector<std::uint32_t>(c.zone_count(), 0), {}};
  std::vector<HostId> out;
  for (int i = 0; i < n; ++i) {
    auto h = policy->choose(r, c);
    if (!h) break;
    c.take(*h, d);
    ++r.fleet_per_zone[c.zone_of(*h)];
    out.push_back(*h);
  }
  return out;
}

TEST(Placement, FirstFitFillsHostsInOrder) {
  auto c = three_zones_of_two();
  EXPECT_EQ(place_n("first-fit", c, 5, {2, 8}), (std::vector<HostId>{0, 0, 0, 0, 1}));
}

TEST(Placement, SpreadRotatesOverZonesThenHosts) {
  auto c = three_zones_of_two();
  // Zones in turn; within a zone the emptiest host, so each zone's two hosts alternate.
  EXPECT_EQ(place_n("spread", c, 6, {2, 8}), (std::vector<HostId>{0, 2, 4, 1, 3, 5}));
}

TEST(Placement, BestFitPicksTheTightestHost) {
  auto c = three_zones_of_two();
  c.take(3, {6, 8});  // host 3 has 2 vCPUs left: the tightest fit for a 2-vCPU instance
  c.take(1, {4, 8});  // host 1 has 4 left
  EXPECT_EQ(place_n("best-fit", c, 3, {2, 8}), (std::vector<HostId>{3, 1, 1}));
}

TEST(Placement, MemoryCanBindBeforeCpu) {
  auto c = three_zones_of_two(8, 16);
  // 8 GiB instances: two per host by memory though four would fit by vCPUs.
  EXPECT_EQ(place_n("first-fit", c, 3, {2, 8}), (std::vector<HostId>{0, 0, 1}));
}

TEST(Placement, FullFleetReturnsNothing) {
  auto c = three_zones_of_two(2, 8);
  for (const std::string name : {"first-fit", "best-fit", "spread"}) {
    auto fresh = three_zones_of_two(2, 8);
    EXPECT_EQ(place_n(name, fresh, 10, {2, 8}).size(), 6u) << name;
  }
}

TEST(Placement, AllowedZonesAreRespected) {
  auto c = three_zones_of_two();
  for (const std::string name : {"first-fit", "best-fit", "spread"}) {
    auto fresh = three_zones_of_two();
    auto policy = placement_policies().create(name);
    PlacementRequest r{{2, 8}, {0, 0, 0}, {2}};
    auto h = policy->choose(r, fresh);
    ASSERT_TRUE(h) << name;
    EXPECT_EQ(fresh.zone_of(*h), 2u) << name;
  }
}

TEST(Placement, UnknownPolicyNameSuggestsTheNearest) {
  try {
    placement_policies().create("frist-fit");
    FAIL() << "expected an error";
  } catch (const stratus::sim::UnknownNameError& e) {
    EXPECT_STREQ(e.what(), "unknown placement policy 'frist-fit'; did you mean 'first-fit'?");
  }
}

TEST(CapacityIndex, QueriesAgreeWithBruteForce) {
  stratus::sim::RandomStream rng(9);
  std::vector<HostCapacity> hosts;
  for (int i = 0; i < 300; ++i)
    hosts.push_back({static_cast<std::uint32_t>(i % 3), static_cast<double>(1 + rng.below(16)),
                     static_cast<double>(1 + rng.below(64))});
  CapacityIndex c(hosts, 3);
  for (int step = 0; step < 2000; ++step) {
    const Demand d{static_cast<double>(1 + rng.below(4)), static_cast<double>(1 + rng.below(8))};
    std::optional<HostId> first, best;
    for (HostId h = 0; h < c.host_count(); ++h) {
      if (!c.fits(h, d)) continue;
      if (!first) first = h;
      if (!best || c.free(h).vcpus < c.free(*best).vcpus) best = h;
    }
    ASSERT_EQ(c.first_fit(d), first);
    ASSERT_EQ(c.best_fit(d).has_value(), best.has_value());
    if (best) {
      ASSERT_EQ(c.free(*c.best_fit(d)).vcpus, c.free(*best).vcpus);
    }
    if (first && rng.below(3) > 0) {
      c.take(*first, d);
    } else if (step % 5 == 0 && c.free(0).vcpus < hosts[0].vcpus) {
      c.give_back(0, {1, 0});
    }
  }
}

}  // namespace
