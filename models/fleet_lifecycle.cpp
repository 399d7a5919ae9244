#include "models/fleet_lifecycle.hpp"

#include <algorithm>

namespace stratus::models {

const char* to_string(InstanceState state) {
  switch (state) {
    case InstanceState::stopped:
      return "stopped";
    case InstanceState::launching:
      return "launching";
    case InstanceState::registering:
      return "registering";
    case InstanceState::warming:
      return "warming";
    case InstanceState::in_service:
      return "in_service";
    case InstanceState::draining:
      return "draining";
  }
  return "?";
}

namespace {

bool is_active(InstanceState s) {
  return s == InstanceState::launching || s == InstanceState::registering || s == InstanceState::warming ||
         s == InstanceState::in_service;
}

/// Serving, as FleetCounts::routable() counts it: warming or in service.
bool is_routable(InstanceState s) {
  return s == InstanceState::warming || s == InstanceState::in_service;
}

}  // namespace

FleetLifecycle::FleetLifecycle(std::vector<std::uint32_t> zones, TerminationPolicy termination)
    : termination_(termination) {
  std::uint32_t zone_count = 0;
  for (std::uint32_t z : zones)
    zone_count = std::max(zone_count, z + 1);
  active_per_zone_.assign(zone_count, 0);
  routable_per_zone_.assign(zone_count, 0);
  instances_.resize(zones.size());
  usable_.assign(zones.size(), 1);
  for (std::size_t i = 0; i < zones.size(); ++i)
    instances_[i].zone = zones[i];
}

void FleetLifecycle::count(InstanceState state, int delta) {
  switch (state) {
    case InstanceState::launching:
    case InstanceState::registering:
      counts_.launching += delta;
      break;
    case InstanceState::warming:
      counts_.warming += delta;
      break;
    case InstanceState::in_service:
      counts_.in_service += delta;
      break;
    case InstanceState::draining:
      counts_.draining += delta;
      break;
    case InstanceState::stopped:
      break;
  }
}

void FleetLifecycle::set_state(std::uint32_t i, InstanceState state, double now_s) {
  InstanceRecord& r = instances_[i];
  if (r.state == state) return;
  count(r.state, -1);
  count(state, +1);
  if (is_active(r.state) != is_active(state)) active_per_zone_[r.zone] += is_active(state) ? 1 : -1;
  if (is_routable(r.state) != is_routable(state)) routable_per_zone_[r.zone] += is_routable(state) ? 1 : -1;
  if (r.state == InstanceState::stopped) {
    ++r.launch_id;
    r.launched_s = now_s;
  }
  r.state = state;
  r.state_since_s = now_s;
}

int FleetLifecycle::choose_launch() const {
  int best = -1;
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    if (instances_[i].state != InstanceState::stopped || !usable_[i]) continue;
    if (best < 0 || active_per_zone_[instances_[i].zone] < active_per_zone_[instances_[best].zone])
      best = static_cast<int>(i);
  }
  return best;
}

int FleetLifecycle::choose_termination() const {
  // Lexicographic preference; the first instance that beats the current best wins, so ties go
  // to the lowest index and the choice is deterministic.
  auto better = [&](const InstanceRecord& a, const InstanceRecord& b) {
    const bool a_pending = a.state == InstanceState::launching || a.state == InstanceState::registering;
    const bool b_pending = b.state == InstanceState::launching || b.state == InstanceState::registering;
    if (a_pending != b_pending) return a_pending;
    switch (termination_) {
      case TerminationPolicy::balance:
        if (active_per_zone_[a.zone] != active_per_zone_[b.zone])
          return active_per_zone_[a.zone] > active_per_zone_[b.zone];
        return a.launched_s < b.launched_s;
      case TerminationPolicy::oldest:
        return a.launched_s < b.launched_s;
      case TerminationPolicy::newest:
        return a.launched_s > b.launched_s;
    }
    return false;
  };
  int best = -1;
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    if (!is_active(instances_[i].state)) continue;
    if (best < 0 || better(instances_[i], instances_[best])) best = static_cast<int>(i);
  }
  return best;
}

}  // namespace stratus::models
