#pragma once
// View > Theme: follow the system, light or dark, with the current choice checked. Choosing
// one applies it to the whole application (theme.hpp); the window redraws its charts when
// the palette changes.
#include <QMenu>

#include "gui/app/theme.hpp"

class QActionGroup;

namespace stratus::gui {

class ThemeMenu : public QMenu {
  Q_OBJECT
 public:
  explicit ThemeMenu(QWidget* parent = nullptr);

  /// Applies `choice` and checks its entry.
  void set_choice(ThemeChoice choice);
  ThemeChoice choice() const { return choice_; }

 private:
  QActionGroup* group_ = nullptr;
  ThemeChoice choice_ = ThemeChoice::system;
};

}  // namespace stratus::gui
