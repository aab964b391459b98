// Shared by the tests that need a real store of their own: a fresh temporary folder per test
// with a new SQLite store in it, or a new database on the tests' PostgreSQL cluster
// (scripts/test-postgres, started by ctest's "postgres" fixture), removed again when the test
// ends.
#ifndef RUNGS_STORE_STORE_TEST_SUPPORT_H_
#define RUNGS_STORE_STORE_TEST_SUPPORT_H_

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/postgres_store.h"
#include "store/sql.h"
#include "store/sql_postgres.h"
#include "store/sql_sqlite.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace rungs::test {

// A new, empty folder under the system temporary directory: "{prefix}-{pid}-{n}".
inline std::filesystem::path FreshTempDir(const std::string& prefix) {
  static int counter = 0;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The tests' PostgreSQL cluster's URI for its "postgres" database, from the folder ctest's
// fixture started it in (RUNGS_TEST_POSTGRES_DIR); empty when there is none.
inline std::string TestPostgresUri() {
  const char* dir = std::getenv("RUNGS_TEST_POSTGRES_DIR");
  if (dir == nullptr) return "";
  std::ifstream in(std::filesystem::path(dir) / "uri");
  std::string uri;
  std::getline(in, uri);
  return uri;
}

// A new database on the tests' cluster with the schema in place, dropped when this goes. It is
// copied (CREATE DATABASE ... TEMPLATE) from one the first test of the run migrates, which takes
// a test from about 0.25 s to a few milliseconds of setup.
class TestPostgresDatabase {
 public:
  // Fails the test when there is no cluster: under ctest there always is one, so a PostgreSQL
  // test never passes by being skipped.
  TestPostgresDatabase() {
    admin_ = TestPostgresUri();
    if (admin_.empty()) {
      ADD_FAILURE() << "no PostgreSQL cluster for the tests: run them with ctest (make test), "
                       "which starts one, or set RUNGS_TEST_POSTGRES_DIR to a folder "
                       "scripts/test-postgres started";
      return;
    }
    static int counter = 0;
    name_ = "rungs_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    try {
      // One statement at a time: neither runs inside a transaction, as a script would. Test
      // processes run at once: the lock makes one of them migrate the template while the others
      // wait, and copies from it take turns (a template must have no one else connected).
      std::unique_ptr<sql::Connection> admin = sql::OpenPostgres(admin_);
      admin->Execute("SELECT pg_advisory_lock(4242)");
      const std::string template_name = MigratedTemplate(*admin);
      if (!template_name.empty()) {
        admin->Execute("DROP DATABASE IF EXISTS " + name_);
        admin->Execute("CREATE DATABASE " + name_ + " TEMPLATE " + template_name);
      } else {
        name_.clear();
      }
      admin->Execute("SELECT pg_advisory_unlock(4242)");
    } catch (const sql::Error& e) {
      ADD_FAILURE() << "cannot create the test database: " << e.what();
      name_.clear();
    }
  }
  ~TestPostgresDatabase() {
    if (name_.empty()) return;
    try {
      sql::OpenPostgres(admin_)->Execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const sql::Error&) {
      // Left for the cluster's removal when the run ends.
    }
  }
  TestPostgresDatabase(const TestPostgresDatabase&) = delete;
  TestPostgresDatabase& operator=(const TestPostgresDatabase&) = delete;

  bool ok() const { return !name_.empty(); }
  std::string Uri() const { return UriOf(name_); }

 private:
  std::string UriOf(const std::string& database) const {
    std::string uri = admin_;
    const size_t at = uri.find("/postgres?");
    return uri.replace(at, 9, "/" + database);
  }

  // The template at this build's schema version, made and migrated when missing (under the
  // caller's lock); empty after a failure.
  std::string MigratedTemplate(sql::Connection& admin) {
    const std::vector<EmbeddedFile>& migrations = PostgresMigrations();
    const std::string name = "rungs_template_" + std::to_string(migrations.size());
    sql::Query exists = admin.Prepare("SELECT 1 FROM pg_database WHERE datname = ?");
    exists.Bind(1, name);
    if (exists.Step()) return name;
    admin.Execute("CREATE DATABASE " + name);
    Result<std::unique_ptr<Store>> migrated = OpenPostgresStore(UriOf(name));
    if (!migrated.ok()) {
      ADD_FAILURE() << "cannot migrate the template database: " << migrated.status().message;
      admin.Execute("DROP DATABASE " + name);
      return "";
    }
    return name;  // the store closes its connections as it goes
  }

  std::string admin_;
  std::string name_;
};

// A fixture with a new store: SQLite in a fresh temporary folder (`prefix` names the folder),
// or, for a test parametrised by store ("sqlite" or "postgres"), the one its parameter names.
// A derived SetUp calls this one first and returns if it failed (HasFatalFailure()); a derived
// TearDown releases what uses the store, then calls this one.
// What a test parametrised by store runs on, and its name in the test's ("…/sqlite"):
//   INSTANTIATE_TEST_SUITE_P(Stores, SomeTest, test::Stores(), test::StoreName);
inline auto Stores() { return ::testing::Values(std::string("sqlite"), std::string("postgres")); }
inline std::string StoreName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

template <typename Base = ::testing::TestWithParam<std::string>>
class FreshStoreTest : public Base {
 protected:
  explicit FreshStoreTest(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    dir_ = FreshTempDir(prefix_);
    if (Kind() == "postgres") {
      postgres_ = std::make_unique<TestPostgresDatabase>();
      ASSERT_TRUE(postgres_->ok());
      Result<std::unique_ptr<Store>> opened = OpenPostgresStore(postgres_->Uri());
      ASSERT_TRUE(opened.ok()) << opened.status().message;
      store_ = std::move(opened).value();
      return;
    }
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(DbPath());
    ASSERT_TRUE(opened.ok()) << opened.status().message;
    store_ = std::move(opened).value();
  }

  void TearDown() override {
    store_.reset();
    postgres_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A connection of the test's own to the store's database, to look behind the Store (count
  // rows, change one by hand).
  std::unique_ptr<sql::Connection> OpenDirect() {
    if (postgres_ != nullptr) return sql::OpenPostgres(postgres_->Uri());
    return sql::OpenSqlite(DbPath(), /*read_only=*/false, /*create=*/false);
  }

  // "sqlite" or "postgres": the parameter of a test parametrised by store, else "sqlite".
  std::string Kind() const {
    if constexpr (std::is_base_of_v<::testing::WithParamInterface<std::string>, Base>) {
      return this->GetParam();
    } else {
      return "sqlite";
    }
  }

  std::string DbPath() const { return (dir_ / "rungs.db").string(); }

  // Stores a member named after the email's local part; their id (0 after a failure).
  int64_t AddUser(const std::string& email) {
    User u;
    u.email = email;
    u.name = email.substr(0, email.find('@'));
    Result<User> created = store_->CreateUser(u, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    return created.ok() ? created->id : 0;
  }

  std::filesystem::path dir_;
  std::unique_ptr<TestPostgresDatabase> postgres_;  // before store_: dropped after it closes
  std::unique_ptr<Store> store_;

 private:
  std::string prefix_;
};

}  // namespace rungs::test

#endif  // RUNGS_STORE_STORE_TEST_SUPPORT_H_
