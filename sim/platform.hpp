#pragma once
// Instantiates a Topology in SimGrid: one netzone per availability zone under a region netzone,
// with hosts, split-duplex links, routers and disks, plus "slice" hosts (instances, sandboxes)
// carved out of the physical hosts.
//
// Why not one netzone per rack, or SimGrid's Dijkstra zone per AZ? SimGrid 3.32 checks name
// uniqueness by searching every netzone, so creation cost grows with zones x hosts; and a
// Dijkstra zone runs Dijkstra over every vertex of the AZ (hosts and slices: tens of thousands)
// for each new source host, then caches a predecessor array as large as the zone per source:
// gigabytes once many slices talk. Leaf-spine routing needs none of that: each AZ is a
// LeafSpineZone (platform.cpp) that resolves a route in O(1) from each netpoint's rack and NIC.
//
// Routes, with every link split-duplex (UP = towards the core):
//   same host or same physical host    SimGrid's loopback (as SimGrid's own zones do)
//   same rack                           nic(a) UP, nic(b) DOWN
//   same zone                           nic(a) UP, uplink(rack a) UP, uplink(rack b) DOWN, nic(b) DOWN
//   other zone                          ... uplink(rack a) UP, inter_zone(a) UP, inter_zone(b) DOWN, ...
// The region netzone (Full routing) holds the inter-zone links and joins the AZ netzones with
// the spines as gateways.
//
// Lifetime: the simgrid::s4u::Engine owns everything created here; the Platform must not be
// used after the Engine is destroyed, and the Topology must outlive the Platform.

#include <simgrid/forward.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/topology.hpp"

namespace stratus::sim {

namespace detail {
class LeafSpineZone;
}

class Platform {
 public:
  // Needs an existing simgrid::s4u::Engine (std::logic_error otherwise), configured before
  // this call: the first netzone created fixes SimGrid's models. The region netzone becomes the
  // platform root, or a child of the root if one already exists. Creates zones, routers, links,
  // physical hosts and their disks; nothing is sealed yet. Throws std::invalid_argument if a
  // name of the topology already names a SimGrid host, router or netzone.
  //
  // Physical hosts get `cores` cores at `core_speed` and the properties "memory_bytes",
  // "wattage_per_state" ("idle:peak", SimGrid 3.32's Idle:AllCores format) and
  // "wattage_off" ("0"), so the host-energy plugin works if enabled.
  explicit Platform(const Topology& topology);
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;
  ~Platform();

  // An extra SimGrid host that is a slice of a physical host (a cloud instance with dedicated
  // vCPUs, a sandbox): its own CPU of `cores` cores at the physical host's core speed, and the
  // same network attachment as the physical host (its traffic crosses the physical host's NIC
  // link; traffic between slices of one machine, or with the machine itself, uses the loopback).
  // For the energy plugin a slice carries the dynamic power of its cores,
  // "0:(peak - idle) * cores / physical cores", while the physical host keeps the idle power:
  // summed over a machine and its slices, power is idle + (peak - idle) * busy cores / cores.
  // Property "physical_host" names the machine.
  // Throws std::logic_error after seal(), std::out_of_range for an unknown host,
  // std::invalid_argument for cores < 1 or a name already in use.
  simgrid::s4u::Host* add_slice_host(HostIndex physical, const std::string& name, int cores);

  // Seals all zones (and so every host, link and disk); no more slices after this.
  void seal();
  bool sealed() const { return sealed_; }

  simgrid::s4u::Host* host(HostIndex h) const;
  // The SimGrid link of a topology link id: a SplitDuplexLink, whose turn_off()/turn_on() act on
  // both directions. SimGrid 3.32 does not forward is_on() to them, so ask
  // get_link_up()->is_on() (or get_link_down()) for the state.
  simgrid::s4u::Link* link(std::size_t link_id) const;
  simgrid::s4u::Disk* disk(HostIndex h) const;  // nullptr when the host type declares none
  // Physical host index of a host of this platform; for slices, their physical host.
  // std::invalid_argument for a host created elsewhere.
  HostIndex index_of(const simgrid::s4u::Host* host) const;

  std::size_t slice_count() const { return slice_count_; }
  const Topology& topology() const { return topology_; }
  simgrid::s4u::NetZone* region_zone() const { return region_; }
  simgrid::s4u::NetZone* zone(std::uint32_t zone) const;

 private:
  const Topology& topology_;
  simgrid::s4u::NetZone* region_ = nullptr;
  std::vector<detail::LeafSpineZone*> zones_;  // owned by SimGrid, destroyed with the Engine
  std::vector<simgrid::s4u::Host*> hosts_;
  std::vector<simgrid::s4u::Disk*> disks_;
  std::vector<simgrid::s4u::SplitDuplexLink*> links_;  // by topology link id
  std::vector<std::uint32_t> attachment_;              // by host: its slot in its LeafSpineZone
  std::size_t slice_count_ = 0;
  bool sealed_ = false;
};

}  // namespace stratus::sim
