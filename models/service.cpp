#include "models/service.hpp"

#include <algorithm>
#include <limits>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>

namespace stratus::models {

namespace sg4 = simgrid::s4u;

ServiceRuntime::ServiceRuntime(const ServiceSpec& spec, std::vector<InstanceSlot> instances,
                               const sim::RandomStreams& streams, sim::MetricsRecorder& metrics,
                               sim::Engine& engine, double end_time_s, double warmup_s)
    : spec_(spec),
      slots_(std::move(instances)),
      metrics_(metrics),
      engine_(engine),
      end_time_s_(end_time_s),
      warmup_s_(warmup_s),
      arrivals_(spec.arrivals,
                streams.stream(spec.arrival_stream.empty() ? spec.name + ".arrivals" : spec.arrival_stream)),
      work_rng_(streams.stream(spec.name + ".work")),
      balancer_(load_balancers().create(spec.load_balancer, streams.stream(spec.name + ".balancer"))) {
  central_ = balancer_->central_queue();
  // A central queue hands work to free slots, so it needs a finite number of slots: by
  // default one request per vCPU, the M/M/c discipline.
  if (spec.concurrency > 0)
    concurrency_limit_ = static_cast<std::uint32_t>(spec.concurrency);
  else
    concurrency_limit_ = central_ ? 0 : std::numeric_limits<std::uint32_t>::max();

  const std::size_t n = slots_.size();
  outstanding_.assign(n, 0);
  healthy_.assign(n, 1);
  executing_.assign(n, 0);
  local_queue_.resize(n);
  core_speed_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    core_speed_[i] = slots_[i].host->get_speed();
    total_vcpus_ += slots_[i].vcpus;
  }
  if (central_) {
    // Fill the stack so that the lowest-numbered instance is used first.
    for (std::size_t i = n; i-- > 0;) {
      const std::uint32_t slots =
          concurrency_limit_ > 0 ? concurrency_limit_ : static_cast<std::uint32_t>(slots_[i].vcpus);
      for (std::uint32_t k = 0; k < slots; ++k)
        free_slots_.push_back(static_cast<std::uint32_t>(i));
    }
  }

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
  m_latency_ = metrics.histogram(s + ".latency_s");
  // Rows close at most at the end time; after the run the engine clock may have moved on.
  metrics.gauge(s + ".demand_per_s",
                [this] { return arrivals_.rate_at(std::min(sg4::Engine::get_clock(), end_time_s_)); });
  metrics.set(m_instances_, 0.0, static_cast<double>(n));
}

void ServiceRuntime::note_executing_change(std::uint32_t i, int delta, double now) {
  // A core is busy while at least one request runs on it: min(executing, vCPUs) per instance.
  const auto vcpus = static_cast<std::uint32_t>(slots_[i].vcpus);
  const std::uint32_t before = std::min(executing_[i], vcpus);
  executing_[i] = static_cast<std::uint32_t>(static_cast<int>(executing_[i]) + delta);
  const std::uint32_t after = std::min(executing_[i], vcpus);
  if (before != after) {
    busy_vcpus_ += static_cast<double>(after) - static_cast<double>(before);
    metrics_.set(m_utilisation_, now, busy_vcpus_ / total_vcpus_);
  }
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
      Running{request.arrival_s, i});
}

void ServiceRuntime::on_arrival(double arrival_s, double now) {
  ++totals_.arrived;
  metrics_.add(m_arrived_);
  engine_.count_events();
  const Pending request{arrival_s, spec_.work.sample(work_rng_)};
  const auto capacity = spec_.queue_capacity;

  if (central_) {
    if (!free_slots_.empty()) {
      const std::uint32_t i = free_slots_.back();
      free_slots_.pop_back();
      ++outstanding_[i];
      start(i, request, now);
    } else if (capacity < 0 || static_cast<long long>(central_queue_.size()) < capacity) {
      central_queue_.push_back(request);
      metrics_.set(m_queued_, now, static_cast<double>(++queued_));
    } else {
      ++totals_.rejected;
      metrics_.add(m_rejected_);
      return;
    }
  } else {
    const int chosen = balancer_->route(BackendView{outstanding_, healthy_});
    if (chosen < 0) {
      ++totals_.rejected;
      metrics_.add(m_rejected_);
      return;
    }
    const auto i = static_cast<std::uint32_t>(chosen);
    if (executing_[i] < concurrency_limit_) {
      ++outstanding_[i];
      start(i, request, now);
    } else if (capacity < 0 || static_cast<long long>(local_queue_[i].size()) < capacity) {
      ++outstanding_[i];
      local_queue_[i].push_back(request);
      metrics_.set(m_queued_, now, static_cast<double>(++queued_));
    } else {
      ++totals_.rejected;
      metrics_.add(m_rejected_);
      return;
    }
  }
  metrics_.set(m_in_flight_, now,
               static_cast<double>(totals_.arrived - totals_.completed - totals_.rejected));
}

void ServiceRuntime::on_completion(const Running& done, double now) {
  ++totals_.completed;
  engine_.count_events();
  metrics_.add(m_completed_);
  if (done.arrival_s >= warmup_s_) metrics_.record(m_latency_, now - done.arrival_s);
  const std::uint32_t i = done.instance;
  --outstanding_[i];
  note_executing_change(i, -1, now);

  std::deque<Pending>& queue = central_ ? central_queue_ : local_queue_[i];
  if (!queue.empty()) {
    const Pending next = queue.front();
    queue.pop_front();
    metrics_.set(m_queued_, now, static_cast<double>(--queued_));
    if (central_) ++outstanding_[i];
    start(i, next, now);
  } else if (central_) {
    free_slots_.push_back(i);
  }
  metrics_.set(m_in_flight_, now,
               static_cast<double>(totals_.arrived - totals_.completed - totals_.rejected));
}

void ServiceRuntime::run() {
  constexpr double kNever = std::numeric_limits<double>::infinity();
  double next_arrival = arrivals_.next();
  while (true) {
    const double now = sg4::Engine::get_clock();
    // A wake-up computed as now + timeout can land a rounding error short of the arrival it
    // was meant for; accept arrivals within a nanosecond so the loop never spins.
    while (next_arrival <= now + 1e-9 && next_arrival < end_time_s_) {
      on_arrival(next_arrival, now);
      next_arrival = arrivals_.next();
    }
    if (now >= end_time_s_) break;
    const double horizon = std::min(next_arrival, end_time_s_);
    if (running_.empty() && horizon == kNever) break;
    running_.wait_until(horizon, [this](const Running& done, double at) { on_completion(done, at); });
  }
  // What is still executing or queued at the end stays in flight: conservation is
  // arrived = completed + rejected + in flight.
  totals_.in_flight = totals_.arrived - totals_.completed - totals_.rejected;
  running_.cancel_all();
}

}  // namespace stratus::models
