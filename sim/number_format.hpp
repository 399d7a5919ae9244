#pragma once
// Deterministic text for numbers written to CSV and JSON outputs: the same double always
// produces the same bytes, on every run and every machine, so result files can be diffed.

#include <nlohmann/json.hpp>
#include <string>

namespace stratus::sim {

// Shortest text that parses back to exactly `v` (std::to_chars). Integral values print
// without ".0", -0 prints as "0", NaN prints as "" (an empty CSV cell), infinities as
// "inf" / "-inf".
std::string format_number(double v);

// For messages meant to be read, not parsed back: `significant` digits, "52.21" rather than
// "52.21386948963527".
std::string format_readable(double v, int significant = 4);

// Appends format_number(v) to `out` without a temporary string (row writers call this per cell).
void append_number(std::string& out, double v);

// JSON value for a double: null for NaN and infinities (JSON has no such numbers), an
// integer for integral values that a double holds exactly (|v| <= 2^53), else the double.
nlohmann::json json_number(double v);

}  // namespace stratus::sim
