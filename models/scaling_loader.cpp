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

}  // namespace

void read_service_scaling(const ConfigNode& node, ServiceSpec& service) {
  FleetScalingSpec& s = service.scaling;
  if (!node.present() || node.is_null()) {
    s.min_capacity = s.max_capacity = s.desired = service.instances;
    return;
  }
  node.expect_keys({"min", "max", "desired", "boot_time", "warmup", "health_check", "deregistration_delay",
                    "termination_policy", "metrics", "policies"});
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
  const ConfigNode hc = node["health_check"];
  if (hc.present()) {
    hc.expect_keys({"interval", "healthy_threshold"});
    s.health_check.interval_s = read_duration(hc["interval"], 30.0);
    s.health_check.healthy_threshold = read_count(hc["healthy_threshold"], 5);
  }
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
