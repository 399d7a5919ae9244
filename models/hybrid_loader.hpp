#pragma once
// Reads `simulation.hybrid:` (models/scenario.hpp HybridSpec): which windows of a fluid run
// are also run request by request.
//
//   simulation:
//     fidelity: hybrid
//     hybrid:
//       peaks: monthly            # the busiest peak_window of each calendar month (or none)
//       peak_window: 1d
//       outages: true             # a window around each rack, zone or partition outage
//       outage_margin: {before: 30min, after: 1h}
//       windows: [{name: launch, at: 2027-06-01T12:00, duration: 6h}]
//       workers: 2                # windows run at once (default: one per core)
#include "models/scenario.hpp"
#include "sim/config.hpp"

namespace stratus::models {

/// Errors go to the node's diagnostics. `start_epoch_s` places dates on the clock.
HybridSpec read_hybrid(const sim::ConfigNode& node, double start_epoch_s);

}  // namespace stratus::models
