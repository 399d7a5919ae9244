// The real window under Xvfb (an X server in memory), run to the end and screenshotted, as the
// README's pictures are made: `xvfb-run -a stratus-gui scenarios/web-service.yaml --run
// --screenshot shot.png`. Skipped, saying so, where xvfb-run is not installed.
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "test_support.hpp"

using namespace stratus::gui::testing;

class XvfbScreenshotTest : public QObject {
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
  void under_xvfb_the_real_window_is_screenshotted() {
    const QString xvfb_run = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
    if (xvfb_run.isEmpty())
      QSKIP("xvfb-run is not installed (Debian package xvfb): no X server to test under");
    const QString shot = tmp_.filePath(QStringLiteral("xvfb/shot.png"));
    QByteArray err;
    const int code =
        run_gui(xvfb_run,
                {QStringLiteral("-a"), QStringLiteral(STRATUS_GUI_BINARY),
                 source_path(QStringLiteral("scenarios/web-service.yaml")), QStringLiteral("--run"),
                 QStringLiteral("--screenshot"), shot, QStringLiteral("--size"), QStringLiteral("1400x900"),
                 QStringLiteral("--results"), tmp_.filePath(QStringLiteral("xvfb/results"))},
                &err, QStringLiteral("xcb"));
    QVERIFY2(code == 0, err.constData());
    const QImage image(shot);
    QCOMPARE(image.size(), QSize(1400, 900));
    QVERIFY2(share_not_background(image) > 0.05, "charts, panels and text on the window");
    QVERIFY(distinct_colours(image) > 30);
  }
};

QTEST_GUILESS_MAIN(XvfbScreenshotTest)
#include "xvfb_screenshot_test.moc"
