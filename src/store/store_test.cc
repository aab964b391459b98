// The Store's behaviour, written once for every implementation: SQLite now, PostgreSQL when it
// lands (add it to the instantiation at the bottom).
#include "store/store.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "store/sqlite_store.h"

namespace rungs {
namespace {

namespace fs = std::filesystem;

class StoreTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rungs-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore((dir_ / "rungs.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().message;
    store_ = std::move(opened).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  User NewUser(const std::string& email, Role role = Role::kMember) {
    User u;
    u.email = email;
    u.name = email.substr(0, email.find('@'));
    u.role = role;
    return u;
  }

  static inline int counter_ = 0;
  fs::path dir_;
  std::unique_ptr<Store> store_;
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

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTest, testing::Values("sqlite"));

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

}  // namespace
}  // namespace rungs
