// The Store's behaviour, written once for every implementation and run on each: SQLite and
// PostgreSQL (test::Stores()).
#include "store/store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/sqlite_store.h"
#include "store/store_test_support.h"

namespace rungs {
namespace {

namespace fs = std::filesystem;

class StoreTest : public test::FreshStoreTest<> {
 protected:
  StoreTest() : FreshStoreTest("rungs-store") {}

  User NewUser(const std::string& email, Role role = Role::kMember) {
    User u;
    u.email = email;
    u.name = email.substr(0, email.find('@'));
    u.role = role;
    return u;
  }

  // The whole audit log (a local copy: ranging over a temporary Result would dangle).
  std::vector<AuditEntry> Log() { return store_->AuditLog(0, 100000).value(); }
};

TEST_P(StoreTest, CreatesAndReadsUsers) {
  User input = NewUser("  Ana@Example.COM ", Role::kManager);
  input.start_date = "2026-01-05";
  Result<User> created = store_->CreateUser(input, Actor::System());
  ASSERT_TRUE(created.ok()) << created.status().message;
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->email, "ana@example.com");
  Result<User> found = store_->FindUserByEmail("ANA@example.com");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, *created);
  EXPECT_EQ(store_->GetUser(9999).status().code, StatusCode::kNotFound);
}

// The setup link's admin: made once, with its password, only while there is no admin; a member
// already there (a roster imported first) does not count.
TEST_P(StoreTest, TheFirstAdminIsCreatedOnlyWhileThereIsNone) {
  ASSERT_TRUE(store_->CreateUser(NewUser("mel@example.com"), Actor::System()).ok());
  EXPECT_FALSE(store_->HasAdmin().value());
  EXPECT_EQ(
      store_->CreateFirstAdmin(NewUser("ada@example.com"), "", Actor::System()).status().field,
      "password");
  Result<User> ada =
      store_->CreateFirstAdmin(NewUser("ada@example.com"), "$argon2id$stand-in", Actor::System());
  ASSERT_TRUE(ada.ok()) << ada.status().message;
  EXPECT_EQ(ada->role, Role::kAdmin);
  EXPECT_EQ(store_->PasswordHash(ada->id).value(), "$argon2id$stand-in");
  EXPECT_TRUE(store_->HasAdmin().value());
  Result<User> second =
      store_->CreateFirstAdmin(NewUser("bo@example.com"), "$argon2id$stand-in", Actor::System());
  EXPECT_EQ(second.status().code, StatusCode::kConflict);
  EXPECT_FALSE(store_->FindUserByEmail("bo@example.com").ok());
}

TEST_P(StoreTest, DuplicateEmailIsAConflictOnTheEmailField) {
  ASSERT_TRUE(store_->CreateUser(NewUser("ana@example.com"), Actor::System()).ok());
  Result<User> again = store_->CreateUser(NewUser("ANA@example.com"), Actor::System());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code, StatusCode::kConflict);
  EXPECT_EQ(again.status().field, "email");
  // Nothing half-written: one user, one audit entry.
  EXPECT_EQ(store_->ListUsers()->size(), 1u);
  EXPECT_EQ(store_->AuditLog(0, 100)->size(), 1u);
}

TEST_P(StoreTest, InvalidFieldsAreNamed) {
  User bad = NewUser("not-an-email");
  EXPECT_EQ(store_->CreateUser(bad, Actor::System()).status().field, "email");
  bad = NewUser("ok@example.com");
  bad.start_date = "05/01/2026";
  EXPECT_EQ(store_->CreateUser(bad, Actor::System()).status().field, "start_date");
  bad = NewUser("ok@example.com");
  bad.team_id = 42;
  EXPECT_EQ(store_->CreateUser(bad, Actor::System()).status().code, StatusCode::kInvalid);
}

TEST_P(StoreTest, ReportsAreTransitiveAndLoopsAreRefused) {
  Result<User> boss =
      store_->CreateUser(NewUser("boss@example.com", Role::kManager), Actor::System());
  User lead_input = NewUser("lead@example.com", Role::kManager);
  lead_input.manager_id = boss->id;
  Result<User> lead = store_->CreateUser(lead_input, Actor::System());
  User agent_input = NewUser("agent@example.com");
  agent_input.manager_id = lead->id;
  Result<User> agent = store_->CreateUser(agent_input, Actor::System());
  ASSERT_TRUE(agent.ok());
  Result<std::vector<User>> reports = store_->ReportsOf(boss->id);
  ASSERT_TRUE(reports.ok());
  ASSERT_EQ(reports->size(), 2u);
  EXPECT_EQ((*reports)[0].email, "agent@example.com");
  EXPECT_EQ(store_->ReportsOf(agent->id)->size(), 0u);
  User loop = *boss;
  loop.manager_id = agent->id;
  Result<User> refused = store_->UpdateUser(loop, Actor::Of(lead->id));
  EXPECT_EQ(refused.status().field, "manager_id");
}

TEST_P(StoreTest, EveryWriteIsAudited) {
  Result<Team> team = store_->CreateTeam({0, "Support EMEA", "Europe/London", 0}, Actor::System());
  ASSERT_TRUE(team.ok());
  User u = NewUser("ana@example.com");
  u.team_id = team->id;
  Result<User> created = store_->CreateUser(u, Actor::System());
  User promoted = *created;
  promoted.assigned_rung = "1B";
  ASSERT_TRUE(store_->UpdateUser(promoted, Actor::Of(created->id)).ok());
  Result<std::vector<AuditEntry>> log = store_->AuditLog(0, 10);
  ASSERT_EQ(log->size(), 3u);
  EXPECT_EQ((*log)[0].action, "team.create");
  EXPECT_EQ((*log)[2].action, "user.update");
  EXPECT_EQ((*log)[2].actor_id, created->id);
  EXPECT_EQ((*log)[2].details, "{\"assigned_rung\":\"1B\"}");
  EXPECT_EQ(store_->CreateTeam({0, "Support EMEA", "UTC", 0}, Actor::System()).status().field,
            "name");
}

TEST_P(StoreTest, FindsAuditEntriesNewestFirstByActorTargetActionAndTime) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  Result<User> bob = store_->CreateUser(NewUser("bob@example.com"), Actor::Of(ana->id));
  ASSERT_TRUE(bob.ok());
  User renamed = *bob;
  renamed.name = "Bob B";
  ASSERT_TRUE(store_->UpdateUser(renamed, Actor::Of(ana->id)).ok());
  ASSERT_TRUE(store_->CreateTeam({0, "Support", "UTC", 0}, Actor::Of(bob->id)).ok());
  const std::vector<AuditEntry> log = Log();  // oldest first
  ASSERT_EQ(log.size(), 4u);
  auto actions = [](const Result<std::vector<AuditEntry>>& found) {
    std::vector<std::string> out;
    if (!found.ok()) return std::vector<std::string>{found.status().message};
    for (const AuditEntry& e : *found) out.push_back(e.action + " " + e.target);
    return out;
  };
  using Actions = std::vector<std::string>;
  const std::string ana_target = "user:" + std::to_string(ana->id);
  const std::string bob_target = "user:" + std::to_string(bob->id);
  EXPECT_EQ(actions(store_->FindAudit({}, 10)),
            (Actions{"team.create " + log[3].target, "user.update " + bob_target,
                     "user.create " + bob_target, "user.create " + ana_target}));
  EXPECT_EQ(actions(store_->FindAudit({}, 2)).size(), 2u);
  AuditFilter older;
  older.before_id = log[2].id;
  EXPECT_EQ(actions(store_->FindAudit(older, 10)),
            (Actions{"user.create " + bob_target, "user.create " + ana_target}));

  AuditFilter by_ana;
  by_ana.actor_id = ana->id;
  EXPECT_EQ(actions(store_->FindAudit(by_ana, 10)),
            (Actions{"user.update " + bob_target, "user.create " + bob_target}));
  AuditFilter by_system;
  by_system.actor_id = 0;
  EXPECT_EQ(actions(store_->FindAudit(by_system, 10)), (Actions{"user.create " + ana_target}));

  AuditFilter about;
  about.targets = {ana_target, log[3].target};
  EXPECT_EQ(actions(store_->FindAudit(about, 10)),
            (Actions{"team.create " + log[3].target, "user.create " + ana_target}));

  AuditFilter exact;
  exact.action = "user.create";
  EXPECT_EQ(actions(store_->FindAudit(exact, 10)).size(), 2u);
  AuditFilter family;
  family.action = "user.";
  EXPECT_EQ(actions(store_->FindAudit(family, 10)).size(), 3u);
  family.action = "use";  // not a family: no dot at the end, so an action of its own
  EXPECT_TRUE(store_->FindAudit(family, 10)->empty());
  // The same filter with a quote in it is a value, never SQL.
  family.action = "user.' OR '1'='1";
  EXPECT_TRUE(store_->FindAudit(family, 10)->empty());

  AuditFilter when;
  when.from = log[0].at;
  when.until = log[3].at + 1;
  EXPECT_EQ(actions(store_->FindAudit(when, 10)).size(), 4u);
  when.until = log[0].at;  // before the first: nothing
  EXPECT_TRUE(store_->FindAudit(when, 10)->empty());
  when.from = log[3].at + 1;
  when.until.reset();
  EXPECT_TRUE(store_->FindAudit(when, 10)->empty());

  AuditFilter all;  // every condition at once
  all.before_id = log[3].id;
  all.actor_id = ana->id;
  all.targets = {bob_target};
  all.action = "user.";
  all.from = log[0].at;
  all.until = log[3].at + 1;
  EXPECT_EQ(actions(store_->FindAudit(all, 1)), (Actions{"user.update " + bob_target}));
}

TEST_P(StoreTest, UpdatingAUserToATakenEmailIsAConflict) {
  ASSERT_TRUE(store_->CreateUser(NewUser("ana@example.com"), Actor::System()).ok());
  Result<User> bob = store_->CreateUser(NewUser("bob@example.com"), Actor::System());
  User renamed = *bob;
  renamed.email = "ANA@example.com";
  Result<User> refused = store_->UpdateUser(renamed, Actor::System());
  EXPECT_EQ(refused.status().code, StatusCode::kConflict);
  EXPECT_EQ(refused.status().field, "email");
  EXPECT_EQ(store_->GetUser(bob->id)->email, "bob@example.com");
  User bad_team = *bob;
  bad_team.team_id = 42;
  EXPECT_EQ(store_->UpdateUser(bad_team, Actor::System()).status().field, "team_id");
  User bad_manager = *bob;
  bad_manager.manager_id = 4242;
  EXPECT_EQ(store_->UpdateUser(bad_manager, Actor::System()).status().field, "manager_id");
}

TEST_P(StoreTest, UpdatesTeams) {
  Result<Team> team = store_->CreateTeam({0, "Support", "UTC", 0}, Actor::System());
  ASSERT_TRUE(store_->CreateTeam({0, "Billing", "UTC", 0}, Actor::System()).ok());
  Result<Team> renamed =
      store_->UpdateTeam({team->id, "Support EMEA", "Europe/London", 0}, Actor::System());
  ASSERT_TRUE(renamed.ok()) << renamed.status().message;
  EXPECT_EQ(renamed->created_at, team->created_at);
  Result<std::vector<Team>> teams = store_->ListTeams();
  ASSERT_EQ(teams->size(), 2u);
  EXPECT_EQ((*teams)[1].name, "Support EMEA");
  EXPECT_EQ((*teams)[1].time_zone, "Europe/London");
  EXPECT_EQ(store_->AuditLog(0, 10)->back().details,
            "{\"name\":\"Support EMEA\",\"time_zone\":\"Europe/London\"}");
  EXPECT_EQ(store_->UpdateTeam({team->id, "Billing", "UTC", 0}, Actor::System()).status().field,
            "name");
  EXPECT_EQ(store_->UpdateTeam({team->id, "X", "Not a zone!", 0}, Actor::System()).status().field,
            "time_zone");
  EXPECT_EQ(store_->UpdateTeam({999, "X", "UTC", 0}, Actor::System()).status().code,
            StatusCode::kNotFound);
}

TEST_P(StoreTest, DeletesAUserWithoutCheckIns) {
  Result<User> boss = store_->CreateUser(NewUser("boss@example.com"), Actor::System());
  User report = NewUser("report@example.com");
  report.manager_id = boss->id;
  Result<User> created = store_->CreateUser(report, Actor::System());
  ASSERT_TRUE(store_->CreateSession({"digest", boss->id, "csrf", 0, 4102444800, 0}).ok());
  ASSERT_TRUE(store_->DeleteUser(boss->id, Actor::System()).ok());
  EXPECT_EQ(store_->GetUser(boss->id).status().code, StatusCode::kNotFound);
  EXPECT_FALSE(store_->GetUser(created->id)->manager_id.has_value());
  EXPECT_EQ(store_->FindSession("digest", 0).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteUser(boss->id, Actor::System()).code, StatusCode::kNotFound);
  // The log keeps what happened, not who it was.
  for (const AuditEntry& e : Log()) {
    EXPECT_EQ(e.details.find("boss@"), std::string::npos) << e.details;
  }
  EXPECT_EQ(store_->AuditLog(0, 100)->back().action, "user.delete");
}

TEST_P(StoreTest, StoresPasswordHashesWithoutAuditingThem) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "");
  ASSERT_TRUE(store_->SetPasswordHash(ana->id, "$argon2id$v=19$secret", Actor::Of(ana->id)).ok());
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "$argon2id$v=19$secret");
  EXPECT_EQ(store_->PasswordHash(999).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->SetPasswordHash(999, "x", Actor::System()).code, StatusCode::kNotFound);
  const AuditEntry last = store_->AuditLog(0, 10)->back();
  EXPECT_EQ(last.action, "user.password_set");
  EXPECT_EQ(last.details, "{}");
}

TEST_P(StoreTest, SessionsExpireAndAreTouched) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  ASSERT_TRUE(store_->CreateSession({"s1", ana->id, "csrf1", 1000, 2000, 0}).ok());
  ASSERT_TRUE(store_->CreateSession({"s2", ana->id, "csrf2", 1000, 5000, 0}).ok());
  Result<Session> found = store_->FindSession("s1", 1500);
  ASSERT_TRUE(found.ok()) << found.status().message;
  EXPECT_EQ(found->user_id, ana->id);
  EXPECT_EQ(found->csrf_token, "csrf1");
  EXPECT_EQ(found->last_seen_at, 1000);
  ASSERT_TRUE(store_->TouchSession("s1", 1600).ok());
  EXPECT_EQ(store_->FindSession("s1", 1700)->last_seen_at, 1600);
  EXPECT_EQ(store_->TouchSession("nope", 1600).code, StatusCode::kNotFound);

  // Expired: not found, and deleted on the way (so not found even at an earlier time).
  EXPECT_EQ(store_->FindSession("s1", 2000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->FindSession("s1", 1500).status().code, StatusCode::kNotFound);
  EXPECT_TRUE(store_->FindSession("s2", 2000).ok());

  ASSERT_TRUE(store_->DeleteSession("s2").ok());
  EXPECT_EQ(store_->FindSession("s2", 2000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteSession("s2").code, StatusCode::kNotFound);
  ASSERT_TRUE(store_->CreateSession({"s3", ana->id, "c", 3000, 9000, 0}).ok());
  ASSERT_TRUE(store_->CreateSession({"s4", ana->id, "c", 3000, 9000, 0}).ok());
  ASSERT_TRUE(store_->DeleteSessionsOf(ana->id).ok());
  EXPECT_EQ(store_->FindSession("s3", 3000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->FindSession("s4", 3000).status().code, StatusCode::kNotFound);

  Status unknown_user = store_->CreateSession({"s5", 999, "c", 3000, 9000, 0});
  EXPECT_EQ(unknown_user.code, StatusCode::kInvalid);
  EXPECT_EQ(unknown_user.field, "user_id");
  EXPECT_EQ(store_->CreateSession({"s5", ana->id, "c", 3000, 3000, 0}).field, "expires_at");
  EXPECT_EQ(store_->CreateSession({"", ana->id, "c", 3000, 9000, 0}).field, "token_digest");
  ASSERT_TRUE(store_->CreateSession({"dup", ana->id, "c", 3000, 9000, 0}).ok());
  EXPECT_EQ(store_->CreateSession({"dup", ana->id, "c", 3000, 9000, 0}).code,
            StatusCode::kConflict);
  for (const AuditEntry& e : Log()) {
    EXPECT_EQ(e.details.find("csrf"), std::string::npos) << e.details;
    EXPECT_EQ(e.details.find("dup"), std::string::npos) << e.details;
  }
}

TEST_P(StoreTest, ApiTokensAreUsedListedAndRevokedByTheirOwner) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  Result<User> bob = store_->CreateUser(NewUser("bob@example.com"), Actor::System());
  Result<ApiToken> token = store_->CreateApiToken(
      {0, ana->id, "nightly export", "digest-1", 0, 0, false}, Actor::Of(ana->id));
  ASSERT_TRUE(token.ok()) << token.status().message;
  EXPECT_GT(token->id, 0);
  EXPECT_GT(token->created_at, 0);
  Result<ApiToken> used = store_->UseApiToken("digest-1", 12345);
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(used->user_id, ana->id);
  EXPECT_EQ(used->last_used_at, 12345);
  Result<std::vector<ApiToken>> list = store_->ListApiTokens(ana->id);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "nightly export");
  EXPECT_EQ((*list)[0].last_used_at, 12345);
  // Uses are recorded to the minute: a call within it writes nothing.
  EXPECT_EQ(store_->UseApiToken("digest-1", 12345 + 59)->last_used_at, 12345);
  EXPECT_EQ(store_->UseApiToken("digest-1", 12345 + 60)->last_used_at, 12345 + 60);
  EXPECT_EQ((*store_->ListApiTokens(ana->id))[0].last_used_at, 12345 + 60);
  EXPECT_TRUE(store_->ListApiTokens(bob->id)->empty());
  EXPECT_EQ(store_->UseApiToken("unknown", 1).status().code, StatusCode::kNotFound);

  EXPECT_EQ(store_->RevokeApiToken(bob->id, token->id, Actor::Of(bob->id)).code,
            StatusCode::kNotFound);
  EXPECT_TRUE(store_->UseApiToken("digest-1", 2).ok());
  ASSERT_TRUE(store_->RevokeApiToken(ana->id, token->id, Actor::Of(ana->id)).ok());
  EXPECT_EQ(store_->UseApiToken("digest-1", 3).status().code, StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListApiTokens(ana->id).value()[0].revoked);

  EXPECT_EQ(
      store_->CreateApiToken({0, ana->id, "", "d2", 0, 0, false}, Actor::System()).status().field,
      "name");
  EXPECT_EQ(
      store_->CreateApiToken({0, 999, "x", "d2", 0, 0, false}, Actor::System()).status().field,
      "user_id");
  EXPECT_EQ(store_->CreateApiToken({0, ana->id, "x", "digest-1", 0, 0, false}, Actor::System())
                .status()
                .code,
            StatusCode::kConflict);
  for (const AuditEntry& e : Log()) {
    EXPECT_EQ(e.details.find("digest"), std::string::npos) << e.details;
  }
}

TEST_P(StoreTest, LoginFailuresAreCountedClearedAndForgottenAfterADay) {
  const int64_t day = 24 * 60 * 60;
  for (int64_t at : {1000, 1010, 1020}) {
    ASSERT_TRUE(store_->RecordLoginFailure("email:ana@example.com", at).ok());
  }
  ASSERT_TRUE(store_->RecordLoginFailure("ip:10.0.0.1", 1020).ok());
  EXPECT_EQ(store_->CountLoginFailures("email:ana@example.com", 0).value(), 3);
  EXPECT_EQ(store_->CountLoginFailures("email:ana@example.com", 1010).value(), 2);
  EXPECT_EQ(store_->CountLoginFailures("email:bob@example.com", 0).value(), 0);
  ASSERT_TRUE(store_->ClearLoginFailures("email:ana@example.com").ok());
  EXPECT_EQ(store_->CountLoginFailures("email:ana@example.com", 0).value(), 0);
  EXPECT_EQ(store_->CountLoginFailures("ip:10.0.0.1", 0).value(), 1);
  // Recording a day later deletes what is older than a day.
  ASSERT_TRUE(store_->RecordLoginFailure("email:ana@example.com", 1020 + day + 1).ok());
  EXPECT_EQ(store_->CountLoginFailures("ip:10.0.0.1", 0).value(), 0);
  EXPECT_EQ(store_->CountLoginFailures("email:ana@example.com", 0).value(), 1);
  EXPECT_TRUE(store_->AuditLog(0, 10)->empty());  // bookkeeping, not audited
}

TEST_P(StoreTest, OneTimeLinksWorkOnceBeforeTheyExpire) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  const int64_t later = 4102444800;  // 2100-01-01
  ASSERT_TRUE(
      store_->CreateOneTimeLink({"link-1", ana->id, LinkPurpose::kInvite, later}, Actor::System())
          .ok());
  ASSERT_TRUE(store_->CreateSession({"s1", ana->id, "c", 1000, later, 0}).ok());
  Result<User> redeemed =
      store_->RedeemOneTimeLink("link-1", LinkPurpose::kInvite, "$argon2id$new", 2000);
  ASSERT_TRUE(redeemed.ok()) << redeemed.status().message;
  EXPECT_EQ(redeemed->id, ana->id);
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "$argon2id$new");
  EXPECT_EQ(store_->FindSession("s1", 2000).status().code, StatusCode::kNotFound);
  // Single use.
  EXPECT_EQ(store_->RedeemOneTimeLink("link-1", LinkPurpose::kInvite, "$argon2id$again", 2001)
                .status()
                .code,
            StatusCode::kNotFound);
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "$argon2id$new");

  ASSERT_TRUE(
      store_->CreateOneTimeLink({"link-2", ana->id, LinkPurpose::kReset, later}, Actor::System())
          .ok());
  EXPECT_EQ(store_->RedeemOneTimeLink("link-2", LinkPurpose::kReset, "$argon2id$late", later)
                .status()
                .code,
            StatusCode::kNotFound);  // expired
  EXPECT_EQ(
      store_->RedeemOneTimeLink("unknown", LinkPurpose::kReset, "$argon2id$x", 2000).status().code,
      StatusCode::kNotFound);
  EXPECT_EQ(store_->RedeemOneTimeLink("link-2", LinkPurpose::kReset, "", 2000).status().field,
            "password");
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "$argon2id$new");
  EXPECT_TRUE(
      store_->RedeemOneTimeLink("link-2", LinkPurpose::kReset, "$argon2id$reset", later - 1).ok());

  EXPECT_EQ(
      store_->CreateOneTimeLink({"link-3", 999, LinkPurpose::kReset, later}, Actor::System()).field,
      "user_id");
  EXPECT_EQ(
      store_->CreateOneTimeLink({"link-3", ana->id, LinkPurpose::kReset, 0}, Actor::System()).field,
      "expires_at");
  for (const AuditEntry& e : Log()) {
    EXPECT_EQ(e.details.find("link-"), std::string::npos) << e.details;
    EXPECT_EQ(e.details.find("argon2id"), std::string::npos) << e.details;
  }
  EXPECT_EQ(store_->AuditLog(0, 100)->back().action, "link.redeem");
}

// A reset is often because of a leak: whoever had the old password, a session or a token, or an
// older link, is locked out once the new password is set.
TEST_P(StoreTest, RedeemingAResetEndsSessionsTokensAndEveryOtherLink) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  Result<User> bob = store_->CreateUser(NewUser("bob@example.com"), Actor::System());
  const int64_t later = 4102444800;
  for (const char* digest : {"reset-old", "reset-new"}) {
    ASSERT_TRUE(
        store_->CreateOneTimeLink({digest, ana->id, LinkPurpose::kReset, later}, Actor::System())
            .ok());
  }
  ASSERT_TRUE(
      store_->CreateOneTimeLink({"invite", ana->id, LinkPurpose::kInvite, later}, Actor::System())
          .ok());
  ASSERT_TRUE(
      store_->CreateOneTimeLink({"bob-reset", bob->id, LinkPurpose::kReset, later}, Actor::System())
          .ok());
  ASSERT_TRUE(store_->CreateSession({"s1", ana->id, "c", 1000, later, 0}).ok());
  ASSERT_TRUE(store_->CreateSession({"bob-s", bob->id, "c", 1000, later, 0}).ok());
  for (const char* digest : {"t1", "t2"}) {
    ASSERT_TRUE(
        store_->CreateApiToken({0, ana->id, digest, digest, 0, 0, false}, Actor::System()).ok());
  }
  ASSERT_TRUE(
      store_->CreateApiToken({0, bob->id, "b", "bob-t", 0, 0, false}, Actor::System()).ok());

  ASSERT_TRUE(
      store_->RedeemOneTimeLink("reset-new", LinkPurpose::kReset, "$argon2id$new", 2000).ok());
  EXPECT_EQ(store_->FindSession("s1", 2000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->UseApiToken("t1", 2000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->UseApiToken("t2", 2000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->RedeemOneTimeLink("reset-old", LinkPurpose::kReset, "$argon2id$old", 2001)
                .status()
                .code,
            StatusCode::kNotFound);
  EXPECT_EQ(store_->RedeemOneTimeLink("invite", LinkPurpose::kInvite, "$argon2id$invite", 2001)
                .status()
                .code,
            StatusCode::kNotFound);
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "$argon2id$new");
  const AuditEntry redeemed = Log().back();
  EXPECT_EQ(redeemed.action, "link.redeem");
  EXPECT_EQ(redeemed.details,
            "{\"api_tokens_revoked\":2,\"links_spent\":2,\"purpose\":\"reset\","
            "\"sessions_ended\":1}");
  // Nobody else's.
  EXPECT_TRUE(store_->FindSession("bob-s", 2000).ok());
  EXPECT_TRUE(store_->UseApiToken("bob-t", 2000).ok());
  EXPECT_TRUE(
      store_->RedeemOneTimeLink("bob-reset", LinkPurpose::kReset, "$argon2id$bob", 2000).ok());
}

TEST_P(StoreTest, RedeemingAnInvitationSpendsTheOtherInvitations) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  const int64_t later = 4102444800;
  for (const char* digest : {"invite-1", "invite-2"}) {
    ASSERT_TRUE(
        store_->CreateOneTimeLink({digest, ana->id, LinkPurpose::kInvite, later}, Actor::System())
            .ok());
  }
  ASSERT_TRUE(
      store_->RedeemOneTimeLink("invite-2", LinkPurpose::kInvite, "$argon2id$first", 2000).ok());
  EXPECT_EQ(store_->RedeemOneTimeLink("invite-1", LinkPurpose::kInvite, "$argon2id$second", 2001)
                .status()
                .code,
            StatusCode::kNotFound);
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "$argon2id$first");
}

// The web layer asks before it spends time hashing a password, and learns what the link is for.
TEST_P(StoreTest, FindsAnUsableLinkWithoutSpendingIt) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  const int64_t later = 4102444800;
  ASSERT_TRUE(
      store_->CreateOneTimeLink({"reset", ana->id, LinkPurpose::kReset, later}, Actor::System())
          .ok());
  ASSERT_TRUE(
      store_->CreateOneTimeLink({"invite", ana->id, LinkPurpose::kInvite, later}, Actor::System())
          .ok());
  const size_t entries = Log().size();
  Result<OneTimeLink> found = store_->FindOneTimeLink("reset", 2000);
  ASSERT_TRUE(found.ok()) << found.status().message;
  EXPECT_EQ(found->token_digest, "reset");
  EXPECT_EQ(found->user_id, ana->id);
  EXPECT_EQ(found->purpose, LinkPurpose::kReset);
  EXPECT_EQ(found->expires_at, later);
  EXPECT_EQ(store_->FindOneTimeLink("invite", 2000)->purpose, LinkPurpose::kInvite);
  EXPECT_EQ(Log().size(), entries);  // read-only
  EXPECT_EQ(store_->FindOneTimeLink("reset", later).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->FindOneTimeLink("unknown", 2000).status().code, StatusCode::kNotFound);
  ASSERT_TRUE(store_->RedeemOneTimeLink("reset", LinkPurpose::kReset, "$argon2id$x", 2000).ok());
  EXPECT_EQ(store_->FindOneTimeLink("reset", 2000).status().code, StatusCode::kNotFound);
}

// An invitation's token posted to /reset (or the other way round) is not a link there.
TEST_P(StoreTest, ALinkIsRedeemedOnlyForItsPurpose) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  const int64_t later = 4102444800;
  ASSERT_TRUE(
      store_->CreateOneTimeLink({"invite", ana->id, LinkPurpose::kInvite, later}, Actor::System())
          .ok());
  ASSERT_TRUE(
      store_->CreateOneTimeLink({"reset", ana->id, LinkPurpose::kReset, later}, Actor::System())
          .ok());
  EXPECT_EQ(
      store_->RedeemOneTimeLink("invite", LinkPurpose::kReset, "$argon2id$x", 2000).status().code,
      StatusCode::kNotFound);
  EXPECT_EQ(
      store_->RedeemOneTimeLink("reset", LinkPurpose::kInvite, "$argon2id$x", 2000).status().code,
      StatusCode::kNotFound);
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "");
  EXPECT_TRUE(store_->RedeemOneTimeLink("reset", LinkPurpose::kReset, "$argon2id$r", 2000).ok());
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "$argon2id$r");
}

// Deactivating someone ends their sessions, tokens and links for good: making them active
// again later opens none of it.
TEST_P(StoreTest, DeactivationIsNotUndoneByReactivation) {
  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  const int64_t later = 4102444800;
  ASSERT_TRUE(store_->CreateSession({"s1", ana->id, "c", 1000, later, 0}).ok());
  ASSERT_TRUE(store_->CreateApiToken({0, ana->id, "t", "t1", 0, 0, false}, Actor::System()).ok());
  ASSERT_TRUE(
      store_->CreateOneTimeLink({"reset", ana->id, LinkPurpose::kReset, later}, Actor::System())
          .ok());
  User inactive = *ana;
  inactive.active = false;
  ASSERT_TRUE(store_->UpdateUser(inactive, Actor::System()).ok());
  EXPECT_EQ(Log().back().details,
            "{\"active\":false,\"api_tokens_revoked\":1,\"links_spent\":1,"
            "\"sessions_ended\":1}");
  // Nothing new for them while they are inactive, whatever the caller checked before.
  const Status session = store_->CreateSession({"s2", ana->id, "c", 1000, later, 0});
  EXPECT_EQ(session.code, StatusCode::kForbidden);
  EXPECT_EQ(session.field, "user_id");
  EXPECT_EQ(
      store_->CreateApiToken({0, ana->id, "t", "t2", 0, 0, false}, Actor::System()).status().code,
      StatusCode::kForbidden);

  User active = *ana;
  active.active = true;
  ASSERT_TRUE(store_->UpdateUser(active, Actor::System()).ok());
  EXPECT_EQ(store_->FindSession("s1", 2000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->UseApiToken("t1", 2000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->FindOneTimeLink("reset", 2000).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->FindSession("s2", 2000).status().code, StatusCode::kNotFound);
  EXPECT_TRUE(store_->CreateSession({"s3", ana->id, "c", 1000, later, 0}).ok());
}

// After a reset the web layer clears every "acct:{email}|{address}" counter of the account.
TEST_P(StoreTest, LoginFailuresAreClearedByPrefix) {
  for (const char* key :
       {"acct:ana@example.com|10.0.0.1", "acct:ana@example.com|10.0.0.2",
        "acct:ana@example.com.au|10.0.0.1", "acct:bob@example.com|10.0.0.1", "addr:10.0.0.1",
        "acct:a_b%c@example.com|1", "acct:aXbYc@example.com|1", "acct:ANA@example.com|10.0.0.1"}) {
    ASSERT_TRUE(store_->RecordLoginFailure(key, 1000).ok());
  }
  ASSERT_TRUE(store_->ClearLoginFailuresWithPrefix("acct:ana@example.com|").ok());
  EXPECT_EQ(store_->CountLoginFailures("acct:ana@example.com|10.0.0.1", 0).value(), 0);
  EXPECT_EQ(store_->CountLoginFailures("acct:ana@example.com|10.0.0.2", 0).value(), 0);
  EXPECT_EQ(store_->CountLoginFailures("acct:ana@example.com.au|10.0.0.1", 0).value(), 1);
  EXPECT_EQ(store_->CountLoginFailures("acct:bob@example.com|10.0.0.1", 0).value(), 1);
  EXPECT_EQ(store_->CountLoginFailures("addr:10.0.0.1", 0).value(), 1);
  EXPECT_EQ(store_->CountLoginFailures("acct:ANA@example.com|10.0.0.1", 0).value(), 1);
  // Byte for byte: an email's '_' and '%' are not wildcards.
  ASSERT_TRUE(store_->ClearLoginFailuresWithPrefix("acct:a_b%c@example.com|").ok());
  EXPECT_EQ(store_->CountLoginFailures("acct:a_b%c@example.com|1", 0).value(), 0);
  EXPECT_EQ(store_->CountLoginFailures("acct:aXbYc@example.com|1", 0).value(), 1);
  EXPECT_EQ(store_->ClearLoginFailuresWithPrefix("").field, "prefix");
  EXPECT_EQ(store_->CountLoginFailures("addr:10.0.0.1", 0).value(), 1);
  EXPECT_TRUE(store_->AuditLog(0, 10)->empty());  // bookkeeping, not audited

  // Removing someone forgets their counters too (the keys carry their email).
  Result<User> bob = store_->CreateUser(NewUser("bob@example.com"), Actor::System());
  ASSERT_TRUE(store_->DeleteUser(bob->id, Actor::System()).ok());
  EXPECT_EQ(store_->CountLoginFailures("acct:bob@example.com|10.0.0.1", 0).value(), 0);
}

// One key cannot grow without bound within the day its rows live.
TEST_P(StoreTest, OneKeyKeepsAtMostTheNewestFailures) {
  const int limit = Store::kMaxLoginFailuresPerKey;
  for (int i = 0; i < limit + 5; ++i) {
    ASSERT_TRUE(store_->RecordLoginFailure("addr:10.0.0.1", 1000 + i).ok());
  }
  ASSERT_TRUE(store_->RecordLoginFailure("addr:10.0.0.2", 1000).ok());
  EXPECT_EQ(store_->CountLoginFailures("addr:10.0.0.1", 0).value(), limit);
  EXPECT_EQ(store_->CountLoginFailures("addr:10.0.0.1", 1000 + limit + 4).value(), 1);
  EXPECT_EQ(store_->CountLoginFailures("addr:10.0.0.1", 1005).value(), limit);  // the oldest went
  EXPECT_EQ(store_->CountLoginFailures("addr:10.0.0.2", 0).value(), 1);
}

// Names, emails and every other text a write carries must be UTF-8: refused by field, nothing
// written, no audit entry.
TEST_P(StoreTest, InvalidUtf8IsRefusedByFieldAndNothingIsWritten) {
  const std::string bad = "Ana \xfe\xfe";
  User named = NewUser("ana@example.com");
  named.name = bad;
  Result<User> refused = store_->CreateUser(named, Actor::System());
  EXPECT_EQ(refused.status().code, StatusCode::kInvalid);
  EXPECT_EQ(refused.status().field, "name");
  EXPECT_EQ(refused.status().message, "name is not valid UTF-8");
  EXPECT_EQ(store_->CreateUser(NewUser("an\xfe@example.com"), Actor::System()).status().field,
            "email");
  User rung = NewUser("ana@example.com");
  rung.assigned_rung = "1\xc3";  // a sequence cut short
  EXPECT_EQ(store_->CreateUser(rung, Actor::System()).status().field, "assigned_rung");
  EXPECT_TRUE(store_->ListUsers()->empty());

  Result<User> ana = store_->CreateUser(NewUser("ana@example.com"), Actor::System());
  ASSERT_TRUE(ana.ok());
  const size_t audited = Log().size();
  User renamed = *ana;
  renamed.name = bad;
  EXPECT_EQ(store_->UpdateUser(renamed, Actor::System()).status().field, "name");
  EXPECT_EQ(store_->GetUser(ana->id)->name, "ana");
  EXPECT_EQ(store_->CreateTeam({0, bad, "UTC", 0}, Actor::System()).status().field, "name");
  EXPECT_EQ(store_->SetPasswordHash(ana->id, "$argon2id$\xfe", Actor::System()).field,
            "password_hash");
  EXPECT_EQ(store_->CreateSession({"s1", ana->id, "c\xfe", 1000, 2000, 0}).field, "csrf_token");
  EXPECT_EQ(store_->CreateSession({"s\xfe", ana->id, "c", 1000, 2000, 0}).field, "token_digest");
  EXPECT_EQ(
      store_->CreateApiToken({0, ana->id, bad, "t1", 0, 0, false}, Actor::System()).status().field,
      "name");
  EXPECT_EQ(store_->RecordLoginFailure("acct:\xfe|1", 1000).field, "key");
  EXPECT_EQ(
      store_
          ->CreateOneTimeLink({"l\xfe", ana->id, LinkPurpose::kReset, 4102444800}, Actor::System())
          .field,
      "token_digest");
  EXPECT_EQ(Log().size(), audited);
  EXPECT_TRUE(store_->ListTeams()->empty());
  EXPECT_EQ(store_->PasswordHash(ana->id).value(), "");
  EXPECT_EQ(store_->FindSession("s1", 1500).status().code, StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListApiTokens(ana->id)->empty());
}

// Reads run on connections of their own beside the writer: each must see every write that
// returned before it began (a reader that kept an old snapshot would miss them), while writes go
// on.
TEST_P(StoreTest, ReadsOnOtherThreadsSeeEveryWriteThatReturnedBeforeThem) {
  constexpr int kWrites = 150;
  std::atomic<int> acknowledged = 0;
  std::atomic<int> stale = 0;
  std::atomic<int> failed = 0;
  std::atomic<bool> writing = true;
  std::vector<std::thread> readers;
  readers.reserve(4);
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      do {
        const int before = acknowledged.load();
        Result<std::vector<User>> users = store_->ListUsers();
        if (!users.ok()) {
          ++failed;
          continue;
        }
        if (static_cast<int>(users->size()) < before) ++stale;
        if (before > 0) {
          Result<User> newest = store_->FindUserByEmail(fmt::format("w{}@example.com", before));
          if (!newest.ok()) ++stale;
        }
      } while (writing.load());
    });
  }
  for (int i = 1; i <= kWrites; ++i) {
    ASSERT_TRUE(
        store_->CreateUser(NewUser(fmt::format("w{}@example.com", i)), Actor::System()).ok());
    acknowledged = i;
  }
  writing = false;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(stale.load(), 0);
  EXPECT_EQ(store_->ListUsers()->size(), static_cast<size_t>(kWrites));
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest, test::Stores(), test::StoreName);

TEST(SqliteStoreTest, RefusesANewerSchemaAndBacksUpBeforeMigrating) {
  const fs::path dir = fs::temp_directory_path() / ("rungs-schema-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "rungs.db").string();
  {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok());
    EXPECT_GE(store.value()->SchemaVersion(), 1);
  }
  // Pretend a newer rungs migrated this database.
  ASSERT_TRUE(BackupSqlite(path, path + ".copy").ok());
  {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok());
  }
  std::string command =
      "sqlite3 " + path + " \"INSERT INTO schema_migrations VALUES (999, 'x', 0)\"";
  if (std::system(command.c_str()) != 0) GTEST_SKIP() << "sqlite3 shell not installed";
  Result<std::unique_ptr<Store>> newer = OpenSqliteStore(path);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message.find("schema version 999, newer than this rungs knows"),
            std::string::npos)
      << newer.status().message;
  fs::remove_all(dir);
}

// The schema version recorded in the database file at `path`.
int SchemaVersionOf(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet("SELECT MAX(version) FROM schema_migrations").getInt();
}

// A database as a build that knew migrations up to `version` left it, written directly.
void CreateDatabaseAtVersion(const std::string& path, int version) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at INTEGER NOT NULL)");
  std::vector<EmbeddedFile> files = SqliteMigrations();
  std::sort(files.begin(), files.end(), [](const EmbeddedFile& a, const EmbeddedFile& b) {
    return std::string(a.path) < std::string(b.path);
  });
  for (const EmbeddedFile& f : files) {
    const std::string name = fs::path(f.path).filename().string();
    const int v = std::stoi(name.substr(0, 4));
    if (v > version) continue;
    db.exec(std::string(f.bytes));
    SQLite::Statement q(db, "INSERT INTO schema_migrations VALUES (?, ?, 0)");
    q.bind(1, v);
    q.bind(2, name);
    q.exec();
  }
}

// Emails that differ only by case, from before uniqueness ignored case: the migration keeps
// every account, gives the address to one of each group, and puts the others aside.
TEST(SqliteStoreTest, MigratesEmailsThatDifferOnlyByCase) {
  const fs::path dir = test::FreshTempDir("rungs-email-case");
  const std::string path = (dir / "rungs.db").string();
  {
    CreateDatabaseAtVersion(path, 4);
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(
        "INSERT INTO users (id, email, name, role, created_at) VALUES "
        "(1, 'Ana@Example.com', 'Ana old', 'member', 1), "
        "(2, 'ana@example.com', 'Ana', 'admin', 2), "
        "(3, 'BO@Example.com', 'Bo', 'member', 3), "
        "(4, 'CY@example.com', 'Cy', 'member', 4), "
        "(5, 'Cy@Example.com', 'Cy again', 'member', 5);"
        "INSERT INTO sessions VALUES ('s1', 1, 'c', 1, 4102444800, 1);"
        "INSERT INTO api_tokens (user_id, name, token_digest, created_at) VALUES (1, 't', 't1', 1);"
        "INSERT INTO one_time_links (token_digest, user_id, purpose, created_at, expires_at) "
        "VALUES ('l5', 5, 'reset', 1, 4102444800), ('l4', 4, 'reset', 1, 4102444800);");
  }
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path);
  ASSERT_TRUE(opened.ok()) << opened.status().message;
  Store& store = *opened.value();
  EXPECT_GE(store.SchemaVersion(), 5);
  // The lower-case spelling keeps the address (sign-in could only ever find that one) ...
  EXPECT_EQ(store.FindUserByEmail("Ana@Example.com")->id, 2);
  EXPECT_EQ(store.GetUser(1)->email, "duplicate-1@invalid");
  EXPECT_FALSE(store.GetUser(1)->active);
  EXPECT_EQ(store.GetUser(1)->name, "Ana old");
  EXPECT_EQ(store.FindSession("s1", 2).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store.UseApiToken("t1", 2).status().code, StatusCode::kNotFound);
  // ... else the oldest, lower-cased.
  EXPECT_EQ(store.FindUserByEmail("cy@example.com")->id, 4);
  EXPECT_EQ(store.GetUser(4)->email, "cy@example.com");
  EXPECT_TRUE(store.FindOneTimeLink("l4", 2).ok());
  EXPECT_EQ(store.GetUser(5)->email, "duplicate-5@invalid");
  EXPECT_EQ(store.FindOneTimeLink("l5", 2).status().code, StatusCode::kNotFound);
  // A lone mixed-case address is simply lower-cased.
  EXPECT_EQ(store.GetUser(3)->email, "bo@example.com");
  EXPECT_EQ(store.FindUserByEmail("bo@EXAMPLE.com")->id, 3);
  std::vector<std::string> duplicates;
  const std::vector<AuditEntry> log = store.AuditLog(0, 100).value();
  for (const AuditEntry& e : log) {
    if (e.action == "user.email_duplicate") duplicates.push_back(e.target + " " + e.details);
  }
  EXPECT_EQ(duplicates, (std::vector<std::string>{
                            "user:1 {\"email\":\"Ana@Example.com\",\"kept_by\":\"user:2\"}",
                            "user:5 {\"email\":\"Cy@Example.com\",\"kept_by\":\"user:4\"}"}));
  User bo;
  bo.email = "Bo@example.com";
  bo.name = "Bo again";
  Result<User> again = store.CreateUser(bo, Actor::System());
  EXPECT_EQ(again.status().code, StatusCode::kConflict);
  EXPECT_EQ(again.status().field, "email");
  opened.value().reset();
  // The uniqueness is the schema's, not only the code's.
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  EXPECT_THROW(db.exec("INSERT INTO users (email, name, role, created_at) VALUES "
                       "('BO@EXAMPLE.COM', 'x', 'member', 1)"),
               SQLite::Exception);
  EXPECT_TRUE(fs::exists(path + ".before-v5.bak"));
  fs::remove_all(dir);
}

// Many keys cannot grow the table without bound either, and a count reads one index.
TEST(SqliteStoreTest, LoginFailuresAreBoundedInTotalAndCountedFromTheIndex) {
  const fs::path dir = test::FreshTempDir("rungs-failures");
  const std::string path = (dir / "rungs.db").string();
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path);
  ASSERT_TRUE(opened.ok()) << opened.status().message;
  Store& store = *opened.value();
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  SQLite::Statement fill(
      db,
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
      "?) INSERT INTO login_failures (key, at) SELECT 'addr:' || i, 1000 FROM n");
  fill.bind(1, Store::kMaxLoginFailureRows);
  fill.exec();
  ASSERT_TRUE(store.RecordLoginFailure("addr:new", 1001).ok());
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM login_failures").getInt64(),
            Store::kMaxLoginFailureRows);
  EXPECT_EQ(store.CountLoginFailures("addr:new", 0).value(), 1);
  EXPECT_EQ(store.CountLoginFailures("addr:1", 0).value(), 0);  // the earliest recorded went
  EXPECT_EQ(store.CountLoginFailures("addr:2", 0).value(), 1);

  SQLite::Statement plan(
      db, "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?");
  std::string steps;
  while (plan.executeStep()) steps += plan.getColumn(3).getString() + "\n";
  EXPECT_NE(steps.find("USING COVERING INDEX login_failures_key (key=? AND at>?)"),
            std::string::npos)
      << steps;
  opened.value().reset();
  fs::remove_all(dir);
}

// Permission bits of `path`, or -1 when it cannot be read.
int ModeOf(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

// Sets the process umask for one scope: the usual 022 would leave new files readable by all.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : before_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(before_); }

 private:
  mode_t before_;
};

// Password hashes, token digests and reviews are in the database and its -wal file: they and
// every backup are the owner's alone, and an older database is tightened when opened.
TEST(SqliteStoreTest, TheDatabaseItsJournalsAndBackupsAreTheOwnersOnly) {
  const ScopedUmask umask(022);
  const fs::path dir = test::FreshTempDir("rungs-modes");
  const std::string path = (dir / "rungs.db").string();
  {
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path);
    ASSERT_TRUE(opened.ok()) << opened.status().message;
    User ana;
    ana.email = "ana@example.com";
    ana.name = "Ana";
    ASSERT_TRUE(opened.value()->CreateUser(ana, Actor::System()).ok());
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
      EXPECT_EQ(ModeOf(file), 0600) << file;
    }
    ASSERT_TRUE(BackupSqlite(path, (dir / "backup.db").string()).ok());
    EXPECT_EQ(ModeOf((dir / "backup.db").string()), 0600);
  }

  // Left readable by others (an older build, a copy): made private when opened.
  const std::string old = (dir / "old.db").string();
  CreateDatabaseAtVersion(old, 4);
  ASSERT_EQ(::chmod(old.c_str(), 0644), 0);
  {
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(old);
    ASSERT_TRUE(opened.ok()) << opened.status().message;
    EXPECT_EQ(ModeOf(old), 0600);
    EXPECT_EQ(ModeOf(old + "-wal"), 0600);
    EXPECT_EQ(ModeOf(old + ".before-v5.bak"), 0600);  // the copy made before migrating
  }
  fs::remove_all(dir);
}

// Restoring an older backup brings older data back, but never an older stamp: a page cached
// after a newer write must not be taken for current again.
TEST(SqliteStoreTest, ARestoreMovesTheChangeStampPastEveryStampSeenBefore) {
  const fs::path dir = test::FreshTempDir("rungs-restore-stamp");
  const std::string path = (dir / "rungs.db").string();
  const std::string backup = (dir / "backup.db").string();
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path);  // as a running server's
  ASSERT_TRUE(opened.ok()) << opened.status().message;
  Store& store = *opened.value();
  auto add = [&](const std::string& email) {
    User u;
    u.email = email;
    u.name = email.substr(0, email.find('@'));
    ASSERT_TRUE(store.CreateUser(u, Actor::System()).ok());
  };
  std::vector<int64_t> seen = {store.ChangeStamp().value()};
  add("ana@example.com");
  seen.push_back(store.ChangeStamp().value());
  ASSERT_TRUE(BackupSqlite(path, backup).ok());
  add("bo@example.com");
  seen.push_back(store.ChangeStamp().value());
  ASSERT_TRUE(store.CreateTeam({0, "Support", "UTC", 0}, Actor::System()).ok());
  seen.push_back(store.ChangeStamp().value());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

  ASSERT_TRUE(RestoreSqlite(backup, path).ok());
  const int64_t restored = store.ChangeStamp().value();
  for (int64_t stamp : seen) EXPECT_GT(restored, stamp);
  EXPECT_TRUE(store.FindUserByEmail("ana@example.com").ok());
  EXPECT_EQ(store.FindUserByEmail("bo@example.com").status().code, StatusCode::kNotFound);
  EXPECT_TRUE(store.ListTeams()->empty());
  add("cy@example.com");
  EXPECT_GT(store.ChangeStamp().value(), restored);
  // The same backup again: higher still.
  const int64_t before_again = store.ChangeStamp().value();
  ASSERT_TRUE(RestoreSqlite(backup, path).ok());
  EXPECT_GT(store.ChangeStamp().value(), before_again);
  for (const auto& entry : fs::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().string().find(".restoring-"), std::string::npos) << entry.path();
  }
  opened.value().reset();
  fs::remove_all(dir);
}

// A backup from before the generation existed is migrated on the way in.
TEST(SqliteStoreTest, RestoresABackupWithAnOlderSchema) {
  const fs::path dir = test::FreshTempDir("rungs-restore-old");
  const std::string path = (dir / "rungs.db").string();
  const std::string old = (dir / "old.db").string();
  CreateDatabaseAtVersion(old, 4);
  {
    SQLite::Database db(old, SQLite::OPEN_READWRITE);
    db.exec(
        "INSERT INTO users (email, name, role, created_at) VALUES ('Ana@example.com', 'Ana', "
        "'admin', 1); INSERT INTO audit_log (at, action, target) VALUES (1, 'user.create', "
        "'user:1')");
  }
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path);
  ASSERT_TRUE(opened.ok()) << opened.status().message;
  Store& store = *opened.value();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store.CreateTeam({0, "Team " + std::to_string(i), "UTC", 0}, Actor::System()).ok());
  }
  const int64_t before = store.ChangeStamp().value();
  ASSERT_TRUE(RestoreSqlite(old, path).ok());
  EXPECT_GT(store.ChangeStamp().value(), before);
  EXPECT_EQ(store.SchemaVersion(), SchemaVersionOf(path));
  EXPECT_EQ(store.FindUserByEmail("ana@example.com")->email, "ana@example.com");
  EXPECT_FALSE(fs::exists(old + ".before-v5.bak"));  // the backup file itself is left alone
  opened.value().reset();
  fs::remove_all(dir);
}

// A database made by the first release (only 0001 applied) upgrades in place: a backup first,
// every user kept, and the new columns and tables usable.
TEST(SqliteStoreTest, MigratesAVersionOneDatabase) {
  const fs::path dir = fs::temp_directory_path() / ("rungs-v1-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "rungs.db").string();
  {
    SQLite::Database v1(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    const std::vector<EmbeddedFile>& migrations = SqliteMigrations();
    auto first = std::find_if(migrations.begin(), migrations.end(), [](const EmbeddedFile& f) {
      return std::string(f.path).find("0001_") != std::string::npos;
    });
    ASSERT_NE(first, migrations.end());
    v1.exec(std::string(first->bytes));
    v1.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL);"
        "INSERT INTO schema_migrations VALUES (1, '0001_people.sql', 0);"
        "INSERT INTO users (email, name, role, created_at) VALUES ('ana@example.com', 'Ana', "
        "'admin', 1)");
  }
  {
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path);
    ASSERT_TRUE(opened.ok()) << opened.status().message;
    Store& store = *opened.value();
    EXPECT_GE(store.SchemaVersion(), 2);
    Result<User> ana = store.FindUserByEmail("ana@example.com");
    ASSERT_TRUE(ana.ok());
    EXPECT_EQ(ana->role, Role::kAdmin);
    EXPECT_EQ(store.PasswordHash(ana->id).value(), "");
    EXPECT_TRUE(store.SetPasswordHash(ana->id, "$argon2id$x", Actor::System()).ok());
    EXPECT_TRUE(store.LatestAgreed({}).ok());
  }
  const std::string backup = path + ".before-v2.bak";
  ASSERT_TRUE(fs::exists(backup));
  SQLite::Database old(backup, SQLite::OPEN_READONLY);
  EXPECT_EQ(old.execAndGet("SELECT MAX(version) FROM schema_migrations").getInt(), 1);
  EXPECT_EQ(old.execAndGet("SELECT COUNT(*) FROM users").getInt(), 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rungs
