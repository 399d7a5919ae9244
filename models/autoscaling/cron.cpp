#include "models/autoscaling/cron.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/suggest.hpp"

namespace stratus::models::autoscaling {

namespace {

namespace fs = std::filesystem;
using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kHour = 3600;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

year_month_day civil_of_day(std::int64_t day) {
  return year_month_day{sys_days{days{day}}};
}

std::int64_t day_of_civil(int year, int month, int day) {
  const auto ymd = std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} /
                   std::chrono::day{static_cast<unsigned>(day)};
  return sys_days{ymd}.time_since_epoch().count();
}

int weekday_of_day(std::int64_t day) {
  return static_cast<int>(std::chrono::weekday{sys_days{days{day}}}.c_encoding());
}

int year_of(std::int64_t unix_s) {
  return static_cast<int>(civil_of_day(floor_div(unix_s, kDay)).year());
}

bool is_leap(int year) {
  return std::chrono::year{year}.is_leap();
}

int days_in_month(int year, int month) {
  const auto last =
      std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} / std::chrono::last;
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

// ---------------------------------------------------------------------------------------------
// POSIX TZ strings ("CET-1CEST,M3.5.0,M10.5.0/3"), the footer of TZif v2+ files.

struct DateRule {
  char kind = 'M';  // 'J': Julian day 1-365 without Feb 29; 'D': zero-based day 0-365; 'M'
  int day = 0;
  int month = 0, week = 0, weekday = 0;

  std::int64_t day_in(int year) const {
    const std::int64_t jan1 = day_of_civil(year, 1, 1);
    if (kind == 'J') return jan1 + day - 1 + ((is_leap(year) && day >= 60) ? 1 : 0);
    if (kind == 'D') return jan1 + day;
    const std::int64_t first = day_of_civil(year, month, 1);
    std::int64_t d = first + (weekday - weekday_of_day(first) + 7) % 7 + 7 * (week - 1);
    while (d >= first + days_in_month(year, month))
      d -= 7;  // week 5 means "the last"
    return d;
  }
};

struct PosixRule {
  int std_offset_s = 0;  // east of UTC, as everywhere in this file (POSIX writes them negated)
  bool has_dst = false;
  int dst_offset_s = 0;
  DateRule start, end;
  int start_time_s = 2 * 3600, end_time_s = 2 * 3600;  // local wall time of each change

  struct Event {
    std::int64_t at;
    int offset_after;
  };
  std::vector<Event> events_around(int year) const {
    std::vector<Event> out;
    for (int y = year - 1; y <= year + 1; ++y) {
      out.push_back({start.day_in(y) * kDay + start_time_s - std_offset_s, dst_offset_s});
      out.push_back({end.day_in(y) * kDay + end_time_s - dst_offset_s, std_offset_s});
    }
    std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
    return out;
  }
  int offset_at(std::int64_t unix_s) const {
    if (!has_dst) return std_offset_s;
    int offset = std_offset_s;
    for (const Event& e : events_around(year_of(unix_s)))
      if (e.at <= unix_s) offset = e.offset_after;
    return offset;
  }
};

class PosixParser {
 public:
  explicit PosixParser(std::string_view text) : text_(text) {}

  PosixRule parse() {
    PosixRule rule;
    skip_name();
    rule.std_offset_s = -signed_time();
    if (done()) return rule;
    rule.has_dst = true;
    skip_name();
    rule.dst_offset_s = (!done() && peek() != ',') ? -signed_time() : rule.std_offset_s + 3600;
    if (done()) {  // POSIX's default rule is the US one
      rule.start = {'M', 0, 3, 2, 0};
      rule.end = {'M', 0, 11, 1, 0};
      return rule;
    }
    expect(',');
    rule.start = date_rule();
    if (accept('/')) rule.start_time_s = signed_time();
    expect(',');
    rule.end = date_rule();
    if (accept('/')) rule.end_time_s = signed_time();
    if (!done()) fail();
    return rule;
  }

 private:
  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  bool accept(char c) {
    if (done() || peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!accept(c)) fail();
  }
  [[noreturn]] void fail() const {
    throw CalendarError("malformed POSIX TZ rule '" + std::string(text_) + "'");
  }
  void skip_name() {
    if (accept('<')) {
      while (!done() && peek() != '>')
        ++pos_;
      expect('>');
      return;
    }
    const std::size_t start = pos_;
    while (!done() && std::isalpha(static_cast<unsigned char>(peek())))
      ++pos_;
    if (pos_ - start < 3) fail();
  }
  int number() {
    if (done() || !std::isdigit(static_cast<unsigned char>(peek()))) fail();
    int v = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(peek())) && v < 100000)
      v = v * 10 + (text_[pos_++] - '0');
    return v;
  }
  // [+-]hh[:mm[:ss]], hours up to 167 (RFC 8536's extension for change times).
  int signed_time() {
    int sign = 1;
    if (accept('-'))
      sign = -1;
    else
      accept('+');
    int seconds = number() * 3600;
    if (accept(':')) seconds += number() * 60;
    if (accept(':')) seconds += number();
    return sign * seconds;
  }
  DateRule date_rule() {
    DateRule r;
    if (accept('J')) {
      r.kind = 'J';
      r.day = number();
    } else if (accept('M')) {
      r.kind = 'M';
      r.month = number();
      expect('.');
      r.week = number();
      expect('.');
      r.weekday = number();
      if (r.month < 1 || r.month > 12 || r.week < 1 || r.week > 5 || r.weekday > 6) fail();
    } else {
      r.kind = 'D';
      r.day = number();
    }
    return r;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// TZif files (RFC 8536).

class ByteReader {
 public:
  ByteReader(std::string_view bytes, const std::string& name) : bytes_(bytes), name_(name) {}
  std::int64_t big_endian(int width) {
    need(width);
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i)
      v = (v << 8) | static_cast<unsigned char>(bytes_[pos_++]);
    if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }
  std::uint8_t byte() { return static_cast<std::uint8_t>(big_endian(1)); }
  void skip(std::size_t n) {
    need(n);
    pos_ += n;
  }
  std::string_view rest() const { return bytes_.substr(pos_); }
  void need(std::size_t n) const {
    if (bytes_.size() - pos_ < n) throw CalendarError("time zone '" + name_ + "': truncated TZif file");
  }

 private:
  std::string_view bytes_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

struct TzifHeader {
  char version = 0;
  std::int64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

TzifHeader read_header(ByteReader& in, const std::string& name) {
  in.need(44);
  std::string magic;
  for (int i = 0; i < 4; ++i)
    magic += static_cast<char>(in.byte());
  if (magic != "TZif") throw CalendarError("time zone '" + name + "': not a TZif file");
  TzifHeader h;
  h.version = static_cast<char>(in.byte());
  in.skip(15);
  h.isutcnt = in.big_endian(4);
  h.isstdcnt = in.big_endian(4);
  h.leapcnt = in.big_endian(4);
  h.timecnt = in.big_endian(4);
  h.typecnt = in.big_endian(4);
  h.charcnt = in.big_endian(4);
  if (h.typecnt < 1 || h.timecnt < 0 || h.charcnt < 0 || h.leapcnt < 0 || h.isutcnt < 0 || h.isstdcnt < 0)
    throw CalendarError("time zone '" + name + "': malformed TZif header");
  return h;
}

void skip_block(ByteReader& in, const TzifHeader& h, int time_size) {
  in.skip(static_cast<std::size_t>(h.timecnt * (time_size + 1) + h.typecnt * 6 + h.charcnt +
                                   h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt));
}

bool valid_zone_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
  });
}

fs::path zoneinfo_dir() {
  const char* env = std::getenv("TZDIR");
  return (env != nullptr && *env != '\0') ? fs::path(env) : fs::path("/usr/share/zoneinfo");
}

// Zone names for "did you mean": regular files below the database, minus its copies
// ("posix/", "right/") and its tables ("zone.tab", "tzdata.zi").
std::vector<std::string> known_zone_names(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    if (it->is_directory(ec) && (rel == "posix" || rel == "right")) it.disable_recursion_pending();
    if (it->is_regular_file(ec) && rel.find('.') == std::string::npos &&
        std::isupper(static_cast<unsigned char>(rel.front())))
      names.push_back(rel);
  }
  return names;
}

std::optional<int> parse_fixed_offset(std::string_view text) {
  for (std::string_view prefix : {"UTC", "GMT"})
    if (text.substr(0, 3) == prefix && text.size() > 3) text.remove_prefix(3);
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const int sign = text[0] == '-' ? -1 : 1;
  std::string digits;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == ':' && i == 3) continue;
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    digits += text[i];
  }
  if (digits.size() != 2 && digits.size() != 4) return std::nullopt;
  const int hours = std::stoi(digits.substr(0, 2));
  const int minutes = digits.size() == 4 ? std::stoi(digits.substr(2)) : 0;
  if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60) return std::nullopt;
  return sign * (hours * 3600 + minutes * 60);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// TimeZone

struct TimeZone::Rules {
  std::string name;
  int initial_offset = 0;               // before the first transition
  std::vector<std::int64_t> change_at;  // changes of offset from the file, in order
  std::vector<int> offset_after;
  std::optional<std::int64_t> last_transition;  // the footer rule governs from here on
  std::optional<PosixRule> footer;

  int listed_offset_at(std::int64_t unix_s) const {
    const auto it = std::upper_bound(change_at.begin(), change_at.end(), unix_s);
    return it == change_at.begin() ? initial_offset : offset_after[(it - change_at.begin()) - 1];
  }
  int offset_at(std::int64_t unix_s) const {
    if (footer && (!last_transition || unix_s >= *last_transition)) return footer->offset_at(unix_s);
    return listed_offset_at(unix_s);
  }
  std::optional<OffsetChange> next_change(std::int64_t unix_s) const {
    const auto it = std::upper_bound(change_at.begin(), change_at.end(), unix_s);
    if (it != change_at.end()) {
      const std::int64_t at = *it;
      return OffsetChange{at, offset_at(at - 1), offset_after[it - change_at.begin()]};
    }
    if (!footer || !footer->has_dst) return std::nullopt;
    const std::int64_t from = last_transition ? std::max(unix_s, *last_transition) : unix_s;
    const int first_year = year_of(from);
    for (int year = first_year; year <= first_year + 2; ++year)
      for (const auto& e : footer->events_around(year))
        if (e.at > from && e.offset_after != offset_at(e.at - 1))
          return OffsetChange{e.at, offset_at(e.at - 1), e.offset_after};
    return std::nullopt;  // a rule whose "summer" offset equals its standard one
  }
};

TimeZone::TimeZone() : TimeZone(fixed(0, "UTC")) {}
TimeZone::TimeZone(std::shared_ptr<const Rules> rules) : rules_(std::move(rules)) {}

TimeZone TimeZone::fixed(int offset_s, std::string name) {
  auto rules = std::make_shared<Rules>();
  rules->name = std::move(name);
  rules->initial_offset = offset_s;
  return TimeZone(std::move(rules));
}

TimeZone TimeZone::from_tzif(std::string_view bytes, std::string name) {
  ByteReader in(bytes, name);
  TzifHeader h = read_header(in, name);
  int time_size = 4;
  if (h.version >= '2') {  // the 64-bit block follows the 32-bit one
    skip_block(in, h, 4);
    h = read_header(in, name);
    time_size = 8;
  }
  std::vector<std::int64_t> times(static_cast<std::size_t>(h.timecnt));
  for (auto& t : times)
    t = in.big_endian(time_size);
  std::vector<int> type_of(times.size());
  for (auto& i : type_of)
    i = in.byte();
  std::vector<int> utoff(static_cast<std::size_t>(h.typecnt));
  for (auto& off : utoff) {
    off = static_cast<int>(in.big_endian(4));
    in.skip(2);  // isdst, abbreviation index
  }
  in.skip(static_cast<std::size_t>(h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt));

  auto rules = std::make_shared<Rules>();
  rules->name = std::move(name);
  rules->initial_offset = utoff[0];
  int current = utoff[0];
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (type_of[i] >= h.typecnt) throw CalendarError("time zone '" + rules->name + "': malformed TZif file");
    const int next = utoff[static_cast<std::size_t>(type_of[i])];
    if (next != current) {
      rules->change_at.push_back(times[i]);
      rules->offset_after.push_back(next);
    }
    current = next;
  }
  if (!times.empty()) rules->last_transition = times.back();
  const std::string_view rest = in.rest();
  if (h.version >= '2' && rest.size() >= 2 && rest.front() == '\n') {
    const std::string_view tz = rest.substr(1, rest.find('\n', 1) - 1);
    if (!tz.empty()) rules->footer = PosixParser(tz).parse();
  }
  return TimeZone(std::move(rules));
}

TimeZone TimeZone::named(std::string_view name) {
  if (name.empty())
    throw CalendarError("empty time zone name; expected UTC, +HH:MM or a name such as Europe/Paris");
  if (name == "UTC" || name == "GMT" || name == "Z") return fixed(0, std::string(name));
  if (const auto offset = parse_fixed_offset(name)) return fixed(*offset, std::string(name));
  const std::string quoted = "time zone '" + std::string(name) + "'";
  if (name.front() == '+' || name.front() == '-' || name.substr(0, 3) == "UTC" || name.substr(0, 3) == "GMT")
    throw CalendarError("bad " + quoted + ": a fixed offset is written +HH:MM or -HH:MM, at most 14:00");
  if (!valid_zone_name(name))
    throw CalendarError("bad " + quoted + ": expected an IANA name such as Europe/Paris");
  const fs::path dir = zoneinfo_dir();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw CalendarError(quoted + " needs the IANA time zone database, but " + dir.string() +
                        " does not exist: install the tzdata package (apt-get install tzdata) or set TZDIR");
  const fs::path file = dir / std::string(name);
  if (!fs::is_regular_file(file, ec))
    throw CalendarError(sim::unknown_name_message("time zone", name, known_zone_names(dir)));
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  if (!stream) throw CalendarError(quoted + ": cannot read " + file.string());
  return from_tzif(bytes.str(), std::string(name));
}

const std::string& TimeZone::name() const {
  return rules_->name;
}
int TimeZone::offset_at(std::int64_t unix_s) const {
  return rules_->offset_at(unix_s);
}
std::optional<OffsetChange> TimeZone::next_change(std::int64_t unix_s) const {
  return rules_->next_change(unix_s);
}

TimeZone::Resolution TimeZone::resolve(std::int64_t local_s) const {
  // Every offset in force within two days of the local time is a candidate; an instant is
  // valid when its own offset maps it back to `local_s`.
  std::vector<int> offsets{offset_at(local_s - 2 * kDay)};
  std::vector<OffsetChange> changes;
  for (auto c = next_change(local_s - 2 * kDay); c && c->at <= local_s + 2 * kDay; c = next_change(c->at)) {
    offsets.push_back(c->offset_after_s);
    changes.push_back(*c);
  }
  Resolution r;
  for (const int offset : offsets)
    if (offset_at(local_s - offset) == offset) r.instants.push_back(local_s - offset);
  std::sort(r.instants.begin(), r.instants.end());
  r.instants.erase(std::unique(r.instants.begin(), r.instants.end()), r.instants.end());
  if (r.instants.empty())
    for (const OffsetChange& c : changes)
      if (c.at + c.offset_before_s <= local_s && local_s < c.at + c.offset_after_s) r.gap_end = c.at;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Cron expressions

namespace {

struct FieldSpec {
  const char* name;
  int min, max;
  const std::array<const char*, 12>* names;  // index 0 is the value `min`
};

const std::array<const char*, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const std::array<const char*, 12> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

class FieldParser {
 public:
  FieldParser(std::string_view expression, const FieldSpec& spec) : expression_(expression), spec_(spec) {}

  std::uint64_t parse(std::string_view field) const {
    std::uint64_t bits = 0;
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = field.find(',', start);
      bits |= item(field.substr(start, comma == std::string_view::npos ? field.npos : comma - start));
      if (comma == std::string_view::npos) return bits;
      start = comma + 1;
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw CalendarError("cron '" + std::string(expression_) + "': " + spec_.name + " " + what);
  }

  int value(std::string_view text) const {
    if (text.empty()) fail("has an empty value");
    if (spec_.names != nullptr) {
      std::string upper;
      for (char c : text)
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      for (std::size_t i = 0; i < spec_.names->size() && (*spec_.names)[i] != nullptr; ++i)
        if (upper == (*spec_.names)[i]) return spec_.min + static_cast<int>(i);
    }
    if (!std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        text.size() > 4)
      fail("'" + std::string(text) + "' is not a number" + (spec_.names ? " or a name" : ""));
    const int v = std::stoi(std::string(text));
    if (v < spec_.min || v > spec_.max)
      fail(std::to_string(v) + " is out of range " + std::to_string(spec_.min) + "-" +
           std::to_string(spec_.max));
    return v;
  }

  std::uint64_t item(std::string_view text) const {
    int step = 1;
    if (const std::size_t slash = text.find('/'); slash != std::string_view::npos) {
      const std::string_view step_text = text.substr(slash + 1);
      if (step_text.empty() || step_text.size() > 4 ||
          !std::all_of(step_text.begin(), step_text.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        fail("step '" + std::string(step_text) + "' is not a number");
      step = std::stoi(std::string(step_text));
      if (step < 1) fail("step must be at least 1");
      text = text.substr(0, slash);
    }
    int low = spec_.min, high = spec_.max;
    if (text != "*") {
      const std::size_t dash = text.find('-');
      low = value(text.substr(0, dash));
      high = dash != std::string_view::npos ? value(text.substr(dash + 1)) : (step > 1 ? spec_.max : low);
      if (high < low)
        fail("range " + std::string(text) + " runs backwards (" + std::to_string(low) + " > " +
             std::to_string(high) + ")");
    }
    std::uint64_t bits = 0;
    for (int v = low; v <= high; v += step)
      bits |= std::uint64_t{1} << v;
    return bits;
  }

  std::string_view expression_;
  const FieldSpec& spec_;
};

std::string expand_macro(std::string_view text) {
  if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
  if (text == "@monthly") return "0 0 1 * *";
  if (text == "@weekly") return "0 0 * * 0";
  if (text == "@daily" || text == "@midnight") return "0 0 * * *";
  if (text == "@hourly") return "0 * * * *";
  throw CalendarError("cron '" + std::string(text) +
                      "': unknown macro; expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or "
                      "@annually");
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  return fields;
}

// The first set bit at or above `from`, or -1.
int next_bit(std::uint64_t bits, int from) {
  if (from >= 64) return -1;
  const std::uint64_t rest = bits >> from;
  return rest == 0 ? -1 : from + std::countr_zero(rest);
}

}  // namespace

CronExpression CronExpression::parse(std::string_view text) {
  CronExpression cron;
  cron.text_ = std::string(text);
  const std::string expanded =
      (!text.empty() && text.front() == '@') ? expand_macro(text) : std::string(text);
  const std::vector<std::string_view> fields = split_fields(expanded);
  if (fields.size() != 5)
    throw CalendarError("cron '" + std::string(text) +
                        "': expected 5 fields (minute hour day-of-month month " + "day-of-week), got " +
                        std::to_string(fields.size()));
  static const FieldSpec minute{"minute", 0, 59, nullptr}, hour{"hour", 0, 23, nullptr},
      day{"day-of-month", 1, 31, nullptr}, month{"month", 1, 12, &kMonthNames},
      weekday{"day-of-week", 0, 7, &kDayNames};
  cron.minutes_ = FieldParser(text, minute).parse(fields[0]);
  cron.hours_ = static_cast<std::uint32_t>(FieldParser(text, hour).parse(fields[1]));
  cron.days_ = static_cast<std::uint32_t>(FieldParser(text, day).parse(fields[2]));
  cron.months_ = static_cast<std::uint16_t>(FieldParser(text, month).parse(fields[3]));
  const std::uint64_t weekdays = FieldParser(text, weekday).parse(fields[4]);
  cron.weekdays_ = static_cast<std::uint8_t>((weekdays | (weekdays >> 7)) & 0x7f);  // 7 is Sunday too
  cron.day_of_month_star_ = fields[2].front() == '*';
  cron.day_of_week_star_ = fields[4].front() == '*';
  cron.fixed_time_ = fields[0].front() != '*' && fields[1].front() != '*';

  // Only the day of month restricts the day: some month of the set must have such a day.
  if (cron.day_of_week_star_ || cron.day_of_month_star_) {
    bool possible = false;
    for (int m = 1; m <= 12; ++m)
      if ((cron.months_ >> m) & 1u)
        possible = possible || (cron.days_ & ((std::uint64_t{1} << (days_in_month(2000, m) + 1)) - 2)) != 0;
    if (!possible)
      throw CalendarError("cron '" + std::string(text) + "': never fires (no such day in those months)");
  }
  return cron;
}

bool CronExpression::day_matches(int month, int day, int weekday) const {
  if (!((months_ >> month) & 1u)) return false;
  const bool dom = (days_ >> day) & 1u;
  const bool dow = (weekdays_ >> weekday) & 1u;
  return (day_of_month_star_ || day_of_week_star_) ? (dom && dow) : (dom || dow);
}

bool CronExpression::matches(int month, int day, int weekday, int hour, int minute) const {
  return day_matches(month, day, weekday) && ((hours_ >> hour) & 1u) && ((minutes_ >> minute) & 1u);
}

std::optional<std::int64_t> CronExpression::next_local_match(std::int64_t local_s,
                                                             std::int64_t limit_s) const {
  std::int64_t t = floor_div(local_s + 59, 60) * 60;
  while (t < limit_s) {
    const std::int64_t day = floor_div(t, kDay);
    const year_month_day ymd = civil_of_day(day);
    const int month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    if (!((months_ >> month) & 1u)) {  // to the first of the next month
      t = (day + days_in_month(static_cast<int>(ymd.year()), month) -
           static_cast<int>(static_cast<unsigned>(ymd.day())) + 1) *
          kDay;
      continue;
    }
    if (!day_matches(month, static_cast<int>(static_cast<unsigned>(ymd.day())), weekday_of_day(day))) {
      t = (day + 1) * kDay;
      continue;
    }
    const std::int64_t second_of_day = t - day * kDay;
    const int hour = static_cast<int>(second_of_day / kHour);
    const int minute = static_cast<int>((second_of_day % kHour) / 60);
    const int h = next_bit(hours_, hour);
    if (h < 0) {
      t = (day + 1) * kDay;
    } else if (h > hour) {
      t = day * kDay + h * kHour;
    } else if (const int m = next_bit(minutes_, minute); m < 0) {
      t = day * kDay + (hour + 1) * kHour;
    } else {
      return day * kDay + hour * kHour + m * 60;
    }
  }
  return std::nullopt;
}

std::vector<std::int64_t> CronExpression::instants_of(std::int64_t local_s, const TimeZone& zone) const {
  const TimeZone::Resolution r = zone.resolve(local_s);
  if (r.instants.empty())
    return fixed_time_ ? std::vector<std::int64_t>{r.gap_end} : std::vector<std::int64_t>{};
  if (fixed_time_) return {r.instants.front()};
  return r.instants;
}

std::optional<std::int64_t> CronExpression::next_after(std::int64_t unix_s, const TimeZone& zone) const {
  // Local time is not monotonic across a fall-back change, and a skipped time fires at the
  // change: scan matching local minutes from a little before the local time of `unix_s` and
  // keep the earliest instant after it, until later minutes cannot give an earlier one.
  constexpr std::int64_t kMargin = 3 * kHour;  // larger than any DST shift
  const std::int64_t start = zone.to_local(unix_s);
  const std::int64_t limit = start + 30 * 366 * kDay;
  std::optional<std::int64_t> best;
  for (auto local = next_local_match(start - kMargin, limit); local;
       local = next_local_match(*local + 60, limit)) {
    if (best && *local > zone.to_local(*best) + kMargin) break;
    for (const std::int64_t instant : instants_of(*local, zone))
      if (instant > unix_s && (!best || instant < *best)) best = instant;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------

std::int64_t civil_seconds(int year, int month, int day, int hour, int minute, int second) {
  return day_of_civil(year, month, day) * kDay + hour * kHour + minute * 60 + second;
}

std::int64_t parse_date_time(std::string_view text, const TimeZone& zone) {
  const auto fail = [&]() -> std::int64_t {
    throw CalendarError("bad date-time '" + std::string(text) +
                        "': expected YYYY-MM-DDTHH:MM[:SS], optionally followed by Z or +HH:MM");
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  const std::string s(text);
  char sep = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c%2d:%2d%n", &year, &month, &day, &sep, &hour, &minute,
                  &consumed) != 6 ||
      (sep != 'T' && sep != ' '))
    return fail();
  std::string_view rest = std::string_view(s).substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest.front() == ':') {
    if (rest.size() < 3 || !std::isdigit(static_cast<unsigned char>(rest[1])) ||
        !std::isdigit(static_cast<unsigned char>(rest[2])))
      return fail();
    second = (rest[1] - '0') * 10 + (rest[2] - '0');
    rest.remove_prefix(3);
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 59 || hour < 0 || minute < 0)
    return fail();
  const std::int64_t local = civil_seconds(year, month, day, hour, minute, second);
  if (rest == "Z") return local;
  if (!rest.empty()) {
    const auto offset = parse_fixed_offset(rest);
    return offset ? local - *offset : fail();
  }
  const TimeZone::Resolution r = zone.resolve(local);
  return r.instants.empty() ? r.gap_end : r.instants.front();
}

}  // namespace stratus::models::autoscaling
