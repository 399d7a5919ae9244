#pragma once
// Procurement policies: every review period the planner shows a policy a read-only view of
// the fleet (per zone: serving and on order) and the forecast peak need until a rack ordered
// at the next review could serve; the policy says how many racks to order into which zone.
// Caps (budget, space, power) are the planner's business: it refuses what does not fit.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/capacity/capacity_spec.hpp"
#include "models/capacity/resources.hpp"
#include "sim/registry.hpp"

namespace stratus::models {

struct ZoneCapacityView {
  std::string name;
  Resources installed;
  Resources on_order;
};

struct ProcurementView {
  double now_s = 0.0;
  std::vector<ZoneCapacityView> zones;
  Resources rack;           // what one more rack adds
  Resources forecast_peak;  // the need (sized at the target utilisation) to cover
};

struct RackRequest {
  std::uint32_t zone = 0;
  int racks = 0;
};

class ProcurementPolicy {
 public:
  virtual ~ProcurementPolicy() = default;
  virtual std::vector<RackRequest> review(const ProcurementView& view) const = 0;
};

using ProcurementRegistry = sim::Registry<ProcurementPolicy, const ProcurementSpec&>;

/// none, forecast-headroom.
const ProcurementRegistry& procurement_policies();

/// Racks to add per zone so that the zones' capacity (serving + on order + added), less a
/// `headroom` share, covers `need`; with `static_stability`, so that it still does once any
/// one zone is lost (the sum over the other zones). Each rack goes to the zone that has the
/// least vCPUs (ties: the first), which for equal zones provisions need × Z / (Z − 1) spread
/// evenly (validation README §6). Stops after `max_racks` racks in all (a need the rack
/// model cannot meet: a dimension it does not provide).
std::vector<int> racks_to_cover(const std::vector<ZoneCapacityView>& zones, const Resources& rack,
                                const Resources& need, double headroom, bool static_stability,
                                int max_racks = 100000);

}  // namespace stratus::models
