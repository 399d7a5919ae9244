#include "models/autoscaling/metric_store.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace stratus::models::autoscaling {

namespace {

// Sample ends and period bounds are sums of 15 s ticks and products of 60 s periods: exact in
// binary, but a caller's arithmetic may leave a few ulps. A nanosecond of slack keeps a sample
// ending exactly on a period boundary in the period it closes.
constexpr double kTimeSlack = 1e-9;

// The index j of the period [j P, (j + 1) P) that a sample ending at end_s belongs to: the
// sample covers the tick just before end_s, so an end on a boundary closes the earlier period.
long long period_of(double end_s, double period_s) {
  return static_cast<long long>(std::ceil(end_s / period_s - kTimeSlack)) - 1;
}

// The statistic of one period, accumulated sample by sample.
class Accumulator {
 public:
  void add(double value, double weight, double total, double lo, double hi, const sim::Histogram* values) {
    weighted_sum_ += value * weight;
    weight_ += weight;
    total_ += total;
    lo_ = std::min(lo_, lo);
    hi_ = std::max(hi_, hi);
    if (values != nullptr) {
      histograms_.push_back(values);
    } else {
      levels_.push_back(value);
    }
  }

  bool empty() const { return weight_ <= 0.0; }

  double value(StatisticSpec statistic) const {
    switch (statistic.kind) {
      case Statistic::average:
        return weighted_sum_ / weight_;
      case Statistic::sum:
        return total_;
      case Statistic::maximum:
        return hi_;
      case Statistic::minimum:
        return lo_;
      case Statistic::sample_count:
        return weight_;
      case Statistic::percentile:
        return percentile(statistic.percentile);
    }
    return weighted_sum_ / weight_;
  }

 private:
  // Distribution samples merge their histograms (CloudWatch's percentiles over the raw
  // values); level samples, which have no histogram, take the nearest rank of their values.
  double percentile(double q) const {
    if (!histograms_.empty()) {
      sim::Histogram merged = *histograms_.front();
      for (std::size_t i = 1; i < histograms_.size(); ++i)
        merged.merge(*histograms_[i]);
      return merged.quantile(q);
    }
    std::vector<double> sorted = levels_;
    std::sort(sorted.begin(), sorted.end());
    return sorted[sim::Histogram::nearest_rank(q, sorted.size()) - 1];
  }

  double weighted_sum_ = 0.0;
  double weight_ = 0.0;
  double total_ = 0.0;
  double lo_ = std::numeric_limits<double>::infinity();
  double hi_ = -std::numeric_limits<double>::infinity();
  std::vector<const sim::Histogram*> histograms_;
  std::vector<double> levels_;
};

}  // namespace

MetricStore::MetricStore(double publication_delay_s, double retention_s)
    : delay_s_(publication_delay_s), retention_s_(retention_s) {
  if (!(publication_delay_s >= 0.0) || !std::isfinite(publication_delay_s))
    throw std::invalid_argument("MetricStore: the publication delay must be finite and >= 0");
  if (!(retention_s > 0.0)) throw std::invalid_argument("MetricStore: the retention must be positive");
}

const std::vector<std::string>& MetricStore::fleet_metrics() {
  static const std::vector<std::string> names = {
      "cpu_utilisation", "request_count", "request_count_per_target", "latency_s", "in_flight",
      "queue_length",    "in_service"};
  return names;
}

MetricStore::Series& MetricStore::series_for(const std::string& metric, double end_s) {
  Series& series = series_[metric];
  if (!series.empty() && end_s < series.back().end_s)
    throw std::invalid_argument("MetricStore: samples of '" + metric + "' must arrive in time order");
  return series;
}

const MetricStore::Series* MetricStore::find(const std::string& metric) const {
  const auto it = series_.find(metric);
  if (it != series_.end()) return &it->second;
  const auto& known = fleet_metrics();
  if (std::find(known.begin(), known.end(), metric) != known.end()) return nullptr;
  throw std::invalid_argument("MetricStore: unknown metric '" + metric + "'");
}

void MetricStore::forget_old(Series& series) const {
  const double horizon = series.back().end_s - retention_s_;
  while (series.front().end_s < horizon)
    series.pop_front();
}

void MetricStore::add(const std::string& metric, double end_s, double value, double weight) {
  Series& series = series_for(metric, end_s);
  if (!(weight > 0.0)) return;  // no data: the period stays missing unless other samples fill it
  series.push_back(Sample{end_s, value, weight, value, value, value, nullptr});
  forget_old(series);
}

void MetricStore::add_distribution(const std::string& metric, double end_s, const sim::Histogram& values) {
  Series& series = series_for(metric, end_s);
  if (values.count() == 0) return;
  const auto count = static_cast<double>(values.count());
  series.push_back(Sample{end_s, values.mean(), count, values.sum(), values.min(), values.max(),
                          std::make_shared<const sim::Histogram>(values)});
  forget_old(series);
}

std::vector<Datapoint> MetricStore::datapoints(const std::string& metric, StatisticSpec statistic,
                                               double period_s, int count, double now_s) const {
  if (!(period_s > 0.0)) throw std::invalid_argument("MetricStore: the period must be positive");
  if (count <= 0) return {};
  // Periods [j P, (j + 1) P) with j < last are published: (j + 1) P + delay <= now.
  const auto last = static_cast<long long>(std::floor((now_s - delay_s_) / period_s + kTimeSlack));
  const long long first = last - count;
  std::vector<Datapoint> out(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    out[static_cast<std::size_t>(i)].start_s = static_cast<double>(first + i) * period_s;
    out[static_cast<std::size_t>(i)].end_s = static_cast<double>(first + i + 1) * period_s;
  }
  const Series* series = find(metric);
  if (series == nullptr) return out;

  std::vector<Accumulator> periods(static_cast<std::size_t>(count));
  auto it = std::partition_point(series->begin(), series->end(),
                                 [&](const Sample& s) { return period_of(s.end_s, period_s) < first; });
  for (; it != series->end(); ++it) {
    const long long j = period_of(it->end_s, period_s);
    if (j >= last) break;
    periods[static_cast<std::size_t>(j - first)].add(it->value, it->weight, it->total, it->lo, it->hi,
                                                     it->values.get());
  }
  for (std::size_t i = 0; i < periods.size(); ++i) {
    if (periods[i].empty()) continue;
    out[i].value = periods[i].value(statistic);
    out[i].present = true;
  }
  return out;
}

}  // namespace stratus::models::autoscaling
