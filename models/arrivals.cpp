#include "models/arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

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

ArrivalProcess::ArrivalProcess(const ArrivalSpec& spec, sim::RandomStream rng) : spec_(spec), rng_(rng) {
  if (spec.kind == ArrivalSpec::Kind::diurnal) {
    // The thinning bound: the highest the rate can reach.
    max_rate_ = spec.rate_per_s * (1.0 + spec.amplitude) * std::max(1.0, spec.weekend_factor);
    for (const Surge& surge : spec.surges)
      max_rate_ += surge.rate_per_s;
  } else {
    max_rate_ = spec.rate_per_s;
  }
  batch_left_ = spec.batch_count;
}

double ArrivalProcess::rate_at(double t) const {
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
  }
  return 0.0;
}

double ArrivalProcess::next() {
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
        if (rng_.uniform01() * max_rate_ <= rate_at(clock_)) return clock_;
      }
    case ArrivalSpec::Kind::trace:
      if (trace_pos_ >= spec_.trace_times_s.size()) return kNever;
      return spec_.trace_times_s[trace_pos_++];
    case ArrivalSpec::Kind::batch:
      if (batch_left_ <= 0) return kNever;
      --batch_left_;
      return spec_.batch_at_s;
  }
  return kNever;
}

}  // namespace stratus::models
