#include "gui/app/main_window.hpp"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

#include "gui/app/compare_tab.hpp"
#include "gui/app/export_menus.hpp"
#include "gui/app/live_view.hpp"
#include "gui/app/param_panel.hpp"
#include "gui/app/run_actions.hpp"
#include "gui/app/run_controller.hpp"
#include "gui/app/scenario_document.hpp"
#include "gui/app/scenario_editor.hpp"
#include "gui/app/theme_menu.hpp"
#include "gui/charts/chart_panel.hpp"

namespace stratus::gui {

namespace {

// The dock's width when no remembered layout says otherwise: the charts need the width more.
constexpr int kDockWidth = 320;
// How long the status bar shows why something could not be done.
constexpr int kFailureMessageMs = 10000;

QString default_results_dir() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
      .filePath(QStringLiteral("runs"));
}

}  // namespace

MainWindow::MainWindow(QString stratus_path, QString results_dir, QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("stratus_main_window"));
  setAcceptDrops(true);
  controller_ = new RunController(std::move(stratus_path), this);
  document_ = new ScenarioDocument(this);
  results_dir_ = !results_dir.isEmpty()
                     ? results_dir
                     : QSettings().value(QStringLiteral("results_dir"), default_results_dir()).toString();

  tabs_ = new QTabWidget(this);
  live_ = new LiveView(controller_, tabs_);
  compare_ = new CompareTab(tabs_);
  editor_ = new ScenarioEditor(document_, tabs_);
  tabs_->addTab(live_, tr("Run"));
  tabs_->addTab(compare_, tr("Compare"));
  tabs_->addTab(editor_, tr("Editor"));
  setCentralWidget(tabs_);

  files_ = new FileOpener(this);
  run_actions_ = new RunActions(controller_, document_, this);
  exports_ = new ExportMenus(this);
  theme_menu_ = new ThemeMenu(this);
  build_menus();
  build_toolbar();
  dock_ = new ScenarioDock(run_actions_->run(), this);
  addDockWidget(Qt::LeftDockWidgetArea, dock_);
  resizeDocks({dock_}, {kDockWidth}, Qt::Horizontal);
  status_ = new RunStatusBar(controller_, statusBar());

  connect(document_, &ScenarioDocument::loaded, this, &MainWindow::on_document_loaded);
  connect(run_actions_, &RunActions::run_requested, this, [this] {
    QString error;
    if (!start_run(&error) && !error.isEmpty()) QMessageBox::information(this, tr("Cannot run"), error);
  });
  connect(run_actions_, &RunActions::compare_last_requested, this, &MainWindow::add_last_run_to_comparison);
  connect(editor_, &ScenarioEditor::validated, this, [this](int errors) {
    tabs_->setTabText(tabs_->indexOf(editor_), errors == 0 ? tr("Editor") : tr("Editor (%1)").arg(errors));
  });
  connect(compare_, &CompareTab::runs_changed, this, [this] { show_tab(Tab::compare); });

  restore_settings();
  on_document_loaded();
}

MainWindow::~MainWindow() = default;

void MainWindow::build_menus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(files_->open_action());
  file->addMenu(files_->recent_menu());
  file->addAction(files_->reload_action());
  file->addAction(editor_->save_action());
  file->addSeparator();
  file->addAction(tr("Add result folder to Compare…"), this,
                  [this] { compare_->browse_folder(results_dir_); });
  file->addAction(tr("Open comparison.csv…"), compare_, &CompareTab::browse_csv);
  file->addSeparator();
  file->addMenu(exports_->chart_menu());
  file->addMenu(exports_->table_menu());
  file->addSeparator();
  file->addAction(tr("Results folder…"), this, &MainWindow::browse_results_dir);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(run_actions_->run());
  run->addAction(run_actions_->pause());
  run->addAction(run_actions_->stop());
  run->addSeparator();
  run->addAction(run_actions_->compare_last());

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addMenu(theme_menu_);
}

void MainWindow::build_toolbar() {
  QToolBar* bar = addToolBar(tr("Run"));
  bar->setObjectName(QStringLiteral("run_toolbar"));  // the name saveState() remembers it by
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  bar->addAction(files_->open_action());
  bar->addSeparator();
  bar->addAction(run_actions_->run());
  bar->addAction(run_actions_->pause());
  bar->addAction(run_actions_->stop());
  bar->addSeparator();
  speed_ = new SpeedControl(controller_, bar);
}

// --- Settings: the layout, tab, speed, theme and results folder survive a restart. ---

void MainWindow::restore_settings() {
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("main_window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("main_window/state")).toByteArray());
  tabs_->setCurrentIndex(settings.value(QStringLiteral("main_window/tab"), 0).toInt());
  speed_->restore(settings);
  set_theme(theme_choice_from_name(settings.value(QStringLiteral("theme")).toString()));
}

void MainWindow::save_settings() const {
  QSettings settings;
  settings.setValue(QStringLiteral("main_window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("main_window/state"), saveState());
  settings.setValue(QStringLiteral("main_window/tab"), tabs_->currentIndex());
  speed_->save(settings);
  settings.setValue(QStringLiteral("theme"), theme_choice_name(theme_menu_->choice()));
  settings.setValue(QStringLiteral("results_dir"), results_dir_);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!editor_->settle_unsaved_changes()) {
    event->ignore();
    return;
  }
  save_settings();
  event->accept();  // a run still going is killed with the controller
}

void MainWindow::browse_results_dir() {
  const QString dir =
      QFileDialog::getExistingDirectory(this, tr("Where runs write their results"), results_dir_);
  if (!dir.isEmpty()) results_dir_ = dir;
}

bool MainWindow::report_failure(const QString& problem, QString* error) {
  if (error != nullptr) *error = problem;
  statusBar()->showMessage(problem, kFailureMessageMs);
  return false;
}

// --- Files (FileOpener does the work). ---

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  if (files_->open_dropped(*event->mimeData())) event->acceptProposedAction();
}

void MainWindow::on_document_loaded() {
  setWindowTitle(document_->is_open() ? tr("%1 — Stratus").arg(QFileInfo(document_->path()).fileName())
                                      : tr("Stratus"));
  dock_->show_document(*document_);
}

// --- Runs. ---

bool MainWindow::start_run(QString* error) {
  if (!document_->is_open()) return report_failure(tr("Open a scenario first (File > Open)."), error);
  if (controller_->busy()) return report_failure(tr("A run is going; stop it first."), error);
  if (!editor_->settle_unsaved_changes()) return false;
  const ScenarioCheck& check = document_->check();
  if (!check.ok) {
    show_tab(Tab::editor);
    return report_failure(tr("The scenario has errors; fix them in the Editor tab first."), error);
  }
  RunRequest request;
  request.scenario_file = document_->path();
  request.variant = dock_->param_panel()->variant();
  request.params = dock_->param_panel()->param_arguments();
  // Named after the scenario (and variant), so a results folder says what ran in it.
  QString name = check.name.isEmpty() ? QFileInfo(document_->path()).completeBaseName() : check.name;
  if (!request.variant.isEmpty()) name += QLatin1Char('-') + request.variant;
  request.out_dir = new_run_dir(results_dir_, name);
  QString problem;
  if (!controller_->start(request, &problem)) return report_failure(problem, error);
  show_tab(Tab::run);
  return true;
}

void MainWindow::add_last_run_to_comparison() {
  const RunOutcome& outcome = controller_->outcome();
  QString error;
  if (outcome.out_dir.isEmpty() || !add_comparison(outcome.out_dir, &error))
    QMessageBox::information(this, tr("Nothing to compare"),
                             error.isEmpty() ? tr("Run a scenario to the end (or stop it) first.") : error);
}

// --- Tabs and theme. ---

void MainWindow::show_tab(Tab tab) {
  tabs_->setCurrentWidget(tab == Tab::run       ? static_cast<QWidget*>(live_)
                          : tab == Tab::compare ? static_cast<QWidget*>(compare_)
                                                : static_cast<QWidget*>(editor_));
}

MainWindow::Tab MainWindow::current_tab() const {
  const QWidget* shown = tabs_->currentWidget();
  return shown == compare_ ? Tab::compare : shown == editor_ ? Tab::editor : Tab::run;
}

void MainWindow::set_theme(ThemeChoice choice) {
  theme_menu_->set_choice(choice);
}

void MainWindow::changeEvent(QEvent* event) {
  QMainWindow::changeEvent(event);
  if (event->type() == QEvent::PaletteChange) redraw_charts();
}

void MainWindow::redraw_charts() {
  // Charts take their theme from the palette when they are built: build them again.
  if (controller_->data()) {
    live_->chart_panel()->set_runs({controller_->data()});
    live_->chart_panel()->refresh();
  }
  compare_->rebuild_charts();
}

}  // namespace stratus::gui
