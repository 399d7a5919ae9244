#pragma once
// Erlang C in constant time for a fluid run, which needs P_wait for every service at every
// step while the load changes a little each time. The exact recursion costs O(√a) (thousands
// of operations for a large fleet), so for one server count c the log of P_wait is tabulated
// against the offered load a and read back by cubic interpolation. The table spans the loads
// where P_wait matters, from a = c down to the load of Halfin–Whitt parameter
// β = (c − a)/√a = kMaxBeta; its spacing resolves both the scale on which P_wait changes near
// saturation (√a: log P_wait ≈ −β²/2 + …) and the logarithmic scale at light loads (a: with one
// server P_wait = ρ). A uniform grid in a needs no square root or division per look-up. Pure
// functions of (a, c): nodes are filled lazily, so results do not depend on which loads came first.
#include <vector>

#include "sim/queueing.hpp"

namespace stratus::sim {

/// P_wait of M/M/c for one c at any offered load a < c. Interpolation error: below 1e-6
/// relative wherever P_wait > 1e-12 (tests/fluid_accuracy_test.cpp). Below the table's loads the
/// exact recursion is used under kExactBeyondTableBelow servers (it is short there), and from
/// there on P_wait < 1e-18 is returned as 0.
class ErlangCTable {
 public:
  static constexpr long long kExactBeyondTableBelow = 64;
  static constexpr double kMaxBeta = 12.0;
  static constexpr double kNodesPerScale = 16.0;  // nodes per √a (or per a / (2·c^¼), if smaller)

  explicit ErlangCTable(long long servers);

  long long servers() const { return servers_; }
  /// Erlang C's P_wait for offered load a = λ/μ; 1 when a ≥ c, 0 when a ≤ 0.
  double p_wait(double offered_load);

 private:
  void fill(int j);  // computes log P_wait at node j, a = c − j·spacing

  long long servers_;
  double c_;
  double spacing_;             // in offered load
  double per_spacing_;         // 1 / spacing_
  int last_node_;              // the node nearest the table's lightest load
  std::vector<double> log_p_;  // NaN until computed
};

/// Erlang C for a service whose λ changes every step and whose c changes now and then: a few
/// tables by server count (the least recently used is dropped) and the last answer, reused
/// while λ and c stay the same.
class ErlangCCache {
 public:
  MmcResult erlang_c(double lambda, double mu, long long servers);

 private:
  double per_mu_ = 1.0, per_mu_of_ = 1.0;  // 1 / μ for μ = per_mu_of_
  static constexpr std::size_t kTables = 4;
  std::vector<ErlangCTable> tables_;  // most recently used first
  double last_lambda_ = -1.0, last_mu_ = -1.0;
  long long last_servers_ = -1;
  MmcResult last_;
};

}  // namespace stratus::sim
