#pragma once
// Demand over months and years: an arrival rate λ(t) composed of a base rate, compound
// growth, step changes, calendar seasonality, game launches, flash crowds and noise.
//
//   λ(t) = max(0, trend(t) × season(t) × noise(t)) + Σ launches(t) + Σ surges(t)
//   trend(t) = G(t) × level(t),  G(t) = (1 + growth)^(t / year),  year = 365.2425 d
//
// `level` starts at the base rate and applies the steps in the order of their `at`: a relative
// step multiplies everything before it by (1 + add × r(t)); an absolute step adds
// add × r(t) / G(at + ramp), i.e. exactly `add` when its ramp completes, then growing with the
// rest; r(t) ramps linearly from 0 to 1 over the step's ramp. Seasonality and noise scale the
// trend; launches and surges are explicit extra rates on top of it.
//
// The model is a pure function of time (the noise too: each period's factor is a hash of the
// seed and the period's index), so the discrete and fluid fidelities see the same λ and a
// query never depends on earlier ones.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/arrivals.hpp"

namespace stratus::models {

/// The length of a year for `growth`: the Gregorian mean year, as sim/units.hpp's `y` unit.
inline constexpr double kDemandYearS = 365.2425 * 86400.0;

struct DemandStep {
  double at_s = 0.0;    // simulated time the step starts
  double ramp_s = 0.0;  // 0: instant
  bool relative = true;
  double add = 0.0;  // relative: fraction of the rate (0.3 = +30%); absolute: requests/s
};

/// A game opening: concurrent players ramp linearly to `players`, hold, then decay
/// exponentially; each sends `per_player_per_s` requests per second.
struct Launch {
  double at_s = 0.0;
  double players = 0.0;
  double per_player_per_s = 0.0;
  double ramp_s = 3600.0;
  double hold_s = 0.0;
  double decay_s = 6 * 3600.0;  // time constant of the decay after the hold

  /// Concurrent players: Surge's shape, in players instead of requests per second.
  Surge players_curve() const;
  double players_at(double t) const { return players_curve().rate_at(t); }
  double rate_at(double t) const { return players_at(t) * per_player_per_s; }
};

/// A period of unusual demand: [start, end) in simulated seconds, multiplying the rate.
struct Holiday {
  double start_s = 0.0;
  double end_s = 0.0;
  double factor = 1.0;
};

struct Seasonality {
  // Daily: 1 + amplitude × cos(2π (time of day − peak) / 1 d), time of day in UTC.
  double daily_amplitude = 0.0;
  double daily_peak_s = 14 * 3600.0;
  // Weekly: a factor per weekday, Monday first (from the calendar: the start date's weekday).
  std::array<double, 7> weekday_factors = {1, 1, 1, 1, 1, 1, 1};
  // Yearly: either 1 + amplitude × cos(2π (t − peak) / year), or a factor per calendar month.
  double yearly_amplitude = 0.0;
  double yearly_peak_s = 0.0;  // simulated time of one peak
  std::optional<std::array<double, 12>> month_factors;
  std::vector<Holiday> holidays;  // overlapping holidays multiply
};

struct DemandNoise {
  double cv = 0.0;           // 0: no noise
  double period_s = 3600.0;  // one independent lognormal factor per period
};

struct DemandSpec {
  double start_epoch_s = 0.0;  // UNIX time of simulated time 0, for the calendar
  double rate_per_s = 1.0;     // at simulated time 0, before seasonality
  double growth = 0.0;         // annual compound growth: 0.5 = +50% a year
  std::vector<DemandStep> steps;
  Seasonality seasonality;
  std::vector<Launch> launches;
  std::vector<Surge> surges;
  DemandNoise noise;
};

class DemandModel {
 public:
  /// `noise_seed` picks the noise's realisation (ArrivalProcess draws it from its stream).
  DemandModel(DemandSpec spec, std::uint64_t noise_seed);

  /// λ(t) in requests per second.
  double rate_at(double t) const;
  /// A bound on λ over [a, b] (a ≤ b) that is never below rate_at(t) for t in [a, b]: the
  /// product and sum of each component's own bound on the interval.
  double upper_bound(double a, double b) const;
  /// True when λ is zero at every time from t on (nothing could ever arrive again).
  bool zero_from(double t) const;

  // The components, exposed for tests and charts.
  double growth_factor(double t) const;
  /// The base rate with growth and steps, before seasonality and noise.
  double trend_at(double t) const;
  double season_at(double t) const;
  double noise_at(double t) const;

  const DemandSpec& spec() const { return spec_; }

 private:
  struct Interval {
    double lo, hi;
  };
  Interval level_between(double a, double b) const;
  double season_bound(double a, double b) const;
  double noise_bound(double a, double b) const;
  double noise_of_period(std::int64_t index) const;

  DemandSpec spec_;                     // steps sorted by `at`
  std::vector<double> absolute_scale_;  // per step: 1 / G(at + ramp) for absolute steps
  std::uint64_t noise_seed_;
  double log_growth_ = 0.0;
  double noise_mu_ = 0.0, noise_sigma_ = 0.0;
  double last_step_end_s_ = 0.0;
};

}  // namespace stratus::models
