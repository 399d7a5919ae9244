#include "gui/app/run_worker.hpp"

#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <QTimer>

namespace stratus::gui {

namespace {

constexpr int kBatchIntervalMs = 33;     // ~30 batches a second at most
constexpr int kStopGraceMs = 20000;      // a stopped run writes its results; then it is killed
constexpr qsizetype kStderrKeep = 8192;  // what a failure message can quote
constexpr qsizetype kNoiseKeep = 20;

// A SimGrid backtrace ("Backtrace (displayed in actor maestro):", then "  ->  3# symbol in
// file" lines) says nothing a user can act on and would push the charts off the run tab;
// the line above it, SimGrid's own message, is the one worth showing.
bool is_backtrace_line(const QString& line) {
  return line.startsWith(QLatin1String("Backtrace (displayed in actor")) ||
         line.trimmed().startsWith(QLatin1String("->  "));
}

QString last_lines(const QByteArray& text, int count) {
  QStringList lines;
  for (const QString& line : QString::fromUtf8(text).trimmed().split(QLatin1Char('\n')))
    if (!is_backtrace_line(line)) lines << line;
  while (lines.size() > count)
    lines.removeFirst();
  return lines.join(QLatin1Char('\n'));
}

}  // namespace

RunWorker::RunWorker(QString stratus_path, QObject* parent)
    : QObject(parent), stratus_path_(std::move(stratus_path)) {
  flush_timer_ = new QTimer(this);
  flush_timer_->setSingleShot(true);
  flush_timer_->setInterval(kBatchIntervalMs);
  connect(flush_timer_, &QTimer::timeout, this, &RunWorker::flush_batch);
  kill_timer_ = new QTimer(this);
  kill_timer_->setSingleShot(true);
  kill_timer_->setInterval(kStopGraceMs);
  connect(kill_timer_, &QTimer::timeout, this, [this] {
    if (process_ == nullptr) return;
    killed_ = true;
    process_->kill();
  });
}

RunWorker::~RunWorker() {
  abort();
}

void RunWorker::start(const RunRequest& request) {
  if (process_ != nullptr) return;  // the controller starts one run at a time
  pending_output_.clear();
  stderr_tail_.clear();
  batch_ = {};
  done_.reset();
  error_.reset();
  noise_.clear();
  paused_ = stopping_ = killed_ = false;

  process_ = new QProcess(this);
  connect(process_, &QProcess::readyReadStandardOutput, this, &RunWorker::read_output);
  connect(process_, &QProcess::readyReadStandardError, this, &RunWorker::read_errors);
  connect(process_, &QProcess::finished, this, &RunWorker::on_finished);
  connect(process_, &QProcess::errorOccurred, this, &RunWorker::on_error);
#ifdef __linux__
  // A run must not outlive the app, not even a paused one after a crash of the window: the
  // child is killed when the thread that started it (this one) goes away.
  process_->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
  process_->start(stratus_path_, stratus_arguments(request));
  if (process_ != nullptr && process_->waitForStarted()) Q_EMIT started(process_->processId());
}

void RunWorker::send_signal(int signal_number) const {
  if (process_ == nullptr || process_->state() != QProcess::Running) return;
  ::kill(static_cast<pid_t>(process_->processId()), signal_number);
}

void RunWorker::pause() {
  if (paused_ || stopping_) return;
  send_signal(SIGSTOP);
  paused_ = true;
}

void RunWorker::resume() {
  if (!paused_) return;
  send_signal(SIGCONT);
  paused_ = false;
}

void RunWorker::stop() {
  if (process_ == nullptr || stopping_) return;
  stopping_ = true;
  // A stopped process keeps SIGTERM pending until it continues: terminate, then continue.
  send_signal(SIGTERM);
  if (paused_) send_signal(SIGCONT);
  paused_ = false;
  kill_timer_->start();
}

void RunWorker::set_pace(double sim_s_per_wall_s) {
  if (process_ == nullptr || process_->state() != QProcess::Running) return;
  process_->write(QByteArray("pace ") + QByteArray::number(std::max(0.0, sim_s_per_wall_s), 'g', 12) + '\n');
}

void RunWorker::abort() {
  if (process_ == nullptr) return;
  process_->disconnect(this);
  if (paused_) send_signal(SIGCONT);
  process_->kill();
  process_->waitForFinished(5000);
  delete process_;
  process_ = nullptr;
  kill_timer_->stop();
  flush_timer_->stop();
}

void RunWorker::read_output() {
  if (process_ == nullptr) return;
  pending_output_ += process_->readAllStandardOutput();
  take_lines(false);
}

void RunWorker::read_errors() {
  if (process_ == nullptr) return;
  stderr_tail_ += process_->readAllStandardError();
  if (stderr_tail_.size() > kStderrKeep) stderr_tail_ = stderr_tail_.right(kStderrKeep);
}

void RunWorker::take_lines(bool at_end) {
  qsizetype start = 0;
  for (qsizetype end = pending_output_.indexOf('\n'); end >= 0; end = pending_output_.indexOf('\n', start)) {
    const QByteArray line = pending_output_.mid(start, end - start);
    if (!line.trimmed().isEmpty()) handle(decode_stream_line(line));
    start = end + 1;
  }
  pending_output_.remove(0, start);
  if (at_end && !pending_output_.trimmed().isEmpty()) {
    handle(decode_stream_line(pending_output_));
    pending_output_.clear();
  }
  if (!batch_.empty() && !flush_timer_->isActive()) flush_timer_->start();
}

void RunWorker::handle(StreamMessage message) {
  struct Visitor {
    RunWorker& w;
    void operator()(StreamStart& m) { w.batch_.start = std::move(m.info); }
    void operator()(StreamColumns& m) { w.batch_.columns = std::move(m.columns); }
    void operator()(StreamRow& m) { w.batch_.rows.push_back(std::move(m.values)); }
    void operator()(RunEvent& m) { w.batch_.events.push_back(std::move(m)); }
    void operator()(RunProgress& m) { w.batch_.progress = m; }
    void operator()(StreamDone& m) { w.done_ = std::move(m); }
    void operator()(StreamError& m) { w.error_ = std::move(m); }
    void operator()(StreamNoise& m) {
      if (w.noise_.size() < kNoiseKeep) w.noise_.push_back(std::move(m.text));
    }
  };
  std::visit(Visitor{*this}, message);
}

void RunWorker::flush_batch() {
  flush_timer_->stop();
  if (batch_.empty()) return;
  StreamBatch batch = std::move(batch_);
  batch_ = {};
  Q_EMIT batch_ready(batch);
}

RunOutcome RunWorker::outcome(int exit_code, QProcess::ExitStatus status) const {
  RunOutcome o;
  o.exit_code = status == QProcess::NormalExit ? exit_code : -1;
  if (done_ && status == QProcess::NormalExit && exit_code == 0) {
    o.status = done_->stopped ? RunOutcome::Status::stopped : RunOutcome::Status::completed;
    o.out_dir = done_->out_dir;
    o.summary = done_->summary;
    return o;
  }
  o.status = RunOutcome::Status::failed;
  if (error_) {
    o.message = error_->message;
    o.diagnostics = error_->diagnostics;
    return o;
  }
  const QString stderr_text = last_lines(stderr_tail_, 12);
  if (killed_) {
    o.message = tr("The run did not stop within %1 s of the request and was killed; it left no results.")
                    .arg(kStopGraceMs / 1000);
  } else if (stopping_ && status == QProcess::CrashExit) {
    // The stop itself went wrong in the simulator (a bug there, not in the scenario): say so,
    // and how to get results anyway.
    o.message =
        tr("The simulation aborted while stopping, so it wrote no partial results. "
           "To get results, run it again and let it finish (\"As fast as possible\" is quickest).");
  } else if (status == QProcess::CrashExit) {
    o.message = tr("The simulation process ended abruptly (it crashed or was killed).");
  } else if (exit_code != 0) {
    o.message = tr("stratus exited with code %1.").arg(exit_code);
  } else {
    o.message = tr("stratus ended without reporting results.");
  }
  if (!stderr_text.isEmpty()) o.message += QLatin1Char('\n') + stderr_text;
  if (!noise_.isEmpty()) o.message += QLatin1Char('\n') + noise_.join(QLatin1Char('\n'));
  return o;
}

void RunWorker::on_finished(int exit_code, QProcess::ExitStatus status) {
  if (process_ == nullptr) return;
  pending_output_ += process_->readAllStandardOutput();
  read_errors();
  take_lines(true);
  end_run(outcome(exit_code, status));
}

void RunWorker::on_error(QProcess::ProcessError error) {
  if (process_ == nullptr || error != QProcess::FailedToStart) return;  // the others end in finished()
  RunOutcome o;
  o.message = tr("Could not start the simulator '%1': %2. It should sit next to stratus-gui; build it with "
                 "`cmake --build build --target stratus`.")
                  .arg(stratus_path_, process_->errorString());
  end_run(o);
}

void RunWorker::end_run(const RunOutcome& outcome) {
  kill_timer_->stop();
  flush_batch();
  process_->disconnect(this);
  process_->deleteLater();
  process_ = nullptr;
  paused_ = stopping_ = false;
  Q_EMIT finished(outcome);
}

}  // namespace stratus::gui
