#include "cli/sweep/metrics.hpp"

#include <cmath>

namespace stratus::cli::sweep {

namespace {

void flatten(const nlohmann::json& node, const std::string& prefix, std::map<std::string, double>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items())
      flatten(value, prefix.empty() ? key : prefix + "." + key, out);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      flatten(node[i], prefix + "." + std::to_string(i), out);
  } else if (node.is_boolean()) {
    out[prefix] = node.get<bool>() ? 1.0 : 0.0;
  } else if (node.is_number()) {
    const double v = node.get<double>();
    if (std::isfinite(v)) out[prefix] = v;  // SQLite stores NaN as NULL: leave the row out
  }
}

}  // namespace

std::map<std::string, double> flatten_summary(const nlohmann::json& summary) {
  std::map<std::string, double> out;
  if (!summary.is_object()) return out;
  for (const auto& [key, value] : summary.items()) {
    if (key == "wall_time_s" || key == "seed" || key == "params") continue;
    flatten(value, key, out);
  }
  return out;
}

}  // namespace stratus::cli::sweep
