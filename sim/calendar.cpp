#include "sim/calendar.hpp"

#include <cmath>
#include <cstdio>

namespace stratus::sim {

long long days_from_civil(long long year, unsigned month, unsigned day) {
  year -= month <= 2;
  const long long era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

namespace {

struct Civil {
  long long year;
  unsigned month, day;
};

Civil civil_from_days(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<long long>(yoe) + era * 400 + (m <= 2), m, d};
}

bool read_int(std::string_view& s, int digits, int& out) {
  if (s.size() < static_cast<std::size_t>(digits)) return false;
  out = 0;
  for (int i = 0; i < digits; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  s.remove_prefix(static_cast<std::size_t>(digits));
  return true;
}

bool eat(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

bool days_in_month_ok(int year, int month, int day) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1] + (month == 2 && leap);
}

}  // namespace

std::optional<double> parse_datetime(std::string_view s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_int(s, 4, year) || !eat(s, '-') || !read_int(s, 2, month) || !eat(s, '-') || !read_int(s, 2, day))
    return std::nullopt;
  if (!days_in_month_ok(year, month, day)) return std::nullopt;
  if (eat(s, 'T') || eat(s, ' ')) {
    if (!read_int(s, 2, hour) || !eat(s, ':') || !read_int(s, 2, minute)) return std::nullopt;
    if (eat(s, ':') && !read_int(s, 2, second)) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  }
  int offset_s = 0;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    const int sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
    int oh = 0, om = 0;
    if (!read_int(s, 2, oh)) return std::nullopt;
    eat(s, ':');
    if (!read_int(s, 2, om)) return std::nullopt;
    offset_s = sign * (oh * 3600 + om * 60);
  } else {
    eat(s, 'Z');
  }
  if (!s.empty()) return std::nullopt;
  const long long days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return static_cast<double>(days * 86400 + hour * 3600 + minute * 60 + second - offset_s);
}

std::string format_datetime(double unix_s) {
  const auto whole = static_cast<long long>(std::floor(unix_s));
  long long days = whole / 86400;
  long long rest = whole % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const Civil c = civil_from_days(days);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", c.year, c.month, c.day,
                rest / 3600, rest / 60 % 60, rest % 60);
  return buffer;
}

int weekday_of(double unix_s) {
  const auto days = static_cast<long long>(std::floor(unix_s / 86400.0));
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

}  // namespace stratus::sim
