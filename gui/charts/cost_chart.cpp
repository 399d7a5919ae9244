// Cost: the running total of the bill, and for a single run with several categories (instance
// hours, on-premises capital and power) a stacked area of what it is made of.
#include <algorithm>
#include <cmath>

#include "gui/charts/chart_builders.hpp"

namespace stratus::gui {

namespace {

/// A running total at time t: linear between its points, 0 at time 0, flat after the last.
double value_at(const QVector<QPointF>& cumulative, double t) {
  if (cumulative.isEmpty() || t <= 0.0) return 0.0;
  const auto after = std::lower_bound(cumulative.begin(), cumulative.end(), t,
                                      [](const QPointF& p, double x) { return p.x() < x; });
  if (after == cumulative.end()) return cumulative.back().y();
  if (after->x() == t) return after->y();
  const QPointF before = after == cumulative.begin() ? QPointF(0.0, 0.0) : *(after - 1);
  const double f = (t - before.x()) / (after->x() - before.x());
  return before.y() + f * (after->y() - before.y());
}

}  // namespace

std::vector<CostCategory> cost_categories(const RunData& run, int max_points) {
  std::vector<CostCategory> categories;
  for (const QString& column : run.columns())
    if (column_metric(column) == QLatin1String("cost_usd"))
      categories.push_back({owner_label(column_owner(column)), run.cumulative_series(column, max_points)});
  for (const CostTrack& track : run.cost_tracks())
    categories.push_back({track.name, track.points});
  return categories;
}

ChartContent cost_chart(const ChartBuild& build) {
  ChartContent content;
  content.title = QStringLiteral("Cost");
  content.left_title = QStringLiteral("USD to date");  // short: the app's charts are ~110 px high
  for (const RunData* run : build.runs) {
    std::vector<CostCategory> categories = cost_categories(*run, build.max_points);
    // A category that never costs anything (instances of an on-premises run) is no layer.
    std::erase_if(categories, [](const CostCategory& c) {
      return c.cumulative.isEmpty() || c.cumulative.back().y() == 0.0;
    });
    // The categories have different time points (rows, months): stacked on their union.
    std::vector<double> grid{0.0};
    for (const CostCategory& c : categories)
      for (const QPointF& p : c.cumulative)
        grid.push_back(p.x());
    if (!std::isnan(run->last_time_s())) grid.push_back(run->last_time_s());
    std::sort(grid.begin(), grid.end());
    grid.erase(std::unique(grid.begin(), grid.end()), grid.end());

    const bool stacked = !build.several() && categories.size() >= 2;
    QVector<QPointF> total(static_cast<qsizetype>(grid.size()));
    for (std::size_t i = 0; i < grid.size(); ++i)
      total[static_cast<qsizetype>(i)] = QPointF(grid[i], 0.0);
    for (const CostCategory& c : categories) {
      for (std::size_t i = 0; i < grid.size(); ++i)
        total[static_cast<qsizetype>(i)].ry() += value_at(c.cumulative, grid[i]);
      if (stacked) {
        PlotLine layer = build.line(*run, {}, c.name, total);  // the top of this layer so far
        layer.area = true;
        content.lines.push_back(std::move(layer));
      }
    }
    content.lines.push_back(build.line(*run, {}, QStringLiteral("total cost"), total));
  }
  return content;
}

}  // namespace stratus::gui
