#include "models/autoscaling/autoscaler.hpp"

#include <algorithm>
#include <limits>

#include "models/autoscaling/time_slack.hpp"

namespace stratus::models::autoscaling {

Autoscaler::Autoscaler(std::vector<NamedPolicy> policies, int min_capacity, int max_capacity, int desired)
    : min_(min_capacity), max_(max_capacity), desired_(desired) {
  for (auto& named : policies) {
    const double first = named.policy->first_evaluation_s();
    entries_.push_back(Entry{std::move(named), first});
  }
  desired_ = clamp(desired_);
}

double Autoscaler::next_evaluation_s() const {
  double next = std::numeric_limits<double>::infinity();
  for (const auto& e : entries_)
    next = std::min(next, e.next_s);
  return next;
}

int Autoscaler::clamp(int desired) const {
  const int low = std::max(min_, floor_);
  return std::clamp(desired, std::min(low, max_), max_);
}

std::optional<ScalingChange> Autoscaler::evaluate_due(FleetView view) {
  const double now = view.now_s;
  const int before = desired_;
  std::optional<int> proposal;
  std::string policy_name, reason;
  for (auto& e : entries_) {
    if (!due(e.next_s, now)) continue;
    view.desired = desired_;
    view.min_capacity = min_;
    view.max_capacity = max_;
    const Decision d = e.named.policy->evaluate(view);
    e.next_s = e.named.policy->next_evaluation_s(now);
    if (d.min_capacity) min_ = *d.min_capacity;
    if (d.max_capacity) max_ = *d.max_capacity;
    if (d.floor) floor_ = *d.floor;
    // When several policies act at the same time, the one asking for the most capacity wins.
    if (d.desired && (!proposal || *d.desired > *proposal)) {
      proposal = d.desired;
      policy_name = e.named.name;
      reason = d.reason;
    } else if (!d.desired && (d.floor || d.min_capacity || d.max_capacity) && reason.empty()) {
      policy_name = e.named.name;
      reason = d.reason;
    }
  }
  desired_ = clamp(proposal.value_or(desired_));
  if (desired_ == before) return std::nullopt;
  return ScalingChange{now, before, desired_, policy_name, reason};
}

}  // namespace stratus::models::autoscaling
