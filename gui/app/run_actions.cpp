#include "gui/app/run_actions.hpp"

#include <QAction>

#include "gui/app/run_controller.hpp"
#include "gui/app/scenario_document.hpp"

namespace stratus::gui {

RunActions::RunActions(RunController* controller, const ScenarioDocument* document, QObject* parent)
    : QObject(parent), controller_(controller), document_(document) {
  run_ = new QAction(tr("&Run"), this);
  run_->setShortcut(Qt::CTRL | Qt::Key_R);
  run_->setToolTip(tr("Run the scenario with these parameters (Ctrl+R)"));
  connect(run_, &QAction::triggered, this, &RunActions::run_requested);

  pause_ = new QAction(tr("&Pause"), this);
  pause_->setCheckable(true);
  pause_->setShortcut(Qt::CTRL | Qt::Key_P);
  connect(pause_, &QAction::triggered, this, [this](bool paused) {
    if (paused)
      controller_->pause();
    else
      controller_->resume();
  });

  stop_ = new QAction(tr("&Stop"), this);
  stop_->setShortcut(Qt::CTRL | Qt::Key_Period);
  stop_->setToolTip(tr("Stop the run; it keeps and writes what it has so far"));
  connect(stop_, &QAction::triggered, controller_, &RunController::stop);

  compare_last_ = new QAction(tr("Add the last run to Compare"), this);
  connect(compare_last_, &QAction::triggered, this, &RunActions::compare_last_requested);

  connect(controller_, &RunController::state_changed, this, &RunActions::update);
  connect(document_, &ScenarioDocument::loaded, this, &RunActions::update);
  update();
}

void RunActions::update() {
  const RunController::State state = controller_->state();
  const bool busy = controller_->busy();
  const bool going = state == RunController::State::running || state == RunController::State::paused;
  run_->setEnabled(!busy && document_->is_open() && document_->check().ok);
  pause_->setEnabled(going);
  pause_->setChecked(state == RunController::State::paused);
  pause_->setText(state == RunController::State::paused ? tr("Resume") : tr("Pause"));
  stop_->setEnabled(going);
  // Only a run that completed or was stopped has a results folder to compare.
  compare_last_->setEnabled(!controller_->outcome().out_dir.isEmpty() && !busy);
}

}  // namespace stratus::gui
