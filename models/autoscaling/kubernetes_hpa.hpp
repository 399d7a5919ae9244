#pragma once
// The Kubernetes HorizontalPodAutoscaler (autoscaling/v2), rule for rule as the controller
// applies them (kubernetes/kubernetes, pkg/controller/podautoscaler):
//   - replica_calculator.go: GetResourceReplicas (CPU utilisation of the pods' requests, with
//     groupPods' readiness rules and the missing-metric fallbacks), GetExternalPerPodMetricReplicas
//     (an AverageValue target on a fleet-wide metric), Tolerances.isWithin;
//   - horizontal.go: reconcileAutoscaler, computeReplicasForMetrics (largest proposal wins; no
//     scale-down while a metric is invalid); without spec.behavior, normalizeDesiredReplicas
//     (stabilizeRecommendation, convertDesiredReplicasWithRules, calculateScaleUpLimit: at most
//     max(2 × current, 4) per sync); with it, normalizeDesiredReplicasWithBehaviors,
//     stabilizeRecommendationWithBehaviors, convertDesiredReplicasWithBehaviorRate,
//     calculateScaleUpLimitWithScalingRules, calculateScaleDownLimitWithBehaviors and
//     storeScaleEvent (rate limits count the HPA's own scale events of both directions).
// Wall-clock instants become simulated seconds; every comparison keeps Go's strictness.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/autoscaling/policy.hpp"
#include "sim/config.hpp"

namespace stratus::models::autoscaling {

enum class HpaMetricType {
  cpu,                // Resource cpu, target averageUtilization (percent of the pods' request)
  requests_per_pod,   // External request rate (request_count / period), target averageValue (req/s)
  in_flight_per_pod,  // External in_flight (time-averaged requests in the fleet), target averageValue
};

struct HpaMetricSpec {
  HpaMetricType type = HpaMetricType::cpu;
  double target = 80.0;    // cpu: a whole percent; otherwise the value per pod
  double period_s = 60.0;  // external metrics: the period of the datapoint read
};

enum class HpaPolicyType { pods, percent };
enum class HpaSelectPolicy { max, min, disabled };

struct HpaScalingPolicy {
  HpaPolicyType type = HpaPolicyType::pods;
  int value = 1;
  double period_s = 15.0;
};

/// --horizontal-pod-autoscaler-downscale-stabilization: the scale-down window of an HPA without
/// `behavior`, and of a behavior whose scale-down rules leave the window out.
inline constexpr double kDownscaleStabilisationWindowS = 300.0;

/// One direction of `spec.behavior` (HPAScalingRules).
struct HpaScalingRules {
  double stabilization_window_s = 0.0;
  HpaSelectPolicy select = HpaSelectPolicy::max;
  std::vector<HpaScalingPolicy> policies;

  /// GenerateHPAScaleUpRules: no stabilisation; the larger of +4 pods and +100 % per 15 s.
  static HpaScalingRules default_scale_up();
  /// GenerateHPAScaleDownRules with the controller's default downscale stabilisation (300 s):
  /// down to minReplicas at once (-100 % per 15 s).
  static HpaScalingRules default_scale_down();
};

/// `spec.behavior`: the API server fills each direction left out with its default rules
/// (SetDefaults_HorizontalPodAutoscalerBehavior), but only when a behavior is given at all.
struct HpaBehavior {
  HpaScalingRules scale_up = HpaScalingRules::default_scale_up();
  HpaScalingRules scale_down = HpaScalingRules::default_scale_down();
};

/// The HPA spec and the controller flags that shape it. Bounds come from the fleet view
/// (minReplicas = min_capacity, maxReplicas = max_capacity).
struct KubernetesHpaParams {
  /// Empty means the API default: cpu at 80 %.
  std::vector<HpaMetricSpec> metrics;
  double tolerance = 0.1;                    // --horizontal-pod-autoscaler-tolerance
  double cpu_initialization_period_s = 300;  // --horizontal-pod-autoscaler-cpu-initialization-period
  double initial_readiness_delay_s = 30;     // --horizontal-pod-autoscaler-initial-readiness-delay
  double sync_period_s = 15;                 // --horizontal-pod-autoscaler-sync-period
  double metric_window_s = 15;               // metrics-server's sample window (PodMetric.Window)
  /// None: the controller's legacy rules (what a Kubernetes HPA, or the one KEDA creates, does
  /// when its spec has no behavior), which are not the behavior defaults.
  std::optional<HpaBehavior> behavior;
};

class KubernetesHpaPolicy final : public ScalingPolicy {
 public:
  explicit KubernetesHpaPolicy(KubernetesHpaParams params);

  double interval_s() const override { return params_.sync_period_s; }
  Decision evaluate(const FleetView& view) override;

 private:
  struct Proposal {
    int replicas = 0;
    std::string metric;  // for the reason: "cpu utilisation 90% (target 75%)"
  };
  struct Recommendation {
    int replicas;
    double time_s;
  };
  struct ScaleEvent {
    int change;  // replicas added (scale-up list) or removed (scale-down list)
    double time_s;
    bool outdated;
  };

  std::optional<Proposal> replicas_for_metrics(const FleetView& view) const;
  std::optional<Proposal> replicas_for_metric(const HpaMetricSpec& metric, const FleetView& view) const;
  std::optional<int> cpu_replicas(int current, int target, const FleetView& view, int& utilisation) const;
  std::optional<double> external_usage(const HpaMetricSpec& metric, const FleetView& view) const;
  int per_pod_replicas(int status_replicas, double target, double usage) const;
  bool within_tolerance(double usage_ratio) const;

  int normalize(int current, int proposed, int min_replicas, int max_replicas, double now_s);
  int normalize_legacy(int current, int proposed, int min_replicas, int max_replicas, double now_s);
  int stabilize_legacy(int proposed, double now_s);
  int stabilize(int current, int proposed, double now_s);
  int rate_limited(int current, int desired, int min_replicas, int max_replicas, double now_s) const;
  int scale_up_limit(int current, double now_s) const;
  int scale_down_limit(int current, double now_s) const;
  /// getReplicasChangePerPeriod over both directions: replicas at the start of the period.
  int period_start_replicas(int current, double period_s, double now_s) const;
  void store_scale_event(int previous, int desired, double now_s);

  KubernetesHpaParams params_;
  std::vector<Recommendation> recommendations_;
  std::vector<ScaleEvent> scale_up_events_, scale_down_events_;
};

/// Reads the HPA keys of `node` (target_cpu_utilisation, tolerance, cpu_initialization_period,
/// initial_readiness_delay, sync_period, metric_window, metrics, behavior) and reports any
/// other key not in `also_known`. Bad values are reported through the node, never thrown.
KubernetesHpaParams read_kubernetes_hpa_params(const sim::ConfigNode& node,
                                               const std::vector<std::string>& also_known = {});

/// The `kubernetes-hpa` policy from its scenario block.
std::unique_ptr<ScalingPolicy> make_kubernetes_hpa_policy(const sim::ConfigNode& node);

}  // namespace stratus::models::autoscaling
