#pragma once
// The catalogue: for each chart kind, what it shows of one run or several overlaid runs.
#include <vector>

#include "gui/charts/chart_content.hpp"
#include "gui/charts/chart_panel.hpp"
#include "gui/charts/run_data.hpp"

namespace stratus::gui {

/// The chart's lines, axes and markers; each series at most `max_points` points.
ChartContent chart_content(ChartKind kind, const std::vector<const RunData*>& runs, int max_points = 2000);

}  // namespace stratus::gui
