#include "sim/topology.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace stratus::sim {
namespace {

// Distinct figures per tier, so that a sum or a minimum shows which links a path took.
const LinkSpec kNic{1.25e9, 2e-6};
const LinkSpec kUplink{5e9, 3e-6};
const LinkSpec kInterZone{2.5e9, 7e-4};

HostTypeSpec small_host() {
  HostTypeSpec type;
  type.name = "small";
  type.cores = 4;
  type.core_speed = 2e9;
  type.memory_bytes = 16e9;
  return type;
}

// Two zones of three racks of four hosts: az-a-r00-h00 .. az-b-r02-h03.
Topology make_topology() {
  return Topology(
      make_uniform_topology("eu-west", {"az-a", "az-b"}, 3, 4, small_host(), kNic, kUplink, kInterZone));
}

std::vector<std::string> names_of(const Topology& topo, const std::vector<HostIndex>& hosts) {
  std::vector<std::string> names;
  for (const HostIndex h : hosts)
    names.push_back(topo.host(h).name);
  return names;
}

TEST(UniformTopology, NamesAndCounts) {
  const TopologySpec spec = make_uniform_topology("eu-west", {"az-a", "az-b", "az-c"}, 4, 8, small_host(),
                                                  kNic, kUplink, kInterZone);
  ASSERT_EQ(spec.zones.size(), 3u);
  EXPECT_EQ(spec.region, "eu-west");
  EXPECT_EQ(spec.zones[2].name, "az-c");
  ASSERT_EQ(spec.zones[0].racks.size(), 4u);
  EXPECT_EQ(spec.zones[0].racks[3].name, "az-a-r03");
  ASSERT_EQ(spec.zones[0].racks[3].hosts.size(), 8u);
  EXPECT_EQ(spec.zones[0].racks[3].hosts[7].first, "az-a-r03-h07");
  EXPECT_EQ(spec.zones[0].racks[3].hosts[7].second, 0u);

  const Topology topo(spec);
  EXPECT_EQ(topo.zone_count(), 3u);
  EXPECT_EQ(topo.rack_count(), 12u);
  EXPECT_EQ(topo.host_count(), 96u);
  EXPECT_EQ(topo.link_count(), 96u + 12u + 3u);
  EXPECT_EQ(boost::num_vertices(topo.graph()), 1u + 3u + 12u + 96u);
  EXPECT_EQ(boost::num_edges(topo.graph()), topo.link_count());
  // Spec order: zone-major, then rack, then host.
  EXPECT_EQ(topo.host(0).name, "az-a-r00-h00");
  EXPECT_EQ(topo.host(95).name, "az-c-r03-h07");
  EXPECT_EQ(topo.host(8 * 5 + 3).name, "az-b-r01-h03");
  EXPECT_EQ(topo.host(8 * 5 + 3).rack, 5u);
  EXPECT_EQ(topo.host(8 * 5 + 3).zone, 1u);
  EXPECT_EQ(topo.rack_zone(5), 1u);
  EXPECT_EQ(topo.host_type(17).cores, 4);
  EXPECT_EQ(topo.spine_name(1), "az-b-spine");
  EXPECT_EQ(topo.tor_name(5), "az-b-r01-tor");
  EXPECT_EQ(topo.core_name(), "eu-west-core");
  EXPECT_EQ(topo.link_name(topo.host_link(0)), "az-a-r00-h00-nic");
  EXPECT_EQ(topo.link_name(topo.rack_uplink(5)), "az-b-r01-tor-uplink");
  EXPECT_EQ(topo.link_name(topo.inter_zone_link(2)), "az-c-spine-uplink");
}

TEST(UniformTopology, PadsToTheLargestIndex) {
  const TopologySpec spec =
      make_uniform_topology("r", {"z"}, 150, 1, small_host(), kNic, kUplink, kInterZone);
  EXPECT_EQ(spec.zones[0].racks[7].name, "z-r007");
  EXPECT_EQ(spec.zones[0].racks[149].hosts[0].first, "z-r149-h00");
  EXPECT_THROW(make_uniform_topology("r", {"z"}, -1, 1, small_host(), kNic, kUplink, kInterZone),
               std::invalid_argument);
}

TEST(Topology, RackAndZoneMembership) {
  const Topology topo = make_topology();
  const auto rack = topo.hosts_in_rack(4);  // az-b-r01
  ASSERT_EQ(rack.size(), 4u);
  for (const HostIndex h : rack)
    EXPECT_EQ(topo.host(h).rack, 4u);
  EXPECT_EQ(topo.host(rack.front()).name, "az-b-r01-h00");

  const auto zone = topo.hosts_in_zone(1);
  ASSERT_EQ(zone.size(), 12u);
  EXPECT_EQ(zone.front(), 12u);
  EXPECT_EQ(zone.back(), 23u);
  for (const HostIndex h : zone)
    EXPECT_EQ(topo.host(h).zone, 1u);
  EXPECT_THROW(topo.hosts_in_rack(6), std::out_of_range);
  EXPECT_THROW(topo.host(24), std::out_of_range);
}

TEST(Topology, FailureDomains) {
  const Topology topo = make_topology();
  EXPECT_EQ(names_of(topo, topo.hosts_in_domain(DomainLevel::host, "az-a-r02-h01")),
            std::vector<std::string>{"az-a-r02-h01"});
  EXPECT_EQ(names_of(topo, topo.hosts_in_domain(DomainLevel::rack, "az-b-r00")),
            (std::vector<std::string>{"az-b-r00-h00", "az-b-r00-h01", "az-b-r00-h02", "az-b-r00-h03"}));
  EXPECT_EQ(topo.hosts_in_domain(DomainLevel::zone, "az-a").size(), 12u);
  EXPECT_EQ(topo.hosts_in_domain(DomainLevel::region, "eu-west").size(), 24u);

  const HostIndex a = topo.host_index("az-a-r01-h00");
  const HostIndex same_rack = topo.host_index("az-a-r01-h03");
  const HostIndex same_zone = topo.host_index("az-a-r02-h00");
  const HostIndex other_zone = topo.host_index("az-b-r01-h00");
  EXPECT_EQ(topo.domain_of(a, DomainLevel::host), "az-a-r01-h00");
  EXPECT_EQ(topo.domain_of(a, DomainLevel::rack), "az-a-r01");
  EXPECT_EQ(topo.domain_of(a, DomainLevel::zone), "az-a");
  EXPECT_EQ(topo.domain_of(a, DomainLevel::region), "eu-west");

  EXPECT_TRUE(topo.share_domain(a, a, DomainLevel::host));
  EXPECT_FALSE(topo.share_domain(a, same_rack, DomainLevel::host));
  EXPECT_TRUE(topo.share_domain(a, same_rack, DomainLevel::rack));
  EXPECT_FALSE(topo.share_domain(a, same_zone, DomainLevel::rack));
  EXPECT_TRUE(topo.share_domain(a, same_zone, DomainLevel::zone));
  EXPECT_FALSE(topo.share_domain(a, other_zone, DomainLevel::zone));
  EXPECT_TRUE(topo.share_domain(a, other_zone, DomainLevel::region));

  EXPECT_EQ(topo.domain_names(DomainLevel::zone), (std::vector<std::string>{"az-a", "az-b"}));
  EXPECT_EQ(topo.domain_names(DomainLevel::rack).size(), 6u);
  EXPECT_EQ(topo.domain_names(DomainLevel::host).size(), 24u);
  EXPECT_EQ(topo.domain_names(DomainLevel::region), std::vector<std::string>{"eu-west"});
}

TEST(Topology, UnknownDomainListsNearestNames) {
  const Topology topo = make_topology();
  try {
    topo.hosts_in_domain(DomainLevel::rack, "az-a-r1");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("unknown rack 'az-a-r1'"), std::string::npos) << message;
    EXPECT_NE(message.find("az-a-r01"), std::string::npos) << message;
  }
  EXPECT_THROW(topo.hosts_in_domain(DomainLevel::zone, "az-c"), std::invalid_argument);
  EXPECT_THROW(topo.hosts_in_domain(DomainLevel::host, "az-a-r00-h09"), std::invalid_argument);
  EXPECT_THROW(topo.hosts_in_domain(DomainLevel::region, "us-east"), std::invalid_argument);
  // A rack name is not a zone name, even if it exists at another level.
  EXPECT_THROW(topo.hosts_in_domain(DomainLevel::zone, "az-a-r01"), std::invalid_argument);
}

TEST(Topology, PathWithinARack) {
  const Topology topo = make_topology();
  const HostIndex a = topo.host_index("az-a-r01-h00"), b = topo.host_index("az-a-r01-h02");
  const Topology::Path p = topo.path(a, b);
  EXPECT_EQ(p.links, (std::vector<std::size_t>{topo.host_link(a), topo.host_link(b)}));
  EXPECT_DOUBLE_EQ(p.latency, 2 * kNic.latency);
  EXPECT_DOUBLE_EQ(p.bottleneck_bandwidth, kNic.bandwidth);
}

TEST(Topology, PathAcrossRacksOfOneZone) {
  const Topology topo = make_topology();
  const HostIndex a = topo.host_index("az-a-r00-h01"), b = topo.host_index("az-a-r02-h03");
  const Topology::Path p = topo.path(a, b);
  EXPECT_EQ(p.links, (std::vector<std::size_t>{topo.host_link(a), topo.rack_uplink(0), topo.rack_uplink(2),
                                               topo.host_link(b)}));
  EXPECT_DOUBLE_EQ(p.latency, 2 * kNic.latency + 2 * kUplink.latency);
  EXPECT_DOUBLE_EQ(p.bottleneck_bandwidth, kNic.bandwidth);
}

TEST(Topology, PathAcrossZones) {
  const Topology topo = make_topology();
  const HostIndex a = topo.host_index("az-a-r00-h01"), b = topo.host_index("az-b-r02-h03");
  const Topology::Path p = topo.path(a, b);
  EXPECT_EQ(p.links,
            (std::vector<std::size_t>{topo.host_link(a), topo.rack_uplink(0), topo.inter_zone_link(0),
                                      topo.inter_zone_link(1), topo.rack_uplink(5), topo.host_link(b)}));
  EXPECT_DOUBLE_EQ(p.latency, 2 * kNic.latency + 2 * kUplink.latency + 2 * kInterZone.latency);
  EXPECT_DOUBLE_EQ(p.bottleneck_bandwidth, kNic.bandwidth);
  // Reversed endpoints walk the same links backwards.
  const Topology::Path back = topo.path(b, a);
  EXPECT_TRUE(std::equal(p.links.rbegin(), p.links.rend(), back.links.begin(), back.links.end()));
}

TEST(Topology, BottleneckIsTheSlowestTier) {
  TopologySpec spec = make_uniform_topology("r", {"a", "b"}, 2, 2, small_host(), LinkSpec{10e9, 1e-6},
                                            LinkSpec{4e9, 1e-6}, LinkSpec{1e9, 1e-3});
  const Topology topo(std::move(spec));
  EXPECT_DOUBLE_EQ(topo.path(0, 1).bottleneck_bandwidth, 10e9);
  EXPECT_DOUBLE_EQ(topo.path(0, 2).bottleneck_bandwidth, 4e9);
  EXPECT_DOUBLE_EQ(topo.path(0, 4).bottleneck_bandwidth, 1e9);
  const Topology::Path self = topo.path(3, 3);
  EXPECT_TRUE(self.links.empty());
  EXPECT_EQ(self.latency, 0.0);
  EXPECT_TRUE(std::isinf(self.bottleneck_bandwidth));
}

TEST(Topology, CutInterZoneLinkSeparatesZones) {
  const Topology topo = make_topology();
  const HostIndex a = topo.host_index("az-a-r00-h00"), a2 = topo.host_index("az-a-r02-h01");
  const HostIndex b = topo.host_index("az-b-r01-h02");
  const std::vector<std::size_t> cut{topo.inter_zone_link(0)};
  EXPECT_TRUE(topo.connected(a, b, {}));
  EXPECT_FALSE(topo.connected(a, b, cut));
  EXPECT_TRUE(topo.connected(a, a2, cut));
  EXPECT_TRUE(topo.connected(b, topo.host_index("az-b-r00-h00"), cut));
  // A dead NIC isolates exactly its host.
  EXPECT_FALSE(topo.connected(a, a2, {topo.host_link(a2)}));
  EXPECT_TRUE(topo.connected(a, a2, {topo.host_link(b)}));
  EXPECT_THROW(topo.connected(a, b, {topo.link_count()}), std::out_of_range);

  const std::vector<std::uint32_t> label = topo.components(cut);
  ASSERT_EQ(label.size(), topo.host_count());
  for (HostIndex x = 0; x < topo.host_count(); ++x)
    for (HostIndex y = 0; y < topo.host_count(); ++y)
      EXPECT_EQ(label[x] == label[y], topo.connected(x, y, cut)) << x << " " << y;
  EXPECT_EQ(std::count(label.begin(), label.end(), label[b]), 12);
}

TEST(Topology, CutRackUplinkIsolatesTheRack) {
  const Topology topo = make_topology();
  const std::vector<std::uint32_t> label = topo.components({topo.rack_uplink(1)});
  for (HostIndex h = 0; h < topo.host_count(); ++h)
    EXPECT_EQ(label[h] == label[topo.hosts_in_rack(1).front()], topo.host(h).rack == 1u) << h;
}

TEST(Topology, GraphBundlesDescribeTheWiring) {
  const Topology topo = make_topology();
  const TopologyGraph& g = topo.graph();
  const auto v = topo.vertex_of_host(13);
  EXPECT_EQ(g[v].kind, NodeKind::host);
  EXPECT_EQ(g[v].index, 13u);
  ASSERT_EQ(boost::out_degree(v, g), 1u);
  const auto nic = *boost::out_edges(v, g).first;
  EXPECT_EQ(g[nic].id, topo.host_link(13));
  EXPECT_EQ(g[nic].kind, LinkKind::host_link);
  EXPECT_DOUBLE_EQ(g[nic].bandwidth, kNic.bandwidth);
  const auto tor = boost::target(nic, g);
  EXPECT_EQ(g[tor].kind, NodeKind::tor);
  EXPECT_EQ(g[tor].index, topo.host(13).rack);
  EXPECT_EQ(g[0].kind, NodeKind::core);
  EXPECT_EQ(boost::out_degree(0, g), 2u);  // one link per zone
}

TEST(Topology, Validation) {
  const HostTypeSpec type = small_host();
  auto spec = [&] { return make_uniform_topology("r", {"a", "b"}, 1, 2, type, kNic, kUplink, kInterZone); };

  TopologySpec no_zone = spec();
  no_zone.zones.clear();
  EXPECT_THROW(Topology{no_zone}, std::invalid_argument);

  TopologySpec duplicate_host = spec();
  duplicate_host.zones[1].racks[0].hosts[0].first = "a-r00-h01";
  EXPECT_THROW(Topology{duplicate_host}, std::invalid_argument);

  TopologySpec host_named_like_zone = spec();
  host_named_like_zone.zones[1].racks[0].hosts[0].first = "a";
  EXPECT_THROW(Topology{host_named_like_zone}, std::invalid_argument);

  TopologySpec host_named_like_switch = spec();
  host_named_like_switch.zones[1].racks[0].hosts[0].first = "a-spine";
  EXPECT_THROW(Topology{host_named_like_switch}, std::invalid_argument);

  TopologySpec duplicate_rack = spec();
  duplicate_rack.zones[1].racks[0].name = "a-r00";
  EXPECT_THROW(Topology{duplicate_rack}, std::invalid_argument);

  TopologySpec duplicate_zone = spec();
  duplicate_zone.zones[1].name = "a";
  EXPECT_THROW(Topology{duplicate_zone}, std::invalid_argument);

  TopologySpec bad_type = spec();
  bad_type.zones[0].racks[0].hosts[1].second = 1;
  EXPECT_THROW(Topology{bad_type}, std::invalid_argument);

  TopologySpec no_cores = spec();
  no_cores.host_types[0].cores = 0;
  EXPECT_THROW(Topology{no_cores}, std::invalid_argument);

  TopologySpec dead_link = spec();
  dead_link.rack_uplink.bandwidth = 0;
  EXPECT_THROW(Topology{dead_link}, std::invalid_argument);

  TopologySpec power_inverted = spec();
  power_inverted.host_types[0].power = PowerSpec{200, 100};
  EXPECT_THROW(Topology{power_inverted}, std::invalid_argument);

  EXPECT_NO_THROW(Topology{spec()});
}

}  // namespace
}  // namespace stratus::sim
