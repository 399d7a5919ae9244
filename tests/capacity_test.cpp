// Capacity planning (models/capacity/): procurement dates, exhaustion, amortisation and power
// by hand, static stability, caps, conservation of dollars, the cloud comparison and loader
// errors. Fluid runs use no SimGrid, so several may run in one process.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "models/capacity/cloud_comparison.hpp"
#include "models/capacity/month_calendar.hpp"
#include "models/capacity/procurement.hpp"
#include "models/capacity/service_sizing.hpp"
#include "models/capacity/trend_forecast.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "sim/diagnostics.hpp"
#include "support/process.hpp"

namespace {

using namespace stratus;
using nlohmann::json;

constexpr double kDay = 86400.0;

// One zone of one rack of 10 hosts with 4 cores (40 vCPUs), a service whose demand grows by
// exactly 1 request/s per day from 10/s (an absolute step of 365/s ramped over 365 days), 0.1 s
// of CPU per request, sized at 50 %: it needs ceil((10 + d) / 5) one-vCPU instances on day d.
const char* kLinear = R"(
stratus: 1
name: linear
simulation: {start: 2027-01-01, duration: 240d, sample_interval: 1d, fidelity: fluid}
platform:
  host_types:
    quad: {cores: 4, memory: 16GB, power: {idle: 100W, peak: 300W}}
  zones:
    - {name: az-a, racks: 1, hosts_per_rack: 10, host_type: quad}
instance_types:
  vm: {vcpus: 1, memory: 1GB, price: $0/h}
services:
  - name: api
    instance_type: vm
    instances: 1
    load_balancer: central-fifo
    arrivals:
      process: demand
      rate: 10/s
      steps: [{at: 2027-01-01, add: 365/s, ramp: 365d}]
    work: {distribution: constant, value: 100ms}
    profile: {memory_per_rps: 0MB}
capacity:
  target_utilisation: 50%
  rack: {host_type: quad, hosts: 10, price: "$120,000", amortisation: 10y, install: 1w}
  datacenter: {pue: 1, racks: 100, power: 1MW}
  procurement: {policy: forecast-headroom, review: 1w, lead_time: 4w, forecast: plan,
                budget_per_year: "$10,000,000", static_stability: false}
)";

models::RunResult run_text(const std::string& text, std::vector<sim::KeyValue> sets = {}) {
  models::LoadOptions options;
  options.sets = std::move(sets);
  return models::run_scenario(models::parse_scenario(text, "test.yaml", options));
}

/// The column `name` of a CSV text, one value per data row.
std::vector<double> column(const std::string& csv, const std::string& name) {
  std::istringstream in(csv);
  std::string line, cell;
  std::getline(in, line);
  std::istringstream header(line);
  int index = -1;
  for (int i = 0; std::getline(header, cell, ','); ++i)
    if (cell == name) index = i;
  EXPECT_GE(index, 0) << name;
  std::vector<double> out;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    for (int i = 0; std::getline(row, cell, ','); ++i)
      if (i == index) out.push_back(std::stod(cell));
  }
  return out;
}

TEST(Capacity, OrdersOnTheHandComputedDate) {
  // A review at day t orders when the peak need until t + review (7) + lead (28) + install (7)
  // exceeds 40 vCPUs: ceil((10 + t + 42) / 5) > 40 <=> t > 148. Reviews fall on multiples of
  // 7 days: day 147 needs ceil(39.8) = 40 (no order), day 154 needs ceil(41.2) = 42, so one rack
  // (+40 vCPUs) is ordered on day 154 = 2027-06-04, delivered on day 182 = 2027-07-02 and serving
  // on day 189 = 2027-07-09, a day before the fleet would run out (below).
  const auto r = run_text(kLinear);
  const json& c = r.summary["capacity"];
  ASSERT_EQ(c["purchases"].size(), 1u) << c.dump(2);
  EXPECT_EQ(c["purchases"][0]["ordered"], "2027-06-04");
  EXPECT_EQ(c["purchases"][0]["delivered"], "2027-07-02");
  EXPECT_EQ(c["purchases"][0]["installed"], "2027-07-09");
  EXPECT_EQ(c["purchases"][0]["racks"], 1);
  EXPECT_EQ(c["purchases"][0]["cost"], 120000.0);
  EXPECT_EQ(c["racks_purchased"], 1);
  EXPECT_EQ(c["hosts_purchased"], 10);
  EXPECT_EQ(c["peak_hosts"], 20);
  EXPECT_TRUE(c["exhausted_at"].is_null());
  // Written off over 120 months from July: July and August (the run ends on 29 August).
  EXPECT_DOUBLE_EQ(r.summary["cost_usd"]["capital"].get<double>(), 2000.0);
  bool ordered = false, installed = false;
  for (const auto& e : r.events) {
    if (e.kind == "rack_ordered") ordered = e.time_s == 154 * kDay && e.subject == "az-a" && e.hosts == 10;
    if (e.kind == "rack_installed") installed = e.time_s == 189 * kDay;
  }
  EXPECT_TRUE(ordered);
  EXPECT_TRUE(installed);
}

TEST(Capacity, ExhaustedAtTheHandComputedMinute) {
  // Without procurement: the step [t, t + 1 min) is sized at its midpoint t + 30 s, and
  // ceil((10 + d) / 5) > 40 first when 10 + d > 200, i.e. the step starting at day 190 exactly
  // (its midpoint is 30 s past day 190; the step before it has its midpoint 30 s before).
  const auto r = run_text(kLinear, {{"capacity.procurement.policy", "none"}});
  const json& c = r.summary["capacity"];
  EXPECT_EQ(c["exhausted_at"], "2027-07-10T00:00:00Z");
  EXPECT_EQ(c["racks_purchased"], 0);
  // Short from then to the end (day 240): 50 days of minutes.
  EXPECT_DOUBLE_EQ(c["short_minutes"].get<double>(), 50 * 1440.0);
  bool event = false;
  for (const auto& e : r.events)
    if (e.kind == "capacity_exhausted") event = e.time_s == 190 * kDay;
  EXPECT_TRUE(event);
  // Cut to what is installed, the service runs above its 50 % target: by the end λ = 250/s
  // on all 40 vCPUs (62.5 % busy) instead of the 50 it would be sized to.
  EXPECT_EQ(r.summary["services"]["api"]["fluid"]["servers"], 40);
}

TEST(Capacity, AmortisationAndPowerByHand) {
  // Two hosts (100 W idle, 300 W peak, 4 cores), 20/s × 0.1 s = 2 busy vCPUs of 8: u = 0.25.
  // Power = 2 × (100 + 200 × 0.25) × PUE 1.5 = 450 W. January: 450 W × 744 h = 334.8 kWh =
  // $33.48 at $0.10; February: 450 × 672 h = 302.4 kWh = $30.24. The existing rack, amortised
  // as if bought at the start for $12,000 over 1 year: $1,000 a month.
  const std::string text = R"(
stratus: 1
simulation: {start: 2027-01-01, duration: 59d, sample_interval: 1d, fidelity: fluid}
platform:
  host_types:
    quad: {cores: 4, memory: 16GB, power: {idle: 100W, peak: 300W}}
  zones:
    - {name: az-a, racks: 1, hosts_per_rack: 2, host_type: quad}
instance_types:
  vm: {vcpus: 1, memory: 1GB, price: $0/h}
services:
  - {name: api, instance_type: vm, instances: 1, arrivals: {process: poisson, rate: 20/s},
     work: {distribution: constant, value: 100ms}}
capacity:
  rack: {host_type: quad, hosts: 2, price: "$12,000", amortisation: 1y}
  existing_racks: amortised
  datacenter: {pue: 1.5, price_per_kwh: $0.10}
)";
  const auto r = run_text(text);
  const auto power = column(r.capacity_csv, "power_usd");
  const auto capital = column(r.capacity_csv, "capital_usd");
  const auto energy = column(r.capacity_csv, "energy_mwh");
  ASSERT_EQ(power.size(), 2u) << r.capacity_csv;
  EXPECT_NEAR(power[0], 33.48, 1e-9);
  EXPECT_NEAR(power[1], 30.24, 1e-9);
  EXPECT_NEAR(energy[0], 0.3348, 1e-12);
  EXPECT_DOUBLE_EQ(capital[0], 1000.0);
  EXPECT_DOUBLE_EQ(capital[1], 1000.0);
  EXPECT_NEAR(column(r.capacity_csv, "utilisation")[0], 0.25, 1e-12);
  EXPECT_NEAR(r.summary["cost_usd"]["power"].get<double>(), 63.72, 1e-9);
  EXPECT_DOUBLE_EQ(r.summary["cost_usd"]["capital"].get<double>(), 2000.0);
  EXPECT_NEAR(r.summary["cost_usd"]["total"].get<double>(), 2063.72, 1e-9);
}

TEST(Capacity, StaticStabilityProvisionsZOverZMinusOne) {
  // Validation README §6: to serve the peak after losing any one of Z equal zones, provision
  // peak × Z / (Z − 1). Racks of 10 vCPUs, a need of 100 vCPUs.
  models::Resources rack;
  rack.vcpus = 10;
  models::Resources need;
  need.vcpus = 100;
  for (const int zones : {2, 3, 4}) {
    const std::vector<models::ZoneCapacityView> empty(zones);
    const auto add = models::racks_to_cover(empty, rack, need, 0.0, true);
    const double expected = 100.0 * zones / (zones - 1);
    double total = 0;
    for (const int n : add) {
      total += n * 10.0;
      EXPECT_NEAR(n * 10.0, expected / zones, 10.0) << zones << " zones: spread evenly";
    }
    // Whole racks: the smallest multiple of 10 per zone at or above the exact share.
    EXPECT_GE(total, expected);
    EXPECT_LT(total, expected + 10.0 * zones);
  }
  const auto three = models::racks_to_cover(std::vector<models::ZoneCapacityView>(3), rack, need, 0.0, true);
  EXPECT_EQ(three, (std::vector<int>{5, 5, 5}));  // 150 % of the peak
  const auto plain = models::racks_to_cover(std::vector<models::ZoneCapacityView>(3), rack, need, 0.0, false);
  EXPECT_EQ(plain, (std::vector<int>{4, 3, 3}));  // 100 %
  // A 20 % headroom: 0.8 × capacity ≥ 100 -> 125 vCPUs -> 13 racks.
  const auto headroom =
      models::racks_to_cover(std::vector<models::ZoneCapacityView>(3), rack, need, 0.2, false);
  EXPECT_EQ(headroom[0] + headroom[1] + headroom[2], 13);
  // Racks go where capacity is missing: a zone that lost capacity gets them.
  std::vector<models::ZoneCapacityView> uneven(3);
  uneven[0].installed.vcpus = 50;
  uneven[1].installed.vcpus = 50;
  EXPECT_EQ(models::racks_to_cover(uneven, rack, need, 0.0, true), (std::vector<int>{0, 0, 5}));
}

TEST(Capacity, StaticStabilityEndToEnd) {
  // Two zones of one rack (40 vCPUs each). Without static stability the 80 vCPUs last until
  // ceil((52 + t) / 5) > 80, t > 348 days: nothing is ordered in 240 days. With it, either zone
  // alone must carry the need: the same date as one zone of 40 (day 154, need 42), and one
  // rack into each zone (80 + 80: either survivor holds 80 ≥ 42).
  const std::vector<sim::KeyValue> two_zones = {
      {"platform.zones",
       "[{name: az-a, racks: 1, hosts_per_rack: 10, host_type: quad}, "
       "{name: az-b, racks: 1, hosts_per_rack: 10, host_type: quad}]"}};
  const auto plain = run_text(kLinear, two_zones);
  EXPECT_EQ(plain.summary["capacity"]["racks_purchased"], 0);
  auto sets = two_zones;
  sets.push_back({"capacity.procurement.static_stability", "true"});
  const auto stable = run_text(kLinear, sets);
  const json& p = stable.summary["capacity"]["purchases"];
  ASSERT_EQ(p.size(), 2u) << p.dump(2);
  EXPECT_EQ(p[0]["ordered"], "2027-06-04");
  EXPECT_EQ(p[0]["zone"], "az-a");
  EXPECT_EQ(p[1]["zone"], "az-b");
  EXPECT_EQ(p[0]["racks"].get<int>() + p[1]["racks"].get<int>(), 2);
  EXPECT_TRUE(stable.summary["capacity"]["exhausted_at"].is_null());
}

TEST(Capacity, SpaceBudgetAndPowerCapsRefuseOrders) {
  struct Case {
    std::string key, value, reason;
  };
  for (const Case& c : {Case{"capacity.datacenter.racks", "1", "space"},
                        Case{"capacity.procurement.budget_per_year", "$100,000", "budget"},
                        // 10 hosts at 300 W: 3 kW a rack; 5 kW leaves no room for a second one.
                        Case{"capacity.datacenter.power", "5kW", "power"}}) {
    const auto r = run_text(kLinear, {{c.key, c.value}});
    const json& cap = r.summary["capacity"];
    EXPECT_EQ(cap["racks_purchased"], 0) << c.reason;
    ASSERT_FALSE(cap["refused"].empty()) << c.reason;
    EXPECT_EQ(cap["refused"][0]["at"], "2027-06-04") << c.reason;  // the review that wanted one
    EXPECT_EQ(cap["refused"][0]["reason"], c.reason);
    EXPECT_EQ(cap["refused"][0]["racks"], 1);
    EXPECT_EQ(cap["exhausted_at"], "2027-07-10T00:00:00Z") << c.reason;
  }
  // The budget is per calendar year: $120,000 fits exactly.
  const auto r = run_text(kLinear, {{"capacity.procurement.budget_per_year", "$120,000"}});
  EXPECT_EQ(r.summary["capacity"]["racks_purchased"], 1);
}

TEST(Capacity, TrendForecastExtrapolatesALine) {
  models::TrendForecast trend(30 * kDay);
  for (int d = 0; d < 60; ++d) {
    models::Resources need;
    need.vcpus = 100 + 2.0 * d;  // the day's peak
    trend.observe(d * kDay + 3600, need);
  }
  // Fitted on days' middles: y = 100 + 2 (x − 0.5) at x days; at day 100.5 -> 300.
  EXPECT_NEAR(trend.forecast(60 * kDay, 100.5 * kDay).vcpus, 300.0, 1e-6);
  // Never below the last week's peak.
  EXPECT_NEAR(trend.forecast(60 * kDay, 0).vcpus, 218.0, 1e-9);
}

TEST(Capacity, TrendForecastRunOrdersOnTheFittedDate) {
  // The trend fits each day's peak need. Day k's peak is ceil((11 + k) / 5) (its last
  // minute), on average 0.4 above (11 + k) / 5 (the fractional parts step by 0.2). On day
  // middles x = k + 0.5 the fit is y = (12.5 + x) / 5, so at the horizon t + 42 it exceeds 40
  // once t > 145.5: the review of day 147 (2027-05-28), a week before the plan's.
  const auto r = run_text(kLinear, {{"capacity.procurement.forecast", "trend"}});
  const json& p = r.summary["capacity"]["purchases"];
  ASSERT_GE(p.size(), 1u);
  EXPECT_EQ(p[0]["ordered"], "2027-05-28");
  EXPECT_TRUE(r.summary["capacity"]["exhausted_at"].is_null());
}

TEST(Capacity, CloudMonthPricedByMarket) {
  models::CloudComparisonSpec spec;
  spec.enabled = true;
  spec.reserved.share = 0.5;
  spec.reserved.discount = 0.4;
  spec.spot.share = 0.2;
  spec.spot.discount = 0.7;
  models::InstanceType type;
  type.name = "t";
  type.price_per_s = 1.0 / 3600;  // $1/h
  models::CloudComparison cloud(spec, type);
  cloud.add(10, 10 * 3600.0);  // 10 instances for 10 h
  cloud.add(4, 10 * 3600.0);   // 4 for 10 h
  const auto m = cloud.close_month();
  // Peak 10 -> 5 reserved for the 20 h: 100 h at $0.60 = $60. Above them: 5 × 10 h = 50 h;
  // spot: 20 % of those 50 h = 10 h at $0.30 = $3; on demand the other 40 h = $40.
  EXPECT_DOUBLE_EQ(m.instance_hours, 140.0);
  EXPECT_DOUBLE_EQ(m.reserved_instances, 5.0);
  EXPECT_NEAR(m.reserved_usd, 60.0, 1e-9);
  EXPECT_NEAR(m.spot_hours, 10.0, 1e-9);
  EXPECT_NEAR(m.spot_usd, 3.0, 1e-9);
  EXPECT_NEAR(m.on_demand_hours, 40.0, 1e-9);
  EXPECT_NEAR(m.on_demand_usd, 40.0, 1e-9);
}

TEST(Capacity, SizingAndCalendar) {
  models::InstanceType type;
  type.vcpus = 2;
  type.memory_bytes = 8e9;
  models::ResourceProfile profile;
  profile.memory_per_rps_bytes = 20e6;
  // 100/s × 0.1 s = 10 vCPUs at 50 % -> 10 instances; memory 2 GB at 50 % -> 1: CPU binds.
  EXPECT_EQ(models::size_service(100, 0.1, type, profile, 0.5).instances, 10);
  // 1,000/s × 1 ms = 1 vCPU -> 1; memory 20 GB / (0.5 × 8 GB) = 5: memory binds.
  EXPECT_EQ(models::size_service(1000, 0.001, type, profile, 0.5).instances, 5);
  EXPECT_EQ(models::size_service(0, 0.1, type, profile, 0.5).instances, 1);
  const models::MonthCalendar cal(1798761600.0);  // 2027-01-01
  EXPECT_EQ(cal.label(0), "2027-01");
  EXPECT_EQ(cal.label(13), "2028-02");
  EXPECT_DOUBLE_EQ(cal.month_start_s(2), 59 * kDay);
  EXPECT_EQ(cal.month_of(59 * kDay - 1), 1);
  EXPECT_EQ(cal.month_of(59 * kDay), 2);
  EXPECT_EQ(cal.year(12), 2028);
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v)
    s += x;
  return s;
}

/// Runs scenarios/growth-3y.yaml through the CLI; returns its output folder.
std::filesystem::path run_growth(const std::string& variant) {
  const auto dir = stratus::testing::temp_dir("growth-" + variant);
  const auto r = stratus::testing::run_command(stratus::testing::stratus_cmd(
      "run " + std::string(STRATUS_SOURCE_DIR) + "/scenarios/growth-3y.yaml --variant " + variant +
      " --out " + dir.string()));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return dir;
}

TEST(Capacity, GrowthScenarioConservesDollars) {
  const auto dir = run_growth("forecast-headroom");
  const std::string csv = stratus::testing::read_text(dir / "capacity.csv");
  const json s = json::parse(stratus::testing::read_text(dir / "summary.json"));
  EXPECT_EQ(column(csv, "capital_usd").size(), 36u);  // 2027 to 2029, one row a month
  // The monthly rows add up to the summary's totals, which are in the run's total.
  const json& cost = s["cost_usd"];
  EXPECT_NEAR(sum(column(csv, "capital_usd")), cost["capital"].get<double>(), 1e-6);
  EXPECT_NEAR(sum(column(csv, "power_usd")), cost["power"].get<double>(), 1e-6);
  EXPECT_NEAR(cost["total"].get<double>(),
              cost["instances"].get<double>() + cost["serverless"].get<double>() +
                  cost["capital"].get<double>() + cost["power"].get<double>(),
              1e-6);
  const json& cloud = s["cloud_comparison"];
  EXPECT_NEAR(sum(column(csv, "cloud_usd")), cloud["cloud_usd"].get<double>(), 1e-6);
  const json& m = cloud["by_market"];
  EXPECT_NEAR(m["reserved"]["usd"].get<double>() + m["spot"]["usd"].get<double>() +
                  m["on_demand"]["usd"].get<double>(),
              cloud["cloud_usd"].get<double>(), 1e-6);
  EXPECT_NEAR(cloud["on_premises_usd"].get<double>(),
              cost["capital"].get<double>() + cost["power"].get<double>(), 1e-6);
  // Racks bought = racks in the purchases = racks ordered month by month; the events say so too.
  const json& c = s["capacity"];
  int racks = 0;
  for (const auto& p : c["purchases"])
    racks += p["racks"].get<int>();
  EXPECT_EQ(c["racks_purchased"], racks);
  EXPECT_EQ(sum(column(csv, "racks_ordered")), racks);
  const std::string events = stratus::testing::read_text(dir / "events.csv");
  std::size_t ordered = 0;
  for (std::size_t at = events.find(",rack_ordered,"); at != std::string::npos;
       at = events.find(",rack_ordered,", at + 1))
    ++ordered;
  EXPECT_EQ(ordered, c["purchases"].size());
  EXPECT_GT(racks, 0);
  EXPECT_TRUE(c["exhausted_at"].is_null());
  // Same scenario, same seed: the same bytes.
  EXPECT_EQ(stratus::testing::read_text(run_growth("forecast-headroom") / "capacity.csv"), csv);
}

TEST(Capacity, GrowthScenarioRunsOutWithoutProcurement) {
  const auto dir = run_growth("no-procurement");
  const json s = json::parse(stratus::testing::read_text(dir / "summary.json"));
  const json& c = s["capacity"];
  ASSERT_TRUE(c["exhausted_at"].is_string());
  EXPECT_EQ(c["racks_purchased"], 0);
  // The first month with short minutes is the month of exhausted_at.
  const std::string csv = stratus::testing::read_text(dir / "capacity.csv");
  const auto short_minutes = column(csv, "short_minutes");
  std::size_t first = 0;
  while (first < short_minutes.size() && short_minutes[first] == 0)
    ++first;
  ASSERT_LT(first, short_minutes.size());
  const std::string exhausted = c["exhausted_at"];
  EXPECT_EQ(exhausted.substr(0, 7), models::MonthCalendar(1798761600.0).label(static_cast<int>(first)));
  // Short of racks long enough, the peaks overload the fleet: SLO minutes.
  EXPECT_GT(c["slo_violation_minutes"].get<double>(), 0.0);
}

std::string load_errors(const std::string& text, std::vector<sim::KeyValue> sets = {}) {
  models::LoadOptions options;
  options.sets = std::move(sets);
  try {
    models::parse_scenario(text, "test.yaml", options);
  } catch (const sim::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Capacity, LoaderErrors) {
  EXPECT_NE(load_errors(kLinear, {{"simulation.fidelity", "discrete"}}).find("under the fluid fidelity"),
            std::string::npos);
  std::string text = kLinear;
  text.replace(text.find("policy: forecast-headroom"), 25, "policy: forcast-headroom");
  const std::string misspelt = load_errors(text);
  EXPECT_NE(misspelt.find("did you mean 'forecast-headroom'"), std::string::npos) << misspelt;
  EXPECT_NE(misspelt.find("test.yaml:27:25:"), std::string::npos) << misspelt;
  const std::string key = load_errors(kLinear, {{"capacity.rack.prize", "$1"}});
  EXPECT_NE(key.find("price"), std::string::npos) << key;
  const std::string stability = load_errors(kLinear, {{"capacity.procurement.static_stability", "true"}});
  EXPECT_NE(stability.find("at least two zones"), std::string::npos) << stability;
  const std::string type = load_errors(kLinear, {{"capacity.rack.host_type", "quadd"}});
  EXPECT_NE(type.find("did you mean 'quad'"), std::string::npos) << type;
  // All at once: three errors in one message.
  const std::string all = load_errors(kLinear, {{"capacity.procurement.policy", "nope"},
                                                {"capacity.target_utilisation", "150%"},
                                                {"capacity.cloud", "{instance_type: m5.lage}"}});
  EXPECT_NE(all.find("procurement policy"), std::string::npos) << all;
  EXPECT_NE(all.find("target_utilisation"), std::string::npos) << all;
  EXPECT_NE(all.find("m5.large"), std::string::npos) << all;
  const std::string profile = load_errors(kLinear, {{"services[0].profile", "{memory_per_rps: 20 parsecs}"}});
  EXPECT_NE(profile.find("memory_per_rps"), std::string::npos) << profile;
}

}  // namespace
