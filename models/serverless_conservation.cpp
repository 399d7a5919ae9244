#include "models/serverless_conservation.hpp"

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

}  // namespace stratus::models
