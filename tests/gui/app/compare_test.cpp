// The compare tab: result folders and comparison.csv files overlaid, a sortable table of
// their figures, exported as CSV.
#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "gui/app/compare_tab.hpp"
#include "gui/app/summary_table_model.hpp"
#include "gui/app/table_export.hpp"
#include "gui/charts/chart_panel.hpp"
#include "test_support.hpp"

using namespace stratus::gui;
using namespace stratus::gui::testing;

namespace {

int series_named(const ChartPanel& panel, ChartKind kind, const QString& suffix) {
  int n = 0;
  if (QChartView* view = panel.view(kind))
    for (QAbstractSeries* s : view->chart()->series())
      if (s->name().endsWith(suffix)) ++n;
  return n;
}

}  // namespace

class CompareTest : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir tmp_;
  QString small_, large_, comparison_;

 private Q_SLOTS:
  void initTestCase() {
    isolate_settings(tmp_.filePath(QStringLiteral("settings")));
    const QString scenario =
        short_web_service(tmp_.path(), QStringLiteral("web-service.yaml"),
                          QStringLiteral("\nvariants:\n  - {name: lean, params: {instances: 3}}\n  - {name: "
                                         "roomy, params: {instances: 9}}\n"));
    small_ = tmp_.filePath(QStringLiteral("runs/small"));
    large_ = tmp_.filePath(QStringLiteral("runs/large"));
    QCOMPARE(
        run_stratus({QStringLiteral("run"), scenario, QStringLiteral("--param"),
                     QStringLiteral("instances=4"), QStringLiteral("--out"), small_, QStringLiteral("-q")}),
        0);
    QCOMPARE(
        run_stratus({QStringLiteral("run"), scenario, QStringLiteral("--param"),
                     QStringLiteral("instances=8"), QStringLiteral("--out"), large_, QStringLiteral("-q")}),
        0);
    const QString compared = tmp_.filePath(QStringLiteral("compared"));
    QCOMPARE(run_stratus({QStringLiteral("compare"), scenario, QStringLiteral("--out"), compared,
                          QStringLiteral("-j"), QStringLiteral("2"), QStringLiteral("-q")}),
             0);
    comparison_ = compared + QStringLiteral("/comparison.csv");
    QVERIFY(QFileInfo::exists(comparison_));
  }

  void two_result_folders_give_two_series() {
    CompareTab tab;
    tab.resize(1200, 900);
    QVERIFY(tab.add_path(small_));
    QVERIFY(tab.add_path(large_));
    QVERIFY(tab.add_path(large_));  // the same folder again is not a third run
    QCOMPARE(tab.run_count(), 2);
    QCOMPARE(tab.labels(), (QStringList{QStringLiteral("small"), QStringLiteral("large")}));
    const ChartPanel& charts = *tab.chart_panel();
    QCOMPARE(series_named(charts, ChartKind::cost, QStringLiteral("total cost")), 2);
    QCOMPARE(series_named(charts, ChartKind::capacity, QStringLiteral(": instances")), 2);
    QCOMPARE(charts.last_plotted(ChartKind::capacity, QStringLiteral("small: instances")), 4.0);
    QCOMPARE(charts.last_plotted(ChartKind::capacity, QStringLiteral("large: instances")), 8.0);
    QCOMPARE(charts.last_plotted(ChartKind::cost, QStringLiteral("large: total cost")),
             read_json(large_ + QStringLiteral("/summary.json"))["cost_usd"]["total"].get<double>());

    // The table: one row per run; sorting by cost puts the cheaper first.
    SummaryTableModel* model = tab.model();
    QCOMPARE(model->rowCount(), 2);
    const int cost_column = static_cast<int>(model->titles().indexOf(QStringLiteral("cost ($)"))) + 1;
    QVERIFY(cost_column > 0);
    QCOMPARE(model->figure(1, QStringLiteral("cost ($)")).toDouble(),
             read_json(large_ + QStringLiteral("/summary.json"))["cost_usd"]["total"].get<double>());
    tab.table()->sortByColumn(cost_column, Qt::DescendingOrder);
    const QAbstractItemModel* shown = tab.table()->model();
    QCOMPARE(shown->data(shown->index(0, 0)).toString(), QStringLiteral("large"));
    tab.table()->sortByColumn(cost_column, Qt::AscendingOrder);
    QCOMPARE(shown->data(shown->index(0, 0)).toString(), QStringLiteral("small"));

    // Any table as CSV: the figures at full precision, in the order shown.
    const QString csv = tmp_.filePath(QStringLiteral("export/comparison.csv"));
    QDir().mkpath(QFileInfo(csv).absolutePath());
    QString error;
    QVERIFY2(export_table_csv(*shown, csv, &error, SummaryTableModel::kRawRole), qPrintable(error));
    const QStringList lines = read_text(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QStringList header = lines[0].split(QLatin1Char(','));
    QCOMPARE(header.first(), QStringLiteral("run"));
    QVERIFY(header.contains(QStringLiteral("cost ($)")));
    QCOMPARE(lines[1].section(QLatin1Char(','), 0, 0), QStringLiteral("small"));
    QCOMPARE(lines[1].split(QLatin1Char(','))[header.indexOf(QStringLiteral("cost ($)"))].toDouble(),
             read_json(small_ + QStringLiteral("/summary.json"))["cost_usd"]["total"].get<double>());

    tab.clear();
    QCOMPARE(tab.run_count(), 0);
  }

  void a_comparison_csv_brings_its_variants() {
    CompareTab tab;
    QString error;
    QVERIFY2(tab.add_path(comparison_, &error), qPrintable(error));
    QCOMPARE(tab.labels(), (QStringList{QStringLiteral("lean"), QStringLiteral("roomy")}));
    QCOMPARE(series_named(*tab.chart_panel(), ChartKind::cost, QStringLiteral("total cost")), 2);
    QCOMPARE(tab.chart_panel()->last_plotted(ChartKind::capacity, QStringLiteral("roomy: instances")), 9.0);
    // The table shows comparison.csv's own columns.
    QVERIFY(tab.model()->titles().contains(QStringLiteral("cost_usd")));
    const QStringList csv_lines = read_text(comparison_).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QStringList header = csv_lines[0].split(QLatin1Char(','));
    const int cost = static_cast<int>(header.indexOf(QStringLiteral("cost_usd")));
    QCOMPARE(tab.model()->figure(0, QStringLiteral("cost_usd")).toDouble(),
             csv_lines[1].split(QLatin1Char(','))[cost].toDouble());
    // And a result folder can join them.
    QVERIFY(tab.add_path(small_));
    QCOMPARE(tab.run_count(), 3);
  }

  void figures_read_without_exponents() {
    QCOMPARE(format_figure(8637263), QStringLiteral("8637263"));
    QCOMPARE(format_figure(10098.22464), QStringLiteral("10098"));
    QCOMPARE(format_figure(22.2816), QStringLiteral("22.28"));
    QCOMPARE(format_figure(2.04417), QStringLiteral("2.044"));
    QCOMPARE(format_figure(0.066213), QStringLiteral("0.06621"));
    QCOMPARE(format_figure(std::nan("")), QString());
  }

  void what_is_not_a_result_is_refused_with_a_reason() {
    CompareTab tab;
    QString error;
    QVERIFY(!tab.add_path(tmp_.path(), &error));
    QVERIFY(error.contains(QStringLiteral("summary.json")));
    const QString bogus = tmp_.filePath(QStringLiteral("bogus.csv"));
    QVERIFY(write_text(bogus, QStringLiteral("a,b\n1,2\n")));
    QVERIFY(!tab.add_path(bogus, &error));
    QVERIFY(error.contains(QStringLiteral("variant")));
    const QString broken = tmp_.filePath(QStringLiteral("broken-run"));
    QDir().mkpath(broken);
    QVERIFY(write_text(broken + QStringLiteral("/summary.json"), QStringLiteral("{not json")));
    QVERIFY(!tab.add_path(broken, &error));
    QVERIFY2(
        error.contains(QStringLiteral("summary.json")) || error.contains(QStringLiteral("timeseries.csv")),
        qPrintable(error));
    QCOMPARE(tab.run_count(), 0);
  }
};

QTEST_MAIN(CompareTest)
#include "compare_test.moc"
