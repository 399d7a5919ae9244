#pragma once
// Run, pause, resume and stop from the GUI thread. The run itself is a child process driven
// by a RunWorker on a thread of its own; the controller turns the worker's batches into the
// RunData the charts draw (on the GUI thread, where RunData lives) and keeps what was drawn
// when a run fails or is stopped.
#include <QObject>
#include <QString>
#include <QThread>
#include <memory>

#include "gui/app/run_outcome.hpp"
#include "gui/app/run_request.hpp"
#include "gui/charts/run_data.hpp"

namespace stratus::gui {

class RunWorker;

class RunController : public QObject {
  Q_OBJECT
 public:
  enum class State { idle, running, paused, stopping, completed, stopped, failed };

  /// `stratus_path`: the `stratus` executable each run starts.
  explicit RunController(QString stratus_path, QObject* parent = nullptr);
  ~RunController() override;

  /// Starts a run; false (with a reason) while another one is going.
  bool start(const RunRequest& request, QString* error = nullptr);
  void pause();
  void resume();
  void stop();
  /// At most this many simulated seconds per wall second (0: as fast as possible); applies to
  /// the run going on, if any, and to the next ones.
  void set_pace(double sim_s_per_wall_s);
  double pace() const { return pace_; }

  State state() const { return state_; }
  /// running, paused or stopping: a child process exists.
  bool busy() const;
  const QString& stratus_path() const { return stratus_path_; }
  const RunRequest& request() const { return request_; }
  /// The run drawn now (the last one once it ended); null before the first run.
  std::shared_ptr<const RunData> data() const { return data_; }
  const RunProgress& progress() const { return progress_; }
  /// How the last run ended (valid once state() is completed, stopped or failed).
  const RunOutcome& outcome() const { return outcome_; }
  qint64 process_id() const { return process_id_; }

 Q_SIGNALS:
  void run_started(std::shared_ptr<const stratus::gui::RunData> data);
  void data_changed();
  void progress_changed(const stratus::gui::RunProgress& progress);
  void state_changed(stratus::gui::RunController::State state);
  void finished(const stratus::gui::RunOutcome& outcome);

 private:
  void apply(const StreamBatch& batch);
  void on_finished(const RunOutcome& outcome);
  void set_state(State state);

  QString stratus_path_;
  QThread thread_;
  RunWorker* worker_ = nullptr;  // lives on thread_
  State state_ = State::idle;
  double pace_ = 0.0;
  RunRequest request_;
  std::shared_ptr<RunData> data_;
  RunProgress progress_;
  RunOutcome outcome_;
  qint64 process_id_ = 0;
};

/// "running", "paused", ... for the status bar and logs.
QString state_text(RunController::State state);

}  // namespace stratus::gui
