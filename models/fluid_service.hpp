#pragma once
// One service under the fluid fidelity: per step, expected counts and a response-time
// distribution from the pointwise stationary approximation (validation README §7), with a
// fluid backlog carried across steps while the service is overloaded.
//
// Servers: c = instances × concurrency for a central FIFO queue with a concurrency limit
// (the slots the queue hands work to), else instances × vCPUs pooled as one M/M/c. The
// second is optimistic for per-instance balancers (several queues wait longer than one
// pooled queue) and for processor sharing (whose mean matches but whose tail differs).
#include <vector>

#include "models/arrivals.hpp"
#include "models/instance_type.hpp"
#include "models/service.hpp"

namespace stratus::models {

/// Part of a step's arrivals with one response-time law: T = shift + W + S, W zero with
/// probability 1 − p_wait and else exponential with rate `wait_rate`, S the service time.
struct ResponseComponent {
  double weight = 0.0;  // expected requests
  double p_wait = 0.0;
  double wait_rate = 0.0;
  double shift_s = 0.0;  // a deterministic wait (behind a fluid backlog)
  double mu = 1.0;       // service rate: S ~ exponential(mu), or the constant 1 / mu
  bool exponential = true;
};

struct FluidStep {
  double lambda = 0.0;    // arrival rate at the step's midpoint
  double arrived = 0.0;   // expected requests
  double accepted = 0.0;  // arrived − rejected
  double rejected = 0.0;
  double completed = 0.0;
  double busy_vcpus = 0.0;   // mean over the step
  double mean_wait_s = 0.0;  // over accepted requests
  double p_wait = 0.0;
  double queued = 0.0;     // mean requests waiting
  double in_system = 0.0;  // requests present at the step's end (queue and service)
  std::vector<ResponseComponent> parts;
};

class FluidService {
 public:
  FluidService(const ServiceSpec& spec, const InstanceType& type, sim::RandomStream rng);

  /// Advances over [t, t + h).
  FluidStep step(double t, double h);

  const ServiceSpec& spec() const { return spec_; }
  double rate_at(double t) const { return arrivals_.rate_at(t); }
  long long servers() const { return servers_; }
  int instances() const { return instances_; }
  int total_vcpus() const { return instances_ * vcpus_; }
  /// Resizes the fleet from the next step on (a capacity plan adding or losing instances).
  void set_instances(int instances);
  double backlog() const { return backlog_; }
  double mu() const { return mu_; }

 private:
  FluidStep stationary(double lambda, double h) const;

  const ServiceSpec& spec_;
  ArrivalProcess arrivals_;
  int vcpus_;
  int instances_;
  long long servers_;
  double mu_;             // per server: 1 / E[work]
  double ac_factor_;      // Allen–Cunneen (Ca² + Cs²) / 2 with Ca² = 1
  double queue_limit_;    // requests that may wait; +infinity without a limit
  bool exponential_;      // the service-time law the response-time CDF uses (see fluid_service.cpp)
  double backlog_ = 0.0;  // fluid queue beyond what the stationary model holds
};

/// P(T ≤ t) for one component, and the mixture quantile by bisection on the weighted CDF.
double response_cdf(const ResponseComponent& c, double t);
double mixture_quantile(const std::vector<ResponseComponent>& parts, double q);
double mixture_mean(const std::vector<ResponseComponent>& parts);

}  // namespace stratus::models
