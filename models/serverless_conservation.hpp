#pragma once
// Invocation conservation for the serverless platform: every invocation that arrived has
// completed, been dropped, or is still held by the platform. The totals are kept as things
// happen; what is held is counted from the platform's state at the end, so the check compares
// two independent counts instead of deriving one from the other.
#include <string>
#include <vector>

#include "models/serverless_runtime.hpp"

namespace stratus::models {

/// One sentence per function whose invocations = completed + failed + held does not hold
/// (empty when all balance), naming the function and by how many it is off. Computed without
/// unsigned subtraction, so an over-count is reported as such instead of wrapping around.
std::string invocation_imbalance(const std::vector<std::string>& names,
                                 const std::vector<FunctionTotals>& totals);

}  // namespace stratus::models
