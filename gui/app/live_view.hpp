#pragma once
// The run tab: the charts of the run going on, redrawn from its RunData at most ~30 times a
// second (a redraw decimates every series, so a year-long run stays smooth), its events as they
// come, its summary once it ends, and what went wrong when it fails. What was drawn stays.
#include <QWidget>
#include <memory>

#include "gui/app/run_controller.hpp"

class QLabel;
class QTableView;
class QTabWidget;
class QTimer;

namespace stratus::gui {

class ChartPanel;
class EventTableModel;
class SummaryTableModel;

class LiveView : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kRedrawIntervalMs = 33;  // ~30 Hz

  explicit LiveView(RunController* controller, QWidget* parent = nullptr);

  ChartPanel* chart_panel() const { return charts_; }
  QTableView* events_table() const { return events_view_; }
  QTableView* summary_table() const { return summary_view_; }
  SummaryTableModel* summary_model() const { return summary_; }
  /// The message shown when the last run failed (empty otherwise).
  QString error_text() const;
  /// Redraws now if anything changed since the last redraw.
  void redraw();
  int redraw_count() const { return redraws_; }

 private:
  void on_started(const std::shared_ptr<const RunData>& run);
  void on_finished(const RunOutcome& outcome);

  RunController* controller_;
  QLabel* command_ = nullptr;
  QLabel* error_ = nullptr;
  ChartPanel* charts_ = nullptr;
  QTabWidget* details_ = nullptr;
  EventTableModel* events_ = nullptr;
  QTableView* events_view_ = nullptr;
  SummaryTableModel* summary_ = nullptr;
  QTableView* summary_view_ = nullptr;
  QTimer* redraw_timer_ = nullptr;
  bool dirty_ = false;
  int redraws_ = 0;
};

}  // namespace stratus::gui
