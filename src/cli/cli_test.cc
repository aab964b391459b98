// Runs the real `rungs` binary as a user would and checks output and exit codes.
#include <string>

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/test_support.h"

namespace rungs {
namespace {

using test::CommandRun;
using test::RunRungs;
using test::ShellQuote;

const std::string kShared = RUNGS_SHARED_DIR;

TEST(CliTest, CheckSeedReportsRepairsAsWarningsAndExitsZero) {
  CommandRun r = RunRungs("check " + kShared + "/seeds/001_44d20e5d94228d15.txt");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("001_44d20e5d94228d15.txt:3:8: warning: repaired text that was "
                       "mis-decoded as Mac Roman"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 framework checked: 0 errors, 5 warnings"), std::string::npos) << r.out;
}

TEST(CliTest, StrictMakesWarningsFail) {
  CommandRun r = RunRungs("check --strict " + kShared + "/seeds/001_44d20e5d94228d15.txt");
  EXPECT_EQ(r.exit_code, 1) << r.out;
}

TEST(CliTest, CheckJsonIsMachineReadable) {
  CommandRun r =
      RunRungs("check --format json " + kShared + "/seeds/000_fe4a8565f30ada35.txt 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["errors"], 0);
  EXPECT_EQ(j["frameworks"], 1);
}

TEST(CliTest, BrokenFileExitsOneWithPosition) {
  const std::string path = testing::TempDir() + "/broken.md";
  test::WriteFile(path, "---\ntitle: T\ntopics:\n  - name: a\n    content: [\n---\n");
  CommandRun r = RunRungs("check " + path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(path + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": error: YAML syntax error"), std::string::npos) << r.out;
}

TEST(CliTest, CheckReportsUnreadableTargetsAndBadSettings) {
  const std::string dir = testing::TempDir() + "/targets-check";
  std::filesystem::create_directories(dir);
  test::WriteFile(dir + "/team.md",
                  "---\ntitle: T\nrungs:\n  window: {weeks: 4, meeting: 6}\ntopics:\n"
                  "  - name: a\n    title: A\n    content:\n      - level: 1\n        criteria:\n"
                  "          - \"Working towards probation targets\"\n"
                  "          - \"12 conversations per hour and 90% CSAT\"\n---\n");
  CommandRun r = RunRungs("check " + dir + "/team.md");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("team.md:4:31: error: rungs settings: rungs.window.meeting: 6 weeks "
                       "cannot meet the targets out of a window of 4 [settings-invalid]"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("team.md:12:13: warning: criterion a/1/2 looks measurable but cannot be "
                       "read: rungs measures activity % and QA %, not 'CSAT': \"90% CSAT\""),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("team.md:11:"), std::string::npos) << r.out;  // "Working towards"
  // The bundled frameworks read cleanly.
  CommandRun bundled = RunRungs("check " + std::string(RUNGS_SOURCE_DIR) + "/frameworks");
  EXPECT_EQ(bundled.out.find("target"), std::string::npos) << bundled.out;
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunRungs("check").exit_code, 2);
  EXPECT_EQ(RunRungs("frobnicate").exit_code, 2);
  EXPECT_EQ(RunRungs("export --format pdf").exit_code, 2);
  EXPECT_EQ(RunRungs("--help").exit_code, 0);
}

TEST(CliTest, ExportJsonOfTheBundledSeed) {
  CommandRun r = RunRungs("export --format json --framework customer-operations 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["id"], "customer-operations");
  EXPECT_EQ(j["levels"].size(), 2u);
}

// Starts `rungs serve` as a child process and reads the port it prints.
class ServeProcess {
 public:
  explicit ServeProcess(const std::vector<std::string>& args) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], 1);
      dup2(fds[1], 2);
      close(fds[0]);
      std::vector<char*> argv = {const_cast<char*>(RUNGS_BINARY), const_cast<char*>("serve")};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(RUNGS_BINARY, argv.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fdopen(fds[0], "r");
    char line[1024];
    if (fgets(line, sizeof line, out_) != nullptr) {
      first_line_ = line;
      const size_t colon = first_line_.rfind(':');
      if (colon != std::string::npos) port_ = std::atoi(first_line_.c_str() + colon + 1);
    }
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    if (out_ != nullptr) fclose(out_);
  }
  int port() const { return port_; }
  const std::string& first_line() const { return first_line_; }
  // The next line it prints (empty at the end).
  std::string NextLine() {
    char line[1024];
    return out_ != nullptr && fgets(line, sizeof line, out_) != nullptr ? line : "";
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
  std::string first_line_;
};

TEST(CliTest, ServeLoadsAFrameworksFolderAndCreatesTheDataDir) {
  const std::string data = testing::TempDir() + "/rungs-serve-data";
  std::filesystem::remove_all(data);
  ServeProcess serve(
      {"--port", "0", "--data", data, "--frameworks", kShared + "/corpus/monzo-format/monzo"});
  ASSERT_GT(serve.port(), 0) << serve.first_line();
  EXPECT_NE(serve.first_line().find("serving 17 frameworks"), std::string::npos)
      << serve.first_line();
  EXPECT_TRUE(std::filesystem::is_directory(data));
  httplib::Client client("127.0.0.1", serve.port());
  auto res = client.Get("/api/frameworks/engineering/backend");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(nlohmann::json::parse(res->body)["title"],
            "\xF0\x9F\x9B\xA0\xEF\xB8\x8F Backend Engineering Framework");
}

// The page at `path` once it contains `text`, waiting up to 20 s for the server's folder watch
// (it reads a folder that looked the same twice, a second apart); what it last got otherwise.
std::string PageOnceItHas(httplib::Client& client, const std::string& path,
                          const std::string& text) {
  std::string body;
  for (int i = 0; i < 200; ++i) {
    auto res = client.Get(path);
    body = res ? res->body : "";
    if (body.find(text) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return body;
}

// `rungs serve --frameworks DIR` serves an empty folder (a team uploads its own), then serves
// what is saved there without a restart; a broken save keeps the last good version.
TEST(CliTest, ServeServesEditsInItsFrameworksFolder) {
  const std::string data = test::FreshDir("rungs-serve-watch-data");
  const std::string folder = test::FreshDir("rungs-serve-watch");
  ServeProcess serve({"--port", "0", "--data", data, "--frameworks", folder});
  ASSERT_GT(serve.port(), 0) << serve.first_line();
  EXPECT_TRUE(test::Contains(serve.first_line(), "serving 0 frameworks")) << serve.first_line();
  httplib::Client client("127.0.0.1", serve.port());
  const auto matrix = [](const std::string& title) {
    return title + "\n\n\tBeginner\tExpert\nTone\tPolite.\tWarm.\n";
  };
  test::WriteFile(folder + "/team.tsv", matrix("Team matrix"));
  EXPECT_TRUE(
      test::Contains(PageOnceItHas(client, "/f/team/index.html", "Team matrix"), "Team matrix"));
  test::WriteFile(folder + "/team.tsv", "---\ntitle: [\n---\n");
  test::WriteFile(folder + "/other.tsv", matrix("Other matrix"));
  // Two watch rounds later the broken save has been read and refused: nothing changed.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(client.Get("/f/other/index.html")->status, 404);
  EXPECT_TRUE(test::Contains(client.Get("/f/team/index.html")->body, "Team matrix"));
  test::WriteFile(folder + "/team.tsv", matrix("Team matrix, fixed"));
  EXPECT_TRUE(test::Contains(PageOnceItHas(client, "/f/team/index.html", "Team matrix, fixed"),
                             "Team matrix, fixed"));
  EXPECT_EQ(client.Get("/f/other/index.html")->status, 200);
}

// A store without an admin: serve prints a setup link (with the port it bound) that opens the
// first-admin form; with an admin it prints none.
TEST(CliTest, ServePrintsASetupLinkWhileThereIsNoAdmin) {
  const std::string data = testing::TempDir() + "/rungs-serve-setup";
  std::filesystem::remove_all(data);
  std::string link;
  {
    ServeProcess serve({"--port", "0", "--data", data});
    ASSERT_GT(serve.port(), 0) << serve.first_line();
    EXPECT_EQ(serve.NextLine(),
              "rungs: no admin yet; open this link to create the first one (it works once, until "
              "this server stops):\n");
    const std::string line = serve.NextLine();
    const std::string prefix = fmt::format("  http://127.0.0.1:{}/setup/", serve.port());
    ASSERT_EQ(line.rfind(prefix, 0), 0u) << line;
    link = line.substr(line.find("/setup/"));
    link.pop_back();  // the newline
    httplib::Client client("127.0.0.1", serve.port());
    auto form = client.Get(link);
    ASSERT_TRUE(form);
    EXPECT_EQ(form->status, 200);
    EXPECT_NE(form->body.find("Create the admin account"), std::string::npos);
  }
  ASSERT_EQ(
      RunRungs("user add ada@example.com --name Ada --admin --data " + ShellQuote(data)).exit_code,
      0);
  ServeProcess again({"--port", "0", "--data", data});
  ASSERT_GT(again.port(), 0) << again.first_line();
  httplib::Client client("127.0.0.1", again.port());
  EXPECT_EQ(client.Get(link)->status, 404);  // an earlier server's link, and an admin now
}

TEST(CliTest, ServeRefusesDuplicateIds) {
  CommandRun r =
      // A folder of this run's own: another build's store there could be of a newer schema.
      RunRungs("serve --port 0 --data " + testing::TempDir() + "/dup-data-" +
               std::to_string(getpid()) + " --frameworks " + kShared +
               "/corpus/monzo-format/andyfarmerTUISHG");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("framework id 'engineering/web' is already used by"), std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace rungs
