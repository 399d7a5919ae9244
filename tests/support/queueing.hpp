#pragma once
// Exact queueing results and batch-means confidence intervals for validation tests.
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace stratus::testing {

struct ErlangC {
  double p_wait;
  double mean_wait;  // W_q
};

/// Erlang C for M/M/c, computed with the numerically stable recursion on the Erlang B
/// formula (no factorials, fine for c in the hundreds).
inline ErlangC erlang_c(double lambda, double mu, int c) {
  const double a = lambda / mu;
  double b = 1.0;  // Erlang B with 0 servers
  for (int k = 1; k <= c; ++k)
    b = a * b / (k + a * b);
  const double rho = a / c;
  const double p_wait = b / (1.0 - rho + rho * b);
  return {p_wait, p_wait / (c * mu - lambda)};
}

/// A mean and the half-width of its confidence interval from independent batch means.
struct Estimate {
  double mean = 0;
  double half_width = 0;
  std::size_t batches = 0;
};

/// z for a two-sided 99 % interval; batches are many (>= 30), so the normal quantile serves.
constexpr double kZ99 = 2.5758;

inline Estimate batch_means(const std::vector<double>& values) {
  Estimate e;
  e.batches = values.size();
  if (values.size() < 2) return e;
  double sum = 0;
  for (double v : values)
    sum += v;
  e.mean = sum / static_cast<double>(values.size());
  double ss = 0;
  for (double v : values)
    ss += (v - e.mean) * (v - e.mean);
  const double sd = std::sqrt(ss / static_cast<double>(values.size() - 1));
  e.half_width = kZ99 * sd / std::sqrt(static_cast<double>(values.size()));
  return e;
}

/// timeseries.csv as columns of numbers (empty cells become NaN).
inline std::map<std::string, std::vector<double>> parse_csv(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  {
    std::istringstream header(line);
    std::string cell;
    while (std::getline(header, cell, ','))
      names.push_back(cell);
  }
  std::map<std::string, std::vector<double>> columns;
  while (std::getline(in, line)) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::size_t end = line.find(',', start);
      const std::string cell = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
      columns[names[i]].push_back(cell.empty() ? NAN : std::stod(cell));
      start = end == std::string::npos ? line.size() : end + 1;
    }
  }
  return columns;
}

}  // namespace stratus::testing
