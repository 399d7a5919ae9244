#include "gui/app/auto_session.hpp"

#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

#include "gui/app/main_window.hpp"
#include "gui/app/run_controller.hpp"

namespace stratus::gui {

namespace {
// Time for layouts and charts to settle after the last change before the grab.
constexpr int kSettleMs = 400;

void print_error(const QString& message) {
  std::fprintf(stderr, "stratus-gui: %s\n", qPrintable(message));
}
}  // namespace

AutoSession::AutoSession(MainWindow* window, bool run, QString screenshot_path)
    : QObject(window), window_(window), run_(run), screenshot_path_(std::move(screenshot_path)) {}

void AutoSession::begin() {
  if (!run_) {
    QTimer::singleShot(kSettleMs, this, [this] { grab_and_finish(0); });
    return;
  }
  connect(window_->controller(), &RunController::finished, this, &AutoSession::on_run_finished);
  QTimer::singleShot(0, this, [this] {
    QString error;
    if (window_->start_run(&error)) return;
    print_error(tr("cannot run: %1").arg(error));
    if (!screenshot_path_.isEmpty()) Q_EMIT done(1);  // --run alone: the window stays, showing why
  });
}

void AutoSession::on_run_finished(const RunOutcome& outcome) {
  const bool failed = outcome.status == RunOutcome::Status::failed;
  if (failed) print_error(tr("the run failed: %1").arg(outcome.message));
  if (screenshot_path_.isEmpty()) return;  // --run alone: the window stays open
  // A failed run is grabbed too (a picture of the failure helps), then exits with 1.
  QTimer::singleShot(kSettleMs, this, [this, failed] { grab_and_finish(failed ? 1 : 0); });
}

void AutoSession::grab_and_finish(int exit_code) {
  const QPixmap shot = window_->grab();
  QDir().mkpath(QFileInfo(screenshot_path_).absolutePath());
  if (shot.isNull() || !shot.save(screenshot_path_, "PNG")) {
    print_error(tr("cannot save the screenshot to %1").arg(screenshot_path_));
    Q_EMIT done(1);
    return;
  }
  std::fprintf(stdout, "screenshot: %s\n", qPrintable(screenshot_path_));
  std::fflush(stdout);
  Q_EMIT done(exit_code);
}

}  // namespace stratus::gui
