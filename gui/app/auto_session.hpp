#pragma once
// `stratus-gui FILE --run --screenshot out.png`: runs the scenario to the end, saves a grab of
// the window and quits, for tests and documentation. Without --run it grabs the window once
// it has settled (the editor with its errors, the compare tab, ...). With --run alone it only
// starts the run, and the window stays.
#include <QObject>
#include <QString>

namespace stratus::gui {

class MainWindow;
struct RunOutcome;

class AutoSession : public QObject {
  Q_OBJECT
 public:
  AutoSession(MainWindow* window, bool run, QString screenshot_path);

  /// Starts the run (or schedules the grab) once the event loop runs.
  void begin();

 Q_SIGNALS:
  /// After a screenshot: the exit code the application should return, 0 done, 1 the run
  /// failed or the grab could not be saved.
  void done(int exit_code);

 private:
  void on_run_finished(const RunOutcome& outcome);
  void grab_and_finish(int exit_code);

  MainWindow* window_;
  bool run_;
  QString screenshot_path_;
};

}  // namespace stratus::gui
