#include "gui/app/app_main.hpp"

#include <QApplication>
#include <cstdio>

#include "gui/app/app_options.hpp"
#include "gui/app/auto_session.hpp"
#include "gui/app/main_window.hpp"
#include "gui/app/param_panel.hpp"

namespace stratus::gui {

namespace {

int usage_error(const QString& message) {
  std::fprintf(stderr, "stratus-gui: %s\nTry 'stratus-gui --help'.\n", qPrintable(message));
  return 2;
}

}  // namespace

int run_app(QApplication& app) {
  QApplication::setOrganizationName(QStringLiteral("Stratus"));
  QApplication::setApplicationName(QStringLiteral("stratus-gui"));
  QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

  QString message;
  bool help = false;
  const std::optional<AppOptions> options = parse_app_options(QApplication::arguments(), &message, &help);
  if (help) {
    std::fprintf(stdout, "%s", qPrintable(message));
    return 0;
  }
  if (!options) return usage_error(message);

  MainWindow window(find_stratus_binary(), options->results_dir);
  if (!options->theme.isEmpty()) window.set_theme(theme_choice_from_name(options->theme));
  if (options->size.isValid()) window.resize(options->size);

  const bool automatic = !options->screenshot.isEmpty();
  if (!options->file.isEmpty()) {
    QString error;
    if (!window.open_scenario(options->file, &error)) {
      if (automatic || options->run) return usage_error(error);
      std::fprintf(stderr, "stratus-gui: %s\n", qPrintable(error));
    }
  }
  if (!options->variant.isEmpty() && !window.param_panel()->set_variant(options->variant))
    return usage_error(QStringLiteral("no variant '%1' in %2").arg(options->variant, options->file));
  for (const QString& p : options->params) {
    const QString name = p.section(QLatin1Char('='), 0, 0), value = p.section(QLatin1Char('='), 1);
    if (!window.param_panel()->set_value(name, value))
      return usage_error(
          QStringLiteral("--param %1: no declared parameter '%2' takes '%3'").arg(p, name, value));
  }
  for (const QString& path : options->compare) {
    QString error;
    if (!window.add_comparison(path, &error)) return usage_error(error);
  }
  if (options->tab == QLatin1String("run")) window.show_tab(MainWindow::Tab::run);
  if (options->tab == QLatin1String("compare")) window.show_tab(MainWindow::Tab::compare);
  if (options->tab == QLatin1String("editor")) window.show_tab(MainWindow::Tab::editor);
  window.show();

  if (automatic || options->run) {
    auto* session = new AutoSession(&window, options->run, options->screenshot);
    QObject::connect(session, &AutoSession::done, &app, [](int code) { QApplication::exit(code); });
    session->begin();
  }
  return QApplication::exec();
}

}  // namespace stratus::gui
