#include "models/autoscaling/cron.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace stratus::models::autoscaling {
namespace {

// A UTC instant from its civil date-time.
std::int64_t utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return civil_seconds(y, mo, d, h, mi, s);
}

std::int64_t next(const std::string& cron, std::int64_t after, const TimeZone& zone = TimeZone()) {
  const auto n = CronExpression::parse(cron).next_after(after, zone);
  EXPECT_TRUE(n.has_value()) << cron;
  return n.value_or(-1);
}

std::string parse_error(const std::string& cron) {
  try {
    CronExpression::parse(cron);
  } catch (const CalendarError& e) {
    return e.what();
  }
  return "(no error)";
}

const TimeZone& paris() {
  static const TimeZone zone = TimeZone::named("Europe/Paris");
  return zone;
}
const TimeZone& new_york() {
  static const TimeZone zone = TimeZone::named("America/New_York");
  return zone;
}

// ----------------------------------------------------------------------------------- parsing

TEST(Cron, ReportsBadFieldsByName) {
  EXPECT_EQ(parse_error("0 25 * * *"), "cron '0 25 * * *': hour 25 is out of range 0-23");
  EXPECT_EQ(parse_error("60 * * * *"), "cron '60 * * * *': minute 60 is out of range 0-59");
  EXPECT_EQ(parse_error("0 0 0 * *"), "cron '0 0 0 * *': day-of-month 0 is out of range 1-31");
  EXPECT_EQ(parse_error("0 0 * 13 *"), "cron '0 0 * 13 *': month 13 is out of range 1-12");
  EXPECT_EQ(parse_error("0 0 * * FUN"), "cron '0 0 * * FUN': day-of-week 'FUN' is not a number or a name");
  EXPECT_EQ(parse_error("5-1 * * * *"), "cron '5-1 * * * *': minute range 5-1 runs backwards (5 > 1)");
  EXPECT_EQ(parse_error("*/0 * * * *"), "cron '*/0 * * * *': minute step must be at least 1");
  EXPECT_EQ(parse_error("0 0 * *"),
            "cron '0 0 * *': expected 5 fields (minute hour day-of-month month day-of-week), got 4");
  EXPECT_EQ(parse_error("1,,2 * * * *"), "cron '1,,2 * * * *': minute has an empty value");
  EXPECT_EQ(parse_error("0 0 30 2 *"), "cron '0 0 30 2 *': never fires (no such day in those months)");
  EXPECT_EQ(
      parse_error("@reboot"),
      "cron '@reboot': unknown macro; expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or "
      "@annually");
}

TEST(Cron, MatchesListsRangesStepsAndNames) {
  const auto c = CronExpression::parse("10-50/20 9-17/4 * jan,Jul-AUG mon-fri");
  // 2024-07-01 is a Monday (weekday 1).
  EXPECT_TRUE(c.matches(7, 1, 1, 9, 10));
  EXPECT_TRUE(c.matches(8, 1, 4, 17, 50));
  EXPECT_TRUE(c.matches(1, 1, 5, 13, 30));
  EXPECT_FALSE(c.matches(7, 1, 1, 9, 20));   // minute not on the step
  EXPECT_FALSE(c.matches(7, 1, 1, 10, 10));  // hour not on the step
  EXPECT_FALSE(c.matches(6, 3, 1, 9, 10));   // June
  EXPECT_FALSE(c.matches(7, 6, 6, 9, 10));   // Saturday
}

TEST(Cron, SevenIsSundayAndStartSlashStepRunsToTheEnd) {
  EXPECT_EQ(next("0 12 * * 7", utc(2024, 1, 1)), utc(2024, 1, 7, 12));  // 2024-01-07 is a Sunday
  EXPECT_EQ(next("0 12 * * 5-7", utc(2024, 1, 6, 13)), utc(2024, 1, 7, 12));
  const auto c = CronExpression::parse("5/20 * * * *");  // 5, 25, 45
  EXPECT_TRUE(c.matches(1, 1, 1, 0, 45));
  EXPECT_TRUE(c.matches(1, 1, 1, 0, 5));
  EXPECT_FALSE(c.matches(1, 1, 1, 0, 15));
}

// ------------------------------------------------------------------------- next, in UTC

TEST(Cron, NextInUtc) {
  EXPECT_EQ(next("*/15 * * * *", utc(2024, 1, 1, 0, 7, 30)), utc(2024, 1, 1, 0, 15));
  EXPECT_EQ(next("*/15 * * * *", utc(2024, 1, 1, 0, 15)), utc(2024, 1, 1, 0, 30));  // strictly after
  EXPECT_EQ(next("*/15 * * * *", utc(2024, 1, 1, 23, 59)), utc(2024, 1, 2));
  // Friday 2024-01-05 after 08:00 -> Monday.
  EXPECT_EQ(next("0 8 * * MON-FRI", utc(2024, 1, 5, 9)), utc(2024, 1, 8, 8));
  EXPECT_EQ(next("10-50/20 9-17/4 * * *", utc(2024, 1, 1, 17, 50)), utc(2024, 1, 2, 9, 10));
  EXPECT_EQ(next("10-50/20 9-17/4 * * *", utc(2024, 1, 1, 9, 10)), utc(2024, 1, 1, 9, 30));
  EXPECT_EQ(next("0 0 1 JAN,jul *", utc(2024, 2, 1)), utc(2024, 7, 1));
  EXPECT_EQ(next("0 0 31 * *", utc(2024, 4, 1)), utc(2024, 5, 31));  // April has no 31st
  EXPECT_EQ(next("0 0 29 2 *", utc(2024, 3, 1)), utc(2028, 2, 29));
  EXPECT_EQ(next("@daily", utc(2024, 12, 31, 12)), utc(2025, 1, 1));
  EXPECT_EQ(next("@hourly", utc(2024, 12, 31, 23, 0, 1)), utc(2025, 1, 1));
  EXPECT_EQ(next("@weekly", utc(2024, 1, 1)), utc(2024, 1, 7));
  EXPECT_EQ(next("@yearly", utc(2024, 1, 1)), utc(2025, 1, 1));
}

TEST(Cron, EitherDayFieldMatchesWhenBothAreRestricted) {
  // The 13th or any Friday: Fri 5, Fri 12, Sat 13, Fri 19 (January 2024).
  std::int64_t t = utc(2024, 1, 1);
  for (const int day : {5, 12, 13, 19}) {
    t = next("0 0 13 * FRI", t);
    EXPECT_EQ(t, utc(2024, 1, day));
  }
}

TEST(Cron, ADayFieldStartingWithStarIsUnrestricted) {
  // Vixie cron: `*/2` starts with '*', so both day fields must match (odd days that are
  // Mondays: January 1 then January 15), while `1-31/2` is restricted (odd days OR Mondays).
  EXPECT_EQ(next("0 0 */2 * MON", utc(2024, 1, 1)), utc(2024, 1, 15));
  EXPECT_EQ(next("0 0 1-31/2 * MON", utc(2024, 1, 1)), utc(2024, 1, 3));
  EXPECT_EQ(next("0 0 1-31/2 * MON", utc(2024, 1, 7)), utc(2024, 1, 8));
  EXPECT_EQ(next("0 0 * * MON", utc(2024, 1, 1)), utc(2024, 1, 8));
}

// -------------------------------------------------------------------------------- time zones

TEST(TimeZone, FixedOffsets) {
  EXPECT_EQ(TimeZone::named("UTC").offset_at(0), 0);
  EXPECT_EQ(TimeZone::named("+02:00").offset_at(0), 7200);
  EXPECT_EQ(TimeZone::named("-0530").offset_at(0), -(5 * 3600 + 30 * 60));
  EXPECT_EQ(TimeZone::named("UTC+01").offset_at(0), 3600);
  EXPECT_FALSE(TimeZone::named("+02:00").next_change(0).has_value());
  EXPECT_EQ(next("0 8 * * *", utc(2024, 1, 1), TimeZone::named("+02:00")), utc(2024, 1, 1, 6));
  EXPECT_THROW(TimeZone::named("+15:00"), CalendarError);
  EXPECT_THROW(TimeZone::named("+02:61"), CalendarError);
}

TEST(TimeZone, ParisAndNewYorkOffsetsAndChanges) {
  EXPECT_EQ(paris().offset_at(utc(2024, 1, 15)), 3600);
  EXPECT_EQ(paris().offset_at(utc(2024, 7, 15)), 7200);
  EXPECT_EQ(paris().offset_at(utc(2024, 3, 31, 0, 59, 59)), 3600);
  EXPECT_EQ(paris().offset_at(utc(2024, 3, 31, 1)), 7200);
  const auto spring = paris().next_change(utc(2024, 1, 1));
  ASSERT_TRUE(spring.has_value());
  EXPECT_EQ(spring->at, utc(2024, 3, 31, 1));
  EXPECT_EQ(spring->offset_before_s, 3600);
  EXPECT_EQ(spring->offset_after_s, 7200);
  EXPECT_EQ(paris().next_change(spring->at)->at, utc(2024, 10, 27, 1));

  EXPECT_EQ(new_york().offset_at(utc(2024, 1, 15)), -5 * 3600);
  EXPECT_EQ(new_york().offset_at(utc(2024, 7, 15)), -4 * 3600);
  EXPECT_EQ(new_york().next_change(utc(2024, 1, 1))->at, utc(2024, 3, 10, 7));
  EXPECT_EQ(new_york().next_change(utc(2024, 3, 11))->at, utc(2024, 11, 3, 6));
}

TEST(TimeZone, FarFutureFollowsTheFooterRule) {
  // Past the transitions a TZif file lists (2037 in "fat" files, fewer in "slim" ones) the
  // POSIX rule of its footer applies: last Sundays of March and October 2050.
  EXPECT_EQ(paris().next_change(utc(2050, 1, 1))->at, utc(2050, 3, 27, 1));
  EXPECT_EQ(paris().next_change(utc(2050, 4, 1))->at, utc(2050, 10, 30, 1));
  EXPECT_EQ(paris().offset_at(utc(2050, 7, 1)), 7200);
  EXPECT_EQ(new_york().offset_at(utc(2050, 7, 1)), -4 * 3600);
}

// A "slim" TZif v2 file: no transitions at all, only the footer rule.
std::string slim_tzif(const std::string& footer) {
  std::string block;
  const auto be32 = [&](std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
      block += static_cast<char>((v >> shift) & 0xff);
  };
  const auto header = [&](char version) {
    block += "TZif";
    block += version;
    block += std::string(15, '\0');
    for (const std::uint32_t count : {0u, 0u, 0u, 0u, 1u, 4u})  // isut, isstd, leap, time, type, char
      be32(count);
    be32(3600);  // the one type: UTC+1, not DST, abbreviation at 0
    block += std::string(2, '\0');
    block += std::string("CET\0", 4);
  };
  header('2');
  header('2');
  return block + "\n" + footer + "\n";
}

TEST(TimeZone, SlimFileUsesOnlyTheFooterRule) {
  const TimeZone zone = TimeZone::from_tzif(slim_tzif("CET-1CEST,M3.5.0,M10.5.0/3"), "slim");
  EXPECT_EQ(zone.offset_at(utc(2024, 1, 15)), 3600);
  EXPECT_EQ(zone.offset_at(utc(2024, 7, 15)), 7200);
  EXPECT_EQ(zone.next_change(utc(2024, 1, 1))->at, utc(2024, 3, 31, 1));
  EXPECT_EQ(zone.next_change(utc(2024, 4, 1))->at, utc(2024, 10, 27, 1));
  EXPECT_EQ(next("30 2 * * *", utc(2024, 3, 30, 12), zone), utc(2024, 3, 31, 1));
  // Southern hemisphere, quoted names: Santiago-like, DST from September to April.
  const TimeZone south = TimeZone::from_tzif(slim_tzif("<-04>4<-03>,M9.1.6/24,M4.1.6/24"), "south");
  EXPECT_EQ(south.offset_at(utc(2024, 1, 15)), -3 * 3600);
  EXPECT_EQ(south.offset_at(utc(2024, 6, 15)), -4 * 3600);
  EXPECT_THROW(TimeZone::from_tzif(slim_tzif("CET-1CEST,M13.5.0,M10.5.0"), "bad"), CalendarError);
}

TEST(TimeZone, ResolvesGapsAndOverlaps) {
  const auto gap = paris().resolve(civil_seconds(2024, 3, 31, 2, 30));
  EXPECT_TRUE(gap.instants.empty());
  EXPECT_EQ(gap.gap_end, utc(2024, 3, 31, 1));
  const auto overlap = paris().resolve(civil_seconds(2024, 10, 27, 2, 30));
  ASSERT_EQ(overlap.instants.size(), 2u);
  EXPECT_EQ(overlap.instants[0], utc(2024, 10, 27, 0, 30));
  EXPECT_EQ(overlap.instants[1], utc(2024, 10, 27, 1, 30));
  EXPECT_EQ(paris().resolve(civil_seconds(2024, 6, 1, 8)).instants,
            std::vector<std::int64_t>{utc(2024, 6, 1, 6)});
}

TEST(TimeZone, UnknownNameSuggestsTheNearest) {
  try {
    TimeZone::named("Europe/Pariss");
    FAIL() << "expected an error";
  } catch (const CalendarError& e) {
    EXPECT_EQ(std::string(e.what()), "unknown time zone 'Europe/Pariss'; did you mean 'Europe/Paris'?");
  }
  EXPECT_THROW(TimeZone::named("../etc/passwd"), CalendarError);
  EXPECT_THROW(TimeZone::named(""), CalendarError);
}

TEST(TimeZone, MissingDatabaseSaysToInstallTzdata) {
  ::setenv("TZDIR", "/nonexistent/zoneinfo", 1);
  try {
    TimeZone::named("Europe/Paris");
    ADD_FAILURE() << "expected an error";
  } catch (const CalendarError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "time zone 'Europe/Paris' needs the IANA time zone database, but /nonexistent/zoneinfo does not "
        "exist: install the tzdata package (apt-get install tzdata) or set TZDIR");
  }
  ::unsetenv("TZDIR");
  EXPECT_EQ(TimeZone::named("UTC").offset_at(0), 0);  // needs no database
}

TEST(TimeZone, RejectsMalformedFiles) {
  EXPECT_THROW(TimeZone::from_tzif("not a tzif file at all, but long enough for a header....", "x"),
               CalendarError);
  EXPECT_THROW(TimeZone::from_tzif("TZif2", "x"), CalendarError);
}

// ------------------------------------------------------------------------ cron across DST

TEST(CronDst, ParisSpringForwardFixedTimeFiresAtTheChange) {
  // 2024-03-31: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 does not exist.
  EXPECT_EQ(next("30 2 * * *", utc(2024, 3, 30, 12), paris()), utc(2024, 3, 31, 1));
  EXPECT_EQ(next("30 2 * * *", utc(2024, 3, 31, 1), paris()), utc(2024, 4, 1, 0, 30));
  // Two skipped times fire once.
  EXPECT_EQ(next("15,45 2 * * *", utc(2024, 3, 30, 12), paris()), utc(2024, 3, 31, 1));
  EXPECT_EQ(next("15,45 2 * * *", utc(2024, 3, 31, 1), paris()), utc(2024, 4, 1, 0, 15));
  // Unaffected times move with the offset: 08:00 CET is 07:00 UTC, 08:00 CEST 06:00 UTC.
  EXPECT_EQ(next("0 8 * * *", utc(2024, 3, 30, 0), paris()), utc(2024, 3, 30, 7));
  EXPECT_EQ(next("0 8 * * *", utc(2024, 3, 30, 7), paris()), utc(2024, 3, 31, 6));
}

TEST(CronDst, ParisSpringForwardWildcardSkipsTheGap) {
  // 01:45 CET, then 02:15 and 02:45 do not exist: next is 03:15 CEST = 01:15 UTC.
  EXPECT_EQ(next("15,45 * * * *", utc(2024, 3, 31, 0, 45), paris()), utc(2024, 3, 31, 1, 15));
}

TEST(CronDst, ParisFallBackFixedTimeFiresOnce) {
  // 2024-10-27: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 happens twice.
  EXPECT_EQ(next("30 2 * * *", utc(2024, 10, 26, 12), paris()), utc(2024, 10, 27, 0, 30));
  EXPECT_EQ(next("30 2 * * *", utc(2024, 10, 27, 0, 30), paris()), utc(2024, 10, 28, 1, 30));
}

TEST(CronDst, ParisFallBackWildcardRepeats) {
  std::int64_t t = utc(2024, 10, 27, 0);
  for (const int hour : {0, 1, 2}) {  // 02:30 CEST, 02:30 CET, 03:30 CET
    t = next("30 * * * *", t, paris());
    EXPECT_EQ(t, utc(2024, 10, 27, hour, 30));
  }
}

TEST(CronDst, NewYorkSpringForward) {
  // 2024-03-10: 02:00 EST becomes 03:00 EDT (07:00 UTC).
  EXPECT_EQ(next("0 2 * * *", utc(2024, 3, 9, 12), new_york()), utc(2024, 3, 10, 7));
  EXPECT_EQ(next("0 2 * * *", utc(2024, 3, 10, 7), new_york()), utc(2024, 3, 11, 6));
  EXPECT_EQ(next("0 * * * *", utc(2024, 3, 10, 6, 30), new_york()),
            utc(2024, 3, 10, 7));  // 01:30 EST -> 03:00 EDT
  EXPECT_EQ(next("0 9 * * MON-FRI", utc(2024, 3, 8, 15), new_york()), utc(2024, 3, 11, 13));  // 09:00 EDT
}

TEST(CronDst, NewYorkFallBack) {
  // 2024-11-03: 02:00 EDT becomes 01:00 EST (06:00 UTC); 01:00-01:59 happens twice.
  EXPECT_EQ(next("30 1 * * *", utc(2024, 11, 3), new_york()), utc(2024, 11, 3, 5, 30));
  EXPECT_EQ(next("30 1 * * *", utc(2024, 11, 3, 5, 30), new_york()), utc(2024, 11, 4, 6, 30));
  std::int64_t t = utc(2024, 11, 3, 5, 50);   // 01:50 EDT
  for (const int minute : {0, 20, 40, 60}) {  // then 01:00, 01:20, 01:40 EST and 02:00 EST
    t = next("*/20 * * * *", t, new_york());
    EXPECT_EQ(t, utc(2024, 11, 3, 6) + minute * 60);
  }
}

// ---------------------------------------------------------------------------- date-times

TEST(DateTime, ParsesLocalAndExplicitOffsets) {
  EXPECT_EQ(parse_date_time("2024-06-01T08:00", paris()), utc(2024, 6, 1, 6));
  EXPECT_EQ(parse_date_time("2024-06-01 08:00:30", paris()), utc(2024, 6, 1, 6, 0, 30));
  EXPECT_EQ(parse_date_time("2024-06-01T08:00Z", paris()), utc(2024, 6, 1, 8));
  EXPECT_EQ(parse_date_time("2024-06-01T08:00-05:00", paris()), utc(2024, 6, 1, 13));
  EXPECT_EQ(parse_date_time("2024-03-31T02:30", paris()), utc(2024, 3, 31, 1));       // skipped: the change
  EXPECT_EQ(parse_date_time("2024-10-27T02:30", paris()), utc(2024, 10, 27, 0, 30));  // repeated: first
  EXPECT_THROW(parse_date_time("2024-02-30T08:00", paris()), CalendarError);
  EXPECT_THROW(parse_date_time("2024-06-01", paris()), CalendarError);
  EXPECT_THROW(parse_date_time("2024-06-01T08:00 tomorrow", paris()), CalendarError);
}

}  // namespace
}  // namespace stratus::models::autoscaling
