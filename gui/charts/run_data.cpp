#include "gui/charts/run_data.hpp"

#include <QDateTime>
#include <QTimeZone>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace stratus::gui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// "2027-01-01", "2027-01-01T06:00", "2027-01-01T06:00:00Z": UTC unless the text says otherwise.
double parse_calendar_instant(const QString& text) {
  QDateTime when = QDateTime::fromString(text, Qt::ISODate);
  if (!when.isValid()) {
    const QDate day = QDate::fromString(text, Qt::ISODate);
    if (!day.isValid()) return kNaN;
    when = QDateTime(day, QTime(0, 0));
  }
  if (when.timeSpec() == Qt::LocalTime) when.setTimeZone(QTimeZone::utc());
  return static_cast<double>(when.toSecsSinceEpoch());
}

double start_from_json(const nlohmann::json& node) {
  if (!node.is_object()) return kNaN;
  if (const auto it = node.find("start_epoch_s"); it != node.end() && it->is_number())
    return it->get<double>();
  if (const auto it = node.find("start"); it != node.end() && it->is_string())
    return parse_calendar_instant(QString::fromStdString(it->get<std::string>()));
  return kNaN;
}

}  // namespace

RunData::RunData(QString label) : label_(std::move(label)) {}

void RunData::set_columns(QStringList columns) {
  if (columns.isEmpty() || columns.front() != QLatin1String("time_s"))
    throw std::invalid_argument("the first column of a run's rows must be time_s");
  columns_ = std::move(columns);
  values_.assign(static_cast<std::size_t>(columns_.size()), {});
  decimated_.clear();
}

bool RunData::has_column(const QString& column) const {
  return columns_.contains(column);
}

QStringList RunData::services() const {
  // Every service, discrete or fluid, counts its arrivals; functions count invocations.
  static const QString kSuffix = QStringLiteral(".requests_arrived");
  QStringList out;
  for (const QString& c : columns_)
    if (c.endsWith(kSuffix) && !c.startsWith(QLatin1String("fn."))) out << c.chopped(kSuffix.size());
  return out;
}

QStringList RunData::functions() const {
  static const QString kSuffix = QStringLiteral(".invocations");
  QStringList out;
  for (const QString& c : columns_)
    if (c.startsWith(QLatin1String("fn.")) && c.endsWith(kSuffix))
      out << c.mid(3, c.size() - 3 - kSuffix.size());
  return out;
}

QStringList RunData::instance_zones(const QString& service) const {
  const QString prefix = service + QStringLiteral(".instances.");
  QStringList out;
  for (const QString& c : columns_)
    if (c.startsWith(prefix) && c.size() > prefix.size()) out << c.mid(prefix.size());
  return out;
}

void RunData::append_row(const QVector<double>& values) {
  if (values.size() != columns_.size())
    throw std::invalid_argument("a row has " + std::to_string(values.size()) + " values for " +
                                std::to_string(columns_.size()) + " columns");
  for (int i = 0; i < values.size(); ++i)
    values_[static_cast<std::size_t>(i)].push_back(values[i]);
}

int RunData::row_count() const {
  return values_.empty() ? 0 : static_cast<int>(values_.front().size());
}

QVector<QPointF> RunData::decimated(const QString& column, int max_points, bool cumulative) const {
  const int index = static_cast<int>(columns_.indexOf(column));
  if (index < 0) return {};
  const DecimatedKey key{index, max_points, cumulative};
  auto it = decimated_.find(key);
  if (it == decimated_.end()) it = decimated_.emplace(key, Decimated{MinMaxDecimator(max_points)}).first;
  Decimated& d = it->second;
  const QVector<double>& times = values_.front();
  const QVector<double>& values = values_[static_cast<std::size_t>(index)];
  for (; d.rows_fed < values.size(); ++d.rows_fed) {
    double y = values[d.rows_fed];
    if (cumulative) {
      if (!std::isnan(y)) d.running_total += y;
      y = d.running_total;
    }
    d.decimator.add(times[d.rows_fed], y);
  }
  return d.decimator.points();
}

QVector<QPointF> RunData::series(const QString& column, int max_points) const {
  return decimated(column, max_points, false);
}

QVector<QPointF> RunData::cumulative_series(const QString& column, int max_points) const {
  return decimated(column, max_points, true);
}

QVector<double> RunData::column(const QString& column) const {
  const auto index = columns_.indexOf(column);
  return index < 0 ? QVector<double>{} : values_[static_cast<std::size_t>(index)];
}

double RunData::sum(const QString& column) const {
  const auto index = columns_.indexOf(column);
  if (index < 0) return kNaN;
  double total = 0.0;
  for (const double v : values_[static_cast<std::size_t>(index)])
    if (!std::isnan(v)) total += v;
  return total;
}

double RunData::last(const QString& column) const {
  const auto index = columns_.indexOf(column);
  if (index < 0 || row_count() == 0) return kNaN;
  return values_[static_cast<std::size_t>(index)].back();
}

double RunData::last_time_s() const {
  return row_count() == 0 ? kNaN : values_.front().back();
}

double RunData::sample_interval_s() const {
  if (row_count() == 0) return kNaN;
  const QVector<double>& t = values_.front();
  // Rows are stamped with their interval's end; the first interval starts at 0.
  return row_count() == 1 ? t[0] : t[1] - t[0];
}

void RunData::add_event(RunEvent event) {
  events_.push_back(std::move(event));
}

double RunData::start_epoch_s() const {
  const double top = start_from_json(summary_);
  if (!std::isnan(top)) return top;
  if (const auto it = summary_.find("simulation"); it != summary_.end()) return start_from_json(*it);
  return kNaN;
}

}  // namespace stratus::gui
