// The Tracker's sign-in rules on a real store: each person's own API tokens under one naming
// rule for the pages and the API, sign-in links made by admins only, and the command line
// acting as an admin the audit log records as the system.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "auth/secrets.h"
#include "progress/tracker.h"
#include "progress/tracker_test_support.h"
#include "util/clock.h"

namespace rungs {
namespace {

class TrackerAccountsTest : public test::TrackerFixture {
 protected:
  TrackerAccountsTest() : TrackerFixture("rungs-tracker-accounts") {}

  void SetUp() override {
    TrackerFixture::SetUp();
    if (HasFatalFailure()) return;
    admin_ = Add("admin@example.com", Role::kAdmin, std::nullopt);
    manager_ = Add("manager@example.com", Role::kManager, std::nullopt);
    member_ = Add("member@example.com", Role::kMember, manager_.id);
  }

  User Add(const std::string& email, Role role, std::optional<int64_t> manager) {
    return AddPerson(email, role, manager, test::kCustomerOperations);
  }

  User admin_;
  User manager_;
  User member_;
};

TEST_P(TrackerAccountsTest, ApiTokensAreNamedOneWayAndOnlyTheirOwnerRevokesThem) {
  Result<NewApiToken> made = tracker_->CreateApiToken(member_, "  nightly export  ");
  ASSERT_TRUE(made.ok()) << made.status().message;
  EXPECT_EQ(made->token.name, "nightly export");
  EXPECT_EQ(made->token.user_id, member_.id);
  EXPECT_GT(made->token.id, 0);
  // The store keeps the digest, never the secret.
  EXPECT_EQ(made->token.token_digest, TokenDigest(made->secret));
  EXPECT_EQ(tracker_->ApiTokens(member_).value().size(), 1u);
  EXPECT_TRUE(tracker_->ApiTokens(manager_).value().empty());

  for (const std::string& bad :
       {std::string(), std::string("   "), std::string(101, 'x'), std::string("\xff\xfe")}) {
    Result<NewApiToken> refused = tracker_->CreateApiToken(member_, bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.status().code, StatusCode::kInvalid);
    EXPECT_EQ(refused.status().field, "name");
  }
  // A hundred characters, not bytes.
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "é";
  EXPECT_TRUE(tracker_->CreateApiToken(member_, accented).ok());

  EXPECT_EQ(tracker_->RevokeApiToken(manager_, made->token.id).code, StatusCode::kNotFound);
  EXPECT_EQ(tracker_->RevokeApiToken(admin_, made->token.id).code, StatusCode::kNotFound);
  EXPECT_TRUE(tracker_->RevokeApiToken(member_, made->token.id).ok());
}

TEST_P(TrackerAccountsTest, OnlyAdminsMakeSignInLinks) {
  for (const User* who : {&manager_, &member_}) {
    EXPECT_EQ(tracker_->CreatePasswordLink(*who, member_.id, LinkPurpose::kReset).status().code,
              StatusCode::kForbidden);
  }
  EXPECT_EQ(tracker_->CreatePasswordLink(admin_, 999999, LinkPurpose::kInvite).status().code,
            StatusCode::kNotFound);

  const int64_t now = UnixNow();
  Result<std::string> invite =
      tracker_->CreatePasswordLink(admin_, member_.id, LinkPurpose::kInvite);
  ASSERT_TRUE(invite.ok()) << invite.status().message;
  Result<OneTimeLink> link = store_->FindOneTimeLink(TokenDigest(*invite), now);
  ASSERT_TRUE(link.ok()) << link.status().message;
  EXPECT_EQ(link->user_id, member_.id);
  EXPECT_EQ(link->purpose, LinkPurpose::kInvite);
  EXPECT_GE(link->expires_at, now + 7 * 24 * 3600);
  EXPECT_FALSE(store_->FindOneTimeLink(TokenDigest(*invite), now + 8 * 24 * 3600).ok());

  Result<std::string> reset = tracker_->CreatePasswordLink(admin_, member_.id, LinkPurpose::kReset);
  ASSERT_TRUE(reset.ok());
  EXPECT_FALSE(store_->FindOneTimeLink(TokenDigest(*reset), now + 2 * 24 * 3600).ok());
}

TEST_P(TrackerAccountsTest, TheCommandLineRemovesAsAnAdminAuditedAsTheSystem) {
  const User cli = CommandLineAdmin();
  EXPECT_EQ(cli.id, 0);
  EXPECT_TRUE(Tracker::CheckAdmin(cli, "remove people").ok());
  ASSERT_TRUE(tracker_->StartCheckIn(member_, member_.id).ok());

  // With check-ins, a plain delete asks which removal.
  EXPECT_EQ(tracker_->RemovePerson(cli, member_.id, std::nullopt).code, StatusCode::kConflict);
  ASSERT_TRUE(tracker_->RemovePerson(cli, member_.id, Removal::kErase).ok());
  EXPECT_EQ(store_->GetUser(member_.id).status().code, StatusCode::kNotFound);

  Result<std::vector<AuditEntry>> audit = store_->FindAudit({}, 1);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_FALSE((*audit)[0].actor_id.has_value()) << (*audit)[0].action;
  EXPECT_EQ((*audit)[0].target, "user:" + std::to_string(member_.id));
}

TEST_P(TrackerAccountsTest, TheTeamOverviewIsForManagersAndAdmins) {
  EXPECT_EQ(tracker_->TeamOverview(member_, {}).status().code, StatusCode::kForbidden);
  EXPECT_EQ(tracker_->TeamOverview(manager_, {}).value()->rows.size(), 1u);
  EXPECT_TRUE(tracker_->TeamOverview(admin_, {}).ok());
  EXPECT_EQ(Tracker::CheckAdmin(manager_, "manage people").message, "only admins manage people");
}

INSTANTIATE_TEST_SUITE_P(Stores, TrackerAccountsTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
