// A team's check-in cadence and people's calendar feeds, for every Store implementation.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store/store_test_support.h"
#include "util/clock.h"

namespace rungs {
namespace {

class CadenceStoreTest : public test::FreshStoreTest<> {
 protected:
  CadenceStoreTest() : FreshStoreTest("rungs-cadence-store") {}

  std::string LastAuditDetails() { return store_->AuditLog(0, 100000)->back().details; }
};

TEST_P(CadenceStoreTest, TurningACadenceOnStartsItsClockAndChangingItKeepsIt) {
  Team plain;
  plain.name = "Tier 1";
  Result<Team> team = store_->CreateTeam(plain, Actor::System());
  ASSERT_TRUE(team.ok()) << team.status().message;
  EXPECT_EQ(team->cadence_weeks, 0);
  EXPECT_EQ(team->cadence_since, 0);

  Team every6 = *team;
  every6.cadence_weeks = 6;
  every6.cadence_since = 42;  // not the caller's to set
  Result<Team> on = store_->UpdateTeam(every6, Actor::System());
  ASSERT_TRUE(on.ok()) << on.status().message;
  EXPECT_GT(on->cadence_since, 42);
  EXPECT_EQ(LastAuditDetails(), "{\"cadence_weeks\":6}");

  Team every4 = *on;
  every4.cadence_weeks = 4;
  every4.cadence_since = 0;
  Result<Team> changed = store_->UpdateTeam(every4, Actor::System());
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->cadence_since, on->cadence_since);
  const std::vector<Team> listed = store_->ListTeams().value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].cadence_weeks, 4);
  EXPECT_EQ(listed[0].cadence_since, on->cadence_since);

  Team off = listed[0];
  off.cadence_weeks = 0;
  EXPECT_EQ(store_->UpdateTeam(off, Actor::System())->cadence_since, 0);

  Team created_with_one;
  created_with_one.name = "Tier 2";
  created_with_one.cadence_weeks = 8;
  Result<Team> second = store_->CreateTeam(created_with_one, Actor::System());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->cadence_since, second->created_at);
}

TEST_P(CadenceStoreTest, ACadenceIsAWholeNumberOfWeeksUpToAYear) {
  Team team;
  team.name = "Tier 1";
  team.cadence_weeks = kMaxCadenceWeeks + 1;
  Result<Team> refused = store_->CreateTeam(team, Actor::System());
  EXPECT_EQ(refused.status().code, StatusCode::kInvalid);
  EXPECT_EQ(refused.status().field, "cadence_weeks");
  team.cadence_weeks = -1;
  EXPECT_EQ(store_->CreateTeam(team, Actor::System()).status().field, "cadence_weeks");
  EXPECT_TRUE(store_->ListTeams()->empty());
}

TEST_P(CadenceStoreTest, ACalendarFeedIsReplacedRevokedAndEndedWithAccess) {
  const int64_t ana = AddUser("ana@example.com");
  const int64_t bob = AddUser("bob@example.com");
  EXPECT_FALSE(store_->CalendarFeedOf(ana)->has_value());
  Result<CalendarFeed> first = store_->SetCalendarFeed(ana, "feed-1", Actor::Of(ana));
  ASSERT_TRUE(first.ok()) << first.status().message;
  EXPECT_EQ(store_->UseCalendarFeed("feed-1", 1000)->user_id, ana);
  EXPECT_EQ(store_->CalendarFeedOf(ana).value()->last_used_at, 1000);
  EXPECT_EQ(store_->UseCalendarFeed("feed-1", 1030)->last_used_at, 1000);  // within the minute

  // A second one replaces the first: the old URL stops working.
  ASSERT_TRUE(store_->SetCalendarFeed(ana, "feed-2", Actor::Of(ana)).ok());
  EXPECT_EQ(store_->UseCalendarFeed("feed-1", 2000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->UseCalendarFeed("feed-2", 2000)->user_id, ana);
  EXPECT_EQ(store_->CalendarFeedOf(ana).value()->token_digest, "feed-2");

  // Revoking someone else's (there is none) is not found; one's own is gone after.
  EXPECT_EQ(store_->DeleteCalendarFeed(bob, Actor::Of(bob)).code, StatusCode::kNotFound);
  ASSERT_TRUE(store_->DeleteCalendarFeed(ana, Actor::Of(ana)).ok());
  EXPECT_EQ(store_->UseCalendarFeed("feed-2", 3000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->AuditLog(0, 100000)->back().action, "calendar_feed.revoke");

  // Made inactive, a person's feed ends and no new one is made.
  ASSERT_TRUE(store_->SetCalendarFeed(bob, "feed-3", Actor::Of(bob)).ok());
  User inactive = store_->GetUser(bob).value();
  inactive.active = false;
  ASSERT_TRUE(store_->UpdateUser(inactive, Actor::System()).ok());
  EXPECT_EQ(store_->UseCalendarFeed("feed-3", 4000).status().code, StatusCode::kNotFound);
  EXPECT_FALSE(store_->CalendarFeedOf(bob)->has_value());
  EXPECT_NE(LastAuditDetails().find("\"calendar_feed_removed\":true"), std::string::npos);
  EXPECT_EQ(store_->SetCalendarFeed(bob, "feed-4", Actor::Of(bob)).status().code,
            StatusCode::kForbidden);
  EXPECT_EQ(store_->SetCalendarFeed(ana, "", Actor::Of(ana)).status().field, "token_digest");
}

TEST_P(CadenceStoreTest, ANewPasswordEndsTheCalendarFeedAndRemovalLeavesNone) {
  const int64_t ana = AddUser("ana@example.com");
  ASSERT_TRUE(store_->SetCalendarFeed(ana, "feed-1", Actor::Of(ana)).ok());
  ASSERT_TRUE(
      store_->CreateOneTimeLink({"link-1", ana, LinkPurpose::kReset, UnixNow() + 3600}, {}).ok());
  ASSERT_TRUE(
      store_->RedeemOneTimeLink("link-1", LinkPurpose::kReset, "$argon2id$x", UnixNow()).ok());
  EXPECT_EQ(store_->UseCalendarFeed("feed-1", 1).status().code, StatusCode::kNotFound);

  const int64_t bob = AddUser("bob@example.com");
  ASSERT_TRUE(store_->SetCalendarFeed(bob, "feed-2", Actor::Of(bob)).ok());
  ASSERT_TRUE(store_->RemoveUser(bob, Removal::kAnonymise, Actor::System()).ok());
  EXPECT_EQ(store_->UseCalendarFeed("feed-2", 1).status().code, StatusCode::kNotFound);
  const int64_t cy = AddUser("cy@example.com");
  ASSERT_TRUE(store_->SetCalendarFeed(cy, "feed-3", Actor::Of(cy)).ok());
  ASSERT_TRUE(store_->DeleteUser(cy, Actor::System()).ok());
  EXPECT_EQ(store_->UseCalendarFeed("feed-3", 1).status().code, StatusCode::kNotFound);
}

// Due dates and the team views read these instead of every check-in.
TEST_P(CadenceStoreTest, CheckInsAreSummarisedPerPerson) {
  const int64_t ana = AddUser("ana@example.com");
  const int64_t bob = AddUser("bob@example.com");
  const int64_t cy = AddUser("cy@example.com");
  FrameworkVersion version;
  version.framework_id = "fw";
  version.json = "{}";
  Result<FrameworkVersion> stored = store_->PutFrameworkVersion(version, Actor::System());
  ASSERT_TRUE(stored.ok()) << stored.status().message;
  store_->SetClock([] { return int64_t{1000}; });
  Result<CheckIn> first = store_->CreateCheckIn(ana, stored->id, Actor::Of(ana));
  ASSERT_TRUE(first.ok()) << first.status().message;
  CriterionResult r;
  r.criterion_key = "k";
  r.text_hash = "h";
  r.agreed = Assessment::kMeeting;
  store_->SetClock([] { return int64_t{2000}; });
  ASSERT_TRUE(store_->Agree(first->id, {r}, Actor::Of(bob)).ok());
  store_->SetClock([] { return int64_t{3000}; });
  ASSERT_TRUE(store_->CreateCheckIn(ana, stored->id, Actor::Of(ana)).ok());
  ASSERT_TRUE(store_->CreateCheckIn(bob, stored->id, Actor::Of(bob)).ok());
  store_->SetClock(nullptr);

  const std::vector<CheckInSummary> all = store_->SummariseCheckIns({}).value();
  ASSERT_EQ(all.size(), 2u);  // cy has none
  EXPECT_EQ(all[0].user_id, ana);
  EXPECT_EQ(all[0].checkins, 2);
  EXPECT_EQ(all[0].agreed, 1);
  EXPECT_TRUE(all[0].open);
  EXPECT_EQ(all[0].last_created_at, 3000);
  EXPECT_EQ(all[0].last_agreed_at, 2000);
  EXPECT_EQ(all[1].user_id, bob);
  EXPECT_EQ(all[1].agreed, 0);
  EXPECT_EQ(all[1].last_agreed_at, 0);
  const std::vector<CheckInSummary> some = store_->SummariseCheckIns({bob, cy, bob}).value();
  ASSERT_EQ(some.size(), 1u);
  EXPECT_EQ(some[0].user_id, bob);
  EXPECT_TRUE(some[0].open);
}

INSTANTIATE_TEST_SUITE_P(Stores, CadenceStoreTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
