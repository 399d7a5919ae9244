#include "models/hybrid_loader.hpp"

#include "models/demand_loader.hpp"
#include "sim/units.hpp"

namespace stratus::models {

using sim::ConfigNode;
using sim::Quantity;

namespace {

std::vector<HybridWindow> read_listed(const ConfigNode& node, double start_epoch_s) {
  std::vector<HybridWindow> windows;
  if (!node.present() || node.is_null()) return windows;
  if (!node.is_sequence()) {
    node.error("'windows' must be a list of {name, at, duration}");
    return windows;
  }
  for (const ConfigNode& n : node.items()) {
    n.expect_keys({"name", "at", "duration"});
    HybridWindow w;
    w.reason = "listed";
    w.name = n["name"].string_or("window-" + std::to_string(windows.size() + 1));
    if (n["at"].require()) w.from_s = read_instant(n["at"], start_epoch_s, 0.0);
    if (w.from_s < 0) n["at"].error("'at' must not be before the scenario's start");
    if (n["duration"].require())
      w.duration_s = n["duration"].positive_quantity_or(Quantity::duration, 3600.0);
    windows.push_back(std::move(w));
  }
  return windows;
}

}  // namespace

HybridSpec read_hybrid(const ConfigNode& node, double start_epoch_s) {
  HybridSpec h;
  if (!node.present()) return h;
  node.expect_keys({"peaks", "peak_window", "outages", "outage_margin", "windows", "workers"});
  h.monthly_peaks = node["peaks"].choice_or("peaks", {"monthly", "none"}, "monthly") == "monthly";
  h.peak_window_s = node["peak_window"].positive_quantity_or(Quantity::duration, 86400.0);
  if (h.peak_window_s > 31 * 86400.0) node["peak_window"].error("'peak_window' must be at most a month");
  h.outages = node["outages"].bool_or(true);
  const ConfigNode margin = node["outage_margin"];
  if (margin.present()) {
    margin.expect_keys({"before", "after"});
    h.outage_before_s = margin["before"].quantity_or(Quantity::duration, h.outage_before_s);
    h.outage_after_s = margin["after"].quantity_or(Quantity::duration, h.outage_after_s);
    if (h.outage_before_s < 0) margin["before"].error("'before' must not be negative");
    if (h.outage_after_s < 0) margin["after"].error("'after' must not be negative");
  }
  h.listed = read_listed(node["windows"], start_epoch_s);
  if (node["workers"].present()) {
    const long long w = node["workers"].as_integer(0);
    if (w < 1 || w > 1024) node["workers"].error("'workers' must be between 1 and 1024");
    h.workers = static_cast<int>(w);
  }
  return h;
}

}  // namespace stratus::models
