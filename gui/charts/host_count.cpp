// Hosts in service over time, from the platform's size and the failure and purchase events.
#include <cmath>

#include "gui/charts/chart_builders.hpp"

namespace stratus::gui {

QVector<QPointF> hosts_in_service(const RunData& run) {
  const auto platform = run.summary().find("platform");
  if (platform == run.summary().end() || !platform->is_object() || !platform->contains("hosts") ||
      !(*platform)["hosts"].is_number())
    return {};
  double hosts = (*platform)["hosts"].get<double>();
  QVector<QPointF> points{QPointF(0.0, hosts)};
  for (const RunEvent& e : run.events()) {
    double change = 0.0;
    if (e.kind == QLatin1String("host_down")) change = -static_cast<double>(e.hosts);
    if (e.kind == QLatin1String("host_up") || e.kind == QLatin1String("rack_installed"))
      change = static_cast<double>(e.hosts);
    if (change == 0.0) continue;
    points.push_back(QPointF(e.time_s, hosts));  // a step, not a ramp
    hosts += change;
    points.push_back(QPointF(e.time_s, hosts));
  }
  const double end = run.last_time_s();
  if (!std::isnan(end) && end > points.back().x()) points.push_back(QPointF(end, hosts));
  return points;
}

}  // namespace stratus::gui
