// The real window under Xvfb (an X server in memory), run to the end and screenshotted, as the
// README's pictures are made: `xvfb-run -a stratus-gui scenarios/web-service.yaml --run
// --screenshot shot.png`. Skipped, saying so, where xvfb-run is not installed.
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "test_support.hpp"

using namespace stratus::gui::testing;

class XvfbScreenshotTest : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir tmp_;

 private Q_SLOTS:
  void under_xvfb_the_real_window_is_screenshotted() {
    const QString xvfb_run = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
    if (xvfb_run.isEmpty())
      QSKIP("xvfb-run is not installed (Debian package xvfb): no X server to test under");
    const QString shot = tmp_.filePath(QStringLiteral("xvfb/shot.png"));
    QByteArray err;
    const int code =
        run_gui(xvfb_run,
                {QStringLiteral("-a"), gui_binary(),
                 source_path(QStringLiteral("scenarios/web-service.yaml")), QStringLiteral("--run"),
                 QStringLiteral("--screenshot"), shot, QStringLiteral("--size"), QStringLiteral("1400x900"),
                 QStringLiteral("--results"), tmp_.filePath(QStringLiteral("xvfb/results"))},
                tmp_.path(), QStringLiteral("xcb"), &err);
    QVERIFY2(code == 0, err.constData());
    const QImage image(shot);
    QCOMPARE(image.size(), QSize(1400, 900));
    QVERIFY2(share_not_background(image) > 0.05, "charts, panels and text on the window");
    QVERIFY(distinct_colours(image) > 30);
  }
};

QTEST_GUILESS_MAIN(XvfbScreenshotTest)
#include "xvfb_screenshot_test.moc"
