#include "models/placement.hpp"

#include <algorithm>
#include <numeric>

namespace stratus::models {

namespace {

bool zone_allowed(const PlacementRequest& r, std::uint32_t zone) {
  return r.allowed_zones.empty() ||
         std::find(r.allowed_zones.begin(), r.allowed_zones.end(), zone) != r.allowed_zones.end();
}

/// A fleet restricted to some zones cannot use the global indexes: scan the allowed hosts.
/// `better(a, b)` says whether candidate a beats b.
template <class Better>
std::optional<HostId> scan_allowed(const PlacementRequest& r, const CapacityIndex& c, Better better) {
  std::optional<HostId> best;
  for (HostId h = 0; h < c.host_count(); ++h)
    if (zone_allowed(r, c.zone_of(h)) && c.fits(h, r.demand) && (!best || better(h, *best))) best = h;
  return best;
}

class FirstFit final : public PlacementPolicy {
 public:
  std::optional<HostId> choose(const PlacementRequest& r, const CapacityIndex& c) const override {
    if (r.allowed_zones.empty()) return c.first_fit(r.demand);
    return scan_allowed(r, c, [](HostId, HostId) { return false; });
  }
};

class BestFit final : public PlacementPolicy {
 public:
  std::optional<HostId> choose(const PlacementRequest& r, const CapacityIndex& c) const override {
    if (r.allowed_zones.empty()) return c.best_fit(r.demand);
    return scan_allowed(r, c, [&](HostId a, HostId b) { return c.free(a).vcpus < c.free(b).vcpus; });
  }
};

/// Spreads a fleet evenly over availability zones (the zone holding fewest of its instances
/// first), and within a zone onto the emptiest host, so that one host, rack or zone failure
/// takes as small a share of the fleet as possible.
class Spread final : public PlacementPolicy {
 public:
  std::optional<HostId> choose(const PlacementRequest& r, const CapacityIndex& c) const override {
    std::vector<std::uint32_t> zones(c.zone_count());
    std::iota(zones.begin(), zones.end(), 0u);
    auto count = [&](std::uint32_t z) { return z < r.fleet_per_zone.size() ? r.fleet_per_zone[z] : 0u; };
    std::stable_sort(zones.begin(), zones.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return count(a) < count(b); });
    for (std::uint32_t z : zones) {
      if (!zone_allowed(r, z)) continue;
      if (auto h = c.emptiest_in_zone(z, r.demand)) return h;
    }
    return std::nullopt;
  }
};

}  // namespace

const PlacementRegistry& placement_policies() {
  static const PlacementRegistry registry = [] {
    PlacementRegistry r("placement policy");
    r.add("first-fit", "the lowest-numbered host with room (packs hosts in order)",
          [] { return std::make_unique<FirstFit>(); });
    r.add("best-fit", "the host left with the least free vCPUs (packs tightly)",
          [] { return std::make_unique<BestFit>(); });
    r.add("spread", "the zone with fewest of the fleet's instances, then its emptiest host",
          [] { return std::make_unique<Spread>(); });
    return r;
  }();
  return registry;
}

}  // namespace stratus::models
