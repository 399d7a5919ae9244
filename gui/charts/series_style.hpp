#pragma once
// The colour and dash of each line of a chart, decided in one place so that the series and
// the legend agree: a single run gives each line a colour of its own; overlaid runs give each
// run its colour and each quantity its dash (solid instances, dashed failed, ...).
#include <QColor>
#include <vector>

#include "gui/charts/chart_content.hpp"

namespace stratus::gui {

struct LineStyle {
  QColor colour;
  Qt::PenStyle pen = Qt::SolidLine;
};

/// Ten distinct colours (Tableau 10), readable on light and dark themes, by index.
QColor series_colour(std::size_t index);
/// The colour of lines that overlaid runs share (the same arrivals, the same SLO).
QColor shared_line_colour();

/// One style per line of `content`, in its order.
std::vector<LineStyle> line_styles(const ChartContent& content);
/// Overlaid runs: the dash of a line of that label ("failed"); the first label of the chart
/// is solid, the next dashed, dotted... A line built with a dash of its own keeps it.
Qt::PenStyle overlay_dash(const ChartContent& content, const QString& label);

}  // namespace stratus::gui
