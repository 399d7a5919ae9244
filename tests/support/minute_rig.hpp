#pragma once
// A fleet for alarm-driven scaling policies (simple, step): one cpu_utilisation datapoint a
// minute, published at once, and the policy evaluated after each.
#include "models/autoscaling/metric_store.hpp"
#include "models/autoscaling/policy.hpp"

namespace stratus::testing {

struct MinuteRig {
  explicit MinuteRig(int in_service, int min_capacity = 1, int max_capacity = 40) {
    view.desired = view.in_service = in_service;
    view.min_capacity = min_capacity;
    view.max_capacity = max_capacity;
    view.metrics = &store;
  }

  /// Publishes `value` for the next minute and evaluates `policy` at its end.
  models::autoscaling::Decision next(models::autoscaling::ScalingPolicy& policy, double value) {
    now += 60.0;
    store.add("cpu_utilisation", now, value, 1);
    view.now_s = now;
    return policy.evaluate(view);
  }

  models::autoscaling::MetricStore store{0.0, 7200.0};
  models::autoscaling::FleetView view;
  double now = 0.0;
};

}  // namespace stratus::testing
