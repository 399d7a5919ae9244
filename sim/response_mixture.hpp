#pragma once
// Response-time laws of FIFO M/M/c queues and their mixtures, for the fluid fidelity's latency
// percentiles: each step of each service adds one or two laws weighted by its requests, and a
// row (or the whole run) reports the mixture's mean and quantiles.
//
// Keeping every step's law is exact but grows without bound (three years of 100 services at
// one-minute steps is 158 million of them) and makes a quantile cost O(steps). ResponseMixture
// keeps a bounded summary instead: laws that differ only in their waiting-time rate θ are
// pooled in logarithmic bins of θ (a fixed number per octave), each bin represented by one law
// at the bin's mass-weighted mean θ; laws behind a fluid backlog likewise by their deterministic
// wait. Pooling at the mean makes the error second order in the bin width: with b bins per
// octave (each at most 1/b wide, relatively) a quantile up to p99 moves by at most about 0.6/b²,
// reached only when a bin's mass sits at both its ends; diurnal days stay ten times below
// (tests/fluid_accuracy_test.cpp measures both against the exact mixture). The mean is exact.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace stratus::sim {

/// Part of a step's arrivals with one response-time law: T = shift + W + S, W zero with
/// probability 1 − p_wait and else exponential with rate `wait_rate`, S the service time.
struct ResponseComponent {
  double weight = 0.0;  // expected requests
  double p_wait = 0.0;
  double wait_rate = 0.0;
  double shift_s = 0.0;  // a deterministic wait (behind a fluid backlog)
  double mu = 1.0;       // service rate: S ~ exponential(mu), or the constant 1 / mu
  bool exponential = true;
};

/// P(T ≤ t) for one component.
double response_cdf(const ResponseComponent& c, double t);
/// The exact mixture of every component: O(components) per CDF evaluation. The reference the
/// bounded ResponseMixture is tested against.
double mixture_quantile(const std::vector<ResponseComponent>& parts, double q);
double mixture_mean(const std::vector<ResponseComponent>& parts);

/// A bounded-memory mixture of one service's response-time laws (one service rate μ and
/// service-time shape). Adding a component is O(1) with no allocation once the bins in use
/// exist; memory grows with the number of octaves the laws span, never with their count.
class ResponseMixture {
 public:
  /// `bins_per_octave`: a power of two from 1 to 1024.
  ResponseMixture(double mu, bool exponential_service, int bins_per_octave);

  /// Components have this mixture's μ and shape, and either a wait or a shift, not both
  /// (std::invalid_argument otherwise).
  void add(const ResponseComponent& c);
  /// Adds another mixture of the same service law and resolution (std::invalid_argument otherwise).
  void merge(const ResponseMixture& other);
  /// Empties the mixture and keeps its memory (bins are cleared over the range last used).
  void clear();

  double weight() const { return weight_; }
  /// Requests that waited (a random wait's P_wait share, all of those behind a backlog), and
  /// their total expected wait: what a run's wait metrics need, so it need not sum them again.
  double waited() const { return waited_; }
  double wait_time_s() const { return wait_sum_; }
  /// Exact mean response time; NaN when empty.
  double mean() const;
  /// Quantiles for q in (0, 1), in the order asked; NaN when empty. `solve_bins_per_octave`
  /// (a power of two, at most the mixture's own) pools bins further for a faster, coarser
  /// answer; 0 keeps the mixture's resolution.
  std::vector<double> quantiles(std::span<const double> qs, int solve_bins_per_octave = 0) const;

  /// Quantiles of several services' mixtures taken together (the run's latency).
  friend std::vector<double> pooled_quantiles(std::span<const ResponseMixture* const> mixtures,
                                              std::span<const double> qs, int solve_bins_per_octave);

 private:
  struct Bin {
    double mass = 0.0;
    double moment = 0.0;  // Σ mass × θ (or × shift): the representative is moment / mass
  };
  /// Bins over a contiguous range of keys, grown on demand.
  struct Bins {
    std::int64_t base = 0;
    std::vector<Bin> bins;
    std::size_t lo = SIZE_MAX, hi = 0;  // the range holding mass: [lo, hi]
    void add(std::int64_t key, double mass, double moment) {
      auto slot = static_cast<std::size_t>(key - base);  // wraps around below base
      if (slot >= bins.size()) [[unlikely]]
        slot = grow(key);
      bins[slot].mass += mass;
      bins[slot].moment += moment;
      lo = std::min(lo, slot);
      hi = std::max(hi, slot);
    }
    std::size_t grow(std::int64_t key);  // makes room for key; returns its slot
    void clear();
  };

  std::int64_t key(double x) const;

  double mu_;
  bool exponential_;
  int shift_bits_;         // key = bits of x >> shift_bits_: bins_per_octave keys per octave
  double weight_ = 0.0;    // requests
  double wait_sum_ = 0.0;  // Σ weight × E[W]
  double waited_ = 0.0;    // Σ weight × P(W > 0)
  double no_wait_ = 0.0;   // requests served without waiting
  Bins waits_;             // by wait rate θ: mass = weight × p_wait
  Bins shifts_;            // by deterministic wait: mass = weight
};

std::vector<double> pooled_quantiles(std::span<const ResponseMixture* const> mixtures,
                                     std::span<const double> qs, int solve_bins_per_octave = 0);

}  // namespace stratus::sim
