// RunData::from_folder: what `stratus run` writes (summary.json last, so a folder with one is
// complete), read into the form the charts use.
#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTimeZone>
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "gui/charts/csv_table.hpp"
#include "gui/charts/run_data.hpp"

namespace stratus::gui {

namespace {

[[noreturn]] void fail(const QString& where, const QString& message) {
  throw std::runtime_error((where + ": " + message).toStdString());
}

nlohmann::json read_summary(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) fail(path, "cannot read: " + file.errorString());
  const QByteArray text = file.readAll();
  nlohmann::json summary = nlohmann::json::parse(text.constData(), text.constData() + text.size(), nullptr,
                                                 /*allow_exceptions=*/false);
  if (summary.is_discarded() || !summary.is_object())
    fail(path, QStringLiteral("not a JSON object (a damaged or foreign file?)"));
  return summary;
}

void read_events(const QString& path, RunData& run) {
  const CsvTable table = read_csv_table(path);
  const int time = table.column("time_s"), kind = table.column("kind"), subject = table.column("subject"),
            hosts = table.column("hosts"), detail = table.column("detail");
  if (time < 0 || kind < 0)
    fail(path, QStringLiteral("expected the columns time_s,kind,subject,hosts,detail"));
  for (const QStringList& row : table.rows) {
    RunEvent e;
    bool ok = false;
    e.time_s = row[time].toDouble(&ok);
    if (!ok) fail(path, "not a time: '" + row[time] + "'");
    e.kind = row[kind];
    if (subject >= 0) e.subject = row[subject];
    if (detail >= 0) e.detail = row[detail];
    if (hosts >= 0) e.hosts = row[hosts].toLongLong();
    run.add_event(std::move(e));
  }
}

/// Simulated time at the end of each month row ("2027-01", ...) of capacity.csv. With the
/// calendar start known, exact; without it the months are spread evenly over the run (the
/// totals stay exact, only the bends move by a few days).
std::vector<double> month_ends(const CsvTable& table, int month, double start_epoch_s, double end_s) {
  std::vector<double> ends;
  const auto n = table.rows.size();
  for (std::size_t i = 0; i < n; ++i) {
    double t = end_s * static_cast<double>(i + 1) / static_cast<double>(n);
    if (!std::isnan(start_epoch_s)) {
      const QDate first = QDate::fromString(table.rows[i][month] + "-01", Qt::ISODate);
      if (first.isValid())
        t = static_cast<double>(
                QDateTime(first.addMonths(1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch()) -
            start_epoch_s;
    }
    ends.push_back(std::clamp(t, 0.0, end_s));
  }
  return ends;
}

/// The on-premises costs of a capacity-planning run (capital, power) as running totals.
void read_capacity_costs(const QString& path, RunData& run) {
  const CsvTable table = read_csv_table(path);
  const int month = table.column("month");
  if (month < 0 || table.rows.empty()) return;
  const double end_s = run.summary().value("sim_time_s", run.last_time_s());
  const std::vector<double> ends = month_ends(table, month, run.start_epoch_s(), end_s);
  for (const char* category : {"capital", "power"}) {
    const int column = table.column(QString::fromLatin1(category) + "_usd");
    if (column < 0) continue;
    CostTrack track{QString::fromLatin1(category), {QPointF(0.0, 0.0)}};
    double total = 0.0;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      total += table.rows[i][column].toDouble();
      track.points.push_back(QPointF(ends[i], total));
    }
    run.add_cost_track(std::move(track));
  }
}

}  // namespace

RunData RunData::from_folder(const QString& dir) {
  const QFileInfo info(dir);
  if (!info.exists()) fail(dir, QStringLiteral("no such folder"));
  if (!info.isDir())
    fail(dir, QStringLiteral("not a folder (expected a result folder written by `stratus run`)"));
  const QDir folder(dir);
  const QString summary_path = folder.filePath(QStringLiteral("summary.json"));
  if (!QFileInfo::exists(summary_path))
    fail(dir, QStringLiteral("not a Stratus result folder: no summary.json (`stratus run` writes it last, so "
                             "the run may not have finished)"));

  const nlohmann::json summary = read_summary(summary_path);
  const auto variant = summary.find("variant");
  RunData run(variant != summary.end() && variant->is_string()
                  ? QString::fromStdString(variant->get<std::string>())
                  : QFileInfo(folder.absolutePath()).fileName());
  run.set_summary(summary);

  const QString timeseries_path = folder.filePath(QStringLiteral("timeseries.csv"));
  NumericTable table = read_numeric_table(timeseries_path);
  try {
    run.set_columns(table.header);
  } catch (const std::invalid_argument& e) {
    fail(timeseries_path, QString::fromUtf8(e.what()));
  }
  for (const auto& row : table.rows)
    run.append_row(row);

  if (const QString events = folder.filePath(QStringLiteral("events.csv")); QFileInfo::exists(events))
    read_events(events, run);
  if (const QString capacity = folder.filePath(QStringLiteral("capacity.csv")); QFileInfo::exists(capacity))
    read_capacity_costs(capacity, run);
  return run;
}

}  // namespace stratus::gui
