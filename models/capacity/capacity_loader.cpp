#include "models/capacity/capacity_loader.hpp"

#include <cmath>
#include <vector>

#include "models/capacity/procurement.hpp"
#include "sim/units.hpp"

namespace stratus::models {

namespace {

using sim::ConfigNode;
using sim::Quantity;

double non_negative(const ConfigNode& node, Quantity q, double fallback) {
  const double v = node.quantity_or(q, fallback);
  if (node.present() && v < 0) node.error("'" + node.key() + "' must not be negative");
  return v;
}

double positive(const ConfigNode& node, Quantity q, double fallback) {
  const double v = node.quantity_or(q, fallback);
  if (node.present() && !(v > 0)) node.error("'" + node.key() + "' must be positive");
  return v;
}

/// A share in [0, 1): 60% or 0.6.
double share(const ConfigNode& node, double fallback, bool may_be_one) {
  const double v = node.quantity_or(Quantity::fraction, fallback);
  if (node.present() && (v < 0 || v > 1 || (!may_be_one && v >= 1)))
    node.error("'" + node.key() + "' must be between 0 and " + (may_be_one ? "100%" : "100% (excluded)"));
  return v;
}

void read_rack(const ConfigNode& node, const ScenarioSpec& spec, RackModel& rack) {
  if (!node.require()) return;
  node.expect_keys({"host_type", "hosts", "price", "amortisation", "install"});
  std::vector<std::string> types;
  for (const auto& t : spec.topology.host_types)
    types.push_back(t.name);
  if (node["host_type"].require() && !types.empty()) {
    const std::string name = node["host_type"].as_choice("host type", types, types.front());
    for (std::size_t i = 0; i < types.size(); ++i)
      if (types[i] == name) rack.host_type = i;
  }
  if (node["hosts"].require()) {
    const long long n = node["hosts"].as_integer(1);
    if (n < 1) node["hosts"].error("'hosts' must be at least 1, got " + std::to_string(n));
    rack.hosts = static_cast<int>(std::max(1LL, n));
  }
  if (node["price"].require()) rack.price_usd = non_negative(node["price"], Quantity::money, 0.0);
  rack.amortisation_s = positive(node["amortisation"], Quantity::duration, rack.amortisation_s);
  rack.install_s = non_negative(node["install"], Quantity::duration, 0.0);
}

void read_datacenter(const ConfigNode& node, DatacenterLimits& dc) {
  if (!node.present()) return;
  node.expect_keys({"pue", "price_per_kwh", "power", "racks"});
  dc.pue = node["pue"].number_or(1.0);
  if (node["pue"].present() && dc.pue < 1.0)
    node["pue"].error("'pue' must be at least 1 (facility ≥ IT power)");
  dc.price_per_kwh = non_negative(node["price_per_kwh"], Quantity::money, 0.0);
  dc.power_budget_w = positive(node["power"], Quantity::power, dc.power_budget_w);
  if (node["racks"].present()) {
    const long long n = node["racks"].as_integer(0);
    if (n < 1) node["racks"].error("'racks' must be at least 1, got " + std::to_string(n));
    dc.max_racks = static_cast<int>(std::clamp(n, 1LL, 1000000000LL));
  }
}

void read_procurement(const ConfigNode& node, const ScenarioSpec& spec, ProcurementSpec& p) {
  if (!node.present()) return;
  node.expect_keys({"policy", "review", "lead_time", "headroom", "forecast", "trend_window",
                    "budget_per_year", "static_stability"});
  p.policy = node["policy"].choice_or(procurement_policies().what(), procurement_policies().names(), "none");
  p.review_period_s = positive(node["review"], Quantity::duration, p.review_period_s);
  p.lead_time_s = non_negative(node["lead_time"], Quantity::duration, p.lead_time_s);
  p.headroom = share(node["headroom"], 0.0, false);
  p.forecast = node["forecast"].choice_or("forecast", {"plan", "trend"}, "plan") == "trend"
                   ? ProcurementSpec::Forecast::trend
                   : ProcurementSpec::Forecast::plan;
  p.trend_window_s = positive(node["trend_window"], Quantity::duration, p.trend_window_s);
  p.budget_per_year_usd = non_negative(node["budget_per_year"], Quantity::money, p.budget_per_year_usd);
  p.static_stability = node["static_stability"].bool_or(false);
  if (p.static_stability && spec.topology.zones.size() < 2)
    node["static_stability"].error(
        "'static_stability' needs at least two zones to survive the loss of one, got " +
        std::to_string(spec.topology.zones.size()));
}

void read_market(const ConfigNode& node, CloudMarketShare& m) {
  if (!node.present()) return;
  node.expect_keys({"share", "discount"});
  m.share = share(node["share"], 0.0, true);
  m.discount = share(node["discount"], 0.0, false);
}

void read_cloud(const ConfigNode& node, const ScenarioSpec& spec, CloudComparisonSpec& cloud) {
  if (!node.present() || node.is_null()) return;
  node.expect_keys({"instance_type", "reserved", "spot"});
  cloud.enabled = true;
  std::vector<std::string> types;
  for (const auto& [name, t] : spec.instance_types)
    types.push_back(name);
  if (node["instance_type"].require())
    cloud.instance_type = node["instance_type"].as_choice("instance type", types, "");
  if (cloud.instance_type.empty() || spec.instance_types.count(cloud.instance_type) == 0)
    cloud.enabled = false;
  read_market(node["reserved"], cloud.reserved);
  // The shares are of different wholes (the peak count, the hours above the reserved
  // instances), so any pair of them is valid.
  read_market(node["spot"], cloud.spot);
}

}  // namespace

void read_service_profile(const ConfigNode& node, const std::string& service, CapacitySpec& capacity) {
  if (!node.present() || node.is_null()) return;
  node.expect_keys({"memory_per_rps", "storage_per_request", "storage_retention"});
  ResourceProfile p;
  p.memory_per_rps_bytes = non_negative(node["memory_per_rps"], Quantity::data_size, 0.0);
  p.storage_per_request_bytes = non_negative(node["storage_per_request"], Quantity::data_size, 0.0);
  p.storage_retention_s = non_negative(node["storage_retention"], Quantity::duration, 0.0);
  capacity.profiles[service] = p;
}

void read_capacity(const ConfigNode& node, ScenarioSpec& spec) {
  if (!node.present() || node.is_null()) return;
  if (!node.is_map()) {
    node.error("'capacity' must be a map with keys such as 'rack', 'datacenter' and 'procurement'");
    return;
  }
  node.expect_keys({"target_utilisation", "rack", "existing_racks", "datacenter", "procurement", "cloud"});
  CapacitySpec& c = spec.capacity;
  c.enabled = true;
  if (spec.simulation.fidelity != SimulationSpec::Fidelity::fluid)
    node.error(
        "capacity planning runs over months and years under the fluid fidelity: set "
        "'simulation.fidelity: fluid'");
  c.target_utilisation = node["target_utilisation"].quantity_or(Quantity::fraction, 0.7);
  if (!(c.target_utilisation > 0 && c.target_utilisation <= 1))
    node["target_utilisation"].error("'target_utilisation' must be above 0 and at most 100%");
  read_rack(node["rack"], spec, c.rack);
  c.amortise_existing =
      node["existing_racks"].choice_or("existing racks", {"amortised", "sunk"}, "sunk") == "amortised";
  read_datacenter(node["datacenter"], c.datacenter);
  read_procurement(node["procurement"], spec, c.procurement);
  read_cloud(node["cloud"], spec, c.cloud);
}

}  // namespace stratus::models
