#include "sim/platform.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <simgrid/kernel/routing/NetPoint.hpp>
#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/s4u/Disk.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <stdexcept>
#include <unordered_map>

namespace sg4 = simgrid::s4u;
namespace routing = simgrid::kernel::routing;

namespace stratus::sim {

namespace detail {

// The routing of one availability zone: a two-level tree (hosts -> ToR -> spine) whose routes
// follow from each netpoint's rack and NIC in O(1), with no per-source state. SimGrid asks a
// zone for routes between its own netpoints only (hosts, slices, ToRs, the spine as the
// gateway to other zones), through get_local_route.
class LeafSpineZone final : public routing::NetZoneImpl {
 public:
  explicit LeafSpineZone(const std::string& name) : NetZoneImpl(name) {}

  // Every netpoint created in this zone registers here first (NetPoint::set_englobing_zone),
  // which numbers it; the add_* calls below then say what it is.
  unsigned long add_component(routing::NetPoint* elm) override {
    const unsigned long id = NetZoneImpl::add_component(elm);
    if (nodes_.size() <= id) nodes_.resize(id + 1);
    return id;
  }

  void set_loopback(sg4::Link* loopback) { loopback_ = directed(loopback); }

  void add_spine(routing::NetPoint* spine) {
    spine_ = spine;
    node(spine) = Node{Role::spine, 0, 0};
  }

  std::uint32_t add_rack(routing::NetPoint* tor, const sg4::SplitDuplexLink* uplink) {
    const auto rack = static_cast<std::uint32_t>(racks_.size());
    racks_.push_back(Rack{tor, duplex(uplink)});
    node(tor) = Node{Role::tor, rack, 0};
    return rack;
  }

  std::uint32_t add_physical_host(const sg4::Host* host, std::uint32_t rack, const sg4::SplitDuplexLink* nic,
                                  HostIndex index) {
    const auto attachment = static_cast<std::uint32_t>(attachments_.size());
    attachments_.push_back(Attachment{duplex(nic), rack, index});
    node(host->get_netpoint()) = Node{Role::host, rack, attachment};
    return attachment;
  }

  // A slice shares its machine's attachment: same rack, same NIC, same physical index.
  void add_slice(const sg4::Host* slice, std::uint32_t attachment) {
    node(slice->get_netpoint()) = Node{Role::host, attachments_[attachment].rack, attachment};
  }

  std::optional<HostIndex> physical_of(const routing::NetPoint* point) const {
    if (point->get_englobing_zone() != this || point->id() >= nodes_.size()) return std::nullopt;
    const Node& n = nodes_[point->id()];
    if (n.role != Role::host) return std::nullopt;
    return attachments_[n.attachment].physical;
  }

  void get_local_route(const routing::NetPoint* src, const routing::NetPoint* dst, routing::Route* route,
                       double* latency) override {
    const Node& s = checked_node(src);
    const Node& d = checked_node(dst);
    auto add = [route, latency](const DirectedLink& link) {
      route->link_list_.push_back(link.impl);
      if (latency != nullptr) *latency += link.iface->get_latency();
    };
    // Traffic that stays on one machine never reaches the NIC; SimGrid's own zones route a host
    // to itself through the network model's loopback, and so do we.
    if (s.role == Role::host && d.role == Role::host && s.attachment == d.attachment) {
      add(loopback_);
      return;
    }
    if (src == dst) return;  // a switch to itself
    const bool same_rack = s.role != Role::spine && d.role != Role::spine && s.rack == d.rack;
    if (s.role == Role::host) add(attachments_[s.attachment].nic.up);
    if (!same_rack) {
      if (s.role != Role::spine) add(racks_[s.rack].uplink.up);
      if (d.role != Role::spine) add(racks_[d.rack].uplink.down);
    }
    if (d.role == Role::host) add(attachments_[d.attachment].nic.down);
  }

  // For SimGrid's topology export (tracing): the tree's edges. The default asks for the route
  // between every pair of netpoints, quadratic in hosts.
  void get_graph(const s_xbt_graph_t* graph, std::map<std::string, xbt_node_t, std::less<>>* nodes,
                 std::map<std::string, xbt_edge_t, std::less<>>* edges) override {
    auto hop = [&](const std::string& from, const DirectedLink& link, const std::string& to) {
      xbt_node_t a = new_xbt_graph_node(graph, from.c_str(), nodes);
      xbt_node_t l = new_xbt_graph_node(graph, link.iface->get_cname(), nodes);
      xbt_node_t b = new_xbt_graph_node(graph, to.c_str(), nodes);
      new_xbt_graph_edge(graph, a, l, edges);
      new_xbt_graph_edge(graph, l, b, edges);
    };
    const std::vector<routing::NetPoint*> points = get_vertices();
    for (std::size_t id = 0; id < points.size() && id < nodes_.size(); ++id) {
      const Node& n = nodes_[id];
      if (n.role == Role::host) {
        const Attachment& a = attachments_[n.attachment];
        hop(points[id]->get_name(), a.nic.up, racks_[n.rack].tor->get_name());
        hop(racks_[n.rack].tor->get_name(), a.nic.down, points[id]->get_name());
      } else if (n.role == Role::tor && spine_ != nullptr) {
        hop(points[id]->get_name(), racks_[n.rack].uplink.up, spine_->get_name());
        hop(spine_->get_name(), racks_[n.rack].uplink.down, points[id]->get_name());
      }
    }
  }

 private:
  enum class Role : std::uint8_t { unknown, spine, tor, host };
  struct Node {
    Role role = Role::unknown;
    std::uint32_t rack = 0;        // for ToRs and hosts
    std::uint32_t attachment = 0;  // for hosts
  };
  struct DirectedLink {
    sg4::Link* iface = nullptr;  // for the latency, which may change during the run
    simgrid::kernel::resource::StandardLinkImpl* impl = nullptr;
  };
  struct Duplex {
    DirectedLink up, down;  // up: towards the core
  };
  struct Rack {
    routing::NetPoint* tor;
    Duplex uplink;
  };
  struct Attachment {
    Duplex nic;
    std::uint32_t rack;
    HostIndex physical;
  };

  static DirectedLink directed(sg4::Link* link) { return DirectedLink{link, link->get_impl()}; }
  static Duplex duplex(const sg4::SplitDuplexLink* link) {
    return Duplex{directed(link->get_link_up()), directed(link->get_link_down())};
  }

  Node& node(const routing::NetPoint* point) { return nodes_.at(point->id()); }

  const Node& checked_node(const routing::NetPoint* point) const {
    if (point->get_englobing_zone() == this && point->id() < nodes_.size() &&
        nodes_[point->id()].role != Role::unknown)
      return nodes_[point->id()];
    throw std::invalid_argument("zone '" + get_name() + "' has no route for '" + point->get_name() +
                                "': only its hosts, slices and switches are routed");
  }

  std::vector<Node> nodes_;  // by NetPoint::id()
  std::vector<Rack> racks_;
  std::vector<Attachment> attachments_;
  routing::NetPoint* spine_ = nullptr;
  DirectedLink loopback_;
};

}  // namespace detail

namespace {

// Shortest text that reads back to the same double (SimGrid parses properties with strtod),
// without an exponent in the usual range, so that 64 GB reads "64000000000".
std::string format_number(double value) {
  char buffer[64];
  const auto format = std::fabs(value) < 1e18 ? std::chars_format::fixed : std::chars_format::general;
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  return std::string(buffer, result.ptr);
}

sg4::SplitDuplexLink* make_link(sg4::NetZone* zone, const std::string& name, const TopologyLink& spec) {
  sg4::SplitDuplexLink* link = zone->create_split_duplex_link(name, spec.bandwidth);
  link->set_latency(spec.latency);
  link->seal();
  return link;
}

// With a platform root created by someone else, our names may already be taken; SimGrid would
// abort (or silently replace a link) instead of reporting it.
void check_names_free(const sg4::Engine& engine, const Topology& topology) {
  auto check_point = [&engine](const std::string& name) {
    if (engine.netpoint_by_name_or_null(name) != nullptr)
      throw std::invalid_argument("cannot build the platform: '" + name +
                                  "' already names a SimGrid host, router or netzone");
  };
  check_point(topology.region_name());
  for (std::uint32_t z = 0; z < topology.zone_count(); ++z) {
    check_point(topology.zone_name(z));
    check_point(topology.spine_name(z));
  }
  for (std::uint32_t r = 0; r < topology.rack_count(); ++r)
    check_point(topology.tor_name(r));
  for (HostIndex h = 0; h < topology.host_count(); ++h)
    check_point(topology.host(h).name);
  for (std::size_t id = 0; id < topology.link_count(); ++id) {
    const std::string name = topology.link_name(id);
    for (const char* suffix : {"", "_UP", "_DOWN"})
      if (engine.link_by_name_or_null(name + suffix) != nullptr)
        throw std::invalid_argument("cannot build the platform: link '" + name + suffix + "' already exists");
  }
}

}  // namespace

Platform::Platform(const Topology& topology) : topology_(topology) {
  if (!sg4::Engine::has_instance())
    throw std::logic_error("Platform needs a simgrid::s4u::Engine: create (and configure) it first");
  sg4::Engine* engine = sg4::Engine::get_instance();
  sg4::NetZone* root = engine->get_netzone_root();
  if (root != nullptr) check_names_free(*engine, topology);

  // The first netzone becomes the root and instantiates SimGrid's models.
  region_ = sg4::create_full_zone(topology.region_name());
  if (root != nullptr) region_->set_parent(root);
  sg4::Link* loopback = engine->link_by_name("__loopback__");  // the network model's own

  const std::size_t host_n = topology.host_count();
  hosts_.resize(host_n);
  disks_.resize(host_n, nullptr);
  attachment_.resize(host_n);
  links_.resize(topology.link_count());
  zones_.reserve(topology.zone_count());

  std::vector<routing::NetPoint*> spines;
  for (std::uint32_t z = 0; z < topology.zone_count(); ++z) {
    auto* zone = new detail::LeafSpineZone(topology.zone_name(z));
    sg4::NetZone* iface = zone->get_iface();
    iface->set_parent(region_);  // also hands the zone the region's models
    zone->set_loopback(loopback);
    spines.push_back(iface->create_router(topology.spine_name(z)));
    zone->add_spine(spines.back());
    zones_.push_back(zone);
  }

  for (std::uint32_t r = 0; r < topology.rack_count(); ++r) {
    detail::LeafSpineZone* zone = zones_[topology.rack_zone(r)];
    sg4::NetZone* iface = zone->get_iface();
    const std::size_t uplink_id = topology.rack_uplink(r);
    links_[uplink_id] = make_link(iface, topology.link_name(uplink_id), topology.link(uplink_id));
    const std::uint32_t rack_slot =
        zone->add_rack(iface->create_router(topology.tor_name(r)), links_[uplink_id]);

    for (const HostIndex h : topology.hosts_in_rack(r)) {
      const HostInfo& info = topology.host(h);
      const HostTypeSpec& type = topology.host_type(h);
      sg4::Host* host = iface->create_host(info.name, type.core_speed);
      host->set_core_count(type.cores);
      host->set_properties({{"memory_bytes", format_number(type.memory_bytes)},
                            {"wattage_per_state", format_number(type.power.idle_watts) + ":" +
                                                      format_number(type.power.peak_watts)},
                            {"wattage_off", "0"}});
      const std::size_t nic_id = topology.host_link(h);
      links_[nic_id] = make_link(iface, topology.link_name(nic_id), topology.link(nic_id));
      attachment_[h] = zone->add_physical_host(host, rack_slot, links_[nic_id], h);
      if (type.disk) {
        sg4::Disk* disk = host->create_disk(info.name + "-disk", type.disk->read_bps, type.disk->write_bps);
        // "size" is where SimGrid's file-system plugin reads a disk's capacity.
        disk->set_property("size", format_number(type.disk->capacity_bytes));
        disk->seal();
        disks_[h] = disk;
      }
      hosts_[h] = host;
    }
  }

  // Zone to zone: up through the source spine's link to the core, down the other's.
  for (std::uint32_t z = 0; z < topology.zone_count(); ++z) {
    const std::size_t id = topology.inter_zone_link(z);
    links_[id] = make_link(region_, topology.link_name(id), topology.link(id));
  }
  for (std::uint32_t a = 0; a < topology.zone_count(); ++a) {
    for (std::uint32_t b = a + 1; b < topology.zone_count(); ++b) {
      const std::vector<sg4::LinkInRoute> links{
          sg4::LinkInRoute(links_[topology.inter_zone_link(a)], sg4::LinkInRoute::Direction::UP),
          sg4::LinkInRoute(links_[topology.inter_zone_link(b)], sg4::LinkInRoute::Direction::DOWN)};
      region_->add_route(zones_[a]->get_netpoint(), zones_[b]->get_netpoint(), spines[a], spines[b], links,
                         true);
    }
  }
}

Platform::~Platform() = default;

sg4::Host* Platform::add_slice_host(HostIndex physical, const std::string& name, int cores) {
  if (sealed_) throw std::logic_error("cannot add slice '" + name + "': the platform is sealed");
  const HostInfo& info = topology_.host(physical);
  if (cores < 1)
    throw std::invalid_argument("slice '" + name + "' needs at least one core, got " + std::to_string(cores));
  const sg4::Engine* engine = sg4::Engine::get_instance();
  if (name.empty() || engine->netpoint_by_name_or_null(name) != nullptr ||
      engine->host_by_name_or_null(name) != nullptr)
    throw std::invalid_argument("cannot add slice '" + name + "': the name is empty or already in use");

  const HostTypeSpec& type = topology_.host_type(physical);
  detail::LeafSpineZone* zone = zones_[info.zone];
  sg4::Host* slice = zone->get_iface()->create_host(name, type.core_speed);
  slice->set_core_count(cores);
  const double dynamic_watts = (type.power.peak_watts - type.power.idle_watts) * cores / type.cores;
  slice->set_properties({{"physical_host", info.name},
                         {"wattage_per_state", "0:" + format_number(dynamic_watts)},
                         {"wattage_off", "0"}});
  zone->add_slice(slice, attachment_[physical]);
  ++slice_count_;
  return slice;
}

void Platform::seal() {
  if (sealed_) return;
  region_->seal();  // recursively: the AZ zones, their hosts, disks and links
  sealed_ = true;
}

sg4::Host* Platform::host(HostIndex h) const {
  topology_.host(h);  // range check
  return hosts_[h];
}

sg4::Link* Platform::link(std::size_t link_id) const {
  topology_.link(link_id);  // range check
  return links_[link_id];
}

sg4::Disk* Platform::disk(HostIndex h) const {
  topology_.host(h);  // range check
  return disks_[h];
}

sg4::NetZone* Platform::zone(std::uint32_t zone) const {
  topology_.zone_name(zone);  // range check
  return zones_[zone]->get_iface();
}

HostIndex Platform::index_of(const sg4::Host* host) const {
  if (host != nullptr) {
    const routing::NetPoint* point = host->get_netpoint();
    for (const detail::LeafSpineZone* zone : zones_)
      if (const auto index = zone->physical_of(point)) return *index;
  }
  throw std::invalid_argument("host '" + std::string(host != nullptr ? host->get_name() : "(null)") +
                              "' is not part of this platform");
}

}  // namespace stratus::sim
