#include "gui/app/export_menus.hpp"

#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QTableView>

#include "gui/app/compare_tab.hpp"
#include "gui/app/event_table_model.hpp"
#include "gui/app/live_view.hpp"
#include "gui/app/main_window.hpp"
#include "gui/app/summary_table_model.hpp"
#include "gui/app/table_export.hpp"
#include "gui/charts/chart_panel.hpp"

namespace stratus::gui {

ExportMenus::ExportMenus(MainWindow* window) : QObject(window), window_(window) {
  chart_menu_ = new QMenu(tr("Export &chart"), window);
  connect(chart_menu_, &QMenu::aboutToShow, this, &ExportMenus::fill_chart_menu);
  table_menu_ = new QMenu(tr("Export &table as CSV"), window);
  connect(table_menu_, &QMenu::aboutToShow, this, &ExportMenus::fill_table_menu);
}

void ExportMenus::fill_chart_menu() {
  chart_menu_->clear();
  // The editor tab has no charts of its own: it exports the run tab's.
  ChartPanel* panel = window_->current_tab() == MainWindow::Tab::compare
                          ? window_->compare_tab()->chart_panel()
                          : window_->live_view()->chart_panel();
  for (ChartKind kind : panel->kinds()) {
    const QString name = chart_kind_name(kind);
    chart_menu_->addAction(name + QStringLiteral("…"), this, [this, panel, kind, name] {
      const QString path =
          QFileDialog::getSaveFileName(window_, tr("Export the %1 chart").arg(name),
                                       QDir(window_->results_dir()).filePath(name + QStringLiteral(".png")),
                                       tr("PNG image (*.png);;SVG drawing (*.svg)"));
      if (path.isEmpty()) return;
      QString error;
      if (!panel->export_chart(kind, path, &error)) QMessageBox::warning(window_, tr("Export failed"), error);
    });
  }
  if (panel->kinds().isEmpty()) chart_menu_->addAction(tr("(no chart shown)"))->setEnabled(false);
}

void ExportMenus::fill_table_menu() {
  table_menu_->clear();
  if (window_->current_tab() == MainWindow::Tab::compare) {
    add_table_entry(tr("Comparison"), window_->compare_tab()->table(), SummaryTableModel::kRawRole);
  } else {
    add_table_entry(tr("Events"), window_->live_view()->events_table(), EventTableModel::kRawRole);
    add_table_entry(tr("Summary"), window_->live_view()->summary_table(), SummaryTableModel::kRawRole);
  }
}

void ExportMenus::add_table_entry(const QString& label, QTableView* view, int raw_role) {
  // `raw_role`: the exact values behind the rounded text on screen, so the CSV loses nothing.
  table_menu_->addAction(label + QStringLiteral("…"), this, [this, label, view, raw_role] {
    const QString path = QFileDialog::getSaveFileName(
        window_, tr("Export %1 as CSV").arg(label),
        QDir(window_->results_dir()).filePath(label.toLower() + QStringLiteral(".csv")), tr("CSV (*.csv)"));
    QString error;
    if (!path.isEmpty() && !export_table_csv(*view->model(), path, &error, raw_role))
      QMessageBox::warning(window_, tr("Export failed"), error);
  });
}

}  // namespace stratus::gui
