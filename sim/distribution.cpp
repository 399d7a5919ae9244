#include "sim/distribution.hpp"

#include <cmath>
#include <numbers>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace stratus::sim {

Distribution Distribution::constant(double value) {
  Distribution d;
  d.kind_ = Kind::constant;
  d.a_ = value;
  d.mean_ = value;
  d.scv_ = 0.0;
  return d;
}

Distribution Distribution::exponential(double mean) {
  if (!(mean > 0)) throw std::invalid_argument("exponential mean must be positive");
  Distribution d;
  d.kind_ = Kind::exponential;
  d.a_ = mean;
  d.mean_ = mean;
  d.scv_ = 1.0;
  return d;
}

Distribution Distribution::lognormal(double mean, double cv) {
  if (!(mean > 0) || !(cv > 0)) throw std::invalid_argument("lognormal mean and cv must be positive");
  Distribution d;
  d.kind_ = Kind::lognormal;
  const double sigma2 = std::log1p(cv * cv);
  d.a_ = std::log(mean) - sigma2 / 2.0;
  d.b_ = std::sqrt(sigma2);
  d.mean_ = mean;
  d.scv_ = cv * cv;
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  if (!(high >= low)) throw std::invalid_argument("uniform needs low <= high");
  Distribution d;
  d.kind_ = Kind::uniform;
  d.a_ = low;
  d.b_ = high;
  d.mean_ = (low + high) / 2.0;
  const double var = (high - low) * (high - low) / 12.0;
  d.scv_ = d.mean_ > 0 ? var / (d.mean_ * d.mean_) : 0.0;
  return d;
}

Distribution Distribution::normal(double mean, double sd) {
  if (!(mean > 0) || !(sd >= 0)) throw std::invalid_argument("normal needs a positive mean and sd >= 0");
  Distribution d;
  d.kind_ = Kind::normal;
  d.a_ = mean;
  d.b_ = sd;
  // Samples are resampled below zero, so what is drawn is the normal truncated at 0, and its
  // moments are the truncated ones: with a = -mean / sd and the inverse Mills ratio
  // lambda = phi(a) / (1 - Phi(a)), the mean is mean + sd * lambda and the variance
  // sd^2 * (1 + a * lambda - lambda^2). Fluid queues, sizing and provisioning read these; a
  // mean of 80 ms with an sd of 200 ms averages 192 ms, not 80.
  if (sd == 0.0) {
    d.mean_ = mean;
    d.scv_ = 0.0;
    return d;
  }
  const double a = -mean / sd;
  const double survival = 0.5 * std::erfc(a / std::sqrt(2.0));  // 1 - Phi(a), at least 1/2 here
  const double density = std::exp(-0.5 * a * a) / std::sqrt(2.0 * std::numbers::pi);
  const double lambda = density / survival;
  d.mean_ = mean + sd * lambda;
  const double variance = sd * sd * (1.0 + a * lambda - lambda * lambda);
  d.scv_ = variance / (d.mean_ * d.mean_);
  return d;
}

Distribution Distribution::weibull(double shape, double scale) {
  if (!(shape > 0) || !(scale > 0)) throw std::invalid_argument("weibull shape and scale must be positive");
  Distribution d;
  d.kind_ = Kind::weibull;
  d.a_ = shape;
  d.b_ = scale;
  const double g1 = std::tgamma(1.0 + 1.0 / shape);
  const double g2 = std::tgamma(1.0 + 2.0 / shape);
  d.mean_ = scale * g1;
  d.scv_ = g2 / (g1 * g1) - 1.0;
  return d;
}

Distribution Distribution::gamma(double mean, double cv) {
  if (!(mean > 0) || !(cv > 0)) throw std::invalid_argument("gamma mean and cv must be positive");
  Distribution d;
  d.kind_ = Kind::gamma;
  d.a_ = 1.0 / (cv * cv);  // shape
  d.b_ = mean / d.a_;      // scale
  d.mean_ = mean;
  d.scv_ = cv * cv;
  return d;
}

Distribution Distribution::empirical(std::vector<double> values) {
  if (values.empty()) throw std::invalid_argument("empirical distribution needs at least one value");
  Distribution d;
  d.kind_ = Kind::empirical;
  const double n = static_cast<double>(values.size());
  d.mean_ = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double var = 0;
  for (double v : values)
    var += (v - d.mean_) * (v - d.mean_);
  var /= n;
  d.scv_ = d.mean_ > 0 ? var / (d.mean_ * d.mean_) : 0.0;
  d.values_ = std::move(values);
  return d;
}

namespace {
double sample_gamma(RandomStream& rng, double shape, double scale) {
  if (shape < 1.0) {
    // Boost a shape below one (Marsaglia–Tsang): G(a) = G(a + 1) · U^(1/a).
    const double u = rng.uniform01();
    return sample_gamma(rng, shape + 1.0, scale) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  while (true) {
    double x, v;
    do {
      x = rng.standard_normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform01();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v * scale;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v * scale;
  }
}
}  // namespace

double Distribution::sample(RandomStream& rng) const {
  switch (kind_) {
    case Kind::constant:
      return a_;
    case Kind::exponential:
      return -a_ * std::log(rng.uniform01());
    case Kind::lognormal:
      return std::exp(a_ + b_ * rng.standard_normal());
    case Kind::uniform:
      return rng.uniform(a_, b_);
    case Kind::normal: {
      double x;
      do {
        x = a_ + b_ * rng.standard_normal();
      } while (x < 0.0);
      return x;
    }
    case Kind::weibull:
      return b_ * std::pow(-std::log(rng.uniform01()), 1.0 / a_);
    case Kind::gamma:
      return sample_gamma(rng, a_, b_);
    case Kind::empirical:
      return values_[rng.below(values_.size())];
  }
  return a_;
}

double Distribution::mean() const {
  return mean_;
}
double Distribution::scv() const {
  return scv_;
}

std::string Distribution::describe() const {
  std::ostringstream out;
  switch (kind_) {
    case Kind::constant:
      out << "constant(" << a_ << ")";
      break;
    case Kind::exponential:
      out << "exponential(mean=" << mean_ << ")";
      break;
    case Kind::lognormal:
      out << "lognormal(mean=" << mean_ << ", cv=" << std::sqrt(scv_) << ")";
      break;
    case Kind::uniform:
      out << "uniform(" << a_ << ", " << b_ << ")";
      break;
    case Kind::normal:
      out << "normal(mean=" << a_ << ", sd=" << b_ << ")";
      break;
    case Kind::weibull:
      out << "weibull(shape=" << a_ << ", scale=" << b_ << ")";
      break;
    case Kind::gamma:
      out << "gamma(mean=" << mean_ << ", cv=" << std::sqrt(scv_) << ")";
      break;
    case Kind::empirical:
      out << "empirical(" << values_.size() << " values, mean=" << mean_ << ")";
      break;
  }
  return out.str();
}

}  // namespace stratus::sim
