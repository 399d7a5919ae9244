#pragma once
// The command line of stratus-gui:
//   stratus-gui [FILE] [--run] [--screenshot out.png] [--size WxH] [--param k=v]... [--variant V]
//               [--compare DIR|comparison.csv]... [--tab run|compare|editor] [--results DIR]
//               [--theme system|light|dark]
#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

namespace stratus::gui {

struct AppOptions {
  QString file;        // a scenario to open
  bool run = false;    // run it at once
  QString screenshot;  // save a grab of the window (after the run with --run), then exit
  QSize size;          // window size; invalid: the remembered one
  QStringList params;  // "name=value"
  QString variant;
  QStringList compare;  // result folders or comparison.csv files for the compare tab
  QString tab;          // the tab to show: run, compare or editor
  QString results_dir;  // where runs write their results; empty: the remembered one
  QString theme;        // system, light or dark; empty: the remembered one
};

/// Parses the arguments (the program name first). Returns nullopt with a message on bad
/// input; `help` is set (and the usage put in `message`) for --help.
std::optional<AppOptions> parse_app_options(const QStringList& arguments, QString* message,
                                            bool* help = nullptr);

/// The `stratus` executable next to this one (the build puts both in bin/), else on the PATH.
QString find_stratus_binary();

}  // namespace stratus::gui
