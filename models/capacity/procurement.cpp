#include "models/capacity/procurement.hpp"

#include <algorithm>

namespace stratus::models {

namespace {

bool at_least(const Resources& have, const Resources& need) {
  return have.vcpus >= need.vcpus && have.memory_bytes >= need.memory_bytes &&
         have.storage_bytes >= need.storage_bytes;
}

/// Whether capacity per zone covers the need (with the loss of any one zone, if asked).
bool covered(const std::vector<Resources>& zones, const Resources& need, double headroom,
             bool static_stability) {
  Resources total;
  for (const Resources& z : zones)
    total += z;
  if (!static_stability) return at_least(total * (1.0 - headroom), need);
  for (const Resources& lost : zones)
    if (!at_least((total - lost) * (1.0 - headroom), need)) return false;
  return true;
}

class NoProcurement final : public ProcurementPolicy {
 public:
  std::vector<RackRequest> review(const ProcurementView&) const override { return {}; }
};

/// Orders when the forecast peak would eat into the headroom before a rack ordered at the
/// next review could serve.
class ForecastHeadroom final : public ProcurementPolicy {
 public:
  explicit ForecastHeadroom(const ProcurementSpec& spec) : spec_(spec) {}
  std::vector<RackRequest> review(const ProcurementView& view) const override {
    const std::vector<int> add =
        racks_to_cover(view.zones, view.rack, view.forecast_peak, spec_.headroom, spec_.static_stability);
    std::vector<RackRequest> out;
    for (std::size_t z = 0; z < add.size(); ++z)
      if (add[z] > 0) {
        RackRequest r;
        r.zone = static_cast<std::uint32_t>(z);
        r.racks = add[z];
        out.push_back(r);
      }
    return out;
  }

 private:
  ProcurementSpec spec_;
};

}  // namespace

std::vector<int> racks_to_cover(const std::vector<ZoneCapacityView>& zones, const Resources& rack,
                                const Resources& wanted, double headroom, bool static_stability,
                                int max_racks) {
  std::vector<int> add(zones.size(), 0);
  // A dimension racks do not provide cannot be bought: it is not asked for.
  Resources need = wanted;
  if (rack.vcpus <= 0) need.vcpus = 0;
  if (rack.memory_bytes <= 0) need.memory_bytes = 0;
  if (rack.storage_bytes <= 0) need.storage_bytes = 0;
  std::vector<Resources> cap;
  for (const ZoneCapacityView& z : zones)
    cap.push_back(z.installed + z.on_order);
  if (zones.empty() || (static_stability && zones.size() < 2)) return add;
  for (int n = 0; n < max_racks && !covered(cap, need, headroom, static_stability); ++n) {
    const auto smallest =
        std::min_element(cap.begin(), cap.end(),
                         [](const Resources& a, const Resources& b) { return a.vcpus < b.vcpus; }) -
        cap.begin();
    cap[smallest] += rack;
    ++add[smallest];
  }
  return add;
}

const ProcurementRegistry& procurement_policies() {
  static const ProcurementRegistry registry = [] {
    ProcurementRegistry r("procurement policy");
    r.add("none", "never orders: the platform's racks are all there is",
          [](const ProcurementSpec&) { return std::make_unique<NoProcurement>(); });
    r.add("forecast-headroom",
          "each review, orders racks when the forecast peak until a next order could serve exceeds the "
          "capacity serving and on order, less the headroom",
          [](const ProcurementSpec& s) { return std::make_unique<ForecastHeadroom>(s); });
    return r;
  }();
  return registry;
}

}  // namespace stratus::models
