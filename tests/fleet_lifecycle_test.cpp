// The fleet's life-cycle bookkeeping: counts by state, launches balanced across zones,
// termination order (pending launches first, then the policy).
#include "models/fleet_lifecycle.hpp"

#include <gtest/gtest.h>

namespace {

using namespace stratus::models;

// Six positions over three zones, as the spread placement lays them out.
FleetLifecycle make(TerminationPolicy policy = TerminationPolicy::balance) {
  return FleetLifecycle({0, 1, 2, 0, 1, 2}, policy);
}

TEST(FleetLifecycle, LaunchesBalanceTheZones) {
  FleetLifecycle fleet = make();
  std::vector<std::uint32_t> zones;
  for (int k = 0; k < 6; ++k) {
    const int i = fleet.choose_launch();
    ASSERT_GE(i, 0);
    zones.push_back(fleet.at(static_cast<std::uint32_t>(i)).zone);
    fleet.set_state(static_cast<std::uint32_t>(i), InstanceState::launching, k);
  }
  EXPECT_EQ(zones, (std::vector<std::uint32_t>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(fleet.choose_launch(), -1);
  EXPECT_EQ(fleet.counts().launching, 6);
}

TEST(FleetLifecycle, CountsFollowStates) {
  FleetLifecycle fleet = make();
  fleet.set_state(0, InstanceState::launching, 0);
  fleet.set_state(1, InstanceState::launching, 0);
  fleet.set_state(1, InstanceState::registering, 60);
  fleet.set_state(0, InstanceState::registering, 60);
  fleet.set_state(0, InstanceState::warming, 210);
  EXPECT_EQ(fleet.counts().launching, 1);
  EXPECT_EQ(fleet.counts().warming, 1);
  EXPECT_EQ(fleet.counts().routable(), 1);
  fleet.set_state(0, InstanceState::in_service, 510);
  fleet.set_state(0, InstanceState::draining, 900);
  EXPECT_EQ(fleet.counts().draining, 1);
  EXPECT_EQ(fleet.counts().active(), 1);  // a draining instance no longer counts toward desired
  fleet.set_state(0, InstanceState::stopped, 1000);
  EXPECT_EQ(fleet.counts().draining, 0);
}

TEST(FleetLifecycle, RelaunchStartsANewLife) {
  FleetLifecycle fleet = make();
  fleet.set_state(2, InstanceState::launching, 10);
  const auto first = fleet.at(2).launch_id;
  fleet.set_state(2, InstanceState::stopped, 20);
  fleet.set_state(2, InstanceState::launching, 30);
  EXPECT_EQ(fleet.at(2).launch_id, first + 1);
  EXPECT_EQ(fleet.at(2).launched_s, 30);
}

void serve(FleetLifecycle& fleet, std::uint32_t i, double launched) {
  fleet.set_state(i, InstanceState::launching, launched);
  fleet.set_state(i, InstanceState::in_service, launched + 1);
}

TEST(FleetLifecycle, PendingLaunchesAreTerminatedFirst) {
  FleetLifecycle fleet = make(TerminationPolicy::oldest);
  serve(fleet, 0, 0);
  serve(fleet, 1, 5);
  fleet.set_state(2, InstanceState::launching, 100);
  EXPECT_EQ(fleet.choose_termination(), 2);
}

TEST(FleetLifecycle, OldestAndNewest) {
  FleetLifecycle oldest = make(TerminationPolicy::oldest);
  FleetLifecycle newest = make(TerminationPolicy::newest);
  for (FleetLifecycle* f : {&oldest, &newest}) {
    serve(*f, 3, 50);
    serve(*f, 0, 10);
    serve(*f, 4, 90);
  }
  EXPECT_EQ(oldest.choose_termination(), 0);
  EXPECT_EQ(newest.choose_termination(), 4);
}

TEST(FleetLifecycle, BalanceTakesFromTheFullestZoneThenOldest) {
  FleetLifecycle fleet = make();
  serve(fleet, 1, 0);                        // zone 1
  serve(fleet, 0, 10);                       // zone 0
  serve(fleet, 3, 20);                       // zone 0: two there
  EXPECT_EQ(fleet.choose_termination(), 0);  // zone 0, launched earlier than 3
  EXPECT_EQ(make().choose_termination(), -1);
}

}  // namespace
