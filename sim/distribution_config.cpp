#include "sim/distribution_config.hpp"

#include <stdexcept>

namespace stratus::sim {

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = {"constant", "exponential", "gamma",  "lognormal",
                                                 "normal",   "uniform",     "weibull"};
  return names;
}

Distribution read_distribution(const ConfigNode& node, Quantity quantity, const Distribution& fallback) {
  if (!node.present()) return fallback;
  if (node.is_scalar()) return Distribution::constant(node.as_quantity(quantity, fallback.mean()));
  if (!node.is_map()) {
    node.error("'" + node.key() +
               "' must be a quantity or a map such as {distribution: exponential, mean: 50ms}");
    return fallback;
  }
  const std::size_t errors_before = node.diagnostics().size();
  const std::string kind = node["distribution"].as_choice("distribution", distribution_names(), "");
  auto positive = [&](const char* key) {
    ConfigNode value = node[key];
    if (!value.require()) return 1.0;
    const double v = value.as_quantity(key == std::string("cv") ? Quantity::number : quantity, 1.0);
    if (!(v > 0)) value.error("'" + std::string(key) + "' must be positive");
    return v > 0 ? v : 1.0;
  };
  auto number = [&](const char* key) {
    ConfigNode value = node[key];
    if (!value.require()) return 1.0;
    const double v = value.as_number(1.0);
    if (!(v > 0)) value.error("'" + std::string(key) + "' must be positive");
    return v > 0 ? v : 1.0;
  };
  Distribution result = fallback;
  if (kind == "constant") {
    node.expect_keys({"distribution", "value"});
    ConfigNode value = node["value"];
    if (value.require()) result = Distribution::constant(value.as_quantity(quantity, fallback.mean()));
  } else if (kind == "exponential") {
    // Queueing models quote a service rate μ; accept it in place of the mean 1/μ.
    node.expect_keys({"distribution", "mean", "rate"});
    if (node["rate"].present() && !node["mean"].present()) {
      const double rate = node["rate"].as_quantity(Quantity::rate, 1.0);
      if (!(rate > 0))
        node["rate"].error("'rate' must be positive");
      else
        result = Distribution::exponential(1.0 / rate);
    } else {
      result = Distribution::exponential(positive("mean"));
    }
  } else if (kind == "lognormal" || kind == "gamma") {
    node.expect_keys({"distribution", "mean", "cv"});
    const double mean = positive("mean");
    const double cv = number("cv");
    result = kind == "lognormal" ? Distribution::lognormal(mean, cv) : Distribution::gamma(mean, cv);
  } else if (kind == "uniform") {
    node.expect_keys({"distribution", "low", "high"});
    const double low = node["low"].require() ? node["low"].as_quantity(quantity, 0.0) : 0.0;
    const double high = node["high"].require() ? node["high"].as_quantity(quantity, low) : low;
    if (high < low)
      node["high"].error("'high' must not be below 'low'");
    else
      result = Distribution::uniform(low, high);
  } else if (kind == "normal") {
    node.expect_keys({"distribution", "mean", "sd"});
    const double mean = positive("mean");
    const double sd = node["sd"].require() ? node["sd"].as_quantity(quantity, 0.0) : 0.0;
    result = Distribution::normal(mean, sd);
  } else if (kind == "weibull") {
    node.expect_keys({"distribution", "shape", "scale"});
    const double shape = number("shape");
    result = Distribution::weibull(shape, positive("scale"));
  }
  return node.diagnostics().size() == errors_before ? result : fallback;
}

}  // namespace stratus::sim
