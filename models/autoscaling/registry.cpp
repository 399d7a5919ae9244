// The registry of scaling policies: the names a scenario's `scaling.policies[].policy` may use.
#include "models/autoscaling/kubernetes_hpa.hpp"
#include "models/autoscaling/policy.hpp"
#include "models/autoscaling/predictive.hpp"
#include "models/autoscaling/scale_to_zero.hpp"
#include "models/autoscaling/scheduled.hpp"
#include "models/autoscaling/simple_scaling.hpp"
#include "models/autoscaling/step_scaling.hpp"
#include "models/autoscaling/target_tracking.hpp"

namespace stratus::models::autoscaling {

const ScalingPolicyRegistry& scaling_policies() {
  static const ScalingPolicyRegistry registry = [] {
    ScalingPolicyRegistry r("scaling policy");
    r.add("target-tracking", "keeps a metric at a target (EC2 Auto Scaling: 3 of 3 minutes out, 15 of 15 in)",
          make_target_tracking_policy);
    r.add("step", "alarm-driven step adjustments (change, percent change, exact capacity)",
          make_step_scaling_policy);
    r.add("simple", "one alarm, one adjustment, then a cooldown (300 s)", make_simple_scaling_policy);
    r.add("scheduled", "cron-like actions that set min, max and desired, in a time zone",
          make_scheduled_policy);
    r.add("predictive", "forecasts daily and weekly seasonality and launches ahead of it",
          make_predictive_policy);
    r.add(
        "kubernetes-hpa",
        "Kubernetes HorizontalPodAutoscaler: the legacy rules, or behavior's stabilisation and rate policies",
        make_kubernetes_hpa_policy);
    r.add("scale-to-zero", "KEDA-like: 0 <-> 1 on activity after a cooldown, HPA above one",
          make_scale_to_zero_policy);
    return r;
  }();
  return registry;
}

}  // namespace stratus::models::autoscaling
