#include "metrics/sessions.h"

#include <gtest/gtest.h>

#include "metrics/iso_week.h"

namespace rungs {
namespace {

// Monday 2026-01-05 00:00 local.
const int64_t kSessionsMonday = DaysFromCivil(2026, 1, 5) * 86400;

TEST(SessionsTest, OneTouchIsTheAllowance) {
  const std::vector<InferredWeek> weeks = InferActiveWeeks({kSessionsMonday + 9 * 3600});
  ASSERT_EQ(weeks.size(), 1u);
  EXPECT_EQ(weeks[0].active_seconds, 300);
  EXPECT_EQ(weeks[0].sessions, 1);
  EXPECT_EQ(weeks[0].week_index, WeekIndexOfDay(DaysFromCivil(2026, 1, 5)));
}

TEST(SessionsTest, SplitsAtTheIdleGap) {
  const int64_t t = kSessionsMonday + 9 * 3600;
  // 09:00, 09:20, 09:50 (gap 30: same session), 10:21 (gap 31: new session).
  const std::vector<InferredWeek> weeks =
      InferActiveWeeks({t, t + 20 * 60, t + 50 * 60, t + 81 * 60});
  ASSERT_EQ(weeks.size(), 1u);
  EXPECT_EQ(weeks[0].sessions, 2);
  EXPECT_EQ(weeks[0].touches, 4);
  EXPECT_EQ(weeks[0].active_seconds, (50 * 60 + 300) + 300);
}

TEST(SessionsTest, OptionsChangeGapAndAllowance) {
  const int64_t t = kSessionsMonday + 9 * 3600;
  SessionOptions options;
  options.idle_gap_seconds = 10 * 60;
  options.allowance_seconds = 0;
  const std::vector<InferredWeek> weeks = InferActiveWeeks({t, t + 5 * 60, t + 20 * 60}, options);
  ASSERT_EQ(weeks.size(), 1u);
  EXPECT_EQ(weeks[0].sessions, 2);
  EXPECT_EQ(weeks[0].active_seconds, 5 * 60);
}

TEST(SessionsTest, ASessionCountsInTheWeekItStarts) {
  // Sunday 23:50 to Monday 00:10: one session, counted in the Sunday's week.
  const int64_t sunday = kSessionsMonday - 10 * 60;
  const std::vector<InferredWeek> weeks =
      InferActiveWeeks({sunday, sunday + 20 * 60, kSessionsMonday + 86400 * 7});
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].week_index, WeekIndexOfDay(DaysFromCivil(2026, 1, 4)));
  EXPECT_EQ(weeks[0].active_seconds, 20 * 60 + 300);
  EXPECT_EQ(weeks[1].week_index, weeks[0].week_index + 2);
}

TEST(SessionsTest, NoTouchesNoWeeks) { EXPECT_TRUE(InferActiveWeeks({}).empty()); }

// One counter for one identity after another: Finish hands over the weeks and starts afresh.
TEST(SessionsTest, ACounterStartsAfreshAfterFinish) {
  SessionCounter counter;
  counter.Touch(1000);
  counter.Touch(1000 + 600);
  const std::vector<InferredWeek> first = counter.Finish();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].active_seconds, 600 + 300);
  EXPECT_EQ(first[0].touches, 2);
  counter.Touch(5000);
  const std::vector<InferredWeek> second = counter.Finish();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].active_seconds, 300);
  EXPECT_EQ(second[0].sessions, 1);
  EXPECT_TRUE(counter.Finish().empty());
}

}  // namespace
}  // namespace rungs
