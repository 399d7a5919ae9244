// Serverless: each function's concurrency (instances running a request, and idle warm ones)
// and its cold starts per sample interval on the right axis.
#include "gui/charts/chart_builders.hpp"

namespace stratus::gui {

ChartContent serverless_chart(const ChartBuild& build) {
  ChartContent content;
  content.title = QStringLiteral("Serverless concurrency and cold starts");
  content.left_title = QStringLiteral("function instances");
  content.right_title = QStringLiteral("cold starts per interval");
  for (const RunData* run : build.runs)
    for (const QString& f : run->functions()) {
      const QString prefix = "fn." + f + ".";
      if (run->has_column(prefix + "running"))
        content.lines.push_back(build.line(*run, "fn " + f, QStringLiteral("running"),
                                           run->series(prefix + "running", build.max_points)));
      if (!build.several() && run->has_column(prefix + "idle"))
        content.lines.push_back(build.line(*run, "fn " + f, QStringLiteral("idle"),
                                           run->series(prefix + "idle", build.max_points)));
      if (run->has_column(prefix + "cold_starts")) {
        PlotLine l = build.line(*run, "fn " + f, QStringLiteral("cold starts"),
                                run->series(prefix + "cold_starts", build.max_points), AxisSide::right);
        l.pen = Qt::DotLine;
        content.lines.push_back(std::move(l));
      }
    }
  return content;
}

}  // namespace stratus::gui
