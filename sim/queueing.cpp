#include "sim/queueing.hpp"

#include <cmath>
#include <limits>

namespace stratus::sim {

double erlang_b(double offered_load, long long servers) {
  const double a = offered_load;
  if (servers <= 0) return 1.0;
  if (!(a > 0)) return 0.0;
  // The same recursion on 1/B: 1/B(k) = 1 + (k/a)·1/B(k−1). Below k = a each step shrinks
  // an error in the starting value by k/a < 1, so starting 12·√a below a (from 1/B = 1)
  // leaves a relative error under e^−72: O(√a) work instead of O(c) for huge fleets.
  const double skip = std::floor(a - 12.0 * std::sqrt(a));
  long long k = skip > 0 && static_cast<double>(servers) > skip ? static_cast<long long>(skip) : 0;
  double inverse = 1.0;
  for (++k; k <= servers; ++k) {
    inverse = 1.0 + static_cast<double>(k) / a * inverse;
    // Past a, B only falls further: below 1e-30 it is returned as 0 (negligible blocking).
    if (inverse > 1e30 && static_cast<double>(k) > a) return 0.0;
  }
  return 1.0 / inverse;
}

MmcResult erlang_c(double lambda, double mu, long long servers) {
  MmcResult r;
  const double capacity = static_cast<double>(servers) * mu;
  r.utilisation = capacity > 0 ? lambda / capacity : std::numeric_limits<double>::infinity();
  if (lambda <= 0) return r;
  if (!(r.utilisation < 1.0)) {
    r.p_wait = 1.0;
    r.mean_wait = std::numeric_limits<double>::infinity();
    return r;
  }
  // Erlang C from Erlang B: C = B / (1 − ρ + ρ·B), stable where the closed form overflows.
  const double b = erlang_b(lambda / mu, servers);
  const double rho = r.utilisation;
  r.p_wait = b / (1.0 - rho + rho * b);
  r.decay = capacity - lambda;
  r.mean_wait = r.p_wait / r.decay;
  return r;
}

double mmc_wait_tail(const MmcResult& q, double t) {
  if (t < 0) return 1.0;
  if (q.decay <= 0) return q.p_wait;
  return q.p_wait * std::exp(-q.decay * t);
}

double allen_cunneen_wait(double mmc_mean_wait, double arrival_scv, double service_scv) {
  return mmc_mean_wait * (arrival_scv + service_scv) / 2.0;
}

double wait_plus_exponential_cdf(double p_wait, double wait_rate, double mu, double t) {
  if (t <= 0) return 0.0;
  const double service = 1.0 - std::exp(-mu * t);
  if (p_wait <= 0) return service;
  double both;  // P(Exp(wait_rate) + Exp(mu) ≤ t): the hypoexponential CDF
  if (wait_rate <= 0) {
    both = 0.0;  // an unbounded wait: never done
  } else if (std::abs(wait_rate - mu) < 1e-9 * mu) {
    both = 1.0 - std::exp(-mu * t) * (1.0 + mu * t);
  } else {
    both = 1.0 - (mu * std::exp(-wait_rate * t) - wait_rate * std::exp(-mu * t)) / (mu - wait_rate);
  }
  return (1.0 - p_wait) * service + p_wait * both;
}

}  // namespace stratus::sim
