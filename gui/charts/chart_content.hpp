#pragma once
// What a chart shows, as plain data: its lines (already decimated and mapped to the time
// axis), axes and event markers. The catalogue computes it from runs; the renderer turns it
// into a QChart, or updates an existing one in place when only the points changed.
#include <QColor>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>
#include <utility>
#include <vector>

#include "gui/charts/time_scale.hpp"

namespace stratus::gui {

enum class AxisSide { left, right };

struct PlotLine {
  /// The series' name, unique within a chart: "web instances", "instances" in a chart of one
  /// service, "two-az: instances" when runs overlay (see name_lines()).
  QString name;
  QString label;            // the name without the run's label: "instances", "web instances"
  QString owner;            // the service or function ("web", "fn resize"); empty for the whole run's
  QString what;             // what the line shows of its owner: "instances", "p99", "az-a", "total cost"
  int run = -1;             // which of the overlaid runs; -1 for a line they share
  QVector<QPointF> points;  // x in the time scale's units
  AxisSide side = AxisSide::left;
  Qt::PenStyle pen = Qt::SolidLine;
  /// A layer of a stacked area: filled from the previous area line (or zero) up to this one.
  bool area = false;
};

/// Events of one category of one run, drawn as markers near the top of the plot.
struct MarkerGroup {
  QString name;  // legend: "failures" (the tooltips name the run when runs overlay)
  QColor colour;
  double height = 0.95;  // where the markers sit, as a fraction of the plot's height
  QVector<double> x;
  QStringList tooltips;  // one per marker
};

struct ChartContent {
  QString title;
  TimeScale time;
  QString left_title;
  QString right_title;                                   // empty: no right axis
  std::optional<std::pair<double, double>> right_range;  // a fixed range (utilisation: 0-100 %)
  std::vector<PlotLine> lines;
  std::vector<MarkerGroup> markers;
  QStringList run_labels;  // the overlaid runs' labels, by PlotLine::run
  double x_origin = 0.0;   // where the time axis starts: the runs' time 0
  /// Overlaid runs: each run has its colour in every chart, its lines told apart by dashes.
  bool colour_by_run = false;

  /// Equal signatures mean the same series and axes: a chart can then be updated in place.
  QString signature() const {
    QStringList parts{title, time.title, time.date_format, left_title, right_title};
    for (const PlotLine& l : lines)
      parts << l.name + (l.side == AxisSide::right ? "|r" : "|l") + (l.area ? "|a" : "");
    for (const MarkerGroup& m : markers)
      parts << "marker|" + m.name;
    return parts.join(QLatin1Char('\n'));
  }
};

}  // namespace stratus::gui
