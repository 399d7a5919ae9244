#pragma once
// Which windows of a hybrid run are simulated request by request (simulation.hybrid): the
// busiest stretch of each calendar month, the time around each failure-domain outage, and
// any windows the scenario lists. The rest of the horizon is covered by the fluid run.
#include <functional>
#include <vector>

#include "models/scenario.hpp"

namespace stratus::models {

/// The windows, sorted by start, each inside [0, duration], with unique names usable as folder
/// names ("peak-2027-03", "outage-az-b-2027-03-01T14-00", or the listed name).
std::vector<HybridWindow> choose_hybrid_windows(const ScenarioSpec& spec);

/// The busiest `peak_window_s` of each calendar month by expected arrivals, `demand(t)` being
/// the total arrival rate at scenario time t. Windows of whole days start at midnight UTC;
/// shorter ones at a fluid step. A month less than half inside the run, or too short to hold
/// a window, has none. Exposed for tests.
std::vector<HybridWindow> monthly_peak_windows(const SimulationSpec& sim,
                                               const std::function<double(double)>& demand);

}  // namespace stratus::models
