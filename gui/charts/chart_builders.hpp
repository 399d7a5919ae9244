#pragma once
// Internal to the catalogue: one builder per chart kind (capacity_chart.cpp, ...) and what
// they share. Column names follow timeseries.csv: "<owner>.<metric>", where the owner is a
// service ("web"), a function ("fn.resize") or a category ("instances" for the cost).
#include <QString>
#include <functional>
#include <vector>

#include "gui/charts/chart_content.hpp"
#include "gui/charts/run_data.hpp"

namespace stratus::gui {

struct ChartBuild {
  std::vector<const RunData*> runs;
  TimeScale time;
  int max_points = 2000;

  bool several() const { return runs.size() > 1; }
  /// A line from (time_s, value) points, mapped to the time axis; `scale` multiplies y. The
  /// owner is the service or function it belongs to ("web", "fn resize"), empty for a line of
  /// the whole run (hosts, total cost); name_lines() names it once the chart is complete.
  PlotLine line(const RunData& run, const QString& owner, const QString& what, const QVector<QPointF>& points,
                AxisSide side = AxisSide::left, double scale = 1.0) const;
  /// The run's event markers (failures, scaling, purchases), for every chart.
  void add_markers(ChartContent& content) const;
};

/// "instances" of "web.instances", "latency_s_p99" of "fn.resize.latency_s_p99".
QString column_metric(const QString& column);
/// "web" of "web.instances", "fn.resize" of "fn.resize.invocations".
QString column_owner(const QString& column);
/// How an owner reads in a legend: "web", "fn resize".
QString owner_label(const QString& owner);
/// Services first, then functions ("fn.resize"), as column owners.
QStringList service_and_function_owners(const RunData& run);

/// Names a complete chart's lines (PlotLine::name and label). A chart whose lines are all of
/// one service or function leaves it out of every name and says it once in the title
/// ("Capacity (web)"): the legend then reads "instances", "p99", not "web instances", "web p99".
/// Overlaid runs prefix their label: "two-az: instances".
void name_lines(ChartContent& content, const ChartBuild& build);

ChartContent capacity_chart(const ChartBuild& build);
ChartContent demand_chart(const ChartBuild& build);
ChartContent latency_chart(const ChartBuild& build);
ChartContent errors_chart(const ChartBuild& build);
ChartContent serverless_chart(const ChartBuild& build);
ChartContent cost_chart(const ChartBuild& build);

/// Physical hosts in service over time, as steps: summary.json's platform.hosts at the start,
/// minus hosts down and plus hosts back up or installed (events.csv). Empty when the summary
/// does not give the platform (a live run before its end).
QVector<QPointF> hosts_in_service(const RunData& run);

/// The categories of a run's cost as running totals (time_s, USD): each "*.cost_usd" column
/// ("instances") and each CostTrack (capital, power).
struct CostCategory {
  QString name;
  QVector<QPointF> cumulative;
};
std::vector<CostCategory> cost_categories(const RunData& run, int max_points);

}  // namespace stratus::gui
