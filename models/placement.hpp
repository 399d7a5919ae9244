#pragma once
// Placement policies: which physical host receives a new instance. Each policy is a pure
// function of the request and a read-only view of free capacity, so it is easy to test,
// compare and explain.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/capacity_index.hpp"
#include "sim/registry.hpp"

namespace stratus::models {

struct PlacementRequest {
  Demand demand;
  /// How many instances of the same fleet each zone already holds (for spreading).
  std::vector<std::uint32_t> fleet_per_zone;
  /// Zones the fleet may use; empty means all.
  std::vector<std::uint32_t> allowed_zones;
};

class PlacementPolicy {
 public:
  virtual ~PlacementPolicy() = default;
  virtual std::optional<HostId> choose(const PlacementRequest& request,
                                       const CapacityIndex& capacity) const = 0;
};

using PlacementRegistry = sim::Registry<PlacementPolicy>;
/// first-fit, best-fit, spread (and their descriptions).
const PlacementRegistry& placement_policies();

}  // namespace stratus::models
