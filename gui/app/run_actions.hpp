#pragma once
// Run, Pause/Resume, Stop and "Add the last run to Compare", shared by the Run menu, the
// toolbar and the dock's button, and enabled as the run's state and the open scenario allow
// (Run only for a scenario without errors and no run going). Pause and Stop go straight to the
// RunController; starting a run and comparing need the rest of the window, so those are
// signals.
#include <QObject>

class QAction;

namespace stratus::gui {

class RunController;
class ScenarioDocument;

class RunActions : public QObject {
  Q_OBJECT
 public:
  RunActions(RunController* controller, const ScenarioDocument* document, QObject* parent);

  QAction* run() const { return run_; }
  QAction* pause() const { return pause_; }
  QAction* stop() const { return stop_; }
  QAction* compare_last() const { return compare_last_; }

 Q_SIGNALS:
  void run_requested();
  void compare_last_requested();

 private:
  void update();

  RunController* controller_;
  const ScenarioDocument* document_;
  QAction* run_ = nullptr;
  QAction* pause_ = nullptr;
  QAction* stop_ = nullptr;
  QAction* compare_last_ = nullptr;
};

}  // namespace stratus::gui
