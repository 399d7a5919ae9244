#pragma once
// File > Export chart and File > Export table as CSV. Both list what the tab in front shows
// (the compare tab's charts and table, or the run tab's charts, events and summary), built
// afresh each time they open, and ask where to save, starting in the results folder.
#include <QObject>

class QMenu;
class QTableView;

namespace stratus::gui {

class MainWindow;

class ExportMenus : public QObject {
  Q_OBJECT
 public:
  explicit ExportMenus(MainWindow* window);

  QMenu* chart_menu() const { return chart_menu_; }
  QMenu* table_menu() const { return table_menu_; }

 private:
  void fill_chart_menu();
  void fill_table_menu();
  void add_table_entry(const QString& label, QTableView* view, int raw_role);

  MainWindow* window_;
  QMenu* chart_menu_ = nullptr;
  QMenu* table_menu_ = nullptr;
};

}  // namespace stratus::gui
