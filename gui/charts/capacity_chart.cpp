// Capacity: instances running, launching and draining and the desired capacity per service,
// the instances of each availability zone as a stacked area (a single run whose services have
// "<service>.instances.<zone>" columns), and the physical hosts in service.
#include <QSet>
#include <algorithm>
#include <cmath>

#include "gui/charts/chart_builders.hpp"

namespace stratus::gui {

namespace {

struct CapacityMetric {
  const char* metric;
  const char* what;
  Qt::PenStyle pen;
  bool in_overlays;  // overlays keep one line per run and service, or the legend explodes
};

constexpr CapacityMetric kMetrics[] = {
    {"instances", "instances", Qt::SolidLine, true},
    {"instances_launching", "launching", Qt::SolidLine, false},
    {"instances_draining", "draining", Qt::SolidLine, false},
    {"desired_capacity", "desired", Qt::DashLine, false},
};

/// Linear between a series' points (which are in time order), flat beyond its ends.
double value_at(const QVector<QPointF>& points, double x) {
  if (points.isEmpty()) return 0.0;
  const auto after =
      std::lower_bound(points.begin(), points.end(), x, [](const QPointF& p, double t) { return p.x() < t; });
  if (after == points.end()) return points.back().y();
  if (after->x() == x || after == points.begin()) return after->y();
  const QPointF& before = *(after - 1);
  return before.y() + (x - before.x()) / (after->x() - before.x()) * (after->y() - before.y());
}

struct ZoneColumn {
  QString service;  // "web"
  QString zone;     // "az-a"
  QString column;   // "web.instances.az-a"
};

/// Every service's per-zone instance columns, services in column order, then zones.
std::vector<ZoneColumn> zone_columns(const RunData& run) {
  std::vector<ZoneColumn> out;
  for (const QString& service : run.services())
    for (const QString& zone : run.instance_zones(service))
      out.push_back({service, zone, service + ".instances." + zone});
  return out;
}

/// Each zone's (time_s, instances) points: every row while the rows fit in a chart, so that
/// all zones share their times and the stack is exact; beyond, each zone decimated to its share
/// of the points a chart may draw (each bucket's minimum and maximum, as for every line).
std::vector<QVector<QPointF>> zone_points(const ChartBuild& build, const RunData& run,
                                          const std::vector<ZoneColumn>& zones) {
  std::vector<QVector<QPointF>> out;
  if (run.row_count() > build.max_points) {
    for (const ZoneColumn& z : zones)
      out.push_back(run.series(z.column, build.max_points / static_cast<int>(zones.size())));
    return out;
  }
  const QVector<double> time = run.column(QStringLiteral("time_s"));
  for (const ZoneColumn& z : zones) {
    const QVector<double> values = run.column(z.column);
    QVector<QPointF> points;
    for (qsizetype i = 0; i < values.size(); ++i)
      if (!std::isnan(values[i]))
        points.push_back(QPointF(time[i], values[i]));  // an empty cell draws nothing
    out.push_back(std::move(points));
  }
  return out;
}

/// The zones' instances as the layers of one stack, bottom first: a layer's points are the
/// total of its zone and of every zone below it. With one service (the usual case) the top of
/// the stack is the service's instances line; with several, the stack shows all instances by
/// service and zone. The layers are summed on the union of the zones' times (linear between a
/// zone's points), so that no layer ever crosses another.
std::vector<PlotLine> zone_layers(const ChartBuild& build, const RunData& run,
                                  const std::vector<ZoneColumn>& zones) {
  if (zones.empty()) return {};
  const std::vector<QVector<QPointF>> points = zone_points(build, run, zones);
  std::vector<double> grid;
  for (const QVector<QPointF>& zone : points)
    for (const QPointF& p : zone)
      grid.push_back(p.x());
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());

  std::vector<PlotLine> layers;
  QVector<QPointF> top;
  for (const double x : grid)
    top.push_back(QPointF(x, 0.0));
  for (std::size_t k = 0; k < zones.size(); ++k) {
    for (QPointF& p : top)
      p.ry() += value_at(points[k], p.x());
    PlotLine layer = build.line(run, zones[k].service, zones[k].zone, top);
    layer.area = true;
    layers.push_back(std::move(layer));
  }
  return layers;
}

}  // namespace

ChartContent capacity_chart(const ChartBuild& build) {
  ChartContent content;
  content.title = QStringLiteral("Capacity");
  content.left_title = QStringLiteral("instances");
  for (const RunData* run : build.runs) {
    const std::vector<ZoneColumn> zones = zone_columns(*run);
    // The zones stack under the lines; overlaid runs leave them out (one run's stack would
    // hide the others' lines).
    if (!build.several())
      for (PlotLine& layer : zone_layers(build, *run, zones))
        content.lines.push_back(std::move(layer));
    QSet<QString> zone_column_names;
    for (const ZoneColumn& z : zones)
      zone_column_names.insert(z.column);
    for (const QString& column : run->columns()) {
      if (column.startsWith(QLatin1String("fn."))) continue;  // the serverless chart's
      if (zone_column_names.contains(column)) continue;       // a zone named "instances" is no metric
      for (const CapacityMetric& m : kMetrics) {
        if (column_metric(column) != QLatin1String(m.metric) || (build.several() && !m.in_overlays)) continue;
        PlotLine l = build.line(*run, owner_label(column_owner(column)), QString::fromLatin1(m.what),
                                run->series(column, build.max_points));
        l.pen = m.pen;
        content.lines.push_back(std::move(l));
      }
    }
    // Hosts on an axis of their own: a datacenter has many more hosts than a service has
    // instances, and on one axis the instances (and their zones) would be a sliver.
    if (const QVector<QPointF> hosts = hosts_in_service(*run); !hosts.isEmpty()) {
      PlotLine line = build.line(*run, {}, QStringLiteral("hosts in service"), hosts);
      line.side = AxisSide::right;
      content.right_title = QStringLiteral("hosts");
      content.lines.push_back(std::move(line));
    }
  }
  return content;
}

}  // namespace stratus::gui
