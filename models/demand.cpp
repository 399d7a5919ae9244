#include "models/demand.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/calendar.hpp"
#include "sim/random.hpp"

namespace stratus::models {

namespace {

constexpr double kDay = 86400.0;
constexpr double kWeek = 7 * kDay;
// The noise's standard normal is truncated here so that its factor has a finite bound; the
// mean moves by less than 1e-8 (P(|Z| > 6) ≈ 2e-9).
constexpr double kNoiseClampSigmas = 6.0;
// Beyond this many noise periods in one interval the bound uses the truncation instead of
// evaluating every period.
constexpr std::int64_t kNoisePeriodsScanned = 64;
// Guards the bound against rounding differences between rate_at and upper_bound (pow, cos).
constexpr double kBoundSlack = 1.0 + 1e-9;

/// Share of a step's ramp done at t: 0 before it starts, 1 once done (monotone in t).
double ramp_share(const DemandStep& step, double t) {
  if (step.ramp_s <= 0) return t >= step.at_s ? 1.0 : 0.0;
  return std::clamp((t - step.at_s) / step.ramp_s, 0.0, 1.0);
}

/// The highest value of cos(2π x) for x in [xa, xb]: 1 if a peak (an integer x) lies inside,
/// else the higher end (cosine is monotone between a trough and the next peak).
double cosine_max(double xa, double xb) {
  if (std::ceil(xa) <= xb) return 1.0;
  return std::max(std::cos(2.0 * std::numbers::pi * xa), std::cos(2.0 * std::numbers::pi * xb));
}

/// The highest value of a Surge-shaped curve on [a, b]: it rises, holds, then decays, so its
/// maximum is at the point of [a, b] nearest the plateau.
double surge_max(const Surge& s, double a, double b) {
  const double top_from = s.start_s + s.ramp_s;
  const double top_to = top_from + s.hold_s;
  if (b < top_from) return s.rate_at(b);
  if (a > top_to) return s.rate_at(a);
  return s.rate_per_s;
}

double floor_day(double epoch_s) {
  return std::floor(epoch_s / kDay);
}

/// Calendar month (0 = January) and the UNIX time its next month starts.
struct MonthAt {
  int month;
  double next_start_epoch_s;
};

MonthAt month_of(double epoch_s) {
  const auto day = static_cast<long long>(floor_day(epoch_s));
  auto year = static_cast<long long>(std::floor(1970.0 + static_cast<double>(day) / 365.2425));
  while (sim::days_from_civil(year, 1, 1) > day)
    --year;
  while (sim::days_from_civil(year + 1, 1, 1) <= day)
    ++year;
  unsigned month = 12;
  while (sim::days_from_civil(year, month, 1) > day)
    --month;
  const long long next =
      month == 12 ? sim::days_from_civil(year + 1, 1, 1) : sim::days_from_civil(year, month + 1, 1);
  return MonthAt{static_cast<int>(month) - 1, static_cast<double>(next) * kDay};
}

double max_of(const auto& factors) {
  return *std::max_element(factors.begin(), factors.end());
}

}  // namespace

Surge Launch::players_curve() const {
  Surge s;
  s.start_s = at_s;
  s.ramp_s = ramp_s;
  s.hold_s = hold_s;
  s.decay_s = decay_s;
  s.rate_per_s = players;
  return s;
}

DemandModel::DemandModel(DemandSpec spec, std::uint64_t noise_seed)
    : spec_(std::move(spec)), noise_seed_(noise_seed) {
  // Steps compose in the order they happen, whatever the order they were written in.
  std::stable_sort(spec_.steps.begin(), spec_.steps.end(),
                   [](const DemandStep& x, const DemandStep& y) { return x.at_s < y.at_s; });
  log_growth_ = std::log1p(spec_.growth);
  for (const DemandStep& step : spec_.steps) {
    const double end = step.at_s + std::max(0.0, step.ramp_s);
    absolute_scale_.push_back(step.relative ? 0.0 : 1.0 / growth_factor(end));
    last_step_end_s_ = std::max(last_step_end_s_, end);
  }
  if (spec_.noise.cv > 0) {
    // Lognormal of mean 1 and coefficient of variation cv.
    noise_sigma_ = std::sqrt(std::log1p(spec_.noise.cv * spec_.noise.cv));
    noise_mu_ = -noise_sigma_ * noise_sigma_ / 2;
  }
}

double DemandModel::growth_factor(double t) const {
  // pow rather than exp(t·log(1+g)): exact at whole years (1.5^2 = 2.25).
  if (spec_.growth == 0.0) return 1.0;
  return std::pow(1.0 + spec_.growth, t / kDemandYearS);
}

DemandModel::Interval DemandModel::level_between(double a, double b) const {
  // Interval arithmetic over the steps; every ramp share is monotone, so its range on [a, b]
  // is [share(a), share(b)]. With a == b this is the exact level.
  Interval level{spec_.rate_per_s, spec_.rate_per_s};
  for (std::size_t i = 0; i < spec_.steps.size(); ++i) {
    const DemandStep& step = spec_.steps[i];
    const double ra = ramp_share(step, a), rb = ramp_share(step, b);
    if (step.relative) {
      // add > −1, so both factors are positive.
      const double fa = 1.0 + step.add * ra, fb = 1.0 + step.add * rb;
      const double f_lo = std::min(fa, fb), f_hi = std::max(fa, fb);
      level.lo *= level.lo >= 0 ? f_lo : f_hi;
      level.hi *= level.hi >= 0 ? f_hi : f_lo;
    } else {
      const double ca = step.add * absolute_scale_[i] * ra, cb = step.add * absolute_scale_[i] * rb;
      level.lo += std::min(ca, cb);
      level.hi += std::max(ca, cb);
    }
  }
  return level;
}

double DemandModel::trend_at(double t) const {
  return growth_factor(t) * level_between(t, t).hi;
}

double DemandModel::season_at(double t) const {
  const Seasonality& s = spec_.seasonality;
  const double epoch = spec_.start_epoch_s + t;
  double f = 1.0;
  if (s.daily_amplitude != 0)
    f *= 1.0 + s.daily_amplitude * std::cos(2.0 * std::numbers::pi * ((epoch - s.daily_peak_s) / kDay));
  f *= s.weekday_factors[static_cast<std::size_t>(sim::weekday_of(epoch))];
  if (s.yearly_amplitude != 0)
    f *= 1.0 + s.yearly_amplitude * std::cos(2.0 * std::numbers::pi * ((t - s.yearly_peak_s) / kDemandYearS));
  if (s.month_factors) f *= (*s.month_factors)[static_cast<std::size_t>(month_of(epoch).month)];
  for (const Holiday& h : s.holidays)
    if (t >= h.start_s && t < h.end_s) f *= h.factor;
  return f;
}

double DemandModel::noise_of_period(std::int64_t index) const {
  // A pure function of (seed, index): any query order gives the same factor.
  std::uint64_t state = noise_seed_ ^ static_cast<std::uint64_t>(index);
  const double u1 = (static_cast<double>(sim::splitmix64(state) >> 11) + 0.5) * 0x1.0p-53;
  const double u2 = (static_cast<double>(sim::splitmix64(state) >> 11) + 0.5) * 0x1.0p-53;
  double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);  // Box–Muller
  z = std::clamp(z, -kNoiseClampSigmas, kNoiseClampSigmas);
  return std::exp(noise_mu_ + noise_sigma_ * z);
}

double DemandModel::noise_at(double t) const {
  if (noise_sigma_ == 0) return 1.0;
  return noise_of_period(static_cast<std::int64_t>(std::floor(t / spec_.noise.period_s)));
}

double DemandModel::rate_at(double t) const {
  double rate = std::max(0.0, trend_at(t) * season_at(t) * noise_at(t));
  for (const Launch& launch : spec_.launches)
    rate += launch.rate_at(t);
  for (const Surge& surge : spec_.surges)
    rate += surge.rate_at(t);
  return rate;
}

double DemandModel::season_bound(double a, double b) const {
  const Seasonality& s = spec_.seasonality;
  const double ea = spec_.start_epoch_s + a, eb = spec_.start_epoch_s + b;
  double f = 1.0;
  if (s.daily_amplitude != 0)
    f *= 1.0 + s.daily_amplitude * cosine_max((ea - s.daily_peak_s) / kDay, (eb - s.daily_peak_s) / kDay);
  if (b - a >= kWeek) {
    f *= max_of(s.weekday_factors);
  } else {
    double week_max = 0.0;
    for (double day = floor_day(ea); day <= floor_day(eb); day += 1.0)
      week_max = std::max(week_max, s.weekday_factors[static_cast<std::size_t>(sim::weekday_of(day * kDay))]);
    f *= week_max;
  }
  if (s.yearly_amplitude != 0)
    f *= 1.0 + s.yearly_amplitude *
                   cosine_max((a - s.yearly_peak_s) / kDemandYearS, (b - s.yearly_peak_s) / kDemandYearS);
  if (s.month_factors) {
    if (b - a >= 366 * kDay) {
      f *= max_of(*s.month_factors);
    } else {
      double month_max = 0.0;
      for (double e = ea; e <= eb;) {
        const MonthAt m = month_of(e);
        month_max = std::max(month_max, (*s.month_factors)[static_cast<std::size_t>(m.month)]);
        e = m.next_start_epoch_s;
      }
      f *= month_max;
    }
  }
  for (const Holiday& h : s.holidays) {
    if (h.start_s > b || h.end_s <= a) continue;        // no overlap
    const bool covers = h.start_s <= a && b < h.end_s;  // in force on all of [a, b]
    f *= covers ? h.factor : std::max(1.0, h.factor);
  }
  return f;
}

double DemandModel::noise_bound(double a, double b) const {
  if (noise_sigma_ == 0) return 1.0;
  const auto first = static_cast<std::int64_t>(std::floor(a / spec_.noise.period_s));
  const auto last = static_cast<std::int64_t>(std::floor(b / spec_.noise.period_s));
  if (last - first >= kNoisePeriodsScanned) return std::exp(noise_mu_ + noise_sigma_ * kNoiseClampSigmas);
  double m = 0.0;
  for (std::int64_t k = first; k <= last; ++k)
    m = std::max(m, noise_of_period(k));
  return m;
}

double DemandModel::upper_bound(double a, double b) const {
  const double ga = growth_factor(a), gb = growth_factor(b);
  const Interval level = level_between(a, b);
  const double trend_hi = level.hi >= 0 ? std::max(ga, gb) * level.hi : std::min(ga, gb) * level.hi;
  double bound = trend_hi > 0 ? trend_hi * season_bound(a, b) * noise_bound(a, b) : 0.0;
  for (const Launch& launch : spec_.launches)
    bound += surge_max(launch.players_curve(), a, b) * launch.per_player_per_s;
  for (const Surge& surge : spec_.surges)
    bound += surge_max(surge, a, b);
  return bound * kBoundSlack;
}

bool DemandModel::zero_from(double t) const {
  // Launches and surges decay but never reach zero; the trend is constant in sign once the
  // last step is done (growth and seasonality are positive factors).
  if (!spec_.launches.empty() || !spec_.surges.empty()) return false;
  return t >= last_step_end_s_ && level_between(t, t).hi <= 0;
}

}  // namespace stratus::models
