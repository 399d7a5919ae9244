#include "sim/topology.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>

namespace stratus::sim {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// Zero-padded to at least two digits and to as many as the largest index needs, so that
// generated names sort in index order ("r007" .. "r150").
std::string padded(int value, int count) {
  int width = 2;
  for (int n = count - 1; n >= 100; n /= 10)
    ++width;
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width)
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  return digits;
}

const char* level_name(DomainLevel level) {
  switch (level) {
    case DomainLevel::host:
      return "host";
    case DomainLevel::rack:
      return "rack";
    case DomainLevel::zone:
      return "zone";
    case DomainLevel::region:
      return "region";
  }
  return "domain";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// The (up to) three known names closest to `wanted`, closest first, for error messages.
std::string nearest_names(std::string_view wanted, const std::vector<std::string>& known) {
  std::vector<std::pair<std::size_t, const std::string*>> ranked;
  ranked.reserve(known.size());
  for (const auto& name : known)
    ranked.emplace_back(edit_distance(wanted, name), &name);
  const std::size_t keep = std::min<std::size_t>(3, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(),
                    [](const auto& x, const auto& y) {
                      return std::tie(x.first, *x.second) < std::tie(y.first, *y.second);
                    });
  std::string out;
  for (std::size_t i = 0; i < keep; ++i)
    out += (i == 0 ? "" : ", ") + *ranked[i].second;
  return out;
}

void check_link(const LinkSpec& link, const char* what) {
  if (!(link.bandwidth > 0) || !std::isfinite(link.bandwidth))
    throw std::invalid_argument(std::string(what) + " bandwidth must be positive and finite, got " +
                                number(link.bandwidth));
  if (!(link.latency >= 0) || !std::isfinite(link.latency))
    throw std::invalid_argument(std::string(what) + " latency must be >= 0 and finite, got " +
                                number(link.latency));
}

// Records the BFS tree from the core: for each newly discovered vertex, the link it was reached
// through and its parent.
struct TreeRecorder : boost::default_bfs_visitor {
  std::vector<std::size_t>* parent_link;
  std::vector<TopologyGraph::vertex_descriptor>* parent;
  std::vector<std::uint32_t>* depth;
  void tree_edge(TopologyGraph::edge_descriptor e, const TopologyGraph& g) const {
    const auto from = boost::source(e, g), to = boost::target(e, g);
    (*parent_link)[to] = g[e].id;
    (*parent)[to] = from;
    (*depth)[to] = (*depth)[from] + 1;
  }
};

// Edge filter for the graph with some links down. Boost's filter iterators default-construct
// their predicate, hence pointers rather than a capturing lambda.
struct LinkUp {
  const TopologyGraph* graph = nullptr;
  const std::vector<bool>* down = nullptr;
  bool operator()(TopologyGraph::edge_descriptor e) const { return !(*down)[(*graph)[e].id]; }
};

}  // namespace

TopologySpec make_uniform_topology(std::string region, std::vector<std::string> zone_names,
                                   int racks_per_zone, int hosts_per_rack, HostTypeSpec type,
                                   LinkSpec host_link, LinkSpec rack_uplink, LinkSpec inter_zone) {
  if (racks_per_zone < 0 || hosts_per_rack < 0)
    throw std::invalid_argument("make_uniform_topology: racks_per_zone and hosts_per_rack must be >= 0");
  TopologySpec spec;
  spec.region = std::move(region);
  spec.host_types.push_back(std::move(type));
  spec.host_link = host_link;
  spec.rack_uplink = rack_uplink;
  spec.inter_zone = inter_zone;
  spec.zones.reserve(zone_names.size());
  for (auto& zone_name : zone_names) {
    ZoneSpec zone;
    zone.name = std::move(zone_name);
    zone.racks.reserve(static_cast<std::size_t>(racks_per_zone));
    for (int r = 0; r < racks_per_zone; ++r) {
      RackSpec rack;
      rack.name = zone.name + "-r" + padded(r, racks_per_zone);
      rack.hosts.reserve(static_cast<std::size_t>(hosts_per_rack));
      for (int h = 0; h < hosts_per_rack; ++h)
        rack.hosts.emplace_back(rack.name + "-h" + padded(h, hosts_per_rack), 0);
      zone.racks.push_back(std::move(rack));
    }
    spec.zones.push_back(std::move(zone));
  }
  return spec;
}

Topology::Topology(TopologySpec spec) : spec_(std::move(spec)) {
  if (spec_.zones.empty())
    throw std::invalid_argument("topology '" + spec_.region + "' has no availability zone");
  validate_numbers();

  std::size_t rack_total = 0, host_total = 0;
  for (const auto& zone : spec_.zones) {
    rack_total += zone.racks.size();
    for (const auto& rack : zone.racks)
      host_total += rack.hosts.size();
  }
  // HostIndex and rack/zone numbers are 32-bit, and vertex ids add the switches on top.
  if (host_total + rack_total + spec_.zones.size() + 1 > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("topology is too large: " + std::to_string(host_total) + " hosts");

  zones_.reserve(spec_.zones.size());
  racks_.reserve(rack_total);
  hosts_.reserve(host_total);
  for (const auto& zone : spec_.zones) {
    const auto z = static_cast<std::uint32_t>(zones_.size());
    ZoneInfo zone_info{zone.name,
                       zone.name + "-spine",
                       static_cast<std::uint32_t>(racks_.size()),
                       static_cast<std::uint32_t>(zone.racks.size()),
                       static_cast<std::uint32_t>(hosts_.size()),
                       0};
    for (const auto& rack : zone.racks) {
      const auto r = static_cast<std::uint32_t>(racks_.size());
      racks_.push_back(RackInfo{rack.name, rack.name + "-tor", z, static_cast<std::uint32_t>(hosts_.size()),
                                static_cast<std::uint32_t>(rack.hosts.size())});
      for (const auto& [host_name, type] : rack.hosts) {
        if (type >= spec_.host_types.size())
          throw std::invalid_argument("host '" + host_name + "' has host type index " + std::to_string(type) +
                                      ", but only " + std::to_string(spec_.host_types.size()) +
                                      " host type(s) are declared");
        hosts_.push_back(HostInfo{host_name, r, z, type});
      }
    }
    zone_info.host_count = static_cast<std::uint32_t>(hosts_.size()) - zone_info.first_host;
    zones_.push_back(std::move(zone_info));
  }
  host_order_.resize(hosts_.size());
  std::iota(host_order_.begin(), host_order_.end(), HostIndex{0});

  // One namespace for every name: SimGrid refuses a host, router or netzone named like another.
  std::unordered_map<std::string_view, std::string> owner;
  owner.reserve(1 + 2 * (zones_.size() + racks_.size()) + hosts_.size());
  auto claim = [&owner](std::string_view name, std::string what) {
    if (name.empty()) throw std::invalid_argument(what + " has an empty name");
    const auto [it, inserted] = owner.emplace(name, what);
    if (!inserted)
      throw std::invalid_argument("name '" + std::string(name) + "' is used twice: by " + it->second +
                                  " and by " + what);
  };
  const std::string core = core_name();
  claim(spec_.region, "the region");
  claim(core, "the region core switch");
  for (const auto& zone : zones_) {
    claim(zone.name, "zone '" + zone.name + "'");
    claim(zone.spine, "the spine switch of zone '" + zone.name + "'");
  }
  for (const auto& rack : racks_) {
    claim(rack.name, "rack '" + rack.name + "'");
    claim(rack.tor, "the top-of-rack switch of rack '" + rack.name + "'");
  }
  for (const auto& host : hosts_)
    claim(host.name, "host '" + host.name + "'");

  host_by_name_.reserve(hosts_.size());
  for (std::uint32_t i = 0; i < hosts_.size(); ++i)
    host_by_name_.emplace(hosts_[i].name, i);
  for (std::uint32_t i = 0; i < racks_.size(); ++i)
    rack_by_name_.emplace(racks_[i].name, i);
  for (std::uint32_t i = 0; i < zones_.size(); ++i)
    zone_by_name_.emplace(zones_[i].name, i);

  build_graph();
}

void Topology::validate_numbers() const {
  for (const auto& type : spec_.host_types) {
    const std::string what = "host type '" + type.name + "': ";
    if (type.cores < 1)
      throw std::invalid_argument(what + "cores must be >= 1, got " + std::to_string(type.cores));
    if (!(type.core_speed > 0) || !std::isfinite(type.core_speed))
      throw std::invalid_argument(what + "core_speed must be positive and finite, got " +
                                  number(type.core_speed));
    if (!(type.memory_bytes >= 0) || !std::isfinite(type.memory_bytes))
      throw std::invalid_argument(what + "memory_bytes must be >= 0, got " + number(type.memory_bytes));
    if (!(type.power.idle_watts >= 0) || !std::isfinite(type.power.idle_watts) ||
        !(type.power.peak_watts >= type.power.idle_watts) || !std::isfinite(type.power.peak_watts))
      throw std::invalid_argument(what + "power needs 0 <= idle <= peak, got idle " +
                                  number(type.power.idle_watts) + " W, peak " +
                                  number(type.power.peak_watts) + " W");
    if (type.disk) {
      const DiskSpec& disk = *type.disk;
      if (!(disk.read_bps > 0) || !(disk.write_bps > 0) || !std::isfinite(disk.read_bps) ||
          !std::isfinite(disk.write_bps))
        throw std::invalid_argument(what + "disk bandwidths must be positive and finite");
      if (!(disk.capacity_bytes >= 0)) throw std::invalid_argument(what + "disk capacity must be >= 0");
    }
  }
  check_link(spec_.host_link, "host_link");
  check_link(spec_.rack_uplink, "rack_uplink");
  check_link(spec_.inter_zone, "inter_zone");
}

void Topology::build_graph() {
  const std::size_t zone_n = zones_.size(), rack_n = racks_.size(), host_n = hosts_.size();
  graph_ = TopologyGraph(1 + zone_n + rack_n + host_n);
  graph_[0] = TopologyNode{NodeKind::core, 0};
  for (std::uint32_t z = 0; z < zone_n; ++z)
    graph_[1 + z] = TopologyNode{NodeKind::spine, z};
  for (std::uint32_t r = 0; r < rack_n; ++r)
    graph_[1 + zone_n + r] = TopologyNode{NodeKind::tor, r};
  for (HostIndex h = 0; h < host_n; ++h)
    graph_[vertex_of_host(h)] = TopologyNode{NodeKind::host, h};

  links_.reserve(host_n + rack_n + zone_n);
  auto connect = [this](std::size_t a, std::size_t b, LinkKind kind, std::uint32_t index,
                        const LinkSpec& spec) {
    TopologyLink link{kind, index, links_.size(), spec.bandwidth, spec.latency};
    boost::add_edge(a, b, link, graph_);
    links_.push_back(link);
  };
  for (HostIndex h = 0; h < host_n; ++h)
    connect(vertex_of_host(h), 1 + zone_n + hosts_[h].rack, LinkKind::host_link, h, spec_.host_link);
  for (std::uint32_t r = 0; r < rack_n; ++r)
    connect(1 + zone_n + r, 1 + racks_[r].zone, LinkKind::rack_uplink, r, spec_.rack_uplink);
  for (std::uint32_t z = 0; z < zone_n; ++z)
    connect(1 + z, 0, LinkKind::inter_zone, z, spec_.inter_zone);

  // Leaf-spine with one spine per zone is a tree, so the BFS tree from the core holds every
  // edge and the unique path between two vertices runs through their lowest common ancestor.
  const std::size_t vertex_n = boost::num_vertices(graph_);
  parent_link_.assign(vertex_n, 0);
  parent_.assign(vertex_n, 0);
  depth_.assign(vertex_n, 0);
  TreeRecorder recorder;
  recorder.parent_link = &parent_link_;
  recorder.parent = &parent_;
  recorder.depth = &depth_;
  boost::breadth_first_search(graph_, boost::vertex(0, graph_), boost::visitor(recorder));
}

// --- Accessors -------------------------------------------------------------------------------

HostIndex Topology::checked_host(HostIndex h) const {
  if (h >= hosts_.size())
    throw std::out_of_range("host index " + std::to_string(h) + " out of range (" +
                            std::to_string(hosts_.size()) + " hosts)");
  return h;
}

std::uint32_t Topology::checked_rack(std::uint32_t rack) const {
  if (rack >= racks_.size())
    throw std::out_of_range("rack index " + std::to_string(rack) + " out of range (" +
                            std::to_string(racks_.size()) + " racks)");
  return rack;
}

std::uint32_t Topology::checked_zone(std::uint32_t zone) const {
  if (zone >= zones_.size())
    throw std::out_of_range("zone index " + std::to_string(zone) + " out of range (" +
                            std::to_string(zones_.size()) + " zones)");
  return zone;
}

const HostInfo& Topology::host(HostIndex h) const {
  return hosts_[checked_host(h)];
}

const HostTypeSpec& Topology::host_type(HostIndex h) const {
  return spec_.host_types[host(h).type];
}

HostIndex Topology::host_index(std::string_view name) const {
  return lookup(host_by_name_, DomainLevel::host, name);
}

const std::string& Topology::zone_name(std::uint32_t zone) const {
  return zones_[checked_zone(zone)].name;
}

const std::string& Topology::rack_name(std::uint32_t rack) const {
  return racks_[checked_rack(rack)].name;
}

std::uint32_t Topology::rack_zone(std::uint32_t rack) const {
  return racks_[checked_rack(rack)].zone;
}

const std::string& Topology::spine_name(std::uint32_t zone) const {
  return zones_[checked_zone(zone)].spine;
}

const std::string& Topology::tor_name(std::uint32_t rack) const {
  return racks_[checked_rack(rack)].tor;
}

std::span<const HostIndex> Topology::hosts_in_rack(std::uint32_t rack) const {
  const RackInfo& info = racks_[checked_rack(rack)];
  return std::span<const HostIndex>(host_order_).subspan(info.first_host, info.host_count);
}

std::span<const HostIndex> Topology::hosts_in_zone(std::uint32_t zone) const {
  const ZoneInfo& info = zones_[checked_zone(zone)];
  return std::span<const HostIndex>(host_order_).subspan(info.first_host, info.host_count);
}

TopologyGraph::vertex_descriptor Topology::vertex_of_host(HostIndex h) const {
  return 1 + zones_.size() + racks_.size() + checked_host(h);
}

// --- Failure domains -------------------------------------------------------------------------

std::uint32_t Topology::lookup(const NameIndex& index, DomainLevel level, std::string_view name) const {
  if (const auto it = index.find(name); it != index.end()) return it->second;
  throw std::invalid_argument("unknown " + std::string(level_name(level)) + " '" + std::string(name) +
                              "'; nearest: " + nearest_names(name, domain_names(level)));
}

std::vector<HostIndex> Topology::hosts_in_domain(DomainLevel level, std::string_view domain_name) const {
  std::span<const HostIndex> hosts;
  switch (level) {
    case DomainLevel::host:
      return {lookup(host_by_name_, level, domain_name)};
    case DomainLevel::rack:
      hosts = hosts_in_rack(lookup(rack_by_name_, level, domain_name));
      break;
    case DomainLevel::zone:
      hosts = hosts_in_zone(lookup(zone_by_name_, level, domain_name));
      break;
    case DomainLevel::region:
      if (domain_name != spec_.region)
        throw std::invalid_argument("unknown region '" + std::string(domain_name) +
                                    "'; nearest: " + spec_.region);
      hosts = host_order_;
      break;
  }
  return {hosts.begin(), hosts.end()};
}

std::string Topology::domain_of(HostIndex h, DomainLevel level) const {
  const HostInfo& info = host(h);
  switch (level) {
    case DomainLevel::host:
      return info.name;
    case DomainLevel::rack:
      return racks_[info.rack].name;
    case DomainLevel::zone:
      return zones_[info.zone].name;
    case DomainLevel::region:
      break;
  }
  return spec_.region;
}

bool Topology::share_domain(HostIndex a, HostIndex b, DomainLevel level) const {
  const HostInfo& x = host(a);
  const HostInfo& y = host(b);
  switch (level) {
    case DomainLevel::host:
      return a == b;
    case DomainLevel::rack:
      return x.rack == y.rack;
    case DomainLevel::zone:
      return x.zone == y.zone;
    case DomainLevel::region:
      break;
  }
  return true;
}

std::vector<std::string> Topology::domain_names(DomainLevel level) const {
  std::vector<std::string> names;
  switch (level) {
    case DomainLevel::host:
      names.reserve(hosts_.size());
      for (const auto& h : hosts_)
        names.push_back(h.name);
      break;
    case DomainLevel::rack:
      names.reserve(racks_.size());
      for (const auto& r : racks_)
        names.push_back(r.name);
      break;
    case DomainLevel::zone:
      names.reserve(zones_.size());
      for (const auto& z : zones_)
        names.push_back(z.name);
      break;
    case DomainLevel::region:
      names.push_back(spec_.region);
      break;
  }
  return names;
}

// --- Links and paths -------------------------------------------------------------------------

const TopologyLink& Topology::link(std::size_t link_id) const {
  if (link_id >= links_.size())
    throw std::out_of_range("link id " + std::to_string(link_id) + " out of range (" +
                            std::to_string(links_.size()) + " links)");
  return links_[link_id];
}

std::size_t Topology::host_link(HostIndex h) const {
  return checked_host(h);
}

std::size_t Topology::rack_uplink(std::uint32_t rack) const {
  return hosts_.size() + checked_rack(rack);
}

std::size_t Topology::inter_zone_link(std::uint32_t zone) const {
  return hosts_.size() + racks_.size() + checked_zone(zone);
}

std::string Topology::link_name(std::size_t link_id) const {
  const TopologyLink& l = link(link_id);
  switch (l.kind) {
    case LinkKind::host_link:
      return hosts_[l.index].name + "-nic";
    case LinkKind::rack_uplink:
      return racks_[l.index].tor + "-uplink";
    case LinkKind::inter_zone:
      break;
  }
  return zones_[l.index].spine + "-uplink";
}

Topology::Path Topology::path(HostIndex a, HostIndex b) const {
  auto from = vertex_of_host(a), to = vertex_of_host(b);
  // Climb from the deeper end until both meet at their lowest common ancestor.
  std::vector<std::size_t> up, down;
  while (from != to) {
    if (depth_[from] >= depth_[to]) {
      up.push_back(parent_link_[from]);
      from = parent_[from];
    } else {
      down.push_back(parent_link_[to]);
      to = parent_[to];
    }
  }
  Path p;
  p.links = std::move(up);
  p.links.insert(p.links.end(), down.rbegin(), down.rend());
  p.bottleneck_bandwidth = kInfinity;
  for (const std::size_t id : p.links) {
    p.latency += links_[id].latency;
    p.bottleneck_bandwidth = std::min(p.bottleneck_bandwidth, links_[id].bandwidth);
  }
  return p;
}

bool Topology::connected(HostIndex a, HostIndex b, const std::vector<std::size_t>& cut_links) const {
  for (const std::size_t id : cut_links)
    link(id);  // reject unknown ids even when off the path
  // In a tree the path is the only one: a and b are cut apart iff one of its links is down.
  const Path p = path(a, b);
  return std::none_of(p.links.begin(), p.links.end(), [&cut_links](std::size_t id) {
    return std::find(cut_links.begin(), cut_links.end(), id) != cut_links.end();
  });
}

std::vector<std::uint32_t> Topology::components(const std::vector<std::size_t>& cut_links) const {
  std::vector<bool> down(links_.size(), false);
  for (const std::size_t id : cut_links) {
    link(id);
    down[id] = true;
  }
  const boost::filtered_graph<TopologyGraph, LinkUp> remaining(graph_, LinkUp{&graph_, &down});
  std::vector<std::uint32_t> label(boost::num_vertices(graph_));
  boost::connected_components(remaining, label.data());
  const std::size_t first_host = 1 + zones_.size() + racks_.size();
  return {label.begin() + static_cast<std::ptrdiff_t>(first_host), label.end()};
}

}  // namespace stratus::sim
