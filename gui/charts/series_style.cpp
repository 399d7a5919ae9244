#include "gui/charts/series_style.hpp"

#include <iterator>

namespace stratus::gui {

QColor series_colour(std::size_t index) {
  // The themes' own palettes have five colours, and a latency chart of two services already
  // needs six.
  static const QColor kColours[] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2,
                                    0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
  return kColours[index % std::size(kColours)];
}

QColor shared_line_colour() {
  return QColor(0x7f, 0x7f, 0x7f);
}

Qt::PenStyle overlay_dash(const ChartContent& content, const QString& label) {
  static constexpr Qt::PenStyle kDashes[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
  for (const PlotLine& l : content.lines)
    if (l.label == label && l.pen != Qt::SolidLine) return l.pen;
  QStringList solid;  // the labels of the runs' solid lines, in the order they first appear
  for (const PlotLine& l : content.lines)
    if (l.run >= 0 && l.pen == Qt::SolidLine && !solid.contains(l.label)) solid << l.label;
  const auto index = solid.indexOf(label);
  return index < 0 ? Qt::SolidLine : kDashes[static_cast<std::size_t>(index) % std::size(kDashes)];
}

std::vector<LineStyle> line_styles(const ChartContent& content) {
  std::vector<LineStyle> styles;
  styles.reserve(content.lines.size());
  for (std::size_t i = 0; i < content.lines.size(); ++i) {
    const PlotLine& l = content.lines[i];
    if (!content.colour_by_run) {
      styles.push_back({series_colour(i), l.pen});
      continue;
    }
    // A run's lines share its colour and differ by dash; the same quantity has the same dash
    // in every run, so that one legend entry per run and one per quantity say it all.
    if (l.run < 0)
      styles.push_back({shared_line_colour(), l.pen});
    else
      styles.push_back({series_colour(static_cast<std::size_t>(l.run)), overlay_dash(content, l.label)});
  }
  return styles;
}

}  // namespace stratus::gui
