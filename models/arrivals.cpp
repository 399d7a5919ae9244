#include "models/arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "models/demand.hpp"

namespace stratus::models {

double Surge::rate_at(double t) const {
  if (t < start_s) return 0.0;
  if (t < start_s + ramp_s) return rate_per_s * (t - start_s) / ramp_s;
  if (t <= start_s + ramp_s + hold_s) return rate_per_s;
  return rate_per_s * std::exp(-(t - start_s - ramp_s - hold_s) / decay_s);
}

namespace {

bool is_weekend(const ArrivalSpec& spec, double t) {
  const long long day = static_cast<long long>(std::floor(t / 86400.0));
  const long long weekday = ((day + spec.first_weekday) % 7 + 7) % 7;
  return weekday >= 5;
}

}  // namespace

ArrivalProcess::ArrivalProcess(const ArrivalSpec& spec, sim::RandomStream rng, double origin_s)
    : spec_(spec), rng_(rng), origin_(origin_s), clock_(origin_s), window_end_(origin_s) {
  if (spec.kind == ArrivalSpec::Kind::diurnal) {
    // The thinning bound: the highest the rate can reach.
    max_rate_ = spec.rate_per_s * (1.0 + spec.amplitude) * std::max(1.0, spec.weekend_factor);
    for (const Surge& surge : spec.surges)
      max_rate_ += surge.rate_per_s;
  } else {
    max_rate_ = spec.rate_per_s;
  }
  batch_left_ = spec.batch_at_s >= origin_s ? spec.batch_count : 0;  // a batch before the window is gone
  trace_pos_ = static_cast<std::size_t>(
      std::lower_bound(spec.trace_times_s.begin(), spec.trace_times_s.end(), origin_s) -
      spec.trace_times_s.begin());
  if (spec.kind == ArrivalSpec::Kind::demand) {
    // The noise is a pure function of time seeded from this stream, so it is per-service,
    // named, and the same whichever fidelity asks for λ.
    const std::uint64_t noise_seed = rng_.next_u64();
    demand_ = std::make_shared<const DemandModel>(spec.demand ? *spec.demand : DemandSpec{}, noise_seed);
  }
}

double ArrivalProcess::intensity(double t) const {
  switch (spec_.kind) {
    case ArrivalSpec::Kind::poisson:
      return spec_.rate_per_s;
    case ArrivalSpec::Kind::diurnal: {
      double rate = spec_.rate_per_s *
                    (1.0 + spec_.amplitude *
                               std::cos(2.0 * std::numbers::pi * (t - spec_.peak_time_s) / spec_.period_s));
      if (spec_.weekend_factor != 1.0 && is_weekend(spec_, t)) rate *= spec_.weekend_factor;
      for (const Surge& surge : spec_.surges)
        rate += surge.rate_at(t);
      return rate;
    }
    case ArrivalSpec::Kind::trace: {
      const auto& times = spec_.trace_times_s;
      if (times.size() < 2) return 0.0;
      return static_cast<double>(times.size() - 1) / (times.back() - times.front());
    }
    case ArrivalSpec::Kind::batch:
      return 0.0;
    case ArrivalSpec::Kind::demand:
      return demand_->rate_at(t);
  }
  return 0.0;
}

double ArrivalProcess::next() {
  return next_in_scenario_time() - origin_;
}

double ArrivalProcess::next_in_scenario_time() {
  constexpr double kNever = std::numeric_limits<double>::infinity();
  switch (spec_.kind) {
    case ArrivalSpec::Kind::poisson:
      if (!(max_rate_ > 0)) return kNever;
      clock_ += rng_.exponential(max_rate_);
      return clock_;
    case ArrivalSpec::Kind::diurnal:
      // Lewis–Shedler thinning: candidates at the peak rate, each kept with probability
      // λ(t) / λ_max, gives exactly the non-homogeneous Poisson process.
      if (!(max_rate_ > 0)) return kNever;
      while (true) {
        clock_ += rng_.exponential(max_rate_);
        if (rng_.uniform01() * max_rate_ <= intensity(clock_)) return clock_;
      }
    case ArrivalSpec::Kind::trace:
      if (trace_pos_ >= spec_.trace_times_s.size()) return kNever;
      return spec_.trace_times_s[trace_pos_++];
    case ArrivalSpec::Kind::batch:
      if (batch_left_ <= 0) return kNever;
      --batch_left_;
      return spec_.batch_at_s;
    case ArrivalSpec::Kind::demand:
      return next_demand();
  }
  return kNever;
}

namespace {

// Demand thinning windows. A window is sized for about kCandidatesPerWindow candidates at the
// rate where it starts, and halved while its bound would give more than twice that: short
// where λ changes fast (a launch's ramp, a holiday's first second), long where it is low, so
// neither a 3-million-player launch nor years of quiet traffic waste candidates or bounds.
constexpr double kCandidatesPerWindow = 64.0;
constexpr double kMinWindowS = 1e-6;
constexpr double kMaxWindowS = 86400.0;

}  // namespace

void ArrivalProcess::open_demand_window() {
  const double lambda = demand_->rate_at(clock_);
  double span =
      lambda > 0 ? std::clamp(kCandidatesPerWindow / lambda, kMinWindowS, kMaxWindowS) : kMaxWindowS;
  double bound = demand_->upper_bound(clock_, clock_ + span);
  while (bound * span > 2 * kCandidatesPerWindow && span > kMinWindowS) {
    span = std::max(kMinWindowS, span / 2);
    bound = demand_->upper_bound(clock_, clock_ + span);
  }
  window_end_ = clock_ + span;
  window_bound_ = bound;
}

double ArrivalProcess::next_demand() {
  // Lewis–Shedler thinning, window by window: within [clock_, window_end_) candidates come at
  // the window's bound and each is kept with probability λ(t) / bound. A candidate beyond the
  // window is dropped and the next window starts at its end (the exponential is memoryless).
  while (true) {
    if (clock_ >= window_end_) open_demand_window();
    if (window_bound_ > 0) {
      const double candidate = clock_ + rng_.exponential(window_bound_);
      ++candidates_;
      if (candidate < window_end_) {
        clock_ = candidate;
        if (rng_.uniform01() * window_bound_ <= demand_->rate_at(clock_)) return clock_;
        continue;
      }
    } else if (demand_->zero_from(window_end_)) {
      return std::numeric_limits<double>::infinity();
    }
    clock_ = window_end_;
  }
}

}  // namespace stratus::models
