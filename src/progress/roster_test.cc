#include "progress/roster.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "framework/loader.h"
#include "store/sqlite_store.h"
#include "store/store_test_support.h"

namespace rungs {
namespace {

class RosterTest : public test::FreshStoreTest<> {
 protected:
  RosterTest() : FreshStoreTest("rungs-roster") {}

  static const std::vector<Framework>& Frameworks() {
    static const std::vector<Framework> frameworks =
        LoadFrameworks(BundledSourceFiles()).frameworks;
    return frameworks;
  }

  RosterPlanResult Plan(const std::string& csv, bool with_frameworks = true) {
    return PlanRoster(csv, "roster.csv", *store_, with_frameworks ? &Frameworks() : nullptr);
  }

  std::vector<std::string> Errors(const RosterPlanResult& r) {
    std::vector<std::string> out;
    for (const RosterError& e : r.errors) out.push_back(FormatRosterError("roster.csv", e));
    return out;
  }

  std::string AllErrors(const RosterPlanResult& r) {
    std::string out;
    for (const std::string& e : Errors(r)) out += e + "\n";
    return out;
  }

  User Add(const std::string& email, const std::string& name, Role role = Role::kMember) {
    User u;
    u.email = email;
    u.name = name;
    u.role = role;
    Result<User> created = store_->CreateUser(u, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    return created.ok() ? created.value() : u;
  }

  User Get(const std::string& email) {
    Result<User> u = store_->FindUserByEmail(email);
    EXPECT_TRUE(u.ok()) << email;
    return u.ok() ? u.value() : User{};
  }

  size_t UserCount() { return store_->ListUsers()->size(); }
};

TEST_P(RosterTest, CreatesPeopleTeamsAndManagersInOneGo) {
  const std::string csv =
      "email,name,role,team,manager_email,framework,assigned_rung,start_date,probation_end\n"
      "bo@example.com,Bo Chen,member,Tier 1,ana@example.com,customer-operations,1A,"
      "2025-01-06,2025-04-06\n"
      "ana@example.com,Ana Lima,manager,Tier 1,,customer-operations,2A,2023-05-01,\n"
      "cy@example.com,Cy Diaz,,Tier 2,bo@example.com,customer-operations,1A (after "
      "probation),,\n";
  RosterPlanResult planned = Plan(csv);
  ASSERT_TRUE(planned.errors.empty()) << AllErrors(planned);
  EXPECT_EQ(planned.plan.creates, 3);
  EXPECT_EQ(planned.plan.new_teams, (std::vector<std::string>{"Tier 1", "Tier 2"}));
  EXPECT_EQ(UserCount(), 0u) << "planning writes nothing";

  Result<RosterApplied> applied = ApplyRoster(planned.plan, *store_, Actor::System());
  ASSERT_TRUE(applied.ok()) << applied.status().message;
  EXPECT_EQ(applied->created, 3);
  EXPECT_EQ(applied->teams_created.size(), 2u);
  const User ana = Get("ana@example.com");
  const User bo = Get("bo@example.com");
  const User cy = Get("cy@example.com");
  EXPECT_EQ(bo.manager_id, ana.id);
  EXPECT_EQ(cy.manager_id, bo.id);
  EXPECT_EQ(ana.manager_id, std::nullopt);
  EXPECT_EQ(ana.role, Role::kManager);
  EXPECT_EQ(cy.role, Role::kMember);
  EXPECT_EQ(cy.assigned_rung, "1A-after-probation") << "labels are accepted and stored as ids";
  EXPECT_EQ(bo.start_date, "2025-01-06");
  EXPECT_EQ(bo.probation_end, "2025-04-06");
  EXPECT_EQ(bo.team_id, ana.team_id);
  EXPECT_NE(cy.team_id, ana.team_id);

  // The same file again changes nothing.
  RosterPlanResult again = Plan(csv);
  ASSERT_TRUE(again.errors.empty()) << AllErrors(again);
  EXPECT_EQ(again.plan.unchanged, 3);
  EXPECT_EQ(again.plan.creates + again.plan.updates, 0);
  EXPECT_TRUE(again.plan.new_teams.empty());
}

TEST_P(RosterTest, UpdatesOnlyTheColumnsInTheFile) {
  User ana = Add("ana@example.com", "Ana", Role::kManager);
  ana.start_date = "2024-02-01";
  ana.framework_id = "customer-operations";
  ana.assigned_rung = "2A";
  ASSERT_TRUE(store_->UpdateUser(ana, Actor::System()).ok());
  Add("bo@example.com", "Bo");

  RosterPlanResult planned = Plan(
      "Email,Name,Manager Email\r\n"
      "ANA@example.com,Ana Lima,\r\n"
      "bo@example.com,Bo,ana@example.com\r\n");
  ASSERT_TRUE(planned.errors.empty()) << AllErrors(planned);
  EXPECT_EQ(planned.plan.updates, 2);
  EXPECT_EQ(planned.plan.entries[0].changes, (std::vector<std::string>{"name"}));
  EXPECT_EQ(planned.plan.entries[1].changes, (std::vector<std::string>{"manager_email"}));
  ASSERT_TRUE(ApplyRoster(planned.plan, *store_, Actor::System()).ok());
  const User after = Get("ana@example.com");
  EXPECT_EQ(after.name, "Ana Lima");
  EXPECT_EQ(after.role, Role::kManager) << "no role column: the role stays";
  EXPECT_EQ(after.start_date, "2024-02-01");
  EXPECT_EQ(after.assigned_rung, "2A");
  EXPECT_EQ(Get("bo@example.com").manager_id, after.id);
}

TEST_P(RosterTest, AnEmptyCellClearsAndAnEmptyRoleKeeps) {
  User ana = Add("ana@example.com", "Ana", Role::kAdmin);
  Add("bo@example.com", "Bo", Role::kManager);
  ana.manager_id = Get("bo@example.com").id;
  ana.start_date = "2024-02-01";
  ASSERT_TRUE(store_->UpdateUser(ana, Actor::System()).ok());
  RosterPlanResult planned =
      Plan("email,name,role,manager_email,start_date\nana@example.com,Ana,,,\n");
  ASSERT_TRUE(planned.errors.empty()) << AllErrors(planned);
  ASSERT_TRUE(ApplyRoster(planned.plan, *store_, Actor::System()).ok());
  const User after = Get("ana@example.com");
  EXPECT_EQ(after.role, Role::kAdmin);
  EXPECT_EQ(after.manager_id, std::nullopt);
  EXPECT_EQ(after.start_date, "");
}

TEST_P(RosterTest, BomCrlfQuotesAndBlankLinesAreFine) {
  RosterPlanResult planned = Plan(
      "\xEF\xBB\xBF"
      "email,name,team\r\n"
      "\"ana@example.com\",\"Lima, Ana\",\"Tier \"\"One\"\"\"\r\n"
      "\r\n"
      "bo@example.com,Bo,\r\n");
  ASSERT_TRUE(planned.errors.empty()) << AllErrors(planned);
  ASSERT_EQ(planned.plan.entries.size(), 2u);
  EXPECT_EQ(planned.plan.entries[0].user.name, "Lima, Ana");
  EXPECT_EQ(planned.plan.entries[0].team, "Tier \"One\"");
  EXPECT_EQ(planned.plan.entries[1].line, 4);
}

TEST_P(RosterTest, TabAndSemicolonSeparatedFilesAreRead) {
  RosterPlanResult tabs = Plan("email\tname\nana@example.com\tAna\n");
  ASSERT_TRUE(tabs.errors.empty()) << AllErrors(tabs);
  EXPECT_EQ(tabs.plan.entries.size(), 1u);
  RosterPlanResult semicolons = Plan("email;name;team\nana@example.com;Ana;T\n");
  ASSERT_TRUE(semicolons.errors.empty()) << AllErrors(semicolons);
  EXPECT_EQ(semicolons.plan.entries[0].team, "T");
}

TEST_P(RosterTest, UnknownAndMissingColumnsAreNamed) {
  RosterPlanResult r = Plan("email,full name,dept\nana@example.com,Ana,Support\n");
  const std::string errors = AllErrors(r);
  EXPECT_NE(errors.find("roster.csv:1: unknown columns \"full name\", \"dept\"; a roster's "
                        "columns are email, name, role"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("roster.csv:1: name: the header has no name column"), std::string::npos)
      << errors;
}

TEST_P(RosterTest, EmptyFileAndDuplicateColumns) {
  EXPECT_NE(AllErrors(Plan("")).find("roster.csv: the file is empty"), std::string::npos);
  EXPECT_NE(AllErrors(Plan("\xEF\xBB\xBF\r\n")).find("roster.csv: the file is empty"),
            std::string::npos);
  EXPECT_NE(AllErrors(Plan("email,name,Email\n"))
                .find("roster.csv:1: email: the column appears "
                      "twice (columns 1 and 3)"),
            std::string::npos);
}

TEST_P(RosterTest, RowErrorsNameLineAndField) {
  Add("zed@example.com", "Zed");
  const std::string csv =
      "email,name,role,manager_email,start_date,probation_end,framework,assigned_rung\n"
      "ana@example.com,Ana,boss,,,,,\n"                   // 2
      "not-an-email,Bo,,,,,,\n"                           // 3
      "cy@example.com,,,,,,,\n"                           // 4
      "dee@example.com,Dee,,x@y.com,,,,\n"                // 5
      "eve@example.com,Eve,,,2025-13-01,,,\n"             // 6
      "fay@example.com,Fay,,,2025-03-01,2025-01-01,,\n"   // 7
      "ANA@example.com,Ana again,,,,,,\n"                 // 8
      "gus@example.com,Gus,,,,,frontline,1A\n"            // 9
      "hal@example.com,Hal,,,,,customer-operations,9Z\n"  // 10
      "ivy@example.com,Ivy,,,,,,1A\n"                     // 11
      "jo@example.com,Jo,,jo@example.com,,,,\n"           // 12
      "kim@example.com,Kim,,,,,,,extra\n"                 // 13
      ",Nobody,,,,,,\n";                                  // 14
  RosterPlanResult r = Plan(csv);
  const std::vector<std::string> errors = Errors(r);
  const std::string all = AllErrors(r);
  auto has = [&](const std::string& text) {
    EXPECT_NE(all.find(text), std::string::npos) << "missing: " << text << "\n" << all;
  };
  has("roster.csv:2: role: \"boss\" is not a role; use admin, manager or member");
  has("roster.csv:3: email: must be an address such as name@example.com");
  has("roster.csv:4: name: is empty");
  has("roster.csv:5: manager_email: no person with email x@y.com in the file or the store");
  has("roster.csv:6: start_date: must be a date as YYYY-MM-DD");
  has("roster.csv:7: probation_end: 2025-01-01 is before start_date 2025-03-01");
  has("roster.csv:8: email: ana@example.com is also on line 2");
  has("roster.csv:9: framework: no framework with id \"frontline\"; the frameworks are "
      "customer-operations, ");
  has("roster.csv:10: assigned_rung: \"9Z\" is not a rung of customer-operations; its rungs are "
      "1A, 1A-after-probation, 1B, 1C, 2A, 2B");
  has("roster.csv:11: assigned_rung: the rung \"1A\" needs a framework");
  has("roster.csv:12: manager_email: a person cannot be their own manager");
  has("roster.csv:13: the row has 9 cells but the header has 8 columns");
  has("roster.csv:14: email: is empty");
  EXPECT_EQ(errors.size(), 13u) << all;
  EXPECT_EQ(UserCount(), 1u);
}

TEST_P(RosterTest, ManagersInTheStoreCountAndLoopsAreRefused) {
  Add("boss@example.com", "Boss", Role::kManager);
  RosterPlanResult ok = Plan("email,name,manager_email\nana@example.com,Ana,BOSS@example.com\n");
  EXPECT_TRUE(ok.errors.empty()) << AllErrors(ok);

  RosterPlanResult loop = Plan(
      "email,name,manager_email\n"
      "ana@example.com,Ana,bo@example.com\n"
      "bo@example.com,Bo,cy@example.com\n"
      "cy@example.com,Cy,ana@example.com\n");
  const std::vector<std::string> errors = Errors(loop);
  ASSERT_EQ(errors.size(), 1u) << AllErrors(loop);
  EXPECT_EQ(errors[0],
            "roster.csv:2: manager_email: managers would form a loop: ana@example.com → "
            "bo@example.com → cy@example.com → ana@example.com");

  // A loop through someone in the store who is not in the file.
  User boss = Get("boss@example.com");
  Add("mid@example.com", "Mid");
  User mid = Get("mid@example.com");
  mid.manager_id = boss.id;
  ASSERT_TRUE(store_->UpdateUser(mid, Actor::System()).ok());
  RosterPlanResult through =
      Plan("email,name,manager_email\nboss@example.com,Boss,mid@example.com\n");
  EXPECT_NE(AllErrors(through).find("managers would form a loop: boss@example.com → "
                                    "mid@example.com → boss@example.com"),
            std::string::npos)
      << AllErrors(through);
}

TEST_P(RosterTest, ManagersCanBeSwapped) {
  User ana = Add("ana@example.com", "Ana", Role::kManager);
  User bo = Add("bo@example.com", "Bo", Role::kManager);
  bo.manager_id = ana.id;
  ASSERT_TRUE(store_->UpdateUser(bo, Actor::System()).ok());
  RosterPlanResult planned = Plan(
      "email,name,manager_email\n"
      "ana@example.com,Ana,bo@example.com\n"
      "bo@example.com,Bo,\n");
  ASSERT_TRUE(planned.errors.empty()) << AllErrors(planned);
  Result<RosterApplied> applied = ApplyRoster(planned.plan, *store_, Actor::System());
  ASSERT_TRUE(applied.ok()) << applied.status().message;
  EXPECT_EQ(Get("ana@example.com").manager_id, bo.id);
  EXPECT_EQ(Get("bo@example.com").manager_id, std::nullopt);
}

TEST_P(RosterTest, ExistingTeamsAreMatchedIgnoringCase) {
  Team t;
  t.name = "Tier 1";
  ASSERT_TRUE(store_->CreateTeam(t, Actor::System()).ok());
  RosterPlanResult planned = Plan(
      "email,name,team\nana@example.com,Ana,tier 1\nbo@example.com,Bo,New\n"
      "cy@example.com,Cy,NEW\n");
  ASSERT_TRUE(planned.errors.empty()) << AllErrors(planned);
  EXPECT_EQ(planned.plan.entries[0].team, "Tier 1");
  EXPECT_EQ(planned.plan.new_teams, std::vector<std::string>{"New"});
  EXPECT_EQ(planned.plan.entries[2].team, "New");
  ASSERT_TRUE(ApplyRoster(planned.plan, *store_, Actor::System()).ok());
  EXPECT_EQ(store_->ListTeams()->size(), 2u);
}

TEST_P(RosterTest, WithoutFrameworksIdsAreTakenAsWritten) {
  RosterPlanResult planned =
      Plan("email,name,framework,assigned_rung\nana@example.com,Ana,anything,X9\n", false);
  ASSERT_TRUE(planned.errors.empty()) << AllErrors(planned);
  EXPECT_EQ(planned.plan.entries[0].user.assigned_rung, "X9");
}

TEST_P(RosterTest, ChangingTheFrameworkChecksTheRungTheyHold) {
  User ana = Add("ana@example.com", "Ana");
  ana.framework_id = "customer-operations";
  ana.assigned_rung = "1B";
  ASSERT_TRUE(store_->UpdateUser(ana, Actor::System()).ok());
  RosterPlanResult planned = Plan("email,name,assigned_rung\nana@example.com,Ana,1C\n");
  ASSERT_TRUE(planned.errors.empty()) << AllErrors(planned);
  EXPECT_EQ(planned.plan.entries[0].changes, std::vector<std::string>{"assigned_rung"});
  RosterPlanResult bad = Plan("email,name,assigned_rung\nana@example.com,Ana,7\n");
  EXPECT_NE(AllErrors(bad).find("roster.csv:2: assigned_rung: \"7\" is not a rung of "
                                "customer-operations"),
            std::string::npos)
      << AllErrors(bad);
}

TEST_P(RosterTest, AnUnclosedQuoteIsAnErrorAtItsLine) {
  RosterPlanResult r = Plan("email,name\nana@example.com,\"Ana\n");
  EXPECT_NE(AllErrors(r).find("roster.csv:2: quoted cell is never closed"), std::string::npos)
      << AllErrors(r);
}

INSTANTIATE_TEST_SUITE_P(Stores, RosterTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
