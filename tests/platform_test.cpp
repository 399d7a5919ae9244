#include "sim/platform.hpp"

#include <gtest/gtest.h>
#include <simgrid/plugins/energy.h>

#include <memory>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/topology.hpp"

namespace sg4 = simgrid::s4u;

namespace stratus::sim {
namespace {

// The inter-zone link is the bottleneck across zones, the NIC everywhere else.
const LinkSpec kNic{1.25e9, 1e-5};
const LinkSpec kUplink{5e9, 2e-5};
const LinkSpec kInterZone{1e9, 5e-4};
constexpr double kBytes = 1e8;
constexpr double kTolerance = 1e-9;

// Exact timing: CM02 without SimGrid's latency/bandwidth factors or cross-traffic, and a TCP
// window so large that its gamma / (2 * latency) rate cap never binds.
EngineSettings exact_settings() {
  EngineSettings settings;
  settings.exact_network = true;
  settings.extra_config = {"network/TCP-gamma:1e30"};
  return settings;
}

HostTypeSpec server() {
  HostTypeSpec type;
  type.name = "server";
  type.cores = 4;
  type.core_speed = 1e9;
  type.memory_bytes = 64e9;
  type.power = PowerSpec{100, 200};
  type.disk = DiskSpec{2e8, 1e8, 1e12};
  return type;
}

// Two zones of two racks of three hosts; the last host of each rack has no disk.
Topology make_topology() {
  TopologySpec spec =
      make_uniform_topology("region", {"az-a", "az-b"}, 2, 3, server(), kNic, kUplink, kInterZone);
  HostTypeSpec diskless = server();
  diskless.name = "diskless";
  diskless.disk.reset();
  spec.host_types.push_back(diskless);
  for (auto& zone : spec.zones)
    for (auto& rack : zone.racks)
      rack.hosts.back().second = 1;
  return Topology(std::move(spec));
}

// Moves `bytes` from `from` to `to` with a Mailbox put/get starting at `start`; once the engine
// ran, the result holds how long the transfer took (or -1 if it failed).
std::shared_ptr<double> schedule_transfer(sg4::Host* from, sg4::Host* to, double bytes, double start) {
  auto duration = std::make_shared<double>(-2);
  const std::string box = from->get_name() + "->" + to->get_name() + "@" + std::to_string(start);
  static int payload = 0;
  sg4::Actor::create("sender", from, [box, bytes, start] {
    sg4::this_actor::sleep_until(start);
    try {
      sg4::Mailbox::by_name(box)->put(&payload, static_cast<std::uint64_t>(bytes));
    } catch (const simgrid::NetworkFailureException&) {
    }
  });
  sg4::Actor::create("receiver", to, [box, start, duration] {
    sg4::this_actor::sleep_until(start);
    try {
      sg4::Mailbox::by_name(box)->get<int>();
      *duration = sg4::Engine::get_clock() - start;
    } catch (const simgrid::NetworkFailureException&) {
      *duration = -1;
    }
  });
  return duration;
}

struct Route {
  std::vector<std::string> links;
  double latency = 0;
};

Route route(const sg4::Host* from, const sg4::Host* to) {
  std::vector<sg4::Link*> links;
  Route r;
  from->route_to(to, links, &r.latency);
  for (const sg4::Link* link : links)
    r.links.push_back(link->get_name());
  return r;
}

TEST(Platform, NeedsAnEngine) {
  const Topology topo = make_topology();
  EXPECT_THROW(Platform{topo}, std::logic_error);
}

TEST(Platform, HostsLinksAndProperties) {
  Engine engine(exact_settings());
  const Topology topo = make_topology();
  Platform platform(topo);
  platform.seal();

  EXPECT_EQ(engine.simgrid().get_host_count(), topo.host_count());
  for (HostIndex h = 0; h < topo.host_count(); ++h) {
    const sg4::Host* host = platform.host(h);
    EXPECT_EQ(host->get_name(), topo.host(h).name);
    EXPECT_EQ(host->get_core_count(), 4);
    EXPECT_DOUBLE_EQ(host->get_speed(), 1e9);
    EXPECT_EQ(platform.index_of(host), h);
  }
  const sg4::Host* host = platform.host(0);
  EXPECT_STREQ(host->get_property("memory_bytes"), "64000000000");
  EXPECT_STREQ(host->get_property("wattage_per_state"), "100:200");
  EXPECT_STREQ(host->get_property("wattage_off"), "0");

  const sg4::Link* uplink = platform.link(topo.rack_uplink(1));
  EXPECT_EQ(uplink->get_name(), "az-a-r01-tor-uplink");
  EXPECT_EQ(uplink->get_sharing_policy(), sg4::Link::SharingPolicy::SPLITDUPLEX);
  EXPECT_DOUBLE_EQ(uplink->get_bandwidth(), kUplink.bandwidth);
  EXPECT_DOUBLE_EQ(uplink->get_latency(), kUplink.latency);
  EXPECT_EQ(platform.link(topo.inter_zone_link(1))->get_name(), "az-b-spine-uplink");
  EXPECT_THROW(platform.link(topo.link_count()), std::out_of_range);

  EXPECT_NE(platform.disk(0), nullptr);
  EXPECT_EQ(platform.disk(2), nullptr);  // diskless
  EXPECT_EQ(platform.disk(0)->get_host(), platform.host(0));
  EXPECT_STREQ(platform.disk(0)->get_property("size"), "1000000000000");
  EXPECT_EQ(platform.zone(1)->get_name(), "az-b");
  EXPECT_EQ(platform.region_zone()->get_children().size(), 2u);
}

TEST(Platform, RoutesFollowTheTopology) {
  Engine engine(exact_settings());
  const Topology topo = make_topology();
  Platform platform(topo);
  platform.seal();
  for (HostIndex a = 0; a < topo.host_count(); ++a) {
    for (HostIndex b = 0; b < topo.host_count(); ++b) {
      if (a == b) continue;
      const Topology::Path path = topo.path(a, b);
      std::vector<std::string> expected;
      for (std::size_t i = 0; i < path.links.size(); ++i)
        expected.push_back(topo.link_name(path.links[i]) + (i < path.links.size() / 2 ? "_UP" : "_DOWN"));
      const Route r = route(platform.host(a), platform.host(b));
      EXPECT_EQ(r.links, expected) << topo.host(a).name << " -> " << topo.host(b).name;
      EXPECT_NEAR(r.latency, path.latency, 1e-15);
    }
  }
  const Route self = route(platform.host(0), platform.host(0));
  EXPECT_EQ(self.links, std::vector<std::string>{"__loopback__"});
}

TEST(Platform, ExactTransferTimes) {
  Engine engine(exact_settings());
  const Topology topo = make_topology();
  Platform platform(topo);
  platform.seal();
  const HostIndex a = topo.host_index("az-a-r00-h00");
  const HostIndex same_rack = topo.host_index("az-a-r00-h01");
  const HostIndex other_rack = topo.host_index("az-a-r01-h00");
  const HostIndex other_zone = topo.host_index("az-b-r01-h01");
  // One at a time, so that they do not share links.
  const auto t_rack = schedule_transfer(platform.host(a), platform.host(same_rack), kBytes, 0);
  const auto t_zone = schedule_transfer(platform.host(a), platform.host(other_rack), kBytes, 10);
  const auto t_region = schedule_transfer(platform.host(a), platform.host(other_zone), kBytes, 20);
  engine.run(30);

  EXPECT_NEAR(*t_rack, 2 * kNic.latency + kBytes / kNic.bandwidth, kTolerance);
  EXPECT_NEAR(*t_zone, 2 * kNic.latency + 2 * kUplink.latency + kBytes / kNic.bandwidth, kTolerance);
  EXPECT_NEAR(*t_region,
              2 * kNic.latency + 2 * kUplink.latency + 2 * kInterZone.latency + kBytes / kInterZone.bandwidth,
              kTolerance);
  // The same figures, as the topology computes them.
  for (const auto& [time, peer] :
       {std::pair{t_rack, same_rack}, std::pair{t_zone, other_rack}, std::pair{t_region, other_zone}}) {
    const Topology::Path p = topo.path(a, peer);
    EXPECT_NEAR(*time, p.latency + kBytes / p.bottleneck_bandwidth, kTolerance);
  }
}

TEST(Platform, SliceComputesAtCoreSpeedOnItsOwnCores) {
  Engine engine(exact_settings());
  const Topology topo = make_topology();
  Platform platform(topo);
  sg4::Host* slice = platform.add_slice_host(3, "vm-1", 2);
  platform.seal();
  EXPECT_EQ(slice->get_core_count(), 2);
  EXPECT_DOUBLE_EQ(slice->get_speed(), 1e9);
  EXPECT_EQ(platform.index_of(slice), 3u);
  EXPECT_EQ(platform.slice_count(), 1u);

  // k execs of 1e9 flops at once: one core each while k <= 2, then the 2 cores shared k ways.
  std::vector<std::vector<double>> finish(5);
  sg4::Actor::create("load", slice, [&finish] {
    for (int k = 1; k <= 4; ++k) {
      const double start = sg4::Engine::get_clock();
      std::vector<sg4::ExecPtr> execs;
      for (int i = 0; i < k; ++i)
        execs.push_back(sg4::this_actor::exec_async(1e9));
      for (auto& exec : execs) {
        exec->wait();
        finish[k].push_back(sg4::Engine::get_clock() - start);
      }
    }
  });
  engine.run(10);
  const std::vector<double> expected{0, 1.0, 1.0, 1.5, 2.0};
  for (int k = 1; k <= 4; ++k) {
    ASSERT_EQ(finish[k].size(), static_cast<std::size_t>(k));
    for (const double t : finish[k])
      EXPECT_NEAR(t, expected[k], kTolerance) << k << " execs";
  }
}

TEST(Platform, SliceSharesItsMachinesNetworkAttachment) {
  Engine engine(exact_settings());
  const Topology topo = make_topology();
  Platform platform(topo);
  const HostIndex machine = topo.host_index("az-a-r01-h02");
  sg4::Host* slice = platform.add_slice_host(machine, "vm-1", 1);
  sg4::Host* sibling = platform.add_slice_host(machine, "vm-2", 1);
  platform.seal();
  sg4::Host* physical = platform.host(machine);

  for (HostIndex peer = 0; peer < topo.host_count(); ++peer) {
    if (peer == machine) continue;
    const Route from_slice = route(slice, platform.host(peer));
    const Route from_machine = route(physical, platform.host(peer));
    EXPECT_EQ(from_slice.links, from_machine.links) << topo.host(peer).name;
    EXPECT_DOUBLE_EQ(from_slice.latency, from_machine.latency);
    EXPECT_EQ(route(platform.host(peer), slice).links, route(platform.host(peer), physical).links);
  }
  // Within one machine traffic stays off the NIC.
  EXPECT_EQ(route(slice, physical).links, std::vector<std::string>{"__loopback__"});
  EXPECT_EQ(route(slice, sibling).links, std::vector<std::string>{"__loopback__"});

  // And it costs what the machine's own transfer costs.
  const HostIndex peer = topo.host_index("az-b-r00-h00");
  const auto t_slice = schedule_transfer(slice, platform.host(peer), kBytes, 0);
  const auto t_machine = schedule_transfer(physical, platform.host(peer), kBytes, 10);
  engine.run(20);
  EXPECT_NEAR(*t_slice, *t_machine, kTolerance);
  const Topology::Path p = topo.path(machine, peer);
  EXPECT_NEAR(*t_slice, p.latency + kBytes / p.bottleneck_bandwidth, kTolerance);
}

TEST(Platform, SliceRules) {
  Engine engine(exact_settings());
  const Topology topo = make_topology();
  Platform platform(topo);
  platform.add_slice_host(0, "vm-1", 1);
  EXPECT_THROW(platform.add_slice_host(0, "vm-1", 1), std::invalid_argument);
  EXPECT_THROW(platform.add_slice_host(0, topo.host(1).name, 1), std::invalid_argument);
  EXPECT_THROW(platform.add_slice_host(0, "az-a-spine", 1), std::invalid_argument);
  EXPECT_THROW(platform.add_slice_host(0, "vm-2", 0), std::invalid_argument);
  EXPECT_THROW(platform.add_slice_host(static_cast<HostIndex>(topo.host_count()), "vm-3", 1),
               std::out_of_range);
  platform.seal();
  EXPECT_THROW(platform.add_slice_host(0, "vm-4", 1), std::logic_error);
  EXPECT_THROW(platform.index_of(nullptr), std::invalid_argument);
}

TEST(Platform, DiskReadAndWriteTimes) {
  Engine engine(exact_settings());
  const Topology topo = make_topology();
  Platform platform(topo);
  platform.seal();
  double read_time = -1, write_time = -1;
  sg4::Disk* disk = platform.disk(0);
  sg4::Actor::create("io", platform.host(0), [&] {
    double start = sg4::Engine::get_clock();
    disk->read(static_cast<sg_size_t>(kBytes));
    read_time = sg4::Engine::get_clock() - start;
    start = sg4::Engine::get_clock();
    disk->write(static_cast<sg_size_t>(kBytes));
    write_time = sg4::Engine::get_clock() - start;
  });
  engine.run(10);
  EXPECT_NEAR(read_time, kBytes / 2e8, kTolerance);
  EXPECT_NEAR(write_time, kBytes / 1e8, kTolerance);
}

TEST(Platform, CutInterZoneLinkFailsCrossZoneTraffic) {
  Engine engine(exact_settings());
  const Topology topo = make_topology();
  Platform platform(topo);
  platform.seal();
  platform.link(topo.inter_zone_link(0))->turn_off();
  const auto* cut = dynamic_cast<const sg4::SplitDuplexLink*>(platform.link(topo.inter_zone_link(0)));
  ASSERT_NE(cut, nullptr);
  EXPECT_FALSE(cut->get_link_up()->is_on());
  EXPECT_FALSE(cut->get_link_down()->is_on());

  const HostIndex a = topo.host_index("az-a-r00-h00");
  const auto cross =
      schedule_transfer(platform.host(a), platform.host(topo.host_index("az-b-r00-h00")), kBytes, 0);
  const auto back = schedule_transfer(platform.host(topo.host_index("az-b-r01-h00")),
                                      platform.host(topo.host_index("az-a-r01-h01")), kBytes, 0);
  const auto local =
      schedule_transfer(platform.host(a), platform.host(topo.host_index("az-a-r01-h00")), kBytes, 0);
  const auto other_zone = schedule_transfer(platform.host(topo.host_index("az-b-r00-h01")),
                                            platform.host(topo.host_index("az-b-r01-h01")), kBytes, 0);
  engine.run(10);
  EXPECT_EQ(*cross, -1);
  EXPECT_EQ(*back, -1);
  EXPECT_NEAR(*local, 2 * kNic.latency + 2 * kUplink.latency + kBytes / kNic.bandwidth, kTolerance);
  EXPECT_NEAR(*other_zone, 2 * kNic.latency + 2 * kUplink.latency + kBytes / kNic.bandwidth, kTolerance);
}

TEST(Platform, JoinsAnExistingRoot) {
  Engine engine(exact_settings());
  sg4::NetZone* world = sg4::create_full_zone("world");
  const Topology topo = make_topology();
  Platform platform(topo);
  EXPECT_EQ(platform.region_zone()->get_parent(), world);
  platform.seal();
  const HostIndex a = topo.host_index("az-a-r00-h00"), b = topo.host_index("az-b-r01-h01");
  const auto time = schedule_transfer(platform.host(a), platform.host(b), kBytes, 0);
  engine.run(10);
  const Topology::Path p = topo.path(a, b);
  EXPECT_NEAR(*time, p.latency + kBytes / p.bottleneck_bandwidth, kTolerance);
}

TEST(Platform, RefusesNamesAlreadyTaken) {
  Engine engine(exact_settings());
  sg4::NetZone* world = sg4::create_full_zone("world");
  world->create_host("az-b-r01-h00", 1e9);
  const Topology topo = make_topology();
  try {
    Platform platform(topo);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("az-b-r01-h00"), std::string::npos) << e.what();
  }
}

TEST(Platform, EnergySplitsBetweenMachineAndSlices) {
  Engine engine(exact_settings());
  sg_host_energy_plugin_init();
  const Topology topo = make_topology();
  Platform platform(topo);
  sg4::Host* slice = platform.add_slice_host(0, "vm-1", 2);
  platform.seal();
  EXPECT_STREQ(slice->get_property("wattage_per_state"), "0:50");  // (200 - 100) W * 2 / 4 cores
  EXPECT_STREQ(slice->get_property("physical_host"), topo.host(0).name.c_str());

  // Both slice cores busy for 1 s: the machine draws idle + 2/4 of its dynamic range.
  sg4::Actor::create("load", slice, [] {
    auto first = sg4::this_actor::exec_async(1e9);
    auto second = sg4::this_actor::exec_async(1e9);
    first->wait();
    second->wait();
  });
  engine.run(1);
  EXPECT_NEAR(sg_host_get_consumed_energy(platform.host(0)), 100.0, 1e-6);
  EXPECT_NEAR(sg_host_get_consumed_energy(slice), 50.0, 1e-6);
}

}  // namespace
}  // namespace stratus::sim
