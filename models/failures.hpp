#pragma once
// Failures of the physical platform, as one run sees them: independent host failures (each host
// an alternating up/repair renewal process) and correlated outages of failure domains (racks,
// zones, and partitions that cut a zone's link to the rest of the region), random or scheduled.
//
// The timeline is generated before the run, as a pure function of the spec, the topology, the
// seed and the run's length: services then apply it (models/platform_change.hpp), and the
// statistics below read it without a simulation. Every host and every domain draws from its
// own named random stream, so adding a rack or a domain entry leaves other failures unchanged.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/observer.hpp"
#include "sim/random.hpp"
#include "sim/topology.hpp"

namespace stratus::models {

// ---------------------------------------------------------------------------------------------
// The spec, as the `failures:` block of a scenario says it (models/failure_loader.hpp).

/// Why hosts are down: their own failure, their rack's or zone's outage, or (no host down) a
/// partition of a zone from the region.
enum class FailureCause : std::uint8_t { host, rack, zone, partition };

/// "host", "rack", "zone", "partition".
std::string_view cause_name(FailureCause cause);

/// Every host alternates up (a draw from `up`) and down (a draw from `repair`), from time 0 up.
struct HostFailureSpec {
  bool enabled = false;
  sim::Distribution up = sim::Distribution::exponential(1000 * 3600.0);    // mean = MTBF
  sim::Distribution repair = sim::Distribution::exponential(10 * 3600.0);  // mean = MTTR
};

/// Outages of racks, zones or zone partitions. Random (`scheduled` false): each listed domain
/// (every domain of the level when `domains` is empty) has outages starting as a Poisson
/// process of `rate_per_s`. Scheduled: one outage of each listed domain starting at `at_s`.
/// Either way each outage lasts a draw from `duration`.
struct DomainFailureSpec {
  FailureCause level = FailureCause::rack;  // rack, zone or partition (a zone's inter-zone link)
  bool scheduled = false;
  double rate_per_s = 0.0;           // random: outages per domain per second
  double at_s = 0.0;                 // scheduled: simulated time of the start
  std::vector<std::string> domains;  // rack names, or zone names for zone and partition
  sim::Distribution duration = sim::Distribution::constant(3600.0);
};

struct FailureSpec {
  HostFailureSpec hosts;
  std::vector<DomainFailureSpec> domains;

  bool enabled() const { return hosts.enabled || !domains.empty(); }
};

// ---------------------------------------------------------------------------------------------
// The timeline.

enum class FailureEventKind : std::uint8_t { host_down, host_up, partition_start, partition_end };

/// "host_down", "host_up", "partition_start", "partition_end" (the kinds of events.csv).
std::string_view event_kind_name(FailureEventKind kind);

/// The start or the end of one outage. Each outage of each cause gives its own pair of events,
/// so that counts per cause are exact; `hosts` and `cut_links` hold only what actually changes:
/// a host already down for another cause does not go down again, and it comes back up with the
/// end of its last outage. Either list may therefore be empty.
struct FailureEvent {
  double time_s = 0.0;
  FailureEventKind kind = FailureEventKind::host_down;
  FailureCause cause = FailureCause::host;
  std::string domain;                  // the host, rack or zone name
  std::uint32_t domain_index = 0;      // HostIndex, rack or zone index, by cause
  std::vector<sim::HostIndex> hosts;   // host_down / host_up: hosts whose state changes
  std::vector<std::size_t> cut_links;  // partition_*: links cut or restored (topology link ids)
};

struct FailureTimeline {
  /// Sorted by time. At equal times starts come before ends (so that a host whose repair ends
  /// as its rack fails stays down instead of flapping), then outages in generation order:
  /// hosts by index, then domain entries as the spec lists them, each domain's in time order.
  std::vector<FailureEvent> events;
  double end_s = 0.0;          // the timeline covers [0, end_s]; outages past it are not ended
  std::size_t host_count = 0;  // hosts of the topology
};

/// Every outage starting before `end_s`. Random streams: "failures.host.<host>" for each host,
/// "failures.<level>.<domain>" for each domain of a random entry, "failures.<level>.<domain>.at"
/// for a scheduled one (a second entry naming the same level and domain appends "#2", and so on).
/// Throws std::invalid_argument for an unknown domain name or a host-level domain entry.
/// With `from_s`, the timeline of the window [from_s, from_s + end_s] of scenario time, in run
/// time: the same outages as the whole run's, clipped (one in progress at from_s starts at 0).
FailureTimeline build_failure_timeline(const FailureSpec& spec, const sim::Topology& topology,
                                       const sim::RandomStreams& streams, double end_s, double from_s = 0.0);

// ---------------------------------------------------------------------------------------------
// Statistics over [0, end_s].

struct FailureCounts {
  std::size_t host_failures = 0;   // outages of single hosts
  std::size_t domain_outages = 0;  // outages of racks and zones
  std::size_t partitions = 0;
};
FailureCounts count_failures(const FailureTimeline& timeline);

/// The share of [0, end_s] each host is up, by HostIndex.
std::vector<double> host_availabilities(const FailureTimeline& timeline);
/// The time-average share of hosts up: the mean of host_availabilities.
double hosts_availability(const FailureTimeline& timeline);
/// The share of [0, end_s] during which at least `k` of `hosts` are up (k-of-n availability).
double share_at_least_up(const FailureTimeline& timeline, std::span<const sim::HostIndex> hosts,
                         std::size_t k);

/// {"failures": {"host_failures", "domain_outages", "partitions"}, "hosts": {"availability"}},
/// to merge into summary.json.
nlohmann::json failure_summary_json(const FailureTimeline& timeline);

/// One SimEvent per timeline event for events.csv: kind as event_kind_name, subject the domain,
/// hosts the number of hosts whose state changes.
std::vector<sim::SimEvent> failure_sim_events(const FailureTimeline& timeline);

}  // namespace stratus::models
