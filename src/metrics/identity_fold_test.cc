#include "metrics/identity_fold.h"

#include <gtest/gtest.h>

#include "metrics/iso_week.h"
#include "metrics/metrics_test_support.h"

namespace rungs {
namespace {

const char* kStatusMapping = R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: c, identity: who, time: ts}
  - {type: status_active, identity: who, time: ts, until: end}
  - {type: scheduled, identity: who, time: ts, until: end}
)";

constexpr int64_t kMonday = 1709510400;  // 2024-03-04T00:00:00Z

TEST(IdentityFoldTest, ClosesStatusAndShiftsFoldIntoTheWeek) {
  const Mapping m = test::LoadMappingYaml(kStatusMapping);
  IdentityFold fold(m);
  MappedIdentity id;
  id.name = "ana";
  id.space = "who";
  id.feeds = FeedBit(MappedType::kClosed) | FeedBit(MappedType::kStatusActive) |
             FeedBit(MappedType::kScheduled);
  id.shifts = {{kMonday + 8 * 3600, kMonday + 12 * 3600},
               {kMonday + 10 * 3600, kMonday + 14 * 3600}};
  fold.Start();
  fold.Add({kMonday + 9 * 3600, 2, MappedType::kStatusActive}, "");
  fold.Add({kMonday + 10 * 3600, 3, MappedType::kClosed}, "C1");
  fold.Add({kMonday + 10 * 3600, 4, MappedType::kClosed}, "C1");  // the same conversation
  fold.Add({kMonday + 11 * 3600, 2, MappedType::kStatusActive, true}, "");
  const IdentityWeeks w = fold.Finish(id);
  ASSERT_EQ(w.weeks.size(), 1u);
  EXPECT_EQ(w.weeks[0].week_index, WeekIndexOfDay(kMonday / 86400));
  EXPECT_EQ(w.weeks[0].closed, 1);
  EXPECT_EQ(w.weeks[0].active_seconds, 2 * 3600);
  EXPECT_EQ(w.weeks[0].scheduled_seconds, 6 * 3600);  // the union of 8-12 and 10-14
  EXPECT_EQ(w.weeks[0].active_scheduled_seconds, 2 * 3600);
  EXPECT_TRUE(w.overlap_measured);
  EXPECT_TRUE(fold.warnings().empty());
}

TEST(IdentityFoldTest, ALongIntervalIsAWarningAtTheRowThatEndedIt) {
  const Mapping m = test::LoadMappingYaml(kStatusMapping);
  IdentityFold fold(m);
  MappedIdentity id;
  id.feeds = FeedBit(MappedType::kStatusActive);
  fold.Start();
  fold.Add({kMonday, 7, MappedType::kStatusActive}, "");
  fold.Add({kMonday + 20 * 3600, 7, MappedType::kStatusActive, true}, "");
  const IdentityWeeks w = fold.Finish(id);
  ASSERT_EQ(fold.warnings().size(), 1u);
  EXPECT_EQ(fold.warnings()[0].line, 7);
  EXPECT_EQ(fold.warnings()[0].problem, MappedProblem::kLongInterval);
  EXPECT_EQ(w.weeks.at(0).active_seconds, 12 * 3600);
}

}  // namespace
}  // namespace rungs
