#pragma once
// Reads the scenario's `failures:` block (see the README's "Failures" section):
//   failures:
//     hosts: {mtbf: 1000h, mttr: 10h, up: weibull, shape: 1.5, repair: lognormal, repair_cv: 1}
//     domains:
//       - {level: rack, rate: 2/y, duration: {distribution: lognormal, mean: 4h, cv: 1}}
//       - {level: zone, domain: az-b, at: 2027-03-01T14:00, duration: 2h}
#include "models/scenario.hpp"
#include "sim/config.hpp"

namespace stratus::models {

/// Fills spec.failures. Reads spec.simulation (a scheduled outage's
/// date counts from its start and must fall before its end) and spec.topology (domain names are
/// checked against it), so both must be read first. Errors go to the node's diagnostics.
void read_failures(const sim::ConfigNode& node, ScenarioSpec& spec);

}  // namespace stratus::models
