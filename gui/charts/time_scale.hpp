#pragma once
// The x axis of every chart: simulated time in minutes, hours or days, or calendar dates when
// the run is long and its summary says when it started (a growth run over years).
#include <QPointF>
#include <QString>
#include <QVector>
#include <vector>

#include "gui/charts/run_data.hpp"

namespace stratus::gui {

struct TimeScale {
  enum class Unit { minutes, hours, days, dates };
  Unit unit = Unit::hours;
  double seconds_per_unit = 3600.0;  // not used for dates
  QString title;                     // "time (h)", "date (UTC)"
  QString date_format;               // for dates: "MMM d", "MMM yyyy"

  /// Dates when every run knows its calendar start and the longest lasts two days or more;
  /// otherwise the unit that keeps the numbers readable for the longest run.
  static TimeScale for_runs(const std::vector<const RunData*>& runs);

  bool dates() const { return unit == Unit::dates; }
  /// The axis position of a run's simulated time: milliseconds since the UNIX epoch for dates.
  double x(const RunData& run, double time_s) const;
  QVector<QPointF> map(const RunData& run, QVector<QPointF> points) const;
  /// "2028-04-21 06:00" or "1d 13:00:00": when an event happened, for tooltips.
  QString describe(const RunData& run, double time_s) const;
};

}  // namespace stratus::gui
