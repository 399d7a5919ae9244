#pragma once
// The CSV files a run writes: timeseries.csv (numbers only, never quoted, large) and the small
// ones with text (events.csv, capacity.csv, comparison.csv; cells may be quoted).
#include <QString>
#include <QStringList>
#include <QVector>
#include <vector>

namespace stratus::gui {

/// A text table: the header and each row's cells.
struct CsvTable {
  QStringList header;
  std::vector<QStringList> rows;
  /// The index of a header name, -1 when absent.
  int column(const QString& name) const { return static_cast<int>(header.indexOf(name)); }
};

/// A numeric table: one vector per row, NaN for empty cells.
struct NumericTable {
  QStringList header;
  std::vector<QVector<double>> rows;
};

/// Cells of one CSV line; quoted cells may hold commas and doubled quotes ("a ""b"", c").
QStringList split_csv_line(const QString& line);

/// Read a whole file. Both throw std::runtime_error with "FILE:LINE: message" on a missing or
/// unreadable file, an empty file, a row whose cell count differs from the header's, or (for
/// the numeric table) a cell that is not a number.
CsvTable read_csv_table(const QString& path);
NumericTable read_numeric_table(const QString& path);

}  // namespace stratus::gui
