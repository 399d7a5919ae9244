// The legend under each chart: every entry readable at the desktop app's chart size, on as
// many rows as it needs, with the colour and dash of the series it stands for; overlaid runs
// listed once each, and the quantities once each; the event kinds with their tooltips.
#include <gtest/gtest.h>

#include <QAreaSeries>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QLineSeries>
#include <QScatterSeries>
#include <memory>

#include "gui/charts/chart_legend.hpp"
#include "gui/charts/chart_panel.hpp"
#include "gui/charts/run_loader.hpp"
#include "tests/gui/charts/example_runs.hpp"

namespace stratus::gui {
namespace {

using stratus::testing::example_result;
using stratus::testing::qpath;

// A chart of the app's run tab in a 1600x1000 window: two columns beside the scenario dock.
const QSize kAppChart(547, 228);

/// A chart laid out at a size, as a view or an export lays it out.
struct LaidOut {
  QGraphicsScene scene;  // owns the chart
  QChart* chart = nullptr;

  LaidOut(ChartKind kind, const std::vector<const RunData*>& runs, QSize size)
      : chart(build_chart(kind, runs)) {
    scene.addItem(chart);
    resize(size);
  }
  void resize(QSize size) {
    chart->resize(size);
    chart->layout()->activate();
  }
  const ChartLegend& legend() const {
    const ChartLegend* legend = ChartLegend::of(chart);
    if (legend == nullptr) throw std::logic_error("the chart has no legend");
    return *legend;
  }
  QAbstractSeries* series(const QString& name) const {
    for (QAbstractSeries* s : chart->series())
      if (s->name() == name) return s;
    return nullptr;
  }
};

QStringList texts(const ChartLegend& legend) {
  QStringList out;
  for (const LegendEntry& e : legend.entries())
    out << e.text;
  return out;
}

const LegendEntry* entry(const ChartLegend& legend, const QString& text) {
  for (const LegendEntry& e : legend.entries())
    if (e.text == text) return &e;
  return nullptr;
}

QRectF placed(const ChartLegend& legend, const QString& text) {
  for (std::size_t i = 0; i < legend.entries().size(); ++i)
    if (legend.entries()[i].text == text) return legend.placed()[i].rect;
  return {};
}

TEST(Legend, EveryEntryIsReadableAtTheAppsChartSize) {
  const RunData run = RunData::from_folder(qpath(example_result("az")));
  LaidOut shown(ChartKind::capacity, {&run}, kAppChart);
  const ChartLegend& legend = shown.legend();
  const QStringList names = texts(legend);
  for (const QString expected :
       {"az-a", "az-b", "az-c", "instances", "hosts in service", "failures", "recoveries"})
    EXPECT_TRUE(names.contains(expected))
        << qPrintable(expected) << " not in " << qPrintable(names.join(", "));
  EXPECT_FALSE(shown.chart->legend()->isVisible());  // Qt's own, which elided them, is hidden

  // Every entry in full, inside the chart, below the plot, none on another.
  ASSERT_EQ(legend.placed().size(), legend.entries().size());
  const QRectF chart_rect(QPointF(0.0, 0.0), shown.chart->size());
  for (std::size_t i = 0; i < legend.placed().size(); ++i) {
    const ChartLegend::Placed& p = legend.placed()[i];
    EXPECT_EQ(p.text, legend.entries()[i].text);
    EXPECT_TRUE(chart_rect.contains(p.rect)) << qPrintable(p.text);
    EXPECT_GT(p.rect.top(), shown.chart->plotArea().bottom()) << qPrintable(p.text);
    for (std::size_t j = 0; j < i; ++j)
      EXPECT_FALSE(p.rect.intersects(legend.placed()[j].rect)) << qPrintable(p.text);
  }
  // Eleven entries do not fit on one row of a chart this narrow: they wrap.
  const int rows_narrow = legend.row_count();
  EXPECT_GE(rows_narrow, 2);

  // Wider, they take fewer rows and leave the plot the room they no longer need.
  const double plot_narrow = shown.chart->plotArea().height();
  shown.resize(QSize(1600, kAppChart.height()));
  EXPECT_LT(legend.row_count(), rows_narrow);
  EXPECT_GT(shown.chart->plotArea().height(), plot_narrow);

  // Back to the narrow size: the chart takes the size it is given (the legend's rows do not
  // raise its minimum height above its view's).
  shown.resize(QSize(300, kAppChart.height()));
  shown.resize(kAppChart);
  EXPECT_EQ(shown.chart->size(), QSizeF(kAppChart));
  EXPECT_EQ(legend.row_count(), rows_narrow);
}

TEST(Legend, EntriesHaveTheColourAndDashOfTheirSeries) {
  const RunData run = RunData::from_folder(qpath(example_result("az")));
  LaidOut shown(ChartKind::capacity, {&run}, kAppChart);
  const ChartLegend& legend = shown.legend();
  int lines = 0, areas = 0, markers = 0;
  for (const LegendEntry& e : legend.entries()) {
    QAbstractSeries* series = shown.series(e.text);
    ASSERT_NE(series, nullptr) << qPrintable(e.text);
    if (auto* area = qobject_cast<QAreaSeries*>(series)) {
      ++areas;
      EXPECT_EQ(e.swatch, LegendEntry::Swatch::box) << qPrintable(e.text);
      EXPECT_EQ(e.colour, area->color()) << qPrintable(e.text);
    } else if (auto* scatter = qobject_cast<QScatterSeries*>(series)) {
      ++markers;
      EXPECT_EQ(e.swatch, LegendEntry::Swatch::marker) << qPrintable(e.text);
      EXPECT_EQ(e.colour, scatter->color()) << qPrintable(e.text);
      EXPECT_TRUE(e.event_kind);
    } else if (auto* line = qobject_cast<QLineSeries*>(series)) {
      ++lines;
      EXPECT_EQ(e.swatch, LegendEntry::Swatch::line) << qPrintable(e.text);
      EXPECT_EQ(e.colour, line->pen().color()) << qPrintable(e.text);
      EXPECT_EQ(e.pen, line->pen().style()) << qPrintable(e.text);
    }
  }
  EXPECT_EQ(areas, 3);  // the zones
  EXPECT_GE(lines, 2);  // instances, hosts in service, ...
  EXPECT_GE(markers, 2);
  EXPECT_EQ(entry(legend, "desired")->pen, Qt::DashLine);
}

TEST(Legend, EventKindsExplainTheirMarkers) {
  const RunData run = RunData::from_folder(qpath(example_result("az")));
  LaidOut shown(ChartKind::latency, {&run}, kAppChart);
  const ChartLegend& legend = shown.legend();
  const QRectF failures = placed(legend, "failures");
  ASSERT_FALSE(failures.isEmpty());
  const QString tip = legend.tooltip_at(failures.center());
  EXPECT_TRUE(tip.contains("failures")) << qPrintable(tip);
  EXPECT_TRUE(tip.contains("Point at one")) << qPrintable(tip);
  // The event kinds sit together: recoveries follows failures on its row, closer than entries.
  const QRectF recoveries = placed(legend, "recoveries");
  EXPECT_EQ(recoveries.top(), failures.top());
  const QRectF p99 = placed(legend, "p99"), slo = placed(legend, "SLO p99");
  EXPECT_LT(recoveries.left() - failures.right(), slo.left() - p99.right());
  EXPECT_TRUE(legend.tooltip_at(QPointF(1.0, 1.0)).isEmpty());
}

TEST(Legend, OverlaidRunsAreListedOnceEachAndQuantitiesByTheirDash) {
  // Two runs, two quantities each: four entries for four lines, where naming each line would
  // list run × quantity.
  RunData lean("lean"), roomy("roomy");
  for (RunData* run : {&lean, &roomy})
    run->set_columns({"time_s", "web.requests_arrived", "web.requests_rejected", "web.requests_failed"});
  lean.append_row({60.0, 100.0, 5.0, 1.0});
  lean.append_row({120.0, 100.0, 7.0, 2.0});
  roomy.append_row({60.0, 100.0, 0.0, 1.0});
  roomy.append_row({120.0, 100.0, 1.0, 0.0});
  LaidOut shown(ChartKind::errors, {&lean, &roomy}, kAppChart);
  const ChartLegend& legend = shown.legend();
  EXPECT_EQ(texts(legend), (QStringList{"lean", "roomy", "rejected", "failed"}));
  for (const RunData* run : {&lean, &roomy})
    for (const QString what : {"rejected", "failed"}) {
      const QString name = run->label() + ": " + what;
      auto* line = qobject_cast<QLineSeries*>(shown.series(name));
      ASSERT_NE(line, nullptr) << qPrintable(name);
      EXPECT_EQ(line->pen().color(), entry(legend, run->label())->colour) << qPrintable(name);
      EXPECT_EQ(line->pen().style(), entry(legend, what)->pen) << qPrintable(name);
    }
  EXPECT_EQ(entry(legend, "lean")->swatch, LegendEntry::Swatch::box);  // a colour, not a dash
  EXPECT_EQ(entry(legend, "rejected")->swatch, LegendEntry::Swatch::line);
  EXPECT_EQ(entry(legend, "rejected")->pen, Qt::SolidLine);
  EXPECT_EQ(entry(legend, "failed")->pen, Qt::DashLine);
  EXPECT_FALSE(entry(legend, "failed")->colour.isValid());  // drawn in the text's colour: every run's
}

TEST(Legend, OverlaidRunsOfAComparisonFitAtTheAppsChartSize) {
  const std::vector<RunData> runs = load_runs(qpath(example_result("comparison")));
  const std::vector<const RunData*> both{&runs[0], &runs[1]};
  LaidOut shown(ChartKind::capacity, both, kAppChart);
  const ChartLegend& legend = shown.legend();
  const QStringList names = texts(legend);
  ASSERT_GE(names.size(), 4);
  // The hosts are the same in both (the same zone fails): one grey line, said once.
  EXPECT_EQ(names.mid(0, 4), (QStringList{"two-az", "three-az-asg", "instances", "hosts in service"}));
  EXPECT_TRUE(entry(legend, "hosts in service")->tooltip.contains("the same in every run"));
  EXPECT_TRUE(names.contains("failures")) << qPrintable(names.join(", "));
  for (const ChartLegend::Placed& p : legend.placed())
    EXPECT_FALSE(p.text.endsWith(QChar(0x2026))) << qPrintable(p.text);  // nothing elided
}

TEST(Legend, SeveralServicesKeepTheirNamesAndAnEntryTooWideIsElided) {
  RunData run("two services");
  const QString long_name = "a-service-with-a-name-longer-than-the-chart-is-wide";
  run.set_columns({"time_s", long_name + ".instances", "web.instances"});
  run.append_row({60.0, 2.0, 3.0});
  run.append_row({120.0, 2.0, 4.0});
  LaidOut shown(ChartKind::capacity, {&run}, QSize(260, 220));
  EXPECT_EQ(shown.chart->title(), "Capacity");  // no single service to name
  const ChartLegend& legend = shown.legend();
  EXPECT_EQ(texts(legend), (QStringList{long_name + " instances", "web instances"}));
  const ChartLegend::Placed& wide = legend.placed()[0];
  EXPECT_NE(wide.text, long_name + " instances");
  EXPECT_TRUE(wide.text.endsWith(QChar(0x2026))) << qPrintable(wide.text);
  EXPECT_LE(wide.rect.right(), 260.0);
  EXPECT_EQ(legend.tooltip_at(wide.rect.center()), long_name + " instances");  // the full name
  EXPECT_EQ(legend.placed()[1].text, "web instances");
  EXPECT_EQ(legend.row_count(), 2);
}

}  // namespace
}  // namespace stratus::gui
