#include "metrics/evaluate.h"

#include <cmath>

#include <gtest/gtest.h>

namespace rungs {
namespace {

constexpr int64_t kW1 = 2900;  // week indexes; only their order matters

// The seed's probation criterion: 10 conversations per hour, 95% activity and 95% QA, two weeks
// in a row.
MeasuredRule Probation() {
  MeasuredRule r;
  r.conversations_per_hour = 10;
  r.activity_pct = 95;
  r.qa_pct = 95;
  r.weeks_in_a_row = 2;
  return r;
}

MeasuredRule Consistently(double rate) {
  MeasuredRule r;
  r.conversations_per_hour = rate;
  r.activity_pct = 95;
  r.qa_pct = 95;
  r.consistently = true;
  return r;
}

// A week with `hours` active, `rate` conversations an hour, 97% activity and 4 reviews at 96%.
WeekData Week(int64_t week, double hours, double rate) {
  WeekData w;
  w.week = week;
  w.active_seconds = static_cast<int64_t>(hours * 3600);
  w.away_seconds = static_cast<int64_t>(hours * 3600 * 3 / 97);
  w.closed = std::lround(hours * rate);
  w.qa_reviews = 4;
  w.qa_score_sum = 4 * 96;
  return w;
}

TEST(EvaluateTest, AThinWeekNeitherBreaksNorExtendsARun) {
  const Evaluation e = EvaluateRule(
      Probation(), {}, {Week(kW1, 30, 11), Week(kW1 + 1, 3, 40), Week(kW1 + 2, 32, 10.5)});
  EXPECT_EQ(e.verdict, Verdict::kMet) << e.explanation;
  EXPECT_EQ(e.deciding, (std::vector<int64_t>{kW1, kW1 + 2}));
  ASSERT_EQ(e.weeks.size(), 3u);
  EXPECT_FALSE(e.weeks[1].evaluable);
  ASSERT_EQ(e.weeks[1].no_data.size(), 2u);
  EXPECT_EQ(e.weeks[1].no_data[0], "3.0 active hours (minimum 5)");
  EXPECT_EQ(e.weeks[1].no_data[1], "activity: 3.1 logged hours (minimum 5)");
  EXPECT_FALSE(e.weeks[1].conversations_per_hour.has_value());  // 40/h on 3 hours is no verdict
}

TEST(EvaluateTest, AWeekBelowTargetBreaksTheRun) {
  const Evaluation e = EvaluateRule(
      Probation(), {}, {Week(kW1, 30, 11), Week(kW1 + 1, 30, 9.2), Week(kW1 + 2, 30, 12)});
  EXPECT_EQ(e.verdict, Verdict::kNotMet);
  ASSERT_EQ(e.weeks[1].misses.size(), 1u);
  EXPECT_EQ(e.weeks[1].misses[0], "9.20 conversations/h, target 10");
  EXPECT_NE(e.explanation.find("no 2 weeks in a row"), std::string::npos) << e.explanation;
}

TEST(EvaluateTest, TooFewWeeksWithDataIsNoDataNotAFail) {
  const Evaluation e = EvaluateRule(Probation(), {}, {Week(kW1, 30, 11), Week(kW1 + 1, 2, 11)});
  EXPECT_EQ(e.verdict, Verdict::kNoData);
  EXPECT_EQ(e.explanation, "1 week with enough data; 2 in a row are needed");
}

TEST(EvaluateTest, ConsistentlyMeansKOfTheLastWWeeksWithData) {
  std::vector<WeekData> weeks = {Week(kW1, 30, 8)};  // an old bad week, outside the window
  for (int i = 1; i <= 4; ++i) weeks.push_back(Week(kW1 + i, 35, 12.5));
  EXPECT_EQ(EvaluateRule(Consistently(12), {}, weeks).verdict, Verdict::kMet);
  weeks[3] = Week(kW1 + 3, 35, 11);
  const Evaluation missed = EvaluateRule(Consistently(12), {}, weeks);
  EXPECT_EQ(missed.verdict, Verdict::kNotMet);
  EXPECT_NE(missed.explanation.find("3 of the last 4 weeks"), std::string::npos);
  TargetSettings lenient;
  lenient.window_meeting = 3;
  EXPECT_EQ(EvaluateRule(Consistently(12), lenient, weeks).verdict, Verdict::kMet);
  weeks.erase(weeks.begin(), weeks.begin() + 2);
  EXPECT_EQ(EvaluateRule(Consistently(12), {}, weeks).verdict, Verdict::kNoData);
}

TEST(EvaluateTest, RatesOverSeveralWeeksDivideSumsNotAverageRatios) {
  MeasuredRule r = Consistently(12);
  r.window_weeks = 2;
  r.window_meeting = 2;
  // 60 in 5 hours (12/h) and 130 in 10 hours (13/h): 190 / 15 = 12.67, not (12 + 13) / 2.
  WeekData a = Week(kW1, 5, 12);
  WeekData b = Week(kW1 + 1, 10, 13);
  const Evaluation e = EvaluateRule(r, {}, {a, b});
  ASSERT_TRUE(e.conversations_per_hour.has_value());
  EXPECT_NEAR(*e.conversations_per_hour, 190.0 / 15.0, 1e-9);
}

TEST(EvaluateTest, InferredActiveTimeCannotShowActivity) {
  std::vector<WeekData> weeks;
  for (int i = 0; i < 4; ++i) {
    weeks.push_back(Week(kW1 + i, 35, 13));
    weeks.back().active_inferred = true;
  }
  const Evaluation e = EvaluateRule(Consistently(12), {}, weeks);
  EXPECT_EQ(e.verdict, Verdict::kNoData);
  EXPECT_EQ(e.weeks[0].no_data[0], "activity: active time is inferred from event times");
  ASSERT_TRUE(e.weeks[0].conversations_per_hour.has_value());  // the rate itself is shown
  // Without an activity target the same weeks are judged.
  MeasuredRule rate_only = Consistently(12);
  rate_only.activity_pct.reset();
  EXPECT_EQ(EvaluateRule(rate_only, {}, weeks).verdict, Verdict::kMet);
}

TEST(EvaluateTest, UnjoinedIdentitiesGiveNoRate) {
  WeekData w = Week(kW1, 35, 13);
  w.rate_unjoined = true;
  const Evaluation e = EvaluateRule(Probation(), {}, {w});
  EXPECT_FALSE(e.weeks[0].evaluable);
  EXPECT_NE(e.weeks[0].no_data[0].find("no identity map"), std::string::npos);
}

TEST(EvaluateTest, QaNeedsTheMinimumNumberOfReviews) {
  WeekData w = Week(kW1, 35, 13);
  w.qa_reviews = 2;
  w.qa_score_sum = 200;
  const Evaluation e = EvaluateRule(Probation(), {}, {w});
  EXPECT_EQ(e.weeks[0].no_data, std::vector<std::string>{"2 QA reviews (minimum 3)"});
}

TEST(EvaluateTest, ActivityUsesTheScheduleWhenThereIsOne) {
  WeekData w = Week(kW1, 35, 13);
  w.scheduled_seconds = 40 * 3600;
  w.active_scheduled_seconds = 36 * 3600;
  const Evaluation e = EvaluateRule(Probation(), {}, {w});
  ASSERT_TRUE(e.weeks[0].activity_pct.has_value());
  EXPECT_NEAR(*e.weeks[0].activity_pct, 90.0, 1e-9);
  EXPECT_FALSE(e.weeks[0].meets);
}

// Where shifts are known, the rate is per active hour inside them: an agent left active
// overnight answered nobody in those hours.
TEST(EvaluateTest, WithAScheduleTheRateIsPerActiveHourInsideShifts) {
  WeekData w = Week(kW1, 60, 10);  // 600 closed over 60 active hours: 10 an hour
  w.scheduled_seconds = 40 * 3600;
  w.active_scheduled_seconds = 40 * 3600;
  const Evaluation e = EvaluateRule(Probation(), {}, {w});
  ASSERT_TRUE(e.weeks[0].conversations_per_hour.has_value());
  EXPECT_NEAR(*e.weeks[0].conversations_per_hour, 15.0, 1e-9);
  EXPECT_NEAR(e.weeks[0].active_hours, 40.0, 1e-9);
}

TEST(EvaluateTest, WeeksBeforeThePersonStartedAreShownButNotCounted) {
  const Evaluation e =
      EvaluateRule(Probation(), {}, {Week(kW1, 30, 11), Week(kW1 + 1, 30, 11)}, kW1 + 1);
  EXPECT_EQ(e.verdict, Verdict::kNoData);
  EXPECT_EQ(e.weeks.size(), 2u);
}

}  // namespace
}  // namespace rungs
