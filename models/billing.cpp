#include "models/billing.hpp"

#include <algorithm>
#include <cmath>

namespace stratus::models {

double InstanceBilling::billed_seconds(double launched_s, double terminated_s) {
  // EC2 rounds a partial second up; tolerate floating-point residue of whole seconds.
  const double lived = std::max(0.0, terminated_s - launched_s);
  const double seconds = std::ceil(lived - 1e-9);
  return std::max(60.0, seconds);
}

double InstanceBilling::cost(double launched_s, double terminated_s, double price_per_s) {
  return billed_seconds(launched_s, terminated_s) * price_per_s;
}

}  // namespace stratus::models
