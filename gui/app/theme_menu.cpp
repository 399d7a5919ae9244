#include "gui/app/theme_menu.hpp"

#include <QAction>
#include <QActionGroup>

namespace stratus::gui {

namespace {

QString label(ThemeChoice choice) {
  switch (choice) {
    case ThemeChoice::light:
      return ThemeMenu::tr("Light");
    case ThemeChoice::dark:
      return ThemeMenu::tr("Dark");
    case ThemeChoice::system:
      break;
  }
  return ThemeMenu::tr("Follow the system");
}

}  // namespace

ThemeMenu::ThemeMenu(QWidget* parent) : QMenu(tr("&Theme"), parent) {
  group_ = new QActionGroup(this);
  for (ThemeChoice choice : {ThemeChoice::system, ThemeChoice::light, ThemeChoice::dark}) {
    QAction* a = addAction(label(choice), this, [this, choice] { set_choice(choice); });
    a->setCheckable(true);
    a->setData(theme_choice_name(choice));
    group_->addAction(a);
  }
}

void ThemeMenu::set_choice(ThemeChoice choice) {
  choice_ = choice;
  for (QAction* a : group_->actions())
    a->setChecked(a->data().toString() == theme_choice_name(choice));
  apply_theme(choice);
}

}  // namespace stratus::gui
