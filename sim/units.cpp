#include "sim/units.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <system_error>
#include <vector>

#include "sim/number_format.hpp"
#include "sim/suggest.hpp"

namespace stratus::sim {

namespace {

constexpr double kMinute = 60.0;
constexpr double kHour = 3600.0;
constexpr double kDay = 86400.0;
constexpr double kWeek = 7 * kDay;
constexpr double kYear = 365.2425 * kDay;  // the Gregorian mean year
constexpr double kMonth = kYear / 12;

struct Unit {
  std::string name;
  double factor;
};
using UnitTable = std::vector<Unit>;

struct Prefix {
  const char* name;
  double factor;
};
// "K" is accepted for kilo only where people habitually write it (KB, Kbps).
constexpr std::array<Prefix, 7> kDecimal = {
    {{"", 1.0}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"P", 1e15}, {"E", 1e18}}};
constexpr std::array<Prefix, 6> kBinary = {{{"Ki", 1024.0},
                                            {"Mi", 1024.0 * 1024},
                                            {"Gi", 1024.0 * 1024 * 1024},
                                            {"Ti", 1024.0 * 1024 * 1024 * 1024},
                                            {"Pi", 1024.0 * 1024 * 1024 * 1024 * 1024},
                                            {"Ei", 1024.0 * 1024 * 1024 * 1024 * 1024 * 1024}}};

template <std::size_t N>
void add_prefixed(UnitTable& table, const std::array<Prefix, N>& prefixes,
                  std::initializer_list<const char*> suffixes, double scale = 1.0) {
  for (const char* suffix : suffixes)
    for (const Prefix& p : prefixes)
      table.push_back({std::string(p.name) + suffix, p.factor * scale});
}

const UnitTable& duration_units() {
  static const UnitTable table = {
      {"ns", 1e-9},        {"us", 1e-6},     {"\xC2\xB5s", 1e-6},  // micro sign
      {"\xCE\xBCs", 1e-6},                                         // Greek mu
      {"ms", 1e-3},        {"s", 1.0},       {"sec", 1.0},        {"secs", 1.0},       {"second", 1.0},
      {"seconds", 1.0},    {"min", kMinute}, {"mins", kMinute},   {"minute", kMinute}, {"minutes", kMinute},
      {"h", kHour},        {"hr", kHour},    {"hrs", kHour},      {"hour", kHour},     {"hours", kHour},
      {"d", kDay},         {"day", kDay},    {"days", kDay},      {"w", kWeek},        {"week", kWeek},
      {"weeks", kWeek},    {"mo", kMonth},   {"month", kMonth},   {"months", kMonth},  {"y", kYear},
      {"yr", kYear},       {"yrs", kYear},   {"year", kYear},     {"years", kYear},
  };
  return table;
}

const UnitTable& data_size_units() {
  static const UnitTable table = [] {
    UnitTable t;
    add_prefixed(t, kDecimal, {"B"});
    add_prefixed(t, kBinary, {"B"});
    t.push_back({"KB", 1e3});
    t.push_back({"byte", 1.0});
    t.push_back({"bytes", 1.0});
    return t;
  }();
  return table;
}

const UnitTable& bandwidth_units() {
  static const UnitTable table = [] {
    UnitTable t;
    add_prefixed(t, kDecimal, {"bps", "bit/s", "b/s"}, 1.0 / 8);  // bits per second
    add_prefixed(t, kDecimal, {"Bps", "B/s"});
    add_prefixed(t, kBinary, {"Bps", "B/s"});
    for (const char* name : {"Kbps", "Kbit/s", "Kb/s"})
      t.push_back({name, 1e3 / 8});
    for (const char* name : {"KBps", "KB/s"})
      t.push_back({name, 1e3});
    return t;
  }();
  return table;
}

const UnitTable& compute_speed_units() {
  static const UnitTable table = [] {
    UnitTable t;
    add_prefixed(t, kDecimal, {"f", "flops", "FLOPS", "flop/s", "FLOP/s"});
    return t;
  }();
  return table;
}

const UnitTable& compute_work_units() {
  static const UnitTable table = [] {
    UnitTable t;
    add_prefixed(t, kDecimal, {"f", "flop", "FLOP"});
    return t;
  }();
  return table;
}

const UnitTable& power_units() {
  static const UnitTable table = [] {
    UnitTable t;
    add_prefixed(t, kDecimal, {"W"});
    return t;
  }();
  return table;
}

const UnitTable& energy_units() {
  static const UnitTable table = [] {
    UnitTable t;
    add_prefixed(t, kDecimal, {"J"});
    add_prefixed(t, kDecimal, {"Wh"}, kHour);
    return t;
  }();
  return table;
}

// Rates written as one word; "/<duration unit>" is handled separately.
const UnitTable& rate_words() {
  static const UnitTable table = {{"rps", 1.0}, {"qps", 1.0},           {"Hz", 1.0},
                                  {"kHz", 1e3}, {"rpm", 1.0 / kMinute}, {"rph", 1.0 / kHour}};
  return table;
}

std::optional<double> find_unit(const UnitTable& table, std::string_view name) {
  for (const Unit& u : table)
    if (u.name == name) return u.factor;
  return std::nullopt;
}

std::vector<std::string> unit_names(const UnitTable& table, std::string_view prefix = {}) {
  std::vector<std::string> names;
  names.reserve(table.size());
  for (const Unit& u : table)
    names.push_back(std::string(prefix) + u.name);
  return names;
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  return s;
}

struct ScannedNumber {
  std::size_t length = 0;
  double value = 0;
};

// The decimal number at the start of `s`: [+-] digits [. digits] [e [+-] digits]. Words such as
// "inf" and "nan" are not numbers here. With `grouping`, the integer part may use thousands
// separators ("1,200,000"), which must then be well-formed. Returns nullopt when `s` does not
// start with a number; throws UnitError when it is out of range.
std::optional<ScannedNumber> scan_number(std::string_view s, bool grouping, bool allow_sign = true) {
  std::string clean;
  std::size_t i = 0;
  if (allow_sign && i < s.size() && (s[i] == '+' || s[i] == '-')) {
    if (s[i] == '-') clean += '-';
    ++i;
  }
  std::size_t digits = 0;
  std::size_t group = 0;  // digits since the last separator
  bool grouped = false;
  for (; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      clean += s[i];
      ++digits;
      ++group;
    } else if (grouping && s[i] == ',' && digits > 0 && i + 1 < s.size() && is_digit(s[i + 1])) {
      if ((grouped && group != 3) || (!grouped && group > 3)) return std::nullopt;
      grouped = true;
      group = 0;
    } else {
      break;
    }
  }
  if (grouped && group != 3) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    clean += '.';
    for (++i; i < s.size() && is_digit(s[i]); ++i) {
      clean += s[i];
      ++digits;
    }
  }
  if (digits == 0) return std::nullopt;
  // An exponent only when digits follow, so that "5EB" or "3e" leave the letters to the unit.
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && is_digit(s[j])) {
      clean.append(s.substr(i, j - i));
      for (i = j; i < s.size() && is_digit(s[i]); ++i)
        clean += s[i];
    }
  }
  ScannedNumber out;
  out.length = i;
  const auto [ptr, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), out.value);
  if (ec == std::errc::result_out_of_range || !std::isfinite(out.value))
    throw UnitError("number out of range: '" + std::string(s.substr(0, i)) + "'");
  if (ec != std::errc() || ptr != clean.data() + clean.size()) return std::nullopt;
  return out;
}

// Internal failure: the text does not have the form of the quantity. The public parser turns
// it into a message with examples and, when it can, a hint naming the likely fix.
struct Mismatch {
  std::string unit;    // the unit word that was not understood ("" if none)
  std::string reason;  // a specific explanation that replaces the generic hints
};

}  // namespace

std::string_view quantity_phrase(Quantity q) {
  switch (q) {
    case Quantity::duration:
      return "a duration";
    case Quantity::data_size:
      return "a data size";
    case Quantity::bandwidth:
      return "a bandwidth";
    case Quantity::compute_speed:
      return "a compute speed";
    case Quantity::compute_work:
      return "compute work";
    case Quantity::power:
      return "a power";
    case Quantity::energy:
      return "an energy";
    case Quantity::money:
      return "an amount of money";
    case Quantity::price_rate:
      return "a price rate";
    case Quantity::rate:
      return "a rate";
    case Quantity::fraction:
      return "a fraction";
    case Quantity::number:
      return "a number";
  }
  return "a value";
}

namespace {

std::string_view examples(Quantity q) {
  switch (q) {
    case Quantity::duration:
      return " such as 250ms, 30s, 5min, 2h or 1d";
    case Quantity::data_size:
      return " such as 512MiB, 4GB or 1TiB";
    case Quantity::bandwidth:
      return " such as 10Gbps, 100MBps or 1GiB/s";
    case Quantity::compute_speed:
      return " such as 2.5Gf, 100Gflops or 1TFLOPS";
    case Quantity::compute_work:
      return " such as 2Gflop or 500Mf";
    case Quantity::power:
      return " such as 250W or 1.5kW";
    case Quantity::energy:
      return " such as 500J, 3.6MJ or 1.5kWh";
    case Quantity::money:
      return " such as $1200, $1,200.50 or 1200 USD";
    case Quantity::price_rate:
      return " such as $0.096/h, $70/mo or $840/y";
    case Quantity::rate:
      return " such as 9/s, 100/min or 1e6/h";
    case Quantity::fraction:
      return " such as 0.25 or 25%";
    case Quantity::number:
      return "";
  }
  return "";
}

// Value and unit word of a single "<number> <unit>" term; the unit is "" for a bare number.
struct Term {
  double value;
  std::string_view unit;
};

std::optional<Term> split_term(std::string_view text, bool grouping = false) {
  const auto number = scan_number(text, grouping);
  if (!number) return std::nullopt;
  return Term{number->value, trim_left(text.substr(number->length))};
}

// Either the value or the reason it is not one.
struct Parsed {
  double value = 0;
  std::optional<Mismatch> mismatch;
};

Parsed fail(std::string_view unit = {}, std::string reason = {}) {
  return Parsed{0, Mismatch{std::string(unit), std::move(reason)}};
}

// A bare number where a unit is meant ("mean: 80") is refused, with the readings it most likely
// had: 80 s and 80 ms differ a thousandfold, and a silent default unit hides that. Zero needs
// no unit: it is zero in all of them.
Parsed bare_number(std::string_view text, double value, const char* unit_a, const char* unit_b) {
  if (value == 0.0) return Parsed{0.0, {}};
  const std::string number(text);
  std::string reason = "a number needs its unit here: " + number + unit_a;
  if (unit_b != nullptr) reason += " or " + number + unit_b;
  return fail({}, reason + "?");
}

// The readings a bare amount most likely had, by its size: 1e9 of data is bytes, 512 is MB or GiB.
Parsed bare_amount(std::string_view text, double value, const char* small_a, const char* small_b,
                   const char* large) {
  return std::abs(value) >= 1e6 ? bare_number(text, value, large, nullptr)
                                : bare_number(text, value, small_a, small_b);
}

Parsed parse_with_table(std::string_view text, const UnitTable& table, const char* unit_a, const char* unit_b,
                        const char* large) {
  const auto term = split_term(text);
  if (!term) return fail();
  if (term->unit.empty()) return bare_amount(text, term->value, unit_a, unit_b, large);
  const auto factor = find_unit(table, term->unit);
  if (!factor) return fail(term->unit);
  return Parsed{term->value * *factor, {}};
}

// Durations may be compound ("1h30min", "2d 4h"); every part of a compound needs a unit.
Parsed parse_duration(std::string_view text) {
  // A leading sign applies to the whole compound: "-1h30min" is minus ninety minutes.
  const bool negative = text.starts_with('-');
  if (text.starts_with('-') || text.starts_with('+')) text.remove_prefix(1);
  if (text.empty()) return fail();
  double total = 0;
  int terms = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto number = scan_number(rest, false, false);
    if (!number) return fail();
    rest = trim_left(rest.substr(number->length));
    std::size_t n = 0;
    while (n < rest.size() && !is_digit(rest[n]) && !is_space(rest[n]) && rest[n] != '.' && rest[n] != '+' &&
           rest[n] != '-')
      ++n;
    const std::string_view unit = rest.substr(0, n);
    rest = trim_left(rest.substr(n));
    if (unit.empty()) {
      if (terms == 0 && rest.empty()) return bare_number(text, number->value, "s", "ms");
      return fail({}, "every part of a compound duration needs a unit");
    }
    if (unit == "m") return fail(unit, "write min for minutes or mo for months");
    const auto factor = find_unit(duration_units(), unit);
    if (!factor) return fail(unit);
    total += number->value * *factor;
    ++terms;
  }
  return Parsed{negative ? -total : total, {}};
}

// The "$1,200" / "1200 USD" part of money and price rates; `rest` receives what follows.
std::optional<double> parse_money_prefix(std::string_view text, std::string_view& rest) {
  bool negative = false;
  if (!text.empty() && text.front() == '-' && text.size() > 1 && text[1] == '$') {
    negative = true;
    text.remove_prefix(1);
  }
  const bool dollar = !text.empty() && text.front() == '$';
  if (dollar) text = trim_left(text.substr(1));
  const auto number = scan_number(text, true);
  if (!number) return std::nullopt;
  rest = trim_left(text.substr(number->length));
  if (!dollar && rest.starts_with("USD")) rest = trim_left(rest.substr(3));
  return negative ? -number->value : number->value;
}

Parsed parse_money(std::string_view text) {
  std::string_view rest;
  const auto amount = parse_money_prefix(text, rest);
  if (!amount || !rest.empty()) return fail(rest);
  return Parsed{*amount, {}};
}

// The "/h" in "$0.096/h" or "9/min": events (or dollars) per that duration.
std::optional<double> per_duration(std::string_view rest) {
  if (!rest.starts_with('/')) return std::nullopt;
  const auto factor = find_unit(duration_units(), trim_left(rest.substr(1)));
  if (!factor) return std::nullopt;
  return 1.0 / *factor;
}

Parsed parse_price_rate(std::string_view text) {
  std::string_view rest;
  const auto amount = parse_money_prefix(text, rest);
  if (!amount) return fail();
  // A bare amount is refused: "0.096" is far more often meant per hour than per second.
  if (rest.empty()) return fail({}, "add the time unit, e.g. /h");
  const auto per = per_duration(rest);
  if (!per) return fail(rest);
  return Parsed{*amount * *per, {}};
}

Parsed parse_rate(std::string_view text) {
  const auto term = split_term(text);
  if (!term) return fail();
  if (term->unit.empty()) return bare_number(text, term->value, "/s", "/min");
  if (const auto per = per_duration(term->unit)) return Parsed{term->value * *per, {}};
  if (const auto factor = find_unit(rate_words(), term->unit)) return Parsed{term->value * *factor, {}};
  return fail(term->unit);
}

Parsed parse_fraction(std::string_view text) {
  const auto term = split_term(text);
  if (!term) return fail();
  if (term->unit == "%") return Parsed{term->value / 100.0, {}};
  if (!term->unit.empty()) return fail(term->unit);
  if (term->value > 1.0)
    return fail({}, "a fraction is at most 1; write a percentage such as 150% to exceed it");
  return Parsed{term->value, {}};
}

Parsed parse_number(std::string_view text) {
  const auto term = split_term(text);
  if (!term || !term->unit.empty()) return fail();
  return Parsed{term->value, {}};
}

Parsed parse_text(std::string_view text, Quantity q) {
  switch (q) {
    case Quantity::duration:
      return parse_duration(text);
    case Quantity::data_size:
      return parse_with_table(text, data_size_units(), "MB", "GiB", "B");
    case Quantity::bandwidth:
      return parse_with_table(text, bandwidth_units(), "Mbps", "Gbps", "bps");
    case Quantity::compute_speed:
      return parse_with_table(text, compute_speed_units(), "Gf", nullptr, "f");
    case Quantity::compute_work:
      return parse_with_table(text, compute_work_units(), "Gf", nullptr, "f");
    case Quantity::power:
      return parse_with_table(text, power_units(), "W", "kW", "W");
    case Quantity::energy:
      return parse_with_table(text, energy_units(), "kWh", nullptr, "J");
    case Quantity::money:
      return parse_money(text);
    case Quantity::price_rate:
      return parse_price_rate(text);
    case Quantity::rate:
      return parse_rate(text);
    case Quantity::fraction:
      return parse_fraction(text);
    case Quantity::number:
      return parse_number(text);
  }
  return fail();
}

// Unit words of `q`, for spelling hints.
std::vector<std::string> vocabulary(Quantity q) {
  switch (q) {
    case Quantity::duration:
      return unit_names(duration_units());
    case Quantity::data_size:
      return unit_names(data_size_units());
    case Quantity::bandwidth:
      return unit_names(bandwidth_units());
    case Quantity::compute_speed:
      return unit_names(compute_speed_units());
    case Quantity::compute_work:
      return unit_names(compute_work_units());
    case Quantity::power:
      return unit_names(power_units());
    case Quantity::energy:
      return unit_names(energy_units());
    case Quantity::rate: {
      auto names = unit_names(duration_units(), "/");
      for (auto& n : unit_names(rate_words()))
        names.push_back(std::move(n));
      return names;
    }
    case Quantity::price_rate:
      return unit_names(duration_units(), "/");
    case Quantity::money:
    case Quantity::fraction:
    case Quantity::number:
      return {};
  }
  return {};
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

// A parenthesised hint for a unit that was not understood, or "" when there is no good one.
std::string unit_hint(std::string_view text, std::string_view unit, Quantity q) {
  if (unit.empty()) return {};
  const std::vector<std::string> words = vocabulary(q);
  // 1. Right letters, wrong case: SI prefixes and b/B differ only by case.
  std::vector<std::string> same_letters;
  for (const std::string& w : words)
    if (equal_ignoring_case(w, unit) &&
        std::find(same_letters.begin(), same_letters.end(), w) == same_letters.end())
      same_letters.push_back(w);
  if (!same_letters.empty()) {
    std::string hint = " (units are case-sensitive: did you mean '" + same_letters[0] + "'";
    for (std::size_t i = 1; i < same_letters.size(); ++i)
      hint += (i + 1 == same_letters.size() ? " or '" : ", '") + same_letters[i] + "'";
    return hint + "?)";
  }
  // 2. A valid value of another kind, e.g. a duration where a rate belongs.
  for (Quantity other :
       {Quantity::duration, Quantity::data_size, Quantity::bandwidth, Quantity::compute_speed,
        Quantity::compute_work, Quantity::power, Quantity::energy, Quantity::rate, Quantity::price_rate}) {
    // Rates come before price rates: "9/s" is far more likely events than dollars.
    if (other == q) continue;
    try {
      if (!parse_text(text, other).mismatch) return " (that is " + std::string(quantity_phrase(other)) + ")";
    } catch (const UnitError&) {
      // Out-of-range numbers are no hint.
    }
  }
  // 3. A near spelling; too short a word matches everything, so only from three letters.
  if (unit.size() >= 3)
    if (auto match = nearest_match(unit, words)) return " (did you mean '" + *match + "'?)";
  return {};
}

}  // namespace

std::string_view quantity_name(Quantity q) {
  switch (q) {
    case Quantity::duration:
      return "duration";
    case Quantity::data_size:
      return "data size";
    case Quantity::bandwidth:
      return "bandwidth";
    case Quantity::compute_speed:
      return "compute speed";
    case Quantity::compute_work:
      return "compute work";
    case Quantity::power:
      return "power";
    case Quantity::energy:
      return "energy";
    case Quantity::money:
      return "money";
    case Quantity::price_rate:
      return "price rate";
    case Quantity::rate:
      return "rate";
    case Quantity::fraction:
      return "fraction";
    case Quantity::number:
      return "number";
  }
  return "value";
}

double parse_quantity(std::string_view text, Quantity q) {
  const std::string_view trimmed = trim(text);
  const Parsed parsed = parse_text(trimmed, q);
  if (parsed.mismatch) {
    std::string message = "expected " + std::string(quantity_phrase(q)) + std::string(examples(q)) +
                          ", got '" + std::string(text) + "'";
    if (!parsed.mismatch->reason.empty())
      message += " (" + parsed.mismatch->reason + ")";
    else
      message += unit_hint(trimmed, parsed.mismatch->unit, q);
    throw UnitError(message);
  }
  if (!std::isfinite(parsed.value)) throw UnitError("number out of range: '" + std::string(text) + "'");
  if (parsed.value < 0 && q != Quantity::number)
    throw UnitError(std::string(quantity_name(q)) + " cannot be negative, got '" + std::string(text) + "'");
  return parsed.value + 0.0;  // folds -0 into 0
}

namespace {

// Three significant digits without exponent or trailing zeros: 250, 12.3, 1.5, 0.25.
std::string three_digits(double x) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.3g", x);
  return buffer.data();
}

std::string whole(double x) {
  std::array<char, 48> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.0f", x);
  return buffer.data();
}

}  // namespace

std::string format_duration(double seconds) {
  if (std::isnan(seconds)) return "nan";
  if (std::isinf(seconds)) return seconds > 0 ? "inf" : "-inf";
  if (seconds < 0) return "-" + format_duration(-seconds);
  if (seconds == 0) return "0s";
  if (seconds < kMinute) {
    struct Small {
      const char* name;
      double factor;
      double limit;  // the next unit takes over when the rounded value reaches this
    };
    constexpr std::array<Small, 4> small = {
        {{"ns", 1e-9, 1000}, {"us", 1e-6, 1000}, {"ms", 1e-3, 1000}, {"s", 1.0, kMinute}}};
    for (const Small& unit : small) {
      if (seconds >= unit.factor * unit.limit) continue;
      const std::string digits = three_digits(seconds / unit.factor);
      if (std::stod(digits) < unit.limit) return digits + unit.name;
    }
    seconds = kMinute;  // 59.97s rounds to a full minute
  }
  struct Large {
    const char* name;
    double factor;
  };
  constexpr std::array<Large, 5> large = {
      {{"y", kYear}, {"d", kDay}, {"h", kHour}, {"min", kMinute}, {"s", 1.0}}};
  const double rounded = std::round(seconds);
  for (std::size_t i = 0; i + 1 < large.size(); ++i) {
    if (rounded < large[i].factor) continue;
    const double major = std::floor(rounded / large[i].factor);
    const double minor = std::floor((rounded - major * large[i].factor) / large[i + 1].factor);
    std::string out = whole(major) + large[i].name;
    if (minor > 0) out += " " + whole(minor) + large[i + 1].name;
    return out;
  }
  return whole(rounded) + "s";
}

}  // namespace stratus::sim
