// What failures do to services, in real runs of the CLI: a hand-computed zone outage counted
// exactly (health-check detection, requests failed in flight and sent to the dead instance,
// recovery with the zone), conservation in every run, an auto scaling group replacing what a
// zone took, spot notices exactly 120 s before the reclaim, each zone's instances in
// timeseries.csv through an outage, and the shipped failure scenarios.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support/process.hpp"

namespace {

using nlohmann::json;
using stratus::testing::read_text;
using stratus::testing::run_command;
using stratus::testing::stratus_cmd;

const std::string kData = STRATUS_TEST_DATA;
const std::string kScenarios = std::string(STRATUS_SOURCE_DIR) + "/scenarios";

std::string fresh_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "stratus-failure-effects-" + name;
  run_command("rm -rf '" + dir + "'");
  return dir;
}

json run_scenario(const std::string& file, const std::string& out, const std::string& extra = "") {
  const auto r = run_command(stratus_cmd("run '" + file + "' --quiet --out '" + out + "' " + extra));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return json::parse(read_text(out + "/summary.json"));
}

void expect_conservation(const json& requests) {
  EXPECT_EQ(requests["arrived"].get<long long>(),
            requests["completed"].get<long long>() + requests["rejected"].get<long long>() +
                requests["failed"].get<long long>() + requests["in_flight"].get<long long>());
}

/// Rows of events.csv of one kind: time_s,kind,subject,hosts,detail.
std::vector<std::vector<std::string>> events_of(const std::string& dir, const std::string& kind) {
  std::istringstream in(read_text(dir + "/events.csv"));
  std::string line;
  std::vector<std::vector<std::string>> rows;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::string cell;
    const std::size_t quote = line.find(",\"");
    std::istringstream fields(line.substr(0, quote));
    while (std::getline(fields, cell, ','))
      cells.push_back(cell);
    // The detail, unquoted (the tests' details hold no quotes).
    cells.push_back(quote == std::string::npos ? "" : line.substr(quote + 2, line.size() - quote - 3));
    if (cells.size() >= 4 && cells[1] == kind) rows.push_back(cells);
  }
  return rows;
}

/// timeseries.csv: its header and its rows of numbers.
struct Timeseries {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  std::size_t column(const std::string& name) const {
    const auto it = std::find(columns.begin(), columns.end(), name);
    if (it == columns.end()) ADD_FAILURE() << "timeseries.csv has no column " << name;
    return it == columns.end() ? 0 : static_cast<std::size_t>(it - columns.begin());
  }
};

Timeseries read_timeseries(const std::string& path) {
  Timeseries t;
  std::istringstream in(read_text(path));
  std::string line, cell;
  std::getline(in, line);
  for (std::istringstream head(line); std::getline(head, cell, ',');)
    t.columns.push_back(cell);
  while (std::getline(in, line)) {
    std::vector<double> row;
    for (std::istringstream cells(line); std::getline(cells, cell, ',');)
      row.push_back(cell.empty() ? std::nan("") : std::stod(cell));  // an empty cell: no value
    t.rows.push_back(std::move(row));
  }
  return t;
}

// tests/data/failures/zone-outage-small.yaml, by hand. Requests arrive at k + 0.5 s
// (k = 0..299) and take exactly 2 s on a 2-vCPU instance; round-robin sends even k to the
// instance in az-a and odd k to the one in az-b, so each instance runs at most one at a time.
//  - az-b fails at 100 s: the request of k = 99 (99.5 s to 101.5 s) is lost in flight.
//  - Health checks every 10 s since 0: they fail at 110, 120, 130 s; after the third the
//    balancer stops routing to az-b at 130 s. Until then round-robin still sends it k = 101,
//    103, ..., 129: 15 requests fail at once.
//  - From 130 s everything goes to az-a: 1 request/s of 2 s on 2 vCPUs, no queueing.
//  - az-b returns at 160 s; its instance boots (60 s, the default) and passes 5 checks 10 s
//    apart: routable again at 160 + 60 + 50 = 270 s. Time to recover: 270 − 100 = 170 s.
// Failed: 16; completed: 300 − 16 = 284 (the last request ends at 301.5 s < 305 s).
TEST(FailureEffects, ZoneOutageCountedByHand) {
  const std::string out = fresh_dir("small");
  const json s = run_scenario(kData + "/failures/zone-outage-small.yaml", out);
  const json& r = s["requests"];
  EXPECT_EQ(r["arrived"], 300);
  EXPECT_EQ(r["failed"], 16);
  EXPECT_EQ(r["completed"], 284);
  EXPECT_EQ(r["rejected"], 0);
  EXPECT_EQ(r["in_flight"], 0);
  expect_conservation(r);
  // Nothing ever waited or shared a core: every completed request took exactly 2 s.
  EXPECT_DOUBLE_EQ(s["latency_s"]["max"].get<double>(), 2.0);
  const json& f = s["services"]["api"]["fleet"]["failures"];
  EXPECT_EQ(f["instances_lost"], 1);
  EXPECT_EQ(f["recoveries"], 1);
  EXPECT_DOUBLE_EQ(f["time_to_recover_s"]["max"].get<double>(), 170.0);
  EXPECT_EQ(s["failures"]["domain_outages"], 1);
  EXPECT_NEAR(s["availability"]["success_fraction"].get<double>(), 284.0 / 300.0, 1e-12);
  // The zone's host is down 60 of 305 s; the other is always up.
  EXPECT_NEAR(s["hosts"]["availability"].get<double>(), (1.0 + 245.0 / 305.0) / 2.0, 1e-9);
  const auto unhealthy = events_of(out, "unhealthy");
  ASSERT_EQ(unhealthy.size(), 1u);
  EXPECT_EQ(std::stod(unhealthy[0][0]), 130.0);
  const auto down = events_of(out, "host_down");
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(std::stod(down[0][0]), 100.0);
  EXPECT_EQ(down[0][2], "az-b");
  EXPECT_EQ(down[0][3], "1");
}

// The same outage behind a least-outstanding balancer: the dead instance holds nothing, so
// until the checks give up it attracts every request (the black hole), and far more fail.
TEST(FailureEffects, LeastOutstandingBalancerFeedsTheDeadInstance) {
  const json s = run_scenario(kData + "/failures/zone-outage-small.yaml", fresh_dir("lor"),
                              "--param balancer=least-outstanding");
  const json& r = s["requests"];
  expect_conservation(r);
  // Round-robin lost 16 (1 in flight + every other arrival for 30 s). Here the dead instance
  // wins every arrival on which az-a is busy and half the ties, so more are lost, but no
  // more than 1 + the 30 arrivals before the checks give up.
  EXPECT_GT(r["failed"].get<long long>(), 16);
  EXPECT_LE(r["failed"].get<long long>(), 31);
}

}  // namespace

namespace {

// The same case with az-b cut off from the region (its inter-zone link down) instead of
// failing: no host goes down, but the balancer cannot reach the instance there, so the
// requests fail exactly as above.
TEST(FailureEffects, PartitionCutsOnlyTheTrafficAcrossIt) {
  const std::string out = fresh_dir("partition");
  const json s = run_scenario(kData + "/failures/zone-outage-small.yaml", out,
                              "--set failures.domains.0.level=partition");
  EXPECT_EQ(s["requests"]["failed"], 16);
  EXPECT_EQ(s["requests"]["completed"], 284);
  EXPECT_EQ(s["failures"]["partitions"], 1);
  EXPECT_EQ(s["failures"]["domain_outages"], 0);
  EXPECT_DOUBLE_EQ(s["hosts"]["availability"].get<double>(), 1.0);  // every host stayed up
  EXPECT_EQ(events_of(out, "host_down").size(), 0u);
  ASSERT_EQ(events_of(out, "partition_start").size(), 1u);
}

// Without capacity rebalancing a spot instance serves until it is reclaimed: every notice is
// followed by the reclaim of the same instance exactly 120 s later, whatever was still
// running there fails, and the group launches a replacement for each.
TEST(FailureEffects, SpotNoticeComesExactly120SecondsBeforeTheReclaim) {
  const std::string out = fresh_dir("spot");
  const json s = run_scenario(kData + "/failures/spot-small.yaml", out, "--param rebalance=false");
  const auto notices = events_of(out, "spot_notice");
  const auto reclaims = events_of(out, "spot_reclaimed");
  ASSERT_GE(notices.size(), 20u);  // 4 spot instances × 3/h × 4 h = 48 expected
  ASSERT_GE(notices.size(), reclaims.size());
  ASSERT_LE(notices.size() - reclaims.size(), 1u);  // a notice in the last 120 s has no reclaim yet
  for (std::size_t k = 0; k < reclaims.size(); ++k) {
    // Notices and reclaims of distinct instances may interleave: find this reclaim's notice.
    // Details: "instance 3 reclaimed in 2min" and "instance 3".
    bool found = false;
    for (const auto& n : notices)
      if (std::abs(std::stod(reclaims[k][0]) - std::stod(n[0]) - 120.0) < 1e-9 &&
          n[4].rfind(reclaims[k][4] + " ", 0) == 0)
        found = true;
    EXPECT_TRUE(found) << "reclaim at " << reclaims[k][0] << " has no notice 120 s before";
  }
  const json& fleet = s["services"]["api"]["fleet"];
  // Each reclaim is replaced: 6 initial launches plus one per reclaim.
  EXPECT_EQ(fleet["launches"].get<std::size_t>(), 6 + reclaims.size());
  EXPECT_EQ(fleet["failures"]["spot_interruptions"].get<std::size_t>(), notices.size());
  expect_conservation(s["requests"]);
  // Two on-demand instances for the whole 4 h; the rest of the instance-hours are spot, at 30 %
  // of the on-demand price.
  EXPECT_NEAR(fleet["instance_hours"].get<double>() - fleet["spot"]["instance_hours"].get<double>(), 8.0,
              1e-9);
  EXPECT_NEAR(fleet["spot"]["cost_usd"].get<double>(),
              fleet["spot"]["instance_hours"].get<double>() * 0.096 * 0.3, 1e-9);
}

// With capacity rebalancing the notice deregisters the instance and launches its replacement
// at once; 120 s is ample to drain 50 ms requests, so none fails.
TEST(FailureEffects, CapacityRebalancingReplacesOnTheNoticeAndLosesNothing) {
  const json s = run_scenario(kData + "/failures/spot-small.yaml", fresh_dir("rebalance"));
  const json& fleet = s["services"]["api"]["fleet"];
  EXPECT_EQ(s["requests"]["failed"], 0);
  EXPECT_GE(fleet["failures"]["spot_interruptions"].get<int>(), 20);
  // One replacement per notice (a notice on an instance still booting replaces it too).
  EXPECT_EQ(fleet["launches"].get<int>(), 6 + fleet["failures"]["spot_interruptions"].get<int>());
  expect_conservation(s["requests"]);
}

// The shipped scenarios, shortened: the AZ outage through its variants' extremes, and the
// host-availability validation file.
TEST(FailureEffects, AzOutageScenarioStaticStabilityRidesThrough) {
  const std::string args = "--param duration=15h --param outage_at=13h --param outage_duration=1h";
  const json sized =
      run_scenario(kScenarios + "/az-outage.yaml", fresh_dir("azo-2"), "--variant two-az " + args);
  const json stable =
      run_scenario(kScenarios + "/az-outage.yaml", fresh_dir("azo-2s"), "--variant two-az-static " + args);
  for (const json* s : {&sized, &stable}) {
    expect_conservation((*s)["requests"]);
    EXPECT_EQ((*s)["failures"]["domain_outages"], 1);
  }
  // Half the fleet gone at the peak: overloaded for the hour; sized for the loss: not.
  EXPECT_GT(sized["availability"]["slo_violation_minutes"].get<double>(), 30.0);
  EXPECT_LT(stable["availability"]["slo_violation_minutes"].get<double>(), 5.0);
  EXPECT_GT(stable["availability"]["success_fraction"].get<double>(),
            sized["availability"]["success_fraction"].get<double>());
}

// timeseries.csv counts each zone's instances in service ("web.instances.az-a"): one column
// per zone that holds the fleet's positions, summing to web.instances on every row. az-a fails
// at 1 h for 1 h; its instances are deregistered after two failed 30 s checks (61 min), so the
// rows ending from 62 min to 2 h (each a mean over its minute) hold none there, while the
// other zones keep theirs (and the group's replacements). The fixed fleets boot theirs again
// at 2 h (60 s, then 5 checks 30 s apart): az-a serves again by the end.
TEST(FailureEffects, ZoneInstanceColumnsFollowTheOutage) {
  const std::string args =
      "--param arrival_rate=20 --param duration=150min --param outage_at=1h --param outage_duration=1h";
  const std::vector<std::pair<std::string, std::vector<std::string>>> variants{
      {"three-az", {"az-a", "az-b", "az-c"}},
      {"three-az-asg", {"az-a", "az-b", "az-c"}},
      {"two-az", {"az-a", "az-b"}}};
  for (const auto& [variant, zones] : variants) {
    SCOPED_TRACE(variant);
    const std::string out = fresh_dir("zones-" + variant);
    run_scenario(kScenarios + "/az-outage.yaml", out, "--variant " + variant + " " + args);
    const Timeseries t = read_timeseries(out + "/timeseries.csv");
    std::vector<std::string> zone_columns;
    for (const std::string& c : t.columns)
      if (c.rfind("web.instances.", 0) == 0) zone_columns.push_back(c);
    std::vector<std::string> expected;
    for (const std::string& z : zones)
      expected.push_back("web.instances." + z);
    ASSERT_EQ(zone_columns, expected);

    const std::size_t time = t.column("time_s"), total = t.column("web.instances");
    const std::size_t a = t.column("web.instances.az-a");
    ASSERT_EQ(t.rows.size(), 150u);
    for (const auto& row : t.rows) {
      const double minute = row[time] / 60.0;
      double sum = 0.0;
      for (const std::string& c : zone_columns)
        sum += row[t.column(c)];
      EXPECT_NEAR(sum, row[total], 1e-9) << "minute " << minute;
      if (minute <= 60.0) {
        EXPECT_GT(row[a], 0.0) << "az-a before its outage, minute " << minute;
      } else if (minute >= 62.0 && minute <= 120.0) {
        EXPECT_EQ(row[a], 0.0) << "az-a during its outage, minute " << minute;
        for (std::size_t k = 1; k < zone_columns.size(); ++k)
          EXPECT_GT(row[t.column(zone_columns[k])], 0.0) << zone_columns[k] << ", minute " << minute;
      }
    }
    const auto& last = t.rows.back();
    if (variant == "three-az-asg") {
      // The group replaced az-a's instances elsewhere and has no reason to move them back.
      EXPECT_EQ(last[total], 10.0);
      EXPECT_EQ(last[a], 0.0);
    } else {
      EXPECT_EQ(last[a], variant == "two-az" ? 5.0 : 4.0);  // spread: 5 + 5, or 4 + 3 + 3
      EXPECT_EQ(last[total], 10.0);
    }
  }
}

}  // namespace

namespace {

// scenarios/validation/host-availability.yaml through the CLI: 200 hosts, MTBF 1000 h,
// MTTR 10 h, 10 years. For one host alternating exponential up (rate λ = 1/MTBF) and repair
// (rate μ = 1/MTTR) periods, the share of [0, T] it is up has asymptotic variance
// 2λμ / ((λ + μ)³ T); hosts are independent, so the mean over n hosts has that over n.
TEST(FailureEffects, HostAvailabilityScenarioMatchesRenewalReward) {
  const json s = run_scenario(kScenarios + "/validation/host-availability.yaml", fresh_dir("hosts"));
  const double mtbf = 1000.0, mttr = 10.0, hours = 10 * 365.2425 * 24, hosts = 200;
  const double lambda = 1 / mtbf, mu = 1 / mttr;
  const double sd = std::sqrt(2 * lambda * mu / std::pow(lambda + mu, 3) / hours / hosts);
  EXPECT_NEAR(s["hosts"]["availability"].get<double>(), mtbf / (mtbf + mttr), 4 * sd);
  // About T / (MTBF + MTTR) failures per host.
  EXPECT_NEAR(s["failures"]["host_failures"].get<double>(), hosts * hours / (mtbf + mttr),
              4 * std::sqrt(hosts * hours / (mtbf + mttr)));
  expect_conservation(s["requests"]);
}

// Failures need instances to lose: a fluid run refuses them with the position of the block.
TEST(FailureEffects, FluidFidelityRefusesFailures) {
  const auto r = run_command(stratus_cmd("run '" + kScenarios +
                                         "/az-outage.yaml' --quiet --set simulation.fidelity=fluid --out '" +
                                         fresh_dir("fluid") + "'"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("az-outage.yaml:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("fluid fidelity does not support failures"), std::string::npos) << r.output;
}

}  // namespace

namespace {

// scenarios/game-launch.yaml at 1 % of the players: the rack failure at 19:30 hits the
// group's instance on az-b-r00, which the group replaces; nothing else is lost.
TEST(FailureEffects, GameLaunchScenarioReplacesTheRacksInstances) {
  const json s = run_scenario(kScenarios + "/game-launch.yaml", fresh_dir("game"),
                              "--param players=30000 --param duration=4h");
  expect_conservation(s["requests"]);
  const json& f = s["services"]["sessions"]["fleet"]["failures"];
  EXPECT_GE(f["instances_lost"].get<int>(), 1);
  EXPECT_EQ(f["recoveries"], 1);
  EXPECT_FALSE(f["recovering_at_end"].get<bool>());
  // Detection (at most 2 checks, 20 s) plus a ~90 s boot and 3 checks (30 s).
  EXPECT_LT(f["time_to_recover_s"]["max"].get<double>(), 300.0);
  EXPECT_EQ(s["failures"]["domain_outages"], 1);
}

}  // namespace
