#include "gui/app/progress_text.hpp"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "sim/units.hpp"

namespace stratus::gui {

namespace {
QString duration(double s) {
  return QString::fromStdString(sim::format_duration(std::max(0.0, s)));
}
QString tr(const char* text) {
  return QCoreApplication::translate("stratus::gui::Progress", text);
}
}  // namespace

int progress_permille(const RunProgress& p) {
  if (!std::isfinite(p.end_time_s) || p.end_time_s <= 0 || !std::isfinite(p.sim_time_s)) return -1;
  return static_cast<int>(std::lround(1000.0 * std::clamp(p.sim_time_s / p.end_time_s, 0.0, 1.0)));
}

QString sim_time_text(const RunProgress& p) {
  if (!std::isfinite(p.sim_time_s)) return {};
  // The engine may drain a little past the end; the run ends at its end.
  const double now = std::isfinite(p.end_time_s) ? std::min(p.sim_time_s, p.end_time_s) : p.sim_time_s;
  QString text = tr("sim %1").arg(duration(now));
  if (std::isfinite(p.end_time_s))
    text += QStringLiteral(" / %1 (%2 %)").arg(duration(p.end_time_s)).arg(progress_permille(p) / 10);
  return text;
}

QString eta_text(const RunProgress& p) {
  if (!std::isfinite(p.eta_s)) return {};
  return tr("ETA %1").arg(duration(std::round(p.eta_s)));
}

}  // namespace stratus::gui
