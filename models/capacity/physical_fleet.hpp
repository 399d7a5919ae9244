#pragma once
// The on-premises fleet: per availability zone, the platform's racks at the start plus the
// racks bought since, installed or still on their way. It knows hardware, power and money,
// not services: what is installed (cores, memory, disk), what a new rack adds, the power
// drawn at a utilisation, and what the racks cost month by month (straight-line write-off).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "models/capacity/capacity_spec.hpp"
#include "models/capacity/resources.hpp"
#include "sim/topology.hpp"

namespace stratus::models {

/// One purchase: racks ordered into a zone, delivered after the lead time, serving once
/// installed.
struct RackPurchase {
  double ordered_s = 0.0;
  double delivered_s = 0.0;
  double installed_s = 0.0;
  std::uint32_t zone = 0;
  int racks = 0;
  double cost_usd = 0.0;
  bool in_service = false;
};

/// Hardware totals of a set of hosts.
struct HostTotals {
  long long hosts = 0;
  int racks = 0;
  double cores = 0.0;
  Resources resources;  // vCPUs (cores × overcommit), memory, disk
  double idle_w = 0.0, peak_w = 0.0;
  HostTotals& operator+=(const HostTotals& o);
};

class PhysicalFleet {
 public:
  PhysicalFleet(const sim::TopologySpec& topology, double cpu_overcommit, const CapacitySpec& spec);

  std::size_t zone_count() const { return zones_.size(); }
  const std::string& zone_name(std::uint32_t zone) const { return zone_names_[zone]; }

  /// Serving now, per zone and over the region.
  const HostTotals& installed(std::uint32_t zone) const { return zones_[zone]; }
  HostTotals installed() const;
  /// Ordered and not yet serving (on the way or being installed).
  HostTotals on_order(std::uint32_t zone) const;
  /// One rack of the rack model.
  const HostTotals& rack() const { return rack_; }
  /// Power the zone's racks (serving and on order) draw at their peak, with the PUE: what
  /// the building's power budget is checked against.
  double provisioned_power_w(std::uint32_t zone) const;

  /// Orders `racks` into `zone` at `now`; returns the purchase as recorded.
  const RackPurchase& order(double now, std::uint32_t zone, int racks);
  /// Puts into service every purchase installed by `now`; returns their indexes.
  std::vector<std::size_t> install_due(double now);
  const std::vector<RackPurchase>& purchases() const { return purchases_; }

  /// Facility power (W) when every serving host runs at `utilisation` of its cores:
  /// Σ hosts (idle + (peak − idle) · u) × PUE.
  double power_w(double utilisation) const;

  /// Capital of month `month` (0 = the run's first): each rack written off in equal parts
  /// over its amortisation months, starting with the month it entered service (the
  /// platform's own racks at month 0 when they are amortised, else not at all).
  /// `install_month` maps a purchase's installation time to its month.
  template <class MonthOf>
  double capital_in_month(int month, MonthOf install_month) const;

 private:
  HostTotals totals_of_hosts(std::size_t type, long long count) const;

  const CapacitySpec& spec_;
  const sim::TopologySpec& topology_;
  double overcommit_;
  std::vector<std::string> zone_names_;
  std::vector<HostTotals> zones_;
  HostTotals rack_;
  int existing_racks_ = 0;
  std::vector<RackPurchase> purchases_;
};

template <class MonthOf>
double PhysicalFleet::capital_in_month(int month, MonthOf install_month) const {
  const int months =
      std::max(1, static_cast<int>(std::lround(spec_.rack.amortisation_s / (365.2425 * 86400.0 / 12))));
  const double per_rack = spec_.rack.price_usd / months;
  double sum = 0.0;
  if (spec_.amortise_existing && month < months) sum += per_rack * existing_racks_;
  for (const RackPurchase& p : purchases_) {
    if (!p.in_service) continue;
    const int first = install_month(p.installed_s);
    if (month >= first && month < first + months) sum += per_rack * p.racks;
  }
  return sum;
}

}  // namespace stratus::models
