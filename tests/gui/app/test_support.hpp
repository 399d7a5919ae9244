#pragma once
// Shared by the stratus-gui tests: paths of the sources and binaries, a private settings
// folder, scenario copies in a temporary folder, CSV and JSON readers, "is this image more
// than its background", and running `stratus` or `stratus-gui` as a child process.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QVector>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace stratus::gui::testing {

inline QString source_path(const QString& relative) {
  return QDir(QStringLiteral(STRATUS_SOURCE_DIR)).filePath(relative);
}
inline QString stratus_binary() {
  return QStringLiteral(STRATUS_BINARY);
}
inline QString gui_binary() {
  return QStringLiteral(STRATUS_GUI_BINARY);
}

/// QSettings of this test process go to `dir`, never to the user's configuration.
inline void isolate_settings(const QString& dir) {
  QCoreApplication::setOrganizationName(QStringLiteral("StratusTest"));
  QCoreApplication::setApplicationName(QStringLiteral("stratus-gui-test"));
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
  QSettings().clear();
}

inline QString read_text(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(file.readAll());
}

inline bool write_text(const QString& path, const QString& text) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  return file.write(text.toUtf8()) >= 0;
}

/// web-service.yaml cut to two simulated hours (a run of well under a second), saved as
/// `dir`/`name`; `extra` is appended (variants, ...).
inline QString short_web_service(const QString& dir, const QString& name = QStringLiteral("web-service.yaml"),
                                 const QString& extra = {}) {
  QString text = read_text(source_path(QStringLiteral("scenarios/web-service.yaml")));
  text.replace(QStringLiteral("duration: 1d "), QStringLiteral("duration: 2h "));
  const QString path = QDir(dir).filePath(name);
  write_text(path, text + extra);
  return path;
}

inline nlohmann::json read_json(const QString& path) {
  const QByteArray bytes = read_text(path).toUtf8();
  return nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
}

/// A CSV without quoted cells (timeseries.csv): header and numeric rows, empty cells NaN.
struct NumericCsv {
  QStringList header;
  QVector<QVector<double>> rows;
};

inline NumericCsv read_numeric_csv(const QString& path) {
  NumericCsv csv;
  QStringList lines = read_text(path).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  if (lines.isEmpty()) return csv;
  csv.header = lines.takeFirst().split(QLatin1Char(','));
  for (const QString& line : lines) {
    QVector<double> row;
    for (const QString& cell : line.split(QLatin1Char(',')))
      row.push_back(cell.isEmpty() ? std::numeric_limits<double>::quiet_NaN() : cell.toDouble());
    csv.rows.push_back(row);
  }
  return csv;
}

/// Equal as doubles, NaN equal to NaN (an empty cell on both sides).
inline bool same_number(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

/// The share of pixels that differ from the most common colour (the background).
inline double share_not_background(const QImage& image) {
  if (image.isNull()) return 0.0;
  const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
  QHash<QRgb, qint64> counts;
  for (int y = 0; y < rgb.height(); ++y)
    for (int x = 0; x < rgb.width(); ++x)
      ++counts[rgb.pixel(x, y)];
  qint64 most = 0;
  for (auto it = counts.cbegin(); it != counts.cend(); ++it)
    most = std::max(most, it.value());
  const double total = static_cast<double>(rgb.width()) * rgb.height();
  return (total - static_cast<double>(most)) / total;
}

inline int distinct_colours(const QImage& image) {
  QSet<QRgb> colours;
  const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
  for (int y = 0; y < rgb.height(); y += 2)
    for (int x = 0; x < rgb.width(); x += 2)
      colours.insert(rgb.pixel(x, y));
  return static_cast<int>(colours.size());
}

/// Runs `program` to completion with nothing on its stdin; returns its exit code (-1 when it
/// crashed, or did not end within `timeout_ms` and was killed) and what it wrote.
inline int run_process(const QString& program, const QStringList& args, const QProcessEnvironment& env,
                       QByteArray* out, QByteArray* err, int timeout_ms) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(program, args);
  p.closeWriteChannel();
  if (!p.waitForFinished(timeout_ms)) {
    p.kill();
    p.waitForFinished();
    return -1;
  }
  if (out != nullptr) *out = p.readAllStandardOutput();
  if (err != nullptr) *err = p.readAllStandardError();
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

/// Runs `stratus` to completion; returns its exit code (-1 when it did not end in time).
inline int run_stratus(const QStringList& args, QByteArray* out = nullptr, QByteArray* err = nullptr,
                       int timeout_ms = 60000) {
  return run_process(stratus_binary(), args, QProcessEnvironment::systemEnvironment(), out, err, timeout_ms);
}

/// Runs `program` (stratus-gui, or xvfb-run starting it) to completion on the Qt platform
/// `platform`, with its settings, default results folder and runtime files under `home`,
/// never the user's; returns its exit code as run_process() does.
inline int run_gui(const QString& program, const QStringList& args, const QString& home,
                   const QString& platform, QByteArray* err) {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir(home).filePath(QStringLiteral("config")));
  env.insert(QStringLiteral("XDG_DATA_HOME"), QDir(home).filePath(QStringLiteral("data")));
  env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home);
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
  // A whole run to the end, then a screenshot: far longer than a bare `stratus` call.
  constexpr int kGuiTimeoutMs = 120000;
  return run_process(program, args, env, nullptr, err, kGuiTimeoutMs);
}

}  // namespace stratus::gui::testing
