// `stratus run --stream`, the protocol the app reads: the real binary, every line parsed.
#include <signal.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "gui/app/stream_message.hpp"
#include "test_support.hpp"

using namespace stratus::gui;
using namespace stratus::gui::testing;

namespace {

QVector<StreamMessage> decode_all(const QByteArray& output) {
  QVector<StreamMessage> messages;
  for (const QByteArray& line : output.split('\n'))
    if (!line.isEmpty()) messages.push_back(decode_stream_line(line));
  return messages;
}

template <class T>
QVector<T> all_of(const QVector<StreamMessage>& messages) {
  QVector<T> out;
  for (const auto& m : messages)
    if (const T* t = std::get_if<T>(&m)) out.push_back(*t);
  return out;
}

}  // namespace

class StreamProtocolTest : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir tmp_;

 private Q_SLOTS:
  void every_line_is_protocol_and_rows_equal_timeseries() {
    const QString out = tmp_.filePath(QStringLiteral("web"));
    QByteArray stdout_bytes, stderr_bytes;
    const int code =
        run_stratus({QStringLiteral("run"), source_path(QStringLiteral("scenarios/web-service.yaml")),
                     QStringLiteral("--set"), QStringLiteral("simulation.duration=2h"),
                     QStringLiteral("--out"), out, QStringLiteral("--stream")},
                    &stdout_bytes, &stderr_bytes);
    QCOMPARE(code, 0);
    const QVector<StreamMessage> messages = decode_all(stdout_bytes);
    QVERIFY(messages.size() > 3);
    QVERIFY2(all_of<StreamNoise>(messages).isEmpty(), "every stdout line belongs to the protocol");
    QVERIFY(std::holds_alternative<StreamStart>(messages.first()));
    QVERIFY(std::holds_alternative<StreamDone>(messages.last()));

    const StreamStart start = std::get<StreamStart>(messages.first());
    QCOMPARE(start.info.value("scenario", ""), std::string("web-service"));
    QCOMPARE(start.info.value("duration_s", 0.0), 7200.0);
    QVERIFY(start.info.contains("start_epoch_s"));

    // Columns once, before any row; rows equal timeseries.csv cell for cell.
    const auto columns = all_of<StreamColumns>(messages);
    QCOMPARE(columns.size(), 1);
    const NumericCsv csv = read_numeric_csv(out + QStringLiteral("/timeseries.csv"));
    QCOMPARE(columns.first().columns, csv.header);
    const auto rows = all_of<StreamRow>(messages);
    QCOMPARE(rows.size(), csv.rows.size());
    QCOMPARE(rows.size(), 24);  // 2 h of 5-minute rows
    for (qsizetype r = 0; r < rows.size(); ++r) {
      QCOMPARE(rows[r].values.size(), csv.header.size());
      for (qsizetype c = 0; c < rows[r].values.size(); ++c)
        QVERIFY2(same_number(rows[r].values[c], csv.rows[r][c]),
                 qPrintable(QStringLiteral("row %1 column %2").arg(r).arg(csv.header[c])));
    }
    int first_row = -1, columns_at = -1;
    for (qsizetype i = 0; i < messages.size(); ++i) {
      if (columns_at < 0 && std::holds_alternative<StreamColumns>(messages[i]))
        columns_at = static_cast<int>(i);
      if (first_row < 0 && std::holds_alternative<StreamRow>(messages[i])) first_row = static_cast<int>(i);
    }
    QVERIFY(columns_at < first_row);

    // Progress is monotonic and knows the end.
    const auto progress = all_of<RunProgress>(messages);
    QVERIFY(!progress.isEmpty());
    for (qsizetype i = 1; i < progress.size(); ++i)
      QVERIFY(progress[i].sim_time_s >= progress[i - 1].sim_time_s);
    QCOMPARE(progress.first().end_time_s, 7200.0);

    // The last line carries summary.json as written, and where it is.
    const StreamDone done = std::get<StreamDone>(messages.last());
    QCOMPARE(done.out_dir, out);
    QVERIFY(!done.stopped);
    QCOMPARE(done.summary, read_json(out + QStringLiteral("/summary.json")));
    QCOMPARE(done.summary["status"].get<std::string>(), std::string("completed"));
  }

  void events_are_streamed_as_events_csv_lists_them() {
    // az-outage loses a zone at 13:00: cut to 14 h, with a small fleet so it runs quickly.
    const QString out = tmp_.filePath(QStringLiteral("az"));
    QByteArray stdout_bytes;
    const int code = run_stratus(
        {QStringLiteral("run"), source_path(QStringLiteral("scenarios/az-outage.yaml")),
         QStringLiteral("--param"), QStringLiteral("duration=14h"), QStringLiteral("--param"),
         QStringLiteral("arrival_rate=10"), QStringLiteral("--out"), out, QStringLiteral("--stream")},
        &stdout_bytes);
    QCOMPARE(code, 0);
    const auto events = all_of<RunEvent>(decode_all(stdout_bytes));
    const QStringList csv_lines =
        read_text(out + QStringLiteral("/events.csv")).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(events.size(), csv_lines.size() - 1);
    QVERIFY(!events.isEmpty());
    bool zone_down = false;
    for (const RunEvent& e : events)
      zone_down = zone_down || (e.kind == QLatin1String("host_down") && e.subject == QLatin1String("az-a"));
    QVERIFY2(zone_down, "the zone outage is an event with its hosts");
    for (qsizetype i = 0; i < events.size(); ++i)
      QVERIFY(csv_lines[i + 1].startsWith(QString::number(events[i].time_s, 'g', 17) + QLatin1Char(',')) ||
              csv_lines[i + 1].section(QLatin1Char(','), 0, 0).toDouble() == events[i].time_s);
  }

  void bad_scenario_gives_an_error_line_and_exit_2() {
    QString text = read_text(source_path(QStringLiteral("scenarios/web-service.yaml")));
    text.replace(QStringLiteral("placement: spread"), QStringLiteral("placement: sprad"));
    const QString file = tmp_.filePath(QStringLiteral("broken.yaml"));
    QVERIFY(write_text(file, text));
    const int line = text.left(text.indexOf(QStringLiteral("sprad"))).count(QLatin1Char('\n')) + 1;

    QByteArray stdout_bytes, stderr_bytes;
    const int code = run_stratus({QStringLiteral("run"), file, QStringLiteral("--stream"),
                                  QStringLiteral("--out"), tmp_.filePath(QStringLiteral("never"))},
                                 &stdout_bytes, &stderr_bytes);
    QCOMPARE(code, 2);
    const QVector<StreamMessage> messages = decode_all(stdout_bytes);
    QCOMPARE(messages.size(), 1);
    QVERIFY(std::holds_alternative<StreamError>(messages.first()));
    const StreamError error = std::get<StreamError>(messages.first());
    QCOMPARE(error.exit_code, 2);
    QCOMPARE(error.diagnostics.size(), 1);
    QVERIFY2(error.diagnostics.first().startsWith(file + QStringLiteral(":%1:").arg(line)),
             qPrintable(error.diagnostics.first()));
    QVERIFY(error.diagnostics.first().contains(QStringLiteral("did you mean 'spread'")));
    QVERIFY(stderr_bytes.contains("sprad"));  // and the usual report on stderr
    QVERIFY(!QFileInfo::exists(tmp_.filePath(QStringLiteral("never"))));
  }

  void sigterm_stops_with_partial_results_and_a_done_line() {
    const QString out = tmp_.filePath(QStringLiteral("stopped"));
    QProcess p;
    // Paced at 4 simulated hours per second, a day takes 6 s: plenty of time to stop it. At
    // the default 30 requests/s some are in flight when it stops, and must be counted so.
    p.start(stratus_binary(),
            {QStringLiteral("run"), source_path(QStringLiteral("scenarios/web-service.yaml")),
             QStringLiteral("--out"), out, QStringLiteral("--stream"), QStringLiteral("--pace"),
             QStringLiteral("14400")});
    QVERIFY(p.waitForStarted());
    QByteArray output;
    QElapsedTimer clock;
    clock.start();
    while (!output.contains("\"type\":\"row\"") && clock.elapsed() < 20000) {
      p.waitForReadyRead(200);
      output += p.readAllStandardOutput();
    }
    QVERIFY2(output.contains("\"type\":\"row\""), "a row before stopping");
    ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(20000));
    output += p.readAllStandardOutput();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);

    const QVector<StreamMessage> messages = decode_all(output);
    QVERIFY(std::holds_alternative<StreamDone>(messages.last()));
    const StreamDone done = std::get<StreamDone>(messages.last());
    QVERIFY(done.stopped);
    QCOMPARE(done.summary["status"].get<std::string>(), std::string("stopped"));
    QVERIFY(done.summary["conservation"]["requests_balanced"].get<bool>());
    QVERIFY(done.summary["requests"]["in_flight"].get<double>() >= 0);
    const double reached = done.summary["sim_time_s"].get<double>();
    QVERIFY(reached > 0 && reached < 86400);
    // The partial results are written, and agree with what was streamed.
    const NumericCsv csv = read_numeric_csv(out + QStringLiteral("/timeseries.csv"));
    QCOMPARE(all_of<StreamRow>(messages).size(), csv.rows.size());
    QCOMPARE(read_json(out + QStringLiteral("/summary.json")), done.summary);
  }

  void pace_holds_the_run_back() {
    // One simulated hour at 3600 s per second takes about a second; flat out, a tenth of it.
    QElapsedTimer clock;
    clock.start();
    const int code = run_stratus(
        {QStringLiteral("run"), source_path(QStringLiteral("scenarios/web-service.yaml")),
         QStringLiteral("--set"), QStringLiteral("simulation.duration=1h"), QStringLiteral("--param"),
         QStringLiteral("arrival_rate=5"), QStringLiteral("--out"), tmp_.filePath(QStringLiteral("paced")),
         QStringLiteral("--stream"), QStringLiteral("--pace"), QStringLiteral("3600")});
    QCOMPARE(code, 0);
    QVERIFY2(clock.elapsed() >= 850, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
  }

  void pace_changes_on_stdin_while_running() {
    // At 60 simulated seconds per second, this hour would take a minute; "pace 0" lets it go.
    QProcess p;
    p.start(
        stratus_binary(),
        {QStringLiteral("run"), source_path(QStringLiteral("scenarios/web-service.yaml")),
         QStringLiteral("--set"), QStringLiteral("simulation.duration=1h"), QStringLiteral("--param"),
         QStringLiteral("arrival_rate=5"), QStringLiteral("--out"), tmp_.filePath(QStringLiteral("repaced")),
         QStringLiteral("--stream"), QStringLiteral("--pace"), QStringLiteral("60")});
    QVERIFY(p.waitForStarted());
    QByteArray output;
    while (!output.contains("\"type\":\"progress\"") && p.waitForReadyRead(10000))
      output += p.readAllStandardOutput();
    QTest::qWait(500);
    QVERIFY2(p.state() == QProcess::Running, "still running at the slow pace");
    QElapsedTimer clock;
    clock.start();
    p.write("pace 0\n");
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(clock.elapsed() < 30000, "the run went flat out once told");
  }

  void pace_needs_stream() {
    QByteArray err;
    QCOMPARE(run_stratus({QStringLiteral("run"), source_path(QStringLiteral("scenarios/web-service.yaml")),
                          QStringLiteral("--pace"), QStringLiteral("60")},
                         nullptr, &err),
             2);
    QVERIFY(err.contains("--stream"));
  }

  void decoder_turns_junk_into_noise() {
    QVERIFY(std::holds_alternative<StreamNoise>(decode_stream_line("not json")));
    QVERIFY(std::holds_alternative<StreamNoise>(decode_stream_line("{\"type\":\"mystery\"}")));
    QVERIFY(std::holds_alternative<StreamNoise>(decode_stream_line("{\"type\":\"row\",\"values\":3}")));
    const StreamMessage row = decode_stream_line("{\"type\":\"row\",\"values\":[60,null,2.5]}");
    QVERIFY(std::holds_alternative<StreamRow>(row));
    QVERIFY(std::isnan(std::get<StreamRow>(row).values[1]));
    const StreamMessage progress =
        decode_stream_line("{\"type\":\"progress\",\"sim_time_s\":5,\"end_time_s\":null,\"eta_s\":null}");
    QVERIFY(std::isnan(std::get<RunProgress>(progress).end_time_s));
  }

  // Found by fuzz/fuzz_stream_message: a field of the wrong type threw (json::value), and a
  // number out of the integer's range was converted anyway (undefined behaviour). Such lines
  // decode to their message with the field's default, as a missing field does.
  void decoder_takes_fields_of_the_wrong_type_or_range_as_missing() {
    const StreamMessage done = decode_stream_line("{\"type\":\"done\",\"stopped\":1,\"out\":\"r\"}");
    QVERIFY(std::holds_alternative<StreamDone>(done));
    QCOMPARE(std::get<StreamDone>(done).stopped, false);
    QCOMPARE(std::get<StreamDone>(done).out_dir, QStringLiteral("r"));
    const StreamMessage event = decode_stream_line("{\"type\":\"event\",\"hosts\":1e300,\"kind\":\"k\"}");
    QCOMPARE(std::get<RunEvent>(event).hosts, qint64{0});
    QCOMPARE(std::get<RunEvent>(decode_stream_line("{\"type\":\"event\",\"hosts\":12}")).hosts, qint64{12});
    const StreamMessage error = decode_stream_line(
        "{\"type\":\"error\",\"exit_code\":-1e30,\"diagnostics\":"
        "[{\"file\":\"f.yaml\",\"line\":1e30,\"column\":\"x\",\"message\":\"m\"},"
        "{\"file\":\"g.yaml\",\"line\":4,\"column\":2,\"message\":\"n\"}]}");
    QVERIFY(std::holds_alternative<StreamError>(error));
    QCOMPARE(std::get<StreamError>(error).exit_code, 1);
    QCOMPARE(std::get<StreamError>(error).diagnostics,
             QStringList({QStringLiteral("f.yaml: m"), QStringLiteral("g.yaml:4:2: n")}));
    QCOMPARE(std::get<StreamError>(decode_stream_line("{\"type\":\"error\",\"exit_code\":2}")).exit_code, 2);
  }
};

QTEST_GUILESS_MAIN(StreamProtocolTest)
#include "stream_protocol_test.moc"
