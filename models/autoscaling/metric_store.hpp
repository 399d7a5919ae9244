#pragma once
// A CloudWatch-like store of one fleet's metrics. The fleet feeds it one sample per metric
// per collection tick (15 s by default): the value over the tick and a weight (how many
// instances or requests it stands for). Policies read datapoints aggregated over periods
// (60 s detailed monitoring, 300 s basic) with a statistic, and only once they are
// published: period end + publication delay <= now.
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/autoscaling/policy.hpp"
#include "sim/histogram.hpp"

namespace stratus::models::autoscaling {

class MetricStore final : public MetricSource {
 public:
  /// `retention_s`: samples older than this (before the newest tick) are forgotten; it
  /// bounds memory on long runs and must cover the longest period × count any policy asks.
  MetricStore(double publication_delay_s, double retention_s);

  /// A sample covering [end_s - duration, end_s): `value` is the metric over the tick (an
  /// average for levels and utilisations, a count for request_count), `weight` how much it
  /// counts in an average across samples (instances for cpu_utilisation; 1 otherwise).
  /// Samples of one metric arrive in time order. A weight of 0 records "no data".
  void add(const std::string& metric, double end_s, double value, double weight = 1.0);
  /// A distribution sample (latency_s): percentiles merge the histograms of the period;
  /// average/min/max/sum/sample_count use its values.
  void add_distribution(const std::string& metric, double end_s, const sim::Histogram& values);

  std::vector<Datapoint> datapoints(const std::string& metric, StatisticSpec statistic, double period_s,
                                    int count, double now_s) const override;

  double publication_delay_s() const { return delay_s_; }
  double retention_s() const { return retention_s_; }

  /// The metrics a fleet publishes (see MetricSource). They are known before their first
  /// sample, so an alarm on one of them reads "missing data" at start-up instead of failing.
  static const std::vector<std::string>& fleet_metrics();

 private:
  // One tick of one metric. A level sample (add) stands for `weight` observations of mean
  // `value`; a distribution sample (add_distribution) for `weight` = count observations of
  // mean `value`, with their sum in `total`, their extremes in lo/hi and, for percentiles,
  // their histogram (shared: a deque may copy elements when it grows).
  struct Sample {
    double end_s;
    double value;
    double weight;
    double total;  // what a sum adds: the value itself for a level, the values' sum otherwise
    double lo;
    double hi;
    std::shared_ptr<const sim::Histogram> values;  // distribution samples only
  };
  using Series = std::deque<Sample>;

  Series& series_for(const std::string& metric, double end_s);
  const Series* find(const std::string& metric) const;
  void forget_old(Series& series) const;

  std::map<std::string, Series, std::less<>> series_;
  double delay_s_;
  double retention_s_;
};

}  // namespace stratus::models::autoscaling
