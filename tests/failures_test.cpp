// The failure timeline: scenario syntax, the generator and its statistics, checked against the
// exact figures of /work/shared/validation/README.md §6 (renewal-reward availability, k-of-n
// binomial availability) within each run's confidence interval, and against hand-computed
// timelines for scheduled and overlapping outages.
#include "models/failures.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "models/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "support/process.hpp"

namespace stratus::models {
namespace {

using sim::HostIndex;
constexpr double kHour = 3600.0;
// Tolerances are z standard errors, two-sided 99.99 %: with fixed seeds a test passes or fails
// for good, and a real bias of a few standard errors still fails it.
constexpr double kZ = 3.89;

/// A valid scenario of `zones` zones (az-a, az-b, ...) of `racks` racks of `per_rack` hosts,
/// starting Monday 2027-01-04 00:00 UTC, with `failures` appended (a `failures:` block).
std::string scenario_yaml(int zones, int racks, int per_rack, const std::string& duration,
                          const std::string& failures, int seed = 1) {
  std::ostringstream y;
  y << "stratus: 1\nname: failures\nseed: " << seed << "\n"
    << "simulation: {duration: " << duration << ", start: 2027-01-04}\n"
    << "platform:\n  host_types:\n    server: {cores: 4, core_speed: 1Gf, memory: 16GiB}\n  zones:\n";
  for (int z = 0; z < zones; ++z)
    y << "    - {name: az-" << static_cast<char>('a' + z) << ", racks: " << racks
      << ", hosts_per_rack: " << per_rack << ", host_type: server}\n";
  y << "instance_types:\n  small: {vcpus: 1, memory: 1GiB, price: $0.01/h}\n"
    << "services:\n  - {name: probe, instance_type: small, instances: 1, arrivals: {process: poisson, rate: "
       "1/h}, "
       "work: 10ms}\n"
    << failures;
  return y.str();
}

struct FailureRun {
  ScenarioSpec spec;
  sim::Topology topology;
  FailureTimeline timeline;
};

FailureRun run_of(ScenarioSpec spec) {
  sim::Topology topology(spec.topology);
  FailureTimeline timeline = build_failure_timeline(spec.failures, topology, sim::RandomStreams(spec.seed),
                                                    spec.simulation.duration_s);
  return FailureRun{std::move(spec), std::move(topology), std::move(timeline)};
}

FailureRun run_yaml(const std::string& yaml) {
  return run_of(parse_scenario(yaml, "failures.yaml"));
}

/// Mean of independent samples and the half-width of its kZ confidence interval.
struct Estimate {
  double mean = 0, half_width = 0;
};
Estimate estimate(const std::vector<double>& xs) {
  double sum = 0, sum2 = 0;
  for (const double x : xs)
    sum += x;
  const double n = static_cast<double>(xs.size());
  const double mean = sum / n;
  for (const double x : xs)
    sum2 += (x - mean) * (x - mean);
  Estimate e;
  e.mean = mean;
  e.half_width = kZ * std::sqrt(sum2 / (n - 1) / n);
  return e;
}

/// P(at least k of n up) for independent hosts each up with probability a.
double binomial_at_least(int n, int k, double a) {
  double p = 0;
  for (int i = k; i <= n; ++i)
    p += std::tgamma(n + 1.0) / (std::tgamma(i + 1.0) * std::tgamma(n - i + 1.0)) * std::pow(a, i) *
         std::pow(1 - a, n - i);
  return p;
}

std::string describe(const FailureEvent& e) {
  std::ostringstream s;
  s << e.time_s << " " << event_kind_name(e.kind) << " " << cause_name(e.cause) << " " << e.domain << " [";
  for (const HostIndex h : e.hosts)
    s << " " << h;
  s << " ] links [";
  for (const std::size_t l : e.cut_links)
    s << " " << l;
  s << " ]";
  return s.str();
}

std::vector<std::string> describe_all(const FailureTimeline& t) {
  std::vector<std::string> out;
  for (const FailureEvent& e : t.events)
    out.push_back(describe(e));
  return out;
}

std::vector<HostIndex> to_vector(std::span<const HostIndex> hosts) {
  return {hosts.begin(), hosts.end()};
}

// ---------------------------------------------------------------------------------------------
// Availability against renewal-reward: A = MTBF / (MTBF + MTTR) = 0.990099 for 1000 h and 10 h.

struct UpTime {
  std::string name, yaml;
};

class HostAvailability : public ::testing::TestWithParam<UpTime> {};

TEST_P(HostAvailability, MatchesRenewalRewardWithinTheRunsConfidenceInterval) {
  // 200 independent hosts for 200,000 h (~200 cycles each). Each host's availability is an
  // independent sample, so their spread gives the confidence interval. Hosts start new (up);
  // the renewal-theory bias this leaves, ~(cv²−1)/2 · MTTR / T ≤ 4e-5 for the shapes here, is
  // well inside the interval.
  const FailureRun run = run_yaml(scenario_yaml(
      1, 10, 20, "200000h", "failures:\n  hosts: {mtbf: 1000h, mttr: 10h" + GetParam().yaml + "}\n"));
  ASSERT_EQ(run.topology.host_count(), 200u);
  EXPECT_NEAR(run.spec.failures.hosts.up.mean(), 1000 * kHour, 1e-6);  // Weibull scale η = MTBF / Γ(1 + 1/k)
  EXPECT_NEAR(run.spec.failures.hosts.repair.mean(), 10 * kHour, 1e-9);

  const Estimate a = estimate(host_availabilities(run.timeline));
  const double exact = 1000.0 / 1010.0;
  EXPECT_NEAR(exact, 0.990099, 5e-7);
  EXPECT_NEAR(a.mean, exact, a.half_width) << GetParam().name;
  // Tight enough to catch a wrong scale (Weibull mean = η, off by Γ(1 + 1/k): ≥ 1e-3 here) or
  // a doubled repair time.
  EXPECT_LT(a.half_width, 5e-4) << GetParam().name;
  EXPECT_DOUBLE_EQ(hosts_availability(run.timeline), a.mean);
  // About 200 failures per host.
  const double failures = static_cast<double>(count_failures(run.timeline).host_failures);
  EXPECT_NEAR(failures / 200.0, 200000.0 / 1010.0, 10.0);
}

INSTANTIATE_TEST_SUITE_P(
    UpTimes, HostAvailability,
    ::testing::Values(UpTime{"exponential", ""}, UpTime{"weibull_1_5", ", up: weibull, shape: 1.5"},
                      UpTime{"weibull_0_7", ", up: weibull, shape: 0.7, repair: lognormal"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(HostAvailability, ValidationScenarioLoadsAndMatches) {
  const std::string file = std::string(STRATUS_SOURCE_DIR) + "/scenarios/validation/host-availability.yaml";
  const FailureRun run = run_of(load_scenario(file));
  EXPECT_TRUE(run.spec.failures.enabled());
  ASSERT_EQ(run.topology.host_count(), 200u);
  const Estimate a = estimate(host_availabilities(run.timeline));
  EXPECT_NEAR(a.mean, 1000.0 / 1010.0, a.half_width);
  EXPECT_LT(a.half_width, 1e-3);

  // Its parameters move the figure: MTTR 90 h -> A = 1000 / 1090.
  LoadOptions options;
  options.params = {{"hosts", "50"}, {"mttr", "90h"}};
  const FailureRun slow = run_of(load_scenario(file, options));
  ASSERT_EQ(slow.topology.host_count(), 50u);
  const Estimate b = estimate(host_availabilities(slow.timeline));
  EXPECT_NEAR(b.mean, 1000.0 / 1090.0, b.half_width);

  const auto r = testing::run_command(testing::stratus_cmd("validate " + file));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("200 host(s)"), std::string::npos) << r.output;
}

// ---------------------------------------------------------------------------------------------
// k of n: A_sys = Σ_{i≥k} C(n, i) A^i (1 − A)^(n−i); n = 3, k = 2, A = 0.99 -> 0.999702.

TEST(KOfN, MatchesTheBinomialFormulaWithinTheConfidenceInterval) {
  EXPECT_NEAR(binomial_at_least(3, 2, 0.99), 0.999702, 5e-7);
  // 100 independent groups of 3 hosts (one rack each), MTBF 990 h and MTTR 10 h: A = 0.99.
  // Over 10^6 h each group sees ~60 spells of two hosts down at once.
  const FailureRun run =
      run_yaml(scenario_yaml(1, 100, 3, "1000000h", "failures:\n  hosts: {mtbf: 990h, mttr: 10h}\n"));
  // Each rack's own events, so that each group's statistic reads only its share of the events.
  std::vector<FailureTimeline> per_rack(run.topology.rack_count());
  for (FailureTimeline& t : per_rack) {
    t.end_s = run.timeline.end_s;
    t.host_count = run.timeline.host_count;
  }
  for (const FailureEvent& e : run.timeline.events)
    per_rack[run.topology.host(e.domain_index).rack].events.push_back(e);
  for (int k = 1; k <= 3; ++k) {
    std::vector<double> shares;
    for (std::uint32_t rack = 0; rack < run.topology.rack_count(); ++rack)
      shares.push_back(
          share_at_least_up(per_rack[rack], run.topology.hosts_in_rack(rack), static_cast<std::size_t>(k)));
    const Estimate s = estimate(shares);
    const double exact = binomial_at_least(3, k, 0.99);
    EXPECT_NEAR(s.mean, exact, s.half_width) << "k = " << k;
    // Resolves the downtime 1 − A_sys to within 15 % where it is large enough to measure (all
    // three down at once, k = 1, is 10^-6 of the time: a few hours in 10^6 h).
    if (k > 1) {
      EXPECT_LT(s.half_width, 0.15 * (1 - exact)) << "k = " << k;
    }
  }
  // The whole timeline gives the same figure as the rack's own events.
  EXPECT_EQ(share_at_least_up(run.timeline, run.topology.hosts_in_rack(7), 2),
            share_at_least_up(per_rack[7], run.topology.hosts_in_rack(7), 2));
}

// ---------------------------------------------------------------------------------------------
// Correlated failures: what goes down, and when.

TEST(DomainFailures, ScheduledZoneOutageTakesDownTheWholeZoneAtOnceAndNothingElse) {
  for (const std::string at : {"2027-01-04T14:00", "14h"}) {
    const FailureRun run = run_yaml(scenario_yaml(
        2, 2, 3, "1d",
        "failures:\n  domains:\n    - {level: zone, domain: az-b, at: " + at + ", duration: 2h}\n"));
    const std::vector<HostIndex> zone_b = to_vector(run.topology.hosts_in_zone(1));
    ASSERT_EQ(zone_b.size(), 6u);
    ASSERT_EQ(run.timeline.events.size(), 2u) << at;
    const FailureEvent& down = run.timeline.events[0];
    const FailureEvent& up = run.timeline.events[1];
    EXPECT_EQ(down.time_s, 14 * kHour);
    EXPECT_EQ(down.kind, FailureEventKind::host_down);
    EXPECT_EQ(down.cause, FailureCause::zone);
    EXPECT_EQ(down.domain, "az-b");
    EXPECT_EQ(down.domain_index, 1u);
    EXPECT_EQ(down.hosts, zone_b);
    EXPECT_EQ(up.time_s, 16 * kHour);
    EXPECT_EQ(up.kind, FailureEventKind::host_up);
    EXPECT_EQ(up.hosts, zone_b);
    // Six of twelve hosts down for 2 h of 24.
    EXPECT_DOUBLE_EQ(hosts_availability(run.timeline), 1.0 - 6 * 2.0 / (12 * 24.0));
    const auto each = host_availabilities(run.timeline);
    for (HostIndex h = 0; h < run.topology.host_count(); ++h)
      EXPECT_DOUBLE_EQ(each[h], run.topology.host(h).zone == 1 ? 1.0 - 2.0 / 24 : 1.0);
  }
}

TEST(DomainFailures, RackOutagesTakeDownOnlyTheirRack) {
  // One named rack, once a day on average for 1000 days: a Poisson count of outages.
  const FailureRun one = run_yaml(scenario_yaml(
      2, 3, 4, "1000d",
      "failures:\n  domains:\n    - {level: rack, domains: [az-a-r01], rate: 1/d, duration: 1h}\n"));
  const std::vector<HostIndex> rack = to_vector(one.topology.hosts_in_rack(1));
  for (const FailureEvent& e : one.timeline.events) {
    EXPECT_EQ(e.cause, FailureCause::rack);
    EXPECT_EQ(e.domain, "az-a-r01");
    // A rack outage starting during another one changes nothing.
    if (!e.hosts.empty()) {
      EXPECT_EQ(e.hosts, rack) << describe(e);
    }
  }
  const double outages = static_cast<double>(count_failures(one.timeline).domain_outages);
  EXPECT_NEAR(outages, 1000.0, kZ * std::sqrt(1000.0));
  const auto each = host_availabilities(one.timeline);
  for (HostIndex h = 0; h < one.topology.host_count(); ++h)
    if (one.topology.host(h).rack != 1) {
      EXPECT_EQ(each[h], 1.0);
    }
  // ~1 h down a day: A ≈ 23/24 for the rack's hosts.
  EXPECT_NEAR(each[rack[0]], 1.0 - 1.0 / 24, 0.005);

  // Every rack of the platform: each outage's hosts are its own rack's.
  const FailureRun all = run_yaml(scenario_yaml(
      2, 3, 4, "100d", "failures:\n  domains:\n    - {level: rack, rate: 1/d, duration: 1h}\n"));
  std::map<std::string, int> outages_per_rack;
  for (const FailureEvent& e : all.timeline.events) {
    const auto hosts = all.topology.hosts_in_domain(sim::DomainLevel::rack, e.domain);
    if (e.kind == FailureEventKind::host_down) ++outages_per_rack[e.domain];
    for (const HostIndex h : e.hosts)
      EXPECT_NE(std::find(hosts.begin(), hosts.end(), h), hosts.end()) << describe(e);
  }
  EXPECT_EQ(outages_per_rack.size(), 6u);
}

TEST(DomainFailures, PartitionCutsOnlyTheZonesInterZoneLink) {
  const FailureRun run = run_yaml(scenario_yaml(
      3, 1, 2, "2h",
      "failures:\n  domains:\n    - {level: partition, domain: az-b, at: 1h, duration: 30min}\n"));
  ASSERT_EQ(run.timeline.events.size(), 2u);
  const FailureEvent& start = run.timeline.events[0];
  const FailureEvent& end = run.timeline.events[1];
  const std::vector<std::size_t> link = {run.topology.inter_zone_link(1)};
  EXPECT_EQ(start.kind, FailureEventKind::partition_start);
  EXPECT_EQ(start.cause, FailureCause::partition);
  EXPECT_EQ(start.time_s, kHour);
  EXPECT_EQ(start.cut_links, link);
  EXPECT_TRUE(start.hosts.empty());
  EXPECT_EQ(end.kind, FailureEventKind::partition_end);
  EXPECT_EQ(end.time_s, 1.5 * kHour);
  EXPECT_EQ(end.cut_links, link);
  EXPECT_EQ(hosts_availability(run.timeline), 1.0);  // no host stops
  EXPECT_EQ(count_failures(run.timeline).partitions, 1u);

  // Hosts 0-1 in az-a, 2-3 in az-b, 4-5 in az-c: az-b keeps its own traffic, loses the rest.
  const auto label = run.topology.components(start.cut_links);
  EXPECT_EQ(label[2], label[3]);
  EXPECT_NE(label[2], label[0]);
  EXPECT_NE(label[2], label[4]);
  EXPECT_EQ(label[0], label[1]);
  EXPECT_EQ(label[0], label[4]);
  EXPECT_EQ(label[4], label[5]);
}

TEST(DomainFailures, OverlappingHostRackAndZoneOutagesMerge) {
  // Every host fails at 10 h and 24 h for exactly 4 h. Rack az-a-r01 (hosts 2, 3) is down
  // 12-16 h, zone az-a (all four hosts) 28-29 h: it starts as the hosts' repairs end.
  const FailureRun run =
      run_yaml(scenario_yaml(1, 2, 2, "30h",
                             "failures:\n"
                             "  hosts: {up: {distribution: constant, value: 10h}, repair: constant, "
                             "mttr: 4h}\n"
                             "  domains:\n"
                             "    - {level: rack, domain: az-a-r01, at: 12h, duration: 4h}\n"
                             "    - {level: zone, domain: az-a, at: 28h, duration: 1h}\n"));
  const std::vector<std::string> expected = {
      // 10 h: each host's own failure.
      "36000 host_down host az-a-r00-h00 [ 0 ] links [ ]",
      "36000 host_down host az-a-r00-h01 [ 1 ] links [ ]",
      "36000 host_down host az-a-r01-h00 [ 2 ] links [ ]",
      "36000 host_down host az-a-r01-h01 [ 3 ] links [ ]",
      // 12 h: the rack's hosts are already down.
      "43200 host_down rack az-a-r01 [ ] links [ ]",
      // 14 h: repairs; the rack keeps hosts 2 and 3 down.
      "50400 host_up host az-a-r00-h00 [ 0 ] links [ ]",
      "50400 host_up host az-a-r00-h01 [ 1 ] links [ ]",
      "50400 host_up host az-a-r01-h00 [ ] links [ ]",
      "50400 host_up host az-a-r01-h01 [ ] links [ ]",
  };
  const std::vector<std::string> actual = describe_all(run.timeline);
  ASSERT_EQ(actual.size(), 20u);
  for (std::size_t i = 0; i < 9; ++i)
    EXPECT_EQ(actual[i], expected[i]) << i;
  EXPECT_EQ(actual[9], "57600 host_up rack az-a-r01 [ 2 3 ] links [ ]");
  for (std::size_t i = 10; i < 14; ++i)
    EXPECT_EQ(actual[i].substr(0, 16), "86400 host_down ") << actual[i];
  // 28 h: the zone's start comes before the repairs ending at the same instant, so no host
  // flaps up and down; the zone's end at 29 h brings all four back.
  EXPECT_EQ(actual[14], "100800 host_down zone az-a [ ] links [ ]");
  for (std::size_t i = 15; i < 19; ++i)
    EXPECT_NE(actual[i].find("host_up host"), std::string::npos) << actual[i];
  for (std::size_t i = 15; i < 19; ++i)
    EXPECT_NE(actual[i].find("[ ]"), std::string::npos) << actual[i];
  EXPECT_EQ(actual[19], "104400 host_up zone az-a [ 0 1 2 3 ] links [ ]");

  // Down: hosts 0, 1 for 4 + 5 h, hosts 2, 3 for 6 + 5 h, of 30 h.
  const auto each = host_availabilities(run.timeline);
  EXPECT_DOUBLE_EQ(each[0], 1 - 9.0 / 30);
  EXPECT_DOUBLE_EQ(each[2], 1 - 11.0 / 30);
  EXPECT_DOUBLE_EQ(hosts_availability(run.timeline), 2.0 / 3);
  // Up counts: 4 on [0, 10), 0 on [10, 14), 2 on [14, 16), 4 on [16, 24), 0 on [24, 29), 4 after.
  const std::vector<HostIndex> all = {0, 1, 2, 3};
  EXPECT_DOUBLE_EQ(share_at_least_up(run.timeline, all, 3), 19.0 / 30);
  EXPECT_DOUBLE_EQ(share_at_least_up(run.timeline, all, 1), 21.0 / 30);
  EXPECT_DOUBLE_EQ(share_at_least_up(run.timeline, all, 0), 1.0);
  EXPECT_DOUBLE_EQ(share_at_least_up(run.timeline, all, 5), 0.0);

  const FailureCounts counts = count_failures(run.timeline);
  EXPECT_EQ(counts.host_failures, 8u);
  EXPECT_EQ(counts.domain_outages, 2u);
  EXPECT_EQ(counts.partitions, 0u);
  const nlohmann::json summary = failure_summary_json(run.timeline);
  EXPECT_EQ(summary["failures"]["host_failures"], 8);
  EXPECT_EQ(summary["failures"]["domain_outages"], 2);
  EXPECT_EQ(summary["failures"]["partitions"], 0);
  EXPECT_DOUBLE_EQ(summary["hosts"]["availability"].get<double>(), 2.0 / 3);

  const std::vector<sim::SimEvent> events = failure_sim_events(run.timeline);
  ASSERT_EQ(events.size(), 20u);
  EXPECT_EQ(events[0].kind, "host_down");
  EXPECT_EQ(events[0].subject, "az-a-r00-h00");
  EXPECT_EQ(events[0].detail, "host failure");
  EXPECT_EQ(events[0].hosts, 1);
  EXPECT_EQ(events[4].hosts, 0);
  EXPECT_EQ(events[19].kind, "host_up");
  EXPECT_EQ(events[19].subject, "az-a");
  EXPECT_EQ(events[19].detail, "zone outage over");
  EXPECT_EQ(events[19].hosts, 4);
}

// ---------------------------------------------------------------------------------------------
// Determinism and common random numbers.

TEST(FailureTimeline, SameSeedSameTimelineAndStreamsStayPerHostAndPerDomain) {
  const std::string hosts = "failures:\n  hosts: {mtbf: 100h, mttr: 5h, up: weibull, shape: 2}\n";
  const std::string racks =
      "  domains:\n    - {level: rack, rate: 1/w, duration: {distribution: lognormal, mean: "
      "4h, cv: 1}}\n";
  const auto a = describe_all(run_yaml(scenario_yaml(2, 2, 4, "1y", hosts + racks)).timeline);
  EXPECT_GT(a.size(), 1000u);
  EXPECT_EQ(a, describe_all(run_yaml(scenario_yaml(2, 2, 4, "1y", hosts + racks)).timeline));
  EXPECT_NE(a, describe_all(run_yaml(scenario_yaml(2, 2, 4, "1y", hosts + racks, 2)).timeline));

  // Each host's own failures, as (time, host): unchanged by a new domain entry or a new rack.
  auto host_failures = [](const FailureTimeline& t) {
    std::vector<std::pair<double, std::string>> out;
    for (const FailureEvent& e : t.events)
      if (e.cause == FailureCause::host) out.emplace_back(e.time_s, e.domain);
    return out;
  };
  const auto base = host_failures(run_yaml(scenario_yaml(2, 2, 4, "1y", hosts)).timeline);
  EXPECT_EQ(base, host_failures(run_yaml(scenario_yaml(2, 2, 4, "1y", hosts + racks)).timeline));
  auto with_third_rack = host_failures(run_yaml(scenario_yaml(2, 3, 4, "1y", hosts)).timeline);
  std::erase_if(with_third_rack, [](const auto& f) { return f.second.find("-r02-") != std::string::npos; });
  EXPECT_EQ(base, with_third_rack);

  // And a rack's outages do not move when a zone entry is added before it.
  auto rack_outages = [](const FailureTimeline& t) {
    std::vector<std::pair<double, std::string>> out;
    for (const FailureEvent& e : t.events)
      if (e.cause == FailureCause::rack) out.emplace_back(e.time_s, e.domain);
    return out;
  };
  const std::string zone = "    - {level: zone, rate: 1/mo, duration: 1h}\n";
  EXPECT_EQ(
      rack_outages(run_yaml(scenario_yaml(2, 2, 4, "1y", hosts + racks)).timeline),
      rack_outages(run_yaml(scenario_yaml(2, 2, 4, "1y",
                                          hosts + "  domains:\n" + zone + racks.substr(racks.find('\n') + 1)))
                       .timeline));
}

TEST(FailureTimeline, EventsAreSortedAndStateChangesBalance) {
  const FailureRun run = run_yaml(scenario_yaml(2, 2, 4, "1y",
                                                "failures:\n  hosts: {mtbf: 100h, mttr: 5h}\n  domains:\n"
                                                "    - {level: rack, rate: 1/w, duration: 12h}\n"
                                                "    - {level: zone, rate: 1/mo, duration: 1d}\n"
                                                "    - {level: partition, rate: 1/mo, duration: 1d}\n"));
  std::vector<int> down(run.topology.host_count(), 0);
  int cut = 0;
  double last = 0;
  for (const FailureEvent& e : run.timeline.events) {
    EXPECT_GE(e.time_s, last);
    EXPECT_LT(e.time_s, run.timeline.end_s);
    last = e.time_s;
    for (const HostIndex h : e.hosts) {
      down[h] += e.kind == FailureEventKind::host_down ? 1 : -1;
      EXPECT_TRUE(down[h] == 0 || down[h] == 1) << describe(e);  // never down twice, never up twice
    }
    for (std::size_t i = 0; i < e.cut_links.size(); ++i)
      cut += e.kind == FailureEventKind::partition_start ? 1 : -1;
    EXPECT_GE(cut, 0);
  }
  const FailureCounts counts = count_failures(run.timeline);
  EXPECT_GT(counts.host_failures, 0u);
  EXPECT_GT(counts.domain_outages, 0u);
  EXPECT_GT(counts.partitions, 0u);
}

// ---------------------------------------------------------------------------------------------
// Bad input: every mistake at once, each at its position.

TEST(FailureSyntax, ReportsEveryErrorWithItsPosition) {
  const std::string failures =
      "failures:\n"                                    // line 15, after the 14 lines of scenario_yaml
      "  hosts:\n"                                     // 16
      "    mtbf: 1000h\n"                              // 17
      "    up: weibul\n"                               // 18
      "    shape: 1.5\n"                               // 19
      "    repair_cv: 2\n"                             // 20
      "  domains:\n"                                   // 21
      "    - {level: rak, rate: 2/y, duration: 4h}\n"  // 22
      "    - {level: zone, domain: az-c, at: 2027-01-04T14:00, duration: 2h}\n"  // 23
      "    - {level: rack, domains: [az-a-r1], rate: 2/y, duration: 4h}\n"       // 24
      "    - {level: zone, domain: az-a, at: 2027-02-01, duration: 2h}\n"        // 25
      "    - {level: zone, domain: az-a, rate: 1/y, at: 1h, duration: 1h}\n"     // 26
      "    - {level: partition, domain: az-b, at: 1h}\n"                         // 27
      "    - {level: zone, at: 1h, duration: 0s}\n"                              // 28
      "  spares: 2\n";                                                           // 29
  std::vector<std::string> messages;
  try {
    parse_scenario(scenario_yaml(2, 2, 2, "1w", failures), "bad.yaml");
    FAIL() << "loaded without error";
  } catch (const sim::InputError& e) {
    for (const auto& d : e.diagnostics())
      messages.push_back(std::to_string(d.where.line) + ": " + d.message);
  }
  std::string all;
  for (const auto& m : messages)
    all += m + "\n";
  auto has = [&](const std::string& text) { return all.find(text) != std::string::npos; };
  EXPECT_TRUE(has("18: unknown up-time distribution 'weibul'; did you mean 'weibull'?")) << all;
  EXPECT_TRUE(has("17: missing required key 'mttr' in 'failures.hosts'")) << all;
  EXPECT_TRUE(has("20: 'repair_cv' applies to")) << all;
  EXPECT_TRUE(has("22: unknown failure domain level 'rak'; did you mean 'rack'?")) << all;
  EXPECT_TRUE(has("23: unknown zone 'az-c'")) << all;
  EXPECT_TRUE(has("24: unknown rack 'az-a-r1'; did you mean 'az-a-r01'?")) << all;
  EXPECT_TRUE(has("25: 'at' (2027-02-01T00:00:00Z) is not before the simulation ends (2027-01-11T00:00:00Z)"))
      << all;
  EXPECT_TRUE(has("26: a failure entry has either 'rate'")) << all;
  EXPECT_TRUE(has("27: missing required key 'duration'")) << all;
  EXPECT_TRUE(has("28: a scheduled outage needs 'domain'")) << all;
  EXPECT_TRUE(has("28: 'duration' must be positive")) << all;
  EXPECT_TRUE(has("29: unknown key 'spares' in 'failures'")) << all;
  EXPECT_EQ(messages.size(), 12u) << all;  // and nothing else: no cascade from the misspelt names
}

TEST(FailureSyntax, NoFailuresBlockMeansNoFailures) {
  const ScenarioSpec spec = parse_scenario(scenario_yaml(1, 1, 2, "1h", ""), "none.yaml");
  EXPECT_FALSE(spec.failures.enabled());
  const FailureRun run = run_of(spec);
  EXPECT_TRUE(run.timeline.events.empty());
  EXPECT_EQ(hosts_availability(run.timeline), 1.0);
}

}  // namespace
}  // namespace stratus::models
