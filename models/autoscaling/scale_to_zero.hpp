#pragma once
// Scale to zero the way KEDA does it (keda.sh/docs, "Scaling Deployments": pollingInterval,
// cooldownPeriod, activation thresholds; kedacore/keda pkg/scaling/executor/
// scale_scaledobjects.go): every polling interval KEDA asks its triggers whether they are
// active (a value above the activation threshold). An active trigger on a target at zero
// replicas scales it to one at once; with no active trigger, a target that has replicas goes
// back to zero once the cooldown period has passed since the last poll that found activity
// (strictly after it, as KEDA compares). Between one replica and the maximum, a Kubernetes HPA
// (KubernetesHpaPolicy) scales the target, as the HPA that KEDA creates does; its minimum is
// one, so at zero replicas it stands still.
//
// While the fleet has no replica, requests are held by the runtime (as KEDA's HTTP add-on
// interceptor holds them) and counted in request_count, which is what wakes the fleet.
#include <memory>
#include <optional>

#include "models/autoscaling/kubernetes_hpa.hpp"
#include "models/autoscaling/policy.hpp"
#include "sim/config.hpp"

namespace stratus::models::autoscaling {

struct ScaleToZeroParams {
  double polling_interval_s = 30.0;  // KEDA pollingInterval
  double cooldown_period_s = 300.0;  // KEDA cooldownPeriod
  /// A trigger is active when its value is above this: the arrivals counted in the latest
  /// published request_count period, or the largest in_flight of that period.
  double activation_threshold = 0.0;
  double activation_period_s = 30.0;  // the period of the datapoints read
  KubernetesHpaParams hpa;            // scales between one replica and the maximum
};

class ScaleToZeroPolicy final : public ScalingPolicy {
 public:
  explicit ScaleToZeroPolicy(ScaleToZeroParams params);

  /// The shorter of the polling interval and the HPA's sync period; each part runs on its own.
  double interval_s() const override;
  double next_evaluation_s(double now_s) const override;
  Decision evaluate(const FleetView& view) override;

 private:
  bool active(const FleetView& view) const;
  bool metric_above_threshold(const FleetView& view, const char* metric, Statistic statistic) const;
  Decision poll(const FleetView& view);
  Decision run_hpa(const FleetView& view);

  ScaleToZeroParams params_;
  KubernetesHpaPolicy hpa_;
  double next_poll_s_;
  double next_sync_s_;
  std::optional<double> last_active_s_;  // KEDA's status.lastActiveTime
};

/// Reads polling_interval, cooldown_period, activation_threshold, activation_period and the
/// `hpa:` map (the kubernetes-hpa keys). Bad values are reported through the node.
ScaleToZeroParams read_scale_to_zero_params(const sim::ConfigNode& node);

/// The `scale-to-zero` policy from its scenario block.
std::unique_ptr<ScalingPolicy> make_scale_to_zero_policy(const sim::ConfigNode& node);

}  // namespace stratus::models::autoscaling
