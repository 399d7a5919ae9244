#include "gui/charts/chart_render.hpp"

#include <QAreaSeries>
#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "gui/charts/chart_legend.hpp"
#include "gui/charts/chart_theme.hpp"
#include "gui/charts/legend_entries.hpp"
#include "gui/charts/series_style.hpp"

namespace stratus::gui {

namespace {

constexpr const char* kSignature = "stratus_signature";
constexpr const char* kTooltips = "stratus_tooltips";
// The markers' rows take the top fifth of the plot: the value axes leave that much room.
constexpr double kMarkerHeadroom = 1.25;

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

QAbstractAxis* axis_named(QChart* chart, const QString& name) {
  for (QAbstractAxis* axis : chart->axes())
    if (axis->objectName() == name) return axis;
  return nullptr;
}

/// 1, 2 or 5 times a power of ten: about `ticks` intervals over the span.
double nice_step(double span, int ticks) {
  const double raw = span / ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0})
    if (m * magnitude >= raw) return m * magnitude;
  return 10.0 * magnitude;
}

void set_value_range(QValueAxis* axis, Range r, double headroom) {
  if (r.empty()) r = Range{0.0, 1.0};
  r.lo = std::min(r.lo, 0.0);  // counts, rates and costs read best from zero
  if (r.hi <= r.lo) r.hi = r.lo + 1.0;
  axis->setRange(r.lo, r.lo + (r.hi - r.lo) * headroom);
  axis->applyNiceNumbers();
}

void set_ranges(QChart* chart, const ChartContent& content) {
  Range x, left, right;
  for (const PlotLine& l : content.lines)
    for (const QPointF& p : l.points) {
      x.add(p.x());
      (l.side == AxisSide::left ? left : right).add(p.y());
    }
  for (const MarkerGroup& m : content.markers)
    for (const double v : m.x)
      x.add(v);
  x.add(content.x_origin);
  if (x.empty()) x = Range{0.0, 1.0};
  if (x.hi <= x.lo) x.hi = x.lo + (content.time.dates() ? 3.6e6 : 1.0);

  if (auto* dates = qobject_cast<QDateTimeAxis*>(axis_named(chart, "x"))) {
    dates->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(x.lo)),
                    QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(x.hi)));
  } else if (auto* values = qobject_cast<QValueAxis*>(axis_named(chart, "x"))) {
    values->setRange(x.lo, x.hi);  // the run's extent exactly, with ticks at round times
    values->setTickType(QValueAxis::TicksDynamic);
    values->setTickAnchor(0.0);
    values->setTickInterval(nice_step(x.hi - x.lo, 6));
  }
  const double headroom = content.markers.empty() ? 1.05 : kMarkerHeadroom;
  set_value_range(qobject_cast<QValueAxis*>(axis_named(chart, "left")), left, headroom);
  if (auto* r = qobject_cast<QValueAxis*>(axis_named(chart, "right"))) {
    // A fixed range (0-100 %) stays exact: a utilisation axis that reads 125 % would mislead.
    if (content.right_range)
      r->setRange(content.right_range->first, content.right_range->second);
    else
      set_value_range(r, right, headroom);
  }
}

QAbstractAxis* make_time_axis(const TimeScale& time) {
  if (time.dates()) {
    auto* axis = new QDateTimeAxis;
    axis->setFormat(time.date_format);
    axis->setTickCount(7);
    axis->setTitleText(time.title);
    return axis;
  }
  auto* axis = new QValueAxis;
  axis->setLabelFormat(QStringLiteral("%g"));
  axis->setTitleText(time.title);
  return axis;
}

QValueAxis* make_value_axis(const QString& title) {
  auto* axis = new QValueAxis;
  axis->setLabelFormat(QStringLiteral("%g"));
  axis->setTitleText(title);
  return axis;
}

void show_marker_tooltip(QScatterSeries* series, const QPointF& point, bool entering) {
  if (!entering) {
    QToolTip::hideText();
    return;
  }
  const QStringList tips = series->property(kTooltips).toStringList();
  const QList<QPointF> points = series->points();
  qsizetype nearest = -1;
  for (qsizetype i = 0; i < points.size(); ++i)
    if (nearest < 0 || std::abs(points[i].x() - point.x()) < std::abs(points[nearest].x() - point.x()))
      nearest = i;
  if (nearest >= 0 && nearest < tips.size()) QToolTip::showText(QCursor::pos(), tips[nearest]);
}

QList<QPointF> marker_points(const MarkerGroup& m) {
  QList<QPointF> points;
  points.reserve(m.x.size());
  for (const double x : m.x)
    points.push_back(QPointF(x, m.height));
  return points;
}

}  // namespace

QChart* render_chart(const ChartContent& content) {
  auto* chart = new QChart;
  chart->setTheme(current_chart_theme());  // before the series: a theme resets their colours
  chart->setTitle(content.title);
  // Qt's 20 px on every side: in the app's grid of charts, a fifth of the height was margin.
  chart->setMargins(QMargins(12, 6, 12, 8));
  QFont legend_font = chart->legend()->font();
  legend_font.setPointSizeF(legend_font.pointSizeF() * 0.9);
  chart->legend()->setFont(legend_font);
  chart->setProperty(kSignature, content.signature());

  QAbstractAxis* x = make_time_axis(content.time);
  x->setObjectName(QStringLiteral("x"));
  chart->addAxis(x, Qt::AlignBottom);
  QValueAxis* left = make_value_axis(content.left_title);
  left->setObjectName(QStringLiteral("left"));
  chart->addAxis(left, Qt::AlignLeft);
  QValueAxis* right = nullptr;
  if (!content.right_title.isEmpty()) {
    right = make_value_axis(content.right_title);
    right->setObjectName(QStringLiteral("right"));
    right->setGridLineVisible(false);  // the left axis's grid; two grids that disagree are noise
    chart->addAxis(right, Qt::AlignRight);
  }
  QValueAxis* marker_axis = nullptr;
  if (!content.markers.empty()) {
    marker_axis = new QValueAxis;  // 0..1 of the plot's height, not drawn
    marker_axis->setObjectName(QStringLiteral("markers"));
    marker_axis->setRange(0.0, 1.0);
    marker_axis->setVisible(false);
    chart->addAxis(marker_axis, Qt::AlignRight);
  }

  const PlotLine* previous_layer = nullptr;
  const std::vector<LineStyle> styles = line_styles(content);
  for (std::size_t i = 0; i < content.lines.size(); ++i) {
    const PlotLine& l = content.lines[i];
    QValueAxis* y = l.side == AxisSide::right && right != nullptr ? right : left;
    const QColor c = styles[i].colour;
    if (l.area) {
      auto* upper = new QLineSeries;
      upper->replace(l.points);
      QLineSeries* lower = nullptr;
      if (previous_layer != nullptr) {
        lower = new QLineSeries;
        lower->replace(previous_layer->points);
      }
      auto* area = new QAreaSeries(upper, lower);
      upper->setParent(area);  // the area does not own its boundary lines
      if (lower != nullptr) lower->setParent(area);
      area->setName(l.name);
      chart->addSeries(area);
      area->setColor(c);
      area->setBorderColor(c.darker(115));
      area->attachAxis(x);
      area->attachAxis(y);
      previous_layer = &l;
      continue;
    }
    auto* series = new QLineSeries;
    series->setName(l.name);
    series->replace(l.points);
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    QPen pen = series->pen();
    pen.setColor(c);
    pen.setStyle(styles[i].pen);
    series->setPen(pen);
  }

  for (const MarkerGroup& m : content.markers) {
    auto* series = new QScatterSeries;
    series->setName(m.name);
    series->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    series->setMarkerSize(11.0);
    series->setColor(m.colour);
    series->setBorderColor(m.colour.darker(130));
    series->replace(marker_points(m));
    series->setProperty(kTooltips, m.tooltips);
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(marker_axis);
    QObject::connect(series, &QScatterSeries::hovered, series, [series](const QPointF& point, bool state) {
      show_marker_tooltip(series, point, state);
    });
  }
  set_ranges(chart, content);
  new ChartLegend(chart, legend_entries(content));  // a child item of the chart, which owns it
  return chart;
}

bool update_chart(QChart* chart, const ChartContent& content) {
  if (chart == nullptr || chart->property(kSignature).toString() != content.signature()) return false;
  const QList<QAbstractSeries*> series = chart->series();
  if (series.size() != static_cast<qsizetype>(content.lines.size() + content.markers.size())) return false;
  qsizetype i = 0;
  const PlotLine* previous_layer = nullptr;
  for (const PlotLine& l : content.lines) {
    if (auto* area = qobject_cast<QAreaSeries*>(series[i])) {
      area->upperSeries()->replace(l.points);
      if (area->lowerSeries() != nullptr && previous_layer != nullptr)
        area->lowerSeries()->replace(previous_layer->points);
      previous_layer = &l;
    } else if (auto* line = qobject_cast<QLineSeries*>(series[i])) {
      line->replace(l.points);
    }
    ++i;
  }
  for (const MarkerGroup& m : content.markers) {
    if (auto* scatter = qobject_cast<QScatterSeries*>(series[i])) {
      scatter->replace(marker_points(m));
      scatter->setProperty(kTooltips, m.tooltips);
    }
    ++i;
  }
  set_ranges(chart, content);
  return true;
}

}  // namespace stratus::gui
