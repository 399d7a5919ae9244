// The names of a chart's lines, given once every line is in: whether the service can be left
// out depends on all of them.
#include <QSet>

#include "gui/charts/chart_builders.hpp"

namespace stratus::gui {

void name_lines(ChartContent& content, const ChartBuild& build) {
  QSet<QString> owners;
  for (const PlotLine& l : content.lines)
    if (!l.owner.isEmpty()) owners.insert(l.owner);
  // Most runs have one service: naming it in every entry made the legend too long to read.
  const bool one_owner = owners.size() == 1;
  if (one_owner) content.title += " (" + *owners.begin() + ")";
  for (PlotLine& l : content.lines) {
    l.label = one_owner || l.owner.isEmpty() ? l.what : l.owner + " " + l.what;
    const bool of_one_run = build.several() && l.run >= 0 && l.run < static_cast<int>(build.runs.size());
    l.name = of_one_run ? build.runs[static_cast<std::size_t>(l.run)]->label() + ": " + l.label : l.label;
  }
}

}  // namespace stratus::gui
