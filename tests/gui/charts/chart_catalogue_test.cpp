// The catalogue on real runs: every chart kind builds for a discrete run, a serverless run, a
// run with a zone failure and a fluid growth run, and the charts end on summary.json's figures.
#include "gui/charts/chart_catalogue.hpp"

#include <gtest/gtest.h>

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QGuiApplication>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTimeZone>
#include <QValueAxis>
#include <QXYSeries>
#include <cmath>
#include <fstream>
#include <memory>

#include "gui/charts/chart_panel.hpp"
#include "gui/charts/chart_theme.hpp"
#include "gui/charts/event_markers.hpp"
#include "gui/charts/run_loader.hpp"
#include "tests/gui/charts/example_runs.hpp"

namespace stratus::gui {
namespace {

using stratus::testing::example_result;
using stratus::testing::qpath;

std::shared_ptr<const RunData> load(const std::string& example) {
  return std::make_shared<const RunData>(RunData::from_folder(qpath(example_result(example))));
}

QStringList series_names(QChart* chart) {
  QStringList names;
  for (QAbstractSeries* s : chart->series())
    names << s->name();
  return names;
}

QAbstractSeries* series_named(QChart* chart, const QString& name) {
  for (QAbstractSeries* s : chart->series())
    if (s->name() == name) return s;
  return nullptr;
}

/// The name of a service's line in a chart of one run: "rejected" when the run has that one
/// service and no function (the chart's title names it), "web rejected" otherwise.
QString line_of(const RunData& run, const QString& service, const QString& what) {
  const bool alone = run.services().size() == 1 && run.functions().isEmpty();
  return alone ? what : service + " " + what;
}

// --- Every kind builds for every kind of run ----------------------------------------------

struct Example {
  std::string name;
  QList<ChartKind> kinds;  // the charts that apply
};

void PrintTo(const Example& example, std::ostream* out) {
  *out << example.name;
}

class EveryExample : public ::testing::TestWithParam<Example> {};

TEST_P(EveryExample, EachApplicableChartBuildsWithDecimatedSeries) {
  const auto run = load(GetParam().name);
  QList<ChartKind> applies;
  for (const ChartKind kind : all_chart_kinds())
    if (chart_applies(kind, *run)) applies << kind;
  EXPECT_EQ(applies, GetParam().kinds);
  for (const ChartKind kind : applies) {
    const std::unique_ptr<QChart> chart(build_chart(kind, {run.get()}));
    ASSERT_NE(chart, nullptr);
    EXPECT_FALSE(chart->title().isEmpty());
    int drawn = 0;
    for (QAbstractSeries* s : chart->series()) {
      const auto* xy = qobject_cast<QXYSeries*>(s);
      if (xy == nullptr) continue;
      EXPECT_LE(xy->count(), 2000) << qPrintable(s->name());
      if (xy->count() > 0) ++drawn;
    }
    EXPECT_GT(drawn, 0) << qPrintable(chart_kind_name(kind)) << " draws nothing";
  }
}

const QList<ChartKind> kNotServerless{ChartKind::capacity, ChartKind::demand, ChartKind::latency,
                                      ChartKind::errors, ChartKind::cost};

INSTANTIATE_TEST_SUITE_P(Charts, EveryExample,
                         ::testing::Values(Example{"web", kNotServerless},
                                           Example{
                                               "photo",
                                               {ChartKind::capacity, ChartKind::demand, ChartKind::latency,
                                                ChartKind::errors, ChartKind::serverless, ChartKind::cost}},
                                           Example{"az", kNotServerless}, Example{"growth", kNotServerless}),
                         [](const auto& test) { return test.param.name; });

// --- The charts' last values are summary.json's figures ----------------------------------

class ChartsMatchSummary : public ::testing::TestWithParam<std::string> {};

TEST_P(ChartsMatchSummary, WhereBothHaveTheFigure) {
  const auto run = load(GetParam());
  ChartPanel panel;
  panel.set_runs({run});
  const nlohmann::json& summary = run->summary();

  // Cost: the running total ends on the bill. Serverless charges are in summary.json but not
  // (yet) in timeseries.csv, so the chart's total leaves them out unless a column has them.
  bool serverless_column = false;
  for (const QString& c : run->columns())
    serverless_column = serverless_column || (c.endsWith(".cost_usd") && c != "instances.cost_usd");
  const double total = summary["cost_usd"]["total"].get<double>();
  const double expected_cost =
      serverless_column ? total : total - summary["cost_usd"].value("serverless", 0.0);
  EXPECT_NEAR(panel.last_plotted(ChartKind::cost, "total cost"), expected_cost, 1e-9 * std::max(1.0, total));

  for (const QString& s : run->services()) {
    const nlohmann::json& service = summary["services"][s.toStdString()];
    // Errors: running totals end on the run's totals.
    EXPECT_EQ(panel.last_plotted(ChartKind::errors, line_of(*run, s, "rejected")),
              service["requests"]["rejected"].get<double>());
    if (run->has_column(s + ".requests_failed")) {
      EXPECT_EQ(panel.last_plotted(ChartKind::errors, line_of(*run, s, "failed")),
                service["requests"]["failed"].get<double>());
    }
    // Demand: a gauge, whose summary is the last value read.
    EXPECT_DOUBLE_EQ(panel.last_plotted(ChartKind::demand, line_of(*run, s, "demand")),
                     summary["metrics"]["gauges"][(s + ".demand_per_s").toStdString()].get<double>());
    // Latency: each row holds its interval's p99, summary.json the whole run's. A quantile of
    // a mixture lies between the smallest and the largest quantile of its parts, so the
    // run's p99 must lie within the plotted p99s (decimation keeps both extremes), give or
    // take the histograms' 0.5 % relative accuracy.
    const auto* p99 = qobject_cast<QXYSeries*>(
        series_named(panel.view(ChartKind::latency)->chart(), line_of(*run, s, "p99")));
    ASSERT_NE(p99, nullptr);
    double lo = INFINITY, hi = -INFINITY;
    for (const QPointF& p : p99->points()) {
      lo = std::min(lo, p.y());
      hi = std::max(hi, p.y());
    }
    const double run_p99 = service["latency_s"]["p99"].get<double>();
    EXPECT_GE(run_p99, lo * 0.99);
    EXPECT_LE(run_p99, hi * 1.01);
  }

  // Capacity: the hosts in service at the end (after repairs and purchases).
  const double hosts_at_end = summary.contains("capacity") ? summary["capacity"]["hosts_at_end"].get<double>()
                                                           : summary["platform"]["hosts"].get<double>();
  EXPECT_EQ(panel.last_plotted(ChartKind::capacity, "hosts in service"), hosts_at_end);

  // Serverless: the cold starts of the last interval, and over the run their sum.
  for (const QString& f : run->functions()) {
    // The serverless chart is of functions only: with one, its title names it.
    const QString cold_starts = run->functions().size() == 1 ? "cold starts" : "fn " + f + " cold starts";
    EXPECT_EQ(panel.last_plotted(ChartKind::serverless, cold_starts), run->last("fn." + f + ".cold_starts"));
    EXPECT_EQ(run->sum("fn." + f + ".cold_starts"),
              summary["serverless"]["functions"][f.toStdString()]["cold_starts"].get<double>());
  }
}

INSTANTIATE_TEST_SUITE_P(Charts, ChartsMatchSummary, ::testing::Values("web", "photo", "az", "growth"));

// --- Events, dates, overlays, themes -----------------------------------------------------

TEST(Charts, ZoneFailureIsDrawnAsMarkersAndAHostDip) {
  const auto run = load("az");
  const std::unique_ptr<QChart> chart(build_chart(ChartKind::capacity, {run.get()}));
  auto* failures = qobject_cast<QScatterSeries*>(series_named(chart.get(), "failures"));
  auto* recoveries = qobject_cast<QScatterSeries*>(series_named(chart.get(), "recoveries"));
  ASSERT_NE(failures, nullptr);
  ASSERT_NE(recoveries, nullptr);
  EXPECT_EQ(failures->at(0).x(), 60.0);  // minutes: the zone fails at 1 h
  EXPECT_EQ(recoveries->at(0).x(), 90.0);
  const QStringList tips = failures->property("stratus_tooltips").toStringList();
  ASSERT_EQ(tips.size(), failures->count());
  // summary.json gives the calendar start (Monday 2027-01-04), so tooltips carry dates.
  EXPECT_TRUE(tips.contains("2027-01-04 01:00  host_down az-a (16 hosts): zone outage"))
      << qPrintable(tips.join('\n'));

  const auto* hosts = qobject_cast<QXYSeries*>(series_named(chart.get(), "hosts in service"));
  ASSERT_NE(hosts, nullptr);
  double lowest = INFINITY;
  for (const QPointF& p : hosts->points())
    lowest = std::min(lowest, p.y());
  EXPECT_EQ(lowest, 48.0 - 16.0);
}

// The az run (an auto scaling group over three zones; az-a fails at 1 h for 30 min): each
// zone is a layer of a stack under the instances line. Its top is the instances line, az-a's
// layer empties once the health checks give up on its instances, and the group's replacements
// thicken the others.
TEST(Charts, ZoneInstancesStackUnderTheInstancesLine) {
  const auto run = load("az");
  ASSERT_EQ(run->instance_zones("web"), (QStringList{"az-a", "az-b", "az-c"}));
  const std::unique_ptr<QChart> chart(build_chart(ChartKind::capacity, {run.get()}));
  std::vector<QList<QPointF>> tops;  // the upper boundary of each layer, bottom first
  // One service: the title names it, and the legend entries need not.
  EXPECT_EQ(chart->title(), "Capacity (web)");
  for (const QString zone : {"az-a", "az-b", "az-c"}) {
    auto* layer = qobject_cast<QAreaSeries*>(series_named(chart.get(), zone));
    ASSERT_NE(layer, nullptr) << qPrintable(series_names(chart.get()).join(", "));
    EXPECT_EQ(layer->lowerSeries() == nullptr, zone == QLatin1String("az-a"));  // az-a stands on zero
    tops.push_back(layer->upperSeries()->points());
    ASSERT_EQ(tops.back().size(), run->row_count());  // 120 rows: every one of them
  }
  const auto* instances = qobject_cast<QXYSeries*>(series_named(chart.get(), "instances"));
  ASSERT_NE(instances, nullptr);
  EXPECT_EQ(tops.back(), instances->points());

  int outage_rows = 0;
  for (int i = 0; i < run->row_count(); ++i) {
    const double minute = tops[0][i].x();
    const double a = tops[0][i].y(), b = tops[1][i].y() - a, c = tops[2][i].y() - tops[1][i].y();
    if (minute <= 60.0) {
      EXPECT_GT(a, 0.0) << "az-a before its outage, minute " << minute;
    }
    // Detection takes at most two 30 s checks: from minute 62 the zone serves nothing.
    if (minute >= 62.0 && minute <= 90.0) {
      ++outage_rows;
      EXPECT_EQ(a, 0.0) << "az-a during its outage, minute " << minute;
      EXPECT_GT(b, 0.0) << "az-b during az-a's outage, minute " << minute;
      EXPECT_GT(c, 0.0) << "az-c during az-a's outage, minute " << minute;
    }
  }
  EXPECT_EQ(outage_rows, 29);
  // Ten instances again once the replacements serve, all outside az-a.
  EXPECT_EQ(tops[2][89].y(), 10.0);
  EXPECT_EQ(tops[2][89].y() - tops[0][89].y(), 10.0);
}

TEST(Charts, GrowthRunHasADateAxisWhenItsStartIsKnown) {
  const auto run = load("growth");
  // summary.json of this build may or may not give the calendar start; either way the axis
  // says what it shows.
  const std::unique_ptr<QChart> as_written(build_chart(ChartKind::capacity, {run.get()}));
  const QList<QAbstractAxis*> x = as_written->axes(Qt::Horizontal);
  ASSERT_EQ(x.size(), 1);
  if (std::isnan(run->start_epoch_s())) {
    ASSERT_NE(qobject_cast<QValueAxis*>(x.front()), nullptr);
    EXPECT_EQ(x.front()->titleText(), "simulated time (days)");
  } else {
    EXPECT_NE(qobject_cast<QDateTimeAxis*>(x.front()), nullptr);
  }

  RunData dated = *run;
  nlohmann::json summary = dated.summary();
  summary["start"] = "2027-01-01";  // growth-3y.yaml's simulation.start
  dated.set_summary(summary);
  const std::unique_ptr<QChart> chart(build_chart(ChartKind::cost, {&dated}));
  auto* dates = qobject_cast<QDateTimeAxis*>(chart->axes(Qt::Horizontal).front());
  ASSERT_NE(dates, nullptr);
  EXPECT_EQ(dates->titleText(), "date (UTC)");
  // The labels read as UTC dates whatever the machine's time zone.
  EXPECT_EQ(dates->min().toString("yyyy-MM-dd HH:mm"), "2027-01-01 00:00");
  EXPECT_EQ(dates->max().toString("yyyy-MM-dd"), "2028-02-05");  // 400 days later
  EXPECT_NE(series_named(chart.get(), "purchases"), nullptr);
  EXPECT_NE(series_named(chart.get(), "capital"), nullptr);  // stacked: capital and power
  EXPECT_NE(series_named(chart.get(), "power"), nullptr);
}

TEST(Charts, OverlaidRunsAreNamedInTheLegend) {
  const std::vector<RunData> runs = load_runs(qpath(example_result("comparison")));
  const std::vector<const RunData*> both{&runs[0], &runs[1]};
  const std::unique_ptr<QChart> capacity(build_chart(ChartKind::capacity, both));
  const QStringList names = series_names(capacity.get());
  EXPECT_TRUE(names.contains("two-az: instances")) << qPrintable(names.join(", "));
  EXPECT_TRUE(names.contains("three-az-asg: instances")) << qPrintable(names.join(", "));
  EXPECT_EQ(capacity->title(), "Capacity (web)");
  // Zone stacks are a single run's: overlaid, one run's stack would hide the others' lines.
  EXPECT_FALSE(names.contains("two-az: az-a")) << qPrintable(names.join(", "));
  // Both variants see the same arrivals: their demand is one line, not two on top of each other.
  const QStringList demand =
      series_names(std::unique_ptr<QChart>(build_chart(ChartKind::demand, both)).get());
  EXPECT_TRUE(demand.contains("demand")) << qPrintable(demand.join(", "));
  EXPECT_FALSE(demand.contains("two-az: demand"));
  EXPECT_TRUE(demand.contains("two-az: CPU utilisation"));
}

TEST(Charts, EventKindsFallIntoTheirMarkerRows) {
  EXPECT_EQ(event_category("host_down"), EventCategory::failure);
  EXPECT_EQ(event_category("zone_down"), EventCategory::failure);  // a kind models/ may add
  EXPECT_EQ(event_category("host_up"), EventCategory::recovery);
  EXPECT_EQ(event_category("partition_end"), EventCategory::recovery);
  EXPECT_EQ(event_category("scale_out"), EventCategory::scaling);
  EXPECT_EQ(event_category("rack_installed"), EventCategory::purchase);
  // A hybrid run's windows: their end is no recovery.
  EXPECT_EQ(event_category("window_start"), EventCategory::window);
  EXPECT_EQ(event_category("window_end"), EventCategory::window);
  EXPECT_EQ(event_category_name(EventCategory::window), "discrete windows");
  EXPECT_EQ(event_category("checkpoint"), EventCategory::other);
}

TEST(Charts, ThemeFollowsThePalette) {
  QPalette dark;
  dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
  QPalette light;
  light.setColor(QPalette::Window, QColor(0xf0, 0xf0, 0xf0));
  EXPECT_EQ(chart_theme_for(dark), QChart::ChartThemeDark);
  EXPECT_EQ(chart_theme_for(light), QChart::ChartThemeLight);

  const auto run = load("web");
  const QPalette before = QGuiApplication::palette();
  QGuiApplication::setPalette(dark);
  const std::unique_ptr<QChart> chart(build_chart(ChartKind::cost, {run.get()}));
  QGuiApplication::setPalette(before);
  EXPECT_EQ(chart->theme(), QChart::ChartThemeDark);
}

TEST(Charts, KindNames) {
  QStringList names;
  for (const ChartKind kind : all_chart_kinds()) {
    names << chart_kind_name(kind);
    EXPECT_EQ(chart_kind_from_name(chart_kind_name(kind)), kind);
  }
  EXPECT_EQ(names, (QStringList{"capacity", "demand", "latency", "errors", "serverless", "cost"}));
  EXPECT_EQ(chart_kind_from_name(" Cost "), ChartKind::cost);
  EXPECT_FALSE(chart_kind_from_name("costs").has_value());
}

}  // namespace
}  // namespace stratus::gui
