#include "gui/charts/time_scale.hpp"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

namespace stratus::gui {

namespace {
constexpr double kDay = 86400.0;
}

TimeScale TimeScale::for_runs(const std::vector<const RunData*>& runs) {
  double span = 0.0;
  bool calendar = !runs.empty();
  for (const RunData* run : runs) {
    const double end = run->last_time_s();
    if (!std::isnan(end)) span = std::max(span, end);
    if (std::isnan(run->start_epoch_s())) calendar = false;
  }
  TimeScale scale;
  if (calendar && span >= 2 * kDay) {
    scale.unit = Unit::dates;
    scale.title = QStringLiteral("date (UTC)");
    scale.date_format = span > 120 * kDay ? QStringLiteral("MMM yyyy") : QStringLiteral("MMM d");
  } else if (span <= 3 * 3600.0) {
    scale.unit = Unit::minutes;
    scale.seconds_per_unit = 60.0;
    scale.title = QStringLiteral("simulated time (min)");
  } else if (span <= 3 * kDay) {
    scale.unit = Unit::hours;
    scale.seconds_per_unit = 3600.0;
    scale.title = QStringLiteral("simulated time (h)");
  } else {
    scale.unit = Unit::days;
    scale.seconds_per_unit = kDay;
    scale.title = QStringLiteral("simulated time (days)");
  }
  return scale;
}

double TimeScale::x(const RunData& run, double time_s) const {
  if (dates()) {
    // QDateTimeAxis labels in the machine's local time zone; shifted by the zone's offset at
    // the start, its labels read as UTC, the calendar of the scenario.
    const double start = run.start_epoch_s();
    const auto offset_s = QDateTime::fromSecsSinceEpoch(static_cast<qint64>(start)).offsetFromUtc();
    return (start + time_s - offset_s) * 1000.0;
  }
  return time_s / seconds_per_unit;
}

QVector<QPointF> TimeScale::map(const RunData& run, QVector<QPointF> points) const {
  for (QPointF& p : points)
    p.setX(x(run, p.x()));
  return points;
}

QString TimeScale::describe(const RunData& run, double time_s) const {
  const double start = run.start_epoch_s();
  if (!std::isnan(start)) {
    const auto ms = static_cast<qint64>(std::llround((start + time_s) * 1000.0));
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
  }
  const auto whole = static_cast<qint64>(std::floor(time_s));
  const qint64 days = whole / 86400, rest = whole % 86400;
  const QString clock = QStringLiteral("%1:%2:%3")
                            .arg(rest / 3600, 2, 10, QLatin1Char('0'))
                            .arg(rest / 60 % 60, 2, 10, QLatin1Char('0'))
                            .arg(rest % 60, 2, 10, QLatin1Char('0'));
  return days > 0 ? QStringLiteral("%1d %2").arg(days).arg(clock) : clock;
}

}  // namespace stratus::gui
