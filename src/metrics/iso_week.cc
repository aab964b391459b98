#include "metrics/iso_week.h"

#include <fmt/format.h>

namespace rungs {

// http://howardhinnant.github.io/date_algorithms.html
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

std::optional<int64_t> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](size_t from, size_t count) -> std::optional<unsigned> {
    unsigned value = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return value;
  };
  const std::optional<unsigned> year = number(0, 4);
  const std::optional<unsigned> month = number(5, 2);
  const std::optional<unsigned> day = number(8, 2);
  if (!year || !month || !day || *month < 1 || *month > 12 || *day < 1 || *day > 31) {
    return std::nullopt;
  }
  const int64_t days = DaysFromCivil(*year, *month, *day);
  // 31 April comes back as 1 May: not a day.
  const CivilDate back = CivilFromDays(days);
  if (back.month != *month || back.day != *day) return std::nullopt;
  return days;
}

std::string IsoDateOfDay(int64_t days) {
  const CivilDate d = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

IsoWeek IsoWeekOfDay(int64_t days) {
  // The week's Thursday decides its ISO year.
  const int64_t thursday = FirstDayOfWeekIndex(WeekIndexOfDay(days)) + 3;
  const int64_t year = CivilFromDays(thursday).year;
  const int64_t first_thursday_week = WeekIndexOfDay(DaysFromCivil(year, 1, 4));
  return {static_cast<int>(year), static_cast<int>(WeekIndexOfDay(days) - first_thursday_week + 1)};
}

std::string IsoWeekName(IsoWeek week) { return fmt::format("{:04}-W{:02}", week.year, week.week); }

std::string WeekIndexName(int64_t week_index) {
  return IsoWeekName(IsoWeekOfDay(FirstDayOfWeekIndex(week_index)));
}

namespace {

bool Digits(std::string_view text, size_t at, size_t count, int& out) {
  if (at + count > text.size()) return false;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<IsoWeek> ParseIsoWeekName(std::string_view text) {
  int year = 0;
  int week = 0;
  if (text.size() != 8 || !Digits(text, 0, 4, year) || text[4] != '-' || text[5] != 'W' ||
      !Digits(text, 6, 2, week) || week < 1) {
    return std::nullopt;
  }
  // The last week of the year holds 28 December.
  if (week > IsoWeekOfDay(DaysFromCivil(year, 12, 28)).week) return std::nullopt;
  return IsoWeek{year, week};
}

std::optional<int64_t> ParseUtcTimestamp(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text.size() < 20 || !Digits(text, 0, 4, year) || text[4] != '-' ||
      !Digits(text, 5, 2, month) || text[7] != '-' || !Digits(text, 8, 2, day) || text[10] != 'T' ||
      !Digits(text, 11, 2, hour) || text[13] != ':' || !Digits(text, 14, 2, minute) ||
      text[16] != ':' || !Digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  size_t at = 19;
  if (text[at] == '.') {
    ++at;
    const size_t digits_from = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == digits_from) return std::nullopt;
  }
  if (at + 1 != text.size() || text[at] != 'Z') return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

}  // namespace rungs
