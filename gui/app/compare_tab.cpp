#include "gui/app/compare_tab.hpp"

#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>
#include <stdexcept>

#include "gui/app/result_views.hpp"
#include "gui/app/summary_table_model.hpp"
#include "gui/charts/chart_panel.hpp"

namespace stratus::gui {

CompareTab::CompareTab(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QToolBar(this);
  bar->addAction(tr("Add result folder…"), this, [this] { browse_folder(); });
  bar->addAction(tr("Open comparison.csv…"), this, &CompareTab::browse_csv);
  bar->addAction(tr("Clear"), this, &CompareTab::clear);
  layout->addWidget(bar);
  hint_ = new QLabel(tr("Drop result folders (or a comparison.csv from `stratus compare`) here to overlay "
                        "their charts and compare their figures."),
                     this);
  hint_->setWordWrap(true);
  layout->addWidget(hint_);

  auto* split = new QSplitter(Qt::Vertical, this);
  split->setObjectName(QStringLiteral("compare_splitter"));
  charts_ = add_scrolling_chart_panel(split);
  model_ = new SummaryTableModel(this);
  table_ = make_sortable_table(model_, SummaryTableModel::kRawRole, split);
  table_->setObjectName(QStringLiteral("compare_table"));
  table_->sortByColumn(-1, Qt::AscendingOrder);  // the order the runs were added until the user sorts
  split->addWidget(table_);
  split->setStretchFactor(0, 4);
  split->setStretchFactor(1, 1);
  split->setSizes({760, 240});  // in proportion: most of the height for the charts
  layout->addWidget(split, 1);
}

bool CompareTab::add_path(const QString& path, QString* error) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  try {
    if (is_result_folder(absolute)) {
      if (!sources_.contains(absolute)) add_runs({load_result_folder(absolute)}, {absolute});
      return true;
    }
    if (is_comparison_csv(absolute)) {
      const QVector<ComparedRun> runs = load_comparison_csv(absolute);
      QStringList sources;
      for (const ComparedRun& r : runs)
        sources << absolute + QLatin1Char('#') + r.figures.label;
      add_runs(runs, sources);
      return true;
    }
    if (error != nullptr)
      *error = tr("%1 is neither a result folder (with summary.json) nor a comparison.csv.").arg(path);
  } catch (const std::exception& e) {
    if (error != nullptr) *error = QString::fromStdString(e.what());
  }
  return false;
}

void CompareTab::add_runs(QVector<ComparedRun> runs, const QStringList& sources) {
  for (qsizetype i = 0; i < runs.size(); ++i) {
    if (sources_.contains(sources[i])) continue;
    // Two folders of the same name (results/a/web and results/b/web) need telling apart.
    QString label = runs[i].figures.label;
    for (int n = 2; labels().contains(label); ++n)
      label = runs[i].figures.label + QStringLiteral(" (%1)").arg(n);
    runs[i].figures.label = label;
    if (runs[i].data && runs[i].data->label() != label) {
      auto relabelled = std::make_shared<RunData>(*runs[i].data);
      relabelled->set_label(label);
      runs[i].data = relabelled;
    }
    runs_.push_back(std::move(runs[i]));
    sources_ << sources[i];
  }
  update_views();
}

void CompareTab::clear() {
  runs_.clear();
  sources_.clear();
  update_views();
}

QStringList CompareTab::labels() const {
  QStringList out;
  for (const ComparedRun& r : runs_)
    out << r.figures.label;
  return out;
}

void CompareTab::rebuild_charts() {
  std::vector<std::shared_ptr<const RunData>> shown;
  for (const ComparedRun& r : runs_)
    if (r.data) shown.push_back(r.data);
  charts_->set_runs(shown);
  charts_->refresh();
}

void CompareTab::update_views() {
  rebuild_charts();
  QVector<RunFigures> figures;
  for (const ComparedRun& r : runs_)
    figures.push_back(r.figures);
  model_->set_runs(figures);
  table_->resizeColumnsToContents();
  hint_->setVisible(runs_.isEmpty());
  Q_EMIT runs_changed();
}

void CompareTab::browse_folder(const QString& start_dir) {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a result folder"), start_dir);
  if (dir.isEmpty()) return;
  QString error;
  if (!add_path(dir, &error)) QMessageBox::warning(this, tr("Cannot compare this folder"), error);
}

void CompareTab::browse_csv() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open a comparison"), {},
                                                    tr("Comparison (comparison.csv *.csv)"));
  if (file.isEmpty()) return;
  QString error;
  if (!add_path(file, &error)) QMessageBox::warning(this, tr("Cannot open this comparison"), error);
}

}  // namespace stratus::gui
