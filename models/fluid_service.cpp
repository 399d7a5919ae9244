#include "models/fluid_service.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/queueing.hpp"

namespace stratus::models {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

long long server_count(const ServiceSpec& spec, int instances, int vcpus) {
  // A central FIFO queue with a concurrency limit hands work to exactly these slots. Slots
  // beyond the vCPUs are no extra servers: they share the vCPUs (the loader refuses that case,
  // as the sharing is not modelled; this keeps the capacity right if it is ever reached).
  const bool slots = spec.concurrency > 0 && spec.load_balancer == "central-fifo";
  return static_cast<long long>(instances) * (slots ? std::min(spec.concurrency, vcpus) : vcpus);
}

/// Requests that may wait: queue_capacity counts per instance except behind the central
/// queue (ServiceSpec); +infinity without a limit.
double queue_limit(const ServiceSpec& spec, int instances) {
  if (spec.queue_capacity < 0) return kInf;
  const auto capacity = static_cast<double>(spec.queue_capacity);
  return spec.load_balancer == "central-fifo" ? capacity : capacity * instances;
}

}  // namespace

FluidService::FluidService(const ServiceSpec& spec, const InstanceType& type, sim::RandomStream rng)
    : spec_(spec),
      arrivals_(spec.arrivals, std::move(rng)),
      vcpus_(type.vcpus),
      instances_(spec.instances),
      servers_(server_count(spec, spec.instances, type.vcpus)),
      mu_(1.0 / spec.work.mean()),
      mean_work_s_(1.0 / mu_),
      ac_factor_((1.0 + spec.work.scv()) / 2.0),
      queue_limit_(queue_limit(spec, spec.instances)),
      // Exponential work keeps the exact M/M/c response time; near-deterministic work
      // (Cs² < 0.5) is taken as its mean, the rest as an exponential of the same mean.
      exponential_(spec.work.kind() == sim::Distribution::Kind::exponential || spec.work.scv() >= 0.5) {}

void FluidService::set_instances(int instances) {
  instances_ = std::max(0, instances);
  servers_ = server_count(spec_, instances_, vcpus_);
  queue_limit_ = queue_limit(spec_, instances_);
}

FluidStep FluidService::stationary(double lambda, double h) {
  FluidStep s;
  s.lambda = lambda;
  const sim::MmcResult q = erlang_c_.erlang_c(lambda, mu_, servers_);
  // Blocking with a finite queue, approximated on the infinite queue: given that an arrival
  // waits, the queue length is geometric with ratio ρ, so P(K already waiting) = P_wait·ρ^K.
  const double blocked =
      std::isinf(queue_limit_) || !(q.p_wait > 0) ? 0.0 : q.p_wait * std::pow(q.utilisation, queue_limit_);
  s.arrived = lambda * h;
  s.rejected = s.arrived * blocked;
  s.accepted = s.arrived - s.rejected;
  const double served = lambda * (1.0 - blocked);
  s.p_wait = q.p_wait;
  s.mean_wait_s = q.mean_wait * ac_factor_;  // sim::allen_cunneen_wait with C_a² = 1
  s.busy_vcpus = served * mean_work_s_;
  s.queued = served * s.mean_wait_s;
  s.in_system = served * (s.mean_wait_s + mean_work_s_);  // Little's law
  // The wait keeps the Erlang C shape with its mean scaled by Allen–Cunneen.
  const double rate = q.decay / ac_factor_;
  ResponseComponent part;
  part.weight = s.accepted;
  part.p_wait = q.p_wait;
  part.wait_rate = rate;
  part.mu = mu_;
  part.exponential = exponential_;
  s.parts.push_back(part);
  return s;
}

FluidStep FluidService::without_servers(double t, double lambda, double h) {
  FluidStep s;
  s.lambda = lambda;
  const double start = backlog_;
  double end = start + lambda * h;
  if (end > queue_limit_) {
    s.rejected = end - queue_limit_;
    end = queue_limit_;
  }
  backlog_ = end;
  s.arrived = lambda * h;
  s.accepted = s.arrived - s.rejected;
  s.p_wait = 1.0;
  s.queued = (start + end) / 2;
  s.in_system = end;
  // Their wait depends on when servers come back: they are measured then (see step()).
  if (s.accepted > 0) {
    stranded_arrival_s_ =
        (stranded_arrival_s_ * stranded_ + (t + h / 2) * s.accepted) / (stranded_ + s.accepted);
    stranded_ += s.accepted;
  }
  return s;
}

void FluidService::prepare(double lambda) {
  if (static_cast<double>(servers_) * mu_ > lambda) erlang_c_.erlang_c(lambda, mu_, servers_);
}

FluidStep FluidService::step(double t, double h, double lambda) {
  FluidStep s = approximate(t, h, lambda);
  settle_departures(s);
  return s;
}

void FluidService::settle_departures(FluidStep& s) {
  // The pointwise stationary laws say how many requests are present at each step's end, not
  // how many left: those that left are the ones accepted less what the count of present
  // requests grew by. Departures are never negative: a count rising faster than arrivals
  // could fill it (λ jumping while requests take longer than a step) is held at the arrivals.
  s.in_system = std::min(s.in_system, in_system_ + s.accepted);
  s.completed = s.accepted + in_system_ - s.in_system;
  in_system_ = s.in_system;
}

FluidStep FluidService::approximate(double t, double h, double lambda) {
  const double capacity = static_cast<double>(servers_) * mu_;
  // Each path builds its FluidStep in place (returned without a copy): this runs for every
  // service at every step.
  if (!(capacity > 0)) return without_servers(t, lambda, h);
  if (backlog_ <= 0 && lambda < capacity && stranded_ <= 0) return stationary(lambda, h);
  return transient(t, lambda, h);
}

FluidStep FluidService::transient(double t, double lambda, double h) {
  const double capacity = static_cast<double>(servers_) * mu_;
  ResponseComponent stranded;  // requests queued while there were no servers, now served
  if (stranded_ > 0) {
    // They have waited since they arrived, and wait on average behind half of today's backlog
    // (an approximation: the fluid queue does not track who is where in it).
    stranded.weight = stranded_;
    stranded.shift_s = std::max(t - stranded_arrival_s_, 0.0) + backlog_ / 2 / capacity;
    stranded.mu = mu_;
    stranded.exponential = exponential_;
    stranded_ = 0.0;
  }
  FluidStep s;
  if (backlog_ <= 0 && lambda < capacity) {
    s = stationary(lambda, h);
  } else {
    // A fluid queue: backlog' = λ − c·μ while positive; its arrivals all wait about
    // backlog / (c·μ), and the queue beyond `queue_limit_` is rejected.
    const double net = lambda - capacity;
    const double drain_s = net < 0 ? backlog_ / -net : kInf;
    const double fluid_s = std::min(h, drain_s);
    const double start = backlog_;
    double end = std::max(0.0, start + net * fluid_s);
    double rejected = 0.0;
    if (end > queue_limit_) {
      rejected = end - queue_limit_;
      end = queue_limit_;
    }
    backlog_ = end;
    s.arrived = lambda * fluid_s;
    s.rejected = rejected;
    s.accepted = s.arrived - rejected;
    s.p_wait = 1.0;
    s.mean_wait_s = (start + end) / 2 / capacity;
    s.busy_vcpus = capacity / mu_ * fluid_s / h;
    s.queued = (start + end) / 2 * fluid_s / h;
    s.in_system = end + capacity / mu_;
    ResponseComponent part;
    part.weight = s.accepted;
    part.shift_s = s.mean_wait_s;
    part.mu = mu_;
    part.exponential = exponential_;
    s.parts.push_back(part);
    if (fluid_s < h) {  // the backlog drained within the step: stationary for the rest
      FluidStep rest = stationary(lambda, h - fluid_s);
      const double w = s.accepted + rest.accepted;
      s.mean_wait_s = w > 0 ? (s.mean_wait_s * s.accepted + rest.mean_wait_s * rest.accepted) / w : 0.0;
      s.p_wait = w > 0 ? (s.accepted + rest.p_wait * rest.accepted) / w : 0.0;
      s.arrived += rest.arrived;
      s.rejected += rest.rejected;
      s.accepted += rest.accepted;
      s.busy_vcpus += rest.busy_vcpus * (h - fluid_s) / h;
      s.queued += rest.queued * (h - fluid_s) / h;
      s.in_system = rest.in_system;
      s.parts.push_back(rest.parts.front());
    }
  }
  if (stranded.weight > 0) s.parts.push_back(stranded);
  s.lambda = lambda;
  return s;
}

}  // namespace stratus::models
