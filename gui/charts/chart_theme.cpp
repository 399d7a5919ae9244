#include "gui/charts/chart_theme.hpp"

#include <QGuiApplication>

namespace stratus::gui {

QChart::ChartTheme chart_theme_for(const QPalette& palette) {
  return palette.color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight;
}

QChart::ChartTheme current_chart_theme() {
  if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) == nullptr) return QChart::ChartThemeLight;
  return chart_theme_for(QGuiApplication::palette());
}

}  // namespace stratus::gui
