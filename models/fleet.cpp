#include "models/fleet.hpp"

#include <algorithm>

#include "models/capacity_index.hpp"
#include "models/placement.hpp"
#include "models/simulation.hpp"

namespace stratus::models {

std::vector<std::vector<InstanceSlot>> place_fleets(const ScenarioSpec& spec, const sim::Topology& topology,
                                                    sim::Platform& platform) {
  std::vector<HostCapacity> hosts(topology.host_count());
  for (sim::HostIndex h = 0; h < topology.host_count(); ++h) {
    const auto& type = topology.host_type(h);
    hosts[h] = HostCapacity{topology.host(h).zone, type.cores * spec.cpu_overcommit, type.memory_bytes};
  }
  CapacityIndex capacity(std::move(hosts), static_cast<std::uint32_t>(topology.zone_count()));

  std::vector<std::vector<InstanceSlot>> fleets;
  for (const auto& service : spec.services) {
    const InstanceType& type = spec.instance_types.at(service.instance_type);
    auto policy = placement_policies().create(service.placement);
    PlacementRequest request;
    request.demand = Demand{static_cast<double>(type.vcpus), type.memory_bytes};
    request.fleet_per_zone.assign(topology.zone_count(), 0);
    for (const auto& zone_name : service.zones)
      for (std::uint32_t z = 0; z < topology.zone_count(); ++z)
        if (topology.zone_name(z) == zone_name) request.allowed_zones.push_back(z);

    // An autoscaled fleet gets a position for every instance it may ever run (its maximum
    // capacity); scaling starts and stops instances on them. When instances can be lost
    // (failures, spot), it also gets spare positions, as many as one zone's share, where
    // replacements go while lost positions are unusable; spares are best effort.
    const int positions = service.scaling.enabled ? service.scaling.max_capacity : service.instances;
    const std::size_t zones_used =
        request.allowed_zones.empty() ? topology.zone_count() : request.allowed_zones.size();
    const bool losses = spec.failures.enabled() || service.scaling.spot.enabled;
    const int spares =
        service.scaling.enabled && losses
            ? static_cast<int>((positions + zones_used - 1) / std::max<std::size_t>(1, zones_used))
            : 0;
    std::vector<InstanceSlot> fleet;
    fleet.reserve(static_cast<std::size_t>(positions + spares));
    for (int k = 0; k < positions + spares; ++k) {
      const auto host = policy->choose(request, capacity);
      if (!host && k >= positions) break;
      if (!host)
        throw ScenarioError("service '" + service.name + "': only " + std::to_string(k) + " of " +
                            std::to_string(positions) + " " + type.name +
                            " instances fit on the platform; add hosts or use a smaller fleet");
      capacity.take(*host, request.demand);
      const std::uint32_t zone = topology.host(*host).zone;
      ++request.fleet_per_zone[zone];
      auto* slice = platform.add_slice_host(*host, service.name + "-" + std::to_string(k), type.vcpus);
      fleet.push_back(InstanceSlot{slice, *host, zone, type.vcpus});
    }
    fleets.push_back(std::move(fleet));
  }
  return fleets;
}

}  // namespace stratus::models
