#pragma once
// What a chart's legend lists, as plain data. A single run: one entry per line, with its colour
// and dash. Overlaid runs: one entry per run (its colour), one per quantity (its dash) and
// one per shared line, instead of one per run and quantity, which made a legend of ten
// entries for five variants. Then the event markers' kinds, close together.
#include <QColor>
#include <QString>
#include <vector>

#include "gui/charts/chart_content.hpp"

namespace stratus::gui {

struct LegendEntry {
  /// A line with its dash; a filled box (a stacked area, or a run's colour where runs
  /// overlay, which the box tells apart from the dashes of the quantities); an event marker.
  enum class Swatch { line, box, marker };
  QString text;
  QString tooltip;
  Swatch swatch = Swatch::line;
  QColor colour;  // invalid: the legend's text colour (a dash that stands for every run)
  Qt::PenStyle pen = Qt::SolidLine;
  bool event_kind = false;  // drawn close to the other event kinds and kept on their row
};

std::vector<LegendEntry> legend_entries(const ChartContent& content);

}  // namespace stratus::gui
