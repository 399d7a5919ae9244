#include "models/serverless_conservation.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace stratus::models {

std::string invocation_imbalance(const std::vector<std::string>& names,
                                 const std::vector<FunctionTotals>& totals) {
  std::ostringstream out;
  for (std::size_t f = 0; f < totals.size(); ++f) {
    const FunctionTotals& t = totals[f];
    // Sums of counts, each far below 2^64: no wrap-around, whichever side is larger.
    const std::uint64_t accounted = t.completed + t.failed + t.in_flight;
    if (t.invocations == accounted) continue;
    const bool lost = t.invocations > accounted;
    const std::uint64_t off = lost ? t.invocations - accounted : accounted - t.invocations;
    if (out.tellp() > 0) out << "; ";
    out << "invocation conservation violated in function '" << names.at(f) << "': " << t.invocations
        << " arrived, " << t.completed << " completed + " << t.failed << " failed + " << t.in_flight
        << " held at the end (" << off << (lost ? " lost" : " counted twice") << ")";
  }
  return out.str();
}

std::string cost_imbalance(double rows_usd, double bill_usd) {
  // Millions of per-invocation amounts summed in another order than the monthly totals: the
  // relative rounding error stays near 1e-12; a cent in a million dollars is 1e-8.
  constexpr double kRelativeTolerance = 1e-9;
  if (std::abs(rows_usd - bill_usd) <= kRelativeTolerance * std::max(1.0, std::abs(bill_usd))) return {};
  std::ostringstream out;
  out.precision(12);
  out << "serverless cost not conserved: the timeseries rows add up to $" << rows_usd << ", the bill is $"
      << bill_usd;
  return out.str();
}

}  // namespace stratus::models
