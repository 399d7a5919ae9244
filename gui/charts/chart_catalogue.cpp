#include "gui/charts/chart_catalogue.hpp"

#include <algorithm>

#include "gui/charts/chart_builders.hpp"
#include "gui/charts/event_markers.hpp"

namespace stratus::gui {

const std::vector<ChartKind>& all_chart_kinds() {
  static const std::vector<ChartKind> kinds{ChartKind::capacity, ChartKind::demand,     ChartKind::latency,
                                            ChartKind::errors,   ChartKind::serverless, ChartKind::cost};
  return kinds;
}

QString chart_kind_name(ChartKind kind) {
  switch (kind) {
    case ChartKind::capacity:
      return QStringLiteral("capacity");
    case ChartKind::demand:
      return QStringLiteral("demand");
    case ChartKind::latency:
      return QStringLiteral("latency");
    case ChartKind::errors:
      return QStringLiteral("errors");
    case ChartKind::serverless:
      return QStringLiteral("serverless");
    case ChartKind::cost:
      break;
  }
  return QStringLiteral("cost");
}

std::optional<ChartKind> chart_kind_from_name(const QString& name) {
  for (const ChartKind kind : all_chart_kinds())
    if (chart_kind_name(kind) == name.trimmed().toLower()) return kind;
  return std::nullopt;
}

namespace {

bool has_metric(const RunData& run, const QStringList& metrics, bool functions) {
  for (const QString& c : run.columns())
    if (c.startsWith(QLatin1String("fn.")) == functions && metrics.contains(column_metric(c))) return true;
  return false;
}

/// Overlaid runs often draw the same line (the same arrivals, the same hosts, the same SLO):
/// drawn once, unlabelled, instead of once per run on top of each other.
void merge_shared_lines(ChartContent& content, std::size_t runs) {
  if (runs < 2) return;
  std::vector<PlotLine> merged;
  for (PlotLine& line : content.lines) {
    if (line.run < 0) continue;  // already merged
    std::vector<PlotLine*> same;
    for (PlotLine& other : content.lines)
      if (other.run >= 0 && other.owner == line.owner && other.what == line.what &&
          other.points == line.points)
        same.push_back(&other);
    if (same.size() == runs) {
      PlotLine shared = line;
      shared.run = -1;
      for (PlotLine* l : same)
        l->run = -2;  // consumed
      merged.push_back(std::move(shared));
    }
  }
  std::erase_if(content.lines, [](const PlotLine& l) { return l.run == -2; });
  content.lines.insert(content.lines.end(), merged.begin(), merged.end());
}

}  // namespace

bool chart_applies(ChartKind kind, const RunData& run) {
  switch (kind) {
    case ChartKind::capacity:
      return has_metric(run, {"instances", "instances_launching", "desired_capacity"}, false) ||
             !hosts_in_service(run).isEmpty();
    case ChartKind::demand:
      return has_metric(run, {"demand_per_s", "cpu_utilisation"}, false) || !run.functions().isEmpty();
    case ChartKind::latency:
      return has_metric(run, {"latency_s_p99"}, false) || has_metric(run, {"latency_s_p99"}, true);
    case ChartKind::errors:
      return has_metric(run, {"requests_rejected", "requests_failed"}, false) ||
             has_metric(run, {"throttled"}, true);
    case ChartKind::serverless:
      return !run.functions().isEmpty();
    case ChartKind::cost:
      return has_metric(run, {"cost_usd"}, false) || !run.cost_tracks().empty();
  }
  return false;
}

ChartContent chart_content(ChartKind kind, const std::vector<const RunData*>& runs, int max_points) {
  ChartBuild build;
  for (const RunData* run : runs)
    if (chart_applies(kind, *run)) build.runs.push_back(run);
  build.time = TimeScale::for_runs(runs);
  build.max_points = max_points;
  ChartContent content;
  switch (kind) {
    case ChartKind::capacity:
      content = capacity_chart(build);
      break;
    case ChartKind::demand:
      content = demand_chart(build);
      break;
    case ChartKind::latency:
      content = latency_chart(build);
      break;
    case ChartKind::errors:
      content = errors_chart(build);
      break;
    case ChartKind::serverless:
      content = serverless_chart(build);
      break;
    case ChartKind::cost:
      content = cost_chart(build);
      break;
  }
  merge_shared_lines(content, build.runs.size());
  name_lines(content, build);
  content.colour_by_run = build.several();
  if (build.several())
    for (const RunData* run : build.runs)
      content.run_labels << run->label();
  content.time = build.time;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const double origin = build.time.x(*runs[i], 0.0);
    content.x_origin = i == 0 ? origin : std::min(content.x_origin, origin);
  }
  build.add_markers(content);
  return content;
}

PlotLine ChartBuild::line(const RunData& run, const QString& owner, const QString& what,
                          const QVector<QPointF>& points, AxisSide side, double scale) const {
  PlotLine l;
  l.owner = owner;
  l.what = what;
  l.run = static_cast<int>(std::find(runs.begin(), runs.end(), &run) - runs.begin());
  l.side = side;
  l.points.reserve(points.size());
  for (const QPointF& p : points)
    l.points.push_back(QPointF(time.x(run, p.x()), p.y() * scale));
  return l;
}

void ChartBuild::add_markers(ChartContent& content) const {
  // One row per category for all runs: the tooltips say which run an event belongs to.
  for (const RunData* run : runs)
    for (MarkerGroup& g : event_marker_groups(*run, time, several())) {
      const auto same = std::find_if(content.markers.begin(), content.markers.end(),
                                     [&g](const MarkerGroup& m) { return m.name == g.name; });
      if (same == content.markers.end()) {
        content.markers.push_back(std::move(g));
        continue;
      }
      same->x += g.x;
      same->tooltips += g.tooltips;
    }
  // Rows in category order, whichever run had them first.
  std::sort(content.markers.begin(), content.markers.end(),
            [](const MarkerGroup& a, const MarkerGroup& b) { return a.height > b.height; });
}

QString column_metric(const QString& column) {
  return column.section(QLatin1Char('.'), -1);
}

QString column_owner(const QString& column) {
  return column.section(QLatin1Char('.'), 0, -2);
}

QString owner_label(const QString& owner) {
  return owner.startsWith(QLatin1String("fn.")) ? "fn " + owner.mid(3) : owner;
}

QStringList service_and_function_owners(const RunData& run) {
  QStringList owners = run.services();
  for (const QString& f : run.functions())
    owners << "fn." + f;
  return owners;
}

}  // namespace stratus::gui
