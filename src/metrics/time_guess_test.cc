#include "metrics/time_guess.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

TimeGuess Guess(const std::vector<std::string_view>& values, bool numbers = false) {
  return GuessTimeFormat(values, numbers);
}

TEST(TimeGuessTest, ADayAbove12SettlesDayFirst) {
  // ServiceNow's log: day-first, unpadded, minutes only.
  const TimeGuess g = Guess({"1/3/2016 09:00", "29/2/2016 01:16", "?"});
  ASSERT_FALSE(g.formats.empty());
  EXPECT_EQ(g.formats.front(), "d/m/yyyy H:MM");
  EXPECT_FALSE(g.day_month_ambiguous);
  EXPECT_EQ(g.example, "29/2/2016 01:16");
  EXPECT_EQ(g.values, 2) << "\"?\" is no value";
  EXPECT_FALSE(g.zoned);
}

TEST(TimeGuessTest, DaysUpTo12AreAskedAbout) {
  const TimeGuess g = Guess({"3/4/2024 13:05", "5/6/2024 09:00"});
  EXPECT_TRUE(g.day_month_ambiguous);
  EXPECT_EQ(g.day_first, "d/m/yyyy H:MM");
  EXPECT_EQ(g.month_first, "m/d/yyyy H:MM");
  EXPECT_EQ(g.formats.front(), "d/m/yyyy H:MM") << "a 24-hour clock reads day-first first";
}

TEST(TimeGuessTest, UsTwelveHourTimesAreMonthFirst) {
  const TimeGuess g = Guess({"2/29/2024 1:05 PM", "3/1/2024 11:59 AM"});
  ASSERT_FALSE(g.formats.empty());
  EXPECT_EQ(g.formats.front(), "m/d/yyyy h:MM AM/PM");
  EXPECT_FALSE(g.day_month_ambiguous);
  EXPECT_EQ(g.example, "2/29/2024 1:05 PM");
}

TEST(TimeGuessTest, IsoIsPreferredAndKnowsItsZone) {
  const TimeGuess zoned = Guess({"2024-03-04T09:12:00Z", "2024-03-04T10:00:00+01:00"});
  ASSERT_FALSE(zoned.formats.empty());
  EXPECT_EQ(zoned.formats.front(), "iso8601");
  EXPECT_TRUE(zoned.zoned);
  // Intercom's "2024-03-04 09:15:02": ISO 8601 without a zone.
  const TimeGuess local = Guess({"2024-03-04 09:15:02"});
  EXPECT_EQ(local.formats.front(), "iso8601");
  EXPECT_FALSE(local.zoned);
}

TEST(TimeGuessTest, NumbersAreTimesOnlyWhereTheNameSaysSo) {
  EXPECT_TRUE(Guess({"1709543520", "1709547120"}).formats.empty());
  const TimeGuess unix = Guess({"1709543520", "1709547120"}, true);
  ASSERT_FALSE(unix.formats.empty());
  EXPECT_EQ(unix.formats.front(), "unix");
  EXPECT_TRUE(unix.zoned);
  EXPECT_EQ(Guess({"1709543520123"}, true).formats.front(), "unix_ms");
  // Ticket numbers and counts are not times even where numbers may be.
  EXPECT_TRUE(Guess({"4412", "4413"}, true).formats.empty());
  EXPECT_TRUE(Guess({"INC0000045"}).formats.empty());
}

TEST(TimeGuessTest, EveryValueWithADigitMustRead) {
  // Text without digits is no value ("soon", "N/A"); an impossible date is one that fails.
  EXPECT_EQ(Guess({"2024-03-04T09:12:00Z", "soon"}).formats, std::vector<std::string>{"iso8601"});
  EXPECT_TRUE(Guess({"2024-03-04T09:12:00Z", "31/4/2024 10:00"}).formats.empty());
  EXPECT_TRUE(Guess({"29/2/2017 10:00"}).formats.empty()) << "2017 is no leap year";
}

}  // namespace
}  // namespace rungs
