#pragma once
// Decimation that a chart can trust: points arrive in time order and are grouped into buckets
// of equal row counts; each bucket keeps its smallest and its largest value, so a one-sample
// spike (a failure, a cold-start burst) survives however long the run. Buckets double in width
// whenever there are too many, so appending is O(1) amortised and a live chart of a year-long
// run never holds more than `max_points` points.
#include <QPointF>
#include <QVector>
#include <vector>

namespace stratus::gui {

class MinMaxDecimator {
 public:
  /// At most `max_points` points come out (at least 4: first, last, one bucket's min and max).
  explicit MinMaxDecimator(int max_points);

  /// The next sample; x never decreases. A NaN y (an empty cell) counts as a row but draws
  /// nothing.
  void add(double x, double y);

  /// The first point, each bucket's min and max in x order, and the last point: exact while
  /// the input fits.
  QVector<QPointF> points() const;

  int max_points() const { return max_points_; }

 private:
  struct Bucket {
    QPointF min;
    QPointF max;
    bool empty = true;
  };
  void merge_pairs();

  int max_points_;
  int bucket_limit_;  // even, so that a merge halves the buckets exactly
  long long rows_per_bucket_ = 1;
  long long rows_in_last_ = 0;  // rows already in buckets_.back()
  std::vector<Bucket> buckets_;
  QPointF first_;
  QPointF last_;
  bool any_ = false;
};

}  // namespace stratus::gui
