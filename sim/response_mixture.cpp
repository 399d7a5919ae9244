#include "sim/response_mixture.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "sim/queueing.hpp"

namespace stratus::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Below this P_wait an arrival is counted as served at once in the quantiles (the CDF moves by
// less than 1e-12); the exact mean still includes its wait.
constexpr double kNegligibleWait = 1e-12;

/// One service's law, pooled: the terms of its CDF.
struct Group {
  double mu = 1.0;
  bool exponential = true;
  double no_wait = 0.0;
  std::vector<std::pair<double, double>> waits;   // (mass, θ)
  std::vector<std::pair<double, double>> shifts;  // (mass, shift)
};

/// The mixture's unnormalised CDF and density at t.
void evaluate(const std::vector<Group>& groups, double t, double& cdf, double& pdf) {
  cdf = 0.0;
  pdf = 0.0;
  for (const Group& g : groups) {
    if (g.exponential) {
      // S ~ Exp(μ); W + S is hypoexponential, whose tail e^{−θt} + θ·(e^{−θt} − e^{−μt})/(μ − θ)
      // is written with expm1 so that θ ≈ μ loses no precision.
      const double e_mu = std::exp(-g.mu * t);
      cdf += g.no_wait * (1.0 - e_mu);
      pdf += g.no_wait * g.mu * e_mu;
      for (const auto& [mass, theta] : g.waits) {
        const double e_theta = std::exp(-theta * t);
        const double d = std::abs(g.mu - theta);
        const double spread = d > 0 ? -std::expm1(-d * t) / d : t;  // (1 − e^{−d·t}) / d
        const double both = (theta < g.mu ? e_theta : e_mu) * spread;
        cdf += mass * (1.0 - e_theta - theta * both);
        pdf += mass * theta * g.mu * both;
      }
      for (const auto& [mass, shift] : g.shifts) {
        if (t <= shift) continue;
        const double e = std::exp(-g.mu * (t - shift));
        cdf += mass * (1.0 - e);
        pdf += mass * g.mu * e;
      }
    } else {
      // Constant service 1/μ: only the wait is random.
      const double y = t - 1.0 / g.mu;
      if (y < 0) continue;
      cdf += g.no_wait;
      for (const auto& [mass, theta] : g.waits) {
        const double e = std::exp(-theta * y);
        cdf += mass * (1.0 - e);
        pdf += mass * theta * e;
      }
      for (const auto& [mass, shift] : g.shifts)
        if (y >= shift) cdf += mass;
    }
  }
}

/// The smallest t with CDF(t) ≥ q·weight for each q: Newton's method kept inside a bracket that
/// shrinks at every step, bisecting where Newton would leave it or stalls (the CDF of
/// constant service times has jumps and flat stretches).
std::vector<double> solve_quantiles(const std::vector<Group>& groups, double weight, double mean,
                                    std::span<const double> qs) {
  std::vector<double> out(qs.size(), kNaN);
  if (!(weight > 0)) return out;
  std::vector<std::size_t> order(qs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return qs[a] < qs[b]; });
  double floor_t = 0.0;  // the previous (smaller) quantile: a lower bound for the next
  for (const std::size_t i : order) {
    const double target = qs[i] * weight;
    double cdf = 0, pdf = 0;
    double lo = floor_t, hi = std::max({mean, floor_t * 1.5, 1e-12});
    for (int k = 0; k < 2100; ++k) {
      evaluate(groups, hi, cdf, pdf);
      if (cdf >= target) break;
      lo = hi;
      hi *= 2;
    }
    // Numerical Recipes' rtsafe: Newton unless it would leave [lo, hi] or not halve the step.
    double x = hi, step = hi - lo, last_step = step;
    for (int k = 0; k < 200; ++k) {
      const double excess = cdf - target;
      if (!(pdf > 0) || !(x - excess / pdf > lo && x - excess / pdf < hi) ||
          std::abs(2.0 * excess) > std::abs(last_step * pdf)) {
        last_step = step;
        step = (hi - lo) / 2;
        x = lo + step;
      } else {
        last_step = step;
        step = excess / pdf;
        x -= step;
      }
      if (std::abs(step) <= 1e-10 * x || hi - lo <= 1e-10 * hi) break;
      evaluate(groups, x, cdf, pdf);
      (cdf >= target ? hi : lo) = x;
    }
    out[i] = x;
    floor_t = lo;
  }
  return out;
}

}  // namespace

double response_cdf(const ResponseComponent& c, double t) {
  const double x = t - c.shift_s;
  if (x <= 0) return 0.0;
  if (c.exponential) return wait_plus_exponential_cdf(c.p_wait, c.wait_rate, c.mu, x);
  const double y = x - 1.0 / c.mu;  // constant service: only the wait is random
  if (y < 0) return 0.0;
  return 1.0 - c.p_wait * (c.wait_rate > 0 ? std::exp(-c.wait_rate * y) : 1.0);
}

double mixture_mean(const std::vector<ResponseComponent>& parts) {
  double weight = 0.0, sum = 0.0;
  for (const auto& c : parts) {
    const double wait = c.p_wait > 0 && c.wait_rate > 0 ? c.p_wait / c.wait_rate : 0.0;
    sum += c.weight * (c.shift_s + wait + 1.0 / c.mu);
    weight += c.weight;
  }
  return weight > 0 ? sum / weight : kNaN;
}

double mixture_quantile(const std::vector<ResponseComponent>& parts, double q) {
  double weight = 0.0;
  for (const auto& c : parts)
    weight += c.weight;
  if (!(weight > 0)) return kNaN;
  auto cdf = [&](double t) {
    double sum = 0.0;
    for (const auto& c : parts)
      if (c.weight > 0) sum += c.weight * response_cdf(c, t);
    return sum / weight;
  };
  // Bracket, then bisect to a relative precision of 1e-12.
  double lo = 0.0, hi = 1e-3;
  for (int i = 0; i < 2000 && cdf(hi) < q; ++i) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1e-12 * hi) {
    const double mid = (lo + hi) / 2;
    (cdf(mid) < q ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

std::size_t ResponseMixture::Bins::grow(std::int64_t key) {
  if (bins.empty()) {
    base = key - 16;
    bins.resize(33);
  } else {
    // Grow with slack on the side that overflowed, so a slow drift reallocates rarely.
    const std::int64_t first = std::min(base, key - 32);
    const std::int64_t last = std::max(base + static_cast<std::int64_t>(bins.size()), key + 33);
    std::vector<Bin> grown(static_cast<std::size_t>(last - first));
    std::copy(bins.begin(), bins.end(), grown.begin() + (base - first));
    if (lo <= hi) {
      lo += static_cast<std::size_t>(base - first);
      hi += static_cast<std::size_t>(base - first);
    }
    bins = std::move(grown);
    base = first;
  }
  return static_cast<std::size_t>(key - base);
}

void ResponseMixture::Bins::clear() {
  if (lo <= hi)
    std::fill(bins.begin() + static_cast<std::ptrdiff_t>(lo),
              bins.begin() + static_cast<std::ptrdiff_t>(hi) + 1, Bin{});
  lo = SIZE_MAX;
  hi = 0;
}

ResponseMixture::ResponseMixture(double mu, bool exponential_service, int bins_per_octave)
    : mu_(mu),
      exponential_(exponential_service),
      shift_bits_(52 - std::countr_zero(static_cast<unsigned>(bins_per_octave))) {
  if (bins_per_octave < 1 || bins_per_octave > 1024 ||
      !std::has_single_bit(static_cast<unsigned>(bins_per_octave)))
    throw std::invalid_argument("ResponseMixture: bins_per_octave must be a power of two from 1 to 1024");
  if (!(mu > 0) || !std::isfinite(mu)) throw std::invalid_argument("ResponseMixture: μ must be positive");
}

std::int64_t ResponseMixture::key(double x) const {
  // A positive double's bits grow with it: exponent, then mantissa. Dropping the low mantissa
  // bits leaves bins_per_octave keys per power of two, each at most 2^(1/b)·(1 + 1/b) wide.
  return static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(x) >> shift_bits_);
}

void ResponseMixture::add(const ResponseComponent& c) {
  if (!(c.weight > 0)) return;
  if (c.mu != mu_ || c.exponential != exponential_)
    throw std::invalid_argument("ResponseMixture: a component of another service law");
  if (c.shift_s > 0 && c.p_wait > 0)
    throw std::invalid_argument("ResponseMixture: a component with both a shift and a random wait");
  const bool waits = c.p_wait > 0 && c.wait_rate > 0;
  weight_ += c.weight;
  wait_sum_ += c.weight * (c.shift_s + (waits ? c.p_wait / c.wait_rate : 0.0));
  waited_ += c.shift_s > 0 ? c.weight : c.weight * c.p_wait;
  if (c.shift_s > 0) {
    shifts_.add(key(c.shift_s), c.weight, c.weight * c.shift_s);
  } else if (waits && c.p_wait >= kNegligibleWait) {
    const double mass = c.weight * c.p_wait;
    no_wait_ += c.weight - mass;
    waits_.add(key(c.wait_rate), mass, mass * c.wait_rate);
  } else {
    no_wait_ += c.weight;
  }
}

void ResponseMixture::merge(const ResponseMixture& other) {
  if (other.mu_ != mu_ || other.exponential_ != exponential_ || other.shift_bits_ != shift_bits_)
    throw std::invalid_argument("ResponseMixture: merging mixtures of different laws or resolutions");
  weight_ += other.weight_;
  wait_sum_ += other.wait_sum_;
  waited_ += other.waited_;
  no_wait_ += other.no_wait_;
  for (const auto& [from, into] : {std::pair{&other.waits_, &waits_}, std::pair{&other.shifts_, &shifts_}})
    for (std::size_t i = from->lo; i <= from->hi && from->lo <= from->hi; ++i)
      if (from->bins[i].mass > 0)
        into->add(from->base + static_cast<std::int64_t>(i), from->bins[i].mass, from->bins[i].moment);
}

void ResponseMixture::clear() {
  weight_ = wait_sum_ = waited_ = no_wait_ = 0.0;
  waits_.clear();
  shifts_.clear();
}

double ResponseMixture::mean() const {
  return weight_ > 0 ? wait_sum_ / weight_ + 1.0 / mu_ : kNaN;
}

std::vector<double> ResponseMixture::quantiles(std::span<const double> qs, int solve_bins_per_octave) const {
  const ResponseMixture* self = this;
  return pooled_quantiles(std::span<const ResponseMixture* const>(&self, 1), qs, solve_bins_per_octave);
}

std::vector<double> pooled_quantiles(std::span<const ResponseMixture* const> mixtures,
                                     std::span<const double> qs, int solve_bins_per_octave) {
  std::vector<Group> groups;
  double weight = 0.0, time_sum = 0.0;
  for (const ResponseMixture* m : mixtures) {
    if (!(m->weight_ > 0)) continue;
    Group g;
    g.mu = m->mu_;
    g.exponential = m->exponential_;
    g.no_wait = m->no_wait_;
    // Coarser solving pools runs of neighbouring keys that agree once `drop` low bits are gone.
    int drop = 0;
    if (solve_bins_per_octave > 0) {
      const int wanted = 52 - std::countr_zero(static_cast<unsigned>(solve_bins_per_octave));
      if (wanted < m->shift_bits_ || !std::has_single_bit(static_cast<unsigned>(solve_bins_per_octave)))
        throw std::invalid_argument("ResponseMixture: solving finer than the mixture's bins");
      drop = wanted - m->shift_bits_;
    }
    for (const auto& [from, into] : {std::pair{&m->waits_, &g.waits}, std::pair{&m->shifts_, &g.shifts}}) {
      double mass = 0.0, moment = 0.0;
      std::int64_t group = 0;
      for (std::size_t i = from->lo; i <= from->hi && from->lo <= from->hi; ++i) {
        const ResponseMixture::Bin& bin = from->bins[i];
        if (!(bin.mass > 0)) continue;
        const std::int64_t key_group = (from->base + static_cast<std::int64_t>(i)) >> drop;
        if (mass > 0 && key_group != group) {
          into->emplace_back(mass, moment / mass);
          mass = moment = 0.0;
        }
        group = key_group;
        mass += bin.mass;
        moment += bin.moment;
      }
      if (mass > 0) into->emplace_back(mass, moment / mass);
    }
    weight += m->weight_;
    time_sum += m->weight_ * m->mean();
    groups.push_back(std::move(g));
  }
  return solve_quantiles(groups, weight, weight > 0 ? time_sum / weight : 0.0, qs);
}

}  // namespace stratus::sim
