#include "models/service.hpp"

#include <algorithm>
#include <limits>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>
#include <stdexcept>
#include <string>

namespace stratus::models {

namespace sg4 = simgrid::s4u;

namespace {

std::vector<std::uint32_t> zones_of(const std::vector<InstanceSlot>& slots) {
  std::vector<std::uint32_t> zones;
  for (const auto& slot : slots)
    zones.push_back(slot.zone);
  return zones;
}

}  // namespace

ServiceRuntime::ServiceRuntime(const ServiceSpec& spec, std::vector<InstanceSlot> instances,
                               const sim::RandomStreams& streams, sim::MetricsRecorder& metrics,
                               sim::Engine& engine, double end_time_s, double warmup_s, double epoch_s,
                               EventSink events, double origin_s)
    : spec_(spec),
      slots_(std::move(instances)),
      metrics_(metrics),
      engine_(engine),
      end_time_s_(end_time_s),
      warmup_s_(warmup_s),
      epoch_s_(epoch_s),
      events_(std::move(events)),
      arrivals_(spec.arrivals,
                streams.stream(spec.arrival_stream.empty() ? spec.name + ".arrivals" : spec.arrival_stream),
                origin_s),
      work_rng_(streams.stream(spec.name + ".work")),
      balancer_(load_balancers().create(spec.load_balancer, streams.stream(spec.name + ".balancer"))),
      lifecycle_(zones_of(slots_), spec.scaling.termination),
      boot_rng_(streams.stream(spec.name + ".boot")),
      next_collect_s_(std::numeric_limits<double>::infinity()),
      spot_rng_(streams.stream(spec.name + ".spot")) {
  central_ = balancer_->central_queue();
  // A central queue hands work to free slots, so it needs a finite number of slots: by
  // default one request per vCPU, the M/M/c discipline.
  if (spec.concurrency > 0)
    concurrency_limit_ = static_cast<std::uint32_t>(spec.concurrency);
  else
    concurrency_limit_ = central_ ? 0 : std::numeric_limits<std::uint32_t>::max();

  const std::size_t n = slots_.size();
  outstanding_.assign(n, 0);
  routable_.assign(n, 0);
  executing_.assign(n, 0);
  local_queue_.resize(n);
  core_speed_.resize(n);
  busy_s_.assign(n, 0.0);
  busy_updated_s_.assign(n, 0.0);
  busy_at_last_tick_.assign(n, 0.0);
  routable_since_s_.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    core_speed_[i] = slots_[i].host->get_speed();
  unreachable_.assign(n, 0);
  crashed_.assign(n, 0);
  awaiting_host_.assign(n, 0);
  spot_.assign(n, 0);
  registered_s_.assign(n, 0.0);
  for (std::uint32_t i = 0; i < n; ++i) {
    const InstanceSlot& slot = slots_[i];
    if (slot.physical_host >= instances_on_host_.size()) instances_on_host_.resize(slot.physical_host + 1);
    if (slot.zone >= instances_in_zone_.size()) instances_in_zone_.resize(slot.zone + 1);
    instances_on_host_[slot.physical_host].push_back(i);
    instances_in_zone_[slot.zone].push_back(i);
  }
  host_down_.assign(instances_on_host_.size(), 0);
  zone_cut_.assign(instances_in_zone_.size(), 0);

  const std::string& s = spec.name;
  m_arrived_ = metrics.counter(s + ".requests_arrived");
  m_completed_ = metrics.counter(s + ".requests_completed");
  m_rejected_ = metrics.counter(s + ".requests_rejected");
  m_started_ = metrics.counter(s + ".requests_started");  // after the warm-up only
  m_waited_ = metrics.counter(s + ".requests_waited");
  m_wait_time_ = metrics.counter(s + ".wait_time_s");
  m_in_flight_ = metrics.level(s + ".in_flight");
  m_queued_ = metrics.level(s + ".queued");
  m_utilisation_ = metrics.level(s + ".cpu_utilisation");
  m_instances_ = metrics.level(s + ".instances");
  register_zone_levels();
  m_latency_ = metrics.histogram(s + ".latency_s");
  if (spec.scaling.enabled) {
    m_failed_ = metrics.counter(s + ".requests_failed");
    m_failed_registered_ = true;
    m_launching_ = metrics.level(s + ".instances_launching");
    m_draining_ = metrics.level(s + ".instances_draining");
    m_desired_ = metrics.level(s + ".desired_capacity");
  }
  // Rows close at most at the end time; after the run the engine clock may have moved on.
  metrics.gauge(s + ".demand_per_s",
                [this] { return arrivals_.rate_at(std::min(sg4::Engine::get_clock(), end_time_s_)); });
  start_fleet();
}

void ServiceRuntime::note_executing_change(std::uint32_t i, int delta, double now) {
  // A core is busy while at least one request runs on it: min(executing, vCPUs) per instance.
  const auto vcpus = static_cast<std::uint32_t>(slots_[i].vcpus);
  const std::uint32_t before = std::min(executing_[i], vcpus);
  if (autoscaler_) note_busy(i, now);
  executing_[i] = static_cast<std::uint32_t>(static_cast<int>(executing_[i]) + delta);
  const std::uint32_t after = std::min(executing_[i], vcpus);
  if (before != after) {
    busy_vcpus_ += static_cast<double>(after) - static_cast<double>(before);
    metrics_.set(m_utilisation_, now, total_vcpus_ > 0 ? busy_vcpus_ / total_vcpus_ : 0.0);
  }
}

void ServiceRuntime::note_in_flight(double now) {
  // Counted where the requests are (executing, or queued anywhere), not derived from the
  // totals: an over-count of the totals cannot wrap around into a huge level.
  const auto in_flight = running_.size() + queued_;
  if (autoscaler_) {
    // Time-weighted areas for the policies' in_flight and queue_length metrics: the values
    // held since the last change, which every change of either comes through.
    const double dt = now - tick_area_since_s_;
    tick_in_flight_area_ += dt * last_in_flight_;
    tick_queued_area_ += dt * last_queued_;
    tick_area_since_s_ = now;
    last_in_flight_ = static_cast<double>(in_flight);
    last_queued_ = static_cast<double>(queued_);
  }
  metrics_.set(m_in_flight_, now, static_cast<double>(in_flight));
}

void ServiceRuntime::start(std::uint32_t i, const Pending& request, double now) {
  const double waited = now - request.arrival_s;
  if (request.arrival_s >= warmup_s_) {
    totals_.wait_sum_s += waited;
    ++totals_.started;
    metrics_.add(m_started_);
    metrics_.add(m_wait_time_, waited);
    if (waited > 0) {
      ++totals_.waited;
      metrics_.add(m_waited_);
    }
  }
  note_executing_change(i, +1, now);
  running_.add(
      sg4::Exec::init()->set_flops_amount(request.work_s * core_speed_[i])->set_host(slots_[i].host)->start(),
      Running{request.arrival_s, i, lifecycle_.at(i).launch_id});
}

void ServiceRuntime::reject(double now) {
  ++totals_.rejected;
  ++interval_lost_;
  metrics_.add(m_rejected_);
  note_in_flight(now);
}

bool ServiceRuntime::take_free_slot(std::uint32_t& instance) {
  while (!free_slots_.empty()) {
    const auto [i, life] = free_slots_.back();
    free_slots_.pop_back();
    // An unreachable instance pulls no work: its slot is dropped (it gets fresh ones when it
    // becomes routable again).
    if (routable_[i] && !unreachable_[i] && lifecycle_.at(i).launch_id == life) {
      instance = i;
      return true;
    }
  }
  return false;
}

void ServiceRuntime::on_arrival(double arrival_s, double now) {
  ++totals_.arrived;
  ++tick_arrivals_;
  metrics_.add(m_arrived_);
  engine_.count_events();
  dispatch(Pending{arrival_s, spec_.work.sample(work_rng_)}, now);
}

void ServiceRuntime::dispatch(const Pending& request, double now) {
  const auto capacity = spec_.queue_capacity;
  auto has_room = [capacity](std::size_t queued) {
    return capacity < 0 || static_cast<long long>(queued) < capacity;
  };
  if (lifecycle_.counts().routable() == 0) {
    // Nothing serves yet (a fleet scaled to zero, or every instance still booting): the
    // balancer holds the request until an instance is ready, as KEDA's HTTP interceptor does.
    if (!has_room(held_.size())) return reject(now);
    held_.push_back(request);
    metrics_.set(m_queued_, now, static_cast<double>(++queued_));
  } else if (central_) {
    std::uint32_t i = 0;
    if (take_free_slot(i)) {
      ++outstanding_[i];
      start(i, request, now);
    } else if (has_room(central_queue_.size())) {
      central_queue_.push_back(request);
      metrics_.set(m_queued_, now, static_cast<double>(++queued_));
    } else {
      return reject(now);
    }
  } else {
    const int chosen = balancer_->route(BackendView{outstanding_, routable_});
    if (chosen < 0) return reject(now);
    const auto i = static_cast<std::uint32_t>(chosen);
    if (unreachable_[i]) {
      // Its host is down (or its zone cut off) and the health checks have not noticed yet:
      // the connection fails. A failed target holds nothing, so a least-outstanding balancer
      // favours it: the black hole that makes detection time matter.
      count_failed(1);
    } else if (executing_[i] < concurrency_limit_) {
      ++outstanding_[i];
      start(i, request, now);
    } else if (has_room(local_queue_[i].size())) {
      ++outstanding_[i];
      local_queue_[i].push_back(request);
      metrics_.set(m_queued_, now, static_cast<double>(++queued_));
    } else {
      return reject(now);
    }
  }
  note_in_flight(now);
}

void ServiceRuntime::on_completion(const Running& done, double now) {
  engine_.count_events();
  const std::uint32_t i = done.instance;
  note_executing_change(i, -1, now);
  if (done.launch_id != lifecycle_.at(i).launch_id || lifecycle_.at(i).state == InstanceState::stopped)
    throw std::logic_error("a request completed on a stopped instance: its work should have been cancelled");
  ++totals_.completed;
  metrics_.add(m_completed_);
  if (done.arrival_s >= warmup_s_) {
    metrics_.record(m_latency_, now - done.arrival_s);
    if (autoscaler_) tick_latency_.add(now - done.arrival_s);
    if (spec_.latency_slo_s > 0) interval_latency_.add(now - done.arrival_s);
  }
  --outstanding_[i];

  const bool draining = lifecycle_.at(i).state == InstanceState::draining;
  std::deque<Pending>& queue = central_ ? central_queue_ : local_queue_[i];
  if (!queue.empty() && !(central_ && draining)) {
    const Pending next = queue.front();
    queue.pop_front();
    metrics_.set(m_queued_, now, static_cast<double>(--queued_));
    if (central_) ++outstanding_[i];
    start(i, next, now);
  } else if (central_ && !draining) {
    free_slots_.emplace_back(i, lifecycle_.at(i).launch_id);
  }
  if (draining && outstanding_[i] == 0) stop(i, now);
  note_in_flight(now);
}

void ServiceRuntime::run() {
  constexpr double kNever = std::numeric_limits<double>::infinity();
  double next_arrival = arrivals_.next();
  while (true) {
    const double now = sg4::Engine::get_clock();
    // A wake-up computed as now + timeout can land a rounding error short of the event it
    // was meant for; accept events within a nanosecond so the loop never spins.
    run_fleet_events(now);
    while (next_arrival <= now + 1e-9 && next_arrival < end_time_s_) {
      on_arrival(next_arrival, now);
      next_arrival = arrivals_.next();
    }
    if (now >= end_time_s_) break;
    const double horizon = std::min({next_arrival, next_fleet_event(), end_time_s_});
    if (running_.empty() && horizon == kNever) break;
    running_.wait_until(horizon, [this](const Running& done, double at) { on_completion(done, at); });
  }
  settle_in_flight();
  running_.cancel_all();
}

void ServiceRuntime::settle_in_flight() {
  totals_.held_at_end = held();
  totals_.in_flight = totals_.held_at_end.total();
}

HeldRequests ServiceRuntime::held() const {
  HeldRequests h;
  h.central_queue = central_queue_.size();
  h.at_balancer = held_.size();
  auto draining = [this](std::uint32_t i) { return lifecycle_.at(i).state == InstanceState::draining; };
  for (const Running& r : running_.tags())
    ++(draining(r.instance) ? h.on_draining_instances : h.executing);
  for (std::uint32_t i = 0; i < local_queue_.size(); ++i)
    (draining(i) ? h.on_draining_instances : h.queued_on_instances) += local_queue_[i].size();
  return h;
}

void ServiceRuntime::check_conservation() const {
  // Sums on both sides, no subtraction: unsigned counters cannot wrap a mismatch away.
  const ServiceTotals& t = totals_;
  const HeldRequests& h = t.held_at_end;
  const std::uint64_t accounted = t.completed + t.rejected + t.failed + h.total();
  if (accounted == t.arrived) return;
  auto n = [](std::uint64_t v) { return std::to_string(v); };
  throw std::logic_error(
      "request conservation violated in service '" + spec_.name + "': " + n(t.arrived) + " arrived, but " +
      n(t.completed) + " completed + " + n(t.rejected) + " rejected + " + n(t.failed) + " failed + " +
      n(h.total()) + " held at the end (" + n(h.executing) + " executing, " + n(h.queued_on_instances) +
      " queued on instances, " + n(h.central_queue) + " in the central queue, " + n(h.at_balancer) +
      " at the balancer, " + n(h.on_draining_instances) + " on draining instances) = " + n(accounted));
}

HeldRequests& HeldRequests::operator+=(const HeldRequests& o) {
  executing += o.executing;
  queued_on_instances += o.queued_on_instances;
  central_queue += o.central_queue;
  at_balancer += o.at_balancer;
  on_draining_instances += o.on_draining_instances;
  return *this;
}

}  // namespace stratus::models
