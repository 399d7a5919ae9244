#include "models/serverless_runtime.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>
#include <stdexcept>

namespace stratus::models {

namespace sg4 = simgrid::s4u;
using nlohmann::json;

namespace {
constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr double kMbPerGb = 1024.0;
constexpr double kCpuOversubscription = 1000.0;
constexpr double kCpuUnitsPerMb = 1024.0;  // WorkerCpu's unit: loads stay whole numbers

std::int64_t cpu_units(double memory_mb) {
  return std::llround(memory_mb * kCpuUnitsPerMb);
}

std::vector<BilledFunction> billed_functions(const ServerlessSpec& spec) {
  std::vector<BilledFunction> out;
  for (const FunctionSpec& fs : spec.functions)
    out.push_back(
        BilledFunction{fs.arm, static_cast<double>(fs.provisioned_concurrency) * fs.memory_mb / kMbPerGb});
  return out;
}
}  // namespace

struct ServerlessRuntime::Source {
  TriggerSpec::Kind kind = TriggerSpec::Kind::http;
  std::vector<std::uint32_t> targets;          // functions it fires
  std::vector<std::uint32_t> batch_of_target;  // queue: index into FunctionState::batches
  std::unique_ptr<ArrivalProcess> process;
  std::unique_ptr<TraceArrivals> trace;
  double max_age_s = 0;  // how long a throttled event of this source is retried
  double every_s = 0;
  double next_timer_s = 0;
};

struct ServerlessRuntime::Sandbox {
  std::uint32_t function = 0;
  std::uint32_t worker = 0;      // index into workers_
  std::uint32_t active = 0;      // invocations starting or executing in it
  std::uint64_t idle_epoch = 0;  // unique per idle period: a keep-alive expiry only applies to its own
  bool loaded = false;
  bool starting = false;  // initialising (cold start or pre-warm)
  bool provisioned = false;
  bool available = false;     // in its function's set of sandboxes with a free slot
  std::uint64_t created = 0;  // creation order: idle sandboxes are chosen newest-first
};

struct ServerlessRuntime::Invocation {
  std::uint32_t function = 0;
  std::uint32_t sandbox = kNone;
  std::uint32_t batch = 1;
  int attempt = 0;
  bool synchronous = true;
  bool cold = false;
  double arrival_s = 0;
  double handler_start_s = 0;
  double handler_end_s = 0;
  double wait_s = 0;
  double init_s = 0;     // the INIT phase of the cold start this invocation waited for
  double give_up_s = 0;  // retried while a retry comes no later than this
  // A handler timed without SimGrid (WorkerCpu): its ticket (0 when it is not), its place in
  // the worker's list, its end and its speed in flops/s, to hand its remaining work to an Exec.
  std::uint64_t cpu_ticket = 0;
  std::uint32_t timed_slot = kNone;
  double cpu_end_s = 0;
  double cpu_flops_per_s = 0;
  bool held = false;  // the platform holds it (false once it completed or was dropped)
};

struct ServerlessRuntime::FunctionState {
  const FunctionSpec* spec = nullptr;
  std::unique_ptr<KeepAlivePolicy> keep_alive;
  sim::RandomStream work_rng{0}, wait_rng{0}, cold_rng{0};
  double memory_gb = 0;
  double cpu_share = 1;  // vCPUs
  // A handler is one thread: it runs on at most one core, whatever its share (an Exec of one
  // thread is bounded by one core's speed too).
  double handler_vcpus = 1;
  std::int64_t handler_cpu_units = 0;  // handler_vcpus in WorkerCpu's units
  // Sandboxes with a free slot, by creation order: the newest is reused first (SimFaaS's
  // rule), so older ones stay idle and expire. A sorted vector rather than a std::set: it is
  // taken from and given back to at its end on every warm invocation, which a set would pay
  // for with a node allocation each time.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> available;
  std::size_t in_flight = 0;
  std::size_t busy = 0, idle = 0, loaded = 0;  // sandboxes
  double last_end_s = -1;                      // for idle-time histograms
  struct Batch {
    int size = 1;
    double window_s = 0;
    std::uint32_t pending = 0;
    std::uint64_t generation = 0;
    double retention_s = 0;  // the queue's: how long a throttled batch is retried
  };
  std::vector<Batch> batches;
  sim::Histogram cold_latency, warm_latency;  // of invocations that arrived after the warm-up
  FunctionOccupancy occupancy;
  sim::MetricsRecorder::Id m_invocations, m_cold, m_throttled, m_instances, m_running, m_idle, m_latency;
};

ServerlessRuntime::ServerlessRuntime(const ServerlessSpec& spec, const sim::Topology& topology,
                                     const sim::Platform& platform, const sim::RandomStreams& streams,
                                     sim::MetricsRecorder& metrics, sim::Engine& engine, double end_time_s,
                                     const std::vector<double>& memory_taken_bytes, double start_epoch_s,
                                     double warmup_s)
    : spec_(spec),
      platform_(platform),
      metrics_(metrics),
      engine_(engine),
      end_time_s_(end_time_s),
      warmup_s_(warmup_s),
      usage_(billed_functions(spec), spec.pricing, start_epoch_s),
      accrual_(billed_functions(spec), spec.pricing, start_epoch_s) {
  // Workers: every host of the chosen zones; sandboxes are packed onto them by memory.
  std::vector<HostCapacity> capacity;
  for (sim::HostIndex h = 0; h < topology.host_count(); ++h) {
    const std::string& zone = topology.zone_name(topology.host(h).zone);
    if (!spec.worker_zones.empty() &&
        std::find(spec.worker_zones.begin(), spec.worker_zones.end(), zone) == spec.worker_zones.end())
      continue;
    workers_.push_back(h);
    worker_cpus_.push_back(WorkerCpu{cpu_units(topology.host_type(h).cores * kMegabytesPerVcpu), 0, {}});
    // Memory that instances of the fleets already hold is not available to sandboxes.
    const double taken = h < memory_taken_bytes.size() ? memory_taken_bytes[h] : 0.0;
    // Sandboxes are limited by memory; their vCPU shares are tracked (so that `spread` and
    // `best-fit` see how loaded a worker is) but oversubscribed freely, as on Lambda.
    capacity.push_back(HostCapacity{topology.host(h).zone, topology.host_type(h).cores * kCpuOversubscription,
                                    std::max(0.0, topology.host_type(h).memory_bytes - taken)});
  }
  memory_ =
      std::make_unique<CapacityIndex>(std::move(capacity), static_cast<std::uint32_t>(topology.zone_count()));
  placement_ = placement_policies().create(spec.placement);
  gateway_host_ = platform.host(spec.gateway_host);
  limit_ = scaling_limits().create(spec.scaling, spec.limits);

  functions_.resize(spec.functions.size());
  totals_.resize(spec.functions.size());
  for (std::uint32_t f = 0; f < spec.functions.size(); ++f) {
    const FunctionSpec& fs = spec.functions[f];
    FunctionState& st = functions_[f];
    st.spec = &fs;
    st.occupancy = FunctionOccupancy(warmup_s);
    st.keep_alive = keep_alive_policies().create(fs.keep_alive, fs.keep_alive_params);
    st.work_rng = streams.stream("fn." + fs.name + ".work");
    st.wait_rng = streams.stream("fn." + fs.name + ".wait");
    st.cold_rng = streams.stream("fn." + fs.name + ".cold_start");
    st.memory_gb = fs.memory_mb / kMbPerGb;
    st.cpu_share = fs.memory_mb / kMegabytesPerVcpu;
    st.handler_vcpus = std::min(st.cpu_share, 1.0);
    st.handler_cpu_units = cpu_units(std::min(fs.memory_mb, kMegabytesPerVcpu));
    if (fs.reserved_concurrency > 0) limit_->set_reserved(f, fs.reserved_concurrency);
    const std::string& n = fs.name;
    st.m_invocations = metrics.counter("fn." + n + ".invocations");
    st.m_cold = metrics.counter("fn." + n + ".cold_starts");
    st.m_throttled = metrics.counter("fn." + n + ".throttled");
    st.m_instances = metrics.level("fn." + n + ".instances");
    st.m_running = metrics.level("fn." + n + ".running");
    st.m_idle = metrics.level("fn." + n + ".idle");
    st.m_latency = metrics.histogram("fn." + n + ".latency_s");

    for (const TriggerSpec& t : fs.triggers) {
      if (t.kind == TriggerSpec::Kind::bucket || t.kind == TriggerSpec::Kind::queue) continue;  // below
      Source src;
      src.kind = t.kind;
      src.targets = {f};
      src.max_age_s = spec.max_event_age_s;
      if (t.kind == TriggerSpec::Kind::timer) {
        src.every_s = t.every_s;
        src.next_timer_s = t.offset_s;
      } else if (t.kind == TriggerSpec::Kind::trace) {
        src.trace =
            std::make_unique<TraceArrivals>(spec.trace->functions.at(t.trace_index), spec.trace_spreading,
                                            streams.stream("fn." + n + ".trace"));
      } else {
        src.process = std::make_unique<ArrivalProcess>(
            t.arrivals, streams.stream("fn." + n + ".trigger" + std::to_string(sources_.size())));
      }
      sources_.push_back(std::move(src));
    }
  }
  // Buckets and queues fire every function subscribed to them.
  auto subscribe = [&](const std::string& name, TriggerSpec::Kind kind, const ArrivalSpec& arrivals,
                       const std::string& stream, double max_age_s) {
    Source src;
    src.kind = kind;
    src.max_age_s = max_age_s;
    for (std::uint32_t f = 0; f < spec.functions.size(); ++f)
      for (const TriggerSpec& t : spec.functions[f].triggers)
        if (t.kind == kind && t.source == name) {
          src.targets.push_back(f);
          FunctionState::Batch b;
          b.size = std::max(1, t.batch_size);
          b.window_s = t.batch_window_s;
          src.batch_of_target.push_back(static_cast<std::uint32_t>(functions_[f].batches.size()));
          b.retention_s = max_age_s;
          functions_[f].batches.push_back(b);
        }
    src.process = std::make_unique<ArrivalProcess>(arrivals, streams.stream(stream));
    sources_.push_back(std::move(src));
  };
  for (const BucketSpec& b : spec.buckets)
    subscribe(b.name, TriggerSpec::Kind::bucket, b.puts, "bucket." + b.name, spec.max_event_age_s);
  // A throttled batch goes back to its queue, which keeps it until its retention period ends.
  for (const QueueSpec& q : spec.queues)
    subscribe(q.name, TriggerSpec::Kind::queue, q.messages, "queue." + q.name, q.retention_s);
}

ServerlessRuntime::~ServerlessRuntime() = default;

void ServerlessRuntime::schedule(double time, EventKind kind, std::uint32_t a, std::uint64_t b) {
  (kind == EventKind::expire ? expiries_ : events_).push(Event{time, next_seq_++, kind, a, b});
}

std::uint32_t ServerlessRuntime::new_invocation() {
  if (!free_invocations_.empty()) {
    const std::uint32_t id = free_invocations_.back();
    free_invocations_.pop_back();
    invocations_[id] = Invocation{};
    invocations_[id].held = true;
    return id;
  }
  invocations_.emplace_back().held = true;
  return static_cast<std::uint32_t>(invocations_.size() - 1);
}

void ServerlessRuntime::release_invocation(std::uint32_t id) {
  // Ending an invocation twice would count it twice and wrap the in-flight counters around.
  if (!invocations_[id].held)
    throw std::logic_error("serverless: invocation of '" + functions_[invocations_[id].function].spec->name +
                           "' ended twice");
  invocations_[id].held = false;
  free_invocations_.push_back(id);
}

std::vector<std::uint64_t> ServerlessRuntime::count_held() const {
  std::vector<std::uint64_t> held(functions_.size(), 0);
  for (const Invocation& inv : invocations_)
    if (inv.held) ++held[inv.function];
  return held;
}

std::vector<std::string> ServerlessRuntime::function_names() const {
  std::vector<std::string> names;
  for (const FunctionState& st : functions_)
    names.push_back(st.spec->name);
  return names;
}

void ServerlessRuntime::update_levels(std::uint32_t f, double now) {
  FunctionState& st = functions_[f];
  st.occupancy.set(now, st.loaded, st.busy, st.idle);
  metrics_.set(st.m_instances, now, static_cast<double>(st.loaded));
  metrics_.set(st.m_running, now, static_cast<double>(st.busy));
  metrics_.set(st.m_idle, now, static_cast<double>(st.idle));
}

std::int64_t ServerlessRuntime::create_sandbox(std::uint32_t f, bool provisioned, double now) {
  FunctionState& st = functions_[f];
  PlacementRequest request;
  request.demand = Demand{st.cpu_share, st.spec->memory_mb * 1024.0 * 1024.0};
  request.fleet_per_zone.assign(memory_->zone_count(), 0);
  const auto worker = placement_->choose(request, *memory_);
  if (!worker) return -1;
  memory_->take(*worker, request.demand);
  std::uint32_t id;
  if (!free_sandboxes_.empty()) {
    id = free_sandboxes_.back();
    free_sandboxes_.pop_back();
  } else {
    id = static_cast<std::uint32_t>(sandboxes_.size());
    sandboxes_.emplace_back();
  }
  Sandbox& sb = sandboxes_[id];
  sb = Sandbox{};
  sb.created = ++creation_counter_;
  sb.function = f;
  sb.worker = *worker;
  sb.loaded = true;
  sb.provisioned = provisioned;
  ++st.loaded;
  update_levels(f, now);
  return id;
}

void ServerlessRuntime::unload(std::uint32_t id, double now) {
  Sandbox& sb = sandboxes_[id];
  FunctionState& st = functions_[sb.function];
  if (sb.available) {
    const std::pair<std::uint64_t, std::uint32_t> key{sb.created, id};
    st.available.erase(std::lower_bound(st.available.begin(), st.available.end(), key));
    sb.available = false;
  }
  memory_->give_back(sb.worker, Demand{st.cpu_share, st.spec->memory_mb * 1024.0 * 1024.0});
  sb.loaded = false;
  --st.loaded;
  --st.idle;
  update_levels(sb.function, now);
  free_sandboxes_.push_back(id);
}

std::int64_t ServerlessRuntime::take_idle_sandbox(std::uint32_t f) {
  FunctionState& st = functions_[f];
  if (st.available.empty()) return -1;
  const std::uint32_t id = st.available.back().second;
  Sandbox& sb = sandboxes_[id];
  if (sb.active + 1 >= static_cast<std::uint32_t>(st.spec->sandbox_concurrency)) {
    st.available.pop_back();
    sb.available = false;
  }
  return id;
}

void ServerlessRuntime::make_available(std::uint32_t id) {
  Sandbox& sb = sandboxes_[id];
  if (sb.available) return;
  auto& available = functions_[sb.function].available;
  const std::pair<std::uint64_t, std::uint32_t> key{sb.created, id};
  available.insert(std::upper_bound(available.begin(), available.end(), key), key);
  sb.available = true;
}

void ServerlessRuntime::invoke(std::uint32_t f, double arrival_s, bool synchronous, std::uint32_t batch,
                               double max_age_s, double now) {
  FunctionState& st = functions_[f];
  ++totals_[f].invocations;
  metrics_.add(st.m_invocations);
  engine_.count_events();
  // Idle time as Shahrad et al. define it: from the end of the last execution to this arrival.
  if (st.in_flight == 0 && st.last_end_s >= 0) st.keep_alive->record_idle_time(now - st.last_end_s);
  const std::uint32_t id = new_invocation();
  Invocation& inv = invocations_[id];
  inv.function = f;
  inv.arrival_s = arrival_s;
  inv.synchronous = synchronous;
  inv.batch = batch;
  inv.give_up_s = synchronous ? arrival_s : arrival_s + max_age_s;
  dispatch(id, now);
}

void ServerlessRuntime::dispatch(std::uint32_t id, double now) {
  Invocation& inv = invocations_[id];
  const std::uint32_t f = inv.function;
  FunctionState& st = functions_[f];
  const std::int64_t warm = take_idle_sandbox(f);
  if (warm >= 0) {
    Sandbox& sb = sandboxes_[static_cast<std::size_t>(warm)];
    if (sb.active == 0) {
      --st.idle;
      ++st.busy;
      sb.idle_epoch = ++epoch_counter_;  // cancels its keep-alive expiry
    }
    ++sb.active;
    inv.sandbox = static_cast<std::uint32_t>(warm);
    inv.cold = false;
    ++st.in_flight;
    ++account_in_flight_;
    if (st.spec->reserved_concurrency > 0) ++reserved_in_flight_;
    count_served(inv, false);
    update_levels(f, now);
    begin_invocation(id, now);
    return;
  }
  if (!limit_->try_create(f, now, account_in_flight_, st.in_flight, reserved_in_flight_)) {
    throttle(id, now);
    return;
  }
  const std::int64_t fresh = create_sandbox(f, false, now);
  if (fresh < 0) {  // no worker has the memory: the platform is full
    throttle(id, now);
    return;
  }
  Sandbox& sb = sandboxes_[static_cast<std::size_t>(fresh)];
  sb.active = 1;
  sb.starting = true;
  ++st.busy;
  ++st.in_flight;
  ++account_in_flight_;
  if (st.spec->reserved_concurrency > 0) ++reserved_in_flight_;
  count_served(inv, true);
  metrics_.add(st.m_cold);
  inv.sandbox = static_cast<std::uint32_t>(fresh);
  inv.cold = true;
  update_levels(f, now);
  if (st.spec->cold_duration) {
    // One delay covers initialisation and handler; the sandbox is ready when it ends.
    sb.starting = false;
    inv.handler_start_s = now;
    inv.wait_s = 0;
    schedule(now + st.spec->cold_duration->sample(st.cold_rng), EventKind::wait_done, id);
    return;
  }
  if (st.spec->image_bytes > 0) {  // the sandbox's image comes over the network first
    start_transfer(id, Phase::image_pull, gateway_host_, worker_host(static_cast<std::uint32_t>(fresh)),
                   st.spec->image_bytes);
    return;
  }
  start_init(id, now);
}

void ServerlessRuntime::start_init(std::uint32_t id, double now) {
  Invocation& inv = invocations_[id];
  FunctionState& st = functions_[inv.function];
  inv.init_s = st.spec->cold_start.sample(st.cold_rng);
  schedule(now + inv.init_s, EventKind::cold_start_done, inv.sandbox, id);
}

void ServerlessRuntime::count_served(const Invocation& inv, bool cold) {
  FunctionTotals& t = totals_[inv.function];
  ++t.served;
  if (cold) ++t.cold_starts;
  if (inv.arrival_s < warmup_s_) return;  // P_cold is measured after the warm-up
  ++t.measured_served;
  if (cold) ++t.measured_cold_starts;
}

simgrid::s4u::Host* ServerlessRuntime::worker_host(std::uint32_t sandbox) const {
  return platform_.host(workers_[sandboxes_[sandbox].worker]);
}

void ServerlessRuntime::start_transfer(std::uint32_t id, Phase phase, sg4::Host* from, sg4::Host* to,
                                       double bytes) {
  running_.add(sg4::Comm::sendto_async(from, to, static_cast<std::uint64_t>(bytes)), Running{id, phase});
}

void ServerlessRuntime::begin_invocation(std::uint32_t id, double now) {
  const Invocation& inv = invocations_[id];
  const FunctionSpec& fs = *functions_[inv.function].spec;
  if (fs.payload_in_bytes > 0)  // the request's payload travels from the front door to the worker
    start_transfer(id, Phase::payload_in, gateway_host_, worker_host(inv.sandbox),
                   fs.payload_in_bytes * inv.batch);
  else
    begin_handler(id, now);
}

void ServerlessRuntime::handler_done(std::uint32_t id, double now) {
  Invocation& inv = invocations_[id];
  inv.handler_end_s = now;
  const FunctionSpec& fs = *functions_[inv.function].spec;
  if (fs.payload_out_bytes > 0)
    start_transfer(id, Phase::payload_out, worker_host(inv.sandbox), gateway_host_,
                   fs.payload_out_bytes * inv.batch);
  else
    finish(id, now);
}

void ServerlessRuntime::throttle(std::uint32_t id, double now) {
  Invocation& inv = invocations_[id];
  const std::uint32_t f = inv.function;
  ++totals_[f].throttled;
  metrics_.add(functions_[f].m_throttled);
  // Asynchronous and queued events are kept and retried until they are too old.
  if (const auto retry = next_retry_s(spec_.async_backoff, inv.attempt, now, inv.give_up_s);
      !inv.synchronous && retry) {
    ++totals_[f].retries;
    ++inv.attempt;
    schedule(*retry, EventKind::retry, id);
    return;
  }
  ++totals_[f].failed;
  release_invocation(id);
}

void ServerlessRuntime::begin_handler(std::uint32_t id, double now) {
  Invocation& inv = invocations_[id];
  FunctionState& st = functions_[inv.function];
  inv.handler_start_s = now;
  const double work = st.spec->work.sample(st.work_rng) * inv.batch;
  inv.wait_s = st.spec->wait.sample(st.wait_rng);
  if (work <= 0) {
    schedule(now + inv.wait_s, EventKind::wait_done, id);
    return;
  }
  const std::uint32_t worker = sandboxes_[inv.sandbox].worker;
  WorkerCpu& cpu = worker_cpus_[worker];
  const double speed = platform_.host(workers_[worker])->get_speed();
  inv.cpu_flops_per_s = st.handler_vcpus * speed;
  cpu.busy += st.handler_cpu_units;
  if (cpu.busy <= cpu.capacity) {  // every handler there runs at its bound, this one included
    inv.cpu_ticket = ++cpu_ticket_counter_;
    inv.cpu_end_s = now + work / st.handler_vcpus;
    inv.timed_slot = static_cast<std::uint32_t>(cpu.timed.size());
    cpu.timed.push_back(id);
    schedule(inv.cpu_end_s, EventKind::cpu_done, id, inv.cpu_ticket);
    return;
  }
  share_worker_cpu(worker, now);
  start_handler_exec(id, work * speed);
}

void ServerlessRuntime::start_handler_exec(std::uint32_t id, double flops) {
  const Invocation& inv = invocations_[id];
  sg4::Host* host = worker_host(inv.sandbox);
  running_.add(
      sg4::Exec::init()->set_flops_amount(flops)->set_bound(inv.cpu_flops_per_s)->set_host(host)->start(),
      Running{id, Phase::handler});
}

void ServerlessRuntime::share_worker_cpu(std::uint32_t worker, double now) {
  // The worker is about to be oversubscribed: its timed handlers become Execs for the work
  // they have left, and SimGrid's CPU model shares the host between all of them from now on.
  WorkerCpu& cpu = worker_cpus_[worker];
  for (const std::uint32_t id : cpu.timed) {
    Invocation& inv = invocations_[id];
    inv.cpu_ticket = 0;  // its cpu_done event is void
    inv.timed_slot = kNone;
    start_handler_exec(id, std::max(0.0, inv.cpu_end_s - now) * inv.cpu_flops_per_s);
  }
  cpu.timed.clear();
}

void ServerlessRuntime::cpu_part_done(std::uint32_t id, double now) {
  const Invocation& inv = invocations_[id];
  worker_cpus_[sandboxes_[inv.sandbox].worker].busy -= functions_[inv.function].handler_cpu_units;
  if (inv.wait_s > 0)
    schedule(now + inv.wait_s, EventKind::wait_done, id);
  else
    handler_done(id, now);
}

void ServerlessRuntime::on_activity_done(const Running& done, double now) {
  const std::uint32_t id = done.invocation;
  const Phase phase = done.phase;
  switch (phase) {
    case Phase::image_pull:
      start_init(id, now);
      break;
    case Phase::payload_in:
      begin_handler(id, now);
      break;
    case Phase::handler:
      cpu_part_done(id, now);
      break;
    case Phase::payload_out:
      finish(id, now);
      break;
  }
}

void ServerlessRuntime::finish(std::uint32_t id, double now) {
  const Invocation inv = invocations_[id];
  release_invocation(id);
  const std::uint32_t f = inv.function;
  FunctionState& st = functions_[f];
  FunctionTotals& tot = totals_[f];
  ++tot.completed;
  engine_.count_events();
  const double latency = now - inv.arrival_s;
  if (inv.arrival_s >= warmup_s_) {  // as for services: the warm-up's latencies are not measured
    metrics_.record(st.m_latency, latency);
    (inv.cold ? st.cold_latency : st.warm_latency).add(latency);
  }
  // Lambda bills the handler's duration, and the INIT phase of its cold start unless the older
  // rule is chosen, rounded up together; moving the payloads is not part of it.
  const double init = spec_.pricing.bill_init ? inv.init_s : 0.0;
  const double billed =
      billed_duration_s(init + inv.handler_end_s - inv.handler_start_s, spec_.pricing.granularity_s) *
      st.memory_gb;
  const bool on_provisioned = sandboxes_[inv.sandbox].provisioned;
  (on_provisioned ? tot.provisioned_used_gb_s : tot.billed_gb_s) += billed;
  usage_.add_invocation(f, now, billed, on_provisioned);
  accrual_.add_invocation(f, now, billed, on_provisioned);
  --st.in_flight;
  --account_in_flight_;
  if (st.spec->reserved_concurrency > 0) --reserved_in_flight_;
  st.last_end_s = now;
  release_sandbox_slot(inv.sandbox, now);
}

void ServerlessRuntime::release_sandbox_slot(std::uint32_t id, double now) {
  Sandbox& sb = sandboxes_[id];
  FunctionState& st = functions_[sb.function];
  --sb.active;
  if (sb.active > 0) {  // a multiplexing sandbox with room again
    make_available(id);
    return;
  }
  --st.busy;
  ++st.idle;
  sb.idle_epoch = ++epoch_counter_;
  if (!sb.provisioned) {
    const KeepAliveWindows w = st.keep_alive->windows();
    if (w.prewarm_s > 0) {
      // Unload now and load again just before the next invocation is expected.
      update_levels(sb.function, now);
      const std::uint32_t f = sb.function;
      unload(id, now);
      schedule(now + w.prewarm_s, EventKind::prewarm, f,
               static_cast<std::uint64_t>(std::isfinite(w.keep_alive_s) ? w.keep_alive_s * 1e6 : 0));
      return;
    }
    if (std::isfinite(w.keep_alive_s))
      schedule(reclaim_time(now + w.keep_alive_s, st.spec->keep_alive_params.reaper_s), EventKind::expire, id,
               sb.idle_epoch);
  }
  make_available(id);
  update_levels(sb.function, now);
}

void ServerlessRuntime::on_source_arrival(std::uint32_t s, double now) {
  Source& src = sources_[s];
  switch (src.kind) {
    case TriggerSpec::Kind::http:
    case TriggerSpec::Kind::trace:
      invoke(src.targets[0], now, src.kind == TriggerSpec::Kind::http, 1, src.max_age_s, now);
      break;
    case TriggerSpec::Kind::timer:
      invoke(src.targets[0], now, false, 1, src.max_age_s, now);
      break;
    case TriggerSpec::Kind::bucket:
      for (std::uint32_t f : src.targets)
        invoke(f, now, false, 1, src.max_age_s, now);
      break;
    case TriggerSpec::Kind::queue:
      for (std::size_t k = 0; k < src.targets.size(); ++k) {
        const std::uint32_t f = src.targets[k];
        auto& batch = functions_[f].batches[src.batch_of_target[k]];
        if (++batch.pending >= static_cast<std::uint32_t>(batch.size)) {
          ++batch.generation;  // cancels the window timer
          batch.pending = 0;
          invoke(f, now, false, static_cast<std::uint32_t>(batch.size), batch.retention_s, now);
        } else if (batch.pending == 1 && batch.window_s > 0) {
          schedule(
              now + batch.window_s, EventKind::batch_window, f,
              (static_cast<std::uint64_t>(src.batch_of_target[k]) << 32) | (batch.generation & 0xffffffffu));
        }
      }
      break;
  }
  // Next arrival of this source.
  double next;
  if (src.kind == TriggerSpec::Kind::timer) {
    src.next_timer_s += src.every_s;
    next = src.next_timer_s;
  } else if (src.trace) {
    next = src.trace->next();
  } else {
    next = src.process->next();
  }
  if (next < end_time_s_) schedule(next, EventKind::arrival, s);
}

void ServerlessRuntime::handle(const Event& e, double now) {
  switch (e.kind) {
    case EventKind::arrival:
      on_source_arrival(e.a, now);
      break;
    case EventKind::cold_start_done: {
      Sandbox& sb = sandboxes_[e.a];
      sb.starting = false;
      const auto invocation = static_cast<std::uint32_t>(e.b);
      if (invocation != kNone) {
        begin_invocation(invocation, now);
      } else if (sb.loaded && sb.active == 0) {  // a pre-warmed sandbox is ready for work
        make_available(e.a);
      }
      break;
    }
    case EventKind::wait_done:
      handler_done(e.a, now);
      break;
    case EventKind::cpu_done: {
      Invocation& inv = invocations_[e.a];
      if (inv.cpu_ticket != e.b) break;  // its remaining work was handed to an Exec
      WorkerCpu& cpu = worker_cpus_[sandboxes_[inv.sandbox].worker];
      // Swap-and-pop, keeping the moved invocation's slot right.
      const std::uint32_t moved = cpu.timed.back();
      cpu.timed[inv.timed_slot] = moved;
      invocations_[moved].timed_slot = inv.timed_slot;
      cpu.timed.pop_back();
      inv.cpu_ticket = 0;
      inv.timed_slot = kNone;
      cpu_part_done(e.a, now);
      break;
    }
    case EventKind::expire: {
      Sandbox& sb = sandboxes_[e.a];
      if (sb.loaded && sb.idle_epoch == e.b && sb.active == 0 && !sb.starting) unload(e.a, now);
      break;
    }
    case EventKind::prewarm: {
      // Pre-warm: load a sandbox (paying its initialisation) and keep it for the window.
      const std::uint32_t f = e.a;
      const std::int64_t id = create_sandbox(f, false, now);
      if (id < 0) break;
      Sandbox& sb = sandboxes_[static_cast<std::size_t>(id)];
      FunctionState& st = functions_[f];
      ++st.idle;
      sb.starting = true;
      sb.idle_epoch = ++epoch_counter_;
      schedule(now + st.spec->cold_start.sample(st.cold_rng), EventKind::cold_start_done,
               static_cast<std::uint32_t>(id), kNone);
      const double keep = e.b > 0 ? static_cast<double>(e.b) / 1e6 : kNever;
      if (std::isfinite(keep))
        schedule(reclaim_time(now + keep, st.spec->keep_alive_params.reaper_s), EventKind::expire,
                 static_cast<std::uint32_t>(id), sb.idle_epoch);
      update_levels(f, now);
      break;
    }
    case EventKind::retry:
      dispatch(e.a, now);
      break;
    case EventKind::batch_window: {
      const std::uint32_t f = e.a;
      auto& batch = functions_[f].batches[e.b >> 32];
      if ((batch.generation & 0xffffffffu) == (e.b & 0xffffffffu) && batch.pending > 0) {
        const std::uint32_t n = batch.pending;
        batch.pending = 0;
        ++batch.generation;
        invoke(f, now, false, n, batch.retention_s, now);
      }
      break;
    }
  }
}

void ServerlessRuntime::handle_due_events(double now) {
  for (EventQueue* queue = next_queue(); queue != nullptr && queue->top().time <= now + 1e-9;
       queue = next_queue()) {
    const Event e = queue->top();
    queue->pop();
    handle(e, now);
  }
}

ServerlessRuntime::EventQueue* ServerlessRuntime::next_queue() {
  if (expiries_.empty()) return events_.empty() ? nullptr : &events_;
  if (events_.empty()) return &expiries_;
  return events_.top() > expiries_.top() ? &expiries_ : &events_;
}

double ServerlessRuntime::horizon() const {
  const double next_event = events_.empty() ? kNever : events_.top().time;
  const double next_expiry = expiries_.empty() ? kNever : expiries_.top().time;
  return std::min({next_event, next_expiry, end_time_s_});
}

void ServerlessRuntime::run() {
  // Provisioned concurrency: environments initialised before the run and never reclaimed.
  for (std::uint32_t f = 0; f < functions_.size(); ++f) {
    FunctionState& st = functions_[f];
    for (std::size_t k = 0; k < st.spec->provisioned_concurrency; ++k) {
      const std::int64_t id = create_sandbox(f, true, 0.0);
      if (id < 0) break;
      ++st.idle;
      make_available(static_cast<std::uint32_t>(id));
    }
    update_levels(f, 0.0);
  }
  for (std::uint32_t s = 0; s < sources_.size(); ++s) {
    Source& src = sources_[s];
    const double first = src.kind == TriggerSpec::Kind::timer ? src.next_timer_s
                         : src.trace                          ? src.trace->next()
                                                              : src.process->next();
    if (first < end_time_s_) schedule(first, EventKind::arrival, s);
  }

  running_.run();
  close_books(end_time_s_);
}

void ServerlessRuntime::close_books(double end_s) {
  end_time_s_ = end_s;  // a stopped run ends early: its averages and bill are over what ran
  for (std::uint32_t f = 0; f < functions_.size(); ++f) {
    FunctionState& st = functions_[f];
    st.occupancy.set(end_s, st.loaded, st.busy, st.idle);
  }
  // What is still starting, executing or waiting for a retry, as the platform holds it: the
  // conservation check compares this count with the totals kept on the way.
  const std::vector<std::uint64_t> held = count_held();
  for (std::uint32_t f = 0; f < functions_.size(); ++f)
    totals_[f].in_flight = held[f];
}

double ServerlessRuntime::provisioned_gb_s(std::uint32_t f, double until_s) const {
  const FunctionState& st = functions_[f];
  return static_cast<double>(st.spec->provisioned_concurrency) * st.memory_gb * until_s;
}

namespace {

/// Time-averaged sandbox counts and idle memory of a function, or summed over functions.
struct Occupancy {
  double instances = 0, running = 0, idle = 0, idle_gb_s = 0;
};

/// The figures summary.json gives for one function and, summed, for the whole platform.
json usage_json(const FunctionTotals& t, const Occupancy& o, const sim::Histogram& cold,
                const sim::Histogram& warm, double cost_usd) {
  sim::Histogram all = cold;
  all.merge(warm);
  return json{{"invocations", t.invocations},
              {"completed", t.completed},
              {"cold_starts", t.cold_starts},
              {"cold_start_probability", t.measured_served ? static_cast<double>(t.measured_cold_starts) /
                                                                 static_cast<double>(t.measured_served)
                                                           : 0.0},
              {"throttled", t.throttled},
              {"failed", t.failed},
              {"retries", t.retries},
              {"in_flight", t.in_flight},
              {"avg_instances", o.instances},
              {"avg_running", o.running},
              {"avg_idle", o.idle},
              {"utilisation", o.instances > 0 ? o.running / o.instances : 0.0},
              {"idle_gb_s", o.idle_gb_s},
              {"latency_s",
               {{"all", sim::histogram_summary(all)},
                {"cold", sim::histogram_summary(cold)},
                {"warm", sim::histogram_summary(warm)}}},
              {"cost_usd", cost_usd}};
}

}  // namespace

json ServerlessRuntime::summary() const {
  const auto bills = account_bills(end_time_s_);
  // Averages are over the measured period, after the warm-up (a stopped run may end in it).
  const double measured_s = std::max(end_time_s_ - warmup_s_, 0.0);
  json per_function = json::object();
  FunctionTotals all;
  Occupancy platform;
  double cost = 0;
  sim::Histogram cold, warm;
  for (std::uint32_t f = 0; f < functions_.size(); ++f) {
    const FunctionState& st = functions_[f];
    const FunctionTotals& t = totals_[f];
    Occupancy o;
    o.instances = st.occupancy.loaded_s() / measured_s;
    o.running = st.occupancy.busy_s() / measured_s;
    o.idle = st.occupancy.idle_s() / measured_s;
    o.idle_gb_s = st.occupancy.idle_s() * st.memory_gb;
    json fn = usage_json(t, o, st.cold_latency, st.warm_latency, bills[f].total_usd);
    fn["billed_gb_s"] = t.billed_gb_s;
    json shares = json::object();
    const std::vector<double>& time_at_count = st.occupancy.time_at_count();
    for (std::size_t k = 0; k < time_at_count.size(); ++k)
      if (time_at_count[k] > 0) shares[std::to_string(k)] = time_at_count[k] / measured_s;
    fn["instance_count_time_share"] = shares;
    per_function[st.spec->name] = std::move(fn);

    all.invocations += t.invocations;
    all.completed += t.completed;
    all.served += t.served;
    all.cold_starts += t.cold_starts;
    all.measured_served += t.measured_served;
    all.measured_cold_starts += t.measured_cold_starts;
    all.throttled += t.throttled;
    all.failed += t.failed;
    all.retries += t.retries;
    all.in_flight += t.in_flight;
    platform.instances += o.instances;
    platform.running += o.running;
    platform.idle += o.idle;
    platform.idle_gb_s += o.idle_gb_s;
    cost += bills[f].total_usd;
    cold.merge(st.cold_latency);
    warm.merge(st.warm_latency);
  }
  json total = usage_json(all, platform, cold, warm, cost);
  total["functions"] = std::move(per_function);
  return total;
}

std::vector<BillLine> ServerlessRuntime::bill() const {
  const auto bills = account_bills(end_time_s_);
  std::vector<BillLine> lines;
  for (std::uint32_t f = 0; f < functions_.size(); ++f) {
    const std::string& name = functions_[f].spec->name;
    const FunctionTotals& t = totals_[f];
    const double gb_price = functions_[f].spec->arm ? spec_.pricing.arm_per_gb_s : spec_.pricing.x86_per_gb_s;
    // A request is billed with its duration, when the invocation ends.
    lines.push_back(BillLine{name, "function requests", static_cast<double>(t.completed) / 1e6, "million",
                             spec_.pricing.per_million_requests, bills[f].requests_usd});
    lines.push_back(
        BillLine{name, "function compute", t.billed_gb_s, "GB-s", gb_price, bills[f].compute_usd});
    if (bills[f].provisioned_usd > 0)
      lines.push_back(BillLine{name, "provisioned concurrency", provisioned_gb_s(f, end_time_s_), "GB-s",
                               spec_.pricing.provisioned_per_gb_s, bills[f].provisioned_usd});
  }
  return lines;
}

double ServerlessRuntime::cost_usd() const {
  double total = 0;
  for (const auto& line : bill())
    total += line.cost_usd;
  return total;
}

}  // namespace stratus::models
