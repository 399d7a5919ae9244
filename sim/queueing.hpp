#pragma once
// Stationary queueing formulas for the fluid fidelity and for tests: Erlang B and C for
// M/M/c, the M/M/c waiting-time tail, the Allen–Cunneen G/G/c correction and the
// response-time distribution of one FIFO M/M/c queue. Pure functions; no cloud concepts.

namespace stratus::sim {

/// Erlang B blocking probability for offered load a = λ/μ on c servers, by the stable
/// recursion B(k) = a·B(k−1) / (k + a·B(k−1)): no factorials. Costs O(√a) for large loads
/// (see queueing.cpp); values below 1e-30 come back as 0.
double erlang_b(double offered_load, long long servers);

struct MmcResult {
  double utilisation = 0.0;  // ρ = λ / (c·μ)
  double p_wait = 0.0;       // Erlang C: probability an arrival waits
  double mean_wait = 0.0;    // W_q
  double decay = 0.0;        // c·μ − λ: the rate of the exponential waiting-time tail
};

/// M/M/c with one FIFO queue (Erlang C). λ < c·μ is required: an overloaded queue has no
/// stationary state, and the result is then p_wait = 1, mean_wait = +infinity, decay = 0.
MmcResult erlang_c(double lambda, double mu, long long servers);

/// P(W > t) for M/M/c: P_wait · exp(−(c·μ − λ)·t).
double mmc_wait_tail(const MmcResult& q, double t);

/// Allen–Cunneen: W_q(G/G/c) ≈ W_q(M/M/c) · (Ca² + Cs²) / 2, Ca² and Cs² the squared
/// coefficients of variation of inter-arrival and service times (exact for M/M/c).
double allen_cunneen_wait(double mmc_mean_wait, double arrival_scv, double service_scv);

/// P(T ≤ t) for T = W + S with W zero with probability 1 − p_wait and else exponential with
/// rate `wait_rate`, S exponential with rate `mu` independent of W: the M/M/c FIFO response time.
double wait_plus_exponential_cdf(double p_wait, double wait_rate, double mu, double t);

}  // namespace stratus::sim
