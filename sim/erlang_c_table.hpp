#pragma once
// Erlang C in constant time for a fluid run, which needs P_wait for every service at every
// step while the load changes a little each time. The exact recursion costs O(√a) (thousands
// of operations for a large fleet), so for one server count c the log of P_wait is tabulated
// against the Halfin–Whitt load β = (c − a)/√a, on which it is smooth for every c (≈ −β²/2
// deep in the tail), and read back by cubic interpolation. Pure functions of (a, c): the
// table's nodes are filled lazily, so results do not depend on which loads came first.
#include <vector>

#include "sim/queueing.hpp"

namespace stratus::sim {

/// P_wait of M/M/c for one c at any offered load a < c. Interpolation error: below 1e-6
/// relative wherever P_wait > 1e-12 (tests/fluid_accuracy_test.cpp). Past β = kMaxBeta the
/// exact recursion is used below kExactBeyondTableBelow servers (it is short there), and from
/// there on P_wait < 1e-18 is returned as 0.
class ErlangCTable {
 public:
  static constexpr long long kExactBeyondTableBelow = 64;
  static constexpr double kMaxBeta = 12.0;
  static constexpr int kNodesPerUnitBeta = 16;

  explicit ErlangCTable(long long servers);

  long long servers() const { return servers_; }
  /// Erlang C's P_wait for offered load a = λ/μ; 1 when a ≥ c, 0 when a ≤ 0.
  double p_wait(double offered_load);

 private:
  double node(int j);  // log P_wait at β = j / kNodesPerUnitBeta, computed on first use

  long long servers_;
  std::vector<double> log_p_;  // NaN until computed
};

/// Erlang C for a service whose λ changes every step and whose c changes now and then: a few
/// tables by server count (the least recently used is dropped) and the last answer, reused
/// while λ and c stay the same.
class ErlangCCache {
 public:
  MmcResult erlang_c(double lambda, double mu, long long servers);

 private:
  static constexpr std::size_t kTables = 4;
  std::vector<ErlangCTable> tables_;  // most recently used first
  double last_lambda_ = -1.0, last_mu_ = -1.0;
  long long last_servers_ = -1;
  MmcResult last_;
};

}  // namespace stratus::sim
