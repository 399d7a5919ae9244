#pragma once
// Runs one `stratus run --stream` child at a time and decodes its JSON lines, on a thread of
// its own (never the GUI thread): a year-long run streams hundreds of thousands of rows. It
// hands decoded lines over in batches, at most ~30 a second, through queued signals.
//
// Pause and resume are SIGSTOP and SIGCONT on the child: the simulation is a process that
// shares nothing with anyone but its stdout pipe, so a paused run holds no lock anyone waits
// on. Stop is SIGTERM: the child stops at its next slice and still writes its partial results
// (and a "done" line); if it has not ended after a grace period it is killed.
#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <optional>

#include "gui/app/run_outcome.hpp"
#include "gui/app/run_request.hpp"
#include "gui/app/stream_message.hpp"

class QTimer;

namespace stratus::gui {

class RunWorker : public QObject {
  Q_OBJECT
 public:
  /// `stratus_path`: the `stratus` executable to run.
  explicit RunWorker(QString stratus_path, QObject* parent = nullptr);
  ~RunWorker() override;

  // Called on the worker's thread (the controller invokes them queued).
  void start(const stratus::gui::RunRequest& request);
  void pause();
  void resume();
  void stop();
  void set_pace(double sim_s_per_wall_s);
  /// Kills the child at once and waits for it (the window is closing).
  void abort();

 Q_SIGNALS:
  void started(qint64 process_id);
  void batch_ready(const stratus::gui::StreamBatch& batch);
  void finished(const stratus::gui::RunOutcome& outcome);

 private:
  void read_output();
  void read_errors();
  void take_lines(bool at_end);
  void handle(StreamMessage message);
  void flush_batch();
  void on_finished(int exit_code, QProcess::ExitStatus status);
  void on_error(QProcess::ProcessError error);
  void send_signal(int signal_number) const;
  RunOutcome outcome(int exit_code, QProcess::ExitStatus status) const;
  void end_run(const RunOutcome& outcome);

  QString stratus_path_;
  QProcess* process_ = nullptr;
  QTimer* flush_timer_ = nullptr;
  QTimer* kill_timer_ = nullptr;
  QByteArray pending_output_;  // the start of a line not yet complete
  QByteArray stderr_tail_;     // the last few KiB the child wrote on stderr
  StreamBatch batch_;
  std::optional<StreamDone> done_;
  std::optional<StreamError> error_;
  QStringList noise_;  // stdout lines outside the protocol
  bool paused_ = false;
  bool stopping_ = false;
  bool killed_ = false;
};

}  // namespace stratus::gui
