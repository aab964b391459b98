// Runs the real `rungs user`, `rungs backup`, `rungs restore` and `rungs people` as an admin
// would, and checks their output, exit codes and what ends up in the store.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/secrets.h"
#include "cli/test_support.h"
#include "framework/json_format.h"
#include "framework/loader.h"
#include "store/sqlite_store.h"

namespace rungs {
namespace {

namespace fs = std::filesystem;
using test::CommandRun;
using test::Contains;
using test::RunRungs;
using test::ShellQuote;

// Without RUNGS_PUBLIC_URL or RUNGS_DATA from the environment running the tests.
const std::string kCleanEnv = "env -u RUNGS_PUBLIC_URL -u RUNGS_DATA -u RUNGS_FRAMEWORKS";

class PeopleCliTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::FreshDir("people-cli");
    data_ = dir_ + "/data";
  }
  void TearDown() override { fs::remove_all(dir_); }

  CommandRun Run(const std::string& args, const std::string& env = "") {
    return RunRungs(args + " --data " + ShellQuote(data_), kCleanEnv + " " + env);
  }

  std::unique_ptr<Store> OpenStore() {
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(data_ + "/rungs.db");
    EXPECT_TRUE(opened.ok()) << opened.status().message;
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  // The token in the one link printed in `out`.
  static std::string LinkToken(const std::string& out, const std::string& kind) {
    std::smatch m;
    const std::regex link("/" + kind + "/([A-Za-z0-9_-]{43})\\b");
    if (!std::regex_search(out, m, link)) return "";
    return m[1];
  }

  // Gives `email` an open check-in, directly in the store.
  void GiveCheckIn(const std::string& email) {
    std::unique_ptr<Store> store = OpenStore();
    ASSERT_TRUE(store);
    const std::vector<Framework> frameworks = LoadFrameworks(BundledSourceFiles()).frameworks;
    FrameworkVersion version;
    version.framework_id = frameworks.front().id;
    version.json = ExportJson(frameworks.front());
    Result<FrameworkVersion> stored = store->PutFrameworkVersion(version, Actor::System());
    ASSERT_TRUE(stored.ok()) << stored.status().message;
    Result<User> user = store->FindUserByEmail(email);
    ASSERT_TRUE(user.ok());
    Result<CheckIn> c = store->CreateCheckIn(user->id, stored->id, Actor::System());
    ASSERT_TRUE(c.ok()) << c.status().message;
  }

  std::string dir_;
  std::string data_;
};

TEST_F(PeopleCliTest, FirstAdminGetsAnInvitationLinkThatWorks) {
  CommandRun r = Run("user add --admin Ana@Example.com");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "created admin ana@example.com (Ana)")) << r.out;
  EXPECT_TRUE(Contains(r.out, "  http://localhost:8080/invite/")) << r.out;
  EXPECT_TRUE(Contains(r.out, "shown only now")) << r.out;
  const std::string token = LinkToken(r.out, "invite");
  ASSERT_FALSE(token.empty()) << r.out;

  ASSERT_TRUE(InitSecrets());
  std::unique_ptr<Store> store = OpenStore();
  ASSERT_TRUE(store);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  Result<User> redeemed = store->RedeemOneTimeLink(TokenDigest(token), LinkPurpose::kInvite,
                                                   HashPassword("a long password").value(), now);
  ASSERT_TRUE(redeemed.ok()) << redeemed.status().message;
  EXPECT_EQ(redeemed->email, "ana@example.com");
  EXPECT_EQ(redeemed->role, Role::kAdmin);
  // Not after seven days.
  EXPECT_FALSE(store->RedeemOneTimeLink(TokenDigest(token), LinkPurpose::kInvite, "x", now).ok())
      << "spent";
}

TEST_F(PeopleCliTest, LinksUseThePublicUrl) {
  CommandRun r = Run("user add bo@example.com --name 'Bo Chen' --role manager",
                     "RUNGS_PUBLIC_URL=https://rungs.example.com/");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "created manager bo@example.com (Bo Chen)")) << r.out;
  EXPECT_TRUE(Contains(r.out, "  https://rungs.example.com/invite/")) << r.out;

  CommandRun reset = Run("user reset BO@example.com", "RUNGS_PUBLIC_URL=https://rungs.example.com");
  ASSERT_EQ(reset.exit_code, 0) << reset.out;
  EXPECT_TRUE(Contains(reset.out, "Password reset link for bo@example.com")) << reset.out;
  EXPECT_FALSE(LinkToken(reset.out, "reset").empty()) << reset.out;
  EXPECT_TRUE(Contains(reset.out, "https://rungs.example.com/reset/")) << reset.out;
}

TEST_F(PeopleCliTest, UserAddErrors) {
  ASSERT_EQ(Run("user add ana@example.com").exit_code, 0);
  CommandRun again = Run("user add ANA@example.com");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(Contains(again.out,
                       "rungs user add: email: a user with email ana@example.com "
                       "already exists; `rungs user reset ana@example.com`"))
      << again.out;
  CommandRun bad = Run("user add not-an-email");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(Contains(bad.out, "rungs user add: email: email must be an address")) << bad.out;
  EXPECT_EQ(Run("user add x@example.com --admin --role member").exit_code, 2);
  EXPECT_EQ(Run("user add x@example.com --role boss").exit_code, 2);
  EXPECT_EQ(Run("user").exit_code, 2);
}

TEST_F(PeopleCliTest, CommandsThatReadNeedADatabase) {
  for (const char* args : {"user list", "user reset a@example.com", "user remove a@example.com",
                           "people export --person a@example.com", "backup x.db"}) {
    CommandRun r = Run(args);
    EXPECT_EQ(r.exit_code, 1) << args;
    EXPECT_TRUE(Contains(r.out, "no database at " + data_ + "/rungs.db")) << args << r.out;
  }
  EXPECT_FALSE(fs::exists(data_)) << "reading commands create nothing";
}

TEST_F(PeopleCliTest, ListShowsEveryone) {
  ASSERT_EQ(Run("user add --admin ana@example.com --name 'Ana Lima'").exit_code, 0);
  ASSERT_EQ(Run("user add bo@example.com").exit_code, 0);
  CommandRun r = Run("user list");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "EMAIL            NAME      ROLE")) << r.out;
  EXPECT_TRUE(Contains(r.out, "ana@example.com  Ana Lima  admin")) << r.out;
  EXPECT_TRUE(Contains(r.out, "2 users")) << r.out;
  CommandRun json = Run("user list --format json");
  ASSERT_EQ(json.exit_code, 0) << json.out;
  const nlohmann::json j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["email"], "ana@example.com");
  EXPECT_EQ(j[1]["role"], "member");
}

TEST_F(PeopleCliTest, RemoveAskForAChoiceWhenThereAreCheckIns) {
  ASSERT_EQ(Run("user add ana@example.com").exit_code, 0);
  ASSERT_EQ(Run("user add bo@example.com").exit_code, 0);
  CommandRun plain = Run("user remove ana@example.com");
  EXPECT_EQ(plain.exit_code, 0) << plain.out;
  EXPECT_TRUE(Contains(plain.out, "removed ana@example.com")) << plain.out;

  GiveCheckIn("bo@example.com");
  CommandRun refused = Run("user remove bo@example.com");
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_TRUE(Contains(refused.out, "bo@example.com has 1 check-in; say what happens"))
      << refused.out;
  EXPECT_TRUE(Contains(refused.out, "--erase")) << refused.out;
  EXPECT_TRUE(Contains(refused.out, "--anonymise")) << refused.out;
  EXPECT_TRUE(Contains(refused.out, "rungs people export --person bo@example.com")) << refused.out;
  EXPECT_EQ(Run("user remove bo@example.com --erase --anonymise").exit_code, 2);

  CommandRun anonymised = Run("user remove bo@example.com --anonymise");
  EXPECT_EQ(anonymised.exit_code, 0) << anonymised.out;
  EXPECT_TRUE(Contains(anonymised.out, "anonymised bo@example.com")) << anonymised.out;
  EXPECT_FALSE(Contains(Run("user list").out, "bo@example.com"));
  CommandRun gone = Run("user remove nobody@example.com");
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_TRUE(Contains(gone.out, "no user with email nobody@example.com")) << gone.out;
}

// Permission bits of `path`, or -1 when it cannot be read.
int ModeOf(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

TEST_F(PeopleCliTest, BackupAndRestore) {
  // The usual umask, under which files are readable by everyone unless made otherwise.
  const mode_t umask_before = ::umask(022);
  ASSERT_EQ(Run("user add ana@example.com").exit_code, 0);
  EXPECT_EQ(ModeOf(data_ + "/rungs.db"), 0600);
  const std::string backup = dir_ + "/backup.db";
  CommandRun b = Run("backup " + ShellQuote(backup));
  ASSERT_EQ(b.exit_code, 0) << b.out;
  EXPECT_TRUE(Contains(b.out, "backed up " + data_ + "/rungs.db to " + backup)) << b.out;
  EXPECT_TRUE(Contains(b.out, "1 users")) << b.out;
  EXPECT_EQ(ModeOf(backup), 0600);
  CommandRun twice = Run("backup " + ShellQuote(backup));
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_TRUE(Contains(twice.out, backup + " already exists; backups never overwrite"))
      << twice.out;

  ASSERT_EQ(Run("user add bo@example.com").exit_code, 0);
  int64_t stamp_before = 0;
  {
    std::unique_ptr<Store> store = OpenStore();
    ASSERT_TRUE(store);
    stamp_before = store->ChangeStamp().value();
  }
  CommandRun r = Run("restore " + ShellQuote(backup));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  {
    // Older data, but a newer stamp: nothing cached before the restore matches it.
    std::unique_ptr<Store> store = OpenStore();
    ASSERT_TRUE(store);
    EXPECT_GT(store->ChangeStamp().value(), stamp_before);
  }
  EXPECT_TRUE(
      Contains(r.out, "saved the current database as " + data_ + "/rungs.db.before-restore-"))
      << r.out;
  EXPECT_TRUE(Contains(r.out, "restored " + data_ + "/rungs.db from " + backup)) << r.out;
  const std::string list = Run("user list").out;
  EXPECT_TRUE(Contains(list, "ana@example.com")) << list;
  EXPECT_FALSE(Contains(list, "bo@example.com")) << list;
  int saved = 0;
  for (const auto& entry : fs::directory_iterator(data_)) {
    if (Contains(entry.path().filename().string(), "before-restore-")) {
      ++saved;
      EXPECT_EQ(ModeOf(entry.path().string()), 0600) << entry.path();
      // The saved copy still has bo.
      Result<std::unique_ptr<Store>> old = OpenSqliteStore(entry.path().string());
      ASSERT_TRUE(old.ok());
      EXPECT_TRUE(old.value()->FindUserByEmail("bo@example.com").ok());
    }
  }
  EXPECT_EQ(saved, 1);
  for (const auto& entry : fs::directory_iterator(data_)) {
    EXPECT_EQ(ModeOf(entry.path().string()), 0600) << entry.path();
  }
  ::umask(umask_before);
}

TEST_F(PeopleCliTest, RestoreRefusesWhatIsNotARungsDatabase) {
  ASSERT_EQ(Run("user add ana@example.com").exit_code, 0);
  const std::string text = test::WriteFile(dir_ + "/notes.txt", "just some text, not SQLite\n");
  CommandRun r = Run("restore " + ShellQuote(text));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.out, "rungs restore: " + text + ": not a SQLite database")) << r.out;
  EXPECT_TRUE(Contains(r.out, "nothing was changed")) << r.out;

  const std::string other = dir_ + "/other.db";
  {
    SQLite::Database db(other, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE things (id INTEGER)");
  }
  CommandRun foreign = Run("restore " + ShellQuote(other));
  EXPECT_EQ(foreign.exit_code, 1);
  EXPECT_TRUE(Contains(foreign.out, "a SQLite database, but not one of rungs")) << foreign.out;

  const std::string future = dir_ + "/future.db";
  ASSERT_EQ(Run("backup " + ShellQuote(future)).exit_code, 0);
  {
    SQLite::Database db(future, SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'x', 0)");
  }
  CommandRun newer = Run("restore " + ShellQuote(future));
  EXPECT_EQ(newer.exit_code, 1);
  EXPECT_TRUE(Contains(newer.out, "its schema version is 999, newer than this rungs knows"))
      << newer.out;
  EXPECT_TRUE(Contains(Run("restore " + ShellQuote(dir_ + "/missing.db")).out, "no such file"));
  for (const auto& entry : fs::directory_iterator(data_)) {
    EXPECT_FALSE(Contains(entry.path().string(), "before-restore")) << "nothing was changed";
  }
}

TEST_F(PeopleCliTest, ImportARoster) {
  const std::string roster =
      test::WriteFile(dir_ + "/roster.csv",
                      "email,name,role,team,manager_email,framework,assigned_rung\n"
                      "ana@example.com,Ana Lima,manager,Tier 1,,customer-operations,2A\n"
                      "bo@example.com,Bo Chen,,Tier 1,ana@example.com,customer-operations,1A\n");
  CommandRun dry = Run("people import --dry-run " + ShellQuote(roster));
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_TRUE(Contains(dry.out, roster + ":2: create ana@example.com (Ana Lima, manager, team "
                                         "Tier 1)"))
      << dry.out;
  EXPECT_TRUE(Contains(dry.out,
                       "2 to create, 0 to update, 0 unchanged; new team: Tier 1 (dry "
                       "run: nothing was written)"))
      << dry.out;
  EXPECT_FALSE(fs::exists(data_)) << "a dry run creates no database";

  CommandRun r = Run("people import --invite " + ShellQuote(roster));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "created 2, updated 0, unchanged 0; new team: Tier 1")) << r.out;
  EXPECT_TRUE(Contains(r.out, "  bo@example.com  http://localhost:8080/invite/")) << r.out;
  const std::string list = Run("user list").out;
  EXPECT_TRUE(Contains(list, "bo@example.com   Bo Chen   member   Tier 1  ana@example.com"))
      << list;

  CommandRun again = Run("people import " + ShellQuote(roster));
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_TRUE(Contains(again.out, "created 0, updated 0, unchanged 2")) << again.out;
}

TEST_F(PeopleCliTest, ABadRosterWritesNothing) {
  ASSERT_EQ(Run("user add ana@example.com").exit_code, 0);
  const std::string roster = test::WriteFile(dir_ + "/roster.csv",
                                             "email,name,manager_email,assigned_rung,dept\n"
                                             "cy@example.com,Cy,,,\n"
                                             "dee@example.com,Dee,x@y.com,,\n");
  CommandRun r = Run("people import " + ShellQuote(roster));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(Contains(r.out, roster + ":1: unknown column \"dept\"")) << r.out;
  EXPECT_TRUE(Contains(r.out, "nothing was written")) << r.out;

  test::WriteFile(roster,
                  "email,name,manager_email,framework,assigned_rung\n"
                  "cy@example.com,Cy,,,\n"
                  "dee@example.com,Dee,x@y.com,,\n"
                  "eve@example.com,Eve,,customer-operations,5Z\n");
  CommandRun rows = Run("people import " + ShellQuote(roster));
  EXPECT_EQ(rows.exit_code, 1) << rows.out;
  EXPECT_TRUE(Contains(rows.out, roster + ":3: manager_email: no person with email x@y.com in "
                                          "the file or the store"))
      << rows.out;
  EXPECT_TRUE(Contains(rows.out, roster + ":4: assigned_rung: \"5Z\" is not a rung of "
                                          "customer-operations"))
      << rows.out;
  EXPECT_TRUE(Contains(rows.out, "2 errors; nothing was written")) << rows.out;
  EXPECT_FALSE(Contains(Run("user list").out, "cy@example.com")) << "the good row was not written";

  CommandRun missing = Run("people import " + ShellQuote(dir_ + "/nope.csv"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Contains(missing.out, dir_ + "/nope.csv: cannot open")) << missing.out;
}

TEST_F(PeopleCliTest, ExportAPersonAndATeam) {
  const std::string roster = test::WriteFile(dir_ + "/roster.csv",
                                             "email,name,team\n"
                                             "ana@example.com,Ana,Tier 1\n"
                                             "bo@example.com,Bo,Tier 1\n"
                                             "cy@example.com,Cy,Tier 2\n");
  ASSERT_EQ(Run("people import " + ShellQuote(roster)).exit_code, 0);

  CommandRun person = Run("people export --person bo@example.com");
  ASSERT_EQ(person.exit_code, 0) << person.out;
  const nlohmann::json j = nlohmann::json::parse(person.out);
  EXPECT_EQ(j["people"][0]["email"], "bo@example.com");
  EXPECT_EQ(j["people"][0]["team"], "Tier 1");

  GiveCheckIn("bo@example.com");
  CommandRun csv = Run("people export --person bo@example.com --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  EXPECT_EQ(csv.out.rfind("email,checkin_id,state,created_at,frozen_at,criterion_key,self,"
                          "manager,agreed\n",
                          0),
            0u)
      << csv.out;

  const std::string out = dir_ + "/team.json";
  CommandRun team = Run("people export --team 'Tier 1' --out " + ShellQuote(out));
  ASSERT_EQ(team.exit_code, 0) << team.out;
  EXPECT_TRUE(Contains(team.out, "wrote " + out + " (2 people, 1 check-in)")) << team.out;
  const nlohmann::json t = nlohmann::json::parse(test::ReadFile(out));
  EXPECT_EQ(t["team"]["name"], "Tier 1");
  EXPECT_EQ(t["people"].size(), 2u);

  CommandRun nobody = Run("people export --person zed@example.com");
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_TRUE(Contains(nobody.out, "--person: no user with email zed@example.com")) << nobody.out;
  CommandRun no_team = Run("people export --team Nope");
  EXPECT_EQ(no_team.exit_code, 1);
  EXPECT_TRUE(Contains(no_team.out,
                       "--team: no team named \"Nope\"; the teams are: Tier 1, "
                       "Tier 2"))
      << no_team.out;
  EXPECT_EQ(Run("people export").exit_code, 2);
  EXPECT_EQ(Run("people export --person a@example.com --team T").exit_code, 2);
}

// A store written before rungs refused text that is not UTF-8 may hold some: the commands that
// print JSON replace the bad bytes instead of aborting.
TEST_F(PeopleCliTest, TextThatIsNotUtf8FromAnOlderStoreDoesNotBreakJsonOutput) {
  ASSERT_EQ(Run("user add bo@example.com --name Bo").exit_code, 0);
  {
    SQLite::Database db(data_ + "/rungs.db", SQLite::OPEN_READWRITE);
    db.exec("UPDATE users SET name = CAST(X'426FFEFE' AS TEXT) WHERE email = 'bo@example.com'");
  }
  CommandRun list = Run("user list --format json");
  ASSERT_EQ(list.exit_code, 0) << list.out;
  EXPECT_TRUE(Contains(list.out, "Bo\xef\xbf\xbd")) << list.out;  // U+FFFD
  CommandRun person = Run("people export --person bo@example.com");
  ASSERT_EQ(person.exit_code, 0) << person.out;
  EXPECT_FALSE(nlohmann::json::parse(person.out, nullptr, false).is_discarded());
}

TEST(PeopleCliHelpTest, ServeHasADemoFlag) {
  CommandRun r = RunRungs("serve --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.out, "--demo")) << r.out;
  CommandRun user = RunRungs("user add --help");
  EXPECT_TRUE(Contains(user.out, "rungs user add --admin EMAIL")) << user.out;
}

}  // namespace
}  // namespace rungs
