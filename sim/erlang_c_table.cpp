#include "sim/erlang_c_table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stratus::sim {

namespace {

// Nodes hold log P_wait no lower than this (P_wait ≈ 1e-35): erlang_b() returns 0 below 1e-30,
// and −infinity in the stencil would turn neighbouring values into NaN.
constexpr double kLogFloor = -80.0;

/// The exact P_wait from the shortened Erlang B recursion (sim/queueing.cpp), valid at a = c too.
double exact_p_wait(double offered_load, long long servers) {
  const double b = erlang_b(offered_load, servers);
  const double rho = offered_load / static_cast<double>(servers);
  return b / (1.0 - rho + rho * b);
}

}  // namespace

ErlangCTable::ErlangCTable(long long servers) : servers_(servers), c_(static_cast<double>(servers)) {
  // The lightest tabulated load: √a solves a + kMaxBeta·√a − c = 0.
  const double root = (-kMaxBeta + std::sqrt(kMaxBeta * kMaxBeta + 4.0 * c_)) / 2.0;
  const double lightest = root * root;
  // log P_wait ≈ c·log a at light loads: its fourth derivative grows with c, hence c^¼.
  spacing_ = std::min(root, lightest / (2.0 * std::sqrt(std::sqrt(c_)))) / kNodesPerScale;
  per_spacing_ = 1.0 / spacing_;
  last_node_ = static_cast<int>(std::ceil((c_ - lightest) * per_spacing_));
  log_p_.assign(static_cast<std::size_t>(last_node_) + 1, std::numeric_limits<double>::quiet_NaN());
}

void ErlangCTable::fill(int j) {
  double& value = log_p_[static_cast<std::size_t>(j)];
  if (std::isnan(value)) value = std::max(kLogFloor, std::log(exact_p_wait(c_ - j * spacing_, servers_)));
}

double ErlangCTable::p_wait(double offered_load) {
  const double a = offered_load;
  if (!(a > 0)) return 0.0;
  if (a >= c_) return 1.0;
  const double x = (c_ - a) * per_spacing_;
  // Below the table small fleets still wait noticeably (one server: P_wait = ρ) but their exact
  // recursion is short; large ones have P_wait < 1e-18 there.
  if (x >= last_node_) return servers_ < kExactBeyondTableBelow ? exact_p_wait(a, servers_) : 0.0;
  // Cubic Lagrange interpolation on the four nodes around x (shifted inward at the ends).
  const int first = std::clamp(static_cast<int>(x) - 1, 0, last_node_ - 3);
  const double u = x - first;  // in [0, 3]: the nodes sit at u = 0, 1, 2, 3
  const double u0 = u, u1 = u - 1, u2 = u - 2, u3 = u - 3;
  const double* n = log_p_.data() + first;
  if (std::isnan(n[0] + n[1] + n[2] + n[3])) [[unlikely]]
    for (int j = first; j < first + 4; ++j)
      fill(j);
  const double y = -n[0] * u1 * u2 * u3 / 6.0 + n[1] * u0 * u2 * u3 / 2.0 - n[2] * u0 * u1 * u3 / 2.0 +
                   n[3] * u0 * u1 * u2 / 6.0;
  return std::min(1.0, std::exp(y));
}

MmcResult ErlangCCache::erlang_c(double lambda, double mu, long long servers) {
  if (lambda == last_lambda_ && mu == last_mu_ && servers == last_servers_) return last_;
  MmcResult r;
  const double capacity = static_cast<double>(servers) * mu;
  r.utilisation = capacity > 0 ? lambda / capacity : std::numeric_limits<double>::infinity();
  if (!(r.utilisation < 1.0)) {
    r = sim::erlang_c(lambda, mu, servers);  // the overloaded (or idle) answer
  } else if (lambda > 0) {
    auto it = !tables_.empty() && tables_.front().servers() == servers
                  ? tables_.begin()
                  : std::find_if(tables_.begin(), tables_.end(),
                                 [servers](const ErlangCTable& t) { return t.servers() == servers; });
    if (it == tables_.end()) {
      if (tables_.size() == kTables) tables_.pop_back();
      tables_.insert(tables_.begin(), ErlangCTable(servers));
    } else if (it != tables_.begin()) {
      std::rotate(tables_.begin(), it, it + 1);
    }
    if (mu != per_mu_of_) {
      per_mu_of_ = mu;
      per_mu_ = 1.0 / mu;
    }
    r.p_wait = tables_.front().p_wait(lambda * per_mu_);
    r.decay = capacity - lambda;
    r.mean_wait = r.p_wait / r.decay;
  }
  last_lambda_ = lambda;
  last_mu_ = mu;
  last_servers_ = servers;
  last_ = r;
  return r;
}

}  // namespace stratus::sim
