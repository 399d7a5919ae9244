#pragma once
// Light and dark. By default the app follows the system palette (the desktop's theme through
// Qt's platform integration); View > Theme can force light or dark. The charts pick their
// theme from the application palette when they are built (gui/charts), so a change of palette
// only needs them redrawn.
#include <QColor>
#include <QPalette>
#include <QString>

namespace stratus::gui {

enum class ThemeChoice { system, light, dark };

QString theme_choice_name(ThemeChoice choice);  // "system", "light", "dark" (QSettings values)
ThemeChoice theme_choice_from_name(const QString& name);

/// Remembers the system palette on first use, then sets the application palette for `choice`.
void apply_theme(ThemeChoice choice);

bool palette_is_dark(const QPalette& palette);
/// The background of a line with a validator error, readable on `palette`.
QColor error_line_color(const QPalette& palette);

}  // namespace stratus::gui
