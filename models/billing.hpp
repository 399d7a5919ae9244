#pragma once
// The instance part of the cloud bill: per-second billing with a 60-second minimum for each
// time an instance runs (as EC2 bills Linux instances), itemised by service.
#include <string>
#include <vector>

namespace stratus::models {

struct BillLine {
  std::string service;
  std::string item;       // "instance-hours m5.large"
  double quantity = 0.0;  // in `unit`
  std::string unit;       // "h"
  double unit_price = 0.0;
  double cost_usd = 0.0;
};

class InstanceBilling {
 public:
  /// Billed seconds for one run of an instance: whole seconds, at least 60.
  static double billed_seconds(double launched_s, double terminated_s);
  /// Cost of one run of an instance.
  static double cost(double launched_s, double terminated_s, double price_per_s);
};

}  // namespace stratus::models
