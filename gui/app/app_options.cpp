#include "gui/app/app_options.hpp"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace stratus::gui {

std::optional<AppOptions> parse_app_options(const QStringList& arguments, QString* message, bool* help) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Stratus desktop app: run scenarios with live charts, compare results, edit scenarios."));
  const QCommandLineOption help_option = parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Scenario file to open (YAML)"),
                               QStringLiteral("[FILE]"));
  const QCommandLineOption run({QStringLiteral("run")}, QStringLiteral("Run the scenario at once."));
  const QCommandLineOption screenshot(
      {QStringLiteral("screenshot")},
      QStringLiteral("Save a grab of the window to PNG (after the run with --run), "
                     "then exit: 0 on success, 1 when the run fails."),
      QStringLiteral("out.png"));
  const QCommandLineOption size({QStringLiteral("size")}, QStringLiteral("Window size, e.g. 1600x1000."),
                                QStringLiteral("WxH"));
  const QCommandLineOption param({QStringLiteral("param")}, QStringLiteral("Set a declared parameter: k=v."),
                                 QStringLiteral("k=v"));
  const QCommandLineOption variant({QStringLiteral("variant")},
                                   QStringLiteral("Choose a variant of the scenario."),
                                   QStringLiteral("NAME"));
  const QCommandLineOption compare(
      {QStringLiteral("compare")},
      QStringLiteral("Open a result folder or comparison.csv in the compare tab."), QStringLiteral("PATH"));
  const QCommandLineOption tab({QStringLiteral("tab")},
                               QStringLiteral("Show this tab: run, compare or editor."),
                               QStringLiteral("TAB"));
  const QCommandLineOption results({QStringLiteral("results")},
                                   QStringLiteral("Folder where runs write their results."),
                                   QStringLiteral("DIR"));
  const QCommandLineOption theme({QStringLiteral("theme")}, QStringLiteral("system, light or dark."),
                                 QStringLiteral("THEME"));
  parser.addOptions({run, screenshot, size, param, variant, compare, tab, results, theme});

  auto fail = [&](const QString& text) -> std::optional<AppOptions> {
    if (message != nullptr) *message = text;
    return std::nullopt;
  };
  if (!parser.parse(arguments)) return fail(parser.errorText());
  if (parser.isSet(help_option)) {
    if (help != nullptr) *help = true;
    return fail(parser.helpText());
  }
  AppOptions options;
  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1)
    return fail(QStringLiteral("one scenario file at most, got: %1").arg(positional.join(' ')));
  if (!positional.isEmpty()) options.file = positional.first();
  options.run = parser.isSet(run);
  options.screenshot = parser.value(screenshot);
  if (parser.isSet(size)) {
    static const QRegularExpression wxh(QStringLiteral("^(\\d+)x(\\d+)$"));
    const auto match = wxh.match(parser.value(size));
    if (!match.hasMatch() || match.captured(1).toInt() < 200 || match.captured(2).toInt() < 150)
      return fail(QStringLiteral("--size takes WIDTHxHEIGHT in pixels (at least 200x150), got '%1'")
                      .arg(parser.value(size)));
    options.size = QSize(match.captured(1).toInt(), match.captured(2).toInt());
  }
  for (const QString& p : parser.values(param)) {
    if (p.indexOf(QLatin1Char('=')) <= 0)
      return fail(QStringLiteral("--param takes name=value, got '%1'").arg(p));
    options.params << p;
  }
  options.variant = parser.value(variant);
  options.compare = parser.values(compare);
  options.tab = parser.value(tab);
  if (!options.tab.isEmpty() && !QStringList{"run", "compare", "editor"}.contains(options.tab))
    return fail(QStringLiteral("--tab takes run, compare or editor, got '%1'").arg(options.tab));
  options.results_dir = parser.value(results);
  options.theme = parser.value(theme);
  if (!options.theme.isEmpty() && !QStringList{"system", "light", "dark"}.contains(options.theme))
    return fail(QStringLiteral("--theme takes system, light or dark, got '%1'").arg(options.theme));
  if (options.run && options.file.isEmpty()) return fail(QStringLiteral("--run needs a scenario FILE"));
  return options;
}

QString find_stratus_binary() {
  const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("stratus"));
  if (QFileInfo(beside).isExecutable()) return beside;
  const QString on_path = QStandardPaths::findExecutable(QStringLiteral("stratus"));
  return on_path.isEmpty() ? beside : on_path;
}

}  // namespace stratus::gui
