#include "gui/charts/legend_entries.hpp"

#include "gui/charts/series_style.hpp"

namespace stratus::gui {

namespace {

void add_lines_of_one_run(const ChartContent& content, std::vector<LegendEntry>& out) {
  const std::vector<LineStyle> styles = line_styles(content);
  for (std::size_t i = 0; i < content.lines.size(); ++i) {
    const PlotLine& l = content.lines[i];
    out.push_back({l.name, l.name, l.area ? LegendEntry::Swatch::box : LegendEntry::Swatch::line,
                   styles[i].colour, styles[i].pen});
  }
}

void add_lines_of_overlaid_runs(const ChartContent& content, std::vector<LegendEntry>& out) {
  QList<int> runs;
  QStringList labels;
  for (const PlotLine& l : content.lines) {
    if (l.run < 0) continue;
    if (!runs.contains(l.run)) runs << l.run;
    if (!labels.contains(l.label)) labels << l.label;
  }
  for (const int run : runs) {
    const QString name = content.run_labels.value(run);
    out.push_back({name, name + ": the lines of this colour", LegendEntry::Swatch::box,
                   series_colour(static_cast<std::size_t>(run))});
  }
  for (const QString& label : labels)
    out.push_back({label, label + ": each run's line with this dash, in the run's colour",
                   LegendEntry::Swatch::line, QColor(), overlay_dash(content, label)});
  for (const PlotLine& l : content.lines)
    if (l.run < 0)
      out.push_back({l.name, l.name + ": the same in every run", LegendEntry::Swatch::line,
                     shared_line_colour(), l.pen});
}

}  // namespace

std::vector<LegendEntry> legend_entries(const ChartContent& content) {
  std::vector<LegendEntry> out;
  if (content.colour_by_run)
    add_lines_of_overlaid_runs(content, out);
  else
    add_lines_of_one_run(content, out);
  for (const MarkerGroup& m : content.markers) {
    LegendEntry e{m.name, "Markers at the top: " + m.name + ". Point at one for when and what.",
                  LegendEntry::Swatch::marker, m.colour};
    e.event_kind = true;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace stratus::gui
