#pragma once
// Reads `arrivals: {process: demand, ...}` (models/demand.hpp) from a scenario:
//
//   arrivals:
//     process: demand
//     rate: 200/s                 # at the start
//     growth: 50%                 # a year (365.2425 d), compounded continuously
//     steps: [{at: 2028-04-01, add: 30%, ramp: 26w}, {at: 90d, add: 500/s}]
//     seasonality:
//       daily: {amplitude: 40%, peak_at: 14h}          # time of day, UTC
//       weekly: {weekend: 70%}                         # or days: [7 factors, Monday first]
//       yearly: {amplitude: 15%, peak_at: 2027-12-10}  # or months: [12 factors]
//       holidays: [{date: 2027-12-25, factor: 160%}, {from: 2027-11-26, to: 2027-11-29, factor: 2}]
//     launches: [{at: 2027-03-05T18:00, players: 3000000, per_player: 1/min, ramp: 1h, hold: 6h, decay: 12h}]
//     surges: [{at: 10d, rate: 400/s, ramp: 30min, hold: 2h, decay: 1h}]
//     noise: {cv: 5%, period: 1h}
#include "models/demand.hpp"
#include "sim/config.hpp"

namespace stratus::models {

/// The demand keys of an `arrivals:` map (including `process`); errors go to the node's
/// diagnostics. `start_epoch_s` (UNIX time of simulated time 0) places dates on the clock.
DemandSpec read_demand(const sim::ConfigNode& node, double start_epoch_s);

/// `surges: [{at, rate, ramp, hold, decay}]` of a demand or diurnal process; `at` as read_instant.
std::vector<Surge> read_surges(const sim::ConfigNode& node, double start_epoch_s);

/// An instant written as a date or date-time (2028-04-01, 2027-03-05T18:00) or as a duration
/// from the start (90d): seconds of simulated time; `fallback` on a bad value (reported).
double read_instant(const sim::ConfigNode& node, double start_epoch_s, double fallback);

}  // namespace stratus::models
