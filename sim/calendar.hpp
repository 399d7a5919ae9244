#pragma once
// Calendar dates for scenarios: a run starts at a date, and events may be given as dates.
// Proleptic Gregorian calendar in UTC (or with an explicit offset); time zones with rules
// (DST) are the business of the scheduled-actions policy.
#include <optional>
#include <string>
#include <string_view>

namespace stratus::sim {

/// "2027-01-01", "2027-01-01T14:00", "2027-01-01 14:00:30", with an optional "Z" or
/// "+02:00"/"-0530" offset (UTC when absent) -> UNIX seconds. std::nullopt if malformed.
std::optional<double> parse_datetime(std::string_view text);

/// UNIX seconds -> "2027-01-01T14:00:00Z".
std::string format_datetime(double unix_s);

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
long long days_from_civil(long long year, unsigned month, unsigned day);

/// 0 = Monday ... 6 = Sunday.
int weekday_of(double unix_s);

}  // namespace stratus::sim
