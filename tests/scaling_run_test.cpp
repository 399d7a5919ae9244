// Scaling policies in real runs of the `stratus` binary (one simulation per process):
//  - the same behavioural test for every policy in the registry: after a step in load,
//    capacity follows within a bound the policies' parameters imply, and the desired capacity
//    never leaves [min, max];
//  - `stratus compare`: every variant sees the same arrivals, and the comparison is the same
//    whatever the number of workers.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "models/autoscaling/policy.hpp"
#include "support/process.hpp"

namespace {

using namespace stratus::testing;

const std::string kScenario = std::string(STRATUS_TEST_DATA) + "/scaling-step.yaml";

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i] == name) return i;
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
};

double number_or_nan(const std::string& cell) {
  try {
    return std::stod(cell);
  } catch (const std::exception&) {
    return std::nan("");  // a text cell (the variant's name) or an empty one
  }
}

Table read_csv(const std::filesystem::path& path) {
  Table t;
  std::istringstream in(read_text(path));
  std::string line;
  std::getline(in, line);
  std::istringstream head(line);
  for (std::string cell; std::getline(head, cell, ',');)
    t.columns.push_back(cell);
  while (std::getline(in, line)) {
    std::vector<double> row;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');)
      row.push_back(number_or_nan(cell));
    t.rows.push_back(row);
  }
  return t;
}

class EveryPolicy : public ::testing::TestWithParam<std::string> {};

// The step comes at 1 h: from 4 to 40 requests/s, i.e. from 0.2 to 2 instances' worth of CPU.
// The slowest policies here need two rounds to go from 1 instance to 4 (a saturated instance
// reads 100 % CPU, so proportional rules at most double it per round). One round is at most
// alarm (3 min) + publication (1 min) + boot (30 s) + health checks (20 s) + warm-up (60 s),
// under 6 min; simple scaling adds one instance per 120 s cooldown plus its alarm minute.
// So every policy must have 3 or more instances serving within 20 min of the step.
TEST_P(EveryPolicy, FollowsAStepInLoadWithinItsBoundsAndNeverLeavesMinMax) {
  const std::string policy = GetParam();
  const auto out = temp_dir("step-" + policy);
  const auto r = run_command(
      stratus_cmd("run " + kScenario + " --variant " + policy + " --quiet --out " + out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Table t = read_csv(out / "timeseries.csv");
  const auto time = t.column("time_s"), serving = t.column("api.instances"),
             desired = t.column("api.desired_capacity");
  const double min = policy == "scale-to-zero" ? 0 : 1, max = 8;
  double first_followed = -1;
  for (const auto& row : t.rows) {
    EXPECT_GE(row[desired], min - 1e-9) << policy << " at " << row[time];
    EXPECT_LE(row[desired], max + 1e-9) << policy << " at " << row[time];
    EXPECT_LE(row[serving], max + 1e-9) << policy << " at " << row[time];
    if (first_followed < 0 && row[time] > 3600 && row[serving] >= 3) first_followed = row[time];
  }
  ASSERT_GT(first_followed, 0) << policy << " never reached 3 instances after the step";
  EXPECT_LE(first_followed, 3600 + 20 * 60) << policy;
  // And it keeps them while the load stays: the last hour has the capacity too.
  EXPECT_GE(t.rows.back()[serving], 3) << policy;
  // Every dollar of the bill is in the timeseries: the cost accrued row by row, plus the
  // billing's rounding (per second, 60 s minimum per launch) in the last row.
  double cost_rows = 0;
  for (const auto& row : t.rows)
    cost_rows += row[t.column("instances.cost_usd")];
  const double billed =
      nlohmann::json::parse(read_text(out / "summary.json"))["cost_usd"]["instances"].get<double>();
  EXPECT_NEAR(cost_rows, billed, 1e-9 * billed) << policy;
}

std::vector<std::string> registry_names() {
  return stratus::models::autoscaling::scaling_policies().names();
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryPolicy, ::testing::ValuesIn(registry_names()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

TEST(Compare, SameArrivalsForEveryVariantAndSameResultsWithAnyNumberOfWorkers) {
  const auto one = temp_dir("compare-1"), two = temp_dir("compare-2");
  const std::string variants = " --variants target-tracking,kubernetes-hpa,simple --quiet";
  const auto a =
      run_command(stratus_cmd("compare " + kScenario + " --workers 1 --out " + one.string() + variants));
  ASSERT_EQ(a.exit_code, 0) << a.output;
  const auto b =
      run_command(stratus_cmd("compare " + kScenario + " --workers 2 --out " + two.string() + variants));
  ASSERT_EQ(b.exit_code, 0) << b.output;
  const std::string csv = read_text(one / "comparison.csv");
  EXPECT_EQ(csv, read_text(two / "comparison.csv"));
  EXPECT_EQ(read_text(one / "simple" / "timeseries.csv"), read_text(two / "simple" / "timeseries.csv"));

  const Table t = read_csv(one / "comparison.csv");
  ASSERT_EQ(t.rows.size(), 3u);
  const auto arrived = t.column("requests_arrived");
  EXPECT_GT(t.rows[0][arrived], 100000);
  for (const auto& row : t.rows)
    EXPECT_EQ(row[arrived], t.rows[0][arrived]);
  // Policies do differ in what they spend.
  const auto hours = t.column("instance_hours");
  EXPECT_NE(t.rows[0][hours], t.rows[1][hours]);
}

TEST(Compare, BadVariantNameIsBadInputWithASuggestion) {
  const auto out = temp_dir("compare-bad");
  const auto r =
      run_command(stratus_cmd("compare " + kScenario + " --variants kubernetes-hap --out " + out.string()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("did you mean 'kubernetes-hpa'"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out / "comparison.csv"));
}

}  // namespace

namespace {

// The shipped scaling scenarios stay valid, every variant included, and a short run of
// each variant of the week-long comparison completes with the same arrivals.
TEST(ShippedScenarios, ScalingScenariosAndAllTheirVariantsRun) {
  for (const std::string name : {"scaling-policies", "k8s-hpa"}) {
    const std::string file = std::string(STRATUS_SOURCE_DIR) + "/scenarios/" + name + ".yaml";
    const auto out = temp_dir("shipped-" + name);
    const auto r = run_command(
        stratus_cmd("compare " + file + " --quiet --set simulation.duration=2h --out " + out.string()));
    ASSERT_EQ(r.exit_code, 0) << name << "\n" << r.output;
    const Table t = read_csv(out / "comparison.csv");
    ASSERT_GE(t.rows.size(), 3u) << name;
    const auto arrived = t.column("requests_arrived");
    for (const auto& row : t.rows)
      EXPECT_EQ(row[arrived], t.rows[0][arrived]) << name;
  }
}

}  // namespace
