#include "gui/app/stream_message.hpp"

#include <limits>

namespace stratus::gui {

using nlohmann::json;

namespace {

double number_or_nan(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : std::numeric_limits<double>::quiet_NaN();
}

/// `key` as an integer when it is a number within Int's range, `fallback` otherwise: a line from
/// a child process is outside input, and converting a double out of range (1e300 hosts) is
/// undefined behaviour.
template <typename Int>
Int integer_or(const json& object, const char* key, Int fallback) {
  const double v = number_or_nan(object, key);
  // -min is 2^(bits-1) exactly, the first value beyond max (which a double may not represent).
  constexpr double low = static_cast<double>(std::numeric_limits<Int>::min());
  if (!(v >= low && v < -low)) return fallback;
  return static_cast<Int>(v);
}

/// `key` when it is a boolean, `fallback` otherwise (json::value would throw on another type).
bool bool_or(const json& object, const char* key, bool fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

QString text(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

StreamMessage noise(const QByteArray& line) {
  return StreamNoise{QString::fromUtf8(line)};
}

StreamMessage decode_columns(const json& j, const QByteArray& line) {
  const auto it = j.find("columns");
  if (it == j.end() || !it->is_array()) return noise(line);
  StreamColumns columns;
  for (const auto& name : *it) {
    if (!name.is_string()) return noise(line);
    columns.columns.push_back(QString::fromStdString(name.get<std::string>()));
  }
  return columns;
}

StreamMessage decode_row(const json& j, const QByteArray& line) {
  const auto it = j.find("values");
  if (it == j.end() || !it->is_array()) return noise(line);
  StreamRow row;
  row.values.reserve(static_cast<qsizetype>(it->size()));
  for (const auto& v : *it)
    row.values.push_back(v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN());
  return row;
}

StreamMessage decode_event(const json& j) {
  RunEvent event;
  event.time_s = number_or_nan(j, "time_s");
  event.kind = text(j, "kind");
  event.subject = text(j, "subject");
  event.detail = text(j, "detail");
  event.hosts = integer_or<qint64>(j, "hosts", 0);
  return event;
}

StreamMessage decode_progress(const json& j) {
  RunProgress p;
  p.sim_time_s = number_or_nan(j, "sim_time_s");
  p.end_time_s = number_or_nan(j, "end_time_s");
  p.wall_time_s = number_or_nan(j, "wall_time_s");
  p.events = number_or_nan(j, "events");
  p.events_per_wall_s = number_or_nan(j, "events_per_wall_s");
  p.eta_s = number_or_nan(j, "eta_s");
  return p;
}

StreamMessage decode_done(const json& j) {
  StreamDone done;
  done.out_dir = text(j, "out");
  done.stopped = bool_or(j, "stopped", false);
  if (const auto it = j.find("summary"); it != j.end() && it->is_object()) done.summary = *it;
  return done;
}

StreamMessage decode_error(const json& j) {
  StreamError error;
  error.message = text(j, "message");
  error.exit_code = integer_or<int>(j, "exit_code", 1);
  if (const auto it = j.find("diagnostics"); it != j.end() && it->is_array()) {
    for (const auto& d : *it) {
      if (!d.is_object()) continue;
      QString where = text(d, "file");
      const int line_no = integer_or<int>(d, "line", 0);
      const int column = integer_or<int>(d, "column", 0);
      if (line_no > 0) where += QStringLiteral(":%1").arg(line_no);
      if (line_no > 0 && column > 0) where += QStringLiteral(":%1").arg(column);
      const QString message = text(d, "message");
      error.diagnostics.push_back(where.isEmpty() ? message : where + QStringLiteral(": ") + message);
    }
  }
  if (error.message.isEmpty()) error.message = error.diagnostics.join(QLatin1Char('\n'));
  return error;
}

}  // namespace

StreamMessage decode_stream_line(const QByteArray& line) {
  const json j = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return noise(line);
  const QString type = text(j, "type");
  if (type == QLatin1String("row")) return decode_row(j, line);
  if (type == QLatin1String("progress")) return decode_progress(j);
  if (type == QLatin1String("event")) return decode_event(j);
  if (type == QLatin1String("columns")) return decode_columns(j, line);
  if (type == QLatin1String("start")) return StreamStart{j};
  if (type == QLatin1String("done")) return decode_done(j);
  if (type == QLatin1String("error")) return decode_error(j);
  return noise(line);
}

}  // namespace stratus::gui
