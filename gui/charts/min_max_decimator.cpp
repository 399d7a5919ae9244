#include "gui/charts/min_max_decimator.hpp"

#include <algorithm>
#include <cmath>

namespace stratus::gui {

MinMaxDecimator::MinMaxDecimator(int max_points) : max_points_(std::max(max_points, 4)) {
  // Two points per bucket plus the first and the last point of the whole series.
  bucket_limit_ = std::max(2, (max_points_ - 2) / 2);
  bucket_limit_ -= bucket_limit_ % 2;
}

void MinMaxDecimator::merge_pairs() {
  std::vector<Bucket> merged;
  merged.reserve(buckets_.size() / 2);
  for (std::size_t i = 0; i + 1 < buckets_.size(); i += 2) {
    const Bucket& a = buckets_[i];
    const Bucket& b = buckets_[i + 1];
    if (a.empty || b.empty) {
      merged.push_back(a.empty ? b : a);
      continue;
    }
    Bucket m;
    m.empty = false;
    m.min = b.min.y() < a.min.y() ? b.min : a.min;
    m.max = b.max.y() > a.max.y() ? b.max : a.max;
    merged.push_back(m);
  }
  buckets_ = std::move(merged);
  rows_per_bucket_ *= 2;
  rows_in_last_ = rows_per_bucket_;  // merged only when every bucket was full: they still are
}

void MinMaxDecimator::add(double x, double y) {
  if (buckets_.empty() || rows_in_last_ == rows_per_bucket_) {
    if (static_cast<int>(buckets_.size()) == bucket_limit_) merge_pairs();  // every bucket is full
    if (buckets_.empty() || rows_in_last_ == rows_per_bucket_) {
      buckets_.emplace_back();
      rows_in_last_ = 0;
    }
  }
  ++rows_in_last_;
  if (std::isnan(y)) return;
  const QPointF p(x, y);
  if (!any_) first_ = p;
  any_ = true;
  last_ = p;
  Bucket& b = buckets_.back();
  if (b.empty) {
    b.min = b.max = p;
    b.empty = false;
    return;
  }
  if (y < b.min.y()) b.min = p;
  if (y > b.max.y()) b.max = p;
}

QVector<QPointF> MinMaxDecimator::points() const {
  QVector<QPointF> out;
  if (!any_) return out;
  out.reserve(static_cast<int>(buckets_.size()) * 2 + 2);
  auto push = [&out](const QPointF& p) {
    if (out.isEmpty() || out.back() != p) out.push_back(p);
  };
  push(first_);
  for (const Bucket& b : buckets_) {
    if (b.empty) continue;
    const bool min_first = b.min.x() <= b.max.x();
    push(min_first ? b.min : b.max);
    push(min_first ? b.max : b.min);
  }
  // The last sample always ends the line: a chart's final value is the run's final value.
  push(last_);
  return out;
}

}  // namespace stratus::gui
