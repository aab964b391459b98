#include "metrics/time_format.h"

#include <date/tz.h>

#include <chrono>
#include <climits>
#include <exception>

#include <fmt/format.h>

#include "metrics/iso_week.h"

namespace rungs {

namespace {

using Token = TimeFormat::Token;

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads `width` digits (1: one or two) at `at`.
bool Digits(std::string_view text, size_t& at, int width, int& value) {
  const size_t max = width == 1 ? 2 : static_cast<size_t>(width);
  const size_t min = width == 1 ? 1 : static_cast<size_t>(width);
  size_t n = 0;
  value = 0;
  while (n < max && at + n < text.size() && IsDigit(text[at + n])) {
    value = value * 10 + (text[at + n] - '0');
    ++n;
  }
  if (n < min) return false;
  at += n;
  return true;
}

// "Z", "+01:00", "+0100", "+01"; sets `offset` to local minus UTC.
bool ZoneDesignator(std::string_view text, size_t& at, int64_t& offset) {
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
    offset = 0;
    return true;
  }
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return false;
  const int sign = text[at] == '-' ? -1 : 1;
  ++at;
  int hours = 0;
  int minutes = 0;
  if (!Digits(text, at, 2, hours)) return false;
  if (at < text.size() && text[at] == ':') ++at;
  if (at < text.size() && IsDigit(text[at]) && !Digits(text, at, 2, minutes)) return false;
  if (hours > 23 || minutes > 59) return false;
  offset = sign * (hours * 3600 + minutes * 60);
  return true;
}

struct Fields {
  int64_t year = -1;
  int month = -1;
  int day = -1;
  int hour = -1;
  int minute = 0;
  int second = 0;
  int meridiem = -1;  // 0 AM, 1 PM
  bool has_zone = false;
  int64_t offset = 0;
};

bool ToUtc(const Fields& f, const TimeZone& zone, int64_t& utc) {
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.year < 0) return false;
  if (static_cast<unsigned>(f.day) > DaysInMonth(f.year, static_cast<unsigned>(f.month))) {
    return false;
  }
  int hour = f.hour;
  if (f.meridiem >= 0) {
    if (hour < 1 || hour > 12) return false;
    hour = hour % 12 + (f.meridiem == 1 ? 12 : 0);
  }
  if (hour < 0 || hour > 23 || f.minute > 59 || f.second > 60) return false;
  const int64_t local =
      DaysFromCivil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day)) * 86400 +
      hour * 3600 + f.minute * 60 + std::min(f.second, 59);
  utc = f.has_zone ? local - f.offset : zone.LocalToUtc(local);
  return true;
}

bool ParseIso(std::string_view t, const TimeZone& zone, int64_t& utc) {
  Fields f;
  size_t at = 0;
  int year = 0;
  if (!Digits(t, at, 4, year)) return false;
  f.year = year;
  auto expect = [&](char c) {
    if (at < t.size() && t[at] == c) {
      ++at;
      return true;
    }
    return false;
  };
  if (!expect('-') || !Digits(t, at, 2, f.month) || !expect('-') || !Digits(t, at, 2, f.day)) {
    return false;
  }
  if (!expect('T') && !expect(' ')) return false;
  if (!Digits(t, at, 2, f.hour) || !expect(':') || !Digits(t, at, 2, f.minute)) return false;
  if (expect(':')) {
    if (!Digits(t, at, 2, f.second)) return false;
    if (expect('.') || expect(',')) {
      const size_t from = at;
      while (at < t.size() && IsDigit(t[at])) ++at;
      if (at == from) return false;
    }
  }
  if (at < t.size()) {
    if (t[at] == ' ') ++at;
    if (!ZoneDesignator(t, at, f.offset)) return false;
    f.has_zone = true;
  }
  return at == t.size() && ToUtc(f, zone, utc);
}

bool ParseUnix(std::string_view t, int64_t divisor, int64_t& utc) {
  if (t.empty() || t.size() > 18) return false;
  size_t at = t[0] == '-' ? 1 : 0;
  if (at == t.size()) return false;
  int64_t v = 0;
  for (; at < t.size(); ++at) {
    if (!IsDigit(t[at])) return false;
    v = v * 10 + (t[at] - '0');
  }
  v = t[0] == '-' ? -v : v;
  utc = v >= 0 ? v / divisor : -((-v + divisor - 1) / divisor);
  return true;
}

bool ParsePattern(const TimeFormat& format, std::string_view t, const TimeZone& zone,
                  int64_t& utc) {
  Fields f;
  size_t at = 0;
  for (const TimeFormat::Part& p : format.parts) {
    int v = 0;
    switch (p.token) {
      case Token::kLiteral:
        if (t.substr(at, p.literal.size()) != p.literal) return false;
        at += p.literal.size();
        break;
      case Token::kYear4:
        if (!Digits(t, at, 4, v)) return false;
        f.year = v;
        break;
      case Token::kYear2:
        if (!Digits(t, at, 2, v)) return false;
        f.year = 2000 + v;
        break;
      case Token::kMonth:
        if (!Digits(t, at, p.width, f.month)) return false;
        break;
      case Token::kDay:
        if (!Digits(t, at, p.width, f.day)) return false;
        break;
      case Token::kHour24:
      case Token::kHour12:
        if (!Digits(t, at, p.width, f.hour)) return false;
        break;
      case Token::kMinute:
        if (!Digits(t, at, p.width, f.minute)) return false;
        break;
      case Token::kSecond:
        if (!Digits(t, at, p.width, f.second)) return false;
        break;
      case Token::kMeridiem: {
        if (at + 2 > t.size()) return false;
        const char a = static_cast<char>(t[at] | 0x20);
        const char m = static_cast<char>(t[at + 1] | 0x20);
        if ((a != 'a' && a != 'p') || m != 'm') return false;
        f.meridiem = a == 'p' ? 1 : 0;
        at += 2;
        break;
      }
      case Token::kZone:
        if (!ZoneDesignator(t, at, f.offset)) return false;
        f.has_zone = true;
        break;
    }
  }
  return at == t.size() && ToUtc(f, zone, utc);
}

}  // namespace

Result<TimeFormat> ParseTimeFormat(std::string_view text) {
  TimeFormat format;
  format.text = std::string(text);
  if (text == "iso8601") {
    format.kind = TimeFormat::Kind::kIso8601;
    return format;
  }
  if (text == "unix") {
    format.kind = TimeFormat::Kind::kUnixSeconds;
    return format;
  }
  if (text == "unix_ms") {
    format.kind = TimeFormat::Kind::kUnixMillis;
    return format;
  }
  format.kind = TimeFormat::Kind::kPattern;
  bool seen_hour = false;
  int counts[static_cast<int>(Token::kZone) + 1] = {};
  size_t i = 0;
  auto push = [&](Token token, int width) {
    format.parts.push_back({token, width, ""});
    ++counts[static_cast<int>(token)];
  };
  while (i < text.size()) {
    const char c = text[i];
    size_t run = 1;
    while (i + run < text.size() && text[i + run] == c) ++run;
    if (text.substr(i, 5) == "AM/PM" || text.substr(i, 5) == "am/pm") {
      push(Token::kMeridiem, 2);
      i += 5;
      continue;
    }
    const int width = run == 1 ? 1 : 2;
    if (c == 'y') {
      if (run != 4 && run != 2) return Status::Invalid("write the year as yyyy (or yy)");
      push(run == 4 ? Token::kYear4 : Token::kYear2, static_cast<int>(run));
    } else if ((c == 'm' || c == 'M') && run <= 2) {
      push(seen_hour ? Token::kMinute : Token::kMonth, width);
    } else if (c == 'd' && run <= 2) {
      push(Token::kDay, width);
    } else if (c == 'H' && run <= 2) {
      push(Token::kHour24, width);
      seen_hour = true;
    } else if (c == 'h' && run <= 2) {
      push(Token::kHour12, width);
      seen_hour = true;
    } else if ((c == 's' || c == 'S') && run <= 2) {
      push(Token::kSecond, width);
    } else if (c == 'Z' && run == 1) {
      push(Token::kZone, 1);
    } else if (c == 'T' && run == 1) {
      if (format.parts.empty() || format.parts.back().token != Token::kLiteral) {
        format.parts.push_back({Token::kLiteral, 0, ""});
      }
      format.parts.back().literal.push_back('T');
    } else if (IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      return Status::Invalid(fmt::format(
          "\"{}\" is not a pattern letter (use yyyy, m, d, H or h, MM, ss, AM/PM, Z; T and "
          "characters other than letters are literal)",
          text.substr(i, run)));
    } else {
      if (format.parts.empty() || format.parts.back().token != Token::kLiteral) {
        format.parts.push_back({Token::kLiteral, 0, ""});
      }
      format.parts.back().literal.append(run, c);
    }
    i += run;
  }
  auto count = [&](Token t) { return counts[static_cast<int>(t)]; };
  for (int t = 1; t <= static_cast<int>(Token::kZone); ++t) {
    if (counts[t] > 1) return Status::Invalid("a pattern letter appears twice");
  }
  if (count(Token::kYear4) + count(Token::kYear2) != 1 || count(Token::kMonth) != 1 ||
      count(Token::kDay) != 1) {
    return Status::Invalid("a pattern needs a year (yyyy), a month (m) and a day (d)");
  }
  if (count(Token::kHour24) + count(Token::kHour12) != 1 || count(Token::kMinute) != 1) {
    return Status::Invalid("a pattern needs an hour (H, or h with AM/PM) and minutes (MM)");
  }
  if ((count(Token::kHour12) == 1) != (count(Token::kMeridiem) == 1)) {
    return Status::Invalid("a 12-hour clock (h) needs AM/PM, and AM/PM needs h");
  }
  return format;
}

Result<TimeZone> TimeZone::Parse(std::string_view text) {
  TimeZone zone;
  zone.name_ = std::string(text);
  if (text == "UTC" || text == "Z" || text == "GMT") return zone;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    size_t at = 0;
    int64_t offset = 0;
    if (!ZoneDesignator(text, at, offset) || at != text.size()) {
      return Status::Invalid(fmt::format("\"{}\" is not an offset such as +01:00 or -05:30", text));
    }
    zone.fixed_offset_ = offset;
    return zone;
  }
  try {
    zone.zone_ = date::locate_zone(text);
  } catch (const std::exception& e) {
    return Status::Invalid(fmt::format(
        "\"{}\" is not a time zone in the tz database (an IANA name such as Europe/London, "
        "or an offset such as +01:00): {}",
        text, e.what()));
  }
  return zone;
}

int64_t TimeZone::LocalToUtc(int64_t local) const {
  if (zone_ == nullptr) return local - fixed_offset_;
  if (local >= local_lo_ && local < local_hi_) return local - local_offset_;
  using std::chrono::seconds;
  const date::local_info info = zone_->get_info(date::local_seconds(seconds(local)));
  const int64_t offset = info.first.offset.count();
  if (info.result == date::local_info::unique) {
    // Clock changes move local time by far less than a day: a day inside the period is safe.
    const int64_t begin = info.first.begin.time_since_epoch().count();
    const int64_t end = info.first.end.time_since_epoch().count();
    local_lo_ = begin > INT64_MIN / 2 ? begin + offset + 86400 : INT64_MIN;
    local_hi_ = end < INT64_MAX / 2 ? end + offset - 86400 : INT64_MAX;
    local_offset_ = offset;
  }
  return local - offset;
}

int64_t TimeZone::OffsetAt(int64_t utc) const {
  if (zone_ == nullptr) return fixed_offset_;
  if (utc >= utc_lo_ && utc < utc_hi_) return utc_offset_;
  using std::chrono::seconds;
  const date::sys_info info = zone_->get_info(date::sys_seconds(seconds(utc)));
  utc_lo_ = info.begin.time_since_epoch().count();
  utc_hi_ = info.end.time_since_epoch().count();
  utc_offset_ = info.offset.count();
  return utc_offset_;
}

bool ParseTime(const TimeFormat& format, const TimeZone& zone, std::string_view text,
               int64_t& utc) {
  switch (format.kind) {
    case TimeFormat::Kind::kIso8601:
      return ParseIso(text, zone, utc);
    case TimeFormat::Kind::kUnixSeconds:
      return ParseUnix(text, 1, utc);
    case TimeFormat::Kind::kUnixMillis:
      return ParseUnix(text, 1000, utc);
    case TimeFormat::Kind::kPattern:
      return ParsePattern(format, text, zone, utc);
  }
  return false;
}

std::string FormatUtc(int64_t utc) {
  const int64_t days = DayOfSeconds(utc);
  const int64_t s = utc - days * 86400;
  const CivilDate d = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year, d.month, d.day, s / 3600,
                     s / 60 % 60, s % 60);
}

std::string FormatIsoInZone(int64_t utc, const TimeZone& zone) {
  const int64_t offset = zone.OffsetAt(utc);
  const int64_t local = utc + offset;
  const int64_t days = DayOfSeconds(local);
  const int64_t s = local - days * 86400;
  const CivilDate d = CivilFromDays(days);
  const int64_t minutes = (offset < 0 ? -offset : offset) / 60;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", d.year, d.month, d.day,
                     s / 3600, s / 60 % 60, s % 60, offset < 0 ? '-' : '+', minutes / 60,
                     minutes % 60);
}

std::string FormatLocalTime(int64_t utc, const TimeZone& zone) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t local = utc + zone.OffsetAt(utc);
  const int64_t days = DayOfSeconds(local);
  const int64_t s = local - days * 86400;
  const CivilDate d = CivilFromDays(days);
  const int64_t weekday = ((days + 3) % 7 + 7) % 7;
  return fmt::format("{} {} {} {} {:02}:{:02}", kDays[weekday], d.day, kMonths[d.month - 1], d.year,
                     s / 3600, s / 60 % 60);
}

}  // namespace rungs
