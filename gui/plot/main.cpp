// stratus-plot: draws a run's charts into an image file, with no display.
#include <QApplication>
#include <cstdio>

#include "gui/plot/plot_command.hpp"

namespace {

/// Qt's messages, less the offscreen platform's notice about XDG_RUNTIME_DIR: on a CI machine
/// or over ssh it is always there and says nothing about the charts.
void print_qt_message(QtMsgType type, const QMessageLogContext&, const QString& message) {
  if (type != QtFatalMsg && message.startsWith(QLatin1String("QStandardPaths:"))) return;
  std::fprintf(stderr, "%s\n", qPrintable(message));
}

}  // namespace

int main(int argc, char** argv) {
  qInstallMessageHandler(print_qt_message);
  // Qt's offscreen platform unless the caller chose one: no display is needed (CI, ssh).
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  return stratus::gui::plot_command(QApplication::arguments());
}
