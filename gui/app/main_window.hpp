#pragma once
// The window: a scenario dock (name, description, parameters, variants) beside three tabs,
// Run (live charts), Compare and Editor; run controls and the speed on the toolbar; simulated
// time and ETA in the status bar. It builds the parts, lays them out, puts their actions in
// the menus and remembers the layout; it owns no simulation logic. The parts:
//   FileOpener     File > Open, Open recent, Reload; dropped files; command-line paths
//   RunActions     Run, Pause, Stop, Add the last run to Compare
//   SpeedControl   the toolbar's speed box
//   ScenarioDock   the scenario's name, description, parameters and Run button
//   RunStatusBar   the run's state, simulated time, ETA and end in the status bar
//   ExportMenus    File > Export chart / table
//   ThemeMenu      View > Theme
#include <QMainWindow>
#include <QString>
#include <QStringList>

#include "gui/app/file_opener.hpp"
#include "gui/app/run_status_bar.hpp"
#include "gui/app/scenario_dock.hpp"
#include "gui/app/speed_control.hpp"
#include "gui/app/theme.hpp"

class QLabel;
class QTabWidget;

namespace stratus::gui {

class CompareTab;
class ExportMenus;
class LiveView;
class ParamPanel;
class RunActions;
class RunController;
class ScenarioDocument;
class ScenarioEditor;
class ThemeMenu;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum class Tab { run, compare, editor };

  /// `stratus_path`: the simulator each run starts; `results_dir`: where runs write their
  /// results (one folder per run); empty for the remembered or default one.
  MainWindow(QString stratus_path, QString results_dir = {}, QWidget* parent = nullptr);
  ~MainWindow() override;

  bool open_scenario(const QString& path, QString* error = nullptr) {
    return files_->open_scenario(path, error);
  }
  /// A result folder or comparison.csv into the compare tab.
  bool add_comparison(const QString& path, QString* error = nullptr) {
    return files_->add_comparison(path, error);
  }
  /// Routes paths as a drop does: scenarios open, result folders and CSVs go to Compare.
  /// Returns one message per path that could not be opened.
  QStringList open_paths(const QStringList& paths) { return files_->open_paths(paths); }
  /// Runs the open scenario with the panel's values; false with a reason when it cannot.
  bool start_run(QString* error = nullptr);
  void set_pace(double sim_s_per_wall_s) { speed_->set_pace(sim_s_per_wall_s); }
  void show_tab(Tab tab);
  Tab current_tab() const;
  void set_theme(ThemeChoice choice);
  QString results_dir() const { return results_dir_; }
  /// Something asked of the window could not be done: says why in the status bar (a drop or a
  /// shortcut has no dialog to say it in) and hands the reason to the caller through `error`.
  /// Returns false, for `return report_failure(...)`.
  bool report_failure(const QString& problem, QString* error = nullptr);

  ScenarioDocument* document() const { return document_; }
  ParamPanel* param_panel() const { return dock_->param_panel(); }
  RunController* controller() const { return controller_; }
  LiveView* live_view() const { return live_; }
  CompareTab* compare_tab() const { return compare_; }
  ScenarioEditor* editor() const { return editor_; }
  QLabel* sim_time_label() const { return status_->sim_time_label(); }
  QLabel* eta_label() const { return status_->eta_label(); }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void build_menus();
  void build_toolbar();
  void restore_settings();
  void save_settings() const;
  void on_document_loaded();
  void add_last_run_to_comparison();
  void browse_results_dir();
  void redraw_charts();

  RunController* controller_ = nullptr;
  ScenarioDocument* document_ = nullptr;
  QString results_dir_;

  QTabWidget* tabs_ = nullptr;
  LiveView* live_ = nullptr;
  CompareTab* compare_ = nullptr;
  ScenarioEditor* editor_ = nullptr;

  FileOpener* files_ = nullptr;
  RunActions* run_actions_ = nullptr;
  ExportMenus* exports_ = nullptr;
  ThemeMenu* theme_menu_ = nullptr;
  SpeedControl* speed_ = nullptr;
  ScenarioDock* dock_ = nullptr;
  RunStatusBar* status_ = nullptr;
};

}  // namespace stratus::gui
