#pragma once
// Charts follow the application's light or dark palette.
#include <QChart>
#include <QPalette>

namespace stratus::gui {

/// ChartThemeDark for a dark window colour, ChartThemeLight otherwise.
QChart::ChartTheme chart_theme_for(const QPalette& palette);
/// The theme for the running application (light when there is no GUI application).
QChart::ChartTheme current_chart_theme();

}  // namespace stratus::gui
