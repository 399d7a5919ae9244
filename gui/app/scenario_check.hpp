#pragma once
// The scenario validator as the app sees it: what a file (or the editor's unsaved text)
// declares, its variants and parameters, and every error at its file:line:col. Parsing a
// scenario is quick (milliseconds) and touches no simulation, so it runs on the GUI thread.
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

namespace stratus::gui {

/// A declared parameter (`params:` in the file), as the parameter panel shows it.
struct ScenarioParam {
  QString name;
  QString default_text;  // as written in the file
  std::optional<double> min, max, step;
  QString unit;  // "/s", "instances", ...
  QString description;
};

struct ScenarioVariant {
  QString name;
  QString description;
};

/// One validator message; line and column are 1-based, 0 when the message has no position.
struct ScenarioDiagnostic {
  QString file;
  int line = 0;
  int column = 0;
  QString message;
  QString text;  // "file:line:col: message", as `stratus validate` prints it
};

struct ScenarioCheck {
  bool ok = false;
  QString name;
  QString description;
  double duration_s = 0.0;
  QVector<ScenarioParam> params;
  QVector<ScenarioVariant> variants;
  QVector<ScenarioDiagnostic> diagnostics;  // sorted by position; empty when ok
};

/// Checks a file as `stratus validate` would. Never throws: an unreadable file is a diagnostic.
ScenarioCheck check_scenario_file(const QString& path);
/// Checks text that may not be saved yet, as if it were the file `path` (relative paths in it,
/// such as a trace folder, are read from there).
ScenarioCheck check_scenario_text(const QString& text, const QString& path);

}  // namespace stratus::gui
