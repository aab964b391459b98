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
  for (const Ev& e : events) EXPECT_EQ(t.Add(e.type, e.ts, e.conversation), EventOutcome::kCounted);
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

TEST(TimelineTest, AnIntervalCountsInTheWeekItStarts) {
  // Sunday 23:00 to Monday 01:00: two hours, all in the Sunday's week.
  const std::vector<AgentWeek> weeks =
      Fold({{kActive, At(2026, 3, 8, 23), ""}, {kAway, At(2026, 3, 9, 1), ""}});
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].week_index, WeekOf(2026, 3, 8));
  EXPECT_EQ(weeks[0].active_seconds, 7200);
  EXPECT_EQ(weeks[1].active_seconds, 0);
  EXPECT_EQ(weeks[1].away_starts, 1);
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
  EXPECT_EQ(t.Add(kClosed, At(2026, 3, 9, 9), "C1"), EventOutcome::kCounted);
  EXPECT_EQ(t.Add(kClosed, At(2026, 3, 2, 10), "C2"), EventOutcome::kOutOfOrder);
  EXPECT_EQ(t.Add(kAway, At(2026, 3, 2, 10), ""), EventOutcome::kCounted);  // its week is known
  t.Finish();
  ASSERT_EQ(t.weeks().size(), 2u);
  EXPECT_EQ(t.weeks()[0].active_seconds, 3600);
  EXPECT_EQ(t.weeks()[0].closed, 0);
  EXPECT_EQ(t.weeks()[1].closed, 1);
}

TEST(TimelineTest, TheTeamsTimeZoneDecidesTheWeek) {
  AgentTimeline t;
  t.set_utc_offset_seconds(3600);  // Sunday 23:30 UTC is Monday 00:30 in the team's zone
  t.Add(kClosed, At(2026, 3, 8, 23, 30), "C1");
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
    ts += 3600 * (1 + i % 7) + 60 * (i % 5);
    const EventType type = i % 3 == 0 ? kActive : i % 3 == 1 ? kClosed : kAway;
    events.push_back({type, ts, type == kClosed ? conversations[i % 5] : ""});
  }
  const std::vector<AgentWeek> whole = Fold(events);
  ASSERT_GE(whole.size(), 3u);
  for (size_t split = 0; split <= events.size(); ++split) {
    AgentTimeline first;
    AgentTimeline second;
    for (size_t i = 0; i < events.size(); ++i) {
      AgentTimeline& t = i < split ? first : second;
      ASSERT_EQ(t.Add(events[i].type, events[i].ts, events[i].conversation),
                EventOutcome::kCounted);
    }
    ASSERT_EQ(first.Append(std::move(second)), EventOutcome::kCounted) << split;
    first.Finish();
    ASSERT_EQ(first.weeks().size(), whole.size()) << split;
    for (size_t w = 0; w < whole.size(); ++w) {
      EXPECT_EQ(first.weeks()[w].week_index, whole[w].week_index) << split;
      EXPECT_EQ(first.weeks()[w].closed, whole[w].closed) << split << " week " << w;
      EXPECT_EQ(first.weeks()[w].closed_events, whole[w].closed_events) << split;
      EXPECT_EQ(first.weeks()[w].active_seconds, whole[w].active_seconds) << split;
      EXPECT_EQ(first.weeks()[w].away_seconds, whole[w].away_seconds) << split;
      EXPECT_EQ(first.weeks()[w].active_starts, whole[w].active_starts) << split;
    }
  }
}

TEST(TimelineTest, AppendRefusesASliceThatStartsBeforeTheLastStatusChange) {
  AgentTimeline first;
  first.Add(kActive, At(2026, 3, 2, 9), "");
  AgentTimeline second;
  second.Add(kAway, At(2026, 3, 2, 8), "");
  EXPECT_EQ(first.Append(std::move(second)), EventOutcome::kOutOfOrder);
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
