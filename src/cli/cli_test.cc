// Runs the real `rungs` binary as a user would and checks output and exit codes.
#include <array>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rungs {
namespace {

struct CommandRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

CommandRun Rungs(const std::string& args) {
  CommandRun run;
  const std::string command = std::string(RUNGS_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

const std::string kShared = RUNGS_SHARED_DIR;

TEST(CliTest, CheckSeedReportsRepairsAsWarningsAndExitsZero) {
  CommandRun r = Rungs("check " + kShared + "/seeds/001_44d20e5d94228d15.txt");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("001_44d20e5d94228d15.txt:3:8: warning: repaired text that was "
                       "mis-decoded as Mac Roman"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 framework checked: 0 errors, 5 warnings"), std::string::npos) << r.out;
}

TEST(CliTest, StrictMakesWarningsFail) {
  CommandRun r = Rungs("check --strict " + kShared + "/seeds/001_44d20e5d94228d15.txt");
  EXPECT_EQ(r.exit_code, 1) << r.out;
}

TEST(CliTest, CheckJsonIsMachineReadable) {
  CommandRun r = Rungs("check --format json " + kShared + "/seeds/000_fe4a8565f30ada35.txt 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["errors"], 0);
  EXPECT_EQ(j["frameworks"], 1);
}

TEST(CliTest, BrokenFileExitsOneWithPosition) {
  const std::string path = testing::TempDir() + "/broken.md";
  FILE* f = fopen(path.c_str(), "w");
  fputs("---\ntitle: T\ntopics:\n  - name: a\n    content: [\n---\n", f);
  fclose(f);
  CommandRun r = Rungs("check " + path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(path + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": error: YAML syntax error"), std::string::npos) << r.out;
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Rungs("check").exit_code, 2);
  EXPECT_EQ(Rungs("frobnicate").exit_code, 2);
  EXPECT_EQ(Rungs("export --format pdf").exit_code, 2);
  EXPECT_EQ(Rungs("--help").exit_code, 0);
}

TEST(CliTest, ExportJsonOfTheBundledSeed) {
  CommandRun r = Rungs("export --format json --framework customer-operations 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["id"], "customer-operations");
  EXPECT_EQ(j["levels"].size(), 2u);
}

}  // namespace
}  // namespace rungs
