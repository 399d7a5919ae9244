#pragma once
// Calendars for scheduled scaling: time zones read from the system's IANA tz database and
// five-field cron expressions evaluated in such a zone. GCC 12's libstdc++ has the chrono
// calendar types but no tzdb, so TZif files (RFC 8536) are parsed here, including the POSIX
// TZ rule in their footer that extends the rules past the last listed transition (slim tzdata
// files list few or no future transitions and rely on it).
//
// All instants are whole UNIX seconds (cron has minute resolution); "local seconds" are the
// seconds of the local civil time counted as if it were UTC.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stratus::models::autoscaling {

/// Bad cron text, unknown or unreadable time zone, bad date-time. The message is complete and
/// meant for the user; configuration readers report it at the offending value.
class CalendarError : public std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// A change of UTC offset at a UNIX instant.
struct OffsetChange {
  std::int64_t at = 0;
  int offset_before_s = 0;
  int offset_after_s = 0;
};

/// A time zone: the UTC offset in force at any instant. Cheap to copy (shared rules).
class TimeZone {
 public:
  /// UTC.
  TimeZone();
  /// "UTC" (also "GMT", "Z"), a fixed offset "+02:00", "-0530", "+02", "UTC+02:00", or an
  /// IANA name ("Europe/Paris") read from the tz database ($TZDIR, else /usr/share/zoneinfo).
  /// Throws CalendarError: an unknown name (with the nearest known one), a missing database
  /// (saying to install tzdata), or a malformed file.
  static TimeZone named(std::string_view name);
  /// Rules from the bytes of a TZif file (v1, v2 or v3); `name` is for messages.
  static TimeZone from_tzif(std::string_view bytes, std::string name);
  static TimeZone fixed(int offset_s, std::string name);

  const std::string& name() const;
  int offset_at(std::int64_t unix_s) const;
  /// The first change of offset strictly after `unix_s` (abbreviation-only changes are not
  /// changes); none for a fixed zone or after the rules' end.
  std::optional<OffsetChange> next_change(std::int64_t unix_s) const;
  std::int64_t to_local(std::int64_t unix_s) const { return unix_s + offset_at(unix_s); }

  /// How a local time maps to instants: none (in a spring-forward gap; `gap_end` is the
  /// instant the clocks jump at), one, or two (in a fall-back overlap, earliest first).
  struct Resolution {
    std::vector<std::int64_t> instants;
    std::int64_t gap_end = 0;
  };
  Resolution resolve(std::int64_t local_s) const;

  struct Rules;

 private:
  explicit TimeZone(std::shared_ptr<const Rules> rules);
  std::shared_ptr<const Rules> rules_;
};

/// A Vixie-cron expression: "minute hour day-of-month month day-of-week".
///   - fields: `*`, numbers, ranges `1-5`, steps `*/15`, `10-50/10` and `5/15` (= 5-max/15),
///     lists `1,15,30`; months JAN-DEC and days SUN-SAT by name (any case); day-of-week 0-7
///     with 0 and 7 both Sunday; macros @hourly @daily @midnight @weekly @monthly @yearly
///     @annually.
///   - days: when both day fields are restricted a day matches if EITHER matches; when one
///     starts with `*` only the other counts. As in Vixie cron, "restricted" means "does not
///     start with `*`", so `*/2` in a day field counts as unrestricted.
///   - daylight saving time (Vixie cron's rules): a job with a fixed minute and hour (neither
///     field starts with `*`) whose time is skipped by a spring-forward change fires once at
///     the change, and fires only at the first occurrence of a time repeated by a fall-back
///     change; a job with `*` in its minute or hour fields keeps its wall-clock rhythm: it
///     does not fire for skipped times and fires again in the repeated hour.
class CronExpression {
 public:
  /// Throws CalendarError, naming the field: "cron '0 25 * * *': hour 25 is out of range
  /// 0-23". Expressions that can never fire ("0 0 30 2 *") are rejected too.
  static CronExpression parse(std::string_view text);

  const std::string& text() const { return text_; }
  /// Whether the local civil minute (month 1-12, weekday 0 = Sunday) matches.
  bool matches(int month, int day, int weekday, int hour, int minute) const;
  /// The first firing instant strictly after `unix_s` in `zone`; none within 30 years.
  std::optional<std::int64_t> next_after(std::int64_t unix_s, const TimeZone& zone) const;

 private:
  CronExpression() = default;
  /// The first matching local minute at or after `local_s`, before `limit_s`.
  std::optional<std::int64_t> next_local_match(std::int64_t local_s, std::int64_t limit_s) const;
  bool day_matches(int month, int day, int weekday) const;
  /// Firing instants of one matching local minute (see the DST rules above).
  std::vector<std::int64_t> instants_of(std::int64_t local_s, const TimeZone& zone) const;

  std::string text_;
  std::uint64_t minutes_ = 0;  // bit i: minute i
  std::uint32_t hours_ = 0;
  std::uint32_t days_ = 0;     // bits 1-31
  std::uint16_t months_ = 0;   // bits 1-12
  std::uint8_t weekdays_ = 0;  // bits 0-6, Sunday = 0
  bool day_of_month_star_ = false;
  bool day_of_week_star_ = false;
  bool fixed_time_ = false;  // neither minute nor hour starts with '*'
};

/// "2024-03-31T02:30", "2024-03-31 02:30:00", with an optional "Z" or "+02:00" suffix. Without
/// a suffix the time is local to `zone`; a time skipped by DST means the instant the clocks
/// jump, a repeated time its first occurrence. Throws CalendarError.
std::int64_t parse_date_time(std::string_view text, const TimeZone& zone);

/// Local seconds of a civil date-time (proleptic Gregorian, month and day 1-based).
std::int64_t civil_seconds(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);

}  // namespace stratus::models::autoscaling
