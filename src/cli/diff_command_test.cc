// Runs the real `rungs diff` and `rungs compare` as a user would and checks output and exit
// codes.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/test_support.h"

namespace rungs {
namespace {

using test::CommandRun;
using test::Contains;
using test::RunRungs;

const std::string kCorpus = std::string(RUNGS_SHARED_DIR) + "/corpus/monzo-format";
const std::string kMonzoBackend = kCorpus + "/monzo/backend.md";
const std::string kForkBackend = kCorpus + "/tomwalters/backend.md";

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  return test::WriteFile(testing::TempDir() + "/" + name, bytes);
}

TEST(DiffCliTest, ForkThatRenamedTheCompanyShowsSixRewordings) {
  CommandRun r = RunRungs("diff " + kMonzoBackend + " " + kForkBackend);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "--- " + kMonzoBackend + " (engineering/backend)\n+++ " +
                                  kForkBackend + " (engineering/backend)\n"))
      << r.out;
  EXPECT_TRUE(Contains(r.out,
                       "influence · ✨ Influence\n"
                       "  Level 5\n"
                       "    ~ reworded (80%): Represents Monzo at conferences/events\n"
                       "                    → Represents Interact at conferences/events\n"))
      << r.out;
  EXPECT_TRUE(Contains(r.out, "page text below the front matter: 3 lines added, 3 removed\n"))
      << r.out;
  EXPECT_TRUE(Contains(r.out, "\n2 topics changed: 0 added, 0 removed, 6 reworded, 0 moved; "))
      << r.out;
}

TEST(DiffCliTest, JsonListsChangesWithKeys) {
  CommandRun r = RunRungs("diff --format json " + kMonzoBackend + " " + kForkBackend);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["summary"]["reworded"], 6);
  EXPECT_EQ(j["summary"]["added"], 0);
  ASSERT_EQ(j["changes"].size(), 6u);
  EXPECT_EQ(j["changes"][4]["kind"], "reworded");
  EXPECT_EQ(j["changes"][4]["old_key"], "engineering/backend/influence/5/1");
  EXPECT_EQ(j["changes"][4]["new_text"], "Represents Interact at conferences/events");
}

TEST(DiffCliTest, AFileAgainstItselfHasNoChanges) {
  CommandRun r = RunRungs("diff " + kMonzoBackend + " " + kMonzoBackend);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "no changes to topics or criteria (")) << r.out;
}

TEST(DiffCliTest, FoldersDiffEveryFramework) {
  CommandRun r = RunRungs("diff " + kCorpus + "/monzo " + kCorpus + "/tomwalters");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  // tomwalters forked backend, mobile and web; the other 14 are only in Monzo's folder.
  EXPECT_TRUE(Contains(r.out, "only in " + kCorpus + "/monzo:\n  - customer-operations · "))
      << r.out;
  EXPECT_TRUE(Contains(r.out, "\n17 frameworks: 3 changed, 0 added, 14 removed, 0 unchanged\n"))
      << r.out;

  CommandRun one = RunRungs("diff " + kCorpus + "/monzo " + kCorpus +
                            "/tomwalters --framework engineering/backend --format json");
  ASSERT_EQ(one.exit_code, 0) << one.out;
  const auto j = nlohmann::json::parse(one.out);
  EXPECT_EQ(j["new"]["id"], "engineering/backend");
  EXPECT_EQ(j["summary"]["reworded"], 6);
}

TEST(DiffCliTest, LoadErrorsExitOneWithPositions) {
  const std::string broken =
      WriteTemp("diff-broken.md", "---\ntitle: T\ntopics:\n  - name: a\n    content: [\n---\n");
  CommandRun r = RunRungs("diff " + kMonzoBackend + " " + broken);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(Contains(r.out, broken + ":")) << r.out;
  EXPECT_TRUE(Contains(r.out, ": error: YAML syntax error")) << r.out;

  CommandRun missing = RunRungs("diff " + kMonzoBackend + " /no/such/file.md");
  EXPECT_EQ(missing.exit_code, 1) << missing.out;
  EXPECT_TRUE(Contains(missing.out, "/no/such/file.md: error: no such file or folder")) << r.out;
}

TEST(DiffCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunRungs("diff").exit_code, 2);
  EXPECT_EQ(RunRungs("diff " + kMonzoBackend).exit_code, 2);
  EXPECT_EQ(RunRungs("diff --format pdf " + kMonzoBackend + " " + kForkBackend).exit_code, 2);
  CommandRun r = RunRungs("diff " + kCorpus + "/monzo " + kCorpus + "/tomwalters --framework nope");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(Contains(r.out, "rungs diff: no framework 'nope' in ")) << r.out;
}

TEST(CompareCliTest, BundledCustomerOperationsFrom1ATo2A) {
  CommandRun r = RunRungs("compare customer-operations --from 1A --to 2A");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "💬 Customer Operations Framework (customer-operations): 1A → 2A\n"))
      << r.out;
  EXPECT_TRUE(Contains(r.out,
                       "    + Frequently shares knowledge gained internally or externally "
                       "(previous role/reading)\n"))
      << r.out;
  EXPECT_TRUE(Contains(r.out, "(via 1C)")) << r.out;
  EXPECT_TRUE(Contains(r.out, "\n11 criteria new, 0 carried over, 9 no longer listed\n")) << r.out;
}

TEST(CompareCliTest, MatrixFileByPathAsJson) {
  CommandRun r = RunRungs("compare " + std::string(RUNGS_SHARED_DIR) +
                          "/seeds/000_fe4a8565f30ada35.txt --from 2 --to 3 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["from"]["label"], "Practitioner");
  EXPECT_EQ(j["to"]["label"], "Advanced");
  EXPECT_EQ(j["summary"]["new"], 8);
  EXPECT_EQ(j["summary"]["no_longer_listed"], 7);  // "None" at 2 is not a criterion
}

TEST(CompareCliTest, BadRungsAndFrameworksExitTwo) {
  CommandRun unknown = RunRungs("compare customer-operations --from 1A --to 3A");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_TRUE(Contains(unknown.out,
                       "has no rung '3A'; its rungs are: 1A, 1A-after-probation, 1B, 1C, 2A, 2B"))
      << unknown.out;

  CommandRun backwards = RunRungs("compare customer-operations --from 2A --to 1B");
  EXPECT_EQ(backwards.exit_code, 2) << backwards.out;
  EXPECT_TRUE(Contains(backwards.out, "--from must be a lower rung than --to")) << backwards.out;

  CommandRun framework = RunRungs("compare nope --from 1 --to 2");
  EXPECT_EQ(framework.exit_code, 2) << framework.out;
  EXPECT_TRUE(Contains(framework.out, "customer-operations, frontline-cs-competency-matrix"))
      << framework.out;

  EXPECT_EQ(RunRungs("compare customer-operations --from 1A").exit_code, 2);
}

TEST(CompareCliTest, BrokenFrameworkFileExitsOne) {
  const std::string broken =
      WriteTemp("compare-broken.md", "---\ntitle: T\ntopics:\n  - name: a\n    content: [\n---\n");
  CommandRun r = RunRungs("compare " + broken + " --from 1 --to 2");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(Contains(r.out, ": error: YAML syntax error")) << r.out;
}

}  // namespace
}  // namespace rungs
