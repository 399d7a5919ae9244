// Demand and utilisation: each service's offered rate (requests per second) and the CPU
// utilisation of its instances on a 0-100 % axis; functions' invocations per second.
#include <cmath>

#include "gui/charts/chart_builders.hpp"

namespace stratus::gui {

ChartContent demand_chart(const ChartBuild& build) {
  ChartContent content;
  content.title = QStringLiteral("Demand and utilisation");
  content.left_title = QStringLiteral("requests / s");
  content.right_title = QStringLiteral("CPU (%)");  // the legend says "CPU utilisation"
  content.right_range = std::pair{0.0, 100.0};
  for (const RunData* run : build.runs) {
    for (const QString& s : run->services()) {
      if (run->has_column(s + ".demand_per_s"))
        content.lines.push_back(build.line(*run, s, QStringLiteral("demand"),
                                           run->series(s + ".demand_per_s", build.max_points)));
      if (run->has_column(s + ".cpu_utilisation"))
        content.lines.push_back(build.line(*run, s, QStringLiteral("CPU utilisation"),
                                           run->series(s + ".cpu_utilisation", build.max_points),
                                           AxisSide::right, 100.0));
    }
    // Invocations are counted per row: divided by the interval, a rate comparable to demand.
    const double interval = run->sample_interval_s();
    for (const QString& f : run->functions()) {
      if (std::isnan(interval) || interval <= 0.0) break;
      content.lines.push_back(build.line(*run, "fn " + f, QStringLiteral("invocations"),
                                         run->series("fn." + f + ".invocations", build.max_points),
                                         AxisSide::left, 1.0 / interval));
    }
  }
  return content;
}

}  // namespace stratus::gui
