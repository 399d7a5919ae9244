#pragma once
// The life cycle of a fleet's instances, as an auto scaling group runs it: launching (boot),
// registering (load-balancer health checks), warming (serving, but not yet counted in the
// metrics policies see), in service, draining (deregistered; in-flight requests finish) and
// stopped. Pure bookkeeping, no SimGrid: the service model moves instances between states
// at the times this class computes, and asks it which instance to launch or terminate.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/random.hpp"

namespace stratus::models {

struct HealthCheckSpec {
  // Elastic Load Balancing's defaults for an application load balancer's target group.
  double interval_s = 30.0;
  int healthy_threshold = 5;
  /// Consecutive failed checks before the balancer stops routing to a target.
  int unhealthy_threshold = 2;
  /// Time from boot to the first passed check series: the target is routable after
  /// `healthy_threshold` consecutive passes, one per interval.
  double time_to_healthy_s() const { return interval_s * healthy_threshold; }
};

enum class TerminationPolicy { balance, oldest, newest };

/// Spot instances in a group, as EC2 Auto Scaling's mixed instances policy buys them: the first
/// `on_demand_base` instances on demand, then `on_demand_share` of the rest; the others are
/// spot, cheaper, and reclaimed with a notice.
struct SpotSpec {
  bool enabled = false;
  int on_demand_base = 0;
  double on_demand_share = 0.0;          // of the capacity above the base
  double discount = 0.7;                 // spot price = on-demand price × (1 − discount)
  double interruption_rate_per_s = 0.0;  // per running spot instance (Poisson)
  double notice_s = 120.0;               // EC2's interruption notice
  /// Capacity rebalancing: launch a replacement on the notice rather than after the loss.
  bool capacity_rebalance = true;
  /// Replacements of interrupted spot instances: spot again, or on demand (a fallback pool).
  bool replace_on_demand = false;
};

struct FleetScalingSpec {
  bool enabled = false;  // false: a fixed fleet of `instances`, in service from time 0
  int min_capacity = 1;
  int max_capacity = 1;
  int desired = 1;  // at time 0 (those instances start in service)
  sim::Distribution boot_time = sim::Distribution::constant(60.0);
  double warmup_s = 300.0;  // AWS's default instance warm-up
  HealthCheckSpec health_check;
  double deregistration_delay_s = 300.0;  // ELB's default
  TerminationPolicy termination = TerminationPolicy::balance;
  double metric_resolution_s = 15.0;       // one sample per metric per tick
  double publication_delay_s = 60.0;       // CloudWatch publishes a minute's datapoint about a minute later
  double metric_retention_s = 3 * 3600.0;  // covers what predictive scaling reads (2 h)
  SpotSpec spot;
};

enum class InstanceState : std::uint8_t { stopped, launching, registering, warming, in_service, draining };
const char* to_string(InstanceState state);

struct InstanceRecord {
  InstanceState state = InstanceState::stopped;
  std::uint32_t zone = 0;
  std::uint32_t launch_id = 0;  // increases on every launch: timers of an earlier life are stale
  double launched_s = 0.0;
  double state_since_s = 0.0;
};

/// Counts by state, as a policy's view reports them.
struct FleetCounts {
  int launching = 0;  // launching + registering
  int warming = 0;
  int in_service = 0;
  int draining = 0;
  int active() const { return launching + warming + in_service; }  // what counts toward desired
  int routable() const { return warming + in_service; }
};

class FleetLifecycle {
 public:
  /// `zones[i]`: the availability zone of instance position i (positions are placed up to the
  /// maximum capacity at start-up, spread over the zones by the placement policy).
  FleetLifecycle(std::vector<std::uint32_t> zones, TerminationPolicy termination);

  std::size_t size() const { return instances_.size(); }
  const InstanceRecord& at(std::uint32_t i) const { return instances_[i]; }
  FleetCounts counts() const { return counts_; }
  /// Instances serving (counts().routable()) in one zone; 0 for a zone with no positions.
  int routable_in_zone(std::uint32_t zone) const {
    return zone < routable_per_zone_.size() ? routable_per_zone_[zone] : 0;
  }

  /// Moves an instance to a state (stopped -> launching records a new launch).
  void set_state(std::uint32_t i, InstanceState state, double now_s);

  /// Whether a position can take a launch: not while its host is down or its zone is cut off
  /// (the group launches elsewhere, as EC2 Auto Scaling avoids an impaired zone).
  void set_usable(std::uint32_t i, bool usable) { usable_[i] = usable ? 1 : 0; }
  bool usable(std::uint32_t i) const { return usable_[i] != 0; }

  /// A stopped, usable position to launch next: in the zone with the fewest active instances
  /// (AWS keeps a group balanced across its zones), lowest index first. -1 when none is free.
  int choose_launch() const;
  /// An active instance to terminate: instances not yet serving go first (cancelling a launch
  /// costs nothing), then the termination policy: balance (the zone with the most active
  /// instances, oldest launch within it — AWS's default order), oldest, or newest.
  /// -1 when none is active.
  int choose_termination() const;

 private:
  void count(InstanceState state, int delta);
  std::vector<InstanceRecord> instances_;
  std::vector<std::uint8_t> usable_;
  std::vector<int> active_per_zone_;
  std::vector<int> routable_per_zone_;
  TerminationPolicy termination_;
  FleetCounts counts_;
};

}  // namespace stratus::models
