#pragma once
// The serverless platform at run time: sandboxes (execution environments) placed on worker
// hosts by memory, cold starts, keep-alive, concurrency and scaling limits, triggers, and
// per-invocation billing.
//
// Like the services, it drives SimGrid activities from one logical dispatcher: handlers execute
// on the worker host's CPU, bounded to the function's vCPU share, so co-located sandboxes share
// the host as SimGrid's CPU model says; everything else (arrivals, cold starts, I/O waits,
// keep-alive expiries, retries, batch windows) is an event in one time-ordered heap. The
// waiting is shared by a crew of actors (sim/activity_crew.hpp), so that no wake-up costs
// O(sandboxes executing).
//
// Handlers on a worker whose CPU is not oversubscribed need no SimGrid activity: under
// SimGrid's max-min sharing, while the bounds of everything executing on a host add up to no
// more than its cores, each execution runs at exactly its bound, so its end is known when it
// starts and is an event in the heap like the others (WorkerCpu). The moment a handler would
// oversubscribe the host, the ones timed that way become Execs for their remaining work and
// SimGrid shares the CPU from then on. Nothing but sandboxes executes on a worker host
// (instances are SimGrid hosts of their own), which is what makes the shortcut exact.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <queue>
#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Host.hpp>
#include <vector>

#include "models/arrivals.hpp"
#include "models/billing.hpp"
#include "models/capacity_index.hpp"
#include "models/placement.hpp"
#include "models/serverless_cost_accrual.hpp"
#include "models/serverless_monthly_bill.hpp"
#include "models/serverless_occupancy.hpp"
#include "models/serverless_spec.hpp"
#include "sim/activity_crew.hpp"
#include "sim/engine.hpp"
#include "sim/histogram.hpp"
#include "sim/metrics.hpp"
#include "sim/platform.hpp"
#include "sim/topology.hpp"

namespace stratus::models {

struct FunctionTotals {
  std::uint64_t invocations = 0;  // attempts that reached the platform (retries not counted again)
  std::uint64_t served = 0;       // given a sandbox (warm or cold)
  std::uint64_t cold_starts = 0;
  // Of the invocations that arrived after `simulation.warmup`: P_cold is measured on these.
  std::uint64_t measured_served = 0;
  std::uint64_t measured_cold_starts = 0;
  std::uint64_t throttled = 0;  // throttling events (an async request may be throttled several times)
  std::uint64_t failed = 0;     // given up: synchronous throttles, events older than their maximum age
  std::uint64_t retries = 0;
  std::uint64_t completed = 0;
  /// At the end: the invocations the platform still holds (starting, executing or scheduled
  /// for a retry), counted one by one, not derived from the other totals.
  std::uint64_t in_flight = 0;
  double billed_gb_s = 0.0;  // on-demand duration × memory, rounded per invocation
  double provisioned_used_gb_s = 0.0;
};

class ServerlessRuntime {
 public:
  ServerlessRuntime(const ServerlessSpec& spec, const sim::Topology& topology, const sim::Platform& platform,
                    const sim::RandomStreams& streams, sim::MetricsRecorder& metrics, sim::Engine& engine,
                    double end_time_s, const std::vector<double>& memory_taken_bytes,
                    double start_epoch_s = 0.0, double warmup_s = 0.0);
  ~ServerlessRuntime();

  /// The platform actor's body.
  void run();
  /// A run stopped at `end_s` (its actor killed): totals, averages and the bill over what ran.
  void settle_stopped(double end_s) { close_books(end_s); }
  /// What has been billed up to `t`, costed event by event (the invocations that ended, the
  /// provisioned concurrency enabled, the free tier as it was used up) apart from the monthly
  /// bill: a timeseries row gets what this grew by since the previous row. `t` does not
  /// decrease from one call to the next.
  double accrued_cost_usd(double t) {
    accrual_.close_row(std::min(t, end_time_s_));
    return accrual_.closed_rows_usd();
  }

  const std::vector<FunctionTotals>& totals() const { return totals_; }
  /// The functions' names, in the order of totals().
  std::vector<std::string> function_names() const;
  /// The `serverless` section of summary.json (per function and in total).
  nlohmann::json summary() const;
  std::vector<BillLine> bill() const;
  double cost_usd() const;

 private:
  std::vector<FunctionBill> account_bills(double until_s) const {
    return usage_.bill(until_s, spec_.pricing);
  }
  double provisioned_gb_s(std::uint32_t function, double until_s) const;
  void close_books(double end_s);
  enum class EventKind : std::uint8_t {
    arrival,
    cold_start_done,
    wait_done,
    expire,
    prewarm,
    retry,
    batch_window,
    cpu_done  // a handler's CPU part ends, on a worker that was never oversubscribed meanwhile
  };
  struct Event {
    double time;
    std::uint64_t seq;  // ties broken by creation order: deterministic
    EventKind kind;
    std::uint32_t a;
    std::uint64_t b;
    bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };
  using EventQueue = std::priority_queue<Event, std::vector<Event>, std::greater<>>;
  struct Source;
  struct Sandbox;
  struct Invocation;
  struct FunctionState;

  void schedule(double time, EventKind kind, std::uint32_t a, std::uint64_t b = 0);
  void handle(const Event& e, double now);
  void on_source_arrival(std::uint32_t source, double now);
  void invoke(std::uint32_t function, double arrival_s, bool synchronous, std::uint32_t batch,
              double max_age_s, double now);
  void dispatch(std::uint32_t invocation, double now);
  void count_served(const Invocation& inv, bool cold);
  void throttle(std::uint32_t invocation, double now);
  enum class Phase : std::uint8_t { image_pull, payload_in, handler, payload_out };
  void start_init(std::uint32_t invocation, double now);
  void begin_invocation(std::uint32_t invocation, double now);
  void begin_handler(std::uint32_t invocation, double now);
  void cpu_part_done(std::uint32_t invocation, double now);
  void share_worker_cpu(std::uint32_t worker, double now);
  void start_handler_exec(std::uint32_t invocation, double flops);
  void handler_done(std::uint32_t invocation, double now);
  void start_transfer(std::uint32_t invocation, Phase phase, simgrid::s4u::Host* from, simgrid::s4u::Host* to,
                      double bytes);
  simgrid::s4u::Host* worker_host(std::uint32_t sandbox) const;
  void finish(std::uint32_t invocation, double now);
  void release_sandbox_slot(std::uint32_t sandbox, double now);
  std::int64_t take_idle_sandbox(std::uint32_t function);
  void make_available(std::uint32_t sandbox);
  std::int64_t create_sandbox(std::uint32_t function, bool provisioned, double now);
  void unload(std::uint32_t sandbox, double now);
  struct Running {
    std::uint32_t invocation;
    Phase phase;
  };
  void on_activity_done(const Running& done, double now);
  void handle_due_events(double now);
  EventQueue* next_queue();  // the queue holding the earliest event, or nullptr
  double horizon() const;
  /// What the crew of waiting actors calls back.
  struct Driver final : sim::CrewClient<Running> {
    explicit Driver(ServerlessRuntime& runtime) : rt(runtime) {}
    void on_done(const Running& done, double now) override { rt.on_activity_done(done, now); }
    void advance(double now) override { rt.handle_due_events(now); }
    double horizon() const override { return rt.horizon(); }
    bool over(double now) const override { return now >= rt.end_time_s_; }
    ServerlessRuntime& rt;
  };
  void update_levels(std::uint32_t function, double now);

  std::uint32_t new_invocation();
  void release_invocation(std::uint32_t id);
  /// Invocations held at this moment, per function, counted from the invocation slots.
  std::vector<std::uint64_t> count_held() const;

  const ServerlessSpec& spec_;
  const sim::Platform& platform_;
  sim::MetricsRecorder& metrics_;
  sim::Engine& engine_;
  double end_time_s_;
  double warmup_s_;  // statistics (P_cold, latency, averages) leave out what comes before

  std::vector<HostId> workers_;  // physical hosts that run sandboxes
  /// What executes on a worker's CPU, in units of 1/1024 MB of function memory (1,769 MB is
  /// one vCPU), so that loads add and subtract exactly.
  struct WorkerCpu {
    std::int64_t capacity = 0;         // its cores
    std::int64_t busy = 0;             // handlers executing, timed or as Execs
    std::vector<std::uint32_t> timed;  // invocations whose end is computed (cpu_done)
  };
  std::vector<WorkerCpu> worker_cpus_;
  std::uint64_t cpu_ticket_counter_ = 0;
  std::unique_ptr<CapacityIndex> memory_;
  std::unique_ptr<PlacementPolicy> placement_;
  std::unique_ptr<ScalingLimit> limit_;

  std::vector<FunctionState> functions_;
  std::vector<FunctionTotals> totals_;
  MonthlyUsage usage_;             // the bill, month by month
  ServerlessCostAccrual accrual_;  // the timeseries' cost, row by row
  std::vector<Source> sources_;
  std::vector<Sandbox> sandboxes_;
  std::vector<std::uint32_t> free_sandboxes_;
  std::vector<Invocation> invocations_;
  std::vector<std::uint32_t> free_invocations_;
  std::size_t account_in_flight_ = 0;
  std::size_t reserved_in_flight_ = 0;  // in flight in functions with reserved concurrency

  // Keep-alive expiries have a queue of their own: one is scheduled per execution and most are
  // cancelled (the sandbox is reused first), so they would make every other event's heap
  // operations walk a heap of millions. Both queues are ordered by (time, seq), so taking
  // the earlier of their tops pops events in exactly the order one queue would.
  EventQueue events_;
  EventQueue expiries_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t epoch_counter_ = 0;
  std::uint64_t creation_counter_ = 0;

  Driver driver_{*this};
  sim::ActivityCrew<Running> running_{driver_, "serverless-platform"};
  simgrid::s4u::Host* gateway_host_ = nullptr;  // where requests enter and images come from
};

}  // namespace stratus::models
