#pragma once
// The physical structure of one datacenter region: availability zones of racks of hosts, wired
// leaf-spine (host NIC -> top-of-rack switch -> the zone's spine -> the region core). It answers
// the questions experiments ask of that structure without a simulation: which hosts fail
// together (failure domains), which links a transfer crosses and what that costs, and which
// hosts a cut of links separates. Platform turns it into SimGrid resources.
//
// Nothing here knows about instances, fleets or prices: only hardware and wiring.

#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace stratus::sim {

// ---------------------------------------------------------------------------------------------
// The spec: plain data, as a scenario file or a generator writes it.

struct PowerSpec {
  double idle_watts = 0, peak_watts = 0;  // whole machine, all cores idle / all cores busy
};

struct DiskSpec {
  double read_bps = 0, write_bps = 0, capacity_bytes = 0;
};

struct HostTypeSpec {
  std::string name;
  int cores = 1;
  double core_speed = 1e9;  // flop/s per core
  double memory_bytes = 0;
  PowerSpec power;
  std::optional<DiskSpec> disk;
};

struct LinkSpec {
  double bandwidth = 1.25e9;  // bytes/s, each direction (links are full duplex)
  double latency = 0;         // s
};

struct RackSpec {
  std::string name;
  std::vector<std::pair<std::string /*host name*/, std::size_t /*host type index*/>> hosts;
};

struct ZoneSpec {
  std::string name;
  std::vector<RackSpec> racks;
};

struct TopologySpec {
  std::string region = "region";
  std::vector<HostTypeSpec> host_types;
  std::vector<ZoneSpec> zones;
  LinkSpec host_link;    // host NIC <-> top-of-rack switch
  LinkSpec rack_uplink;  // top-of-rack switch <-> the zone's spine
  LinkSpec inter_zone;   // spine <-> region core
};

// Zones named `zone_names`, each with `racks_per_zone` racks of `hosts_per_rack` hosts of one
// type. Names are "<zone>-rNN" and "<zone>-rNN-hMM", zero-padded to at least two digits (more
// when the count needs it, so that names sort in index order): "az-a-r03-h07".
// Throws std::invalid_argument for negative counts.
TopologySpec make_uniform_topology(std::string region, std::vector<std::string> zone_names,
                                   int racks_per_zone, int hosts_per_rack, HostTypeSpec type,
                                   LinkSpec host_link, LinkSpec rack_uplink, LinkSpec inter_zone);

// ---------------------------------------------------------------------------------------------
// The built topology.

enum class DomainLevel { host, rack, zone, region };

using HostIndex = std::uint32_t;  // dense 0..host_count()-1 in spec order

struct HostInfo {
  std::string name;
  std::uint32_t rack, zone;  // rack indexes are dense over the region, in spec order
  std::size_t type;          // index into spec().host_types
};

// Graph vertices and edges. Vertex and link numbering is fixed (see Topology), so that code
// holding a HostIndex, a rack or a zone can name its vertex or link without a lookup.
enum class NodeKind { core, spine, tor, host };
enum class LinkKind { host_link, rack_uplink, inter_zone };

struct TopologyNode {
  NodeKind kind = NodeKind::core;
  std::uint32_t index = 0;  // zone for a spine, rack for a ToR, HostIndex for a host, 0 for the core
};

struct TopologyLink {
  LinkKind kind = LinkKind::host_link;
  std::uint32_t index = 0;  // HostIndex for a NIC link, rack for an uplink, zone for an inter-zone link
  std::size_t id = 0;       // the link id used throughout (Path::links, Platform::link)
  double bandwidth = 0;     // bytes/s
  double latency = 0;       // s
};

using TopologyGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, TopologyNode, TopologyLink>;

class Topology {
 public:
  // Validates the spec; throws std::invalid_argument when a name is empty or used twice (names
  // of the region, zones, racks, hosts and of the derived switches share one namespace, as
  // SimGrid's netpoints do), a host's type index is unknown, there is no zone, or a number is
  // out of range (cores < 1, speeds, bandwidths <= 0, latencies or power < 0, peak < idle).
  explicit Topology(TopologySpec spec);

  std::size_t host_count() const { return hosts_.size(); }
  const HostInfo& host(HostIndex h) const;
  const HostTypeSpec& host_type(HostIndex h) const;
  // std::invalid_argument when no host has that name.
  HostIndex host_index(std::string_view name) const;

  std::size_t zone_count() const { return zones_.size(); }
  std::size_t rack_count() const { return racks_.size(); }
  const std::string& zone_name(std::uint32_t zone) const;
  const std::string& rack_name(std::uint32_t rack) const;
  std::uint32_t rack_zone(std::uint32_t rack) const;
  const std::string& region_name() const { return spec_.region; }
  std::span<const HostIndex> hosts_in_rack(std::uint32_t rack) const;
  std::span<const HostIndex> hosts_in_zone(std::uint32_t zone) const;

  // --- Failure domains, for correlated-failure experiments: which hosts go down together. ---
  // The hosts of the named host, rack, zone or region. An unknown name throws
  // std::invalid_argument listing the nearest known names of that level.
  std::vector<HostIndex> hosts_in_domain(DomainLevel level, std::string_view domain_name) const;
  std::string domain_of(HostIndex h, DomainLevel level) const;
  bool share_domain(HostIndex a, HostIndex b, DomainLevel level) const;
  std::vector<std::string> domain_names(DomainLevel level) const;

  // --- Network paths. ---
  // links: link ids from a to b. Empty for a == b (latency 0, bottleneck +infinity: the
  // transfer never leaves the host).
  struct Path {
    std::vector<std::size_t> links;
    double latency = 0;               // s, sum over the links
    double bottleneck_bandwidth = 0;  // bytes/s, minimum over the links
  };
  // The shortest path on the graph (leaf-spine is a tree, so it is the only one).
  Path path(HostIndex a, HostIndex b) const;
  // Whether a and b still reach each other once every link in cut_links is down.
  bool connected(HostIndex a, HostIndex b, const std::vector<std::size_t>& cut_links) const;
  // For partitions: a component label per host once cut_links are down; two hosts can talk iff
  // their labels are equal. One graph traversal for any number of pairs.
  std::vector<std::uint32_t> components(const std::vector<std::size_t>& cut_links) const;

  // --- Links. Ids are dense: NIC links first (id = HostIndex), then rack uplinks (by rack),
  // then inter-zone links (by zone). ---
  std::size_t link_count() const { return links_.size(); }
  const TopologyLink& link(std::size_t link_id) const;
  std::size_t host_link(HostIndex h) const;
  std::size_t rack_uplink(std::uint32_t rack) const;
  std::size_t inter_zone_link(std::uint32_t zone) const;  // the zone's spine <-> core link
  // "<host>-nic", "<rack>-tor-uplink", "<zone>-spine-uplink".
  std::string link_name(std::size_t link_id) const;

  // --- Switches. The region core, one spine per zone, one ToR per rack. ---
  std::string core_name() const { return spec_.region + "-core"; }
  const std::string& spine_name(std::uint32_t zone) const;  // "<zone>-spine"
  const std::string& tor_name(std::uint32_t rack) const;    // "<rack>-tor"

  // --- The graph. Vertices: 0 is the core, then the spines (1 + zone), the ToRs
  // (1 + zone_count + rack), the hosts (1 + zone_count + rack_count + HostIndex). Each edge's
  // bundle is the TopologyLink of the same id, and edges are inserted in id order. ---
  const TopologyGraph& graph() const { return graph_; }
  TopologyGraph::vertex_descriptor vertex_of_host(HostIndex h) const;
  const TopologySpec& spec() const { return spec_; }

 private:
  struct RackInfo {
    std::string name, tor;
    std::uint32_t zone;
    std::uint32_t first_host, host_count;
  };
  struct ZoneInfo {
    std::string name, spine;
    std::uint32_t first_rack, rack_count;
    std::uint32_t first_host, host_count;
  };
  // Transparent, so that lookups by string_view do not allocate.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using NameIndex = std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>>;

  void validate_numbers() const;
  void build_graph();
  HostIndex checked_host(HostIndex h) const;
  std::uint32_t checked_rack(std::uint32_t rack) const;
  std::uint32_t checked_zone(std::uint32_t zone) const;
  std::uint32_t lookup(const NameIndex& index, DomainLevel level, std::string_view name) const;

  TopologySpec spec_;
  std::vector<HostInfo> hosts_;
  std::vector<RackInfo> racks_;
  std::vector<ZoneInfo> zones_;
  std::vector<HostIndex> host_order_;  // 0..n-1: hosts of a rack or zone are a contiguous slice
  NameIndex host_by_name_, rack_by_name_, zone_by_name_;

  TopologyGraph graph_;
  std::vector<TopologyLink> links_;
  // The graph as a tree rooted at the core (found by BFS): each vertex's parent link and depth.
  std::vector<std::size_t> parent_link_;
  std::vector<TopologyGraph::vertex_descriptor> parent_;
  std::vector<std::uint32_t> depth_;
};

}  // namespace stratus::sim
