#pragma once
// The compare tab: several result folders, or a comparison.csv, overlaid on the same charts
// (one series per run, with a legend) above a sortable table of their summary figures.
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include "gui/app/comparison_source.hpp"

class QLabel;
class QTableView;

namespace stratus::gui {

class ChartPanel;
class SummaryTableModel;

class CompareTab : public QWidget {
  Q_OBJECT
 public:
  explicit CompareTab(QWidget* parent = nullptr);

  /// Adds a result folder or the runs of a comparison.csv; false with a message otherwise.
  /// A folder already shown is not added twice.
  bool add_path(const QString& path, QString* error = nullptr);
  void clear();
  /// Builds the charts again (after a change of theme).
  void rebuild_charts();
  int run_count() const { return static_cast<int>(runs_.size()); }
  QStringList labels() const;

  /// Ask for a result folder (starting in `start_dir`) or a comparison.csv and add it; a
  /// message box says why when it cannot be added.
  void browse_folder(const QString& start_dir = {});
  void browse_csv();

  ChartPanel* chart_panel() const { return charts_; }
  QTableView* table() const { return table_; }
  SummaryTableModel* model() const { return model_; }

 Q_SIGNALS:
  void runs_changed();

 private:
  void add_runs(QVector<ComparedRun> runs, const QStringList& sources);
  void update_views();

  QVector<ComparedRun> runs_;
  QStringList sources_;  // the absolute path each run came from, to skip duplicates
  QLabel* hint_ = nullptr;
  ChartPanel* charts_ = nullptr;
  SummaryTableModel* model_ = nullptr;
  QTableView* table_ = nullptr;
};

}  // namespace stratus::gui
