#include "progress/history.h"

#include <gtest/gtest.h>

#include "framework/loader.h"

namespace rungs {
namespace {

const Framework& CustomerOperations() {
  static const Framework* fw = [] {
    LoadResult loaded = LoadFrameworks(BundledSourceFiles());
    for (Framework& f : loaded.frameworks) {
      if (f.id == "customer-operations") return new Framework(std::move(f));
    }
    return static_cast<Framework*>(nullptr);
  }();
  return *fw;
}

// A frozen check-in agreeing `result` on every criterion listed for `rung`.
CheckIn Agreed(int64_t id, int64_t at, const Framework& fw, const std::string& rung,
               Assessment result) {
  CheckIn c;
  c.id = id;
  c.user_id = 7;
  c.framework_version_id = 1;
  c.state = CheckInState::kFrozen;
  c.frozen_at = at;
  for (const Topic& topic : fw.topics) {
    for (const AssessedCriterion& a : CriteriaForRung(fw, topic, rung)) {
      CriterionResult r;
      r.criterion_key = a.criterion->key;
      r.text_hash = a.criterion->text_hash;
      r.agreed = result;
      c.results.push_back(r);
    }
  }
  return c;
}

TEST(RungHistoryTest, ShowsWhenEachRungWasReachedAndLost) {
  const Framework& fw = CustomerOperations();
  const StandingPlan plan(fw, 1);
  std::vector<CheckIn> checkins = {
      Agreed(3, 300, fw, "1A", Assessment::kNotYet),  // a later check-in takes 1A back
      Agreed(1, 100, fw, "1A", Assessment::kMeeting),
      Agreed(2, 200, fw, "1A-after-probation", Assessment::kMeeting),
  };
  CheckIn open;
  open.id = 4;
  open.state = CheckInState::kOpen;
  checkins.push_back(open);

  const std::vector<RungStep> steps = RungHistory(plan, "", checkins);
  ASSERT_EQ(steps.size(), 3u);  // the open check-in is not a step
  EXPECT_EQ(steps[0].checkin_id, 1);
  EXPECT_EQ(steps[0].demonstrated_rung, "1A");
  EXPECT_EQ(steps[1].checkin_id, 2);
  EXPECT_EQ(steps[1].demonstrated_rung, "1A-after-probation");
  EXPECT_EQ(steps[2].at, 300);
  EXPECT_EQ(steps[2].demonstrated_rung, "");
}

TEST(RungHistoryTest, NoFrozenCheckInsNoSteps) {
  const Framework& fw = CustomerOperations();
  EXPECT_TRUE(RungHistory(StandingPlan(fw, 1), "1A", {}).empty());
}

}  // namespace
}  // namespace rungs
