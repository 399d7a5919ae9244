#include "sim/number_format.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <system_error>

namespace stratus::sim {

namespace {
// The longest shortest-round-trip double is 24 characters ("-2.2250738585072014e-308").
constexpr std::size_t kMaxNumberChars = 32;
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53
}  // namespace

void append_number(std::string& out, double v) {
  if (std::isnan(v)) return;
  if (v == 0.0) v = 0.0;  // folds -0 into 0: "-0" in a results file only confuses readers
  std::array<char, kMaxNumberChars> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
  // Cannot fail: the buffer holds any double's shortest representation.
  out.append(buffer.data(), result.ptr);
}

std::string format_number(double v) {
  std::string text;
  append_number(text, v);
  return text;
}

nlohmann::json json_number(double v) {
  if (!std::isfinite(v)) return nullptr;
  if (v == std::trunc(v) && std::fabs(v) <= kMaxExactInteger) return static_cast<std::int64_t>(v);
  return v;
}

std::string format_readable(double v, int significant) {
  std::ostringstream out;
  out.precision(significant);
  out << v;
  return out.str();
}

}  // namespace stratus::sim
