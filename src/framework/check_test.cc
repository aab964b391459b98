#include "framework/check.h"

#include <gtest/gtest.h>

#include "framework/loader.h"
#include "framework/matrix_format.h"
#include "framework/monzo_format.h"
#include "framework/test_util.h"
#include "util/word_list.h"

namespace rungs {
namespace {

const Diagnostic* FindCode(const Diagnostics& diagnostics, const std::string& code) {
  for (const Diagnostic& d : diagnostics) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

TEST(CheckTest, PointsOutTheTruncatedSeniorLevelWithoutRewritingIt) {
  ASSERT_NE(WordList::System(), nullptr) << "install wamerican (scripts/install-deps does)";
  ImportResult r = ImportMatrix(ReadShared(kMatrixSeed()), "matrix.tsv");
  ASSERT_TRUE(r.framework);
  const Diagnostics lint = Lint(*r.framework);
  const Diagnostic* cut = FindCode(lint, "cut-short");
  ASSERT_NE(cut, nullptr);
  EXPECT_EQ(
      FormatDiagnostic(*cut),
      "matrix.tsv:3:86: warning: level name \"Master \xE2\x80\x93 Senior Territor\" looks cut "
      "short: \"Territor\" is not a word, \"territory\" is [cut-short]");
  const Diagnostic* typo = FindCode(lint, "possible-typo");
  ASSERT_NE(typo, nullptr);
  EXPECT_EQ(typo->severity, Severity::kNote);
  EXPECT_NE(typo->message.find("\"decreas\""), std::string::npos);
  EXPECT_EQ(r.framework->levels[4].name, "Master \xE2\x80\x93 Senior Territor");
}

TEST(CheckTest, TopicMissingALevelAndEmptyCriteria) {
  ImportResult r = ImportMonzo(
      "---\ntitle: T\nlevels: 2\ntopics:\n  - name: a\n    title: A\n    content:\n"
      "      - level: 1\n        criteria: [\"x\", \"\", \"x\"]\n"
      "  - name: b\n    title: B\n    content:\n      - level: 2\n        criteria: [\"y\"]\n"
      "---\n",
      "t.md");
  ASSERT_TRUE(r.framework);
  const Diagnostics lint = Lint(*r.framework);
  const Diagnostic* missing = FindCode(lint, "topic-missing-level");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->message, "topic 'a' has nothing for Level 2");
  EXPECT_EQ(missing->line, 5);
  ASSERT_NE(FindCode(lint, "empty-criterion"), nullptr);
  ASSERT_NE(FindCode(lint, "repeated-criterion"), nullptr);
}

TEST(CheckTest, PortugueseFrameworksAreNotFlaggedAsTypos) {
  LoadResult r = LoadPaths({SharedPath("corpus/monzo-format/bernardosrulzon/crm.md")});
  ASSERT_EQ(r.frameworks.size(), 1u);
  const Diagnostics lint = Lint(r.frameworks[0]);
  EXPECT_EQ(FindCode(lint, "possible-typo"), nullptr);
  EXPECT_EQ(FindCode(lint, "cut-short"), nullptr);
}

TEST(CheckTest, WordListCompletions) {
  WordList words("territory\nterritorial\ndecrease\nvolume\n");
  EXPECT_EQ(words.CompletionOf("Territor", 3), "territory");
  EXPECT_EQ(words.CompletionOf("volume", 3), std::nullopt);
  EXPECT_EQ(words.CompletionOf("decr", 3), std::nullopt);
  EXPECT_TRUE(words.Contains("Volume"));
}

}  // namespace
}  // namespace rungs
