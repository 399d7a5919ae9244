#pragma once
// One service under the fluid fidelity: per step, expected counts and a response-time
// distribution from the pointwise stationary approximation (validation README §7), with a
// fluid backlog carried across steps while the service is overloaded.
//
// Servers: c = instances × concurrency for a central FIFO queue with a concurrency limit
// (the slots the queue hands work to), else instances × vCPUs pooled as one M/M/c. The
// second is optimistic for per-instance balancers (several queues wait longer than one
// pooled queue) and for processor sharing (whose mean matches but whose tail differs).
#include <array>

#include "models/arrivals.hpp"
#include "models/instance_type.hpp"
#include "models/service.hpp"
#include "sim/erlang_c_table.hpp"
#include "sim/response_mixture.hpp"

namespace stratus::models {

using sim::ResponseComponent;

/// The response-time laws of one step's arrivals: at most three (requests that queued while
/// the service had no servers, a fluid backlog, the stationary rest), held without allocation.
class StepParts {
 public:
  void push_back(const ResponseComponent& c) { items_.at(count_++) = c; }
  const ResponseComponent* begin() const { return items_.data(); }
  const ResponseComponent* end() const { return items_.data() + count_; }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  const ResponseComponent& front() const { return items_.front(); }

 private:
  std::array<ResponseComponent, 3> items_;
  std::size_t count_ = 0;
};

struct FluidStep {
  double lambda = 0.0;    // arrival rate at the step's midpoint
  double arrived = 0.0;   // expected requests
  double accepted = 0.0;  // arrived − rejected
  double rejected = 0.0;
  double completed = 0.0;    // accepted + what was present before − what is present after
  double busy_vcpus = 0.0;   // mean over the step
  double mean_wait_s = 0.0;  // over accepted requests
  double p_wait = 0.0;
  double queued = 0.0;     // mean requests waiting
  double in_system = 0.0;  // requests present at the step's end (queue and service)
  /// The laws of the requests whose wait is known this step, weighted by them: the accepted
  /// arrivals, except that those queued with no servers at all come out when servers return.
  StepParts parts;
};

class FluidService {
 public:
  FluidService(const ServiceSpec& spec, const InstanceType& type, sim::RandomStream rng);

  /// Advances over [t, t + h).
  FluidStep step(double t, double h) { return step(t, h, step_rate(t, h)); }
  /// The same with λ already known: a run computes every service's λ first, so that their
  /// rate evaluations overlap in the processor instead of each waiting for the last.
  FluidStep step(double t, double h, double lambda);
  /// λ for the step [t, t + h): the rate at its midpoint.
  double step_rate(double t, double h) const { return arrivals_.rate_at(t + h / 2); }
  /// Evaluates Erlang C for λ ahead of step(t, h, λ), which then finds it cached: called for
  /// every service before any steps, for the same reason as step_rate.
  void prepare(double lambda);

  const ServiceSpec& spec() const { return spec_; }
  double rate_at(double t) const { return arrivals_.rate_at(t); }
  long long servers() const { return servers_; }
  int instances() const { return instances_; }
  int total_vcpus() const { return instances_ * vcpus_; }
  /// Resizes the fleet from the next step on (a capacity plan adding or losing instances);
  /// 0 instances is allowed: arrivals then queue or are rejected (see without_servers).
  void set_instances(int instances);
  double backlog() const { return backlog_; }
  /// Requests present (waiting or in service) at the end of the last step: the count the
  /// steps' departures are kept against, so that accepted = completed + present, step by step.
  double in_system() const { return in_system_; }
  double mu() const { return mu_; }
  /// The service-time shape the response-time laws use (exponential, or constant 1 / μ).
  bool exponential_service() const { return exponential_; }

 private:
  /// The step as the approximation gives it, before its departures are settled.
  FluidStep approximate(double t, double h, double lambda);
  /// Departures from the count of requests present, which then becomes the step's.
  void settle_departures(FluidStep& s);
  FluidStep stationary(double lambda, double h);
  /// A fluid backlog, or requests stranded while there were no servers, to work off.
  FluidStep transient(double t, double lambda, double h);
  /// No servers: arrivals queue up to the limit (the rest is rejected) and wait for servers.
  FluidStep without_servers(double t, double lambda, double h);

  const ServiceSpec& spec_;
  ArrivalProcess arrivals_;
  int vcpus_;
  int instances_;
  long long servers_;
  double mu_;             // per server: 1 / E[work]
  double mean_work_s_;    // 1 / μ
  double ac_factor_;      // Allen–Cunneen (Ca² + Cs²) / 2 with Ca² = 1
  double queue_limit_;    // requests that may wait; +infinity without a limit
  bool exponential_;      // the service-time law the response-time CDF uses (see fluid_service.cpp)
  double backlog_ = 0.0;  // fluid queue beyond what the stationary model holds
  sim::ErlangCCache erlang_c_;
  double stranded_ = 0.0;            // requests that queued while there were no servers
  double stranded_arrival_s_ = 0.0;  // their mean arrival time
  double in_system_ = 0.0;           // requests present at the end of the last step
};

}  // namespace stratus::models
