// Runs through the RunController and the live view: to the end (charts equal summary.json
// and rows equal timeseries.csv), paused and resumed, stopped, killed mid-way, aborting when
// stopped, and bad input.
#include <signal.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "gui/app/live_view.hpp"
#include "gui/app/run_controller.hpp"
#include "gui/app/summary_table_model.hpp"
#include "gui/charts/chart_panel.hpp"
#include "test_support.hpp"

using namespace stratus::gui;
using namespace stratus::gui::testing;

namespace {

constexpr int kRunTimeoutMs = 60000;

/// The one-letter state of a process from /proc ('T' when stopped by SIGSTOP).
char process_state(qint64 pid) {
  QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
  if (!stat.open(QIODevice::ReadOnly)) return '?';
  const QByteArray text = stat.readAll();
  const qsizetype paren = text.lastIndexOf(')');
  return paren >= 0 && paren + 2 < text.size() ? text[paren + 2] : '?';
}

}  // namespace

class RunTest : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir tmp_;

  RunRequest request(const QString& name, const QString& scenario, QStringList params = {},
                     QStringList sets = {}) {
    RunRequest r;
    r.scenario_file = scenario;
    r.params = std::move(params);
    r.sets = std::move(sets);
    r.out_dir = tmp_.filePath(name);
    return r;
  }
  QString web_service() const { return source_path(QStringLiteral("scenarios/web-service.yaml")); }

  /// A stand-in for `stratus run --stream` that streams a real run's lines, then aborts on
  /// SIGTERM instead of stopping cleanly, as serverless runs once did (SimGrid: "Cannot destroy
  /// semaphore"), writing what SimGrid writes then: its message and a backtrace.
  QString aborting_stratus() {
    QByteArray stream;
    if (run_stratus({QStringLiteral("run"), web_service(), QStringLiteral("--set"),
                     QStringLiteral("simulation.duration=2h"), QStringLiteral("--out"),
                     tmp_.filePath(QStringLiteral("recorded")), QStringLiteral("--stream")},
                    &stream) != 0)
      return {};
    QByteArray lines;
    for (const QByteArray& line : stream.split('\n'))
      if (!line.isEmpty() && !line.contains("\"type\":\"done\"")) lines += line + '\n';
    const QString recorded = tmp_.filePath(QStringLiteral("recorded.jsonl"));
    const QString report = tmp_.filePath(QStringLiteral("abort-report.txt"));
    const QString fake = tmp_.filePath(QStringLiteral("aborting-stratus.sh"));
    write_text(recorded, QString::fromUtf8(lines));
    write_text(report, QStringLiteral("[13362.081132] SemaphoreImpl.hpp:79: [root/CRITICAL] Cannot destroy "
                                      "semaphore since someone is still using it\n"
                                      "Backtrace (displayed in actor maestro):\n"
                                      "  ->  0# xbt_backtrace_display_current in libsimgrid.so.3.32\n"));
    write_text(fake, QStringLiteral("#!/bin/sh\n"
                                    "trap 'cat \"%1\" >&2; kill -ABRT $$' TERM\n"
                                    "cat \"%2\"\n"
                                    "while :; do sleep 0.05; done\n")
                         .arg(report, recorded));
    QFile::setPermissions(fake, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return fake;
  }

 private Q_SLOTS:
  void initTestCase() { isolate_settings(tmp_.filePath(QStringLiteral("settings"))); }

  void a_run_to_the_end_draws_what_summary_json_says() {
    RunController controller(stratus_binary());
    LiveView view(&controller);
    view.resize(1200, 900);
    QSignalSpy done(&controller, &RunController::finished);
    QVERIFY(controller.start(request(QStringLiteral("full"), web_service(), {QStringLiteral("instances=8")},
                                     {QStringLiteral("simulation.duration=2h")})));
    QCOMPARE(controller.state(), RunController::State::running);
    QVERIFY(done.wait(kRunTimeoutMs));
    QCOMPARE(controller.state(), RunController::State::completed);
    const RunOutcome& outcome = controller.outcome();
    const QString out = tmp_.filePath(QStringLiteral("full"));
    QCOMPARE(outcome.out_dir, out);

    // The rows the app received are timeseries.csv, cell for cell.
    const RunData& data = *controller.data();
    const NumericCsv csv = read_numeric_csv(out + QStringLiteral("/timeseries.csv"));
    QCOMPARE(data.columns(), csv.header);
    QCOMPARE(data.row_count(), static_cast<int>(csv.rows.size()));
    for (int c = 0; c < csv.header.size(); ++c)
      QVERIFY2(same_number(data.last(csv.header[c]), csv.rows.last()[c]), qPrintable(csv.header[c]));
    const QVector<QPointF> arrivals = data.series(QStringLiteral("web.requests_arrived"), 100000);
    QCOMPARE(arrivals.size(), static_cast<qsizetype>(csv.rows.size()));

    // The charts' last points are the run's final figures.
    const nlohmann::json summary = read_json(out + QStringLiteral("/summary.json"));
    QCOMPARE(data.summary(), summary);
    const ChartPanel& charts = *view.chart_panel();
    QVERIFY(charts.kinds().contains(ChartKind::cost));
    QCOMPARE(charts.last_plotted(ChartKind::cost, QStringLiteral("total cost")),
             summary["cost_usd"]["total"].get<double>());
    QCOMPARE(charts.last_plotted(ChartKind::capacity, QStringLiteral("instances")), 8.0);
    QCOMPARE(charts.last_plotted(ChartKind::capacity, QStringLiteral("instances")),
             summary["services"]["web"]["instances"].get<double>());
    QCOMPARE(charts.last_plotted(ChartKind::latency, QStringLiteral("p99")),
             data.last(QStringLiteral("web.latency_s_p99")));
    double arrived = 0;
    for (const QPointF& p : arrivals)
      arrived += p.y();
    QCOMPARE(arrived, summary["requests"]["arrived"].get<double>());
    // The summary table shows the run's figures.
    QCOMPARE(view.summary_model()->rowCount(), 1);
    QCOMPARE(view.summary_model()->figure(0, QStringLiteral("cost ($)")).toDouble(),
             summary["cost_usd"]["total"].get<double>());
    QVERIFY(view.error_text().isEmpty());
    QVERIFY(view.redraw_count() >= 1);
    QCOMPARE(controller.progress().sim_time_s, 7200.0);
  }

  void pause_resume_and_stop_keep_the_charts() {
    RunController controller(stratus_binary());
    LiveView view(&controller);
    // A day in 12 s at most. At the default 30 requests/s some are always in flight when the
    // run stops, so a stopped run's accounting is exercised too.
    controller.set_pace(7200);
    QVERIFY(controller.start(request(QStringLiteral("paused"), web_service())));
    QTRY_VERIFY_WITH_TIMEOUT(controller.data()->row_count() >= 2, kRunTimeoutMs);
    QVERIFY(controller.process_id() > 0);
    const qint64 pid = controller.process_id();

    controller.pause();
    QCOMPARE(controller.state(), RunController::State::paused);
    QTRY_COMPARE_WITH_TIMEOUT(process_state(pid), 'T', 5000);
    QTest::qWait(300);  // lines already in the pipe still arrive
    const int rows_when_paused = controller.data()->row_count();
    QTest::qWait(1000);
    QCOMPARE(controller.data()->row_count(), rows_when_paused);  // 1 s is 2 h at this pace: nothing moved

    controller.resume();
    QCOMPARE(controller.state(), RunController::State::running);
    QTRY_VERIFY_WITH_TIMEOUT(controller.data()->row_count() > rows_when_paused, 10000);

    QSignalSpy done(&controller, &RunController::finished);
    controller.pause();  // stopping a paused run works too
    controller.stop();
    QCOMPARE(controller.state(), RunController::State::stopping);
    QVERIFY(done.wait(kRunTimeoutMs));
    QVERIFY2(controller.state() == RunController::State::stopped, qPrintable(controller.outcome().message));
    const RunOutcome& outcome = controller.outcome();
    QCOMPARE(outcome.status, RunOutcome::Status::stopped);
    QCOMPARE(outcome.summary["status"].get<std::string>(), std::string("stopped"));
    QVERIFY(outcome.summary["sim_time_s"].get<double>() < 86400);
    // Partial results written; the charts keep what they drew, up to where the run stopped.
    const NumericCsv csv = read_numeric_csv(outcome.out_dir + QStringLiteral("/timeseries.csv"));
    QCOMPARE(controller.data()->row_count(), static_cast<int>(csv.rows.size()));
    QVERIFY(controller.data()->row_count() > rows_when_paused);
    // The cost chart is the running total of timeseries.csv's cost column. (summary.json of a
    // stopped run also bills the last partial interval, which its last row does not carry.)
    const int cost_column = static_cast<int>(csv.header.indexOf(QStringLiteral("instances.cost_usd")));
    QVERIFY(cost_column > 0);
    double cost = 0;
    for (const auto& row : csv.rows)
      cost += row[cost_column];
    QCOMPARE(view.chart_panel()->last_plotted(ChartKind::cost, QStringLiteral("total cost")), cost);
    QVERIFY(view.error_text().isEmpty());
  }

  void the_speed_changes_while_a_run_goes() {
    // At a simulated minute per second, two hours would take two minutes; flat out, a second.
    RunController controller(stratus_binary());
    controller.set_pace(60);
    QSignalSpy done(&controller, &RunController::finished);
    QVERIFY(
        controller.start(request(QStringLiteral("sped-up"), web_service(), {QStringLiteral("arrival_rate=5")},
                                 {QStringLiteral("simulation.duration=2h")})));
    QTRY_VERIFY_WITH_TIMEOUT(controller.progress().sim_time_s > 0, kRunTimeoutMs);
    QTest::qWait(1500);
    QVERIFY(controller.busy());
    QVERIFY2(controller.progress().sim_time_s < 1200, "held to the pace: about 90 simulated seconds so far");
    QVERIFY(std::isfinite(controller.progress().eta_s) && controller.progress().eta_s > 60);
    controller.set_pace(0);
    QVERIFY(done.wait(30000));
    QCOMPARE(controller.state(), RunController::State::completed);
  }

  void a_run_killed_mid_way_shows_the_error_and_keeps_the_charts() {
    RunController controller(stratus_binary());
    LiveView view(&controller);
    controller.set_pace(7200);
    QSignalSpy done(&controller, &RunController::finished);
    QVERIFY(controller.start(
        request(QStringLiteral("killed"), web_service(), {QStringLiteral("arrival_rate=5")})));
    QTRY_VERIFY_WITH_TIMEOUT(controller.data()->row_count() >= 2, kRunTimeoutMs);
    view.redraw();
    // What the out-of-memory killer would do.
    ::kill(static_cast<pid_t>(controller.process_id()), SIGKILL);
    QVERIFY(done.wait(kRunTimeoutMs));
    QCOMPARE(controller.state(), RunController::State::failed);
    QVERIFY2(controller.outcome().message.contains(QStringLiteral("ended abruptly")),
             qPrintable(controller.outcome().message));
    QVERIFY(controller.data()->row_count() >= 2);
    QVERIFY(!view.error_text().isEmpty());
    QVERIFY(
        std::isfinite(view.chart_panel()->last_plotted(ChartKind::capacity, QStringLiteral("instances"))));

    // The controller takes the next run as if nothing happened.
    QVERIFY(controller.start(
        request(QStringLiteral("after"), web_service(), {}, {QStringLiteral("simulation.duration=30min")})));
    controller.set_pace(0);
    QVERIFY(done.wait(kRunTimeoutMs));
    QCOMPARE(controller.state(), RunController::State::completed);
    QVERIFY(view.error_text().isEmpty());
  }

  void a_run_that_aborts_when_stopped_shows_the_error_and_keeps_the_charts() {
    const QString fake = aborting_stratus();
    QVERIFY2(!fake.isEmpty(), "the run to record did not complete");
    RunController controller(fake);
    LiveView view(&controller);
    QSignalSpy done(&controller, &RunController::finished);
    QVERIFY(controller.start(request(QStringLiteral("aborted"), web_service())));
    QTRY_VERIFY_WITH_TIMEOUT(controller.data()->row_count() >= 2, kRunTimeoutMs);
    view.redraw();
    const int rows_drawn = controller.data()->row_count();
    controller.stop();
    QVERIFY(done.wait(kRunTimeoutMs));
    QCOMPARE(controller.state(), RunController::State::failed);
    const QString message = controller.outcome().message;
    QVERIFY2(message.contains(QStringLiteral("aborted while stopping")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("[root/CRITICAL] Cannot destroy semaphore")),
             qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("xbt_backtrace")), "the backtrace is left out");
    QVERIFY(controller.data()->row_count() >= rows_drawn);
    QVERIFY(view.error_text().contains(QStringLiteral("aborted while stopping")));
    QVERIFY(
        std::isfinite(view.chart_panel()->last_plotted(ChartKind::capacity, QStringLiteral("instances"))));
  }

  void a_broken_scenario_reports_its_errors_at_their_lines() {
    QString text = read_text(web_service());
    text.replace(QStringLiteral("load_balancer: least-outstanding"),
                 QStringLiteral("load_balancer: least-outstandng"));
    const QString file = tmp_.filePath(QStringLiteral("broken.yaml"));
    QVERIFY(write_text(file, text));
    RunController controller(stratus_binary());
    LiveView view(&controller);
    QSignalSpy done(&controller, &RunController::finished);
    QVERIFY(controller.start(request(QStringLiteral("broken"), file)));
    QVERIFY(done.wait(kRunTimeoutMs));
    QCOMPARE(controller.state(), RunController::State::failed);
    const RunOutcome& outcome = controller.outcome();
    QCOMPARE(outcome.exit_code, 2);
    QCOMPARE(outcome.diagnostics.size(), 1);
    QVERIFY(outcome.diagnostics.first().startsWith(file + QLatin1Char(':')));
    QVERIFY(outcome.message.contains(QStringLiteral("did you mean 'least-outstanding'")));
    QVERIFY(view.error_text().contains(QStringLiteral("least-outstandng")));
    QCOMPARE(controller.data()->row_count(), 0);
  }

  void a_bad_parameter_value_is_reported() {
    RunController controller(stratus_binary());
    QSignalSpy done(&controller, &RunController::finished);
    QVERIFY(
        controller.start(request(QStringLiteral("bad-param"), web_service(), {QStringLiteral("nosuch=3")})));
    QVERIFY(done.wait(kRunTimeoutMs));
    QCOMPARE(controller.state(), RunController::State::failed);
    QVERIFY2(controller.outcome().message.contains(QStringLiteral("nosuch")),
             qPrintable(controller.outcome().message));
  }

  void a_missing_simulator_is_explained() {
    RunController controller(tmp_.filePath(QStringLiteral("no-such-dir/stratus")));
    QSignalSpy done(&controller, &RunController::finished);
    QVERIFY(controller.start(request(QStringLiteral("none"), web_service())));
    QVERIFY(done.wait(10000));
    QCOMPARE(controller.state(), RunController::State::failed);
    QVERIFY(controller.outcome().message.contains(QStringLiteral("Could not start the simulator")));
  }

  void one_run_at_a_time_and_none_outlives_the_window() {
    qint64 pid = 0;
    {
      RunController controller(stratus_binary());
      controller.set_pace(600);
      QVERIFY(controller.start(
          request(QStringLiteral("first"), web_service(), {QStringLiteral("arrival_rate=5")})));
      QString error;
      QVERIFY(!controller.start(request(QStringLiteral("second"), web_service()), &error));
      QVERIFY(!error.isEmpty());
      QTRY_VERIFY_WITH_TIMEOUT(controller.process_id() > 0, 10000);
      pid = controller.process_id();
      QVERIFY(QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)));
    }
    // Destroying the controller (closing the window) ends the child and reaps it.
    QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)));
  }
};

QTEST_MAIN(RunTest)
#include "run_test.moc"
