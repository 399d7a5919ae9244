#pragma once
// Log-bucketed histogram with bounded relative error (the DDSketch mapping): a positive
// value v falls into bucket i = ceil(log_gamma(v)), which covers (gamma^(i-1), gamma^i], and
// the bucket answers with 2 gamma^i / (gamma + 1). With gamma = (1 + a) / (1 - a) that answer
// is within a relative error a of every value in the bucket, so every quantile is within a of
// the exact order statistic, whatever the distribution and however many values are added.

#include <cmath>
#include <cstdint>
#include <vector>

namespace stratus::sim {

class Histogram {
 public:
  // Coarser than 1 % is useless for latency percentiles; finer than 0.01 % would make the
  // dense bucket array large (it spans ln(max / min) / (2 * accuracy) buckets).
  static constexpr double kMinRelativeAccuracy = 1e-4;
  static constexpr double kMaxRelativeAccuracy = 0.01;

  // relative_accuracy in [1e-4, 0.01]; values <= min_positive (which must be > 0) are counted
  // in a zero bucket that answers 0 (clamped to [min(), max()]). Throws std::invalid_argument.
  explicit Histogram(double relative_accuracy = 0.005, double min_positive = 1e-9);

  // Hot path: a log, a compare and an increment; allocates only when a value lands outside
  // every bucket seen so far. Throws std::invalid_argument for NaN and infinities, which
  // would silently poison sum and mean.
  void add(double value) {
    if (!(value > min_positive_)) [[unlikely]] {
      add_non_positive(value);
      return;
    }
    if (value > kMaxFinite) [[unlikely]]
      throw_not_finite(value);
    const int index = index_of(value);
    const auto slot = static_cast<std::size_t>(static_cast<std::int64_t>(index) - offset_);
    if (slot >= buckets_.size()) [[unlikely]] {
      grow_to_include(index);
      ++buckets_[static_cast<std::size_t>(index - offset_)];
    } else {
      ++buckets_[slot];
    }
    if (index < lowest_) lowest_ = index;
    if (index > highest_) highest_ = index;
    note_value(value);
  }

  // Adds every value of `other`, as if they had been added here. Requires the same
  // relative accuracy and min_positive (else the buckets differ): std::invalid_argument.
  void merge(const Histogram& other);

  // Forgets every value but keeps the buckets' memory, so a histogram reused per interval
  // stops allocating once it has seen the range of its values.
  void clear();

  std::uint64_t count() const { return count_; }
  std::uint64_t zero_count() const { return zero_count_; }
  double sum() const { return sum_ + sum_compensation_; }  // compensated (Neumaier) sum
  double mean() const;                                     // NaN when empty
  double min() const;                                      // exact; NaN when empty
  double max() const;                                      // exact; NaN when empty

  // Nearest-rank quantile: the value of rank nearest_rank(q, count()) in sorted order, within
  // relative_accuracy() of it for positive values; rank 1 and rank count() give the exact
  // min() and max(). NaN when empty; std::invalid_argument when q is outside [0, 1].
  double quantile(double q) const;

  // ceil(q * n) clamped to [1, n], ignoring the round-off in q * n (0.07 * 100 is
  // 7.000000000000001 in binary, whose ceiling would be rank 8 instead of 7).
  static std::uint64_t nearest_rank(double q, std::uint64_t n);

  double relative_accuracy() const { return relative_accuracy_; }
  double min_positive() const { return min_positive_; }

 private:
  static constexpr double kMaxFinite = 1.7976931348623157e308;

  int index_of(double value) const {
    return static_cast<int>(std::ceil(std::log(value) * inverse_log_gamma_));
  }
  double bucket_value(int index) const;
  void add_non_positive(double value);
  [[noreturn]] static void throw_not_finite(double value);
  void grow_to_include(int index);
  void grow_to_include(int low, int high);

  void note_value(double value) {
    ++count_;
    if (value < min_) min_ = value;
    if (value > max_) max_ = value;
    add_compensated(sum_, sum_compensation_, value);
  }

  // Neumaier summation keeps the sum of millions of small latencies accurate for a few
  // flops, where plain summation drifts.
  static void add_compensated(double& sum, double& compensation, double value) {
    const double total = sum + value;
    if (std::fabs(sum) >= std::fabs(value)) {
      compensation += (sum - total) + value;
    } else {
      compensation += (value - total) + sum;
    }
    sum = total;
  }

  double relative_accuracy_;
  double min_positive_;
  double log_gamma_;           // ln(gamma)
  double inverse_log_gamma_;   // 1 / ln(gamma): a multiply on the hot path instead of a divide
  double bucket_value_scale_;  // 2 / (gamma + 1)

  std::vector<std::uint64_t> buckets_;  // buckets_[k] counts the values of index offset_ + k
  std::int64_t offset_ = 0;
  int lowest_;   // lowest occupied index (scan and clear start here); > highest_ when none
  int highest_;  // highest occupied index

  std::uint64_t count_ = 0;
  std::uint64_t zero_count_ = 0;
  double sum_ = 0.0;
  double sum_compensation_ = 0.0;
  double min_;
  double max_;
};

}  // namespace stratus::sim
