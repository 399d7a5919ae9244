#pragma once
// The catalogue of charts (capacity, demand, latency, errors, serverless, cost) and the
// widget that shows them for one run or several overlaid runs. The same builders serve the
// live window, the comparison tab and `stratus plot`.
#include <QChart>
#include <QChartView>
#include <QSize>
#include <QString>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "gui/charts/run_data.hpp"

class QGridLayout;
class QLabel;

namespace stratus::gui {

enum class ChartKind { capacity, demand, latency, errors, serverless, cost };

const std::vector<ChartKind>& all_chart_kinds();
QString chart_kind_name(ChartKind kind);  // "capacity", ... (the names `stratus plot --charts` takes)
std::optional<ChartKind> chart_kind_from_name(const QString& name);
/// Whether a run has the columns a chart needs (serverless only when it has functions, ...).
bool chart_applies(ChartKind kind, const RunData& run);

/// One chart of one or several runs; with several, each run's series carry its label.
/// The caller owns the chart.
QChart* build_chart(ChartKind kind, const std::vector<const RunData*>& runs);

/// Renders a chart to PNG or SVG (by the path's suffix) with no window; false and a message
/// on failure. Writes to a temporary name and renames, so no partial file is left behind.
bool save_chart(QChart* chart, const QSize& size, const QString& path, QString* error);

class ChartPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ChartPanel(QWidget* parent = nullptr);

  void set_runs(std::vector<std::shared_ptr<const RunData>> runs);
  /// Redraws from the runs' current data; the live window calls it at most ~30 times a second.
  void refresh();

  QList<ChartKind> kinds() const;  // the charts shown, in order
  QChartView* view(ChartKind kind) const;
  /// The last y value drawn by the series of that name ("web instances", ...), for tests
  /// that compare a chart with summary.json; NaN when absent.
  double last_plotted(ChartKind kind, const QString& series_name) const;
  bool export_chart(ChartKind kind, const QString& path, QString* error) const;

 private:
  struct Shown {
    ChartKind kind;
    QChartView* view;
  };
  std::vector<const RunData*> run_pointers() const;
  QList<ChartKind> applicable_kinds() const;
  /// Drops every view and lays out one per applicable kind: when the runs change, or when a
  /// live run's first rows make new charts apply.
  void rebuild();

  std::vector<std::shared_ptr<const RunData>> runs_;
  std::vector<Shown> shown_;
  QGridLayout* grid_ = nullptr;
  QLabel* placeholder_ = nullptr;
};

}  // namespace stratus::gui
