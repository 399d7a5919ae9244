#pragma once
// Scaling policies: each is a piece of pure logic that looks at a read-only view of a fleet
// (its capacity and the metrics it publishes, with their real delays) and returns a
// decision. The fleet model (models/service.cpp) owns the instances and applies decisions;
// the autoscaler (models/autoscaling/autoscaler.hpp) calls each policy at its own interval.
// Nothing here knows SimGrid, so the rules are tested exactly, second by second.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/registry.hpp"

namespace stratus::models::autoscaling {

/// The statistic a CloudWatch-like metric is aggregated with over a period.
enum class Statistic { average, sum, maximum, minimum, sample_count, percentile };

struct StatisticSpec {
  Statistic kind = Statistic::average;
  double percentile = 0.0;  // in (0, 1), for Statistic::percentile only ("p99" -> 0.99)
};

/// One aggregated datapoint: the statistic of a metric over [start_s, end_s).
struct Datapoint {
  double start_s = 0.0;
  double end_s = 0.0;
  double value = 0.0;
  bool present = false;  // false: no sample fell in the period (CloudWatch's "missing data")
};

/// Metrics a fleet publishes, as a monitoring service would serve them to an alarm. Names
/// (all per fleet): cpu_utilisation (percent of the in-service instances' vCPUs, averaged
/// over instances), request_count (arrivals), request_count_per_target (arrivals per
/// in-service instance), latency_s (a distribution: use a percentile statistic), in_flight
/// (requests in the fleet, time-averaged), queue_length (time-averaged), in_service
/// (instances counted in metrics, time-averaged).
class MetricSource {
 public:
  virtual ~MetricSource() = default;
  /// The last `count` whole periods of `period_s` seconds (aligned to multiples of
  /// period_s) that are published at `now_s`, oldest first. A period is published once its
  /// end plus the source's publication delay has passed. Periods without samples come back
  /// with present = false. Throws std::invalid_argument for an unknown metric name.
  virtual std::vector<Datapoint> datapoints(const std::string& metric, StatisticSpec statistic,
                                            double period_s, int count, double now_s) const = 0;
};

/// One pod (instance) as the Kubernetes metrics pipeline shows it to the HPA.
struct PodMetric {
  bool ready = false;            // passed its readiness check (booted, health checks passed)
  double started_s = 0.0;        // when it was created
  double ready_since_s = 0.0;    // when it last became ready (meaningful when ready)
  bool has_metric = false;       // metrics-server has a sample for it
  double cpu_utilisation = 0.0;  // percent of the pod's CPU request, over the last sample window
};

/// What a policy sees when it is evaluated. Read-only; copied by value is fine.
struct FleetView {
  double now_s = 0.0;
  double epoch_s = 0.0;  // UNIX time of simulated time 0 (for calendars and time zones)
  int desired = 0;       // the desired capacity (Kubernetes: spec.replicas)
  int min_capacity = 0;  // the group's current bounds (scheduled actions may change them)
  int max_capacity = 0;
  int launching = 0;   // booting or waiting for health checks
  int warming = 0;     // serving but still in warm-up: excluded from aggregated metrics
  int in_service = 0;  // serving and counted in metrics
  int draining = 0;    // deregistered, finishing in-flight requests; no longer counts
  const MetricSource* metrics = nullptr;
  std::vector<PodMetric> pods;  // one per instance that is not draining (Kubernetes view)
};

/// A policy's answer. Empty fields change nothing.
struct Decision {
  std::optional<int> desired;                     // new desired capacity (clamped to the bounds by the fleet)
  std::optional<int> floor;                       // a capacity the fleet must not go below until changed
                                                  // (predictive scaling raises it ahead of a forecast)
  std::optional<int> min_capacity, max_capacity;  // new bounds (scheduled actions)
  std::string reason;                             // for the event log: "alarm high: 3 of 3 datapoints > 50"

  bool empty() const { return !desired && !floor && !min_capacity && !max_capacity; }
};

class ScalingPolicy {
 public:
  virtual ~ScalingPolicy() = default;
  /// Seconds between evaluations: HPA's sync period (15 s), an alarm's period (60 s), ...
  virtual double interval_s() const = 0;
  /// Time of the first evaluation (usually interval_s()).
  virtual double first_evaluation_s() const { return interval_s(); }
  /// When to evaluate next, after an evaluation at `now_s`. Policies with a calendar
  /// (scheduled actions) override it to wake at the exact second of their next action.
  virtual double next_evaluation_s(double now_s) const { return now_s + interval_s(); }
  virtual Decision evaluate(const FleetView& view) = 0;
};

/// A factory reads the policy's own block of the scenario (the `scaling.policies[i]` map:
/// `policy: target-tracking`, `target: 50`, ...). Bad values are reported through the node's
/// diagnostics (file:line:col), never thrown; unknown keys are reported with suggestions.
using ScalingPolicyRegistry = sim::Registry<ScalingPolicy, const sim::ConfigNode&>;

/// target-tracking, step, simple, scheduled, predictive, kubernetes-hpa, scale-to-zero.
const ScalingPolicyRegistry& scaling_policies();

/// "average", "sum", "maximum" (or "max"), "minimum" (or "min"), "sample_count", "p99",
/// "p99.9": reports a bad name through the node and returns the fallback.
StatisticSpec read_statistic(const sim::ConfigNode& node, StatisticSpec fallback);

}  // namespace stratus::models::autoscaling
