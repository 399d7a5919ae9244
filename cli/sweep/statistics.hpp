#pragma once
// Means over replications with Student-t 95 % confidence intervals, and differences between
// variants: paired (replicate r of a variant against replicate r of the baseline, which saw
// the same random numbers) and unpaired (Welch), so that a user sees what the pairing buys.
#include <cstddef>
#include <vector>

namespace stratus::cli::sweep {

struct Interval {
  double mean = 0;
  double half_width = 0;  // NaN with fewer than two values
  std::size_t n = 0;
};

/// The two-sided 95 % quantile of Student's t with `dof` degrees of freedom (real-valued for
/// Welch's approximation).
double t95(double dof);

/// Mean and 95 % interval of independent replications.
Interval mean_interval(const std::vector<double>& values);

/// The mean of a[i] − b[i] and its 95 % interval from the differences' spread (a and b have
/// the same length: replicate i of each).
Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b);

/// mean(a) − mean(b) with Welch's 95 % interval, as if the replicates were independent.
Interval unpaired_difference(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace stratus::cli::sweep
