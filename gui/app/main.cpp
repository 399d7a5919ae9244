// stratus-gui: the desktop app (gui/app/app_main.cpp).
#include <QApplication>

#include "gui/app/app_main.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  return stratus::gui::run_app(app);
}
