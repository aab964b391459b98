#include "metrics/timeline.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "metrics/iso_week.h"

namespace rungs {
namespace {

// Seconds since the epoch of a UTC date and time.
int64_t At(int year, unsigned month, unsigned day, int hour, int minute = 0) {
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60;
}

int64_t WeekOf(int year, unsigned month, unsigned day) {
  return WeekIndexOfDay(DaysFromCivil(year, month, day));
}

struct Ev {
  EventType type;
  int64_t ts;
  std::string conversation;
};

constexpr EventType kActive = EventType::kStatusActive;
constexpr EventType kAway = EventType::kStatusAway;
constexpr EventType kClosed = EventType::kClosed;

std::vector<AgentWeek> Fold(const std::vector<Ev>& events) {
  AgentTimeline t;
  for (const Ev& e : events) {
    const EventOutcome outcome = t.Add(e.type, e.ts, e.conversation);
    EXPECT_TRUE(outcome == EventOutcome::kCounted || outcome == EventOutcome::kLongInterval);
  }
  t.Finish();
  return t.weeks();
}

TEST(TimelineTest, ActiveTimeRunsToTheNextStatusChange) {
  // Monday 2026-03-02: a shift with a lunch break; the last "away" has no end and counts nothing.
  const std::vector<AgentWeek> weeks = Fold({{kActive, At(2026, 3, 2, 9), ""},
                                             {kAway, At(2026, 3, 2, 12), ""},
                                             {kActive, At(2026, 3, 2, 12, 30), ""},
                                             {kAway, At(2026, 3, 2, 17), ""}});
  ASSERT_EQ(weeks.size(), 1u);
  EXPECT_EQ(weeks[0].week_index, WeekOf(2026, 3, 2));
  EXPECT_EQ(weeks[0].active_seconds, 3 * 3600 + 4 * 3600 + 1800);
  EXPECT_EQ(weeks[0].away_seconds, 1800);
  EXPECT_EQ(weeks[0].active_starts, 2);
}

TEST(TimelineTest, AnIntervalIsSplitAtTheWeeksBoundary) {
  // Sunday 23:00 to Monday 01:00: an hour in each week.
  const std::vector<AgentWeek> weeks =
      Fold({{kActive, At(2026, 3, 8, 23), ""}, {kAway, At(2026, 3, 9, 1), ""}});
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].week_index, WeekOf(2026, 3, 8));
  EXPECT_EQ(weeks[0].active_seconds, 3600);
  EXPECT_EQ(weeks[1].active_seconds, 3600);
  EXPECT_EQ(weeks[1].away_starts, 1);
}

// A missed log-off (active on Monday, away the Monday after) once put 168 hours into one week,
// more than a week has: it counts up to the cap, is reported, and a week it spans without an
// event gets no time beyond the cap.
TEST(TimelineTest, AnIntervalLongerThanTheCapCountsUpToItAndIsReported) {
  AgentTimeline t;
  ASSERT_EQ(t.Add(kActive, At(2026, 3, 2, 9), ""), EventOutcome::kCounted);
  ASSERT_EQ(t.Add(kClosed, At(2026, 3, 2, 10), "C1"), EventOutcome::kCounted);
  ASSERT_EQ(t.Add(kAway, At(2026, 3, 9, 9), ""), EventOutcome::kLongInterval);
  EXPECT_EQ(t.long_interval_start(), At(2026, 3, 2, 9));
  EXPECT_EQ(t.long_interval_seconds(), 168 * 3600);
  t.Finish();
  ASSERT_EQ(t.weeks().size(), 2u);
  EXPECT_EQ(t.weeks()[0].active_seconds, kDefaultMaxIntervalSeconds);
  EXPECT_EQ(t.weeks()[0].closed, 1);
  EXPECT_EQ(t.weeks()[1].active_seconds, 0);

  // A long away interval (a leave) is capped without a warning: the weeks of the leave get no
  // away time.
  AgentTimeline leave;
  ASSERT_EQ(leave.Add(kAway, At(2026, 3, 6, 17), ""), EventOutcome::kCounted);
  ASSERT_EQ(leave.Add(kActive, At(2026, 3, 23, 9), ""), EventOutcome::kCounted);
  leave.Finish();
  ASSERT_EQ(leave.weeks().size(), 2u);
  EXPECT_EQ(leave.weeks()[0].away_seconds, kDefaultMaxIntervalSeconds);
  EXPECT_EQ(leave.weeks()[1].week_index, WeekOf(2026, 3, 23));

  // A cap of its own; a capped interval that crosses a week is still split.
  AgentTimeline capped(nullptr, 30 * 3600);
  ASSERT_EQ(capped.Add(kActive, At(2026, 3, 8, 12), ""), EventOutcome::kCounted);
  ASSERT_EQ(capped.Add(kAway, At(2026, 3, 10, 12), ""), EventOutcome::kLongInterval);
  capped.Finish();
  ASSERT_EQ(capped.weeks().size(), 2u);
  EXPECT_EQ(capped.weeks()[0].active_seconds, 12 * 3600);
  EXPECT_EQ(capped.weeks()[1].active_seconds, 18 * 3600);
}

// Weeks begin at Monday 00:00 on the team's wall clock, whatever its offset that day.
TEST(TimelineTest, WeeksAreSplitOnTheTeamsWallClock) {
  Result<TimeZone> zone = TimeZone::Parse("America/New_York");
  ASSERT_TRUE(zone.ok());
  AgentTimeline t(&zone.value(), kDefaultMaxIntervalSeconds);
  // Sunday 2026-03-08 is the first day of summer time there; Monday 00:00 EDT is 04:00 UTC.
  ASSERT_EQ(t.Add(kActive, At(2026, 3, 9, 1), ""), EventOutcome::kCounted);  // Sun 21:00 EDT
  ASSERT_EQ(t.Add(kAway, At(2026, 3, 9, 7), ""), EventOutcome::kCounted);    // Mon 03:00 EDT
  t.Finish();
  ASSERT_EQ(t.weeks().size(), 2u);
  EXPECT_EQ(t.weeks()[0].week_index, WeekOf(2026, 3, 8));
  EXPECT_EQ(t.weeks()[0].active_seconds, 3 * 3600);
  EXPECT_EQ(t.weeks()[1].active_seconds, 3 * 3600);
}

TEST(TimelineTest, AnEndedIntervalLeavesTheGapUncounted) {
  AgentTimeline t;
  EXPECT_EQ(t.EndStatus(At(2026, 3, 2, 8)), EventOutcome::kCounted);  // nothing open: no-op
  ASSERT_EQ(t.Add(kActive, At(2026, 3, 2, 9), ""), EventOutcome::kCounted);
  ASSERT_EQ(t.EndStatus(At(2026, 3, 2, 12)), EventOutcome::kCounted);
  // The same status again after the end is a new interval, not a repeat.
  ASSERT_EQ(t.Add(kActive, At(2026, 3, 2, 12), ""), EventOutcome::kCounted);
  ASSERT_EQ(t.Add(kAway, At(2026, 3, 2, 13), ""), EventOutcome::kCounted);
  ASSERT_EQ(t.EndStatus(At(2026, 3, 2, 13, 30)), EventOutcome::kCounted);
  EXPECT_EQ(t.EndStatus(At(2026, 3, 2, 17)), EventOutcome::kCounted);  // already ended
  ASSERT_EQ(t.Add(kActive, At(2026, 3, 3, 9), ""), EventOutcome::kCounted);
  EXPECT_EQ(t.EndStatus(At(2026, 3, 3, 8)), EventOutcome::kOutOfOrder);
  t.Finish();
  ASSERT_EQ(t.weeks().size(), 1u);
  EXPECT_EQ(t.weeks()[0].active_seconds, 4 * 3600);  // not the night from 13:30 to 09:00
  EXPECT_EQ(t.weeks()[0].away_seconds, 30 * 60);
}

TEST(TimelineTest, ClosesCountDistinctConversationsPerWeek) {
  const std::vector<AgentWeek> weeks = Fold({{kClosed, At(2026, 3, 2, 9), "C1"},
                                             {kClosed, At(2026, 3, 2, 10), "C2"},
                                             {kClosed, At(2026, 3, 3, 9), "C1"},    // reopened
                                             {kClosed, At(2026, 3, 9, 9), "C1"}});  // next week
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].closed, 2);
  EXPECT_EQ(weeks[0].closed_events, 3);
  EXPECT_EQ(weeks[1].closed, 1);
}

TEST(TimelineTest, RepeatedAndEarlierEventsAreRefusedAndChangeNothing) {
  AgentTimeline t;
  EXPECT_EQ(t.Add(kActive, At(2026, 3, 2, 9), ""), EventOutcome::kCounted);
  EXPECT_EQ(t.Add(kActive, At(2026, 3, 2, 9), ""), EventOutcome::kDuplicate);
  EXPECT_EQ(t.Add(kAway, At(2026, 3, 2, 8), ""), EventOutcome::kOutOfOrder);
  EXPECT_EQ(t.Add(kAway, At(2026, 3, 2, 10), ""), EventOutcome::kCounted);
  EXPECT_EQ(t.Add(kClosed, At(2026, 3, 9, 9), "C1"), EventOutcome::kCounted);
  EXPECT_EQ(t.Add(kClosed, At(2026, 3, 2, 10), "C2"), EventOutcome::kOutOfOrder);
  // Earlier than the close, though later than the last status change.
  EXPECT_EQ(t.Add(kActive, At(2026, 3, 2, 11), ""), EventOutcome::kOutOfOrder);
  t.Finish();
  ASSERT_EQ(t.weeks().size(), 2u);
  EXPECT_EQ(t.weeks()[0].active_seconds, 3600);
  EXPECT_EQ(t.weeks()[0].closed, 0);
  EXPECT_EQ(t.weeks()[1].closed, 1);
}

// Every row is compared with the agent's latest row of any type: a status change earlier than
// a reply was once accepted on one thread and refused on three, so the table depended on the
// thread count (the repro from a fuzzing run).
TEST(TimelineTest, ARowEarlierThanAReplyOrCloseIsOutOfOrder) {
  AgentTimeline t;
  ASSERT_EQ(t.Add(kActive, At(2026, 3, 2, 9), ""), EventOutcome::kCounted);
  ASSERT_EQ(t.Add(EventType::kReplied, At(2026, 3, 18, 23, 59), "C1"), EventOutcome::kCounted);
  EXPECT_EQ(t.Add(kAway, At(2026, 3, 8, 23, 59), ""), EventOutcome::kOutOfOrder);
  EXPECT_EQ(t.Add(EventType::kAssigned, At(2026, 3, 18, 23), "C2"), EventOutcome::kOutOfOrder);
  EXPECT_EQ(t.EndStatus(At(2026, 3, 10, 9)), EventOutcome::kOutOfOrder);
  t.Finish();
  ASSERT_EQ(t.weeks().size(), 1u);
  EXPECT_EQ(t.weeks()[0].active_seconds, 0);  // the active interval never ended
}

TEST(TimelineTest, TheTeamsTimeZoneDecidesTheWeek) {
  Result<TimeZone> zone = TimeZone::Parse("+01:00");
  ASSERT_TRUE(zone.ok());
  AgentTimeline t(&zone.value(), kDefaultMaxIntervalSeconds);
  // Sunday 23:30 UTC is Monday 00:30 in the team's zone.
  ASSERT_EQ(t.Add(kClosed, At(2026, 3, 8, 23, 30), "C1"), EventOutcome::kCounted);
  t.Finish();
  ASSERT_EQ(t.weeks().size(), 1u);
  EXPECT_EQ(t.weeks()[0].week_index, WeekOf(2026, 3, 9));
}

// The reader parses slices of a file on several threads and appends their timelines: every
// split of a stream must give what one pass gives.
TEST(TimelineTest, AppendingTheTwoHalvesOfAnySplitEqualsOnePass) {
  std::vector<Ev> events;
  int64_t ts = At(2026, 2, 27, 8);
  const char* conversations[] = {"C1", "C2", "C3", "C1", "C4"};
  for (int i = 0; i < 60; ++i) {
    // Mostly hours apart, now and then days: intervals that span weeks, and capped ones.
    ts += 3600 * (1 + i % 7) + 60 * (i % 5) + (i % 11 == 0 ? 86400 * (1 + i % 4) : 0);
    const EventType type = i % 4 == 0   ? kActive
                           : i % 4 == 1 ? kClosed
                           : i % 4 == 2 ? EventType::kReplied
                                        : kAway;
    events.push_back({type, ts, type == kClosed ? conversations[i % 5] : ""});
  }
  const std::vector<AgentWeek> whole = Fold(events);
  ASSERT_GE(whole.size(), 3u);
  for (size_t split = 0; split <= events.size(); ++split) {
    AgentTimeline first;
    AgentTimeline second;
    for (size_t i = 0; i < events.size(); ++i) {
      AgentTimeline& t = i < split ? first : second;
      const EventOutcome outcome = t.Add(events[i].type, events[i].ts, events[i].conversation);
      ASSERT_TRUE(outcome == EventOutcome::kCounted || outcome == EventOutcome::kLongInterval);
    }
    const EventOutcome joined = first.Append(std::move(second));
    ASSERT_TRUE(joined == EventOutcome::kCounted || joined == EventOutcome::kLongInterval) << split;
    first.Finish();
    ASSERT_EQ(first.weeks().size(), whole.size()) << split;
    for (size_t w = 0; w < whole.size(); ++w) {
      EXPECT_EQ(first.weeks()[w].week_index, whole[w].week_index) << split;
      EXPECT_EQ(first.weeks()[w].closed, whole[w].closed) << split << " week " << w;
      EXPECT_EQ(first.weeks()[w].closed_events, whole[w].closed_events) << split;
      EXPECT_EQ(first.weeks()[w].active_seconds, whole[w].active_seconds) << split;
      EXPECT_EQ(first.weeks()[w].away_seconds, whole[w].away_seconds) << split;
      EXPECT_EQ(first.weeks()[w].active_starts, whole[w].active_starts) << split;
      EXPECT_EQ(first.weeks()[w].away_starts, whole[w].away_starts) << split;
    }
  }
}

TEST(TimelineTest, AppendRefusesASliceThatStartsBeforeTheLatestRow) {
  AgentTimeline first;
  ASSERT_EQ(first.Add(kActive, At(2026, 3, 2, 9), ""), EventOutcome::kCounted);
  AgentTimeline second;
  ASSERT_EQ(second.Add(kAway, At(2026, 3, 2, 8), ""), EventOutcome::kCounted);
  EXPECT_EQ(first.Append(std::move(second)), EventOutcome::kOutOfOrder);

  // A slice of replies only still takes part in the order.
  AgentTimeline replies;
  ASSERT_EQ(replies.Add(EventType::kReplied, At(2026, 3, 18, 23), "C1"), EventOutcome::kCounted);
  AgentTimeline earlier_status;
  ASSERT_EQ(earlier_status.Add(kAway, At(2026, 3, 8, 23), ""), EventOutcome::kCounted);
  ASSERT_EQ(first.Append(std::move(replies)), EventOutcome::kCounted);
  EXPECT_EQ(first.Append(std::move(earlier_status)), EventOutcome::kOutOfOrder);
}

TEST(TimelineTest, AppendRefusesASliceThatStartsByRepeatingTheLastStatusChange) {
  AgentTimeline first;
  first.Add(kActive, At(2026, 3, 2, 9), "");
  AgentTimeline second;
  second.Add(kActive, At(2026, 3, 2, 9), "");
  EXPECT_EQ(first.Append(std::move(second)), EventOutcome::kDuplicate);
}

TEST(TimelineTest, EventTypesHaveTheirCanonicalNames) {
  for (EventType type : {EventType::kAssigned, EventType::kReplied, EventType::kClosed,
                         EventType::kStatusActive, EventType::kStatusAway}) {
    EventType parsed = EventType::kAssigned;
    ASSERT_TRUE(ParseEventType(EventTypeName(type), parsed));
    EXPECT_EQ(parsed, type);
  }
  EventType parsed = EventType::kAssigned;
  EXPECT_FALSE(ParseEventType("Closed", parsed));
  EXPECT_FALSE(ParseEventType("", parsed));
}

}  // namespace
}  // namespace rungs
