#include "gui/app/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include "gui/app/compare_tab.hpp"
#include "gui/app/event_table_model.hpp"
#include "gui/app/live_view.hpp"
#include "gui/app/param_panel.hpp"
#include "gui/app/progress_text.hpp"
#include "gui/app/recent_files.hpp"
#include "gui/app/run_controller.hpp"
#include "gui/app/scenario_document.hpp"
#include "gui/app/scenario_editor.hpp"
#include "gui/app/summary_table_model.hpp"
#include "gui/app/table_export.hpp"
#include "gui/charts/chart_panel.hpp"
#include "sim/units.hpp"

namespace stratus::gui {

namespace {

// Speeds a class can follow, in simulated seconds per wall second; 0 runs flat out.
struct SpeedPreset {
  const char* label;
  double pace;
};
constexpr SpeedPreset kSpeeds[] = {
    {"As fast as possible", 0},    {"1 min per second", 60},  {"10 min per second", 600},
    {"1 h per second", 3600},      {"6 h per second", 21600}, {"1 day per second", 86400},
    {"1 week per second", 604800},
};
constexpr int kCustomSpeed = static_cast<int>(std::size(kSpeeds));

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

  build_actions();
  build_menus();
  build_toolbar();
  build_dock();
  build_status_bar();

  connect(document_, &ScenarioDocument::loaded, this, &MainWindow::on_document_loaded);
  connect(controller_, &RunController::state_changed, this, [this] {
    update_actions();
    update_progress();
  });
  connect(controller_, &RunController::progress_changed, this, &MainWindow::update_progress);
  connect(controller_, &RunController::finished, this, &MainWindow::on_run_finished);
  connect(editor_, &ScenarioEditor::validated, this, [this](int errors) {
    tabs_->setTabText(2, errors == 0 ? tr("Editor") : tr("Editor (%1)").arg(errors));
  });
  connect(compare_, &CompareTab::runs_changed, this, [this] { show_tab(Tab::compare); });

  restore_settings();
  on_document_loaded();
  update_actions();
  update_progress();
}

MainWindow::~MainWindow() = default;

// --- Building. ---

void MainWindow::build_actions() {
  open_action_ = new QAction(tr("&Open scenario…"), this);
  open_action_->setShortcut(QKeySequence::Open);
  connect(open_action_, &QAction::triggered, this, &MainWindow::browse_scenario);
  reload_action_ = new QAction(tr("&Reload scenario"), this);
  reload_action_->setShortcut(QKeySequence::Refresh);
  connect(reload_action_, &QAction::triggered, this, [this] {
    if (confirm_discard_edits()) document_->reload();
  });

  run_action_ = new QAction(tr("&Run"), this);
  run_action_->setShortcut(Qt::CTRL | Qt::Key_R);
  run_action_->setToolTip(tr("Run the scenario with these parameters (Ctrl+R)"));
  connect(run_action_, &QAction::triggered, this, [this] {
    QString error;
    if (!start_run(&error) && !error.isEmpty()) QMessageBox::information(this, tr("Cannot run"), error);
  });
  pause_action_ = new QAction(tr("&Pause"), this);
  pause_action_->setCheckable(true);
  pause_action_->setShortcut(Qt::CTRL | Qt::Key_P);
  connect(pause_action_, &QAction::triggered, this, [this](bool paused) {
    if (paused)
      controller_->pause();
    else
      controller_->resume();
  });
  stop_action_ = new QAction(tr("&Stop"), this);
  stop_action_->setShortcut(Qt::CTRL | Qt::Key_Period);
  stop_action_->setToolTip(tr("Stop the run; it keeps and writes what it has so far"));
  connect(stop_action_, &QAction::triggered, controller_, &RunController::stop);
  compare_last_action_ = new QAction(tr("Add the last run to Compare"), this);
  connect(compare_last_action_, &QAction::triggered, this, &MainWindow::add_last_run_to_comparison);
}

void MainWindow::build_menus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(open_action_);
  recent_menu_ = file->addMenu(tr("Open &recent"));
  connect(recent_menu_, &QMenu::aboutToShow, this, &MainWindow::fill_recent_menu);
  file->addAction(reload_action_);
  file->addAction(editor_->save_action());
  file->addSeparator();
  file->addAction(tr("Add result folder to Compare…"), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a result folder"), results_dir_);
    QString error;
    if (!dir.isEmpty() && !add_comparison(dir, &error))
      QMessageBox::warning(this, tr("Cannot compare"), error);
  });
  file->addAction(tr("Open comparison.csv…"), this, [this] {
    const QString csv = QFileDialog::getOpenFileName(this, tr("Open a comparison"), {}, tr("CSV (*.csv)"));
    QString error;
    if (!csv.isEmpty() && !add_comparison(csv, &error))
      QMessageBox::warning(this, tr("Cannot compare"), error);
  });
  file->addSeparator();
  export_chart_menu_ = file->addMenu(tr("Export &chart"));
  connect(export_chart_menu_, &QMenu::aboutToShow, this, &MainWindow::fill_export_chart_menu);
  export_table_menu_ = file->addMenu(tr("Export &table as CSV"));
  connect(export_table_menu_, &QMenu::aboutToShow, this, &MainWindow::fill_export_table_menu);
  file->addSeparator();
  file->addAction(tr("Results folder…"), this, &MainWindow::browse_results_dir);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(run_action_);
  run->addAction(pause_action_);
  run->addAction(stop_action_);
  run->addSeparator();
  run->addAction(compare_last_action_);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QMenu* theme = view->addMenu(tr("&Theme"));
  theme_group_ = new QActionGroup(this);
  for (ThemeChoice choice : {ThemeChoice::system, ThemeChoice::light, ThemeChoice::dark}) {
    const QString label = choice == ThemeChoice::system  ? tr("Follow the system")
                          : choice == ThemeChoice::light ? tr("Light")
                                                         : tr("Dark");
    QAction* a = theme->addAction(label, this, [this, choice] { set_theme(choice); });
    a->setCheckable(true);
    a->setData(theme_choice_name(choice));
    theme_group_->addAction(a);
  }
}

void MainWindow::build_toolbar() {
  QToolBar* bar = addToolBar(tr("Run"));
  bar->setObjectName(QStringLiteral("run_toolbar"));
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  bar->addAction(open_action_);
  bar->addSeparator();
  bar->addAction(run_action_);
  bar->addAction(pause_action_);
  bar->addAction(stop_action_);
  bar->addSeparator();
  bar->addWidget(new QLabel(tr(" Speed: "), bar));
  speed_ = new QComboBox(bar);
  speed_->setObjectName(QStringLiteral("speed"));
  for (const SpeedPreset& s : kSpeeds)
    speed_->addItem(tr(s.label), s.pace);
  speed_->addItem(tr("Custom…"), -1.0);
  speed_->setToolTip(tr("Simulated time per wall-clock second, so a class can follow the run"));
  bar->addWidget(speed_);
  custom_speed_ = new QDoubleSpinBox(bar);
  custom_speed_->setRange(1, 1e9);
  custom_speed_->setDecimals(0);
  custom_speed_->setValue(3600);
  custom_speed_->setSuffix(tr(" sim s per s"));
  custom_speed_->setKeyboardTracking(false);
  QAction* custom_action = bar->addWidget(custom_speed_);
  custom_action->setVisible(false);
  auto apply_speed = [this, custom_action] {
    const bool custom = speed_->currentIndex() == kCustomSpeed;
    custom_action->setVisible(custom);
    controller_->set_pace(custom ? custom_speed_->value() : speed_->currentData().toDouble());
  };
  connect(speed_, &QComboBox::currentIndexChanged, this, apply_speed);
  connect(custom_speed_, &QDoubleSpinBox::valueChanged, this, apply_speed);
}

void MainWindow::build_dock() {
  auto* dock = new QDockWidget(tr("Scenario"), this);
  dock->setObjectName(QStringLiteral("scenario_dock"));
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  auto* host = new QWidget(dock);
  auto* layout = new QVBoxLayout(host);
  scenario_title_ = new QLabel(host);
  scenario_title_->setWordWrap(true);
  scenario_title_->setTextFormat(Qt::RichText);
  layout->addWidget(scenario_title_);
  scenario_description_ = new QLabel(host);
  scenario_description_->setWordWrap(true);
  layout->addWidget(scenario_description_);
  auto* scroll = new QScrollArea(host);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  params_ = new ParamPanel(scroll);
  scroll->setWidget(params_);
  layout->addWidget(scroll, 1);
  auto* run = new QPushButton(tr("Run"), host);
  run->setObjectName(QStringLiteral("run_button"));
  connect(run, &QPushButton::clicked, run_action_, &QAction::trigger);
  connect(run_action_, &QAction::changed, run, [run, this] { run->setEnabled(run_action_->isEnabled()); });
  layout->addWidget(run);
  dock->setWidget(host);
  dock->setMinimumWidth(280);
  addDockWidget(Qt::LeftDockWidgetArea, dock);
  // Narrow by default: the charts need the width more (a remembered layout overrides this).
  resizeDocks({dock}, {320}, Qt::Horizontal);
}

void MainWindow::build_status_bar() {
  state_ = new QLabel(this);
  sim_time_ = new QLabel(this);
  sim_time_->setObjectName(QStringLiteral("sim_time"));
  eta_ = new QLabel(this);
  eta_->setObjectName(QStringLiteral("eta"));
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setTextVisible(false);
  progress_->setMaximumWidth(200);
  statusBar()->addWidget(state_);
  statusBar()->addPermanentWidget(sim_time_);
  statusBar()->addPermanentWidget(eta_);
  statusBar()->addPermanentWidget(progress_);
}

// --- Settings. ---

void MainWindow::restore_settings() {
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("main_window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("main_window/state")).toByteArray());
  tabs_->setCurrentIndex(settings.value(QStringLiteral("main_window/tab"), 0).toInt());
  speed_->setCurrentIndex(
      std::clamp(settings.value(QStringLiteral("speed_index"), 0).toInt(), 0, kCustomSpeed));
  custom_speed_->setValue(settings.value(QStringLiteral("custom_speed"), 3600.0).toDouble());
  set_theme(theme_choice_from_name(settings.value(QStringLiteral("theme")).toString()));
}

void MainWindow::save_settings() const {
  QSettings settings;
  settings.setValue(QStringLiteral("main_window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("main_window/state"), saveState());
  settings.setValue(QStringLiteral("main_window/tab"), tabs_->currentIndex());
  settings.setValue(QStringLiteral("speed_index"), speed_->currentIndex());
  settings.setValue(QStringLiteral("custom_speed"), custom_speed_->value());
  settings.setValue(QStringLiteral("theme"), theme_choice_name(theme_));
  settings.setValue(QStringLiteral("results_dir"), results_dir_);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!confirm_discard_edits()) {
    event->ignore();
    return;
  }
  save_settings();
  event->accept();  // a run still going is killed with the controller
}

// --- Scenario. ---

bool MainWindow::open_scenario(const QString& path, QString* error) {
  QString problem;
  if (!document_->open(path, &problem)) {
    if (error != nullptr) *error = problem;
    statusBar()->showMessage(problem, 10000);
    return false;
  }
  return true;
}

void MainWindow::browse_scenario() {
  if (!confirm_discard_edits()) return;
  const QString start = document_->is_open() ? QFileInfo(document_->path()).absolutePath() : QString();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open a scenario"), start,
                                                    tr("Scenarios (*.yaml *.yml);;All files (*)"));
  QString error;
  if (!path.isEmpty() && !open_scenario(path, &error)) QMessageBox::warning(this, tr("Cannot open"), error);
}

bool MainWindow::confirm_discard_edits() {
  if (!editor_->is_modified()) return true;
  const auto answer = QMessageBox::question(
      this, tr("Unsaved changes"), tr("The scenario has unsaved changes. Save them?"),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Save) return editor_->save();
  editor_->revert();
  return true;
}

void MainWindow::on_document_loaded() {
  const ScenarioCheck& check = document_->check();
  if (!document_->is_open()) {
    scenario_title_->setText(tr("<b>No scenario open</b>"));
    scenario_description_->setText(tr("Open a scenario file (File > Open) or drop one on the window."));
    params_->set_scenario({}, {});
    setWindowTitle(tr("Stratus"));
    update_actions();
    return;
  }
  const QString file = QFileInfo(document_->path()).fileName();
  setWindowTitle(tr("%1 — Stratus").arg(file));
  if (check.ok) {
    scenario_title_->setText(QStringLiteral("<b>%1</b> <small>(%2, %3)</small>")
                                 .arg(check.name.toHtmlEscaped(), file.toHtmlEscaped(),
                                      QString::fromStdString(sim::format_duration(check.duration_s))));
    scenario_description_->setText(check.description);
  } else {
    scenario_title_->setText(QStringLiteral("<b>%1</b>").arg(file.toHtmlEscaped()));
    const auto errors = check.diagnostics.size();
    scenario_description_->setText(errors == 1
                                       ? tr("1 error in this file: see the Editor tab.")
                                       : tr("%1 errors in this file: see the Editor tab.").arg(errors));
  }
  params_->set_scenario(check.params, check.variants);
  update_actions();
}

// --- Runs. ---

QString MainWindow::new_run_dir() const {
  const ScenarioCheck& check = document_->check();
  QString name = check.name.isEmpty() ? QFileInfo(document_->path()).completeBaseName() : check.name;
  if (!params_->variant().isEmpty()) name += QLatin1Char('-') + params_->variant();
  const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
  const QDir root(results_dir_);
  QString dir = root.filePath(name + QLatin1Char('-') + stamp);
  for (int n = 2; QFileInfo::exists(dir); ++n)
    dir = root.filePath(QStringLiteral("%1-%2-%3").arg(name, stamp).arg(n));
  return dir;
}

bool MainWindow::start_run(QString* error) {
  auto fail = [&](const QString& message) {
    if (error != nullptr) *error = message;
    statusBar()->showMessage(message, 10000);
    return false;
  };
  if (!document_->is_open()) return fail(tr("Open a scenario first (File > Open)."));
  if (controller_->busy()) return fail(tr("A run is going; stop it first."));
  if (editor_->is_modified() && !confirm_discard_edits()) return false;
  if (!document_->check().ok) {
    show_tab(Tab::editor);
    return fail(tr("The scenario has errors; fix them in the Editor tab first."));
  }
  RunRequest request;
  request.scenario_file = document_->path();
  request.variant = params_->variant();
  request.params = params_->param_arguments();
  request.out_dir = new_run_dir();
  QString problem;
  if (!controller_->start(request, &problem)) return fail(problem);
  show_tab(Tab::run);
  return true;
}

void MainWindow::set_pace(double sim_s_per_wall_s) {
  for (int i = 0; i < kCustomSpeed; ++i)
    if (speed_->itemData(i).toDouble() == sim_s_per_wall_s) {
      speed_->setCurrentIndex(i);
      return;
    }
  custom_speed_->setValue(sim_s_per_wall_s);
  speed_->setCurrentIndex(kCustomSpeed);
}

void MainWindow::on_run_finished(const RunOutcome& outcome) {
  switch (outcome.status) {
    case RunOutcome::Status::completed:
      statusBar()->showMessage(tr("Run completed; results in %1").arg(outcome.out_dir), 15000);
      break;
    case RunOutcome::Status::stopped:
      statusBar()->showMessage(tr("Run stopped; partial results in %1").arg(outcome.out_dir), 15000);
      break;
    case RunOutcome::Status::failed:
      statusBar()->showMessage(tr("Run failed: %1").arg(outcome.message.section(QLatin1Char('\n'), 0, 0)),
                               15000);
      break;
  }
}

void MainWindow::add_last_run_to_comparison() {
  const RunOutcome& outcome = controller_->outcome();
  QString error;
  if (outcome.out_dir.isEmpty() || !add_comparison(outcome.out_dir, &error))
    QMessageBox::information(this, tr("Nothing to compare"),
                             error.isEmpty() ? tr("Run a scenario to the end (or stop it) first.") : error);
}

void MainWindow::update_actions() {
  const RunController::State state = controller_->state();
  const bool busy = controller_->busy();
  run_action_->setEnabled(!busy && document_->is_open() && document_->check().ok);
  pause_action_->setEnabled(state == RunController::State::running || state == RunController::State::paused);
  pause_action_->setChecked(state == RunController::State::paused);
  pause_action_->setText(state == RunController::State::paused ? tr("Resume") : tr("Pause"));
  stop_action_->setEnabled(state == RunController::State::running || state == RunController::State::paused);
  reload_action_->setEnabled(document_->is_open());
  compare_last_action_->setEnabled(!controller_->outcome().out_dir.isEmpty() && !busy);
}

void MainWindow::update_progress() {
  const RunProgress& p = controller_->progress();
  const RunController::State state = controller_->state();
  state_->setText(state_text(state));
  const bool any_run = state != RunController::State::idle;
  sim_time_->setText(any_run ? sim_time_text(p) : QString());
  eta_->setText(controller_->busy() && state != RunController::State::paused ? eta_text(p) : QString());
  const int permille = progress_permille(p);
  progress_->setVisible(any_run);
  if (permille < 0)
    progress_->setRange(0, 0);  // busy indicator: the run's length is unknown
  else {
    progress_->setRange(0, 1000);
    progress_->setValue(permille);
  }
}

// --- Compare, export, files. ---

bool MainWindow::add_comparison(const QString& path, QString* error) {
  QString problem;
  if (compare_->add_path(path, &problem)) return true;
  if (error != nullptr) *error = problem;
  statusBar()->showMessage(problem, 10000);
  return false;
}

QStringList MainWindow::open_paths(const QStringList& paths) {
  QStringList errors;
  for (const QString& path : paths) {
    const QFileInfo info(path);
    const QString suffix = info.suffix().toLower();
    QString error;
    if (info.isDir() || suffix == QLatin1String("csv")) {
      add_comparison(path, &error);
    } else if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml")) {
      if (confirm_discard_edits()) open_scenario(path, &error);
    } else {
      error = tr("%1: drop a scenario (.yaml), a result folder or a comparison.csv").arg(path);
    }
    if (!error.isEmpty()) errors << error;
  }
  return errors;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  QStringList paths;
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile()) paths << url.toLocalFile();
  if (paths.isEmpty()) return;
  event->acceptProposedAction();
  const QStringList errors = open_paths(paths);
  if (!errors.isEmpty()) QMessageBox::warning(this, tr("Cannot open"), errors.join(QLatin1Char('\n')));
}

void MainWindow::fill_recent_menu() {
  recent_menu_->clear();
  const QStringList files = RecentFiles::list();
  for (const QString& file : files)
    recent_menu_->addAction(file, this, [this, file] {
      QString error;
      if (confirm_discard_edits() && !open_scenario(file, &error))
        QMessageBox::warning(this, tr("Cannot open"), error);
    });
  if (files.isEmpty()) recent_menu_->addAction(tr("(none yet)"))->setEnabled(false);
}

ChartPanel* MainWindow::current_chart_panel() const {
  return tabs_->currentWidget() == compare_ ? compare_->chart_panel() : live_->chart_panel();
}

void MainWindow::fill_export_chart_menu() {
  export_chart_menu_->clear();
  ChartPanel* panel = current_chart_panel();
  for (ChartKind kind : panel->kinds()) {
    const QString name = chart_kind_name(kind);
    export_chart_menu_->addAction(name + QStringLiteral("…"), this, [this, panel, kind, name] {
      const QString path =
          QFileDialog::getSaveFileName(this, tr("Export the %1 chart").arg(name),
                                       QDir(results_dir_).filePath(name + QStringLiteral(".png")),
                                       tr("PNG image (*.png);;SVG drawing (*.svg)"));
      if (path.isEmpty()) return;
      QString error;
      if (!panel->export_chart(kind, path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
    });
  }
  if (panel->kinds().isEmpty()) export_chart_menu_->addAction(tr("(no chart shown)"))->setEnabled(false);
}

void MainWindow::fill_export_table_menu() {
  export_table_menu_->clear();
  auto add = [this](const QString& label, QTableView* view, int raw_role) {
    export_table_menu_->addAction(label + QStringLiteral("…"), this, [this, label, view, raw_role] {
      const QString path = QFileDialog::getSaveFileName(
          this, tr("Export %1 as CSV").arg(label),
          QDir(results_dir_).filePath(label.toLower() + QStringLiteral(".csv")), tr("CSV (*.csv)"));
      QString error;
      if (!path.isEmpty() && !export_table_csv(*view->model(), path, &error, raw_role))
        QMessageBox::warning(this, tr("Export failed"), error);
    });
  };
  if (tabs_->currentWidget() == compare_) {
    add(tr("Comparison"), compare_->table(), SummaryTableModel::kRawRole);
  } else {
    add(tr("Events"), live_->events_table(), EventTableModel::kRawRole);
    add(tr("Summary"), live_->summary_table(), SummaryTableModel::kRawRole);
  }
}

void MainWindow::browse_results_dir() {
  const QString dir =
      QFileDialog::getExistingDirectory(this, tr("Where runs write their results"), results_dir_);
  if (!dir.isEmpty()) results_dir_ = dir;
}

void MainWindow::show_tab(Tab tab) {
  tabs_->setCurrentWidget(tab == Tab::run       ? static_cast<QWidget*>(live_)
                          : tab == Tab::compare ? static_cast<QWidget*>(compare_)
                                                : static_cast<QWidget*>(editor_));
}

// --- Theme. ---

void MainWindow::set_theme(ThemeChoice choice) {
  theme_ = choice;
  for (QAction* a : theme_group_->actions())
    a->setChecked(a->data().toString() == theme_choice_name(choice));
  apply_theme(choice);
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
