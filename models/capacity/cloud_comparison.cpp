#include "models/capacity/cloud_comparison.hpp"

#include <algorithm>
#include <cmath>

namespace stratus::models {

void CloudComparison::add(int instances, double seconds) {
  seconds_by_count_[instances] += seconds;
}

CloudMonthCost CloudComparison::close_month() {
  CloudMonthCost c;
  double month_s = 0.0, instance_s = 0.0;
  int peak = 0;
  for (const auto& [n, s] : seconds_by_count_) {
    month_s += s;
    instance_s += n * s;
    peak = std::max(peak, n);
  }
  // Whole instances are reserved: the share of the peak, rounded down.
  const int reserved = static_cast<int>(std::floor(spec_.reserved.share * peak + 1e-9));
  double above_s = 0.0;
  for (const auto& [n, s] : seconds_by_count_)
    if (n > reserved) above_s += (n - reserved) * s;
  // As EC2's mixed instances policy splits the capacity above its on-demand base: the reserved
  // instances are the base, and spot takes its share of what runs above them.
  const double spot_s = spec_.spot.share * above_s;
  const double price_h = type_.price_per_s * 3600.0;
  c.instance_hours = instance_s / 3600.0;
  c.reserved_instances = reserved;
  c.reserved_usd = reserved * month_s / 3600.0 * price_h * (1.0 - spec_.reserved.discount);
  c.spot_hours = spot_s / 3600.0;
  c.spot_usd = c.spot_hours * price_h * (1.0 - spec_.spot.discount);
  c.on_demand_hours = (above_s - spot_s) / 3600.0;
  c.on_demand_usd = c.on_demand_hours * price_h;
  seconds_by_count_.clear();
  return c;
}

}  // namespace stratus::models
