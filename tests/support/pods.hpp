#pragma once
// Pods as the Kubernetes metrics pipeline shows them to the HPA, for the HPA and KEDA tests.
#include "models/autoscaling/policy.hpp"

namespace stratus::testing {

/// A pod that has served for an hour: ready, sampled, past its CPU initialisation period.
inline models::autoscaling::PodMetric serving(double cpu) {
  models::autoscaling::PodMetric pod;
  pod.ready = true;
  pod.started_s = -3600;
  pod.ready_since_s = -3540;
  pod.has_metric = true;
  pod.cpu_utilisation = cpu;
  return pod;
}

}  // namespace stratus::testing
