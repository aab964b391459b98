#include "progress/people_export.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "framework/json_format.h"
#include "framework/loader.h"
#include "store/sqlite_store.h"
#include "store/store_test_support.h"

namespace rungs {
namespace {

class PeopleExportTest : public test::FreshStoreTest<> {
 protected:
  PeopleExportTest() : FreshStoreTest("rungs-export") {}

  void SetUp() override {
    FreshStoreTest::SetUp();
    if (HasFatalFailure()) return;

    Team team;
    team.name = "Tier 1";
    team_ = store_->CreateTeam(team, Actor::System()).value();
    manager_ = Add("ana@example.com", "Ana Lima", Role::kManager, std::nullopt);
    member_ = Add("bo@example.com", "Bo, \"the\" Chen", Role::kMember, manager_.id);
  }

  User Add(const std::string& email, const std::string& name, Role role,
           std::optional<int64_t> manager) {
    User u;
    u.email = email;
    u.name = name;
    u.role = role;
    u.team_id = team_.id;
    u.manager_id = manager;
    u.framework_id = "customer-operations";
    u.assigned_rung = "1A";
    Result<User> created = store_->CreateUser(u, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    return created.ok() ? created.value() : u;
  }

  // One frozen check-in for the member on two criteria of 1B, with evidence.
  void MakeCheckIn() {
    const std::vector<Framework> frameworks = LoadFrameworks(BundledSourceFiles()).frameworks;
    const Framework& fw = frameworks.front();
    ASSERT_EQ(fw.id, "customer-operations");
    FrameworkVersion version;
    version.framework_id = fw.id;
    version.json = ExportJson(fw);
    Result<FrameworkVersion> stored = store_->PutFrameworkVersion(version, Actor::System());
    ASSERT_TRUE(stored.ok()) << stored.status().message;
    std::vector<const Criterion*> criteria;
    for (const Topic& t : fw.topics) {
      for (const AssessedCriterion& a : CriteriaForRung(fw, t, "1B")) {
        if (criteria.size() < 2) criteria.push_back(a.criterion);
      }
    }
    ASSERT_EQ(criteria.size(), 2u);
    keys_ = {criteria[0]->key, criteria[1]->key};
    std::sort(keys_.begin(), keys_.end());
    Result<CheckIn> c = store_->CreateCheckIn(member_.id, stored->id, Actor::Of(member_.id));
    ASSERT_TRUE(c.ok()) << c.status().message;
    std::vector<CriterionResult> results(2);
    for (int i = 0; i < 2; ++i) {
      results[i].criterion_key = criteria[i]->key;
      results[i].text_hash = criteria[i]->text_hash;
      results[i].self = Assessment::kMeeting;
    }
    ASSERT_TRUE(
        store_->UpdateResults(c->id, Side::kSelf, results, "=SUM(A1)", Actor::Of(member_.id)).ok());
    Evidence e;
    e.checkin_id = c->id;
    e.author_id = member_.id;
    e.text = "Ran the weekend queue";
    e.link = "https://example.com/ticket/1";
    e.criterion_keys = {criteria[0]->key};
    ASSERT_TRUE(store_->AddEvidence(e, Actor::Of(member_.id)).ok());
    for (int i = 0; i < 2; ++i) {
      results[i].self = Assessment::kNone;
      results[i].agreed = i == 0 ? Assessment::kMeeting : Assessment::kWorkingTowards;
    }
    Result<CheckIn> agreed = store_->Agree(c->id, results, Actor::Of(manager_.id));
    ASSERT_TRUE(agreed.ok()) << agreed.status().message;
    checkin_id_ = c->id;
  }

  Team team_;
  User manager_;
  User member_;
  std::vector<std::string> keys_;
  int64_t checkin_id_ = 0;
};

TEST(IsoTimeTest, FormatsUtc) {
  EXPECT_EQ(IsoDateTime(0), "");
  EXPECT_EQ(IsoDateTime(1772357400), "2026-03-01T09:30:00Z");
  EXPECT_EQ(IsoDate(1772357400), "2026-03-01");
}

TEST(PeopleCsvTest, QuotesAndDefusesCells) {
  PersonData p;
  p.user.email = "=cmd@example.com";
  CheckIn c;
  c.id = 7;
  c.state = CheckInState::kFrozen;
  c.created_at = 1772357400;
  c.frozen_at = 1772443800;
  c.results.push_back(
      {"fw/a,b/1A/1", "h", Assessment::kMeeting, Assessment::kNotYet, Assessment::kWorkingTowards});
  p.check_ins.push_back(c);
  EXPECT_EQ(PeopleCsv({p}),
            "email,checkin_id,state,created_at,frozen_at,criterion_key,self,manager,agreed\n"
            "'=cmd@example.com,7,frozen,2026-03-01,2026-03-02,\"fw/a,b/1A/1\",meeting,not_yet,"
            "working_towards\n");
}

TEST_P(PeopleExportTest, PersonWithoutCheckIns) {
  Result<PersonData> person = LoadPerson(*store_, manager_);
  ASSERT_TRUE(person.ok()) << person.status().message;
  const nlohmann::json j = nlohmann::json::parse(PersonExportJson(*person));
  EXPECT_EQ(j["format"], "rungs-people");
  ASSERT_EQ(j["people"].size(), 1u);
  const nlohmann::json& p = j["people"][0];
  EXPECT_EQ(p["email"], "ana@example.com");
  EXPECT_EQ(p["team"], "Tier 1");
  EXPECT_TRUE(p["manager_email"].is_null());
  EXPECT_EQ(p["assigned_rung"], "1A");
  EXPECT_TRUE(p["check_ins"].empty());
  EXPECT_EQ(PeopleCsv({*person}),
            "email,checkin_id,state,created_at,frozen_at,criterion_key,self,manager,agreed\n");
}

TEST_P(PeopleExportTest, PersonWithACheckIn) {
  MakeCheckIn();
  Result<PersonData> person = LoadPerson(*store_, member_);
  ASSERT_TRUE(person.ok()) << person.status().message;
  EXPECT_EQ(person->manager_email, "ana@example.com");
  const nlohmann::json j = nlohmann::json::parse(PersonExportJson(*person));
  const nlohmann::json& p = j["people"][0];
  EXPECT_EQ(p["name"], "Bo, \"the\" Chen");
  EXPECT_EQ(p["manager_email"], "ana@example.com");
  ASSERT_EQ(p["check_ins"].size(), 1u);
  const nlohmann::json& c = p["check_ins"][0];
  EXPECT_EQ(c["id"], checkin_id_);
  EXPECT_EQ(c["state"], "frozen");
  EXPECT_EQ(c["frozen_by"], "ana@example.com");
  EXPECT_EQ(c["self_notes"], "=SUM(A1)");
  ASSERT_EQ(c["results"].size(), 2u);
  EXPECT_EQ(c["results"][0]["criterion_key"], keys_[0]);
  ASSERT_EQ(c["evidence"].size(), 1u);
  EXPECT_EQ(c["evidence"][0]["author_email"], "bo@example.com");
  EXPECT_EQ(c["evidence"][0]["link"], "https://example.com/ticket/1");

  const std::string csv = PeopleCsv({*person});
  const std::string date = IsoDate(person->check_ins[0].created_at);
  EXPECT_NE(csv.find(fmt::format("bo@example.com,{},frozen,{},", checkin_id_, date)),
            std::string::npos)
      << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3) << csv;
}

TEST_P(PeopleExportTest, TeamExportHasEveryMember) {
  Team other;
  other.name = "Elsewhere";
  const Team elsewhere = store_->CreateTeam(other, Actor::System()).value();
  User outsider;
  outsider.email = "cy@example.com";
  outsider.name = "Cy";
  outsider.team_id = elsewhere.id;
  ASSERT_TRUE(store_->CreateUser(outsider, Actor::System()).ok());

  Result<TeamData> team = LoadTeam(*store_, "tier 1");
  ASSERT_TRUE(team.ok()) << team.status().message;
  EXPECT_EQ(team->team.name, "Tier 1");
  ASSERT_EQ(team->people.size(), 2u);
  const nlohmann::json j = nlohmann::json::parse(TeamExportJson(*team));
  EXPECT_EQ(j["team"]["name"], "Tier 1");
  EXPECT_EQ(j["people"].size(), 2u);

  Result<TeamData> missing = LoadTeam(*store_, "Nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message, "no team named \"Nope\"; the teams are: Elsewhere, Tier 1");
}

INSTANTIATE_TEST_SUITE_P(Stores, PeopleExportTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
