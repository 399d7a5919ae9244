// RunData: result folders as `stratus run` writes them, live rows, and clear errors.
#include "gui/charts/run_data.hpp"

#include <gtest/gtest.h>

#include <QFile>
#include <cmath>
#include <fstream>

#include "gui/charts/csv_table.hpp"
#include "gui/charts/run_loader.hpp"
#include "tests/gui/charts/example_runs.hpp"

namespace stratus::gui {
namespace {

using stratus::testing::example_result;
using stratus::testing::qpath;

nlohmann::json read_json(const std::filesystem::path& path) {
  return nlohmann::json::parse(stratus::testing::read_text(path));
}

std::string error_of(const QString& dir) {
  try {
    RunData::from_folder(dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(RunData, ReadsTheResultFolderOfARealRun) {
  const auto dir = example_result("web");
  const RunData run = RunData::from_folder(qpath(dir));
  const nlohmann::json summary = read_json(dir / "summary.json");

  EXPECT_EQ(run.label(), "web");  // the folder's name
  EXPECT_EQ(run.summary()["scenario"], "web-service");
  ASSERT_FALSE(run.columns().isEmpty());
  EXPECT_EQ(run.columns().front(), "time_s");
  EXPECT_TRUE(run.has_column("web.instances"));
  EXPECT_EQ(run.services(), QStringList{"web"});
  EXPECT_TRUE(run.functions().isEmpty());
  // 2 h at the scenario's 5-minute sample interval.
  EXPECT_EQ(run.row_count(), 24);
  EXPECT_DOUBLE_EQ(run.sample_interval_s(), 300.0);
  EXPECT_DOUBLE_EQ(run.last_time_s(), summary["sim_time_s"].get<double>());
  // Counters are per interval: their sum is the run total that summary.json reports.
  EXPECT_EQ(run.sum("web.requests_arrived"), summary["requests"]["arrived"].get<double>());
  EXPECT_EQ(run.sum("web.requests_completed"), summary["requests"]["completed"].get<double>());
  EXPECT_NEAR(run.sum("instances.cost_usd"), summary["cost_usd"]["total"].get<double>(), 1e-9);
  EXPECT_EQ(run.column("web.instances").size(), 24);
  EXPECT_EQ(run.last("web.instances"), 6.0);
  EXPECT_TRUE(std::isnan(run.last("no.such_column")));
  EXPECT_TRUE(run.series("no.such_column").isEmpty());
}

TEST(RunData, ReadsEventsOfARunWithAZoneFailure) {
  const RunData run = RunData::from_folder(qpath(example_result("az")));
  EXPECT_EQ(run.label(), "three-az-asg");  // a variant is named by its variant
  const auto down = std::find_if(run.events().begin(), run.events().end(),
                                 [](const RunEvent& e) { return e.kind == "host_down"; });
  ASSERT_NE(down, run.events().end());
  EXPECT_EQ(down->time_s, 3600.0);  // outage_at=1h
  EXPECT_EQ(down->subject, "az-a");
  EXPECT_EQ(down->hosts, 16);  // two racks of eight
  EXPECT_EQ(down->detail, "zone outage");
  const auto up = std::find_if(run.events().begin(), run.events().end(),
                               [](const RunEvent& e) { return e.kind == "host_up"; });
  ASSERT_NE(up, run.events().end());
  EXPECT_EQ(up->time_s, 5400.0);
  EXPECT_TRUE(run.has_column("web.requests_failed"));
  EXPECT_TRUE(run.has_column("web.instances_launching"));
}

TEST(RunData, ReadsServerlessColumns) {
  const RunData run = RunData::from_folder(qpath(example_result("photo")));
  EXPECT_EQ(run.services(), QStringList{"resize-fleet"});
  EXPECT_EQ(run.functions(), QStringList{"resize"});
  const nlohmann::json summary = run.summary();
  EXPECT_EQ(run.sum("fn.resize.cold_starts"),
            summary["serverless"]["functions"]["resize"]["cold_starts"].get<double>());
  EXPECT_EQ(run.sum("fn.resize.invocations"),
            summary["serverless"]["functions"]["resize"]["invocations"].get<double>());
}

TEST(RunData, CapacityPlanningCostsComeFromCapacityCsv) {
  const RunData run = RunData::from_folder(qpath(example_result("growth")));
  ASSERT_EQ(run.cost_tracks().size(), 2u);
  EXPECT_EQ(run.cost_tracks()[0].name, "capital");
  EXPECT_EQ(run.cost_tracks()[1].name, "power");
  const nlohmann::json& cost = run.summary()["cost_usd"];
  EXPECT_NEAR(run.cost_tracks()[0].points.back().y(), cost["capital"].get<double>(), 1e-6);
  EXPECT_NEAR(run.cost_tracks()[1].points.back().y(), cost["power"].get<double>(), 1e-6);
  // Running totals end with the run.
  EXPECT_DOUBLE_EQ(run.cost_tracks()[0].points.back().x(), run.summary()["sim_time_s"].get<double>());
  for (const CostTrack& track : run.cost_tracks())
    for (qsizetype i = 1; i < track.points.size(); ++i) {
      EXPECT_GE(track.points[i].x(), track.points[i - 1].x());
      EXPECT_GE(track.points[i].y(), track.points[i - 1].y());
    }
}

TEST(RunData, CalendarStartComesFromTheSummary) {
  RunData run;
  EXPECT_TRUE(std::isnan(run.start_epoch_s()));
  run.set_summary({{"start", "2027-01-01"}});
  EXPECT_DOUBLE_EQ(run.start_epoch_s(), 1798761600.0);  // 2027-01-01T00:00:00Z
  run.set_summary({{"start", "2027-01-04T06:00:00Z"}});
  EXPECT_DOUBLE_EQ(run.start_epoch_s(), 1798761600.0 + 3 * 86400.0 + 6 * 3600.0);
  run.set_summary({{"simulation", {{"start", "2027-01-01T00:00"}}}});
  EXPECT_DOUBLE_EQ(run.start_epoch_s(), 1798761600.0);
  run.set_summary({{"start_epoch_s", 12.5}});
  EXPECT_DOUBLE_EQ(run.start_epoch_s(), 12.5);
}

TEST(RunData, InstanceZonesComeFromTheServicesZoneColumns) {
  RunData run("zones");
  run.set_columns({"time_s", "web.requests_arrived", "web.instances", "web.instances.az-a",
                   "web.instances_launching", "web.instances.eu.b", "api.requests_arrived", "api.instances"});
  // Zones in column order; a zone name may hold dots; "instances_launching" is no zone.
  EXPECT_EQ(run.instance_zones("web"), (QStringList{"az-a", "eu.b"}));
  EXPECT_TRUE(run.instance_zones("api").isEmpty());  // a run written before the zone columns
  EXPECT_TRUE(run.instance_zones("no-such-service").isEmpty());
}

TEST(RunData, RowsAppendedLive) {
  RunData run("live");
  EXPECT_THROW(run.set_columns({"web.instances"}), std::invalid_argument);  // time first
  run.set_columns({"time_s", "web.requests_arrived", "web.instances"});
  EXPECT_EQ(run.row_count(), 0);
  EXPECT_TRUE(std::isnan(run.last_time_s()));
  EXPECT_TRUE(std::isnan(run.sample_interval_s()));
  run.append_row({60.0, 10.0, 2.0});
  run.append_row({120.0, 12.0, 3.0});
  EXPECT_THROW(run.append_row({180.0, 1.0}), std::invalid_argument);
  EXPECT_EQ(run.row_count(), 2);
  EXPECT_EQ(run.last("web.instances"), 3.0);
  EXPECT_EQ(run.sum("web.requests_arrived"), 22.0);
  EXPECT_DOUBLE_EQ(run.sample_interval_s(), 60.0);
  EXPECT_EQ(run.cumulative_series("web.requests_arrived"), (QVector<QPointF>{{60.0, 10.0}, {120.0, 22.0}}));
  run.append_row({180.0, 5.0, 1.0});  // a series drawn before keeps up with new rows
  EXPECT_EQ(run.cumulative_series("web.requests_arrived").back(), QPointF(180.0, 27.0));
}

TEST(RunData, MissingFolderOrNotAResult) {
  const auto dir = stratus::testing::temp_dir("run-data-errors");
  EXPECT_NE(error_of(qpath(dir / "absent")).find("no such folder"), std::string::npos);
  EXPECT_NE(error_of(qpath(dir)).find("not a Stratus result folder: no summary.json"), std::string::npos);
  std::ofstream(dir / "summary.json") << "{\"scenario\": ";
  EXPECT_NE(error_of(qpath(dir)).find("summary.json: not a JSON object"), std::string::npos);
  std::ofstream(dir / "summary.json") << "{\"scenario\": \"x\"}";
  EXPECT_NE(error_of(qpath(dir)).find("timeseries.csv: no such file"), std::string::npos);
  std::ofstream(dir / "timeseries.csv") << "time_s,web.instances\n60,2\n120,two\n";
  EXPECT_NE(error_of(qpath(dir)).find("timeseries.csv:3: cell 2 is not a number: 'two'"), std::string::npos);
  std::ofstream(dir / "timeseries.csv") << "time_s,web.instances\n60,2,3\n";
  EXPECT_NE(error_of(qpath(dir)).find("timeseries.csv:2: 3 cells, but the header has 2"), std::string::npos);
  std::ofstream(dir / "timeseries.csv") << "time_s,web.instances\n60,2\n120,\n";  // an empty cell is NaN
  const RunData run = RunData::from_folder(qpath(dir));
  EXPECT_TRUE(std::isnan(run.last("web.instances")));
  EXPECT_EQ(run.series("web.instances"), (QVector<QPointF>{{60.0, 2.0}}));
  std::filesystem::remove_all(dir);
}

TEST(RunLoader, ComparisonGivesOneRunPerVariantInOrder) {
  const auto dir = example_result("comparison");
  for (const QString& path : {qpath(dir / "comparison.csv"), qpath(dir)}) {
    EXPECT_TRUE(is_comparison(path));
    const std::vector<RunData> runs = load_runs(path);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].label(), "two-az");
    EXPECT_EQ(runs[1].label(), "three-az-asg");
    EXPECT_GT(runs[0].row_count(), 0);
  }
  EXPECT_FALSE(is_comparison(qpath(example_result("web"))));
  EXPECT_EQ(load_runs(qpath(example_result("web"))).size(), 1u);
  EXPECT_THROW(load_runs(qpath(example_result("web") / "summary.json")), std::runtime_error);
}

TEST(CsvTable, QuotedCellsKeepCommasAndQuotes) {
  EXPECT_EQ(split_csv_line("1,scale_out,web,0,\"10 -> 11 (a, b)\""),
            (QStringList{"1", "scale_out", "web", "0", "10 -> 11 (a, b)"}));
  EXPECT_EQ(split_csv_line("a,\"say \"\"hi\"\"\",,"), (QStringList{"a", "say \"hi\"", "", ""}));
}

}  // namespace
}  // namespace stratus::gui
