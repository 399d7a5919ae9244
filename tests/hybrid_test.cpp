// The hybrid fidelity: a fluid year with discrete windows. The windows are chosen as the
// scenario says (each month's busiest stretch, each outage), each window's discrete run sees
// the fluid run's demand (arrivals within Poisson error, utilisation within 2 %), outages
// happen inside their windows at scenario time, and the result does not depend on how many
// windows run at once. Also `simulation.from` on its own, and the window chooser by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "models/hybrid_windows.hpp"
#include "sim/calendar.hpp"
#include "support/process.hpp"

namespace {

using nlohmann::json;
using stratus::models::HybridWindow;
using stratus::models::monthly_peak_windows;
using stratus::models::SimulationSpec;
using stratus::testing::read_text;
using stratus::testing::run_command;
using stratus::testing::stratus_cmd;

const std::string kScenarios = std::string(STRATUS_SOURCE_DIR) + "/scenarios";
constexpr double kDay = 86400.0;

std::string fresh_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "stratus-hybrid-" + name;
  run_command("rm -rf '" + dir + "'");
  return dir;
}

std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::istringstream in(read_text(path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> head;
  std::istringstream h(line);
  for (std::string c; std::getline(h, c, ',');)
    head.push_back(c);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::map<std::string, std::string> row;
    std::size_t i = 0;
    for (std::string c; std::getline(cells, c, ',') && i < head.size(); ++i)
      row[head[i]] = c;
    rows.push_back(row);
  }
  return rows;
}

double num(const std::map<std::string, std::string>& row, const std::string& key) {
  return std::stod(row.at(key));
}

// --- The window chooser, by hand --------------------------------------------------------------

SimulationSpec one_year_from(const std::string& start) {
  SimulationSpec sim;
  sim.start_epoch_s = *stratus::sim::parse_datetime(start);
  sim.duration_s = 365 * kDay;
  sim.fluid_step_s = 60;
  sim.hybrid.peak_window_s = kDay;
  return sim;
}

TEST(HybridWindows, PeakDayOfEachMonthIsTheCalendarDayWithMostArrivals) {
  const SimulationSpec sim = one_year_from("2027-01-01");
  // Flat demand except the 10th of each month (a spike from 06:00 to 09:00): that day wins.
  auto demand = [&](double t) {
    const std::string date = stratus::sim::format_datetime(sim.start_epoch_s + t);
    const int day = std::stoi(date.substr(8, 2)), hour = std::stoi(date.substr(11, 2));
    return day == 10 && hour >= 6 && hour < 9 ? 50.0 : 10.0;
  };
  const auto windows = monthly_peak_windows(sim, demand);
  ASSERT_EQ(windows.size(), 12u);
  for (std::size_t m = 0; m < windows.size(); ++m) {
    const std::string from = stratus::sim::format_datetime(sim.start_epoch_s + windows[m].from_s);
    EXPECT_EQ(from.substr(8), "10T00:00:00Z") << windows[m].name;  // the whole calendar day
    EXPECT_EQ(windows[m].duration_s, kDay);
    EXPECT_EQ(windows[m].reason, "monthly-peak");
  }
  EXPECT_EQ(windows[0].name, "peak-2027-01");
  EXPECT_EQ(windows[11].name, "peak-2027-12");
}

TEST(HybridWindows, ShortWindowsStartOnAStepAtTheBusiestTime) {
  SimulationSpec sim = one_year_from("2027-01-01");
  sim.duration_s = 59 * kDay;  // January and February
  sim.hybrid.peak_window_s = 7200;
  // A rate rising through each day to 15:00 UTC, then falling: the busiest two hours are
  // centred on 15:00, on the last day of the month (the rate also grows day by day).
  auto demand = [](double t) {
    const double hour = std::fmod(t, kDay) / 3600.0;
    return (1 + std::floor(t / kDay) / 365) * (100 - std::abs(hour - 15.0));
  };
  const auto windows = monthly_peak_windows(sim, demand);
  ASSERT_EQ(windows.size(), 2u);
  EXPECT_EQ(stratus::sim::format_datetime(sim.start_epoch_s + windows[0].from_s), "2027-01-31T14:00:00Z");
  EXPECT_EQ(stratus::sim::format_datetime(sim.start_epoch_s + windows[1].from_s), "2027-02-28T14:00:00Z");
}

TEST(HybridWindows, AMonthTheRunBarelyTouchesHasNoWindow) {
  SimulationSpec sim = one_year_from("2027-01-01");
  sim.duration_s = 365.2425 * kDay;  // a year spills six hours into 2028
  const auto windows = monthly_peak_windows(sim, [](double) { return 1.0; });
  ASSERT_EQ(windows.size(), 12u);
  EXPECT_EQ(windows.back().name, "peak-2027-12");
}

// --- A real hybrid run --------------------------------------------------------------------------

// hybrid-year at a third of its rate, half-hour peak windows, no independent host failures (so
// that peak windows see exactly the fluid run's conditions); the zone outage stays.
const std::string kHybridArgs = "--param rate=20 --param peak_window=30min --set failures.hosts=null --quiet";

std::string run_hybrid_year(const std::string& name, int workers) {
  const std::string dir = fresh_dir(name);
  const auto r =
      run_command(stratus_cmd("run '" + kScenarios + "/hybrid-year.yaml' --out '" + dir + "' " + kHybridArgs +
                              " --set simulation.hybrid.workers=" + std::to_string(workers)));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return dir;
}

void expect_each_months_peak_and_the_outage(const std::string& dir) {
  const json s = json::parse(read_text(dir + "/summary.json"));
  EXPECT_EQ(s["fidelity"], "hybrid");
  EXPECT_EQ(s["hybrid"]["window_count"], 13);  // 12 monthly peaks and the zone outage
  int outages = 0;
  for (const json& w : s["hybrid"]["windows"]) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/windows/" + w["name"].get<std::string>() + "/summary.json"));
    const json& r = w["requests"];
    EXPECT_EQ(r["arrived"].get<long long>(),
              r["completed"].get<long long>() + r["rejected"].get<long long>() +
                  r["failed"].get<long long>() + r["in_flight"].get<long long>());
    if (w["reason"] == "outage") {
      ++outages;
      // az-b fails at 13:00 for 2 h; the window adds 30 min before and 1 h after.
      EXPECT_EQ(w["from"], "2027-09-14T12:30:00Z");
      EXPECT_EQ(w["to"], "2027-09-14T16:00:00Z");
      EXPECT_GT(r["failed"].get<long long>(), 0);  // requests in flight on az-b, and sent there
      EXPECT_LT(w["availability"]["success_fraction"].get<double>(), 1.0);
    }
  }
  EXPECT_EQ(outages, 1);
}

void expect_peak_windows_agree_with_the_fluid_run(const std::string& dir) {
  int peaks = 0;
  for (const auto& row : read_csv(dir + "/windows.csv")) {
    if (row.at("reason") != "monthly-peak") continue;
    ++peaks;
    // Poisson arrivals: the discrete count within 4 standard deviations of the expected one.
    const double expected = num(row, "arrived_fluid"), seen = num(row, "arrived_discrete");
    EXPECT_NEAR(seen, expected, 4 * std::sqrt(expected)) << row.at("window");
    // Utilisation: the same offered work on the same fleet (the 2 %).
    EXPECT_NEAR(num(row, "utilisation_discrete"), num(row, "utilisation_fluid"),
                0.02 * num(row, "utilisation_fluid"))
        << row.at("window");
    EXPECT_EQ(num(row, "failed_discrete"), 0) << row.at("window");
  }
  EXPECT_EQ(peaks, 12);
}

void expect_outage_events_at_scenario_time(const std::string& dir) {
  const std::string events = read_text(dir + "/events.csv");
  const double start = *stratus::sim::parse_datetime("2027-01-01");
  const double outage = *stratus::sim::parse_datetime("2027-09-14T13:00") - start;
  std::ostringstream down;
  down << std::llround(outage) << ",host_down,az-b,";
  EXPECT_NE(events.find(down.str()), std::string::npos) << events.substr(0, 2000);
  EXPECT_NE(events.find(",window_start,outage-az-b-2027-09-14T13-00,"), std::string::npos);
  EXPECT_NE(events.find(",window_end,peak-2027-12,"), std::string::npos);
  // The window's own timeseries is in scenario time too: its first row ends one interval
  // after the window opens (12:30 + 5 min).
  const auto rows = read_csv(dir + "/windows/outage-az-b-2027-09-14T13-00/timeseries.csv");
  ASSERT_FALSE(rows.empty());
  EXPECT_DOUBLE_EQ(num(rows.front(), "time_s"), outage - 1800 + 300);
}

// One test for the whole run: each test is a process of its own, and the run takes seconds.
TEST(HybridRun, AYearWithMonthlyPeaksAndAnOutageOnAnyNumberOfWorkers) {
  const std::string dir = run_hybrid_year("year", 2);
  expect_each_months_peak_and_the_outage(dir);
  expect_peak_windows_agree_with_the_fluid_run(dir);
  expect_outage_events_at_scenario_time(dir);

  const std::string other = run_hybrid_year("year-one-worker", 1);
  EXPECT_EQ(read_text(other + "/windows.csv"), read_text(dir + "/windows.csv"));
  EXPECT_EQ(read_text(other + "/events.csv"), read_text(dir + "/events.csv"));
  EXPECT_EQ(read_text(other + "/timeseries.csv"), read_text(dir + "/timeseries.csv"));
  const json a = json::parse(read_text(other + "/summary.json")),
             b = json::parse(read_text(dir + "/summary.json"));
  EXPECT_EQ(a["hybrid"], b["hybrid"]);
}

TEST(HybridRun, StreamedToTheDesktopAppEachWindowShowsAsItEndsAndStopEndsTheWindowsToo) {
  // One window at a time; SIGTERM (the app's Stop) once the first window's events are out.
  const std::string dir = fresh_dir("stream-stop");
  const std::string run = stratus_cmd("run '" + kScenarios + "/hybrid-year.yaml' --stream --out '" + dir +
                                      "/out' " + kHybridArgs + " --set simulation.hybrid.workers=1");
  // At most a minute's wait for the first window, so that a broken stream fails, not hangs.
  const auto r = run_command("mkdir -p '" + dir + "' && (" + run + " > '" + dir +
                             "/stream.jsonl' & pid=$!; " + "for i in $(seq 1200); do grep -q window_end '" +
                             dir + "/stream.jsonl' && break; sleep 0.05; done; kill -TERM $pid; wait $pid)");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string stream = read_text(dir + "/stream.jsonl");
  EXPECT_NE(stream.find("\"kind\":\"window_start\""), std::string::npos);
  const json s = json::parse(read_text(dir + "/out/summary.json"));
  EXPECT_EQ(s["status"], "stopped");
  // The windows that ended are compared; the one cut short is not, and no more were started.
  const int windows = s["hybrid"]["window_count"].get<int>();
  EXPECT_GE(windows, 1);
  EXPECT_LT(windows, 13);
  EXPECT_EQ(read_csv(dir + "/out/windows.csv").size(), static_cast<std::size_t>(windows));
  // No child `stratus run` outlives its parent.
  // ("[-]-out": the pattern must not match pgrep's own command line.)
  EXPECT_NE(run_command("pgrep -f -- '[-]-out " + dir + "/out/windows/'").exit_code, 0);
}

// --- `simulation.from` on its own -----------------------------------------------------------------

TEST(SimulationFrom, AWindowOfADaySeesTheOutageAtItsTimeOfDay) {
  const std::string dir = fresh_dir("from");
  const auto r = run_command(stratus_cmd("run '" + kScenarios + "/az-outage.yaml' --out '" + dir +
                                         "' --quiet --param arrival_rate=30 --set simulation.from=12h "
                                         "--set simulation.duration=4h"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json s = json::parse(read_text(dir + "/summary.json"));
  EXPECT_EQ(s["window"]["from_s"], 12 * 3600.0);
  EXPECT_EQ(s["window"]["duration_s"], 4 * 3600.0);
  EXPECT_EQ(s["failures"]["domain_outages"], 1);
  // az-a fails at 13:00 and comes back at 15:00, both inside [12:00, 16:00].
  const std::string events = read_text(dir + "/events.csv");
  EXPECT_NE(events.find("\n46800,host_down,az-a,"), std::string::npos) << events;
  EXPECT_NE(events.find("\n54000,host_up,az-a,"), std::string::npos) << events;
  const auto rows = read_csv(dir + "/timeseries.csv");
  ASSERT_EQ(rows.size(), 240u);  // 4 h of one-minute rows
  EXPECT_DOUBLE_EQ(num(rows.front(), "time_s"), 12 * 3600.0 + 60);
  EXPECT_DOUBLE_EQ(num(rows.back(), "time_s"), 16 * 3600.0);
}

TEST(SimulationFrom, AnOutageInProgressWhenTheWindowOpensStartsAtOnce) {
  const std::string dir = fresh_dir("from-mid-outage");
  const auto r = run_command(stratus_cmd("run '" + kScenarios + "/az-outage.yaml' --out '" + dir +
                                         "' --quiet --param arrival_rate=30 --set simulation.from=14h "
                                         "--set simulation.duration=2h"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string events = read_text(dir + "/events.csv");
  EXPECT_NE(events.find("\n50400,host_down,az-a,"), std::string::npos) << events;  // 14:00: still down
  EXPECT_NE(events.find("\n54000,host_up,az-a,"), std::string::npos) << events;
}

TEST(HybridErrors, BadSettingsAreReportedAtTheirLines) {
  const std::string dir = fresh_dir("errors");
  std::filesystem::create_directories(dir);
  std::string text = read_text(kScenarios + "/hybrid-year.yaml");
  text.replace(text.find("    peak_window: ${peak_window}"), 30, "    peak_windw: 40d");
  std::ofstream(dir + "/bad.yaml") << text;
  const auto r = run_command(stratus_cmd("validate '" + dir + "/bad.yaml'"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:22:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("peak_window"), std::string::npos) << r.output;  // the suggestion

  const auto fluid_from = run_command(stratus_cmd("validate '" + kScenarios +
                                                  "/hybrid-year.yaml' --set simulation.fidelity=fluid "
                                                  "--set failures=null --set simulation.from=30d"));
  EXPECT_EQ(fluid_from.exit_code, 2) << fluid_from.output;
  EXPECT_NE(fluid_from.output.find("needs 'fidelity: discrete'"), std::string::npos) << fluid_from.output;
}

}  // namespace
