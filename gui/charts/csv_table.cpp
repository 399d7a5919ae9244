#include "gui/charts/csv_table.hpp"

#include <QFile>
#include <algorithm>
#include <charconv>
#include <limits>
#include <stdexcept>

namespace stratus::gui {

namespace {

[[noreturn]] void fail(const QString& path, long long line, const QString& message) {
  const QString where = line > 0 ? path + ":" + QString::number(line) : path;
  throw std::runtime_error((where + ": " + message).toStdString());
}

QByteArray read_all(const QString& path) {
  QFile file(path);
  if (!file.exists()) fail(path, 0, QStringLiteral("no such file"));
  if (!file.open(QIODevice::ReadOnly)) fail(path, 0, "cannot read: " + file.errorString());
  QByteArray data = file.readAll();
  if (data.trimmed().isEmpty()) fail(path, 0, QStringLiteral("empty file (no header line)"));
  return data;
}

/// Calls f(line_number, line) for each non-empty line, without the line break.
template <class F>
void for_each_line(const QByteArray& data, F&& f) {
  long long number = 0;
  qsizetype start = 0;
  while (start < data.size()) {
    qsizetype end = data.indexOf('\n', start);
    if (end < 0) end = data.size();
    ++number;
    qsizetype stop = end;
    if (stop > start && data[stop - 1] == '\r') --stop;
    if (stop > start) f(number, QByteArrayView(data.constData() + start, stop - start));
    start = end + 1;
  }
}

}  // namespace

QStringList split_csv_line(const QString& line) {
  QStringList cells;
  QString cell;
  bool quoted = false;
  for (qsizetype i = 0; i < line.size(); ++i) {
    const QChar c = line[i];
    if (quoted) {
      if (c == u'"' && i + 1 < line.size() && line[i + 1] == u'"') {
        cell += u'"';
        ++i;
      } else if (c == u'"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == u'"') {
      quoted = true;
    } else if (c == u',') {
      cells << cell;
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells << cell;
  return cells;
}

CsvTable read_csv_table(const QString& path) {
  CsvTable table;
  bool header = true;
  for_each_line(read_all(path), [&](long long number, QByteArrayView bytes) {
    QStringList cells = split_csv_line(QString::fromUtf8(bytes));
    if (header) {
      table.header = std::move(cells);
      header = false;
      return;
    }
    if (cells.size() != table.header.size())
      fail(path, number,
           QStringLiteral("%1 cells, but the header has %2").arg(cells.size()).arg(table.header.size()));
    table.rows.push_back(std::move(cells));
  });
  return table;
}

NumericTable read_numeric_table(const QString& path) {
  NumericTable table;
  bool header = true;
  for_each_line(read_all(path), [&](long long number, QByteArrayView bytes) {
    if (header) {
      table.header = split_csv_line(QString::fromUtf8(bytes));
      header = false;
      return;
    }
    // Hot loop for year-long runs: cells are plain numbers, parsed in place.
    QVector<double> row;
    row.reserve(table.header.size());
    const char* p = bytes.data();
    const char* const end = p + bytes.size();
    while (true) {
      const char* comma = std::find(p, end, ',');
      double value = std::numeric_limits<double>::quiet_NaN();
      if (comma != p) {
        const auto [stop, error] = std::from_chars(p, comma, value);
        if (error != std::errc() || stop != comma)
          fail(path, number,
               QStringLiteral("cell %1 is not a number: '%2'")
                   .arg(row.size() + 1)
                   .arg(QString::fromUtf8(p, static_cast<qsizetype>(comma - p))));
      }
      row.push_back(value);
      if (comma == end) break;
      p = comma + 1;
    }
    if (row.size() != table.header.size())
      fail(path, number,
           QStringLiteral("%1 cells, but the header has %2").arg(row.size()).arg(table.header.size()));
    table.rows.push_back(std::move(row));
  });
  return table;
}

}  // namespace stratus::gui
