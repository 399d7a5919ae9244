// The stratus-gui binary itself under the offscreen platform: the command line, screenshots,
// and the exit code of a run that fails.
#include <QTemporaryDir>
#include <QtTest>

#include "test_support.hpp"

using namespace stratus::gui::testing;

class AppBinaryTest : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir tmp_;

  int run_offscreen(const QStringList& args, QByteArray* err) {
    return run_gui(gui_binary(), args, tmp_.path(), QStringLiteral("offscreen"), err);
  }

 private Q_SLOTS:
  void a_failing_run_exits_nonzero_with_a_message() {
    QString text = read_text(source_path(QStringLiteral("scenarios/web-service.yaml")));
    text.replace(QStringLiteral("placement: spread"), QStringLiteral("placement: sprad"));
    const QString broken = tmp_.filePath(QStringLiteral("broken.yaml"));
    QVERIFY(write_text(broken, text));
    QByteArray err;
    const int code = run_offscreen({broken, QStringLiteral("--run"), QStringLiteral("--screenshot"),
                                    tmp_.filePath(QStringLiteral("broken.png")), QStringLiteral("--results"),
                                    tmp_.filePath(QStringLiteral("results"))},
                                   &err);
    QCOMPARE(code, 1);
    QVERIFY2(err.contains("errors"), err.constData());
  }

  void a_run_offscreen_with_a_param_and_the_editor_tab() {
    const QString shot = tmp_.filePath(QStringLiteral("offscreen.png"));
    QByteArray err;
    const int code = run_offscreen(
        {source_path(QStringLiteral("scenarios/photo-resize.yaml")), QStringLiteral("--param"),
         QStringLiteral("upload_rate=0.5"), QStringLiteral("--tab"), QStringLiteral("editor"),
         QStringLiteral("--screenshot"), shot, QStringLiteral("--size"), QStringLiteral("900x600")},
        &err);
    QVERIFY2(code == 0, err.constData());
    QCOMPARE(QImage(shot).size(), QSize(900, 600));
    QCOMPARE(
        run_offscreen({source_path(QStringLiteral("scenarios/photo-resize.yaml")), QStringLiteral("--param"),
                       QStringLiteral("no_such=1"), QStringLiteral("--screenshot"), shot},
                      &err),
        2);
    QVERIFY(err.contains("no_such"));
  }
};

QTEST_GUILESS_MAIN(AppBinaryTest)
#include "app_binary_test.moc"
