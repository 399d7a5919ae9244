// The fleet side of a service: instances launching, registering with the balancer, warming
// up, draining and stopping; the metrics its scaling policies read; and what it costs. All of
// it runs inside the service's dispatcher actor, between request events, so that the order of
// everything that happens to a fleet is deterministic.
#include <algorithm>
#include <cmath>
#include <limits>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <stdexcept>

#include "models/service.hpp"

namespace stratus::models {

namespace sg4 = simgrid::s4u;

namespace {
constexpr double kNever = std::numeric_limits<double>::infinity();
}  // namespace

void ServiceRuntime::start_fleet() {
  const FleetScalingSpec& scaling = spec_.scaling;
  const int initial = scaling.enabled ? scaling.desired : static_cast<int>(slots_.size());
  if (scaling.enabled) {
    std::vector<autoscaling::NamedPolicy> policies;
    for (std::size_t k = 0; k < spec_.policy_configs.size(); ++k)
      policies.push_back(autoscaling::NamedPolicy{
          spec_.policy_names[k],
          autoscaling::scaling_policies().create(spec_.policy_names[k], spec_.policy_configs[k])});
    autoscaler_ = std::make_unique<autoscaling::Autoscaler>(std::move(policies), scaling.min_capacity,
                                                            scaling.max_capacity, scaling.desired);
    store_ =
        std::make_unique<autoscaling::MetricStore>(scaling.publication_delay_s, scaling.metric_retention_s);
    next_collect_s_ = scaling.metric_resolution_s;
  }
  // The run starts with the initial capacity already in service: a group that has been
  // running for a while, not one booting from nothing.
  for (int k = 0; k < initial; ++k) {
    const int i = lifecycle_.choose_launch();
    if (i < 0) break;
    const auto instance = static_cast<std::uint32_t>(i);
    lifecycle_.set_state(instance, InstanceState::in_service, 0.0);
    assign_market(instance, 0.0);
    running_price_per_s_ += price_of(instance);
    ++fleet_totals_.launches;
    become_routable(instance, 0.0);
  }
  if (central_) {
    // Refill so that the lowest-numbered instance's slots are taken first.
    free_slots_.clear();
    for (std::size_t i = slots_.size(); i-- > 0;)
      if (routable_[i])
        for (std::uint32_t k = 0; k < (concurrency_limit_ > 0 ? concurrency_limit_ : slots_[i].vcpus); ++k)
          free_slots_.emplace_back(static_cast<std::uint32_t>(i), lifecycle_.at(i).launch_id);
  }
  note_capacity(0.0);
}

double ServiceRuntime::accrued_cost_usd(double now) const {
  return cost_usd_ + running_price_per_s_ * std::max(0.0, now - cost_until_s_);
}

void ServiceRuntime::note_capacity(double now) {
  // Running cost accrues per instance-second between changes of the running count.
  cost_usd_ = accrued_cost_usd(now);
  cost_until_s_ = now;
  const FleetCounts c = lifecycle_.counts();
  metrics_.set(m_instances_, now, static_cast<double>(c.routable()));
  note_zone_capacity(now, c.routable());
  note_recovery(now);
  if (autoscaler_) {
    metrics_.set(m_launching_, now, static_cast<double>(c.launching));
    metrics_.set(m_draining_, now, static_cast<double>(c.draining));
    metrics_.set(m_desired_, now, static_cast<double>(autoscaler_->desired()));
  }
}

void ServiceRuntime::register_zone_levels() {
  // One column per zone that holds any of the fleet's positions, even a single zone, so that
  // readers find the same columns in every run. The platform builds one SimGrid netzone per
  // availability zone, named as the topology names it, and each instance's vCPUs in its zone.
  for (std::uint32_t zone = 0; zone < instances_in_zone_.size(); ++zone) {
    if (instances_in_zone_[zone].empty()) continue;
    const std::string& name = slots_[instances_in_zone_[zone].front()].host->get_englobing_zone()->get_name();
    // Safe as a column name: the scenario loader refuses zone names that CSV would quote.
    m_zone_instances_.push_back(ZoneLevel{zone, metrics_.level(spec_.name + ".instances." + name)});
  }
}

void ServiceRuntime::note_zone_capacity(double now, int serving) {
  // The lifecycle keeps the zones' counts as instances change state: O(zones) per fleet event.
  int counted = 0;
  for (const ZoneLevel& z : m_zone_instances_) {
    const int in_zone = lifecycle_.routable_in_zone(z.zone);
    metrics_.set(z.level, now, static_cast<double>(in_zone));
    counted += in_zone;
  }
  if (counted != serving)
    throw std::logic_error("service '" + spec_.name + "': the zones count " + std::to_string(counted) +
                           " instances serving, the fleet " + std::to_string(serving));
}

void ServiceRuntime::set_timer(double at_s, TimerKind kind, std::uint32_t instance) {
  timers_.push(Timer{at_s, timer_seq_++, kind, instance, lifecycle_.at(instance).launch_id});
}

double ServiceRuntime::next_fleet_event() const {
  double next = timers_.empty() ? kNever : timers_.top().at_s;
  if (changes_ != nullptr && next_change_ < changes_->size())
    next = std::min(next, (*changes_)[next_change_].time_s);
  if (autoscaler_) next = std::min({next, next_collect_s_, autoscaler_->next_evaluation_s()});
  return next;
}

void ServiceRuntime::run_fleet_events(double now) {
  const double due = now + 1e-9;
  apply_platform_changes(now);
  while (!timers_.empty() && timers_.top().at_s <= due) {
    const Timer timer = timers_.top();
    timers_.pop();
    // A timer of an earlier life, or of this life after the instance stopped (a launch
    // cancelled by a scale-in or a failure), has nothing left to act on.
    const InstanceRecord& r = lifecycle_.at(timer.instance);
    if (timer.launch_id == r.launch_id && r.state != InstanceState::stopped) on_timer(timer, now);
  }
  if (!autoscaler_) return;
  // Metrics first, so that a policy evaluated at the same second sees the tick that just ended.
  if (next_collect_s_ <= due) {
    collect_metrics(now);
    next_collect_s_ += spec_.scaling.metric_resolution_s;
  }
  if (autoscaler_->next_evaluation_s() <= due) {
    if (auto change = autoscaler_->evaluate_due(view(now))) {
      ++fleet_totals_.scaling_actions;
      emit(now, change->to > change->from ? "scale_out" : "scale_in",
           std::to_string(change->from) + " -> " + std::to_string(change->to) + " (" + change->policy +
               (change->reason.empty() ? "" : ": " + change->reason) + ")");
    }
    reconcile(now);
  }
}

void ServiceRuntime::on_timer(const Timer& timer, double now) {
  const std::uint32_t i = timer.instance;
  switch (timer.kind) {
    case TimerKind::booted:
      lifecycle_.set_state(i, InstanceState::registering, now);
      registered_s_[i] = now;  // health checks start now, one per interval
      set_timer(now + spec_.scaling.health_check.time_to_healthy_s(), TimerKind::healthy, i);
      break;
    case TimerKind::healthy:
      lifecycle_.set_state(i, spec_.scaling.warmup_s > 0 ? InstanceState::warming : InstanceState::in_service,
                           now);
      become_routable(i, now);
      if (spec_.scaling.warmup_s > 0) set_timer(now + spec_.scaling.warmup_s, TimerKind::warmed_up, i);
      break;
    case TimerKind::warmed_up:
      lifecycle_.set_state(i, InstanceState::in_service, now);
      break;
    case TimerKind::drain_deadline:
      // Deregistration delay over: what the instance still holds is lost with it.
      fail_work(i, now);
      stop(i, now);
      note_in_flight(now);
      break;
    case TimerKind::unhealthy:
      on_unhealthy(i, now);
      break;
    case TimerKind::spot_notice:
      on_spot_notice(i, now);
      break;
    case TimerKind::spot_reclaim:
      on_spot_reclaim(i, now);
      break;
  }
  note_capacity(now);
}

void ServiceRuntime::become_routable(std::uint32_t i, double now) {
  routable_[i] = 1;
  routable_since_s_[i] = now;
  total_vcpus_ += slots_[i].vcpus;
  if (autoscaler_) {
    note_busy(i, now);
    busy_at_last_tick_[i] = busy_s_[i];
  }
  metrics_.set(m_utilisation_, now, busy_vcpus_ / total_vcpus_);
  if (central_) {
    const std::uint32_t slots =
        concurrency_limit_ > 0 ? concurrency_limit_ : static_cast<std::uint32_t>(slots_[i].vcpus);
    // Pushed so that the lowest-numbered instance's slots are taken first.
    for (std::uint32_t k = 0; k < slots; ++k)
      free_slots_.emplace_back(i, lifecycle_.at(i).launch_id);
  }
  // Requests held while nothing was serving go now, in arrival order.
  while (!held_.empty()) {
    const Pending request = held_.front();
    held_.pop_front();
    metrics_.set(m_queued_, now, static_cast<double>(--queued_));
    dispatch(request, now);
    if (lifecycle_.counts().routable() == 0) break;
  }
}

void ServiceRuntime::reconcile(double now) {
  const int desired = autoscaler_->desired();
  while (lifecycle_.counts().active() < desired) {
    const int i = lifecycle_.choose_launch();
    if (i < 0) break;  // every position is in use (some still draining)
    launch(static_cast<std::uint32_t>(i), now);
  }
  while (lifecycle_.counts().active() > desired) {
    const int i = lifecycle_.choose_termination();
    if (i < 0) break;
    terminate(static_cast<std::uint32_t>(i), now);
  }
  note_capacity(now);
}

void ServiceRuntime::launch(std::uint32_t i, double now) {
  lifecycle_.set_state(i, InstanceState::launching, now);
  assign_market(i, now);
  // Bank the cost so far at the old price before it rises (as stop() does before it falls):
  // otherwise an instance back from an outage is charged for its downtime in timeseries.csv.
  cost_usd_ = accrued_cost_usd(now);
  cost_until_s_ = now;
  running_price_per_s_ += price_of(i);
  ++fleet_totals_.launches;
  set_timer(now + std::max(0.0, spec_.scaling.boot_time.sample(boot_rng_)), TimerKind::booted, i);
}

void ServiceRuntime::terminate(std::uint32_t i, double now) {
  ++fleet_totals_.terminations;
  const InstanceState state = lifecycle_.at(i).state;
  if (state == InstanceState::launching || state == InstanceState::registering) {
    stop(i, now);  // never served: nothing to drain
    return;
  }
  // Deregistered: no new requests; what it holds finishes, up to the deregistration delay.
  lifecycle_.set_state(i, InstanceState::draining, now);
  routable_[i] = 0;
  if (outstanding_[i] == 0)
    stop(i, now);
  else
    set_timer(now + spec_.scaling.deregistration_delay_s, TimerKind::drain_deadline, i);
}

void ServiceRuntime::stop(std::uint32_t i, double now) {
  const InstanceRecord& r = lifecycle_.at(i);
  if (r.state == InstanceState::draining || r.state == InstanceState::warming ||
      r.state == InstanceState::in_service) {
    total_vcpus_ -= slots_[i].vcpus;
    metrics_.set(m_utilisation_, now, total_vcpus_ > 0 ? busy_vcpus_ / total_vcpus_ : 0.0);
  }
  routable_[i] = 0;
  cost_usd_ = accrued_cost_usd(now);
  cost_until_s_ = now;
  running_price_per_s_ -= price_of(i);
  bill(i, now);
  lifecycle_.set_state(i, InstanceState::stopped, now);
}

void ServiceRuntime::bill(std::uint32_t i, double until_s) {
  // Per second with a 60 s minimum per launch, at the instance's market price.
  const double ran_s = until_s - lifecycle_.at(i).launched_s;
  const double billed_s = std::max(60.0, std::ceil(ran_s));
  fleet_totals_.instance_seconds_billed += billed_s;
  fleet_totals_.cost_usd += billed_s * price_of(i);
  // The running cost has accrued the seconds it ran; what the rounding adds is charged now,
  // in the row where the instance stops (or the last one), so the rows add up to the bill.
  cost_usd_ += (billed_s - ran_s) * price_of(i);
  if (spot_[i]) {
    fleet_totals_.spot_seconds_billed += billed_s;
    fleet_totals_.spot_cost_usd += billed_s * price_of(i);
  }
}

void ServiceRuntime::bill_remaining(double end_s) {
  for (std::uint32_t i = 0; i < lifecycle_.size(); ++i)
    if (lifecycle_.at(i).state != InstanceState::stopped) bill(i, end_s);
  fleet_totals_.recovering_at_end = recovering_;
}

void ServiceRuntime::note_busy(std::uint32_t i, double now) {
  const double busy = std::min<double>(executing_[i], slots_[i].vcpus);
  busy_s_[i] += busy * (now - busy_updated_s_[i]);
  busy_updated_s_[i] = now;
}

void ServiceRuntime::collect_metrics(double now) {
  const double tick = spec_.scaling.metric_resolution_s;
  const double tick_start = now - tick;
  // Per-instance CPU over the tick: the Kubernetes view (every pod not draining) and the
  // group average over instances in service (warming ones are left out, as AWS does).
  pods_.clear();
  double utilisation_sum = 0.0;
  int in_service = 0;
  for (std::uint32_t i = 0; i < lifecycle_.size(); ++i) {
    const InstanceRecord& r = lifecycle_.at(i);
    if (r.state == InstanceState::stopped) continue;
    note_busy(i, now);
    const double utilisation = 100.0 * (busy_s_[i] - busy_at_last_tick_[i]) / (slots_[i].vcpus * tick);
    busy_at_last_tick_[i] = busy_s_[i];
    if (r.state == InstanceState::draining) continue;
    autoscaling::PodMetric pod;
    pod.started_s = r.launched_s;
    pod.ready = routable_[i] != 0;
    pod.ready_since_s = routable_since_s_[i];
    // metrics-server has a sample once the pod has been up for a whole window.
    pod.has_metric = pod.ready && routable_since_s_[i] <= tick_start + 1e-9;
    pod.cpu_utilisation = utilisation;
    pods_.push_back(pod);
    if (r.state == InstanceState::in_service) {
      utilisation_sum += utilisation;
      ++in_service;
    }
  }
  store_->add("cpu_utilisation", now, in_service > 0 ? utilisation_sum / in_service : 0.0, in_service);
  store_->add("in_service", now, in_service);
  const int routable = lifecycle_.counts().routable();
  store_->add("request_count", now, static_cast<double>(tick_arrivals_));
  store_->add(
      "request_count_per_target", now,
      routable > 0 ? static_cast<double>(tick_arrivals_) / routable : static_cast<double>(tick_arrivals_));
  store_->add_distribution("latency_s", now, tick_latency_);
  note_in_flight(now);  // brings the areas up to now
  store_->add("in_flight", now, tick_in_flight_area_ / tick);
  store_->add("queue_length", now, tick_queued_area_ / tick);
  tick_arrivals_ = 0;
  tick_latency_.clear();
  tick_in_flight_area_ = tick_queued_area_ = 0.0;
}

autoscaling::FleetView ServiceRuntime::view(double now) const {
  autoscaling::FleetView v;
  v.now_s = now;
  v.epoch_s = epoch_s_;
  v.desired = autoscaler_->desired();
  v.min_capacity = autoscaler_->min_capacity();
  v.max_capacity = autoscaler_->max_capacity();
  const FleetCounts c = lifecycle_.counts();
  v.launching = c.launching;
  v.warming = c.warming;
  v.in_service = c.in_service;
  v.draining = c.draining;
  v.metrics = store_.get();
  v.pods = pods_;
  return v;
}

void ServiceRuntime::close_interval(double now, double length_s) {
  FleetTotals& f = fleet_totals_;
  f.observed_s += length_s;
  // The capacity the load needed: its offered CPU work in instances (λ · E[work] / vCPUs).
  const double vcpus = slots_.empty() ? 1.0 : slots_.front().vcpus;
  const double needed = arrivals_.rate_at(now) * spec_.work.mean() / vcpus;
  const double serving = lifecycle_.counts().routable();
  f.over_provisioned_instance_s += std::max(0.0, serving - needed) * length_s;
  f.under_provisioned_instance_s += std::max(0.0, needed - serving) * length_s;
  if (spec_.latency_slo_s > 0) {
    const bool slow = interval_latency_.count() > 0 &&
                      interval_latency_.quantile(spec_.slo_percentile) > spec_.latency_slo_s;
    if (slow || interval_lost_ > 0) f.slo_violation_s += length_s;
  }
  interval_latency_.clear();
  interval_lost_ = 0;
}

void ServiceRuntime::emit(double now, std::string kind, std::string detail) {
  if (events_) events_(sim::SimEvent{now, std::move(kind), spec_.name, std::move(detail)});
}

}  // namespace stratus::models
