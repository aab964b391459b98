// rungs migrate --to: a SQLite store with something in every kind of table, copied into an empty
// PostgreSQL database on the tests' cluster, reads back the same through the Store.
#include "store/store_copy.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "store/store_test_support.h"
#include "util/hash.h"

namespace rungs {
namespace {

class StoreCopyTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::FreshTempDir("rungs-copy");
    path_ = (dir_ / "rungs.db").string();
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path_);
    ASSERT_TRUE(opened.ok()) << opened.status().message;
    sqlite_ = std::move(opened).value();
    ASSERT_TRUE(target_.ok());
  }
  void TearDown() override {
    sqlite_.reset();
    std::filesystem::remove_all(dir_);
  }

  User Add(const std::string& email, Role role, std::optional<int64_t> manager) {
    User u;
    u.email = email;
    u.name = email.substr(0, email.find('@'));
    u.role = role;
    u.manager_id = manager;
    Result<User> created = sqlite_->CreateUser(u, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    return created.ok() ? *created : User{};
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Store> sqlite_;
  test::TestPostgresDatabase target_;
};

TEST_F(StoreCopyTest, EveryTableArrivesWholeAndTheCopyIsRefusedTwice) {
  Store& s = *sqlite_;
  // The manager is added after her report, so her id is the higher one: a copy in id order
  // meets the reference before the row it points at.
  User ana = Add("ana@example.com", Role::kMember, std::nullopt);
  const User boss = Add("boss@example.com", Role::kManager, std::nullopt);
  ana.manager_id = boss.id;
  ASSERT_TRUE(s.UpdateUser(ana, Actor::Of(boss.id)).ok());
  ASSERT_TRUE(s.CreateTeam({0, "Tier 1", "Europe/Berlin", 0, 4, 0}, Actor::System()).ok());
  Result<FrameworkVersion> version =
      s.PutFrameworkVersion({0, "support", "", "{\"id\":\"support\"}", 0}, Actor::System());
  ASSERT_TRUE(version.ok());
  Result<CheckIn> checkin = s.CreateCheckIn(ana.id, version->id, Actor::Of(ana.id));
  ASSERT_TRUE(checkin.ok());
  ASSERT_TRUE(
      s.AddEvidence({0, checkin->id, ana.id, "Ran the rota", "", {"a"}, 0}, Actor::Of(ana.id))
          .ok());
  ASSERT_TRUE(
      s.Agree(checkin->id,
              {{"a", "hash-a", Assessment::kMeeting, Assessment::kMeeting, Assessment::kMeeting}},
              Actor::Of(boss.id))
          .ok());
  std::string bytes = "title: Support\n";
  bytes += std::string("\0\xff\x80", 3);  // any bytes survive
  ASSERT_TRUE(
      s.PutFrameworkFile({"support.md", bytes, Sha256Hex(bytes), 0, boss.id}, Actor::Of(boss.id))
          .ok());
  ASSERT_TRUE(
      s.PutSavedMapping({"Zendesk", "name: Zendesk\n", 0, boss.id}, Actor::Of(boss.id)).ok());
  IngestBatch batch;
  batch.source = "zendesk";
  batch.file_name = "export.csv";
  batch.content_hash = Sha256Hex("export");
  batch.mapping = "zendesk";
  IdentityWeek week;
  week.source = "zendesk";
  week.space = "agent_id";
  week.identity = "ana.a";
  week.week = 2900;
  week.closed = 40;
  week.qa_reviews = 3;
  week.qa_score_sum = 287.25;
  week.scheduled_seconds = 7200;
  week.active_scheduled_seconds = 3600;
  batch.first_week = batch.last_week = 2900;
  ASSERT_TRUE(s.PutIngestBatch(batch, {week}, Actor::Of(boss.id)).ok());
  ASSERT_TRUE(s.LinkIdentity({"zendesk", "agent_id", "ana.a", ana.id}, Actor::Of(boss.id)).ok());
  ASSERT_TRUE(s.RecordLoginFailure("email:ana@example.com", 1000).ok());
  const int64_t stamp = s.ChangeStamp().value();
  const std::vector<User> users = s.ListUsers().value();
  const std::vector<AgreedResult> agreed = s.LatestAgreed({}).value();
  sqlite_.reset();

  Result<std::vector<TableCopy>> copied = CopySqliteToPostgres(path_, target_.Uri());
  ASSERT_TRUE(copied.ok()) << copied.status().message;
  std::map<std::string, int64_t> rows;
  for (const TableCopy& t : *copied) {
    rows[t.table] = t.rows;
    EXPECT_EQ(t.checksum.size(), 64u) << t.table;
  }
  EXPECT_EQ(rows["users"], 2);
  EXPECT_EQ(rows["identity_weeks"], 1);
  EXPECT_EQ(rows["framework_files"], 1);
  EXPECT_EQ(rows["login_failures"], 1);
  EXPECT_GE(rows["audit_log"], 10);

  Result<std::unique_ptr<Store>> opened = OpenPostgresStore(target_.Uri());
  ASSERT_TRUE(opened.ok()) << opened.status().message;
  Store& pg = **opened;
  EXPECT_EQ(pg.ChangeStamp().value(), stamp);
  const std::vector<User> pg_users = pg.ListUsers().value();
  ASSERT_EQ(pg_users.size(), users.size());
  for (size_t i = 0; i < users.size(); ++i) {
    EXPECT_EQ(pg_users[i].id, users[i].id);
    EXPECT_EQ(pg_users[i].email, users[i].email);
    EXPECT_EQ(pg_users[i].manager_id, users[i].manager_id);
  }
  const std::vector<AgreedResult> pg_agreed = pg.LatestAgreed({}).value();
  ASSERT_EQ(pg_agreed.size(), agreed.size());
  EXPECT_EQ(pg_agreed[0].result, Assessment::kMeeting);
  const std::vector<FrameworkFile> files = pg.ListFrameworkFiles(true).value();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].content, bytes);
  const std::vector<IdentityWeek> weeks = pg.WeeksOf(ana.id).value();
  ASSERT_EQ(weeks.size(), 1u);
  EXPECT_EQ(weeks[0].qa_score_sum, 287.25);
  EXPECT_EQ(weeks[0].active_scheduled_seconds, 3600);
  EXPECT_EQ(pg.CountLoginFailures("email:ana@example.com", 0).value(), 1);
  // New rows take ids after the copied ones.
  User cy;
  cy.email = "cy@example.com";
  cy.name = "Cy";
  Result<User> created = pg.CreateUser(cy, Actor::System());
  ASSERT_TRUE(created.ok()) << created.status().message;
  EXPECT_GT(created->id, boss.id);

  // Into a database that has data: refused, and nothing changes.
  Result<std::vector<TableCopy>> again = CopySqliteToPostgres(path_, target_.Uri());
  EXPECT_EQ(again.status().code, StatusCode::kConflict);
  EXPECT_EQ(pg.ListUsers()->size(), 3u);
}

}  // namespace
}  // namespace rungs
