// Shared by the tests that need a real SQLite store of their own: a fresh temporary folder per
// test with a new store in it, removed again when the test ends.
#ifndef RUNGS_STORE_STORE_TEST_SUPPORT_H_
#define RUNGS_STORE_STORE_TEST_SUPPORT_H_

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

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

// A fixture with a new SQLite store in a fresh temporary folder (`prefix` names the folder). A
// derived SetUp calls this one first and returns if it failed (HasFatalFailure()); a derived
// TearDown releases what uses the store, then calls this one.
template <typename Base = ::testing::Test>
class FreshStoreTest : public Base {
 protected:
  explicit FreshStoreTest(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    dir_ = FreshTempDir(prefix_);
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(DbPath());
    ASSERT_TRUE(opened.ok()) << opened.status().message;
    store_ = std::move(opened).value();
  }

  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
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
  std::unique_ptr<Store> store_;

 private:
  std::string prefix_;
};

}  // namespace rungs::test

#endif  // RUNGS_STORE_STORE_TEST_SUPPORT_H_
