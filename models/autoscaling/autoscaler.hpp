#pragma once
// Runs a fleet's scaling policies: evaluates each at its own interval, combines what they
// decide the way EC2 Auto Scaling does (when several policies act at once, the largest
// capacity wins), keeps the group's bounds and the predictive floor, and keeps the desired
// capacity inside them. Pure logic: the service model builds the view and applies the result.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/autoscaling/policy.hpp"

namespace stratus::models::autoscaling {

struct NamedPolicy {
  std::string name;  // the registry name, for events: "target-tracking"
  std::unique_ptr<ScalingPolicy> policy;
};

/// A change of desired capacity, for the event log and the count of scaling actions.
struct ScalingChange {
  double time_s = 0.0;
  int from = 0, to = 0;
  std::string policy;
  std::string reason;
};

class Autoscaler {
 public:
  Autoscaler(std::vector<NamedPolicy> policies, int min_capacity, int max_capacity, int desired);

  /// When the next policy is due; +infinity without policies.
  double next_evaluation_s() const;
  /// Evaluates every policy due at `view.now_s` (the view's bounds and desired are filled in
  /// here), and returns the change of desired capacity if there is one.
  std::optional<ScalingChange> evaluate_due(FleetView view);

  int desired() const { return desired_; }
  int min_capacity() const { return min_; }
  int max_capacity() const { return max_; }
  int floor() const { return floor_; }

 private:
  int clamp(int desired) const;

  struct Entry {
    NamedPolicy named;
    double next_s;
  };
  std::vector<Entry> entries_;
  int min_, max_, desired_;
  int floor_ = 0;
};

}  // namespace stratus::models::autoscaling
