#include "sim/histogram.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/number_format.hpp"

namespace stratus::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Buckets are laid out with this many spare slots on each side of a new value, so that a
// histogram does not reallocate for every new bucket while it learns its range.
constexpr int kGrowthMargin = 64;

// The bucket bounds are computed with a log and an exp, each off by a few ulps; a value on a
// bucket edge may land one bucket over, exceeding the accuracy by ~1e-13 relative. Building
// the buckets for a slightly tighter accuracy keeps the promised bound strict.
constexpr double kAccuracySafety = 1.0 - 1e-7;

}  // namespace

Histogram::Histogram(double relative_accuracy, double min_positive)
    : relative_accuracy_(relative_accuracy),
      min_positive_(min_positive),
      lowest_(std::numeric_limits<int>::max()),
      highest_(std::numeric_limits<int>::min()),
      min_(kInfinity),
      max_(-kInfinity) {
  if (!(relative_accuracy >= kMinRelativeAccuracy && relative_accuracy <= kMaxRelativeAccuracy)) {
    throw std::invalid_argument("Histogram: relative accuracy must be in [0.0001, 0.01], got " +
                                format_number(relative_accuracy));
  }
  if (!(min_positive > 0.0 && std::isfinite(min_positive))) {
    throw std::invalid_argument("Histogram: min_positive must be positive and finite, got " +
                                format_number(min_positive));
  }
  const double accuracy = relative_accuracy * kAccuracySafety;
  const double gamma = (1.0 + accuracy) / (1.0 - accuracy);
  log_gamma_ = std::log(gamma);
  inverse_log_gamma_ = 1.0 / log_gamma_;
  bucket_value_scale_ = 2.0 / (gamma + 1.0);
}

double Histogram::bucket_value(int index) const {
  return std::exp(static_cast<double>(index) * log_gamma_) * bucket_value_scale_;
}

void Histogram::add_non_positive(double value) {
  if (std::isnan(value) || value < -kMaxFinite) throw_not_finite(value);
  ++zero_count_;
  note_value(value);
}

void Histogram::throw_not_finite(double value) {
  throw std::invalid_argument("Histogram: cannot add a non-finite value (" +
                              std::string(std::isnan(value) ? "nan" : format_number(value)) + ")");
}

void Histogram::grow_to_include(int index) {
  grow_to_include(index, index);
}

void Histogram::grow_to_include(int low, int high) {
  std::int64_t new_low = static_cast<std::int64_t>(low) - kGrowthMargin;
  std::int64_t new_high = static_cast<std::int64_t>(high) + kGrowthMargin;
  if (!buckets_.empty()) {
    const std::int64_t old_low = offset_;
    const std::int64_t old_high = offset_ + static_cast<std::int64_t>(buckets_.size()) - 1;
    if (low >= old_low && high <= old_high) return;
    // Extending by half the current span as well keeps a slowly drifting range amortised O(1).
    const std::int64_t extra = kGrowthMargin + static_cast<std::int64_t>(buckets_.size() / 2);
    new_low = low < old_low ? low - extra : old_low;
    new_high = high > old_high ? high + extra : old_high;
  }
  std::vector<std::uint64_t> grown(static_cast<std::size_t>(new_high - new_low + 1), 0);
  if (lowest_ <= highest_) {
    std::copy(buckets_.begin() + (lowest_ - offset_), buckets_.begin() + (highest_ - offset_ + 1),
              grown.begin() + (lowest_ - new_low));
  }
  buckets_ = std::move(grown);
  offset_ = new_low;
}

void Histogram::merge(const Histogram& other) {
  if (other.relative_accuracy_ != relative_accuracy_ || other.min_positive_ != min_positive_) {
    throw std::invalid_argument(
        "Histogram::merge: both histograms need the same relative accuracy and min_positive");
  }
  if (other.count_ == 0) return;
  if (other.lowest_ <= other.highest_) {
    grow_to_include(other.lowest_, other.highest_);
    for (int index = other.lowest_; index <= other.highest_; ++index) {
      buckets_[static_cast<std::size_t>(index - offset_)] +=
          other.buckets_[static_cast<std::size_t>(index - other.offset_)];
    }
    lowest_ = std::min(lowest_, other.lowest_);
    highest_ = std::max(highest_, other.highest_);
  }
  count_ += other.count_;
  zero_count_ += other.zero_count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  add_compensated(sum_, sum_compensation_, other.sum_);
  add_compensated(sum_, sum_compensation_, other.sum_compensation_);
}

void Histogram::clear() {
  if (lowest_ <= highest_) {
    std::fill(buckets_.begin() + (lowest_ - offset_), buckets_.begin() + (highest_ - offset_ + 1), 0);
  }
  lowest_ = std::numeric_limits<int>::max();
  highest_ = std::numeric_limits<int>::min();
  count_ = 0;
  zero_count_ = 0;
  sum_ = 0.0;
  sum_compensation_ = 0.0;
  min_ = kInfinity;
  max_ = -kInfinity;
}

double Histogram::mean() const {
  return count_ == 0 ? kNaN : sum() / static_cast<double>(count_);
}
double Histogram::min() const {
  return count_ == 0 ? kNaN : min_;
}
double Histogram::max() const {
  return count_ == 0 ? kNaN : max_;
}

std::uint64_t Histogram::nearest_rank(double q, std::uint64_t n) {
  if (n == 0) return 0;
  const double exact = q * static_cast<double>(n);
  // A relative slack of 1e-12 absorbs the binary round-off of q; it cannot skip a genuine
  // rank unless n exceeds 10^12 values.
  const double rank = std::ceil(exact - exact * 1e-12);
  if (rank < 1.0) return 1;
  if (rank >= static_cast<double>(n)) return n;
  return static_cast<std::uint64_t>(rank);
}

double Histogram::quantile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("Histogram::quantile: q must be in [0, 1], got " + format_number(q));
  }
  if (count_ == 0) return kNaN;
  const std::uint64_t rank = nearest_rank(q, count_);
  // The extreme ranks are known exactly; a bucket would only approximate them.
  if (rank == 1) return min_;
  if (rank == count_) return max_;
  // Clamping to [min, max] can only move an estimate towards the true value, which lies there.
  std::uint64_t seen = zero_count_;
  if (rank <= seen) return std::clamp(0.0, min_, max_);
  for (int index = lowest_; index <= highest_; ++index) {
    seen += buckets_[static_cast<std::size_t>(index - offset_)];
    if (rank <= seen) return std::clamp(bucket_value(index), min_, max_);
  }
  return max_;  // unreachable: the buckets and the zero bucket hold count_ values
}

}  // namespace stratus::sim
