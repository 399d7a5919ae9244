#include "models/scaling_loader.hpp"

#include <map>

#include "models/autoscaling/policy.hpp"
#include "sim/distribution_config.hpp"

namespace stratus::models {

namespace {

using sim::ConfigNode;
using sim::Quantity;

int read_count(const ConfigNode& node, int fallback) {
  const long long v = node.integer_or(fallback);
  if (node.present() && v < 0) node.error("'" + node.key() + "' must not be negative");
  return static_cast<int>(v);
}

double read_duration(const ConfigNode& node, double fallback) {
  const double v = node.quantity_or(Quantity::duration, fallback);
  if (node.present() && v < 0) node.error("'" + node.key() + "' must not be negative");
  return v;
}

void read_policies(const ConfigNode& node, ServiceSpec& service) {
  if (!node.present()) return;
  if (!node.is_sequence()) {
    node.error("'policies' must be a list of policies, each a map with a 'policy' key");
    return;
  }
  const auto& registry = autoscaling::scaling_policies();
  for (const ConfigNode& p : node.items()) {
    if (!p.is_map()) {
      p.error("a scaling policy must be a map with a 'policy' key");
      continue;
    }
    if (!p["policy"].require()) continue;
    const std::string name = p["policy"].as_choice(registry.what(), registry.names(), "");
    if (name.empty()) continue;
    // Building the policy once reads and checks every key of its block, so a scenario with a
    // bad policy parameter fails at load time with the parameter's position.
    registry.create(name, p);
    service.policy_names.push_back(name);
    service.policy_configs.push_back(p);
  }
}

void read_spot(const ConfigNode& node, SpotSpec& spot) {
  if (!node.present() || node.is_null()) return;
  node.expect_keys({"on_demand_base", "on_demand_share", "discount", "interruptions", "notice",
                    "capacity_rebalance", "replacement"});
  spot.enabled = true;
  spot.on_demand_base = read_count(node["on_demand_base"], 0);
  spot.on_demand_share = node["on_demand_share"].quantity_or(Quantity::fraction, 0.0);
  if (spot.on_demand_share < 0 || spot.on_demand_share > 1)
    node["on_demand_share"].error("'on_demand_share' must be between 0 and 100%");
  spot.discount = node["discount"].quantity_or(Quantity::fraction, 0.7);
  if (spot.discount < 0 || spot.discount >= 1) node["discount"].error("'discount' must be in [0, 100%)");
  // The interruption rate per spot instance: "1/d" (one a day on average) or "5%/h" is not a
  // rate; a rate quantity is events per second.
  spot.interruption_rate_per_s = node["interruptions"].quantity_or(Quantity::rate, 0.0);
  if (spot.interruption_rate_per_s < 0) node["interruptions"].error("'interruptions' must not be negative");
  spot.notice_s = read_duration(node["notice"], 120.0);
  spot.capacity_rebalance = node["capacity_rebalance"].bool_or(true);
  spot.replace_on_demand =
      node["replacement"].choice_or("spot replacement", {"on-demand", "spot"}, "spot") == "on-demand";
}

}  // namespace

void read_health_check(const ConfigNode& hc, HealthCheckSpec& spec) {
  if (!hc.present() || hc.is_null()) return;
  hc.expect_keys({"interval", "healthy_threshold", "unhealthy_threshold"});
  spec.interval_s = read_duration(hc["interval"], 30.0);
  if (!(spec.interval_s > 0)) hc["interval"].error("'interval' must be positive");
  spec.healthy_threshold = read_count(hc["healthy_threshold"], 5);
  spec.unhealthy_threshold = read_count(hc["unhealthy_threshold"], 2);
  if (spec.unhealthy_threshold < 1)
    hc["unhealthy_threshold"].error("'unhealthy_threshold' must be at least 1");
}

void read_service_scaling(const ConfigNode& node, ServiceSpec& service) {
  FleetScalingSpec& s = service.scaling;
  if (!node.present() || node.is_null()) {
    s.min_capacity = s.max_capacity = s.desired = service.instances;
    return;
  }
  node.expect_keys({"min", "max", "desired", "boot_time", "warmup", "health_check", "deregistration_delay",
                    "termination_policy", "metrics", "policies", "spot"});
  s.enabled = true;
  if (node["min"].require()) s.min_capacity = read_count(node["min"], 1);
  if (node["max"].require()) s.max_capacity = read_count(node["max"], 1);
  if (s.max_capacity < 1) node["max"].error("'max' must be at least 1");
  if (s.min_capacity > s.max_capacity)
    node["min"].error("'min' (" + std::to_string(s.min_capacity) + ") must not exceed 'max' (" +
                      std::to_string(s.max_capacity) + ")");
  s.desired = read_count(node["desired"], s.min_capacity);
  if (node["desired"].present() && (s.desired < s.min_capacity || s.desired > s.max_capacity))
    node["desired"].error("'desired' must be between 'min' and 'max'");
  s.boot_time =
      sim::read_distribution(node["boot_time"], Quantity::duration, sim::Distribution::constant(60.0));
  s.warmup_s = read_duration(node["warmup"], 300.0);
  read_health_check(node["health_check"], s.health_check);
  s.deregistration_delay_s = read_duration(node["deregistration_delay"], 300.0);
  static const std::map<std::string, TerminationPolicy> terminations = {
      {"balance", TerminationPolicy::balance},
      {"oldest", TerminationPolicy::oldest},
      {"newest", TerminationPolicy::newest}};
  s.termination = terminations.at(
      node["termination_policy"].choice_or("termination policy", {"balance", "newest", "oldest"}, "balance"));
  const ConfigNode m = node["metrics"];
  if (m.present()) {
    m.expect_keys({"resolution", "publication_delay", "retention"});
    s.metric_resolution_s = read_duration(m["resolution"], 15.0);
    if (!(s.metric_resolution_s > 0)) m["resolution"].error("'resolution' must be positive");
    s.publication_delay_s = read_duration(m["publication_delay"], 60.0);
    s.metric_retention_s = read_duration(m["retention"], 3 * 3600.0);
  }
  read_policies(node["policies"], service);
  read_spot(node["spot"], s.spot);
  // The fleet's positions are its maximum; `instances` is the fixed-fleet form.
  service.instances = s.desired;
}

std::vector<VariantSpec> read_variants(const ConfigNode& node) {
  std::vector<VariantSpec> variants;
  if (!node.present()) return variants;
  if (!node.is_sequence()) {
    node.error("'variants' must be a list of variants, each a map with 'name' and 'set' or 'params'");
    return variants;
  }
  std::map<std::string, int> seen;
  for (const ConfigNode& v : node.items()) {
    v.expect_keys({"name", "description", "set", "params"});
    VariantSpec variant;
    if (v["name"].require()) variant.name = v["name"].as_string();
    if (!variant.name.empty() && seen[variant.name]++ > 0)
      v["name"].error("duplicate variant name '" + variant.name + "'");
    if (variant.name.find_first_of("/\\ ") != std::string::npos)
      v["name"].error("variant name '" + variant.name + "' is used as a folder name: no spaces or slashes");
    variant.description = v["description"].string_or("");
    for (const char* key : {"set", "params"}) {
      const ConfigNode overrides = v[key];
      if (!overrides.present()) continue;
      if (!overrides.is_map()) {
        overrides.error(std::string("'") + key + "' must be a map of " +
                        (key == std::string("set") ? "paths" : "parameter names") + " to values");
        continue;
      }
      auto& out = key == std::string("set") ? variant.sets : variant.params;
      for (const std::string& k : overrides.keys())
        out.push_back(
            sim::KeyValue{k, overrides[k].is_scalar() ? overrides[k].scalar() : overrides[k].to_flow_yaml()});
    }
    variants.push_back(std::move(variant));
  }
  return variants;
}

}  // namespace stratus::models
