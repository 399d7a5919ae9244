#include "gui/charts/chart_export.hpp"

#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <algorithm>

#include "gui/charts/chart_panel.hpp"

namespace stratus::gui {

namespace {

/// Draws a chart into `target`. A chart in no scene is laid out at the target's size in a
/// scene of its own, then handed back; a chart on screen is drawn as it is, scaled.
void paint_chart(QPainter& painter, QChart* chart, const QRectF& target) {
  if (chart->scene() != nullptr) {
    chart->scene()->render(&painter, target, chart->sceneBoundingRect());
    return;
  }
  QGraphicsScene scene;
  scene.addItem(chart);
  chart->setGeometry(QRectF(QPointF(0.0, 0.0), target.size()));
  if (chart->layout() != nullptr) chart->layout()->activate();
  scene.render(&painter, target, QRectF(QPointF(0.0, 0.0), target.size()));
  scene.removeItem(chart);  // the scene must not delete the caller's chart
}

void paint_grid(QPainter& painter, const std::vector<QChart*>& charts, int columns, const QSize& size) {
  const int rows = (static_cast<int>(charts.size()) + columns - 1) / columns;
  const double w = static_cast<double>(size.width()) / columns, h = static_cast<double>(size.height()) / rows;
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  for (std::size_t i = 0; i < charts.size(); ++i) {
    const int row = static_cast<int>(i) / columns, column = static_cast<int>(i) % columns;
    paint_chart(painter, charts[i], QRectF(column * w, row * h, w, h));
  }
}

/// The themes paint chart backgrounds with gradients: the image between charts gets their colour.
QColor background_of(const QChart* chart) {
  const QBrush brush = chart->backgroundBrush();
  if (brush.gradient() != nullptr && !brush.gradient()->stops().isEmpty())
    return brush.gradient()->stops().front().second;
  return brush.style() == Qt::NoBrush ? QColor(Qt::white) : brush.color();
}

bool fail(QString* error, const QString& message) {
  if (error != nullptr) *error = message;
  return false;
}

}  // namespace

bool save_chart_grid(const std::vector<QChart*>& charts, int columns, const QSize& size, const QString& path,
                     QString* error) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix != QLatin1String("png") && suffix != QLatin1String("svg"))
    return fail(error, path + ": unsupported image format '." + suffix + "'; use .png or .svg");
  if (charts.empty()) return fail(error, path + ": no chart to draw");
  if (size.width() < 16 || size.height() < 16)
    return fail(
        error, path + QStringLiteral(": image size %1x%2 is too small").arg(size.width()).arg(size.height()));
  columns = std::clamp(columns, 1, static_cast<int>(charts.size()));

  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return fail(error, "cannot write " + path + ": " + file.errorString());
  const QColor background = background_of(charts.front());
  if (suffix == QLatin1String("png")) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(background);
    {
      QPainter painter(&image);
      paint_grid(painter, charts, columns, size);
    }
    if (!image.save(&file, "PNG")) {
      file.cancelWriting();
      return fail(error, "cannot write " + path + ": PNG encoding failed");
    }
  } else {
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setResolution(96);  // CSS pixels: a browser shows the image at `size`
    svg.setTitle(QStringLiteral("Stratus charts"));
    QPainter painter(&svg);
    painter.fillRect(QRect(QPoint(0, 0), size), background);
    paint_grid(painter, charts, columns, size);
  }
  if (!file.commit()) return fail(error, "cannot write " + path + ": " + file.errorString());
  return true;
}

bool save_chart(QChart* chart, const QSize& size, const QString& path, QString* error) {
  if (chart == nullptr) return fail(error, path + ": no chart to draw");
  return save_chart_grid({chart}, 1, size, path, error);
}

}  // namespace stratus::gui
