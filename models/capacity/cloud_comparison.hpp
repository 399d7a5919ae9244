#pragma once
// The same demand served in a cloud: each service right-sized in the comparison's instance
// type, step by step, and priced per calendar month in three markets. Reserved instances
// cover `reserved.share` of the month's peak count and are paid for the whole month, used or
// not; of the instance-hours above them, `spot.share` run on spot, the rest on demand.
#include <map>

#include "models/capacity/capacity_spec.hpp"
#include "models/instance_type.hpp"

namespace stratus::models {

struct CloudMonthCost {
  double instance_hours = 0.0;
  double reserved_instances = 0.0;
  double reserved_usd = 0.0;
  double spot_hours = 0.0, spot_usd = 0.0;
  double on_demand_hours = 0.0, on_demand_usd = 0.0;
  double total_usd() const { return reserved_usd + spot_usd + on_demand_usd; }
};

class CloudComparison {
 public:
  CloudComparison(const CloudComparisonSpec& spec, const InstanceType& type) : spec_(spec), type_(type) {}

  const InstanceType& type() const { return type_; }
  /// `instances` running for `seconds` of the open month.
  void add(int instances, double seconds);
  /// Prices the open month and starts the next.
  CloudMonthCost close_month();

 private:
  CloudComparisonSpec spec_;
  InstanceType type_;
  std::map<int, double> seconds_by_count_;  // the open month: how long each count ran
};

}  // namespace stratus::models
