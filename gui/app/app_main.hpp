#pragma once
// The whole of stratus-gui's main(), in the library so that tests can drive it too.
class QApplication;

namespace stratus::gui {

/// Sets the application's names (for QSettings), reads the command line, opens the window
/// and runs the event loop; returns the process's exit code.
int run_app(QApplication& app);

}  // namespace stratus::gui
