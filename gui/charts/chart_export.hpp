#pragma once
// Charts to image files with no window: PNG or SVG by the file's suffix, written to a
// temporary name and renamed, so that a failure never leaves a partial file behind.
// save_chart() (chart_panel.hpp) is the one-chart case.
#include <QChart>
#include <QSize>
#include <QString>
#include <vector>

namespace stratus::gui {

/// The charts in a grid of `columns` columns filling an image of `size` (each cell the same
/// size). False, with a message naming the file, on an unknown suffix or a write error.
bool save_chart_grid(const std::vector<QChart*>& charts, int columns, const QSize& size, const QString& path,
                     QString* error);

}  // namespace stratus::gui
