// What failures do to a service: hosts that go down and zones cut off from the balancer take
// their instances' work with them; the balancer keeps routing to those instances until its
// health checks notice (interval × unhealthy threshold); then an auto scaling group replaces
// them elsewhere, while a fixed fleet waits for its hosts to come back. Spot instances get
// their notice, drain, and are reclaimed. Everything runs in the service's dispatcher actor.
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/service.hpp"
#include "sim/units.hpp"

namespace stratus::models {

namespace {

bool serving_state(InstanceState s) {
  return s == InstanceState::warming || s == InstanceState::in_service || s == InstanceState::draining;
}

}  // namespace

void ServiceRuntime::set_platform_changes(const std::vector<PlatformChange>* changes) {
  changes_ = changes;
  next_change_ = 0;
  if (!m_failed_registered_) {
    m_failed_ = metrics_.counter(spec_.name + ".requests_failed");
    m_failed_registered_ = true;
  }
}

double ServiceRuntime::price_of(std::uint32_t i) const {
  return spot_[i] ? spec_.price_per_s * (1.0 - spec_.scaling.spot.discount) : spec_.price_per_s;
}

void ServiceRuntime::count_failed(std::uint64_t n) {
  totals_.failed += n;
  interval_lost_ += n;
  if (m_failed_registered_) metrics_.add(m_failed_, static_cast<double>(n));
}

std::uint64_t ServiceRuntime::fail_work(std::uint32_t i, double now) {
  // Executing requests are cancelled (their CPU share goes back to the host at once); queued
  // ones are dropped. Both were counted in outstanding_.
  running_.cancel_if([i](const Running& r) { return r.instance == i; },
                     [this, i, now](const Running&) { note_executing_change(i, -1, now); });
  queued_ -= local_queue_[i].size();
  local_queue_[i].clear();
  metrics_.set(m_queued_, now, static_cast<double>(queued_));
  const std::uint64_t lost = outstanding_[i];
  outstanding_[i] = 0;
  count_failed(lost);
  return lost;
}

double ServiceRuntime::detection_time(std::uint32_t i, double failed_at) const {
  // Checks run every interval from the moment the instance registered; the first one after
  // the failure fails, and the balancer gives up after `unhealthy_threshold` in a row.
  const HealthCheckSpec& hc = spec_.scaling.health_check;
  const double since = std::max(0.0, failed_at - registered_s_[i]);
  const double first_failed_check = std::floor(since / hc.interval_s) + 1.0;
  return registered_s_[i] + (first_failed_check + hc.unhealthy_threshold - 1) * hc.interval_s;
}

void ServiceRuntime::apply_platform_changes(double now) {
  if (changes_ == nullptr) return;
  while (next_change_ < changes_->size() && (*changes_)[next_change_].time_s <= now + 1e-9) {
    const PlatformChange& change = (*changes_)[next_change_++];
    int lost = 0;
    std::uint64_t failed = 0;
    auto update = [&](const std::vector<std::uint32_t>& instances) {
      for (std::uint32_t i : instances)
        update_reachability(i, now, lost, failed);
    };
    switch (change.kind) {
      case PlatformChange::Kind::hosts_down:
      case PlatformChange::Kind::hosts_up:
        for (std::uint32_t h : change.hosts) {
          if (h >= host_down_.size()) continue;  // none of this service's instances is there
          host_down_[h] = change.kind == PlatformChange::Kind::hosts_down ? 1 : 0;
          update(instances_on_host_[h]);
        }
        break;
      case PlatformChange::Kind::zone_cut:
      case PlatformChange::Kind::zone_restored:
        if (change.zone >= zone_cut_.size()) break;
        zone_cut_[change.zone] = change.kind == PlatformChange::Kind::zone_cut ? 1 : 0;
        update(instances_in_zone_[change.zone]);
        break;
    }
    if (lost > 0)
      emit(now, "instances_lost",
           std::to_string(lost) + " instance(s) unreachable; " + std::to_string(failed) +
               " request(s) in flight failed");
    if (autoscaler_) reconcile(now);  // replace launches that died with their host at once
    note_in_flight(now);
    note_capacity(now);
  }
}

void ServiceRuntime::update_reachability(std::uint32_t i, double now, int& lost, std::uint64_t& failed) {
  const InstanceSlot& slot = slots_[i];
  const bool host_down = host_down_[slot.physical_host] != 0;
  const bool down = host_down || zone_cut_[slot.zone] != 0;
  lifecycle_.set_usable(i, !down);
  // A crash kills the instance even if its zone was already cut off: it must boot again.
  if (host_down && lifecycle_.at(i).state != InstanceState::stopped) crashed_[i] = 1;
  if (down == (unreachable_[i] != 0)) return;
  unreachable_[i] = down ? 1 : 0;
  if (down) {
    if (lifecycle_.at(i).state != InstanceState::stopped) ++lost;
    on_unreachable(i, now, failed);
  } else {
    on_reachable(i, now);
  }
}

void ServiceRuntime::on_unreachable(std::uint32_t i, double now, std::uint64_t& failed) {
  const InstanceState state = lifecycle_.at(i).state;
  if (state == InstanceState::stopped) return;
  if (state == InstanceState::draining) {
    // Already deregistered and on its way out: its remaining work is lost and it stops here.
    failed += fail_work(i, now);
    stop(i, now);
    return;
  }
  if (!recovering_ && serving_state(state) && state != InstanceState::draining) {
    recovering_ = true;
    recovery_target_ = lifecycle_.counts().routable();
    recovery_since_s_ = now;
  }
  failed += fail_work(i, now);
  if (state == InstanceState::launching || state == InstanceState::registering) {
    // Not registered with the balancer yet: the launch is simply lost.
    lose_instance(i, now);
    return;
  }
  // Still registered: the balancer keeps sending it requests, which fail, until its health
  // checks give up on it.
  set_timer(detection_time(i, now), TimerKind::unhealthy, i);
}

void ServiceRuntime::on_reachable(std::uint32_t i, double now) {
  if (awaiting_host_[i]) {
    // A fixed fleet's instance comes back with its host: boot, then the health checks.
    awaiting_host_[i] = 0;
    crashed_[i] = 0;
    launch(i, now);
  }
  // An instance still registered and never crashed (a partition that healed before the
  // checks gave up) simply answers again; a crashed one waits for its unhealthy verdict.
}

void ServiceRuntime::on_unhealthy(std::uint32_t i, double now) {
  if (!unreachable_[i] && !crashed_[i]) return;  // it came back before the checks gave up
  emit(now, "unhealthy",
       "instance " + std::to_string(i) + " deregistered after " +
           std::to_string(spec_.scaling.health_check.unhealthy_threshold) + " failed health checks");
  lose_instance(i, now);
  if (autoscaler_) reconcile(now);
  note_capacity(now);
}

void ServiceRuntime::lose_instance(std::uint32_t i, double now) {
  ++fleet_totals_.instances_lost;
  stop(i, now);
  if (autoscaler_) {
    // An auto scaling group terminates the impaired instance and launches a replacement on a
    // usable position (reconcile); the position is free again once its host is back.
    crashed_[i] = 0;
    return;
  }
  // A fixed fleet's instance is pinned to its host: it waits for it (or reboots at once if
  // the host is already back).
  if (unreachable_[i]) {
    awaiting_host_[i] = 1;
  } else {
    crashed_[i] = 0;
    launch(i, now);
  }
}

void ServiceRuntime::note_recovery(double now) {
  if (!recovering_) return;
  // Serving means routable and answering: a dead instance the balancer still routes to
  // does not count.
  int serving = lifecycle_.counts().routable();
  for (std::uint32_t i = 0; i < slots_.size(); ++i)
    if (routable_[i] && unreachable_[i]) --serving;
  if (serving < recovery_target_) return;
  const double took = now - recovery_since_s_;
  ++fleet_totals_.recoveries;
  fleet_totals_.recovery_s_sum += took;
  fleet_totals_.recovery_s_max = std::max(fleet_totals_.recovery_s_max, took);
  recovering_ = false;
}

// --- Spot ---------------------------------------------------------------------------------

void ServiceRuntime::assign_market(std::uint32_t i, double now) {
  const SpotSpec& spot = spec_.scaling.spot;
  spot_[i] = 0;
  if (!spot.enabled) return;
  if (on_demand_replacements_ > 0) {
    --on_demand_replacements_;
    return;
  }
  // The mixed instances policy: the base on demand, then the on-demand share of the rest,
  // counted over the active instances including this one.
  int active = 0, on_demand = 0;
  for (std::uint32_t k = 0; k < lifecycle_.size(); ++k) {
    const InstanceState s = lifecycle_.at(k).state;
    if (s == InstanceState::stopped || s == InstanceState::draining) continue;
    ++active;
    if (k != i && !spot_[k]) ++on_demand;
  }
  const int above_base = std::max(0, active - spot.on_demand_base);
  const int wanted_on_demand = std::min(active, spot.on_demand_base) +
                               static_cast<int>(std::ceil(spot.on_demand_share * above_base - 1e-9));
  if (on_demand < wanted_on_demand) return;
  spot_[i] = 1;
  if (spot.interruption_rate_per_s > 0) {
    const double notice_at = now + spot_rng_.exponential(spot.interruption_rate_per_s);
    if (notice_at < end_time_s_) set_timer(notice_at, TimerKind::spot_notice, i);
  }
}

void ServiceRuntime::on_spot_notice(std::uint32_t i, double now) {
  const SpotSpec& spot = spec_.scaling.spot;
  ++fleet_totals_.spot_interruptions;
  emit(now, "spot_notice",
       "instance " + std::to_string(i) + " reclaimed in " + sim::format_duration(spot.notice_s));
  set_timer(now + spot.notice_s, TimerKind::spot_reclaim, i);
  if (spot.replace_on_demand) ++on_demand_replacements_;
  const InstanceState state = lifecycle_.at(i).state;
  if (!spot.capacity_rebalance) return;  // it serves until it is taken back
  // Capacity rebalancing: deregister it so it drains, and launch a replacement now.
  if (state == InstanceState::launching || state == InstanceState::registering) {
    stop(i, now);
  } else if (state != InstanceState::draining && state != InstanceState::stopped) {
    lifecycle_.set_state(i, InstanceState::draining, now);
    routable_[i] = 0;
    if (outstanding_[i] == 0) stop(i, now);
  }
  reconcile(now);
}

void ServiceRuntime::on_spot_reclaim(std::uint32_t i, double now) {
  if (lifecycle_.at(i).state == InstanceState::stopped) return;
  emit(now, "spot_reclaimed", "instance " + std::to_string(i));
  fail_work(i, now);
  ++fleet_totals_.instances_lost;
  stop(i, now);
  note_in_flight(now);
  reconcile(now);
}

}  // namespace stratus::models
