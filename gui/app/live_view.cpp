#include "gui/app/live_view.hpp"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "gui/app/event_table_model.hpp"
#include "gui/app/result_views.hpp"
#include "gui/app/summary_table_model.hpp"
#include "gui/charts/chart_panel.hpp"

namespace stratus::gui {

namespace {

// The details under the charts fill the tab's width: their last column takes what is left.
QTableView* make_table(QAbstractItemModel* model, int sort_role, QWidget* parent) {
  QTableView* view = make_sortable_table(model, sort_role, parent);
  view->horizontalHeader()->setStretchLastSection(true);
  return view;
}

}  // namespace

LiveView::LiveView(RunController* controller, QWidget* parent) : QWidget(parent), controller_(controller) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  command_ = new QLabel(tr("Open a scenario, set its parameters and press Run."), this);
  command_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  command_->setWordWrap(true);
  layout->addWidget(command_);
  error_ = new QLabel(this);
  error_->setObjectName(QStringLiteral("run_error"));
  error_->setWordWrap(true);
  error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  error_->setStyleSheet(QStringLiteral("QLabel { background: #b3261e; color: white; padding: 6px; }"));
  error_->hide();
  layout->addWidget(error_);

  auto* split = new QSplitter(Qt::Vertical, this);
  split->setObjectName(QStringLiteral("live_splitter"));
  charts_ = add_scrolling_chart_panel(split);
  details_ = new QTabWidget(split);
  events_ = new EventTableModel(this);
  events_view_ = make_table(events_, EventTableModel::kRawRole, details_);
  events_view_->sortByColumn(-1, Qt::AscendingOrder);  // arrival order until the user sorts
  details_->addTab(events_view_, tr("Events"));
  summary_ = new SummaryTableModel(this);
  summary_view_ = make_table(summary_, SummaryTableModel::kRawRole, details_);
  details_->addTab(summary_view_, tr("Summary"));
  split->addWidget(details_);
  split->setStretchFactor(0, 5);
  split->setStretchFactor(1, 1);
  split->setSizes({800, 180});  // in proportion: most of the height for the charts
  layout->addWidget(split, 1);

  redraw_timer_ = new QTimer(this);
  redraw_timer_->setInterval(kRedrawIntervalMs);
  connect(redraw_timer_, &QTimer::timeout, this, &LiveView::redraw);
  connect(controller_, &RunController::run_started, this, &LiveView::on_started);
  connect(controller_, &RunController::data_changed, this, [this] { dirty_ = true; });
  connect(controller_, &RunController::finished, this, &LiveView::on_finished);
}

QString LiveView::error_text() const {
  return error_->isHidden() ? QString() : error_->text();
}

void LiveView::on_started(const std::shared_ptr<const RunData>& run) {
  command_->setText(tr("Running: %1").arg(command_line_text(controller_->request())));
  error_->clear();
  error_->hide();
  charts_->set_runs({run});
  events_->set_run(run);
  summary_->set_runs({});
  details_->setCurrentWidget(events_view_);
  dirty_ = true;
  redraw_timer_->start();
}

void LiveView::redraw() {
  if (!dirty_) return;
  dirty_ = false;
  ++redraws_;
  charts_->refresh();
  events_->update();
}

void LiveView::on_finished(const RunOutcome& outcome) {
  redraw_timer_->stop();
  dirty_ = true;
  redraw();  // the final rows and the summary, drawn before anyone looks
  const QString command = command_line_text(controller_->request());
  switch (outcome.status) {
    case RunOutcome::Status::completed:
      command_->setText(tr("Completed: %1\nResults in %2").arg(command, outcome.out_dir));
      break;
    case RunOutcome::Status::stopped:
      command_->setText(tr("Stopped early: %1\nPartial results in %2").arg(command, outcome.out_dir));
      break;
    case RunOutcome::Status::failed:
      command_->setText(tr("Failed: %1").arg(command));
      error_->setText(
          tr("The run failed; the charts show what it produced before.\n%1").arg(outcome.message));
      error_->show();
      break;
  }
  if (outcome.status != RunOutcome::Status::failed && controller_->data()) {
    summary_->set_runs({figures_from_summary(controller_->data()->label(), outcome.summary)});
    summary_view_->resizeColumnsToContents();
    if (events_->rowCount() == 0) details_->setCurrentWidget(summary_view_);
  }
}

}  // namespace stratus::gui
