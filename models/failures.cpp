#include "models/failures.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "sim/number_format.hpp"
#include "sim/suggest.hpp"

namespace stratus::models {

namespace {

using sim::HostIndex;

/// One outage of one cause, before overlapping outages are merged into host state changes.
struct Outage {
  double start_s = 0.0;
  double end_s = 0.0;
  FailureCause cause = FailureCause::host;
  std::string domain;
  std::uint32_t domain_index = 0;
  std::vector<HostIndex> hosts;    // the hosts it takes down (none for a partition)
  std::vector<std::size_t> links;  // the links it cuts (partitions only)
};

void add_host_outages(const HostFailureSpec& spec, const sim::Topology& topology,
                      const sim::RandomStreams& streams, double end_s, std::vector<Outage>& out) {
  if (!spec.enabled) return;
  // A zero mean up time would alternate forever without time passing.
  if (!(spec.up.mean() > 0)) throw std::invalid_argument("host failures need a positive mean up time");
  for (HostIndex h = 0; h < topology.host_count(); ++h) {
    const std::string& name = topology.host(h).name;
    sim::RandomStream rng = streams.stream("failures.host." + name);
    // Hosts start new and up; up and repair times alternate, drawn from the host's own stream.
    double t = spec.up.sample(rng);
    while (t < end_s) {
      Outage o;
      o.start_s = t;
      o.end_s = t + spec.repair.sample(rng);
      o.cause = FailureCause::host;
      o.domain = name;
      o.domain_index = h;
      o.hosts = {h};
      t = o.end_s + spec.up.sample(rng);
      out.push_back(std::move(o));
    }
  }
}

/// The domains an entry names, as (name, rack or zone index); every domain of its level when
/// it names none.
std::vector<std::pair<std::string, std::uint32_t>> entry_domains(const DomainFailureSpec& entry,
                                                                 const sim::Topology& topology) {
  const bool racks = entry.level == FailureCause::rack;
  const std::size_t count = racks ? topology.rack_count() : topology.zone_count();
  std::vector<std::string> names;
  for (std::uint32_t i = 0; i < count; ++i)
    names.push_back(racks ? topology.rack_name(i) : topology.zone_name(i));
  std::vector<std::pair<std::string, std::uint32_t>> out;
  if (entry.domains.empty()) {
    for (std::uint32_t i = 0; i < count; ++i)
      out.emplace_back(names[i], i);
    return out;
  }
  for (const std::string& name : entry.domains) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end())
      throw std::invalid_argument(sim::unknown_name_message(racks ? "rack" : "zone", name, names));
    out.emplace_back(name, static_cast<std::uint32_t>(it - names.begin()));
  }
  return out;
}

Outage domain_outage(const DomainFailureSpec& entry, const sim::Topology& topology, const std::string& name,
                     std::uint32_t index, double start_s, double duration_s) {
  Outage o;
  o.start_s = start_s;
  o.end_s = start_s + duration_s;
  o.cause = entry.level;
  o.domain = name;
  o.domain_index = index;
  if (entry.level == FailureCause::rack) {
    const auto hosts = topology.hosts_in_rack(index);
    o.hosts.assign(hosts.begin(), hosts.end());
  } else if (entry.level == FailureCause::zone) {
    const auto hosts = topology.hosts_in_zone(index);
    o.hosts.assign(hosts.begin(), hosts.end());
  } else {
    // A partition cuts the zone's spine from the region core: its hosts keep running and still
    // reach each other, but nothing outside the zone.
    o.links = {topology.inter_zone_link(index)};
  }
  return o;
}

void add_domain_outages(const std::vector<DomainFailureSpec>& entries, const sim::Topology& topology,
                        const sim::RandomStreams& streams, double end_s, std::vector<Outage>& out) {
  // Streams are named after what they drive, not after the entry's position, so that adding an
  // entry does not change the outages of the others; a repeated name gets "#2", "#3", ...
  std::map<std::string, int> uses;
  for (const DomainFailureSpec& entry : entries) {
    if (entry.level == FailureCause::host)
      throw std::invalid_argument("a domain failure entry needs level rack, zone or partition");
    for (const auto& [name, index] : entry_domains(entry, topology)) {
      std::string stream_name = "failures." + std::string(cause_name(entry.level)) + "." + name;
      if (entry.scheduled) stream_name += ".at";
      if (const int n = ++uses[stream_name]; n > 1) stream_name += "#" + std::to_string(n);
      sim::RandomStream rng = streams.stream(stream_name);
      if (entry.scheduled) {
        if (entry.at_s < end_s)
          out.push_back(domain_outage(entry, topology, name, index, entry.at_s, entry.duration.sample(rng)));
        continue;
      }
      if (!(entry.rate_per_s > 0)) continue;
      // Poisson starts: outages of one domain may overlap, and the merge below keeps its hosts
      // down until the last of them ends.
      for (double t = rng.exponential(entry.rate_per_s); t < end_s; t += rng.exponential(entry.rate_per_s))
        out.push_back(domain_outage(entry, topology, name, index, t, entry.duration.sample(rng)));
    }
  }
}

/// Applies one outage boundary to the per-host and per-link counts of active outages, keeping
/// in `changed` what crosses zero.
template <typename Id>
void apply(const std::vector<Id>& ids, bool starts, std::vector<int>& active, std::vector<Id>& changed) {
  for (const Id id : ids) {
    if (starts ? active[id]++ == 0 : --active[id] == 0) changed.push_back(id);
  }
}

}  // namespace

std::string_view cause_name(FailureCause cause) {
  switch (cause) {
    case FailureCause::host:
      return "host";
    case FailureCause::rack:
      return "rack";
    case FailureCause::zone:
      return "zone";
    case FailureCause::partition:
      return "partition";
  }
  return "host";
}

std::string_view event_kind_name(FailureEventKind kind) {
  switch (kind) {
    case FailureEventKind::host_down:
      return "host_down";
    case FailureEventKind::host_up:
      return "host_up";
    case FailureEventKind::partition_start:
      return "partition_start";
    case FailureEventKind::partition_end:
      return "partition_end";
  }
  return "host_down";
}

FailureTimeline build_failure_timeline(const FailureSpec& spec, const sim::Topology& topology,
                                       const sim::RandomStreams& streams, double end_s, double from_s) {
  // Outages are drawn over the whole of [0, from_s + end_s] of scenario time, so that a window
  // sees exactly the outages the full run would, then clipped to the window and shifted.
  std::vector<Outage> drawn;
  add_host_outages(spec.hosts, topology, streams, from_s + end_s, drawn);
  add_domain_outages(spec.domains, topology, streams, from_s + end_s, drawn);
  std::vector<Outage> outages;
  outages.reserve(drawn.size());
  for (Outage& o : drawn) {
    if (o.end_s <= from_s) continue;  // over before the window opens
    o.start_s = std::max(o.start_s, from_s) - from_s;
    o.end_s -= from_s;
    outages.push_back(std::move(o));
  }

  struct Boundary {
    double time_s;
    bool ends;
    std::size_t outage;
  };
  std::vector<Boundary> boundaries;
  boundaries.reserve(2 * outages.size());
  for (std::size_t i = 0; i < outages.size(); ++i) {
    boundaries.push_back(Boundary{outages[i].start_s, false, i});
    if (outages[i].end_s < end_s) boundaries.push_back(Boundary{outages[i].end_s, true, i});
  }
  std::sort(boundaries.begin(), boundaries.end(), [](const Boundary& a, const Boundary& b) {
    return std::tie(a.time_s, a.ends, a.outage) < std::tie(b.time_s, b.ends, b.outage);
  });

  FailureTimeline timeline;
  timeline.end_s = end_s;
  timeline.host_count = topology.host_count();
  timeline.events.reserve(boundaries.size());
  std::vector<int> outages_of_host(topology.host_count(), 0);
  std::vector<int> cuts_of_link(topology.link_count(), 0);
  for (const Boundary& b : boundaries) {
    const Outage& o = outages[b.outage];
    FailureEvent e;
    e.time_s = b.time_s;
    e.cause = o.cause;
    e.domain = o.domain;
    e.domain_index = o.domain_index;
    if (o.cause == FailureCause::partition) {
      e.kind = b.ends ? FailureEventKind::partition_end : FailureEventKind::partition_start;
      apply(o.links, !b.ends, cuts_of_link, e.cut_links);
    } else {
      e.kind = b.ends ? FailureEventKind::host_up : FailureEventKind::host_down;
      apply(o.hosts, !b.ends, outages_of_host, e.hosts);
    }
    timeline.events.push_back(std::move(e));
  }
  return timeline;
}

FailureCounts count_failures(const FailureTimeline& timeline) {
  FailureCounts counts;
  for (const FailureEvent& e : timeline.events) {
    if (e.kind == FailureEventKind::partition_start)
      ++counts.partitions;
    else if (e.kind == FailureEventKind::host_down)
      ++(e.cause == FailureCause::host ? counts.host_failures : counts.domain_outages);
  }
  return counts;
}

std::vector<double> host_availabilities(const FailureTimeline& timeline) {
  const double end = timeline.end_s;
  if (!(end > 0)) return std::vector<double>(timeline.host_count, NAN);
  std::vector<double> down_since(timeline.host_count, NAN), down_s(timeline.host_count, 0.0);
  for (const FailureEvent& e : timeline.events) {
    for (const HostIndex h : e.hosts) {
      if (e.kind == FailureEventKind::host_down)
        down_since[h] = e.time_s;
      else
        down_s[h] += e.time_s - std::exchange(down_since[h], NAN);
    }
  }
  std::vector<double> availability(timeline.host_count);
  for (std::size_t h = 0; h < availability.size(); ++h) {
    if (!std::isnan(down_since[h])) down_s[h] += end - down_since[h];  // still down at the end
    availability[h] = 1.0 - down_s[h] / end;
  }
  return availability;
}

double hosts_availability(const FailureTimeline& timeline) {
  const std::vector<double> each = host_availabilities(timeline);
  if (each.empty()) return NAN;
  double sum = 0.0;
  for (const double a : each)
    sum += a;
  return sum / static_cast<double>(each.size());
}

double share_at_least_up(const FailureTimeline& timeline, std::span<const HostIndex> hosts, std::size_t k) {
  const double end = timeline.end_s;
  if (!(end > 0)) return NAN;
  std::vector<char> counted(timeline.host_count, 0);
  for (const HostIndex h : hosts)
    counted.at(h) = 1;
  std::size_t up = static_cast<std::size_t>(std::count(counted.begin(), counted.end(), 1));
  // Summing whole spells (not the gaps between every event of the timeline) gives the same
  // figure whatever other hosts' events the timeline holds.
  bool enough = up >= k;
  double since = 0.0, enough_s = 0.0;
  for (const FailureEvent& e : timeline.events) {
    for (const HostIndex h : e.hosts) {
      if (!counted[h]) continue;
      if (e.kind == FailureEventKind::host_down)
        --up;
      else
        ++up;
    }
    if (enough == (up >= k)) continue;
    enough = !enough;
    if (enough)
      since = e.time_s;
    else
      enough_s += e.time_s - since;
  }
  if (enough) enough_s += end - since;
  return enough_s / end;
}

nlohmann::json failure_summary_json(const FailureTimeline& timeline) {
  const FailureCounts counts = count_failures(timeline);
  return nlohmann::json{{"failures",
                         {{"host_failures", counts.host_failures},
                          {"domain_outages", counts.domain_outages},
                          {"partitions", counts.partitions}}},
                        {"hosts", {{"availability", sim::json_number(hosts_availability(timeline))}}}};
}

std::vector<sim::SimEvent> failure_sim_events(const FailureTimeline& timeline) {
  std::vector<sim::SimEvent> out;
  out.reserve(timeline.events.size());
  for (const FailureEvent& e : timeline.events) {
    sim::SimEvent s;
    s.time_s = e.time_s;
    s.kind = std::string(event_kind_name(e.kind));
    s.subject = e.domain;
    switch (e.kind) {
      case FailureEventKind::host_down:
        s.detail =
            e.cause == FailureCause::host ? "host failure" : std::string(cause_name(e.cause)) + " outage";
        break;
      case FailureEventKind::host_up:
        s.detail = e.cause == FailureCause::host ? "host repaired"
                                                 : std::string(cause_name(e.cause)) + " outage over";
        break;
      case FailureEventKind::partition_start:
        s.detail = "zone cut off from the region";
        break;
      case FailureEventKind::partition_end:
        s.detail = "zone reconnected";
        break;
    }
    // Hosts whose state changes: fewer than the domain's when some were already down.
    s.hosts = static_cast<long long>(e.hosts.size());
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace stratus::models
