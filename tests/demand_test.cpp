// Demand over months and years (models/demand.hpp, `process: demand`): every component's
// value at instants where it is known exactly, the noise's purity and mean, the window bounds
// that thinning relies on, the arrival counts thinning produces against ∫λ, the loader's
// errors, and whole runs of scenarios/demand-game-launch.yaml in both fidelities through the
// CLI (one simulation per child process). Only the last two tests run a simulation.
#include "models/demand.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <vector>

#include "models/arrivals.hpp"
#include "models/demand_loader.hpp"
#include "models/scenario_loader.hpp"
#include "sim/calendar.hpp"
#include "sim/config.hpp"
#include "sim/diagnostics.hpp"
#include "sim/random.hpp"
#include "sim/units.hpp"
#include "support/process.hpp"

namespace {

using namespace stratus;
using models::DemandModel;
using models::DemandSpec;
using models::kDemandYearS;

constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;
const std::string kScenario = std::string(STRATUS_SOURCE_DIR) + "/scenarios/demand-game-launch.yaml";

double epoch(const std::string& date) {
  return *sim::parse_datetime(date);
}

/// The demand of an `arrivals:` map written in YAML, for a run starting at `start`.
DemandSpec demand_from(const std::string& yaml, const std::string& start = "2027-01-01") {
  const auto doc = sim::ConfigDocument::parse(yaml, "demand.yaml");
  DemandSpec spec = models::read_demand(doc.root(), epoch(start));
  EXPECT_FALSE(doc.diagnostics().has_errors()) << doc.diagnostics().format_all();
  return spec;
}

/// Simulated time of a date-time, for a run starting on 2027-01-01.
double at(const std::string& date) {
  return epoch(date) - epoch("2027-01-01");
}

TEST(Demand, YearIsTheUnitsYear) {
  EXPECT_EQ(sim::parse_quantity("1y", sim::Quantity::duration), kDemandYearS);
  EXPECT_EQ(kDemandYearS, 365.2425 * 86400);
}

TEST(Demand, CompoundGrowthIsExactAtWholeYears) {
  const DemandModel m(demand_from("{process: demand, rate: 100/s, growth: 50%}"), 1);
  EXPECT_EQ(m.rate_at(0), 100.0);
  EXPECT_DOUBLE_EQ(m.rate_at(kDemandYearS), 150.0);
  EXPECT_DOUBLE_EQ(m.rate_at(2 * kDemandYearS), 225.0);
  EXPECT_DOUBLE_EQ(m.rate_at(kDemandYearS / 2), 100.0 * std::sqrt(1.5));
  // A decline works the same way: -20% a year.
  const DemandModel d(demand_from("{process: demand, rate: 100/s, growth: -20%}"), 1);
  EXPECT_DOUBLE_EQ(d.rate_at(2 * kDemandYearS), 64.0);
}

TEST(Demand, RelativeStepRampsLinearly) {
  const DemandModel m(
      demand_from("{process: demand, rate: 100/s, steps: [{at: 2027-04-01, add: 30%, ramp: 26w}]}"), 1);
  const double start = at("2027-04-01");
  const double ramp = 26 * 7 * kDay;
  EXPECT_DOUBLE_EQ(m.rate_at(start - 1), 100.0);
  EXPECT_DOUBLE_EQ(m.rate_at(start), 100.0);
  EXPECT_DOUBLE_EQ(m.rate_at(start + ramp / 2), 115.0);
  EXPECT_DOUBLE_EQ(m.rate_at(start + ramp), 130.0);
  EXPECT_DOUBLE_EQ(m.rate_at(start + 2 * ramp), 130.0);
}

TEST(Demand, AbsoluteStepAddsItsRateThenGrowsWithTheRest) {
  const DemandModel instant(demand_from("{process: demand, rate: 100/s, steps: [{at: 90d, add: 500/s}]}"), 1);
  EXPECT_EQ(instant.rate_at(90 * kDay - 1e-3), 100.0);
  EXPECT_EQ(instant.rate_at(90 * kDay), 600.0);
  // With growth, the step is worth exactly its rate when it completes, then grows: one year
  // later both parts are 1.5 times larger. A later relative step scales both.
  const DemandModel grown(demand_from("{process: demand, rate: 100/s, growth: 50%, steps: "
                                      "[{at: 1y, add: 500/s}, {at: 3y, add: -50%}]}"),
                          1);
  EXPECT_DOUBLE_EQ(grown.rate_at(kDemandYearS), 650.0);
  EXPECT_DOUBLE_EQ(grown.rate_at(2 * kDemandYearS), 975.0);
  EXPECT_DOUBLE_EQ(grown.rate_at(3 * kDemandYearS), (337.5 + 1125.0) / 2);
  // A ramped absolute step: half of it at the middle of the ramp.
  const DemandModel ramped(
      demand_from("{process: demand, rate: 100/s, steps: [{at: 10d, add: 300/s, ramp: 2d}]}"), 1);
  EXPECT_DOUBLE_EQ(ramped.rate_at(10 * kDay), 100.0);
  EXPECT_DOUBLE_EQ(ramped.rate_at(11 * kDay), 250.0);
  EXPECT_DOUBLE_EQ(ramped.rate_at(12 * kDay), 400.0);
}

TEST(Demand, SeasonalityFollowsTheCalendar) {
  // 2027-01-01 is a Friday.
  ASSERT_EQ(sim::weekday_of(epoch("2027-01-01")), 4);
  const DemandModel m(demand_from(R"({process: demand, rate: 100/s, seasonality: {
      daily: {amplitude: 40%, peak_at: 14h}, weekly: {weekend: 70%},
      yearly: {amplitude: 15%, peak_at: 2027-12-10},
      holidays: [{date: 2027-12-25, factor: 160%}, {from: 2027-11-26, to: 2027-11-29, factor: 2}]}})"),
                      1);
  const auto yearly = [&](double t) {
    return 1.0 + 0.15 * std::cos(2 * M_PI * (t - at("2027-12-10")) / kDemandYearS);
  };
  const auto season_ratio = [&](const std::string& when) { return m.season_at(at(when)) / yearly(at(when)); };
  // Phases of a day are computed from UNIX time (about 2e4 days), hence 1e-9 and not 1e-15.
  EXPECT_NEAR(season_ratio("2027-01-01T14:00"), 1.4, 1e-9);        // Friday, daily peak
  EXPECT_NEAR(season_ratio("2027-01-02T02:00"), 0.6 * 0.7, 1e-9);  // Saturday night
  EXPECT_NEAR(season_ratio("2027-01-04T20:00"), 1.0, 1e-9);        // Monday 20:00
  // The yearly peak, a Friday.
  EXPECT_NEAR(m.season_at(at("2027-12-10")), (1.0 + 0.4 * std::cos(2 * M_PI * 14 / 24)) * 1.15, 1e-9);
  // Christmas 2027 is a Saturday: weekend and holiday multiply, for exactly that day.
  const double christmas = at("2027-12-25T14:00");
  EXPECT_NEAR(m.season_at(christmas), 1.4 * 0.7 * 1.6 * yearly(christmas), 1e-9);
  EXPECT_NEAR(m.season_at(at("2027-12-25T23:59:59")) / m.season_at(at("2027-12-18T23:59:59")),
              1.6 * yearly(at("2027-12-25T23:59:59")) / yearly(at("2027-12-18T23:59:59")), 1e-9);
  EXPECT_NEAR(m.season_at(at("2027-12-26")) / m.season_at(at("2027-12-19")),
              yearly(at("2027-12-26")) / yearly(at("2027-12-19")), 1e-9);
  // Black Friday to Cyber Monday: `to:` a date includes that whole day.
  const double monday = at("2027-11-29T14:00"), tuesday = at("2027-11-30T14:00");
  EXPECT_NEAR(m.season_at(monday) / m.season_at(tuesday), 2.0 * yearly(monday) / yearly(tuesday), 1e-9);
}

TEST(Demand, MonthFactorsAndWeekdays) {
  const DemandModel m(demand_from(R"({process: demand, rate: 10/s, seasonality: {
      weekly: {days: [1, 1, 1, 1, 1.2, 50%, 40%]},
      yearly: {months: [0.8, 0.9, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 150%]}}})"),
                      1);
  EXPECT_DOUBLE_EQ(m.rate_at(at("2027-01-01T08:00")), 10 * 1.2 * 0.8);  // Friday in January
  EXPECT_DOUBLE_EQ(m.rate_at(at("2027-01-31T23:59")), 10 * 0.4 * 0.8);  // Sunday
  EXPECT_DOUBLE_EQ(m.rate_at(at("2027-02-01")), 10 * 1.0 * 0.9);        // Monday in February
  EXPECT_DOUBLE_EQ(m.rate_at(at("2027-12-18")), 10 * 0.5 * 1.5);        // Saturday in December
  EXPECT_DOUBLE_EQ(m.rate_at(at("2028-02-29T12:00")), 10 * 0.9);        // leap day, a Tuesday
}

TEST(Demand, LaunchRampsHoldsAndDecays) {
  const DemandModel m(demand_from("{process: demand, rate: 0/s, launches: [{at: 2027-03-05T18:00, players: "
                                  "3000000, per_player: 1/min, ramp: 1h, hold: 6h, decay: 12h}]}"),
                      1);
  ASSERT_EQ(m.spec().launches.size(), 1u);
  const models::Launch& launch = m.spec().launches[0];
  const double start = at("2027-03-05T18:00");
  EXPECT_EQ(launch.players_at(start - 1), 0.0);
  EXPECT_DOUBLE_EQ(launch.players_at(start + 30 * 60), 1.5e6);  // half-way up the ramp
  EXPECT_DOUBLE_EQ(launch.players_at(start + kHour), 3e6);
  EXPECT_DOUBLE_EQ(launch.players_at(start + 7 * kHour), 3e6);  // end of the hold
  EXPECT_DOUBLE_EQ(launch.players_at(start + 19 * kHour), 3e6 * std::exp(-1.0));
  EXPECT_DOUBLE_EQ(m.rate_at(start + 30 * 60), 25000.0);  // 1.5 M players, one request a minute each
}

TEST(Demand, NoiseIsAPureFunctionOfTimeWithMeanOne) {
  const DemandSpec spec = demand_from("{process: demand, rate: 1/s, noise: {cv: 5%, period: 1h}}");
  const DemandModel m(spec, 12345);
  const int periods = 200000;
  std::vector<double> forward(periods);
  for (int k = 0; k < periods; ++k)
    forward[k] = m.noise_at((k + 0.5) * kHour);
  // Backwards, shuffled, and from another model with the same seed: the same values.
  const DemandModel twin(spec, 12345);
  sim::RandomStream rng(3);
  for (int i = 0; i < 1000; ++i) {
    const auto k = static_cast<int>(rng.below(periods));
    EXPECT_EQ(twin.noise_at(k * kHour + rng.uniform(0, kHour)), forward[k]);
  }
  for (int k = periods - 1; k >= periods - 100; --k)
    EXPECT_EQ(m.noise_at((k + 0.25) * kHour), forward[k]);
  EXPECT_NE(DemandModel(spec, 54321).noise_at(0.5 * kHour), forward[0]);
  // Mean 1 within 4 standard errors; the coefficient of variation as asked.
  const double mean = std::accumulate(forward.begin(), forward.end(), 0.0) / periods;
  double ss = 0;
  for (double f : forward)
    ss += (f - mean) * (f - mean);
  const double sd = std::sqrt(ss / (periods - 1));
  EXPECT_NEAR(mean, 1.0, 4 * sd / std::sqrt(periods)) << "mean " << mean;
  EXPECT_NEAR(sd, 0.05, 0.02 * 0.05);
}

TEST(Demand, ArrivalProcessSeedsTheNoiseFromItsStream) {
  models::ArrivalSpec spec;
  spec.kind = models::ArrivalSpec::Kind::demand;
  spec.demand = std::make_shared<const DemandSpec>(
      demand_from("{process: demand, rate: 10/s, noise: {cv: 20%, period: 10min}}"));
  const sim::RandomStreams streams(99);
  const models::ArrivalProcess a(spec, streams.stream("web.arrivals"));
  const models::ArrivalProcess b(spec, streams.stream("web.arrivals"));
  const models::ArrivalProcess other(spec, streams.stream("api.arrivals"));
  const DemandModel model(*spec.demand, streams.stream("web.arrivals").next_u64());
  for (double t : {0.0, 650.0, 1e5, 3e7}) {
    EXPECT_EQ(a.rate_at(t), model.rate_at(t));
    EXPECT_EQ(a.rate_at(t), b.rate_at(t));
    EXPECT_NE(a.rate_at(t), other.rate_at(t));
  }
}

/// Everything at once, with drops and overlapping ramps, to try the bounds.
DemandSpec everything(bool months) {
  std::string yearly = months ? "yearly: {months: [0.8, 0.9, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 150%]}"
                              : "yearly: {amplitude: 15%, peak_at: 2027-12-10}";
  return demand_from(R"({process: demand, rate: 50/s, growth: 40%,
      steps: [{at: 2027-04-01, add: 30%, ramp: 26w}, {at: 90d, add: 500/s, ramp: 3d},
              {at: 100d, add: -60%, ramp: 1h}, {at: 2027-06-01T12:00, add: -80/s},
              {at: 400d, add: -900/s, ramp: 20d}, {at: 500d, add: 2000/s}],
      seasonality: {daily: {amplitude: 90%, peak_at: 14h}, weekly: {days: [1, 1.1, 1, 1, 1.3, 60%, 50%]},
        )" + yearly + R"(,
        holidays: [{date: 2027-12-25, factor: 160%}, {from: 2027-11-26, to: 2027-11-29, factor: 2},
                   {from: 2028-01-10T06:00, to: 2028-01-12T08:30, factor: 30%}]},
      launches: [{at: 2027-03-05T18:00, players: 3000000, per_player: 1/min, ramp: 1h, hold: 6h, decay: 12h}],
      surges: [{at: 2027-07-01, rate: 800/s, ramp: 30min, hold: 2h, decay: 1h}],
      noise: {cv: 30%, period: 1h}})");
}

TEST(Demand, UpperBoundHoldsOnRandomWindows) {
  sim::RandomStream rng(2027);
  for (const bool months : {false, true}) {
    const DemandModel m(everything(months), 77);
    for (int w = 0; w < 3000; ++w) {
      // Window lengths from a millisecond to 400 days, log-uniform, anywhere in three years.
      const double len = std::exp(rng.uniform(std::log(1e-3), std::log(400 * kDay)));
      const double a = rng.uniform(-kDay, 3 * kDemandYearS);
      const double b = a + len;
      const double bound = m.upper_bound(a, b);
      for (int i = 0; i <= 40; ++i) {
        const double t = i == 0 ? a : i == 40 ? b : rng.uniform(a, b);
        ASSERT_GE(bound, m.rate_at(t)) << "window [" << a << ", " << b << "] t=" << t;
      }
    }
    // Tight where it can be: on a single instant the bound is the rate.
    for (int i = 0; i < 1000; ++i) {
      const double t = rng.uniform(0, 3 * kDemandYearS);
      EXPECT_NEAR(m.upper_bound(t, t), m.rate_at(t), 1e-8 * m.rate_at(t) + 1e-12);
    }
  }
}

/// ∫λ over [a, b] by the midpoint rule on steps of `h` (exact for the piecewise-constant noise
/// when h divides its period; λ is otherwise smooth at that scale).
double integral(const models::ArrivalProcess& p, double a, double b, double h) {
  double sum = 0;
  for (double t = a; t < b; t += h)
    sum += p.rate_at(t + std::min(h, b - t) / 2) * std::min(h, b - t);
  return sum;
}

/// Arrivals of `spec` counted in consecutive windows, each against ∫λ within 4 Poisson
/// standard deviations; returns the candidates drawn per arrival.
double check_counts(const DemandSpec& demand, const std::vector<double>& edges, double h) {
  models::ArrivalSpec spec;
  spec.kind = models::ArrivalSpec::Kind::demand;
  spec.demand = std::make_shared<const DemandSpec>(demand);
  models::ArrivalProcess process(spec, sim::RandomStreams(5).stream("svc.arrivals"));
  std::vector<long long> counts(edges.size() - 1, 0);
  std::size_t window = 0;
  long long total = 0;
  double previous = -1;
  for (double t = process.next(); t < edges.back(); t = process.next()) {
    EXPECT_GT(t, previous);
    previous = t;
    if (t < edges.front()) continue;
    while (t >= edges[window + 1])
      ++window;
    ++counts[window];
    ++total;
  }
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const double expected = integral(process, edges[i], edges[i + 1], h);
    EXPECT_NEAR(static_cast<double>(counts[i]), expected, 4 * std::sqrt(expected) + 1e-9)
        << "window [" << edges[i] << ", " << edges[i + 1] << ")";
  }
  return static_cast<double>(process.candidates()) / static_cast<double>(total);
}

TEST(Demand, ArrivalCountsMatchTheIntegralDuringALaunch) {
  // 30,000 players over 2/s: the rate climbs 250-fold within the hour.
  const DemandSpec d = demand_from(R"({process: demand, rate: 2/s,
      seasonality: {daily: {amplitude: 50%, peak_at: 20h}},
      launches: [{at: 2027-01-01T18:00, players: 30000, per_player: 1/min, ramp: 1h, hold: 2h, decay: 3h}],
      noise: {cv: 10%, period: 15min}})");
  const double L = 18 * kHour;
  const std::vector<double> edges = {0,
                                     L - kHour,
                                     L,
                                     L + 900,
                                     L + 1800,
                                     L + 2700,
                                     L + kHour,
                                     L + 3 * kHour,
                                     L + 6 * kHour,
                                     L + 12 * kHour,
                                     2 * kDay};
  const double per_arrival = check_counts(d, edges, 1.0);
  // Thinning by windows keeps almost every candidate, even on the launch's ramp.
  EXPECT_LT(per_arrival, 1.3);
  std::cout << "candidates per arrival: " << per_arrival << "\n";
}

TEST(Demand, ArrivalCountsMatchTheIntegralOverYears) {
  // A low rate over three years with growth, every seasonality and holidays; windows of a
  // month, a quarter, and the holidays themselves.
  const DemandSpec d = demand_from(R"({process: demand, rate: 0.01/s, growth: 100%,
      steps: [{at: 2027-06-01, add: 50%, ramp: 8w}, {at: 2028-03-01, add: 0.02/s}],
      seasonality: {daily: {amplitude: 40%, peak_at: 14h}, weekly: {weekend: 70%},
        yearly: {amplitude: 20%, peak_at: 2027-12-10},
        holidays: [{from: 2027-11-26, to: 2027-11-29, factor: 3}]},
      noise: {cv: 5%, period: 1d}})");
  const std::vector<double> edges = {0,
                                     at("2027-02-01"),
                                     at("2027-06-01"),
                                     at("2027-07-27"),
                                     at("2027-11-26"),
                                     at("2027-11-30"),
                                     at("2028-03-01"),
                                     at("2029-01-01"),
                                     at("2030-01-01")};
  const double per_arrival = check_counts(d, edges, 60.0);
  EXPECT_LT(per_arrival, 2.0);
}

TEST(Demand, MisspeltKeysBadDatesAndNegativePlayersAreReportedTogether) {
  const std::string text = R"(stratus: 1
simulation: {duration: 1h, start: 2027-01-01}
platform:
  host_types: {h: {cores: 4, memory: 8GiB}}
  zones: [{name: a, racks: 1, hosts_per_rack: 1, host_type: h}]
services:
  - name: web
    instance_type: m5.large
    instances: 1
    work: 10ms
    arrivals:
      process: demand
      rate: 10/s
      grwoth: 50%
      steps: [{at: 2027-13-01, add: 30%}, {at: 1d, add: 0.5}]
      launches: [{at: 2027-03-05T18:00, players: -5, per_player: 1/min}]
      seasonality: {weekly: {weekend: 70%}, yearly: {amplitude: 10%}}
)";
  try {
    models::parse_scenario(text, "demand.yaml");
    FAIL() << "loaded";
  } catch (const sim::InputError& e) {
    std::vector<std::string> messages;
    for (const auto& d : e.diagnostics())
      messages.push_back(d.format());
    const auto has = [&](const std::string& s) {
      return std::any_of(messages.begin(), messages.end(), [&](const std::string& m) { return m == s; });
    };
    EXPECT_EQ(messages.size(), 5u) << e.what();
    EXPECT_TRUE(
        has("demand.yaml:14:7: unknown key 'grwoth' in 'services[0].arrivals'; did you mean 'growth'?"))
        << e.what();
    EXPECT_TRUE(has(
        "demand.yaml:15:20: 'at' must be a date (2028-04-01), a date-time (2028-04-01T18:00) or a duration "
        "from the start (90d), got '2027-13-01'"))
        << e.what();
    EXPECT_TRUE(
        has("demand.yaml:15:57: 'add' must be a percentage (30%, -10%) for a relative step or a rate "
            "(500/s) for an absolute one, got '0.5'"))
        << e.what();
    EXPECT_TRUE(has("demand.yaml:16:50: 'players' must be positive, got '-5'")) << e.what();
    EXPECT_TRUE(
        has("demand.yaml:17:53: missing required key 'peak_at' in 'services[0].arrivals.seasonality.yearly'"))
        << e.what();
  }
}

TEST(Demand, ListItemsAreNamedInErrors) {
  const auto doc = sim::ConfigDocument::parse(
      "{process: demand, rate: 1/s, seasonality: {yearly: {months: [1, 1, x, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}}",
      "demand.yaml");
  models::read_demand(doc.root(), 0.0);
  ASSERT_EQ(doc.diagnostics().all().size(), 1u) << doc.diagnostics().format_all();
  EXPECT_EQ(doc.diagnostics().all()[0].format(),
            "demand.yaml:1:68: 'months[2]' must be a factor such as 2, 0.7 or 160%, got 'x'");
}

TEST(Demand, MisspeltProcessIsSuggested) {
  const std::string text = R"(stratus: 1
simulation: {duration: 1h}
platform:
  host_types: {h: {cores: 4, memory: 8GiB}}
  zones: [{name: a, racks: 1, hosts_per_rack: 1, host_type: h}]
services:
  - {name: web, instance_type: m5.large, instances: 1, work: 10ms, arrivals: {process: demnad, rate: 1/s}}
)";
  try {
    models::parse_scenario(text, "demand.yaml");
    FAIL() << "loaded";
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'demand'?"), std::string::npos) << e.what();
  }
}

nlohmann::json summary_of(const std::string& args, const std::string& name) {
  const auto dir = stratus::testing::temp_dir(name);
  const auto r = stratus::testing::run_command(
      stratus::testing::stratus_cmd("run " + kScenario + " " + args + " --quiet --out " + dir.string()));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  if (r.exit_code != 0) return {};
  return nlohmann::json::parse(stratus::testing::read_text(dir / "summary.json"));
}

/// The scenario's arrival process, as the run builds it (same seed, same stream).
struct ScenarioArrivals {
  models::ScenarioSpec spec;
  std::unique_ptr<models::ArrivalProcess> process;
};

ScenarioArrivals scenario_arrivals(std::vector<sim::KeyValue> params) {
  ScenarioArrivals s;
  models::LoadOptions options;
  options.params = std::move(params);
  s.spec = models::load_scenario(kScenario, options);
  const models::ServiceSpec& svc = s.spec.services.at(0);
  s.process = std::make_unique<models::ArrivalProcess>(
      svc.arrivals, sim::RandomStreams(s.spec.seed).stream(svc.name + ".arrivals"));
  return s;
}

TEST(Demand, FluidRunOverTheLaunchMonthsCountsIntegralOfLambda) {
  // Ten weeks of the example in the fluid fidelity, over the launch: the run's expected count
  // is its steps' midpoint rates times their length, noise included.
  const auto summary = summary_of("--set simulation.fidelity=fluid --param duration=10w", "demand-fluid");
  ASSERT_FALSE(summary.is_null());
  EXPECT_EQ(summary["fidelity"], "fluid");
  const auto s = scenario_arrivals({{"duration", "10w"}});
  const double expected =
      integral(*s.process, 0, s.spec.simulation.duration_s, s.spec.simulation.fluid_step_s);
  EXPECT_NEAR(summary["requests"]["arrived"].get<double>(), expected, 1.0 + 1e-9 * expected);
}

TEST(Demand, DiscreteRunCountsMatchIntegralOfLambda) {
  const auto summary = summary_of("--param fidelity=discrete --param duration=5min", "demand-discrete");
  ASSERT_FALSE(summary.is_null());
  const auto s = scenario_arrivals({{"fidelity", "discrete"}, {"duration", "5min"}});
  const double expected = integral(*s.process, 0, s.spec.simulation.duration_s, 1.0);
  EXPECT_NEAR(summary["requests"]["arrived"].get<double>(), expected, 4 * std::sqrt(expected));
}

}  // namespace
