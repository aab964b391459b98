#include "metrics/iso_week.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

int64_t Day(int year, unsigned month, unsigned day) { return DaysFromCivil(year, month, day); }

TEST(IsoWeekTest, WeeksAroundNewYearBelongToTheYearOfTheirThursday) {
  // 2026-01-01 is a Thursday: its week is 2026-W01 and starts on Monday 2025-12-29.
  EXPECT_EQ(IsoWeekName(IsoWeekOfDay(Day(2025, 12, 29))), "2026-W01");
  EXPECT_EQ(IsoWeekName(IsoWeekOfDay(Day(2025, 12, 28))), "2025-W52");
  // 2021-01-01 is a Friday: it belongs to the last week of 2020, which has 53 weeks.
  EXPECT_EQ(IsoWeekName(IsoWeekOfDay(Day(2021, 1, 1))), "2020-W53");
  EXPECT_EQ(IsoWeekName(IsoWeekOfDay(Day(2021, 1, 4))), "2021-W01");
  EXPECT_EQ(IsoWeekName(IsoWeekOfDay(Day(2016, 2, 29))), "2016-W09");
  EXPECT_EQ(IsoWeekName(IsoWeekOfDay(Day(1969, 12, 31))), "1970-W01");
}

TEST(IsoWeekTest, WeekIndexesAreDenseAndStartOnMonday) {
  const int64_t monday = Day(2026, 11, 23);
  EXPECT_EQ(WeekIndexOfDay(monday), WeekIndexOfDay(monday + 6));
  EXPECT_EQ(WeekIndexOfDay(monday) + 1, WeekIndexOfDay(monday + 7));
  EXPECT_EQ(WeekIndexOfDay(monday) - 1, WeekIndexOfDay(monday - 1));
  EXPECT_EQ(FirstDayOfWeekIndex(WeekIndexOfDay(monday + 4)), monday);
  // Before the epoch too: 1960-03-03 was a Thursday in the week of Monday 1960-02-29.
  EXPECT_EQ(FirstDayOfWeekIndex(WeekIndexOfDay(Day(1960, 3, 3))), Day(1960, 2, 29));
}

TEST(IsoWeekTest, CivilDatesRoundTrip) {
  for (int64_t d = Day(1899, 12, 25); d < Day(2101, 1, 5); d += 37) {
    const CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
}

TEST(IsoWeekTest, WeekNamesParseOnlyWhenTheWeekExists) {
  ASSERT_TRUE(ParseIsoWeekName("2020-W53").has_value());
  EXPECT_EQ(ParseIsoWeekName("2020-W53")->week, 53);
  EXPECT_FALSE(ParseIsoWeekName("2021-W53").has_value());
  EXPECT_FALSE(ParseIsoWeekName("2021-W00").has_value());
  EXPECT_FALSE(ParseIsoWeekName("2021W01").has_value());
}

TEST(IsoWeekTest, TimestampsAreStrictUtc) {
  EXPECT_EQ(ParseUtcTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseUtcTimestamp("2026-11-23T16:55:36Z"), 1795452936);
  EXPECT_EQ(ParseUtcTimestamp("2026-11-23T16:55:36.250Z"), 1795452936);
  EXPECT_EQ(ParseUtcTimestamp("2024-02-29T12:00:00Z"), Day(2024, 2, 29) * 86400 + 43200);
  for (const char* bad :
       {"2026-02-29T00:00:00Z", "2026-11-23 16:55:36Z", "2026-11-23T16:55:36",
        "2026-11-23T16:55:36+01:00", "2026-11-23T24:00:00Z", "2026-13-01T00:00:00Z",
        "2026-11-23T16:55:36.Z", "29/2/2016 01:16", "", "2026-11-23T16:55:36ZZ"}) {
    EXPECT_FALSE(ParseUtcTimestamp(bad).has_value()) << bad;
  }
}

TEST(IsoDateTest, ParsesRealDaysOnly) {
  EXPECT_EQ(ParseIsoDate("1970-01-01"), 0);
  EXPECT_EQ(ParseIsoDate("2026-02-09"), DaysFromCivil(2026, 2, 9));
  EXPECT_EQ(ParseIsoDate("2024-02-29"), DaysFromCivil(2024, 2, 29));
  for (const char* bad : {"2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-1-01",
                          "2026/01/01", "20260101", "", "2026-01-01x", "abcd-01-01"}) {
    EXPECT_EQ(ParseIsoDate(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(IsoDateOfDay(DaysFromCivil(2026, 2, 9)), "2026-02-09");
  EXPECT_EQ(IsoDateOfDay(*ParseIsoDate("0999-12-31")), "0999-12-31");
}

}  // namespace
}  // namespace rungs
