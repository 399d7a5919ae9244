#pragma once
// The window: a scenario dock (name, description, parameters, variants) beside three tabs,
// Run (live charts), Compare and Editor; run controls and the speed on the toolbar; simulated
// time and ETA in the status bar. It wires the parts together and owns no simulation logic.
#include <QMainWindow>
#include <QString>
#include <QStringList>

#include "gui/app/theme.hpp"

class QAction;
class QActionGroup;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;

namespace stratus::gui {

class ChartPanel;
class CompareTab;
class LiveView;
class ParamPanel;
class RunController;
class ScenarioDocument;
class ScenarioEditor;
struct RunOutcome;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum class Tab { run, compare, editor };

  /// `stratus_path`: the simulator each run starts; `results_dir`: where runs write their
  /// results (one folder per run); empty for the remembered or default one.
  MainWindow(QString stratus_path, QString results_dir = {}, QWidget* parent = nullptr);
  ~MainWindow() override;

  bool open_scenario(const QString& path, QString* error = nullptr);
  /// A result folder or comparison.csv into the compare tab.
  bool add_comparison(const QString& path, QString* error = nullptr);
  /// Routes paths as a drop does: scenarios open, result folders and CSVs go to Compare.
  /// Returns one message per path that could not be opened.
  QStringList open_paths(const QStringList& paths);
  /// Runs the open scenario with the panel's values; false with a reason when it cannot.
  bool start_run(QString* error = nullptr);
  void set_pace(double sim_s_per_wall_s);
  void show_tab(Tab tab);
  void set_theme(ThemeChoice choice);
  QString results_dir() const { return results_dir_; }

  ScenarioDocument* document() const { return document_; }
  ParamPanel* param_panel() const { return params_; }
  RunController* controller() const { return controller_; }
  LiveView* live_view() const { return live_; }
  CompareTab* compare_tab() const { return compare_; }
  ScenarioEditor* editor() const { return editor_; }
  QLabel* sim_time_label() const { return sim_time_; }
  QLabel* eta_label() const { return eta_; }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void build_actions();
  void build_menus();
  void build_toolbar();
  void build_dock();
  void build_status_bar();
  void restore_settings();
  void save_settings() const;
  void on_document_loaded();
  void on_run_finished(const RunOutcome& outcome);
  void update_actions();
  void update_progress();
  void fill_recent_menu();
  void fill_export_chart_menu();
  void fill_export_table_menu();
  void browse_scenario();
  void browse_results_dir();
  void add_last_run_to_comparison();
  bool confirm_discard_edits();
  QString new_run_dir() const;
  ChartPanel* current_chart_panel() const;
  void redraw_charts();

  RunController* controller_ = nullptr;
  ScenarioDocument* document_ = nullptr;
  QString results_dir_;

  QTabWidget* tabs_ = nullptr;
  LiveView* live_ = nullptr;
  CompareTab* compare_ = nullptr;
  ScenarioEditor* editor_ = nullptr;
  ParamPanel* params_ = nullptr;
  QLabel* scenario_title_ = nullptr;
  QLabel* scenario_description_ = nullptr;

  QAction* open_action_ = nullptr;
  QAction* reload_action_ = nullptr;
  QAction* run_action_ = nullptr;
  QAction* pause_action_ = nullptr;
  QAction* stop_action_ = nullptr;
  QAction* compare_last_action_ = nullptr;
  QActionGroup* theme_group_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QMenu* export_chart_menu_ = nullptr;
  QMenu* export_table_menu_ = nullptr;
  QComboBox* speed_ = nullptr;
  QDoubleSpinBox* custom_speed_ = nullptr;

  QLabel* state_ = nullptr;
  QLabel* sim_time_ = nullptr;
  QLabel* eta_ = nullptr;
  QProgressBar* progress_ = nullptr;
  ThemeChoice theme_ = ThemeChoice::system;
};

}  // namespace stratus::gui
