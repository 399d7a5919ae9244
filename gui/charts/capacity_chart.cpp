// Capacity: instances running, launching and draining and the desired capacity per service
// (and per zone when the columns exist), and the physical hosts in service.
#include "gui/charts/chart_builders.hpp"

namespace stratus::gui {

namespace {

struct CapacityMetric {
  const char* metric;
  const char* legend;
  Qt::PenStyle pen;
  bool in_overlays;  // overlays keep one line per run and service, or the legend explodes
};

constexpr CapacityMetric kMetrics[] = {
    {"instances", "instances", Qt::SolidLine, true},
    {"instances_launching", "launching", Qt::SolidLine, false},
    {"instances_draining", "draining", Qt::SolidLine, false},
    {"desired_capacity", "desired", Qt::DashLine, false},
};

}  // namespace

ChartContent capacity_chart(const ChartBuild& build) {
  ChartContent content;
  content.title = QStringLiteral("Capacity");
  content.left_title = QStringLiteral("instances / hosts");
  for (const RunData* run : build.runs) {
    // Column order: a per-zone column ("web.az-a.instances") follows its service's.
    for (const QString& column : run->columns()) {
      if (column.startsWith(QLatin1String("fn."))) continue;  // the serverless chart's
      for (const CapacityMetric& m : kMetrics) {
        if (column_metric(column) != QLatin1String(m.metric) || (build.several() && !m.in_overlays)) continue;
        PlotLine l = build.line(*run, owner_label(column_owner(column)) + " " + m.legend,
                                run->series(column, build.max_points));
        l.pen = m.pen;
        content.lines.push_back(std::move(l));
      }
    }
    if (const QVector<QPointF> hosts = hosts_in_service(*run); !hosts.isEmpty())
      content.lines.push_back(build.line(*run, QStringLiteral("hosts in service"), hosts));
  }
  return content;
}

}  // namespace stratus::gui
