#pragma once
// Probability distributions for durations, sizes and work, with the moments that analytic
// models (Erlang C, Allen–Cunneen) need. A value type: copy it freely.
#include <string>
#include <vector>

#include "sim/random.hpp"

namespace stratus::sim {

class Distribution {
 public:
  enum class Kind { constant, exponential, lognormal, uniform, normal, weibull, gamma, empirical };

  static Distribution constant(double value);
  static Distribution exponential(double mean);
  /// Log-normal given its mean and coefficient of variation (sd / mean), the way service
  /// times are usually reported, rather than the parameters of the underlying normal.
  static Distribution lognormal(double mean, double cv);
  static Distribution uniform(double low, double high);
  /// Normal truncated at zero by resampling (durations and sizes are never negative): `mean`
  /// and `sd` are the untruncated normal's, mean() and scv() the truncated law's.
  static Distribution normal(double mean, double sd);
  static Distribution weibull(double shape, double scale);
  /// Gamma given mean and cv (shape = 1 / cv²); Marsaglia–Tsang sampling.
  static Distribution gamma(double mean, double cv);
  /// Resampling of observed values, each equally likely.
  static Distribution empirical(std::vector<double> values);

  double sample(RandomStream& rng) const;
  double mean() const;
  /// Squared coefficient of variation, for the Allen–Cunneen approximation.
  double scv() const;
  Kind kind() const { return kind_; }
  /// "exponential(mean=0.05)" and the like, for messages and summaries.
  std::string describe() const;

 private:
  Kind kind_ = Kind::constant;
  double a_ = 0.0;  // constant value, mean, low, mu (lognormal), shape (weibull, gamma)
  double b_ = 0.0;  // high, sigma (lognormal), sd (normal), scale (weibull, gamma)
  double mean_ = 0.0;
  double scv_ = 0.0;
  std::vector<double> values_;
};

}  // namespace stratus::sim
