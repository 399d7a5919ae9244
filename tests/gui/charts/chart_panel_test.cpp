// ChartPanel as the live window uses it: charts appear with the first rows, refresh() updates
// the same series in place, a year of rows stays decimated, and any chart exports.
#include "gui/charts/chart_panel.hpp"

#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QImage>
#include <QLineSeries>
#include <QSvgRenderer>
#include <cmath>
#include <memory>

#include "tests/gui/charts/example_runs.hpp"

namespace stratus::gui {
namespace {

using stratus::testing::example_result;
using stratus::testing::qpath;

QXYSeries* line_named(const ChartPanel& panel, ChartKind kind, const QString& name) {
  for (QAbstractSeries* s : panel.view(kind)->chart()->series())
    if (s->name() == name) return qobject_cast<QXYSeries*>(s);
  return nullptr;
}

TEST(ChartPanel, ShowsTheChartsThatApply) {
  ChartPanel panel;
  EXPECT_TRUE(panel.kinds().isEmpty());
  panel.set_runs({std::make_shared<const RunData>(RunData::from_folder(qpath(example_result("web"))))});
  EXPECT_EQ(panel.kinds(), (QList<ChartKind>{ChartKind::capacity, ChartKind::demand, ChartKind::latency,
                                             ChartKind::errors, ChartKind::cost}));
  EXPECT_NE(panel.view(ChartKind::capacity), nullptr);
  EXPECT_EQ(panel.view(ChartKind::serverless), nullptr);
  EXPECT_EQ(panel.last_plotted(ChartKind::capacity, "instances"), 6.0);
  EXPECT_TRUE(std::isnan(panel.last_plotted(ChartKind::capacity, "no such series")));
  EXPECT_TRUE(std::isnan(panel.last_plotted(ChartKind::serverless, "running")));
}

TEST(ChartPanel, LiveRowsUpdateTheSameSeriesInPlace) {
  const RunData finished = RunData::from_folder(qpath(example_result("az")));
  auto live = std::make_shared<RunData>("live");
  ChartPanel panel;
  panel.set_runs({live});
  EXPECT_TRUE(panel.kinds().isEmpty());  // no columns yet: a placeholder

  live->set_columns(finished.columns());
  const int half = finished.row_count() / 2;
  auto append_rows = [&](int from, int to) {
    for (int r = from; r < to; ++r) {
      QVector<double> row;
      for (const QString& c : finished.columns())
        row.push_back(finished.column(c)[r]);
      live->append_row(row);
    }
  };
  append_rows(0, half);
  panel.refresh();  // the first rows make the charts apply
  ASSERT_TRUE(panel.kinds().contains(ChartKind::capacity));
  QChart* chart = panel.view(ChartKind::capacity)->chart();
  QXYSeries* instances = line_named(panel, ChartKind::capacity, "instances");
  ASSERT_NE(instances, nullptr);
  const qsizetype points_before = instances->count();

  append_rows(half, finished.row_count());
  panel.refresh();
  EXPECT_EQ(panel.view(ChartKind::capacity)->chart(), chart) << "refresh() rebuilt the chart";
  EXPECT_EQ(line_named(panel, ChartKind::capacity, "instances"), instances)
      << "refresh() replaced the series";
  EXPECT_GT(instances->count(), points_before);
  EXPECT_EQ(panel.last_plotted(ChartKind::capacity, "instances"), finished.last("web.instances"));
  EXPECT_EQ(panel.last_plotted(ChartKind::errors, "failed"), finished.sum("web.requests_failed"));

  // Events and the summary arrive at the end of a run: markers and hosts are added.
  for (const RunEvent& e : finished.events())
    live->add_event(e);
  live->set_summary(finished.summary());
  panel.refresh();
  EXPECT_EQ(panel.last_plotted(ChartKind::capacity, "hosts in service"), 48.0);
  EXPECT_EQ(panel.last_plotted(ChartKind::capacity, "instances"), finished.last("web.instances"));
}

TEST(ChartPanel, AYearOfRowsRedrawsFromAtMostTwoThousandPoints) {
  auto live = std::make_shared<RunData>("year");
  live->set_columns({"time_s", "web.requests_arrived", "web.requests_rejected", "web.instances",
                     "web.demand_per_s", "web.cpu_utilisation", "web.latency_s_p99", "instances.cost_usd"});
  constexpr int kMinutes = 525600;
  for (int i = 1; i <= kMinutes; ++i) {
    const double t = 60.0 * i, wave = std::sin(2.0 * M_PI * i / 1440.0);
    live->append_row({t, 600.0 + 300.0 * wave, i == 200000 ? 42.0 : 0.0, 10.0 + std::round(4.0 * wave),
                      10.0 + 5.0 * wave, 0.5 + 0.3 * wave, 0.2 + 0.1 * wave, 0.016});
  }
  ChartPanel panel;
  panel.set_runs({live});
  for (const ChartKind kind : panel.kinds())
    for (QAbstractSeries* s : panel.view(kind)->chart()->series())
      if (const auto* xy = qobject_cast<QXYSeries*>(s)) {
        EXPECT_LE(xy->count(), 2000) << qPrintable(s->name());
      }
  EXPECT_EQ(panel.last_plotted(ChartKind::errors, "rejected"), 42.0);  // one spike, kept
  EXPECT_NEAR(panel.last_plotted(ChartKind::cost, "total cost"), 0.016 * kMinutes, 1e-6);

  // A live refresh after more rows costs the new rows and the points drawn, not the year.
  for (int i = kMinutes + 1; i <= kMinutes + 60; ++i)
    live->append_row({60.0 * i, 600.0, 0.0, 10.0, 10.0, 0.5, 0.2, 0.016});
  QElapsedTimer timer;
  timer.start();
  panel.refresh();
  const qint64 elapsed_ms = timer.elapsed();
  std::printf("refresh of a year-long run: %lld ms\n", static_cast<long long>(elapsed_ms));
  EXPECT_LT(elapsed_ms, 1000);  // about 10 ms here; generous for a loaded machine
  EXPECT_EQ(panel.last_plotted(ChartKind::capacity, "instances"), 10.0);
}

TEST(ChartPanel, ExportsAChartAsPngAndSvg) {
  ChartPanel panel;
  panel.resize(1200, 900);
  panel.set_runs({std::make_shared<const RunData>(RunData::from_folder(qpath(example_result("photo"))))});
  const auto dir = stratus::testing::temp_dir("panel-export");
  QString error;
  ASSERT_TRUE(panel.export_chart(ChartKind::serverless, qpath(dir / "serverless.png"), &error))
      << qPrintable(error);
  const QImage png(qpath(dir / "serverless.png"));
  ASSERT_FALSE(png.isNull());
  EXPECT_GT(stratus::testing::non_background_share(png), 0.02);

  ASSERT_TRUE(panel.export_chart(ChartKind::latency, qpath(dir / "latency.svg"), &error))
      << qPrintable(error);
  QSvgRenderer svg(qpath(dir / "latency.svg"));
  EXPECT_TRUE(svg.isValid());

  EXPECT_FALSE(panel.export_chart(ChartKind::cost, qpath(dir / "cost.jpg"), &error));
  EXPECT_TRUE(error.contains("use .png or .svg")) << qPrintable(error);
  EXPECT_FALSE(std::filesystem::exists(dir / "cost.jpg"));
  EXPECT_FALSE(panel.export_chart(ChartKind::cost, qpath(dir / "missing" / "cost.png"), &error));
  EXPECT_TRUE(error.startsWith("cannot write ")) << qPrintable(error);

  ChartPanel web;
  web.set_runs({std::make_shared<const RunData>(RunData::from_folder(qpath(example_result("web"))))});
  EXPECT_FALSE(web.export_chart(ChartKind::serverless, qpath(dir / "none.png"), &error));
  EXPECT_EQ(error, "no serverless chart is shown for these runs");
  EXPECT_FALSE(std::filesystem::exists(dir / "none.png"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stratus::gui
