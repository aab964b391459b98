// Durability: `rungs serve` killed with SIGKILL in the middle of a burst of writes loses none of
// the writes it acknowledged, and the database it leaves is intact (PRAGMA integrity_check)
// and opens again. Runs the real binary, the real store and real HTTP.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "auth/secrets.h"
#include "cli/test_support.h"
#include "store/sqlite_store.h"

namespace rungs {
namespace {

namespace fs = std::filesystem;
using test::RunningServer;
using test::StartServer;

TEST(Crash, KillDuringWritesLosesNothingAcknowledged) {
  ASSERT_TRUE(InitSecrets());
  const fs::path dir = fs::path(::testing::TempDir()) / fmt::format("rungs-crash-{}", getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "rungs.db").string();

  // An admin with an API token, written before the server starts.
  const std::string token = RandomToken();
  {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(db);
    ASSERT_TRUE(store.ok()) << store.status().message;
    User admin;
    admin.email = "admin@example.com";
    admin.name = "Admin";
    admin.role = Role::kAdmin;
    Result<User> created = (*store)->CreateUser(admin, Actor::System());
    ASSERT_TRUE(created.ok()) << created.status().message;
    ApiToken api;
    api.user_id = created->id;
    api.name = "crash test";
    api.token_digest = TokenDigest(token);
    ASSERT_TRUE((*store)->CreateApiToken(api, Actor::System()).ok());
  }

  std::set<std::string> acknowledged;
  for (int round = 0; round < 3; ++round) {
    RunningServer server = StartServer(dir.string());
    ASSERT_GT(server.port, 0) << "the server did not start";
    std::mutex mutex;
    std::atomic<bool> stop{false};
    std::atomic<int> count{0};
    constexpr int kWriters = 4;
    std::vector<std::thread> writers;
    writers.reserve(kWriters);
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        httplib::Client client("127.0.0.1", server.port);
        client.set_bearer_token_auth(token);
        for (int i = 0; !stop; ++i) {
          const std::string email = fmt::format("p{}-{}-{}@example.com", round, w, i);
          const std::string body = nlohmann::json{
              {"email", email},
              {"name", "Person " + email},
              {"role", "member"}}.dump();
          auto res = client.Post("/api/people", body, "application/json");
          if (!res) return;  // the server is gone
          if (res->status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.insert(email);
            ++count;
          }
        }
      });
    }
    // Let a burst of writes through, then kill it without warning.
    for (int waited = 0; count < 40 * (round + 1) && waited < 3000; waited += 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(kill(server.pid, SIGKILL), 0);
    stop = true;
    for (std::thread& t : writers) t.join();
    int status = 0;
    waitpid(server.pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
  }
  ASSERT_GT(acknowledged.size(), 100u);

  // Every acknowledged write is there, and the file is sound.
  SQLite::Database check(db, SQLite::OPEN_READONLY);
  SQLite::Statement integrity(check, "PRAGMA integrity_check");
  ASSERT_TRUE(integrity.executeStep());
  EXPECT_EQ(integrity.getColumn(0).getString(), "ok");
  std::set<std::string> stored;
  SQLite::Statement users(check, "SELECT email FROM users");
  while (users.executeStep()) stored.insert(users.getColumn(0).getString());
  for (const std::string& email : acknowledged) {
    EXPECT_EQ(stored.count(email), 1u) << email << " was acknowledged but is missing";
  }
  // A write is acknowledged only after it commits, and each has its audit entry.
  SQLite::Statement audit(check,
                          "SELECT COUNT(*) FROM users u WHERE u.email <> 'admin@example.com' "
                          "AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.target = "
                          "'user:' || u.id AND a.action = 'user.create')");
  ASSERT_TRUE(audit.executeStep());
  EXPECT_EQ(audit.getColumn(0).getInt(), 0) << "users without their audit entry";

  // And the server starts on it again.
  RunningServer again = StartServer(dir.string());
  ASSERT_GT(again.port, 0);
  httplib::Client client("127.0.0.1", again.port);
  client.set_bearer_token_auth(token);
  auto res = client.Get("/api/people");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  kill(again.pid, SIGTERM);
  waitpid(again.pid, nullptr, 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rungs
