#pragma once
// What the app asks `stratus run` for, and the command line that asks for it.
#include <QString>
#include <QStringList>

namespace stratus::gui {

struct RunRequest {
  QString scenario_file;
  QString variant;     // empty: the file as written
  QStringList params;  // "name=value", as --param takes them
  QStringList sets;    // "dotted.path=value", as --set takes them
  QString out_dir;     // where the results go
  double pace = 0.0;   // at most this many simulated seconds per wall second; 0: as fast as possible
};

/// A folder for a new run under `results_dir`: "NAME-yyyyMMdd-HHmmss", or with "-2", "-3"...
/// after it when that folder exists already (two runs started within the same second).
QString new_run_dir(const QString& results_dir, const QString& name);

/// The arguments of `stratus` for a streamed run: run FILE --stream --out DIR [--variant V]
/// [--param k=v]... [--set p=v]... [--pace N].
QStringList stratus_arguments(const RunRequest& request);

/// The same run as a user would type it (without --stream and --pace), quoted for a POSIX
/// shell: shown in the window so a class can repeat a run from the command line.
QString command_line_text(const RunRequest& request);

}  // namespace stratus::gui
