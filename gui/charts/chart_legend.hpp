#pragma once
// A chart's legend that wraps. Qt's own keeps its entries on one row (or one column) and
// elides them when they do not fit: a capacity chart of eleven series read "web a...",
// "recov...". This one lays its entries out in as many rows as they need under the plot,
// draws each line's dash as it is on the plot, and makes room for itself in the chart's
// bottom margin whenever the chart is resized.
#include <QChart>
#include <QFont>
#include <QGraphicsObject>
#include <QMargins>
#include <QRectF>
#include <vector>

#include "gui/charts/legend_entries.hpp"

namespace stratus::gui {

class ChartLegend : public QGraphicsObject {
  Q_OBJECT
 public:
  /// Hides the chart's own legend and shows `entries` under the plot instead. The chart owns
  /// the legend (as a child item); call after the chart's theme and legend font are set.
  ChartLegend(QChart* chart, std::vector<LegendEntry> entries);

  /// The legend of a chart made by render_chart(); null for any other chart.
  static ChartLegend* of(const QChart* chart);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  struct Placed {
    QRectF rect;   // swatch and text, in the chart's coordinates
    QString text;  // as drawn: elided only when one entry alone is wider than the chart
  };
  const std::vector<LegendEntry>& entries() const { return entries_; }
  const std::vector<Placed>& placed() const { return placed_; }  // one per entry
  int row_count() const { return rows_; }
  /// The tooltip of the entry at a point of the chart; empty between entries.
  QString tooltip_at(const QPointF& point) const;

 protected:
  void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;

 private:
  void lay_out();
  double natural_width(const LegendEntry& entry) const;
  double gap_between(std::size_t left, std::size_t right) const;
  /// The width of entries side by side, each at most `room` wide (elided beyond).
  double row_width(const std::vector<std::size_t>& row, double room) const;
  /// The entries in rows no wider than `room`.
  std::vector<std::vector<std::size_t>> wrap(double room) const;
  void paint_swatch(QPainter* painter, const LegendEntry& entry, const QRectF& swatch) const;

  QChart* chart_;
  std::vector<LegendEntry> entries_;
  std::vector<Placed> placed_;  // the item sits at the chart's origin: its coordinates are the chart's
  QFont font_;
  QMargins base_margins_;  // the chart's margins without the legend's room
  double width_ = 0.0;
  double height_ = 0.0;
  int rows_ = 0;
};

}  // namespace stratus::gui
