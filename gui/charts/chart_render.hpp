#pragma once
// ChartContent -> QChart: axes (time at the bottom, values left, optionally right), line and
// stacked-area series, event markers with tooltips. A live chart is updated in place (points
// replaced, axes rescaled) as long as its series stay the same.
#include <QChart>

#include "gui/charts/chart_content.hpp"

namespace stratus::gui {

/// A new chart, themed after the application's palette. The caller owns it.
QChart* render_chart(const ChartContent& content);

/// Replaces the points and ranges of a chart made by render_chart() from content of the same
/// signature and returns true; returns false, changing nothing, when the series differ.
bool update_chart(QChart* chart, const ChartContent& content);

}  // namespace stratus::gui
