#include "metrics/time_format.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

int64_t Parse(const std::string& format, const std::string& zone, const std::string& text) {
  const Result<TimeFormat> f = ParseTimeFormat(format);
  EXPECT_TRUE(f.ok()) << f.status().message;
  const Result<TimeZone> z = TimeZone::Parse(zone);
  EXPECT_TRUE(z.ok()) << z.status().message;
  int64_t utc = 0;
  if (!ParseTime(*f, *z, text, utc)) return -1;
  return utc;
}

std::string Utc(const std::string& format, const std::string& zone, const std::string& text) {
  const int64_t utc = Parse(format, zone, text);
  return utc == -1 ? "fail" : FormatUtc(utc);
}

TEST(TimeFormatTest, DayFirstUnpadded) {
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "UTC", "29/2/2016 01:16"), "2016-02-29T01:16:00Z");
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "UTC", "5/3/2016 9:07"), "2016-03-05T09:07:00Z");
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "UTC", "29/2/2017 01:16"), "fail");  // not a leap year
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "UTC", "31/4/2016 01:16"), "fail");
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "UTC", "1/3/2016 01:16 "), "fail");  // trailing text
}

TEST(TimeFormatTest, MonthFirstRejectsADayFirstDate) {
  EXPECT_EQ(Utc("m/d/yyyy H:MM", "UTC", "13/2/2016 01:16"), "fail");
  EXPECT_EQ(Utc("m/d/yyyy H:MM", "UTC", "2/13/2016 01:16"), "2016-02-13T01:16:00Z");
}

TEST(TimeFormatTest, TwelveHourClock) {
  EXPECT_EQ(Utc("m/d/yyyy h:mm AM/PM", "UTC", "3/4/2024 12:05 AM"), "2024-03-04T00:05:00Z");
  EXPECT_EQ(Utc("m/d/yyyy h:mm AM/PM", "UTC", "3/4/2024 1:05 pm"), "2024-03-04T13:05:00Z");
  EXPECT_EQ(Utc("m/d/yyyy h:mm AM/PM", "UTC", "3/4/2024 13:05 PM"), "fail");
}

TEST(TimeFormatTest, Iso8601WithAndWithoutZone) {
  EXPECT_EQ(Utc("iso8601", "UTC", "2024-03-04T13:01:05Z"), "2024-03-04T13:01:05Z");
  EXPECT_EQ(Utc("iso8601", "UTC", "2024-03-04T13:01:05.250+01:00"), "2024-03-04T12:01:05Z");
  EXPECT_EQ(Utc("iso8601", "Europe/London", "2024-07-01 09:00:00"), "2024-07-01T08:00:00Z");
  EXPECT_EQ(Utc("iso8601", "UTC", "2024-03-04"), "fail");
  EXPECT_EQ(Utc("yyyy-mm-ddTHH:MM:ssZ", "UTC", "2024-03-04T13:01:05-05:00"),
            "2024-03-04T18:01:05Z");
}

TEST(TimeFormatTest, UnixTimes) {
  EXPECT_EQ(Utc("unix", "UTC", "1709557265"), "2024-03-04T13:01:05Z");
  EXPECT_EQ(Utc("unix_ms", "UTC", "1709557265999"), "2024-03-04T13:01:05Z");
  EXPECT_EQ(Utc("unix", "UTC", "17x"), "fail");
}

TEST(TimeFormatTest, IanaZonesFollowDaylightSaving) {
  // London: GMT in January, BST (UTC+1) in July.
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "Europe/London", "15/1/2024 09:00"), "2024-01-15T09:00:00Z");
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "Europe/London", "15/7/2024 09:00"), "2024-07-15T08:00:00Z");
  // São Paulo's summer time ended on 21 February 2016.
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "America/Sao_Paulo", "20/2/2016 12:00"), "2016-02-20T14:00:00Z");
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "America/Sao_Paulo", "29/2/2016 11:29"), "2016-02-29T14:29:00Z");
  // Back and forth across the cached period.
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "Europe/London", "15/1/2024 09:00"), "2024-01-15T09:00:00Z");
  const TimeZone london = TimeZone::Parse("Europe/London").value();
  EXPECT_EQ(london.OffsetAt(Parse("iso8601", "UTC", "2024-07-15T08:00:00Z")), 3600);
  EXPECT_EQ(london.OffsetAt(Parse("iso8601", "UTC", "2024-01-15T08:00:00Z")), 0);
}

TEST(TimeFormatTest, FixedOffsets) {
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "+05:30", "1/1/2024 05:30"), "2024-01-01T00:00:00Z");
  EXPECT_EQ(Utc("d/m/yyyy H:MM", "-0800", "1/1/2024 00:00"), "2024-01-01T08:00:00Z");
  EXPECT_FALSE(TimeZone::Parse("+25:00").ok());
  EXPECT_FALSE(TimeZone::Parse("Mars/Olympus_Mons").ok());
}

TEST(TimeFormatTest, IsoTimesInAZoneCarryItsOffsetThen) {
  const int64_t summer = Parse("iso8601", "UTC", "2024-07-15T08:00:00Z");
  const int64_t winter = Parse("iso8601", "UTC", "2024-01-15T08:00:05Z");
  const TimeZone london = TimeZone::Parse("Europe/London").value();
  EXPECT_EQ(FormatIsoInZone(summer, london), "2024-07-15T09:00:00+01:00");
  EXPECT_EQ(FormatIsoInZone(winter, london), "2024-01-15T08:00:05+00:00");
  EXPECT_EQ(FormatIsoInZone(winter, TimeZone::Parse("UTC").value()), "2024-01-15T08:00:05+00:00");
  // West of Greenwich, and an offset with minutes that moves the date back.
  EXPECT_EQ(FormatIsoInZone(winter, TimeZone::Parse("-09:30").value()),
            "2024-01-14T22:30:05-09:30");
}

TEST(TimeFormatTest, BadPatternsSayWhy) {
  EXPECT_FALSE(ParseTimeFormat("d/m H:MM").ok());         // no year
  EXPECT_FALSE(ParseTimeFormat("d/m/yyyy h:MM").ok());    // 12-hour without AM/PM
  EXPECT_FALSE(ParseTimeFormat("d/m/yyyy H:MM x").ok());  // not a pattern letter
  EXPECT_FALSE(ParseTimeFormat("d/m/yyyy/d H:MM").ok());  // day twice
  EXPECT_TRUE(ParseTimeFormat("dd.mm.yyyy HH:MM:ss").ok());
}

}  // namespace
}  // namespace rungs
