#include "gui/charts/chart_legend.hpp"

#include <QFontMetricsF>
#include <QGraphicsSceneHoverEvent>
#include <QLegend>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace stratus::gui {

namespace {

constexpr double kLineSwatch = 22.0;  // long enough to show a dash and a gap
constexpr double kBoxSwatch = 12.0;   // boxes and event markers
constexpr double kSwatchGap = 4.0;    // between a swatch and its text
constexpr double kEntryGap = 14.0;
constexpr double kEventGap = 8.0;     // the event kinds read as one group
constexpr double kAboveLegend = 4.0;  // between the axis title and the legend

double swatch_width(const LegendEntry& e) {
  return e.swatch == LegendEntry::Swatch::line ? kLineSwatch : kBoxSwatch;
}

using Row = std::vector<std::size_t>;  // entries side by side, by index

/// Entries that wrap together: one entry, or every event kind in a row.
std::vector<Row> units_of(const std::vector<LegendEntry>& entries) {
  std::vector<Row> units;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0 && entries[i].event_kind && entries[i - 1].event_kind)
      units.back().push_back(i);
    else
      units.push_back({i});
  }
  return units;
}

}  // namespace

ChartLegend::ChartLegend(QChart* chart, std::vector<LegendEntry> entries)
    : QGraphicsObject(chart),
      chart_(chart),
      entries_(std::move(entries)),
      font_(chart->legend()->font()),
      base_margins_(chart->margins()) {
  chart->legend()->hide();
  // The legend's room is in the margins, which would raise the chart's minimum height: then
  // a resize to a wider size, clamped to the minimum of the narrower one (more rows), would
  // leave the chart taller than its view. The minimum stays what it is without the legend.
  chart->setMinimumSize(chart->effectiveSizeHint(Qt::MinimumSize));
  setAcceptHoverEvents(true);
  connect(chart, &QGraphicsWidget::geometryChanged, this, &ChartLegend::lay_out);
  lay_out();
}

ChartLegend* ChartLegend::of(const QChart* chart) {
  if (chart == nullptr) return nullptr;
  for (QGraphicsItem* item : chart->childItems())
    if (auto* legend = qobject_cast<ChartLegend*>(item->toGraphicsObject())) return legend;
  return nullptr;
}

double ChartLegend::natural_width(const LegendEntry& entry) const {
  return swatch_width(entry) + kSwatchGap + QFontMetricsF(font_).horizontalAdvance(entry.text);
}

double ChartLegend::gap_between(std::size_t left, std::size_t right) const {
  return entries_[left].event_kind && entries_[right].event_kind ? kEventGap : kEntryGap;
}

double ChartLegend::row_width(const std::vector<std::size_t>& row, double room) const {
  double width = 0.0;
  for (std::size_t k = 0; k < row.size(); ++k)
    width +=
        std::min(natural_width(entries_[row[k]]), room) + (k > 0 ? gap_between(row[k - 1], row[k]) : 0.0);
  return width;
}

std::vector<std::vector<std::size_t>> ChartLegend::wrap(double room) const {
  // Filled left to right; the event kinds stay together unless they alone are wider than the
  // chart.
  std::vector<Row> rows;
  auto add = [&](const Row& group) {
    if (!rows.empty()) {
      Row longer = rows.back();
      longer.insert(longer.end(), group.begin(), group.end());
      if (row_width(longer, room) <= room) {
        rows.back() = std::move(longer);
        return;
      }
    }
    rows.push_back(group);
  };
  for (const Row& unit : units_of(entries_)) {
    if (row_width(unit, room) <= room) {
      add(unit);
      continue;
    }
    for (const std::size_t i : unit)
      add({i});
  }
  return rows;
}

void ChartLegend::lay_out() {
  const QFontMetricsF metrics(font_);
  const double row_height = std::ceil(metrics.height()) + 2.0;
  const double room = std::max(1.0, chart_->size().width() - base_margins_.left() - base_margins_.right());
  const std::vector<Row> rows = wrap(room);

  prepareGeometryChange();
  rows_ = static_cast<int>(rows.size());
  height_ = rows_ * row_height;
  width_ = chart_->size().width();
  const double top = chart_->size().height() - base_margins_.bottom() - height_;
  placed_.assign(entries_.size(), Placed{});
  for (std::size_t r = 0; r < rows.size(); ++r) {
    double x = base_margins_.left() + std::max(0.0, (room - row_width(rows[r], room)) / 2.0);  // centred
    for (std::size_t k = 0; k < rows[r].size(); ++k) {
      const std::size_t i = rows[r][k];
      if (k > 0) x += gap_between(rows[r][k - 1], i);
      const double width = std::min(natural_width(entries_[i]), room);  // elided beyond
      const double text_room = width - swatch_width(entries_[i]) - kSwatchGap;
      placed_[i] = {QRectF(x, top + static_cast<double>(r) * row_height, width, row_height),
                    metrics.elidedText(entries_[i].text, Qt::ElideRight, text_room)};
      x += width;
    }
  }
  const int reserved = static_cast<int>(std::ceil(height_ + (rows.empty() ? 0.0 : kAboveLegend)));
  const QMargins margins(base_margins_.left(), base_margins_.top(), base_margins_.right(),
                         base_margins_.bottom() + reserved);
  if (chart_->margins() != margins) chart_->setMargins(margins);
  update();
}

QRectF ChartLegend::boundingRect() const {
  return QRectF(0.0, chart_->size().height() - base_margins_.bottom() - height_, width_, height_);
}

void ChartLegend::paint_swatch(QPainter* painter, const LegendEntry& e, const QRectF& swatch) const {
  const QColor text_colour = chart_->legend()->labelColor();
  const QColor colour = e.colour.isValid() ? e.colour : text_colour;
  const QPointF centre = swatch.center();
  switch (e.swatch) {
    case LegendEntry::Swatch::line: {
      QPen pen(colour, 2.0, e.pen, Qt::FlatCap);
      painter->setPen(pen);
      painter->drawLine(QPointF(swatch.left(), centre.y()), QPointF(swatch.right(), centre.y()));
      break;
    }
    case LegendEntry::Swatch::box:
      painter->setPen(QPen(colour.darker(115), 1.0));
      painter->setBrush(colour);
      painter->drawRect(QRectF(swatch.left(), centre.y() - 4.5, swatch.width(), 9.0));
      break;
    case LegendEntry::Swatch::marker: {
      // The markers' own shape: a triangle pointing up.
      QPainterPath triangle;
      triangle.moveTo(centre.x(), centre.y() - 5.0);
      triangle.lineTo(centre.x() + 5.5, centre.y() + 4.5);
      triangle.lineTo(centre.x() - 5.5, centre.y() + 4.5);
      triangle.closeSubpath();
      painter->setPen(QPen(colour.darker(130), 1.0));
      painter->setBrush(colour);
      painter->drawPath(triangle);
      break;
    }
  }
}

void ChartLegend::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setFont(font_);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const LegendEntry& e = entries_[i];
    const QRectF& r = placed_[i].rect;
    const double swatch = swatch_width(e);
    paint_swatch(painter, e, QRectF(r.left(), r.top(), swatch, r.height()));
    painter->setPen(chart_->legend()->labelColor());
    painter->drawText(
        QRectF(r.left() + swatch + kSwatchGap, r.top(), r.width() - swatch - kSwatchGap, r.height()),
        Qt::AlignLeft | Qt::AlignVCenter, placed_[i].text);
  }
  painter->restore();
}

QString ChartLegend::tooltip_at(const QPointF& point) const {
  for (std::size_t i = 0; i < placed_.size(); ++i)
    if (placed_[i].rect.contains(point)) return entries_[i].tooltip;
  return {};
}

void ChartLegend::hoverMoveEvent(QGraphicsSceneHoverEvent* event) {
  // One item has one tooltip: the view shows the entry's under the pointer.
  setToolTip(tooltip_at(event->pos()));
  QGraphicsObject::hoverMoveEvent(event);
}

}  // namespace stratus::gui
