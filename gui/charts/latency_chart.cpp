// Latency: p50, p95 and p99 of each interval per service and function, against the SLO line
// of services that declare one (summary.json: services.<name>.fleet.slo).
#include <cmath>

#include "gui/charts/chart_builders.hpp"

namespace stratus::gui {

namespace {

struct Slo {
  double latency_s = NAN;
  double percentile = NAN;
};

Slo service_slo(const RunData& run, const QString& service) {
  const nlohmann::json& summary = run.summary();
  const auto services = summary.find("services");
  if (services == summary.end() || !services->is_object()) return {};
  const auto s = services->find(service.toStdString());
  if (s == services->end() || !s->contains("fleet") || !(*s)["fleet"].contains("slo")) return {};
  const nlohmann::json& slo = (*s)["fleet"]["slo"];
  Slo out;
  if (slo.contains("latency_s") && slo["latency_s"].is_number())
    out.latency_s = slo["latency_s"].get<double>();
  if (slo.contains("percentile") && slo["percentile"].is_number())
    out.percentile = slo["percentile"].get<double>();
  return out;
}

QString slo_legend(const Slo& slo) {
  const QString pct =
      std::isnan(slo.percentile) ? QString() : QStringLiteral(" p%1").arg(slo.percentile * 100.0, 0, 'g', 4);
  return "SLO" + pct;
}

}  // namespace

ChartContent latency_chart(const ChartBuild& build) {
  ChartContent content;
  content.title = QStringLiteral("Latency");
  content.left_title = QStringLiteral("latency (s)");
  // Overlaid runs show their p99 only: three percentiles per run would bury the comparison.
  const QStringList percentiles = build.several() ? QStringList{"p99"} : QStringList{"p50", "p95", "p99"};
  for (const RunData* run : build.runs) {
    for (const QString& owner : service_and_function_owners(*run))
      for (const QString& p : percentiles) {
        const QString column = owner + ".latency_s_" + p;
        if (run->has_column(column))
          content.lines.push_back(
              build.line(*run, owner_label(owner), p, run->series(column, build.max_points)));
      }
    for (const QString& service : run->services()) {
      const Slo slo = service_slo(*run, service);
      if (std::isnan(slo.latency_s) || run->row_count() == 0) continue;
      PlotLine l = build.line(*run, service, slo_legend(slo),
                              {QPointF(0.0, slo.latency_s), QPointF(run->last_time_s(), slo.latency_s)});
      l.pen = Qt::DashLine;
      content.lines.push_back(std::move(l));
    }
  }
  return content;
}

}  // namespace stratus::gui
