// `rungs migrate --to` as an admin moving a team to PostgreSQL runs it: the people added with the
// SQLite store are there afterwards through --database, and a second copy is refused.
#include <filesystem>

#include <gtest/gtest.h>

#include "cli/test_support.h"
#include "store/store_test_support.h"

namespace rungs {
namespace {

using test::RunRungs;
using test::ShellQuote;

const std::string kCleanEnv = "env -u RUNGS_DATA -u RUNGS_DATABASE -u RUNGS_PUBLIC_URL";

TEST(MigrateCliTest, MovesTheStoreToPostgresAndRefusesASecondCopy) {
  const std::string dir = test::FreshDir("migrate-cli");
  const std::string data = "--data " + ShellQuote(dir + "/data");
  test::TestPostgresDatabase target;
  ASSERT_TRUE(target.ok());
  const std::string to = ShellQuote(target.Uri());

  ASSERT_EQ(RunRungs("user add --admin ada@example.com " + data, kCleanEnv).exit_code, 0);
  ASSERT_EQ(RunRungs("user add bo@example.com --role manager " + data, kCleanEnv).exit_code, 0);

  test::CommandRun moved = RunRungs("migrate --to " + to + " " + data, kCleanEnv);
  ASSERT_EQ(moved.exit_code, 0) << moved.out;
  EXPECT_NE(moved.out.find("users"), std::string::npos) << moved.out;
  EXPECT_NE(moved.out.find("match the SQLite database's"), std::string::npos) << moved.out;

  test::CommandRun listed = RunRungs("user list --database " + to + " " + data, kCleanEnv);
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("ada@example.com"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("bo@example.com"), std::string::npos) << listed.out;

  test::CommandRun again = RunRungs("migrate --to " + to + " " + data, kCleanEnv);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("already holds rungs data"), std::string::npos) << again.out;

  test::CommandRun not_postgres =
      RunRungs("migrate --to " + ShellQuote(dir + "/x.db") + " " + data, kCleanEnv);
  EXPECT_EQ(not_postgres.exit_code, 2);
  EXPECT_NE(not_postgres.out.find("--to"), std::string::npos) << not_postgres.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rungs
