#pragma once
// Reads a Distribution from a scenario value: a bare quantity ("50ms") is a constant; a map
// names the distribution and its parameters in the quantity's units:
//   {distribution: exponential, mean: 50ms}   or   {distribution: exponential, rate: 20/s}
//   {distribution: lognormal, mean: 40ms, cv: 1.5}
//   {distribution: uniform, low: 10ms, high: 90ms}
//   {distribution: normal, mean: 2s, sd: 200ms}
//   {distribution: gamma, mean: 1s, cv: 0.5}
//   {distribution: weibull, shape: 1.5, scale: 1000h}
//   {distribution: constant, value: 20ms}
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/distribution.hpp"
#include "sim/units.hpp"

namespace stratus::sim {

const std::vector<std::string>& distribution_names();

/// Errors go to the node's diagnostics; the fallback is returned then.
Distribution read_distribution(const ConfigNode& node, Quantity quantity, const Distribution& fallback);

}  // namespace stratus::sim
