// Timestamps as helpdesk exports write them, and the zone they are in. A format is either a
// named one ("iso8601", "unix", "unix_ms") or a pattern such as "d/m/yyyy HH:MM" (ServiceNow,
// day-first, unpadded) or "m/d/yyyy h:mm AM/PM". Pattern letters:
//   yyyy year, yy year 2000-2099, d/dd day, m/mm month before the hour and minutes after it
//   (MM is always minutes once an hour letter came), H/HH hour 0-23, h/hh hour 1-12 with
//   "AM/PM", s/ss seconds, Z a zone designator (Z, +01:00, +0100); anything else is literal.
// One-letter fields take one or two digits, two-letter fields exactly two. A time without a
// zone designator is in the mapping's zone: an IANA name read from the system tz database
// (/usr/share/zoneinfo, through Howard Hinnant's date/tz built with USE_OS_TZDB) or a fixed
// offset such as "+01:00" or "UTC".
#ifndef RUNGS_METRICS_TIME_FORMAT_H_
#define RUNGS_METRICS_TIME_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace date {
class time_zone;
}

namespace rungs {

struct TimeFormat {
  enum class Kind : uint8_t { kPattern, kIso8601, kUnixSeconds, kUnixMillis };
  enum class Token : uint8_t {
    kLiteral,
    kYear4,
    kYear2,
    kMonth,
    kDay,
    kHour24,
    kHour12,
    kMinute,
    kSecond,
    kMeridiem,
    kZone
  };
  struct Part {
    Token token = Token::kLiteral;
    int width = 1;        // 1: one or two digits, 2: exactly two, 4: exactly four
    std::string literal;  // for kLiteral
  };

  Kind kind = Kind::kIso8601;
  std::string text;  // as written
  std::vector<Part> parts;
};

// "iso8601", "unix", "unix_ms" or a pattern; a Status says what is wrong with a pattern.
Result<TimeFormat> ParseTimeFormat(std::string_view text);

// A zone: fixed offset or IANA. Cheap to copy; caches the last transition period it used, so
// one instance is not for several threads at once.
class TimeZone {
 public:
  // "UTC", "Z", "+01:00", "-0530", or an IANA name such as "Europe/London".
  static Result<TimeZone> Parse(std::string_view text);

  const std::string& name() const { return name_; }
  bool fixed() const { return zone_ == nullptr; }
  // Local wall-clock seconds (as if UTC) to UTC. A time skipped by a clock change is read with
  // the offset before the change, a repeated one as its first occurrence.
  int64_t LocalToUtc(int64_t local) const;
  // Seconds to add to a UTC instant for the local wall clock.
  int64_t OffsetAt(int64_t utc) const;

 private:
  std::string name_;
  const date::time_zone* zone_ = nullptr;
  int64_t fixed_offset_ = 0;
  // Cached: local times in [local_lo_, local_hi_) and UTC times in [utc_lo_, utc_hi_) have
  // offset local_offset_ / utc_offset_.
  mutable int64_t local_lo_ = 1, local_hi_ = 0, local_offset_ = 0;
  mutable int64_t utc_lo_ = 1, utc_hi_ = 0, utc_offset_ = 0;
};

// Parses `text` in `format` into seconds since the epoch (UTC); a time without a zone is read
// in `zone`. Strict: trailing text, an impossible date (31/4) or a 13th month fail.
bool ParseTime(const TimeFormat& format, const TimeZone& zone, std::string_view text, int64_t& utc);

// "2016-02-29T14:29:00Z".
std::string FormatUtc(int64_t utc);

// "2016-02-29T11:29:00+01:00": ISO 8601 on the wall clock of `zone`, with its offset then
// ("+00:00" in UTC, never "Z", so every time in a column reads the same way).
std::string FormatIsoInZone(int64_t utc, const TimeZone& zone);

// "Mon 29 Feb 2016 11:29" on the wall clock of `zone`: a time read back in words, so a
// day-first/month-first mistake shows.
std::string FormatLocalTime(int64_t utc, const TimeZone& zone);

}  // namespace rungs

#endif  // RUNGS_METRICS_TIME_FORMAT_H_
