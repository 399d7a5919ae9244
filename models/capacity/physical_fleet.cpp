#include "models/capacity/physical_fleet.hpp"

namespace stratus::models {

HostTotals& HostTotals::operator+=(const HostTotals& o) {
  hosts += o.hosts;
  racks += o.racks;
  cores += o.cores;
  resources += o.resources;
  idle_w += o.idle_w;
  peak_w += o.peak_w;
  return *this;
}

PhysicalFleet::PhysicalFleet(const sim::TopologySpec& topology, double cpu_overcommit,
                             const CapacitySpec& spec)
    : spec_(spec), topology_(topology), overcommit_(cpu_overcommit) {
  for (const sim::ZoneSpec& z : topology.zones) {
    zone_names_.push_back(z.name);
    HostTotals totals;
    for (const sim::RackSpec& r : z.racks) {
      ++totals.racks;
      for (const auto& host : r.hosts)
        totals += totals_of_hosts(host.second, 1);
    }
    existing_racks_ += totals.racks;
    zones_.push_back(totals);
  }
  rack_ = totals_of_hosts(spec.rack.host_type, spec.rack.hosts);
  rack_.racks = 1;
}

HostTotals PhysicalFleet::totals_of_hosts(std::size_t type, long long count) const {
  HostTotals t;
  if (type >= topology_.host_types.size()) return t;
  const sim::HostTypeSpec& h = topology_.host_types[type];
  const auto n = static_cast<double>(count);
  t.hosts = count;
  t.cores = h.cores * n;
  t.resources.vcpus = h.cores * overcommit_ * n;
  t.resources.memory_bytes = h.memory_bytes * n;
  t.resources.storage_bytes = h.disk ? h.disk->capacity_bytes * n : 0.0;
  t.idle_w = h.power.idle_watts * n;
  t.peak_w = h.power.peak_watts * n;
  return t;
}

HostTotals PhysicalFleet::installed() const {
  HostTotals sum;
  for (const HostTotals& z : zones_)
    sum += z;
  return sum;
}

HostTotals PhysicalFleet::on_order(std::uint32_t zone) const {
  HostTotals sum;
  for (const RackPurchase& p : purchases_)
    if (!p.in_service && p.zone == zone)
      for (int i = 0; i < p.racks; ++i)
        sum += rack_;
  return sum;
}

double PhysicalFleet::provisioned_power_w(std::uint32_t zone) const {
  return (zones_[zone].peak_w + on_order(zone).peak_w) * spec_.datacenter.pue;
}

const RackPurchase& PhysicalFleet::order(double now, std::uint32_t zone, int racks) {
  RackPurchase p;
  p.ordered_s = now;
  p.delivered_s = now + spec_.procurement.lead_time_s;
  p.installed_s = p.delivered_s + spec_.rack.install_s;
  p.zone = zone;
  p.racks = racks;
  p.cost_usd = racks * spec_.rack.price_usd;
  purchases_.push_back(p);
  return purchases_.back();
}

std::vector<std::size_t> PhysicalFleet::install_due(double now) {
  std::vector<std::size_t> done;
  for (std::size_t i = 0; i < purchases_.size(); ++i) {
    RackPurchase& p = purchases_[i];
    if (p.in_service || p.installed_s > now) continue;
    p.in_service = true;
    for (int r = 0; r < p.racks; ++r)
      zones_[p.zone] += rack_;
    done.push_back(i);
  }
  return done;
}

double PhysicalFleet::power_w(double utilisation) const {
  const HostTotals all = installed();
  return (all.idle_w + (all.peak_w - all.idle_w) * utilisation) * spec_.datacenter.pue;
}

}  // namespace stratus::models
