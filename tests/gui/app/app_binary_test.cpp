// The stratus-gui binary itself under the offscreen platform: the command line, screenshots,
// and the exit code of a run that fails.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include "test_support.hpp"

using namespace stratus::gui::testing;

class AppBinaryTest : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir tmp_;

  /// Runs stratus-gui with its settings and results in the temporary folder.
  int run_gui(const QString& program, const QStringList& args, QByteArray* err, const QString& platform) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), tmp_.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), tmp_.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), tmp_.path());
    if (platform.isEmpty())
      env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    else
      env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(120000)) {
      p.kill();
      p.waitForFinished();
      return -1;
    }
    if (err != nullptr) *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }

 private Q_SLOTS:
  void a_failing_run_exits_nonzero_with_a_message() {
    QString text = read_text(source_path(QStringLiteral("scenarios/web-service.yaml")));
    text.replace(QStringLiteral("placement: spread"), QStringLiteral("placement: sprad"));
    const QString broken = tmp_.filePath(QStringLiteral("broken.yaml"));
    QVERIFY(write_text(broken, text));
    QByteArray err;
    const int code = run_gui(QStringLiteral(STRATUS_GUI_BINARY),
                             {broken, QStringLiteral("--run"), QStringLiteral("--screenshot"),
                              tmp_.filePath(QStringLiteral("broken.png")), QStringLiteral("--results"),
                              tmp_.filePath(QStringLiteral("results"))},
                             &err, QStringLiteral("offscreen"));
    QCOMPARE(code, 1);
    QVERIFY2(err.contains("errors"), err.constData());
  }

  void a_run_offscreen_with_a_param_and_the_editor_tab() {
    const QString shot = tmp_.filePath(QStringLiteral("offscreen.png"));
    QByteArray err;
    const int code =
        run_gui(QStringLiteral(STRATUS_GUI_BINARY),
                {source_path(QStringLiteral("scenarios/photo-resize.yaml")), QStringLiteral("--param"),
                 QStringLiteral("upload_rate=0.5"), QStringLiteral("--tab"), QStringLiteral("editor"),
                 QStringLiteral("--screenshot"), shot, QStringLiteral("--size"), QStringLiteral("900x600")},
                &err, QStringLiteral("offscreen"));
    QVERIFY2(code == 0, err.constData());
    QCOMPARE(QImage(shot).size(), QSize(900, 600));
    QCOMPARE(run_gui(QStringLiteral(STRATUS_GUI_BINARY),
                     {source_path(QStringLiteral("scenarios/photo-resize.yaml")), QStringLiteral("--param"),
                      QStringLiteral("no_such=1"), QStringLiteral("--screenshot"), shot},
                     &err, QStringLiteral("offscreen")),
             2);
    QVERIFY(err.contains("no_such"));
  }
};

QTEST_GUILESS_MAIN(AppBinaryTest)
#include "app_binary_test.moc"
