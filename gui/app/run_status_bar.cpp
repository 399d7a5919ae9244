#include "gui/app/run_status_bar.hpp"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>

#include "gui/app/progress_text.hpp"
#include "gui/app/run_controller.hpp"

namespace stratus::gui {

RunStatusBar::RunStatusBar(RunController* controller, QStatusBar* bar)
    : QObject(bar), controller_(controller), bar_(bar) {
  state_ = new QLabel(bar);
  sim_time_ = new QLabel(bar);
  sim_time_->setObjectName(QStringLiteral("sim_time"));
  eta_ = new QLabel(bar);
  eta_->setObjectName(QStringLiteral("eta"));
  progress_ = new QProgressBar(bar);
  progress_->setRange(0, 1000);  // per mille, as progress_permille() gives it
  progress_->setTextVisible(false);
  progress_->setMaximumWidth(200);
  bar->addWidget(state_);
  bar->addPermanentWidget(sim_time_);
  bar->addPermanentWidget(eta_);
  bar->addPermanentWidget(progress_);

  connect(controller_, &RunController::state_changed, this, &RunStatusBar::update_progress);
  connect(controller_, &RunController::progress_changed, this, &RunStatusBar::update_progress);
  connect(controller_, &RunController::finished, this, &RunStatusBar::report_end);
  update_progress();
}

void RunStatusBar::update_progress() {
  const RunProgress& p = controller_->progress();
  const RunController::State state = controller_->state();
  state_->setText(state_text(state));
  const bool any_run = state != RunController::State::idle;
  sim_time_->setText(any_run ? sim_time_text(p) : QString());
  // A paused run has no ETA: the wall time left depends on when it resumes.
  eta_->setText(controller_->busy() && state != RunController::State::paused ? eta_text(p) : QString());
  const int permille = progress_permille(p);
  progress_->setVisible(any_run);
  if (permille < 0) {
    progress_->setRange(0, 0);  // busy indicator: the run's length is unknown
  } else {
    progress_->setRange(0, 1000);
    progress_->setValue(permille);
  }
}

void RunStatusBar::report_end(const RunOutcome& outcome) {
  switch (outcome.status) {
    case RunOutcome::Status::completed:
      bar_->showMessage(tr("Run completed; results in %1").arg(outcome.out_dir), kRunEndMessageMs);
      break;
    case RunOutcome::Status::stopped:
      bar_->showMessage(tr("Run stopped; partial results in %1").arg(outcome.out_dir), kRunEndMessageMs);
      break;
    case RunOutcome::Status::failed:
      // The first line only: the whole message is on the run tab.
      bar_->showMessage(tr("Run failed: %1").arg(outcome.message.section(QLatin1Char('\n'), 0, 0)),
                        kRunEndMessageMs);
      break;
  }
}

}  // namespace stratus::gui
