#include "gui/app/run_controller.hpp"

#include <QFileInfo>

#include "gui/app/run_worker.hpp"

namespace stratus::gui {

RunController::RunController(QString stratus_path, QObject* parent)
    : QObject(parent), stratus_path_(std::move(stratus_path)) {
  qRegisterMetaType<StreamBatch>();
  qRegisterMetaType<RunOutcome>();
  thread_.setObjectName(QStringLiteral("stratus-run"));
  worker_ = new RunWorker(stratus_path_);
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &RunWorker::started, this, [this](qint64 pid) { process_id_ = pid; });
  connect(worker_, &RunWorker::batch_ready, this, &RunController::apply);
  connect(worker_, &RunWorker::finished, this, &RunController::on_finished);
  thread_.start();
}

RunController::~RunController() {
  // The child must not outlive the window; abort() waits for it on the worker's thread.
  QMetaObject::invokeMethod(worker_, &RunWorker::abort, Qt::BlockingQueuedConnection);
  thread_.quit();
  thread_.wait();
}

bool RunController::busy() const {
  return state_ == State::running || state_ == State::paused || state_ == State::stopping;
}

bool RunController::start(const RunRequest& request, QString* error) {
  if (busy()) {
    if (error != nullptr) *error = tr("A run is already going; stop it first.");
    return false;
  }
  request_ = request;
  request_.pace = pace_;
  data_ =
      std::make_shared<RunData>(QFileInfo(request.scenario_file).completeBaseName() +
                                (request.variant.isEmpty() ? QString() : QLatin1Char('/') + request.variant));
  progress_ = {};
  outcome_ = {};
  process_id_ = 0;
  set_state(State::running);
  Q_EMIT run_started(data_);
  QMetaObject::invokeMethod(
      worker_, [worker = worker_, r = request_] { worker->start(r); }, Qt::QueuedConnection);
  return true;
}

void RunController::pause() {
  if (state_ != State::running) return;
  QMetaObject::invokeMethod(worker_, &RunWorker::pause, Qt::QueuedConnection);
  set_state(State::paused);
}

void RunController::resume() {
  if (state_ != State::paused) return;
  QMetaObject::invokeMethod(worker_, &RunWorker::resume, Qt::QueuedConnection);
  set_state(State::running);
}

void RunController::stop() {
  if (state_ != State::running && state_ != State::paused) return;
  QMetaObject::invokeMethod(worker_, &RunWorker::stop, Qt::QueuedConnection);
  set_state(State::stopping);
}

void RunController::set_pace(double sim_s_per_wall_s) {
  pace_ = std::max(0.0, sim_s_per_wall_s);
  if (busy())
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, pace = pace_] { worker->set_pace(pace); }, Qt::QueuedConnection);
}

void RunController::apply(const StreamBatch& batch) {
  if (!data_) return;
  // The calendar start lets a long run's axis show dates while it streams; the real summary
  // replaces this once the run ends.
  if (batch.start) data_->set_summary(*batch.start);
  if (batch.columns) data_->set_columns(*batch.columns);
  for (const auto& row : batch.rows)
    data_->append_row(row);
  for (const auto& event : batch.events)
    data_->add_event(event);
  if (batch.progress) {
    progress_ = *batch.progress;
    Q_EMIT progress_changed(progress_);
  }
  if (batch.columns || !batch.rows.isEmpty() || !batch.events.isEmpty()) Q_EMIT data_changed();
}

void RunController::on_finished(const RunOutcome& outcome) {
  outcome_ = outcome;
  process_id_ = 0;
  if (data_ && outcome.status != RunOutcome::Status::failed) {
    data_->set_summary(outcome.summary);
    const auto sim_time = outcome.summary.find("sim_time_s");
    if (sim_time != outcome.summary.end() && sim_time->is_number()) {
      progress_.sim_time_s = sim_time->get<double>();
      progress_.eta_s = 0.0;
      Q_EMIT progress_changed(progress_);
    }
    Q_EMIT data_changed();
  }
  set_state(outcome.status == RunOutcome::Status::completed ? State::completed
            : outcome.status == RunOutcome::Status::stopped ? State::stopped
                                                            : State::failed);
  Q_EMIT finished(outcome);
}

void RunController::set_state(State state) {
  if (state == state_) return;
  state_ = state;
  Q_EMIT state_changed(state);
}

QString state_text(RunController::State state) {
  switch (state) {
    case RunController::State::idle:
      return RunController::tr("ready");
    case RunController::State::running:
      return RunController::tr("running");
    case RunController::State::paused:
      return RunController::tr("paused");
    case RunController::State::stopping:
      return RunController::tr("stopping");
    case RunController::State::completed:
      return RunController::tr("completed");
    case RunController::State::stopped:
      return RunController::tr("stopped");
    case RunController::State::failed:
      return RunController::tr("failed");
  }
  return {};
}

}  // namespace stratus::gui
