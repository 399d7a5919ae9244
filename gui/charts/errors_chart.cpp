// Rejected and failed requests (and throttled invocations) as running totals: a step shows
// when they happened, and the last value is the run's total in summary.json.
#include "gui/charts/chart_builders.hpp"

namespace stratus::gui {

ChartContent errors_chart(const ChartBuild& build) {
  ChartContent content;
  content.title = QStringLiteral("Rejected and failed requests");
  content.left_title = QStringLiteral("requests to date");
  const std::pair<const char*, const char*> metrics[] = {
      {"requests_rejected", "rejected"}, {"requests_failed", "failed"}, {"throttled", "throttled"}};
  for (const RunData* run : build.runs)
    for (const QString& owner : service_and_function_owners(*run))
      for (const auto& [metric, legend] : metrics) {
        const QString column = owner + "." + metric;
        if (run->has_column(column))
          content.lines.push_back(build.line(*run, owner_label(owner), QString::fromLatin1(legend),
                                             run->cumulative_series(column, build.max_points)));
      }
  return content;
}

}  // namespace stratus::gui
