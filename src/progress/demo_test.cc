#include "progress/demo.h"

#include <unistd.h>

#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "auth/secrets.h"
#include "framework/json_format.h"
#include "framework/loader.h"
#include "store/sqlite_store.h"
#include "store/store_test_support.h"

namespace rungs {
namespace {

// A Wednesday: the demo's helpdesk weeks end with the week before.
constexpr int64_t kNow = 1773223200;  // 2026-03-11T10:00:00Z

class DemoTest : public test::FreshStoreTest<> {
 protected:
  DemoTest() : FreshStoreTest("rungs-demo") {}

  void SetUp() override {
    FreshStoreTest::SetUp();
    if (HasFatalFailure()) return;
    frameworks_ = LoadFrameworks(BundledSourceFiles()).frameworks;
    framework_ = PickDemoFramework(frameworks_);
    ASSERT_NE(framework_, nullptr);
    FrameworkVersion version;
    version.framework_id = framework_->id;
    version.json = ExportJson(*framework_);
    Result<FrameworkVersion> stored = store_->PutFrameworkVersion(version, Actor::System());
    ASSERT_TRUE(stored.ok()) << stored.status().message;
    version_id_ = stored->id;
  }

  std::vector<Framework> frameworks_;
  const Framework* framework_ = nullptr;
  int64_t version_id_ = 0;
};

TEST_P(DemoTest, PicksAFrameworkWithSeveralRungs) {
  EXPECT_EQ(framework_->id, "customer-operations");
  EXPECT_EQ(PickDemoFramework({}), nullptr);
}

TEST_P(DemoTest, CreatesTheTeamWithPasswordsThatWork) {
  Result<std::vector<DemoAccount>> accounts =
      CreateDemoTeam(*store_, *framework_, version_id_, kNow);
  ASSERT_TRUE(accounts.ok()) << accounts.status().message;
  ASSERT_EQ(accounts->size(), 5u);
  int admins = 0, managers = 0, members = 0;
  for (const DemoAccount& a : *accounts) {
    EXPECT_NE(a.email.find("@demo.rungs.invalid"), std::string::npos) << a.email;
    EXPECT_EQ(a.password.size(), 16u);
    admins += a.role == Role::kAdmin;
    managers += a.role == Role::kManager;
    members += a.role == Role::kMember;
    Result<User> user = store_->FindUserByEmail(a.email);
    ASSERT_TRUE(user.ok()) << a.email;
    Result<std::string> hash = store_->PasswordHash(user->id);
    ASSERT_TRUE(hash.ok()) << hash.status().message;
    EXPECT_TRUE(*VerifyPassword(*hash, a.password)) << a.email;
    EXPECT_TRUE(user->team_id.has_value());
  }
  EXPECT_EQ(admins, 1);
  EXPECT_EQ(managers, 1);
  EXPECT_EQ(members, 3);
  EXPECT_NE((*accounts)[0].password, (*accounts)[1].password);

  // Members report to the manager and hold the framework's first rungs.
  const User manager = store_->FindUserByEmail("manager@demo.rungs.invalid").value();
  Result<std::vector<User>> reports = store_->ReportsOf(manager.id);
  ASSERT_TRUE(reports.ok());
  ASSERT_EQ(reports->size(), 3u);
  std::set<std::string> rungs;
  for (const User& u : *reports) {
    EXPECT_EQ(u.framework_id, "customer-operations");
    rungs.insert(u.assigned_rung);
  }
  EXPECT_EQ(rungs, (std::set<std::string>{"1A", "1A-after-probation", "1B"}));

  // One member has two agreed check-ins, with evidence on the second.
  const User sam = store_->FindUserByEmail("sam@demo.rungs.invalid").value();
  Result<std::vector<CheckIn>> check_ins = store_->ListCheckIns(sam.id);
  ASSERT_TRUE(check_ins.ok()) << check_ins.status().message;
  ASSERT_EQ(check_ins->size(), 2u);
  for (const CheckIn& c : *check_ins) {
    EXPECT_EQ(c.state, CheckInState::kFrozen);
    EXPECT_FALSE(c.results.empty());
    EXPECT_EQ(c.framework_version_id, version_id_);
  }
  int met = 0;
  for (const CriterionResult& r : check_ins->front().results) met += IsMet(r.agreed);
  EXPECT_GT(met, 0);
  EXPECT_LT(met, static_cast<int>(check_ins->front().results.size()));
  EXPECT_EQ(check_ins->front().evidence.size(), 1u);
  Result<std::vector<AgreedResult>> agreed = store_->LatestAgreed({sam.id});
  ASSERT_TRUE(agreed.ok());
  EXPECT_FALSE(agreed->empty());
}

// The demo's check-ins happened weeks and months ago, so trends have weeks to show and the
// cadence has someone due soon and someone overdue; afterwards writes are stamped now again.
TEST_P(DemoTest, HasAHistoryAndCheckInsDueAndOverdue) {
  ASSERT_TRUE(CreateDemoTeam(*store_, *framework_, version_id_, kNow).ok());
  const std::vector<Team> teams = store_->ListTeams().value();
  ASSERT_EQ(teams.size(), 1u);
  EXPECT_EQ(teams[0].cadence_weeks, kDemoCadenceWeeks);
  EXPECT_EQ(teams[0].cadence_since, kNow - 100 * 86400);
  const TeamCadences cadences(teams, kNow);
  auto next = [&](const char* email) {
    const User u = store_->FindUserByEmail(email).value();
    const std::vector<CheckIn> checkins = store_->ListCheckIns(u.id).value();
    return cadences.Next(u, LastAgreedAt(checkins), HasOpenCheckIn(checkins));
  };
  const std::optional<NextCheckIn> sam = next("sam@demo.rungs.invalid");
  ASSERT_TRUE(sam.has_value());
  EXPECT_EQ(sam->state, DueState::kSoon);
  EXPECT_EQ(sam->days_left, 7);
  EXPECT_EQ(next("priya@demo.rungs.invalid")->days_left, -8);
  EXPECT_EQ(next("jonas@demo.rungs.invalid")->days_left, -58);
  EXPECT_FALSE(next("admin@demo.rungs.invalid").has_value());  // no framework, nothing due

  const User sam_user = store_->FindUserByEmail("sam@demo.rungs.invalid").value();
  const std::vector<CheckIn> sams = store_->ListCheckIns(sam_user.id).value();
  ASSERT_EQ(sams.size(), 2u);
  EXPECT_EQ(sams[0].frozen_at, kNow - 35 * 86400);
  EXPECT_EQ(sams[1].frozen_at, kNow - 84 * 86400);

  Team later;
  later.name = "Made after the demo";
  const Result<Team> made = store_->CreateTeam(later, Actor::System());
  ASSERT_TRUE(made.ok());
  EXPECT_GT(made->created_at, kNow);  // the wall clock again (kNow is in the past)
}

TEST_P(DemoTest, IsIdempotent) {
  ASSERT_TRUE(CreateDemoTeam(*store_, *framework_, version_id_, kNow).ok());
  const size_t users = store_->ListUsers()->size();
  const size_t batches = store_->ListIngestBatches()->size();
  EXPECT_EQ(batches, 3u);  // events, schedules and QA
  // A later run (weeks later, even) finds the team and stores nothing.
  Result<std::vector<DemoAccount>> again =
      CreateDemoTeam(*store_, *framework_, version_id_, kNow + (30 * 86400));
  ASSERT_TRUE(again.ok()) << again.status().message;
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(store_->ListUsers()->size(), users);
  EXPECT_EQ(store_->ListIngestBatches()->size(), batches);
  EXPECT_NE(DescribeDemoAccounts(*again).find("already exists"), std::string::npos);
}

TEST_P(DemoTest, DescribesTheAccountsOnce) {
  const std::string text = DescribeDemoAccounts(
      {{"admin@demo.rungs.invalid", "Alex Admin", Role::kAdmin, "abcdefghijklmnop"}});
  EXPECT_NE(text.find("admin@demo.rungs.invalid"), std::string::npos) << text;
  EXPECT_NE(text.find("abcdefghijklmnop"), std::string::npos) << text;
  EXPECT_NE(text.find("shown only now"), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(Stores, DemoTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
