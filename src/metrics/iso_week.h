// Calendar arithmetic for weekly metrics: instants are seconds since the Unix epoch (UTC);
// weeks are ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday), named
// like "2026-W07". Days are counted from 1970-01-01 with Howard Hinnant's civil-date formulas,
// so nothing here reads the process's time zone.
#ifndef RUNGS_METRICS_ISO_WEEK_H_
#define RUNGS_METRICS_ISO_WEEK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rungs {

// The day number (days since 1970-01-01) holding second `seconds` since the epoch, UTC or local:
// days before the epoch round down, so an instant's day is always the one it falls in.
inline int64_t DayOfSeconds(int64_t seconds) {
  return seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
}

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12, day 1-31; not validated).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

struct CivilDate {
  int64_t year = 1970;
  unsigned month = 1;
  unsigned day = 1;
};
CivilDate CivilFromDays(int64_t days);
// The day number of "YYYY-MM-DD" naming a real day (not 2026-04-31); nullopt otherwise.
std::optional<int64_t> ParseIsoDate(std::string_view text);
// "2026-02-09" for day number `days`.
std::string IsoDateOfDay(int64_t days);

// An ISO week: its year (which differs from the calendar year around New Year) and number.
struct IsoWeek {
  int year = 0;
  int week = 0;  // 1-53
  bool operator==(const IsoWeek&) const = default;
  auto operator<=>(const IsoWeek&) const = default;
};

// The ISO week holding the day `days` since the epoch.
IsoWeek IsoWeekOfDay(int64_t days);
// A dense, ordered number for the week holding `days`: the Monday's day number / 7. Two days
// share a week exactly when they share this number; consecutive weeks differ by one.
inline int64_t WeekIndexOfDay(int64_t days) {
  // 1970-01-01 was a Thursday: shifting by 3 makes weeks start on Monday.
  const int64_t shifted = days + 3;
  return (shifted >= 0 ? shifted : shifted - 6) / 7;
}
// The first day (a Monday) of week index `index`.
inline int64_t FirstDayOfWeekIndex(int64_t index) { return index * 7 - 3; }

std::string IsoWeekName(IsoWeek week);  // "2026-W07"
// The name of week index `week_index` (WeekIndexOfDay), "2026-W07".
std::string WeekIndexName(int64_t week_index);
// Parses "2026-W07"; nullopt when malformed or the year has no such week.
std::optional<IsoWeek> ParseIsoWeekName(std::string_view text);

// Parses an ISO 8601 UTC instant "YYYY-MM-DDTHH:MM:SSZ" (a fraction of a second after the
// seconds is accepted and dropped) into seconds since the epoch. Strict: anything else,
// including an impossible date such as 2026-02-30, is nullopt.
std::optional<int64_t> ParseUtcTimestamp(std::string_view text);

}  // namespace rungs

#endif  // RUNGS_METRICS_ISO_WEEK_H_
