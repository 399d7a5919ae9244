#include "cli/sweep/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>

namespace stratus::cli::sweep {

namespace {

double mean_of(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

/// Sample variance (n − 1 in the denominator).
double variance_of(const std::vector<double>& v, double mean) {
  double sum = 0;
  for (double x : v)
    sum += (x - mean) * (x - mean);
  return sum / static_cast<double>(v.size() - 1);
}

}  // namespace

double t95(double dof) {
  const boost::math::students_t dist(dof);
  return boost::math::quantile(boost::math::complement(dist, 0.025));
}

Interval mean_interval(const std::vector<double>& values) {
  Interval out;
  out.n = values.size();
  if (values.empty()) return {NAN, NAN, 0};
  out.mean = mean_of(values);
  out.half_width = NAN;
  if (values.size() < 2) return out;
  const double n = static_cast<double>(values.size());
  out.half_width = t95(n - 1) * std::sqrt(variance_of(values, out.mean) / n);
  return out;
}

Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    d.push_back(a[i] - b[i]);
  return mean_interval(d);
}

Interval unpaired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  Interval out;
  out.n = std::min(a.size(), b.size());
  if (a.empty() || b.empty()) return {NAN, NAN, 0};
  const double ma = mean_of(a), mb = mean_of(b);
  out.mean = ma - mb;
  out.half_width = NAN;
  if (a.size() < 2 || b.size() < 2) return out;
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  const double va = variance_of(a, ma) / na, vb = variance_of(b, mb) / nb;
  const double se2 = va + vb;
  if (se2 == 0) {
    out.half_width = 0;
    return out;
  }
  // Welch–Satterthwaite degrees of freedom.
  const double dof = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1));
  out.half_width = t95(dof) * std::sqrt(se2);
  return out;
}

}  // namespace stratus::cli::sweep
