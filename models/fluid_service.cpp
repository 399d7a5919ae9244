#include "models/fluid_service.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/queueing.hpp"

namespace stratus::models {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

long long server_count(const ServiceSpec& spec, int instances, int vcpus) {
  // A central FIFO queue with a concurrency limit hands work to exactly these slots.
  const bool slots = spec.concurrency > 0 && spec.load_balancer == "central-fifo";
  return static_cast<long long>(instances) * (slots ? spec.concurrency : vcpus);
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

FluidStep FluidService::stationary(double lambda, double h) const {
  FluidStep s;
  const sim::MmcResult q = sim::erlang_c(lambda, mu_, servers_);
  // Blocking with a finite queue, approximated on the infinite queue: given that an arrival
  // waits, the queue length is geometric with ratio ρ, so P(K already waiting) = P_wait·ρ^K.
  const double blocked = std::isinf(queue_limit_) ? 0.0 : q.p_wait * std::pow(q.utilisation, queue_limit_);
  s.arrived = lambda * h;
  s.rejected = s.arrived * blocked;
  s.accepted = s.arrived - s.rejected;
  s.completed = s.accepted;
  const double served = lambda * (1.0 - blocked);
  s.p_wait = q.p_wait;
  s.mean_wait_s = sim::allen_cunneen_wait(q.mean_wait, 1.0, spec_.work.scv());
  s.busy_vcpus = served / mu_;
  s.queued = served * s.mean_wait_s;
  s.in_system = served * (s.mean_wait_s + 1.0 / mu_);  // Little's law
  // The wait keeps the Erlang C shape with its mean scaled by Allen–Cunneen.
  const double rate = q.decay / ac_factor_;
  s.parts.push_back(ResponseComponent{s.accepted, q.p_wait, rate, 0.0, mu_, exponential_});
  return s;
}

FluidStep FluidService::step(double t, double h) {
  const double lambda = arrivals_.rate_at(t + h / 2);
  const double capacity = static_cast<double>(servers_) * mu_;
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
    s.completed = s.accepted + start - end;
    s.p_wait = 1.0;
    s.mean_wait_s = (start + end) / 2 / capacity;
    s.busy_vcpus = capacity / mu_ * fluid_s / h;
    s.queued = (start + end) / 2 * fluid_s / h;
    s.in_system = end + capacity / mu_;
    s.parts.push_back(ResponseComponent{s.accepted, 0.0, 0.0, s.mean_wait_s, mu_, exponential_});
    if (fluid_s < h) {  // the backlog drained within the step: stationary for the rest
      FluidStep rest = stationary(lambda, h - fluid_s);
      const double w = s.accepted + rest.accepted;
      s.mean_wait_s = w > 0 ? (s.mean_wait_s * s.accepted + rest.mean_wait_s * rest.accepted) / w : 0.0;
      s.p_wait = w > 0 ? (s.accepted + rest.p_wait * rest.accepted) / w : 0.0;
      s.arrived += rest.arrived;
      s.rejected += rest.rejected;
      s.accepted += rest.accepted;
      s.completed += rest.completed;
      s.busy_vcpus += rest.busy_vcpus * (h - fluid_s) / h;
      s.queued += rest.queued * (h - fluid_s) / h;
      s.in_system = rest.in_system;
      s.parts.push_back(rest.parts.front());
    }
  }
  s.lambda = lambda;
  return s;
}

double response_cdf(const ResponseComponent& c, double t) {
  const double x = t - c.shift_s;
  if (x <= 0) return 0.0;
  if (c.exponential) return sim::wait_plus_exponential_cdf(c.p_wait, c.wait_rate, c.mu, x);
  const double y = x - 1.0 / c.mu;  // constant service: only the wait is random
  if (y < 0) return 0.0;
  return 1.0 - c.p_wait * (c.wait_rate > 0 ? std::exp(-c.wait_rate * y) : 1.0);
}

double mixture_mean(const std::vector<ResponseComponent>& parts) {
  double weight = 0.0, sum = 0.0;
  for (const auto& c : parts) {
    const double wait = c.p_wait > 0 && c.wait_rate > 0 ? c.p_wait / c.wait_rate : 0.0;
    sum += c.weight * (c.shift_s + wait + 1.0 / c.mu);
    weight += c.weight;
  }
  return weight > 0 ? sum / weight : std::numeric_limits<double>::quiet_NaN();
}

double mixture_quantile(const std::vector<ResponseComponent>& parts, double q) {
  double weight = 0.0;
  for (const auto& c : parts)
    weight += c.weight;
  if (!(weight > 0)) return std::numeric_limits<double>::quiet_NaN();
  auto cdf = [&](double t) {
    double sum = 0.0;
    for (const auto& c : parts)
      if (c.weight > 0) sum += c.weight * response_cdf(c, t);
    return sum / weight;
  };
  // Bracket, then bisect to a relative precision of 1e-5 (well inside the tests' tolerances).
  double lo = 0.0, hi = 1e-3;
  for (int i = 0; i < 200 && cdf(hi) < q; ++i) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1e-5 * hi) {
    const double mid = (lo + hi) / 2;
    (cdf(mid) < q ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

}  // namespace stratus::models
