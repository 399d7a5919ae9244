#pragma once
// The `capacity:` block of a scenario, resolved to SI units: an on-premises fleet of racks
// that grows by purchases, the resources each service needs per unit of demand, the policy
// that orders racks, and the cloud the plan is compared with. Plain data; the planner
// (models/capacity/capacity_planner.hpp) runs it under the fluid fidelity.
#include <cstddef>
#include <limits>
#include <map>
#include <string>

namespace stratus::models {

/// What one service needs per unit of demand, beyond the CPU its `work` says.
struct ResourceProfile {
  double memory_per_rps_bytes = 0.0;       // working set per request/s of λ
  double storage_per_request_bytes = 0.0;  // kept for `storage_retention`
  double storage_retention_s = 0.0;        // 0: kept for ever
};

/// A rack as it is bought: hosts of one platform host type, a price written off in equal
/// monthly parts, and the time from delivery to serving.
struct RackModel {
  std::size_t host_type = 0;  // index into the platform's host types
  int hosts = 1;
  double price_usd = 0.0;
  double amortisation_s = 5 * 365.2425 * 86400.0;  // straight line, whole months
  double install_s = 0.0;
};

/// Each availability zone is one datacenter building with these limits.
struct DatacenterLimits {
  double pue = 1.0;                                                 // facility power / IT power
  double price_per_kwh = 0.0;                                       // USD
  double power_budget_w = std::numeric_limits<double>::infinity();  // per zone, at the hosts' peak × PUE
  int max_racks = std::numeric_limits<int>::max();                  // per zone
};

struct ProcurementSpec {
  std::string policy = "none";  // the procurement registry's name
  double review_period_s = 7 * 86400.0;
  double lead_time_s = 12 * 7 * 86400.0;  // from order to delivery
  double headroom = 0.0;                  // share of capacity kept free of the forecast peak
  enum class Forecast { plan, trend };
  Forecast forecast = Forecast::plan;    // plan: the scenario's own λ(t); trend: fit on history
  double trend_window_s = 90 * 86400.0;  // trend: the history the line is fitted on
  double budget_per_year_usd = std::numeric_limits<double>::infinity();  // orders per calendar year
  bool static_stability = false;  // survive the loss of any one zone at the peak
};

struct CloudMarketShare {
  double share = 0.0;
  double discount = 0.0;
};

/// The same demand served by right-sized cloud instances, for comparison.
struct CloudComparisonSpec {
  bool enabled = false;
  std::string instance_type;
  CloudMarketShare reserved;  // share of the month's peak instances, paid all month
  CloudMarketShare spot;      // share of the instance-hours above the reserved instances
};

struct CapacitySpec {
  bool enabled = false;
  double target_utilisation = 0.7;  // of the vCPUs and memory a service is sized to
  RackModel rack;
  DatacenterLimits datacenter;
  bool amortise_existing = false;  // the platform's racks: sunk (false) or bought at the start
  ProcurementSpec procurement;
  CloudComparisonSpec cloud;
  std::map<std::string, ResourceProfile> profiles;  // by service name; absent: CPU only
};

}  // namespace stratus::models
