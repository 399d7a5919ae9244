#include "models/keep_alive.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace stratus::models {

namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("keep-alive: ") + what);
}

class Fixed final : public KeepAlivePolicy {
 public:
  explicit Fixed(double ttl_s) : ttl_s_(ttl_s) { require(ttl_s >= 0, "ttl_s must be >= 0"); }
  void record_idle_time(double) override {}
  KeepAliveWindows windows() const override { return {0.0, ttl_s_}; }

 private:
  double ttl_s_;
};

/// The hybrid histogram policy of Shahrad et al., "Serverless in the Wild" (USENIX ATC 2020),
/// without its ARIMA branch.
///
/// Idle times fall into bins [k·bin_s, (k+1)·bin_s) up to histogram_range_s; longer ones are
/// out of bounds (OOB) and only counted. Percentiles are nearest-rank over the in-range idle
/// times: the head bin holds the ceil(head·N)-th smallest of the N, the tail bin the
/// ceil(tail·N)-th.
///
/// Bin edges: the pre-warm window uses the head bin's LOWER edge and the keep-alive window
/// reaches the tail bin's UPPER edge. A bin only says an idle time lies somewhere inside it,
/// so these are the conservative ends: the sandbox is loaded again no later than the
/// earliest idle time the head bin may hold, and stays until the latest one the tail bin may
/// hold. The margins widen both further, as the paper's 10 % margin does. The same edges are
/// used by public reimplementations of the policy (e.g. dslab-faas). Consequences: a head in
/// the first bin gives a pre-warm of 0 (keep the sandbox loaded), and 100 idle times in the
/// 10–11 min bin give pre-warm 10 min × 0.9 and keep-alive 11 min × 1.1 − pre-warm.
///
/// Not representative (too few idle times, OOB dominant, or bin counts too even to show a
/// pattern) means the full-range fallback: no pre-warm, keep alive for the histogram range.
/// The paper forecasts the next idle time with ARIMA when OOB idle times dominate; this model
/// has no time-series forecaster and falls back to the full range there as well, so it
/// overestimates the memory such functions hold rather than their cold starts.
class HybridHistogram final : public KeepAlivePolicy {
 public:
  explicit HybridHistogram(const KeepAliveParams& p) : p_(p) {
    require(std::isfinite(p.bin_s) && p.bin_s > 0, "bin_s must be > 0");
    require(std::isfinite(p.histogram_range_s) && p.histogram_range_s > 0, "histogram_range_s must be > 0");
    require(p.head_percentile >= 0 && p.head_percentile <= p.tail_percentile && p.tail_percentile <= 1,
            "percentiles must satisfy 0 <= head_percentile <= tail_percentile <= 1");
    require(p.margin >= 0 && p.margin < 1, "margin must be in [0, 1)");
    require(p.cv_threshold >= 0, "cv_threshold must be >= 0");
    require(p.oob_threshold > 0 && p.oob_threshold <= 1, "oob_threshold must be in (0, 1]");
    // A range that is not a whole number of bins ends in a narrower last bin; the tolerance
    // keeps 14400 / 60 from becoming 241 bins through floating-point residue.
    const double bins = std::ceil(p.histogram_range_s / p.bin_s - 1e-9);
    bins_.assign(static_cast<std::size_t>(std::max(1.0, bins)), 0);
    windows_ = full_range();
  }

  void record_idle_time(double idle_s) override {
    require(!std::isnan(idle_s), "idle time is NaN");
    idle_s = std::max(0.0, idle_s);
    if (idle_s >= p_.histogram_range_s) {
      ++out_of_bounds_;
    } else {
      const auto k = std::min(bins_.size() - 1, static_cast<std::size_t>(idle_s / p_.bin_s));
      sum_of_squares_ += 2 * bins_[k] + 1;  // (c + 1)² − c²
      ++bins_[k];
      ++in_range_;
    }
    windows_ = representative() ? from_histogram() : full_range();
  }

  KeepAliveWindows windows() const override { return windows_; }

 private:
  KeepAliveWindows full_range() const { return {0.0, p_.histogram_range_s}; }

  bool representative() const {
    const std::uint64_t total = in_range_ + out_of_bounds_;
    if (total < p_.min_samples || in_range_ == 0) return false;
    if (static_cast<double>(out_of_bounds_) >= p_.oob_threshold * static_cast<double>(total)) return false;
    return coefficient_of_variation() > p_.cv_threshold;
  }

  /// Of the bin counts (population standard deviation over the mean): with n bins and N idle
  /// times, CV² = n·Σc²/N² − 1. All in one bin gives √(n − 1), an even spread 0.
  double coefficient_of_variation() const {
    const double n = static_cast<double>(bins_.size());
    const double count = static_cast<double>(in_range_);
    const double cv2 = n * static_cast<double>(sum_of_squares_) / (count * count) - 1.0;
    return std::sqrt(std::max(0.0, cv2));
  }

  std::size_t percentile_bin(double p) const {
    const double count = static_cast<double>(in_range_);
    // The tolerance keeps 0.05 × 100 from ranking 6th through floating-point residue.
    const double rank = std::clamp(std::ceil(p * count - 1e-9), 1.0, count);
    std::uint64_t cumulative = 0;
    for (std::size_t k = 0; k < bins_.size(); ++k) {
      cumulative += bins_[k];
      if (static_cast<double>(cumulative) >= rank) return k;
    }
    return bins_.size() - 1;
  }

  KeepAliveWindows from_histogram() const {
    const double head_lower_edge = static_cast<double>(percentile_bin(p_.head_percentile)) * p_.bin_s;
    const double tail_upper_edge = std::min(
        static_cast<double>(percentile_bin(p_.tail_percentile) + 1) * p_.bin_s, p_.histogram_range_s);
    const double prewarm = head_lower_edge * (1.0 - p_.margin);
    return {prewarm, tail_upper_edge * (1.0 + p_.margin) - prewarm};
  }

  KeepAliveParams p_;
  std::vector<std::uint64_t> bins_;
  std::uint64_t in_range_ = 0;
  std::uint64_t out_of_bounds_ = 0;
  std::uint64_t sum_of_squares_ = 0;  // Σ over bins of count², for the CV in O(1)
  KeepAliveWindows windows_;
};

}  // namespace

double reclaim_time(double due_s, double reaper_s) {
  if (reaper_s <= 0 || !std::isfinite(due_s)) return due_s;
  return std::ceil(due_s / reaper_s) * reaper_s;
}

const KeepAlivePolicyRegistry& keep_alive_policies() {
  static const KeepAlivePolicyRegistry registry = [] {
    KeepAlivePolicyRegistry r("keep-alive policy");
    r.add("fixed", "keep an idle sandbox loaded for ttl_s after each execution (AWS Lambda: about 10 min)",
          [](const KeepAliveParams& p) { return std::make_unique<Fixed>(p.ttl_s); });
    r.add("never", "never unload an idle sandbox", [](const KeepAliveParams&) {
      return std::make_unique<Fixed>(std::numeric_limits<double>::infinity());
    });
    r.add("hybrid-histogram",
          "pre-warm and keep-alive windows from a histogram of the function's idle times "
          "(Shahrad et al., ATC 2020)",
          [](const KeepAliveParams& p) { return std::make_unique<HybridHistogram>(p); });
    return r;
  }();
  return registry;
}

}  // namespace stratus::models
