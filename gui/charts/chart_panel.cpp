#include "gui/charts/chart_panel.hpp"

#include <QAbstractSeries>
#include <QAreaSeries>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QXYSeries>
#include <cmath>
#include <limits>

#include "gui/charts/chart_catalogue.hpp"
#include "gui/charts/chart_render.hpp"

namespace stratus::gui {

namespace {
constexpr int kGridColumns = 2;
const QSize kDefaultExportSize(1200, 600);
}  // namespace

QChart* build_chart(ChartKind kind, const std::vector<const RunData*>& runs) {
  return render_chart(chart_content(kind, runs));
}

ChartPanel::ChartPanel(QWidget* parent) : QWidget(parent), grid_(new QGridLayout(this)) {
  grid_->setContentsMargins(0, 0, 0, 0);
  rebuild();
}

void ChartPanel::set_runs(std::vector<std::shared_ptr<const RunData>> runs) {
  runs_ = std::move(runs);
  rebuild();
}

std::vector<const RunData*> ChartPanel::run_pointers() const {
  std::vector<const RunData*> out;
  for (const auto& run : runs_)
    if (run) out.push_back(run.get());
  return out;
}

QList<ChartKind> ChartPanel::applicable_kinds() const {
  QList<ChartKind> kinds;
  for (const ChartKind kind : all_chart_kinds())
    for (const auto& run : runs_)
      if (run && chart_applies(kind, *run)) {
        kinds << kind;
        break;
      }
  return kinds;
}

void ChartPanel::rebuild() {
  for (const Shown& s : shown_) {
    grid_->removeWidget(s.view);
    delete s.view;  // and its chart
  }
  shown_.clear();
  delete placeholder_;
  placeholder_ = nullptr;

  const QList<ChartKind> kinds = applicable_kinds();
  if (kinds.isEmpty()) {
    placeholder_ =
        new QLabel(runs_.empty() ? tr("No run to show") : tr("Waiting for the first results…"), this);
    placeholder_->setAlignment(Qt::AlignCenter);
    grid_->addWidget(placeholder_, 0, 0);
    return;
  }
  const std::vector<const RunData*> runs = run_pointers();
  for (qsizetype i = 0; i < kinds.size(); ++i) {
    auto* view = new QChartView(build_chart(kinds[i], runs), this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 220);
    const int row = static_cast<int>(i) / kGridColumns, column = static_cast<int>(i) % kGridColumns;
    grid_->addWidget(view, row, column);
    shown_.push_back({kinds[i], view});
  }
}

void ChartPanel::refresh() {
  if (applicable_kinds() != kinds()) {
    rebuild();
    return;
  }
  const std::vector<const RunData*> runs = run_pointers();
  for (const Shown& s : shown_) {
    const ChartContent content = chart_content(s.kind, runs);
    if (update_chart(s.view->chart(), content)) continue;  // same series: points replaced
    QChart* old = s.view->chart();
    s.view->setChart(render_chart(content));  // new series (a column appeared): rebuilt
    delete old;
  }
}

QList<ChartKind> ChartPanel::kinds() const {
  QList<ChartKind> out;
  for (const Shown& s : shown_)
    out << s.kind;
  return out;
}

QChartView* ChartPanel::view(ChartKind kind) const {
  for (const Shown& s : shown_)
    if (s.kind == kind) return s.view;
  return nullptr;
}

double ChartPanel::last_plotted(ChartKind kind, const QString& series_name) const {
  const QChartView* v = view(kind);
  if (v == nullptr || v->chart() == nullptr) return std::numeric_limits<double>::quiet_NaN();
  for (QAbstractSeries* series : v->chart()->series()) {
    if (series->name() != series_name) continue;
    const QXYSeries* xy = qobject_cast<QXYSeries*>(series);
    if (const auto* area = qobject_cast<QAreaSeries*>(series)) xy = area->upperSeries();
    if (xy != nullptr && xy->count() > 0) return xy->at(xy->count() - 1).y();
  }
  return std::numeric_limits<double>::quiet_NaN();
}

bool ChartPanel::export_chart(ChartKind kind, const QString& path, QString* error) const {
  const QChartView* v = view(kind);
  if (v == nullptr) {
    if (error != nullptr) *error = "no " + chart_kind_name(kind) + " chart is shown for these runs";
    return false;
  }
  // A fresh chart at the view's size: exporting never disturbs the one on screen.
  const std::unique_ptr<QChart> chart(build_chart(kind, run_pointers()));
  const QSize size = v->width() >= 320 && v->height() >= 220 ? v->size() : kDefaultExportSize;
  return save_chart(chart.get(), size, path, error);
}

}  // namespace stratus::gui
