#pragma once
// The status bar's account of the run: its state, the simulated time reached out of the run's
// length, the ETA and a progress bar while it goes; then how it ended and where its results are.
#include <QObject>

class QLabel;
class QProgressBar;
class QStatusBar;

namespace stratus::gui {

class RunController;
struct RunOutcome;

class RunStatusBar : public QObject {
  Q_OBJECT
 public:
  /// How long the message about a finished run stays.
  static constexpr int kRunEndMessageMs = 15000;

  /// Adds its labels to `bar` and follows `controller` from now on.
  RunStatusBar(RunController* controller, QStatusBar* bar);

  QLabel* sim_time_label() const { return sim_time_; }
  QLabel* eta_label() const { return eta_; }

 private:
  void update_progress();
  void report_end(const RunOutcome& outcome);

  RunController* controller_;
  QStatusBar* bar_;
  QLabel* state_ = nullptr;
  QLabel* sim_time_ = nullptr;
  QLabel* eta_ = nullptr;
  QProgressBar* progress_ = nullptr;
};

}  // namespace stratus::gui
