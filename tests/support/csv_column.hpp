#pragma once
// Reading one column of a timeseries.csv held in memory, for tests that add it up.
#include <sstream>
#include <stdexcept>
#include <string>

namespace stratus::testing {

/// The sum of a timeseries.csv column (empty cells count as nothing); throws if it is absent.
inline double column_sum(const std::string& csv, const std::string& column) {
  std::istringstream in(csv);
  std::string line, cell;
  std::getline(in, line);
  std::istringstream header(line);
  int index = -1;
  for (int k = 0; std::getline(header, cell, ','); ++k)
    if (cell == column) index = k;
  if (index < 0) throw std::runtime_error("no column " + column);
  double sum = 0;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    for (int k = 0; std::getline(row, cell, ','); ++k)
      if (k == index && !cell.empty()) sum += std::stod(cell);
  }
  return sum;
}

}  // namespace stratus::testing
