#include "gui/app/theme.hpp"

#include <QApplication>
#include <QStyle>
#include <optional>

namespace stratus::gui {

namespace {

QPalette dark_palette() {
  QPalette p;
  const QColor window(45, 45, 48), base(30, 30, 32), text(220, 220, 220), disabled(128, 128, 128);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::ToolTipBase, base);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::red);
  p.setColor(QPalette::Link, QColor(90, 160, 255));
  p.setColor(QPalette::Highlight, QColor(42, 130, 218));
  p.setColor(QPalette::HighlightedText, Qt::black);
  p.setColor(QPalette::Light, QColor(70, 70, 74));
  p.setColor(QPalette::Midlight, QColor(60, 60, 64));
  p.setColor(QPalette::Mid, QColor(40, 40, 42));
  p.setColor(QPalette::Dark, QColor(25, 25, 26));
  p.setColor(QPalette::Shadow, Qt::black);
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, disabled);
  return p;
}

}  // namespace

QString theme_choice_name(ThemeChoice choice) {
  switch (choice) {
    case ThemeChoice::light:
      return QStringLiteral("light");
    case ThemeChoice::dark:
      return QStringLiteral("dark");
    case ThemeChoice::system:
      break;
  }
  return QStringLiteral("system");
}

ThemeChoice theme_choice_from_name(const QString& name) {
  if (name == QLatin1String("light")) return ThemeChoice::light;
  if (name == QLatin1String("dark")) return ThemeChoice::dark;
  return ThemeChoice::system;
}

void apply_theme(ThemeChoice choice) {
  static const QPalette system_palette = QApplication::palette();
  switch (choice) {
    case ThemeChoice::system:
      QApplication::setPalette(system_palette);
      break;
    case ThemeChoice::light:
      QApplication::setPalette(QApplication::style()->standardPalette());
      break;
    case ThemeChoice::dark:
      QApplication::setPalette(dark_palette());
      break;
  }
}

bool palette_is_dark(const QPalette& palette) {
  return palette.color(QPalette::Window).lightness() < 128;
}

QColor error_line_color(const QPalette& palette) {
  return palette_is_dark(palette) ? QColor(110, 35, 35) : QColor(255, 215, 215);
}

}  // namespace stratus::gui
