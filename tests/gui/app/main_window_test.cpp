// The window as a user drives it: open a scenario, set a slider, run, export a chart, drop
// files, and have the layout remembered.
#include "gui/app/main_window.hpp"

#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include "gui/app/app_options.hpp"
#include "gui/app/compare_tab.hpp"
#include "gui/app/live_view.hpp"
#include "gui/app/param_panel.hpp"
#include "gui/app/recent_files.hpp"
#include "gui/app/run_controller.hpp"
#include "gui/app/scenario_document.hpp"
#include "gui/app/scenario_editor.hpp"
#include "gui/charts/chart_panel.hpp"
#include "test_support.hpp"

using namespace stratus::gui;
using namespace stratus::gui::testing;

class MainWindowTest : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir tmp_;

  void drop(QWidget& target, const QStringList& paths) {
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& p : paths)
      urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent event(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&target, &event);
  }

 private Q_SLOTS:
  void initTestCase() { isolate_settings(tmp_.filePath(QStringLiteral("settings"))); }

  void open_set_a_param_run_and_export() {
    MainWindow window(stratus_binary(), tmp_.filePath(QStringLiteral("results")));
    window.resize(1400, 900);
    window.show();
    const QString scenario = short_web_service(tmp_.path());
    QVERIFY(window.open_scenario(scenario));
    QCOMPARE(window.param_panel()->param_names(),
             (QStringList{QStringLiteral("arrival_rate"), QStringLiteral("instances")}));
    QVERIFY(RecentFiles::list().contains(QFileInfo(scenario).absoluteFilePath()));

    // Drag the fleet slider to 12 instances (web-service: min 1, max 60, step 1).
    QSlider* slider = window.param_panel()->slider(QStringLiteral("instances"));
    QVERIFY(slider != nullptr);
    slider->setValue(11);
    QCOMPARE(window.param_panel()->param_arguments(), QStringList{QStringLiteral("instances=12")});

    QSignalSpy done(window.controller(), &RunController::finished);
    QString error;
    QVERIFY2(window.start_run(&error), qPrintable(error));
    QVERIFY(window.controller()->request().params.contains(QStringLiteral("instances=12")));
    QVERIFY(done.wait(60000));
    QCOMPARE(window.controller()->state(), RunController::State::completed);
    const QString out = window.controller()->outcome().out_dir;
    QVERIFY(out.startsWith(tmp_.filePath(QStringLiteral("results"))));
    QCOMPARE(read_json(out + QStringLiteral("/summary.json"))["params"]["instances"].get<std::string>(),
             std::string("12"));
    ChartPanel* charts = window.live_view()->chart_panel();
    QCOMPARE(charts->last_plotted(ChartKind::capacity, QStringLiteral("instances")), 12.0);
    QVERIFY(window.sim_time_label()->text().contains(QStringLiteral("2h / 2h (100 %)")));

    // Export a chart: a PNG that is more than its background, and an SVG.
    const QString png = tmp_.filePath(QStringLiteral("export/capacity.png"));
    QDir().mkpath(QFileInfo(png).absolutePath());
    QVERIFY2(charts->export_chart(ChartKind::capacity, png, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY2(share_not_background(image) > 0.02, "lines, axes and labels on the background");
    QVERIFY(distinct_colours(image) > 8);
    const QString svg = tmp_.filePath(QStringLiteral("export/cost.svg"));
    QVERIFY2(charts->export_chart(ChartKind::cost, svg, &error), qPrintable(error));
    QVERIFY(read_text(svg).contains(QStringLiteral("<svg")));

    // The window's own picture is not blank either.
    QVERIFY(share_not_background(window.grab().toImage()) > 0.05);
  }

  void a_scenario_with_errors_cannot_run_and_says_where() {
    MainWindow window(stratus_binary(), tmp_.filePath(QStringLiteral("results")));
    QString text = read_text(source_path(QStringLiteral("scenarios/web-service.yaml")));
    text.replace(QStringLiteral("load_balancer: least-outstanding"),
                 QStringLiteral("load_balancer: leastest"));
    const QString path = tmp_.filePath(QStringLiteral("broken.yaml"));
    QVERIFY(write_text(path, text));
    QVERIFY(window.open_scenario(path));
    QString error;
    QVERIFY(!window.start_run(&error));
    QVERIFY(error.contains(QStringLiteral("Editor")));
    QCOMPARE(window.editor()->diagnostics().size(), 1);
    QVERIFY(window.editor()->diagnostics().first().text.contains(QStringLiteral("leastest")));
    QCOMPARE(window.controller()->state(), RunController::State::idle);
  }

  void the_run_button_is_enabled_only_for_a_valid_scenario() {
    MainWindow window(stratus_binary(), tmp_.filePath(QStringLiteral("results")));
    auto* button = window.findChild<QPushButton*>(QStringLiteral("run_button"));
    QVERIFY(button != nullptr);
    QVERIFY2(!button->isEnabled(), "nothing open yet");
    QVERIFY(window.open_scenario(short_web_service(tmp_.path(), QStringLiteral("valid.yaml"))));
    QVERIFY(button->isEnabled());
    QString text = read_text(source_path(QStringLiteral("scenarios/web-service.yaml")));
    text.replace(QStringLiteral("placement: spread"), QStringLiteral("placement: sprad"));
    const QString broken = tmp_.filePath(QStringLiteral("broken-placement.yaml"));
    QVERIFY(write_text(broken, text));
    QVERIFY(window.open_scenario(broken));
    QVERIFY2(!button->isEnabled(), "a scenario with errors cannot run");
  }

  void dropped_files_go_where_they_belong() {
    MainWindow window(stratus_binary(), tmp_.filePath(QStringLiteral("results")));
    const QString scenario = short_web_service(tmp_.path(), QStringLiteral("dropped.yaml"));
    const QString result = tmp_.filePath(QStringLiteral("dropped-run"));
    QCOMPARE(
        run_stratus({QStringLiteral("run"), scenario, QStringLiteral("--out"), result, QStringLiteral("-q")}),
        0);

    drop(window, {scenario});
    QCOMPARE(window.document()->path(), QFileInfo(scenario).absoluteFilePath());
    drop(window, {result});
    QCOMPARE(window.compare_tab()->run_count(), 1);
    const QStringList errors = window.open_paths({tmp_.filePath(QStringLiteral("notes.txt"))});
    QCOMPARE(errors.size(), 1);
  }

  void layout_and_choices_are_remembered() {
    {
      MainWindow window(stratus_binary(), tmp_.filePath(QStringLiteral("results")));
      window.resize(1111, 777);
      window.show();
      window.set_pace(600);
      window.show_tab(MainWindow::Tab::editor);
      window.close();
    }
    QSettings settings;
    QVERIFY(settings.contains(QStringLiteral("main_window/geometry")));
    QVERIFY(settings.contains(QStringLiteral("main_window/state")));
    MainWindow again(stratus_binary(), tmp_.filePath(QStringLiteral("results")));
    QCOMPARE(again.size(), QSize(1111, 777));
    QCOMPARE(again.controller()->pace(), 600.0);
  }

  void command_line_options() {
    QString message;
    auto options =
        parse_app_options({QStringLiteral("stratus-gui"), QStringLiteral("a.yaml"), QStringLiteral("--run"),
                           QStringLiteral("--screenshot"), QStringLiteral("s.png"), QStringLiteral("--size"),
                           QStringLiteral("1600x1000"), QStringLiteral("--param"), QStringLiteral("x=1"),
                           QStringLiteral("--param"), QStringLiteral("y=2")},
                          &message);
    QVERIFY2(options.has_value(), qPrintable(message));
    QCOMPARE(options->file, QStringLiteral("a.yaml"));
    QVERIFY(options->run);
    QCOMPARE(options->screenshot, QStringLiteral("s.png"));
    QCOMPARE(options->size, QSize(1600, 1000));
    QCOMPARE(options->params, (QStringList{QStringLiteral("x=1"), QStringLiteral("y=2")}));
    QVERIFY(!parse_app_options(
        {QStringLiteral("stratus-gui"), QStringLiteral("--size"), QStringLiteral("big")}, &message));
    QVERIFY(message.contains(QStringLiteral("--size")));
    QVERIFY(!parse_app_options({QStringLiteral("stratus-gui"), QStringLiteral("--run")}, &message));
    QVERIFY(!parse_app_options(
        {QStringLiteral("stratus-gui"), QStringLiteral("--param"), QStringLiteral("novalue")}, &message));
    QVERIFY(!parse_app_options({QStringLiteral("stratus-gui"), QStringLiteral("--bogus")}, &message));
  }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
