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
#include <functional>
#include <memory>
#include <queue>
#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Host.hpp>
#include <string>
#include <vector>

#include "models/arrivals.hpp"
#include "models/autoscaling/autoscaler.hpp"
#include "models/autoscaling/metric_store.hpp"
#include "models/fleet_lifecycle.hpp"
#include "models/load_balancer.hpp"
#include "models/platform_change.hpp"
#include "sim/activity_pool.hpp"
#include "sim/distribution.hpp"
#include "sim/engine.hpp"
#include "sim/histogram.hpp"
#include "sim/metrics.hpp"
#include "sim/observer.hpp"

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
  double slo_percentile = 0.99;  // an interval violates the SLO when this percentile exceeds it
  double price_per_s = 0.0;      // of one instance (from its type), for the running cost
  FleetScalingSpec scaling;      // disabled: a fixed fleet of `instances`
  /// The scaling policies' own blocks (`scaling.policies[i]`), validated when the scenario was
  /// loaded; the registry builds the policies from them at the start of a run.
  std::vector<sim::ConfigNode> policy_configs;
  std::vector<std::string> policy_names;
};

/// Where one instance of the fleet runs.
struct InstanceSlot {
  simgrid::s4u::Host* host = nullptr;  // the instance's own vCPUs (a slice of a physical host)
  std::uint32_t physical_host = 0;
  std::uint32_t zone = 0;
  int vcpus = 1;
};

/// Requests a service still holds, by place, counted in its queues and running set (not derived
/// from the totals, so that comparing the two finds a request lost or counted twice).
struct HeldRequests {
  std::uint64_t executing = 0;              // on instances that take new work
  std::uint64_t queued_on_instances = 0;    // in their local queues
  std::uint64_t central_queue = 0;          // waiting for a free slot behind a central queue
  std::uint64_t at_balancer = 0;            // held while no instance was routable
  std::uint64_t on_draining_instances = 0;  // executing or queued on deregistered instances
  std::uint64_t total() const {
    return executing + queued_on_instances + central_queue + at_balancer + on_draining_instances;
  }
  HeldRequests& operator+=(const HeldRequests& o);
};

struct ServiceTotals {
  std::uint64_t arrived = 0, completed = 0, rejected = 0;
  std::uint64_t in_flight = 0;  // held_at_end.total(), once the run is settled
  HeldRequests held_at_end;
  // Lost with their instance: on a failed host or a cut-off zone (in flight, or sent there
  // before the balancer's health checks noticed), reclaimed spot capacity, or a draining
  // instance stopped at its deregistration deadline.
  std::uint64_t failed = 0;
  std::uint64_t started = 0;  // requests that began executing (after the warm-up)
  std::uint64_t waited = 0;   // of those, how many waited in a queue first
  double wait_sum_s = 0.0;    // their total wait
};

/// What the fleet did over the run: capacity, scaling and the cost of its instances.
struct FleetTotals {
  std::uint64_t scaling_actions = 0;  // changes of desired capacity
  std::uint64_t launches = 0, terminations = 0;
  double instance_seconds_billed = 0.0;  // per-second billing, 60 s minimum per launch
  double cost_usd = 0.0;
  double slo_violation_s = 0.0;  // time in sample intervals that violated the latency SLO
  // Against the capacity the load needed (offered CPU load in instances), sampled per interval.
  double over_provisioned_instance_s = 0.0;
  double under_provisioned_instance_s = 0.0;
  double observed_s = 0.0;
  // Failures: instances lost with a host, a zone or a spot reclaim, and how long the fleet
  // took to serve with as many instances as before each loss.
  std::uint64_t instances_lost = 0;
  std::uint64_t spot_interruptions = 0;
  std::uint64_t recoveries = 0;
  double recovery_s_sum = 0.0, recovery_s_max = 0.0;
  bool recovering_at_end = false;
  double spot_seconds_billed = 0.0;  // part of instance_seconds_billed
  double spot_cost_usd = 0.0;        // part of cost_usd
};

class ServiceRuntime {
 public:
  using EventSink = std::function<void(const sim::SimEvent&)>;

  /// `instances`: every position the fleet may use (its maximum capacity); `epoch_s` the
  /// UNIX time of simulated time 0, for calendar-driven policies; `origin_s` the scenario time
  /// of simulated time 0 (non-zero when the run is a window of a longer scenario).
  ServiceRuntime(const ServiceSpec& spec, std::vector<InstanceSlot> instances,
                 const sim::RandomStreams& streams, sim::MetricsRecorder& metrics, sim::Engine& engine,
                 double end_time_s, double warmup_s, double epoch_s = 0.0, EventSink events = {},
                 double origin_s = 0.0);

  /// The dispatcher actor's body: runs until the end time, then cancels what is in flight.
  void run();

  const ServiceSpec& spec() const { return spec_; }
  const ServiceTotals& totals() const { return totals_; }
  /// Counts what is executing or queued as in flight; run() does it at its end, and a run
  /// stopped early (the observer asked) before reading the totals.
  void settle_in_flight();
  /// What the service holds now, counted where it is.
  HeldRequests held() const;
  /// Throws std::logic_error naming the service unless every request that arrived was
  /// completed, rejected, failed or is held at the end (call after settle_in_flight()).
  void check_conservation() const;
  const FleetTotals& fleet_totals() const { return fleet_totals_; }
  /// Instances serving requests now (warming or in service).
  int serving() const { return lifecycle_.counts().routable(); }
  /// Cost of the instances accrued up to `now`: each instance-second as it runs, and the
  /// billing's rounding (whole seconds, 60 s minimum) when an instance is billed. Kept apart
  /// from the bill (fleet_totals().cost_usd), which the run compares it with at the end.
  double accrued_cost_usd(double now) const;
  /// The platform's failures, in time order, which this service applies to its instances as
  /// its clock reaches them. Call before run(); the list must outlive the run.
  void set_platform_changes(const std::vector<PlatformChange>* changes);
  /// Called at the end of every timeseries interval: SLO and provisioning accounting.
  void close_interval(double now, double length_s);
  /// Stops every instance still running at the end of the run and bills it.
  void bill_remaining(double end_s);
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
    std::uint32_t launch_id;  // the instance's life it ran in
  };
  enum class TimerKind : std::uint8_t {
    booted,
    healthy,
    warmed_up,
    drain_deadline,
    unhealthy,    // the balancer's health checks notice that an instance stopped answering
    spot_notice,  // the interruption notice of a spot instance
    spot_reclaim  // the spot instance is taken back
  };
  struct Timer {
    double at_s;
    std::uint64_t seq;  // ties in time fire in the order they were set: deterministic
    TimerKind kind;
    std::uint32_t instance;
    std::uint32_t launch_id;
    bool operator>(const Timer& o) const { return at_s != o.at_s ? at_s > o.at_s : seq > o.seq; }
  };

  // Requests (service.cpp).
  void on_arrival(double arrival_s, double now);
  void dispatch(const Pending& request, double now);
  void reject(double now);
  void on_completion(const Running& done, double now);
  void start(std::uint32_t instance, const Pending& request, double now);
  void note_executing_change(std::uint32_t instance, int delta, double now);
  void note_in_flight(double now);
  bool take_free_slot(std::uint32_t& instance);

  // The fleet's life cycle and its metrics (service_fleet.cpp).
  void start_fleet();
  double next_fleet_event() const;
  void run_fleet_events(double now);
  void on_timer(const Timer& timer, double now);
  void reconcile(double now);
  void launch(std::uint32_t instance, double now);
  void terminate(std::uint32_t instance, double now);
  void become_routable(std::uint32_t instance, double now);
  void stop(std::uint32_t instance, double now);
  void bill(std::uint32_t instance, double until_s);
  void set_timer(double at_s, TimerKind kind, std::uint32_t instance);
  void collect_metrics(double now);
  autoscaling::FleetView view(double now) const;
  void note_capacity(double now);
  void register_zone_levels();
  void note_zone_capacity(double now, int serving);
  void note_busy(std::uint32_t instance, double now);
  void emit(double now, std::string kind, std::string detail);

  // Failures (service_failures.cpp).
  void apply_platform_changes(double now);
  void update_reachability(std::uint32_t instance, double now, int& lost, std::uint64_t& failed);
  void on_unreachable(std::uint32_t instance, double now, std::uint64_t& failed);
  void on_reachable(std::uint32_t instance, double now);
  void on_unhealthy(std::uint32_t instance, double now);
  std::uint64_t fail_work(std::uint32_t instance, double now);
  void count_failed(std::uint64_t n);
  double detection_time(std::uint32_t instance, double failed_at) const;
  void lose_instance(std::uint32_t instance, double now);
  void note_recovery(double now);
  void assign_market(std::uint32_t instance, double now);
  void on_spot_notice(std::uint32_t instance, double now);
  void on_spot_reclaim(std::uint32_t instance, double now);
  double price_of(std::uint32_t instance) const;

  const ServiceSpec& spec_;
  std::vector<InstanceSlot> slots_;
  sim::MetricsRecorder& metrics_;
  sim::Engine& engine_;
  double end_time_s_;
  double warmup_s_;
  double epoch_s_;
  EventSink events_;

  ArrivalProcess arrivals_;
  sim::RandomStream work_rng_;
  std::unique_ptr<LoadBalancer> balancer_;
  bool central_ = false;
  std::uint32_t concurrency_limit_;  // effective per-instance limit (UINT32_MAX: none)

  // Per instance, kept as flat arrays because the balancer reads them on every request.
  std::vector<std::uint32_t> outstanding_;
  std::vector<std::uint8_t> routable_;  // the balancer sends work only to these
  std::vector<std::uint32_t> executing_;
  std::vector<double> core_speed_;
  std::vector<std::deque<Pending>> local_queue_;
  std::deque<Pending> central_queue_;
  // Central queue: free execution slots (stack). An entry of an earlier life of an instance,
  // or of an instance no longer routable, is stale and skipped.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> free_slots_;
  std::deque<Pending> held_;  // waiting at the balancer while no instance is routable

  FleetLifecycle lifecycle_;
  std::unique_ptr<autoscaling::Autoscaler> autoscaler_;
  std::unique_ptr<autoscaling::MetricStore> store_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::uint64_t timer_seq_ = 0;
  sim::RandomStream boot_rng_;
  double next_collect_s_;
  // Per instance: busy vCPU-seconds so far and when it was last brought up to date.
  std::vector<double> busy_s_, busy_updated_s_, busy_at_last_tick_, routable_since_s_;
  std::vector<autoscaling::PodMetric> pods_;  // the latest Kubernetes view
  // Accumulated over the current metrics tick.
  std::uint64_t tick_arrivals_ = 0;
  sim::Histogram tick_latency_;
  double tick_in_flight_area_ = 0.0, tick_queued_area_ = 0.0, tick_area_since_s_ = 0.0;
  double last_in_flight_ = 0.0, last_queued_ = 0.0;
  // Accumulated over the current timeseries interval, for the SLO.
  sim::Histogram interval_latency_;
  std::uint64_t interval_lost_ = 0;  // rejected or failed
  // Cost: the hourly price of the instances running since the last change, and the cost up to it.
  double running_price_per_s_ = 0.0;
  double cost_until_s_ = 0.0, cost_usd_ = 0.0;
  FleetTotals fleet_totals_;

  sim::ActivityPool<Running> running_;
  // Tests reach in to lose a request on purpose and see check_conservation() notice.
  friend struct ServiceRuntimeTestSeam;

  // Failures: the platform's changes and where this service is in them; per physical host
  // and zone whether it is down or cut off; per instance whether it can be reached, whether
  // its host crashed under it, whether it waits for its host (a fixed fleet), when its
  // health checks started, and whether it is a spot instance.
  const std::vector<PlatformChange>* changes_ = nullptr;
  std::size_t next_change_ = 0;
  std::vector<std::uint8_t> host_down_, zone_cut_;
  std::vector<std::vector<std::uint32_t>> instances_on_host_, instances_in_zone_;
  std::vector<std::uint8_t> unreachable_, crashed_, awaiting_host_, spot_;
  std::vector<double> registered_s_;
  sim::RandomStream spot_rng_;
  int on_demand_replacements_ = 0;  // interrupted spot instances to replace on demand
  bool recovering_ = false;
  int recovery_target_ = 0;
  double recovery_since_s_ = 0.0;

  std::uint64_t queued_ = 0;
  double busy_vcpus_ = 0.0;
  double total_vcpus_ = 0.0;
  ServiceTotals totals_;

  sim::MetricsRecorder::Id m_arrived_, m_completed_, m_rejected_, m_started_, m_waited_, m_wait_time_;
  sim::MetricsRecorder::Id m_in_flight_, m_queued_, m_utilisation_, m_instances_;
  sim::MetricsRecorder::Id m_launching_, m_draining_, m_desired_, m_failed_;
  sim::MetricsRecorder::Id m_latency_;
  bool m_failed_registered_ = false;
  // "<service>.instances.<zone>": the instances serving in each zone the fleet has positions
  // in, in the topology's zone order; they sum to m_instances_.
  struct ZoneLevel {
    std::uint32_t zone;
    sim::MetricsRecorder::Id level;
  };
  std::vector<ZoneLevel> m_zone_instances_;
};

}  // namespace stratus::models
