#pragma once
// A request-serving service: arrivals, a load balancer, a fleet of instances whose vCPUs
// execute each request's work through SimGrid (concurrent requests on one instance share
// its cores as SimGrid's CPU model says), bounded queues, latencies.
//
// One dispatcher actor per service drives everything with SimGrid activities: it draws
// arrivals lazily, starts one Exec per request and waits on the running set. No actor per
// request: that is what makes millions of requests per run affordable (README, Performance).
#include <cstdint>
#include <deque>
#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Host.hpp>
#include <string>
#include <vector>

#include "models/arrivals.hpp"
#include "models/load_balancer.hpp"
#include "sim/activity_pool.hpp"
#include "sim/distribution.hpp"
#include "sim/engine.hpp"
#include "sim/metrics.hpp"

namespace stratus::models {

struct ServiceSpec {
  std::string name;
  std::string instance_type;
  int instances = 1;
  std::string placement = "spread";
  std::vector<std::string> zones;  // availability zones the fleet may use; empty: all
  std::string load_balancer = "least-outstanding";
  int concurrency = 0;            // requests executing at once per instance; 0: no limit (processor sharing)
  long long queue_capacity = -1;  // requests waiting per instance (or in the central queue); -1: no limit
  ArrivalSpec arrivals;
  /// Random stream of the arrivals; two components naming the same stream and spec see
  /// identical arrivals (a service fed by a bucket's uploads). Empty: "<name>.arrivals".
  std::string arrival_stream;
  sim::Distribution work = sim::Distribution::constant(0.01);  // CPU seconds on one core
  double latency_slo_s = 0.0;                                  // 0: none
};

/// Where one instance of the fleet runs.
struct InstanceSlot {
  simgrid::s4u::Host* host = nullptr;  // the instance's own vCPUs (a slice of a physical host)
  std::uint32_t physical_host = 0;
  std::uint32_t zone = 0;
  int vcpus = 1;
};

struct ServiceTotals {
  std::uint64_t arrived = 0, completed = 0, rejected = 0, in_flight = 0;
  std::uint64_t started = 0;  // requests that began executing (after the warm-up)
  std::uint64_t waited = 0;   // of those, how many waited in a queue first
  double wait_sum_s = 0.0;    // their total wait
};

class ServiceRuntime {
 public:
  ServiceRuntime(const ServiceSpec& spec, std::vector<InstanceSlot> instances,
                 const sim::RandomStreams& streams, sim::MetricsRecorder& metrics, sim::Engine& engine,
                 double end_time_s, double warmup_s);

  /// The dispatcher actor's body: runs until the end time, then cancels what is in flight.
  void run();

  const ServiceSpec& spec() const { return spec_; }
  const ServiceTotals& totals() const { return totals_; }
  const std::vector<InstanceSlot>& instances() const { return slots_; }
  double demand_rate(double t) const { return arrivals_.rate_at(t); }
  sim::MetricsRecorder::Id latency_histogram() const { return m_latency_; }

 private:
  struct Pending {
    double arrival_s;
    double work_s;
  };
  struct Running {
    double arrival_s;
    std::uint32_t instance;
  };

  void on_arrival(double arrival_s, double now);
  void on_completion(const Running& done, double now);
  void start(std::uint32_t instance, const Pending& request, double now);
  void note_executing_change(std::uint32_t instance, int delta, double now);

  const ServiceSpec& spec_;
  std::vector<InstanceSlot> slots_;
  sim::MetricsRecorder& metrics_;
  sim::Engine& engine_;
  double end_time_s_;
  double warmup_s_;

  ArrivalProcess arrivals_;
  sim::RandomStream work_rng_;
  std::unique_ptr<LoadBalancer> balancer_;
  bool central_ = false;
  std::uint32_t concurrency_limit_;  // effective per-instance limit (UINT32_MAX: none)

  // Per instance, kept as flat arrays because the balancer reads them on every request.
  std::vector<std::uint32_t> outstanding_;
  std::vector<std::uint8_t> healthy_;
  std::vector<std::uint32_t> executing_;
  std::vector<double> core_speed_;
  std::vector<std::deque<Pending>> local_queue_;
  std::deque<Pending> central_queue_;
  std::vector<std::uint32_t> free_slots_;  // central queue: instances with a free slot (stack)

  sim::ActivityPool<Running> running_;

  std::uint64_t queued_ = 0;
  double busy_vcpus_ = 0.0;
  double total_vcpus_ = 0.0;
  ServiceTotals totals_;

  sim::MetricsRecorder::Id m_arrived_, m_completed_, m_rejected_, m_started_, m_waited_, m_wait_time_;
  sim::MetricsRecorder::Id m_in_flight_, m_queued_, m_utilisation_, m_instances_;
  sim::MetricsRecorder::Id m_latency_;
};

}  // namespace stratus::models
