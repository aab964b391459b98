#include "framework/monzo_format.h"

#include <gtest/gtest.h>

#include "framework/loader.h"
#include "framework/test_util.h"

namespace rungs {
namespace {

// The seed as rungs serves it: generic.md applied, references resolved, keys assigned.
Framework LoadSeed() {
  LoadResult r = LoadFrameworks({{"seed.md", "seed.md", "", ReadShared(kMonzoSeed())}});
  EXPECT_EQ(r.frameworks.size(), 1u);
  return r.frameworks.empty() ? Framework{} : r.frameworks[0];
}

std::vector<std::string> RungIds(const Framework& fw) {
  std::vector<std::string> ids;
  for (const Rung* r : AllRungs(fw)) ids.push_back(r->id);
  return ids;
}

TEST(MonzoFormatTest, SeedHasSixRungsFromSublevelProse) {
  const Framework fw = LoadSeed();
  EXPECT_EQ(fw.id, "customer-operations");
  EXPECT_EQ(RungIds(fw),
            (std::vector<std::string>{"1A", "1A-after-probation", "1B", "1C", "2A", "2B"}));
  const Rung* probation = FindRung(fw, "1A-after-probation");
  ASSERT_NE(probation, nullptr);
  EXPECT_EQ(probation->label, "1A (after probation)");
  EXPECT_EQ(probation->qualifier, "after probation");
  EXPECT_EQ(fw.levels.size(), 2u);
}

TEST(MonzoFormatTest, SeedMojibakeIsRepairedWithWarnings) {
  ImportResult r = ImportMonzo(ReadShared(kMonzoSeed()), "seed.md");
  ASSERT_TRUE(r.framework);
  EXPECT_EQ(r.framework->title, "\xF0\x9F\x92\xAC Customer Operations Framework");
  EXPECT_EQ(r.framework->sidebar_title, "\xF0\x9F\x92\xAC Customer Operations");
  int repaired = 0;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.code == "mojibake-repaired") {
      ++repaired;
      EXPECT_EQ(d.severity, Severity::kWarning);
    }
  }
  // Title, sidebar title, two topic titles and the one criterion with ‘core’.
  EXPECT_EQ(repaired, 5);
  const Diagnostic& first = r.diagnostics.front();
  EXPECT_EQ(first.line, 3);
  EXPECT_EQ(first.column, 8);
  EXPECT_FALSE(HasErrors(r.diagnostics));
}

TEST(MonzoFormatTest, EmptyTitlesInheritFromGeneric) {
  const Framework fw = LoadSeed();
  const Topic* communication = FindTopic(fw, "communication");
  const Topic* teamwork = FindTopic(fw, "teamwork");
  ASSERT_NE(communication, nullptr);
  ASSERT_NE(teamwork, nullptr);
  EXPECT_EQ(communication->title, "\xF0\x9F\x92\xAC Communication");
  EXPECT_TRUE(communication->title_from_generic);
  EXPECT_EQ(teamwork->title, "\xF0\x9F\xA4\x9D Teamwork");
  EXPECT_EQ(FindTopic(fw, "culture-conduct")->title,
            "\xF0\x9F\x95\xB4\xEF\xB8\x8F Conduct & Culture");
  EXPECT_EQ(fw.generic_file, "frameworks/generic.md");
}

TEST(MonzoFormatTest, SublevelExamplesAreTheRungsCriteria) {
  const Framework fw = LoadSeed();
  const Topic* knowledge = FindTopic(fw, "knowledgeandimpact");
  ASSERT_NE(knowledge, nullptr);
  const TopicRung* probation = FindTopicRung(*knowledge, "1A-after-probation");
  ASSERT_NE(probation, nullptr);
  ASSERT_EQ(probation->criteria.size(), 2u);
  EXPECT_EQ(probation->criteria[0].text,
            "At least 2 weeks performance at expected probation targets for core scaling tasks: "
            "10 conversations per hour, 95% activity and 95% QA");
  EXPECT_EQ(probation->criteria[0].source.line, 20);
  EXPECT_EQ(FindTopicRung(*knowledge, "1C")->criteria.size(), 2u);
  // Plain criteria of level 2 go to its first rung.
  const Topic* teamwork = FindTopic(fw, "teamwork");
  const TopicRung* two_a = FindTopicRung(*teamwork, "2A");
  ASSERT_NE(two_a, nullptr);
  EXPECT_EQ(two_a->criteria.size(), 2u);
}

TEST(MonzoFormatTest, ReferenceExpandsToLevelOnesHighestRung) {
  const Framework fw = LoadSeed();
  const Topic* teamwork = FindTopic(fw, "teamwork");
  const Criterion& ref = FindTopicRung(*teamwork, "2A")->criteria[0];
  ASSERT_TRUE(ref.reference);
  EXPECT_EQ(ref.reference->level, 1);
  EXPECT_EQ(ref.reference->rung, "1C");
  const auto assessed = CriteriaForRung(fw, *teamwork, "2A");
  // 1C's four criteria through the reference, then its own one.
  ASSERT_EQ(assessed.size(), 5u);
  EXPECT_EQ(assessed[0].via_reference, "1C");
  EXPECT_EQ(assessed[0].criterion->text,
            "Asks for support from more senior members of the team when facing tasks for the "
            "first time");
  EXPECT_EQ(assessed[4].via_reference, "");
  EXPECT_EQ(assessed[4].criterion->text,
            "Frequently shares knowledge gained internally or externally (previous "
            "role/reading)");
}

TEST(MonzoFormatTest, CriterionKeysAreStable) {
  const Framework fw = LoadSeed();
  const Criterion& c = FindTopicRung(*FindTopic(fw, "culture-conduct"), "1A")->criteria[1];
  EXPECT_EQ(c.key, "customer-operations/culture-conduct/1A/2");
  EXPECT_EQ(c.text, "Completes training");
  EXPECT_EQ(c.text_hash.size(), 16u);
  EXPECT_EQ(LoadSeed(), fw);
}

TEST(MonzoFormatTest, TabAfterListDashImports) {
  ImportResult r = ImportMonzo(
      "---\npath: /t\ntitle: T\nyaml: true\nlevels: 1\ntopics:\n  - name: a\n    title: A\n"
      "    content:\n      - level: 1\n        criteria:\n          -\t\"tabbed\"\n---\n",
      "t.md");
  ASSERT_TRUE(r.framework) << (r.diagnostics.empty() ? "" : FormatDiagnostic(r.diagnostics[0]));
  EXPECT_EQ(r.framework->topics[0].rungs[0].criteria[0].text, "tabbed");
}

TEST(MonzoFormatTest, MissingClosingFenceWarnsAtLineOne) {
  ImportResult r =
      ImportMonzo("---\npath: /t\ntitle: T\ntopics:\n  - name: a\n    title: A\n", "t.md");
  ASSERT_TRUE(r.framework);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].code, "unterminated-front-matter");
  EXPECT_EQ(r.diagnostics[0].line, 1);
}

TEST(MonzoFormatTest, ContentAboveDeclaredLevelsIsKept) {
  ImportResult r = ImportMonzo(
      "---\ntitle: T\nlevels: 1\ntopics:\n  - name: a\n    title: A\n    content:\n"
      "      - level: 3\n        criteria: [\"x\"]\n---\n",
      "t.md");
  ASSERT_TRUE(r.framework);
  EXPECT_EQ(r.framework->levels.size(), 3u);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "level-out-of-range");
  EXPECT_EQ(r.diagnostics[0].line, 3);
}

TEST(MonzoFormatTest, YamlSyntaxErrorPointsAtTheFileLine) {
  ImportResult r = ImportMonzo("---\ntitle: T\ntopics: [a, b\nlevels: 2\n---\n", "bad.md");
  EXPECT_FALSE(r.framework);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "yaml-syntax");
  EXPECT_EQ(r.diagnostics[0].file, "bad.md");
  EXPECT_GE(r.diagnostics[0].line, 3);
}

TEST(MonzoFormatTest, WrongTypesNameTheField) {
  ImportResult r = ImportMonzo(
      "---\ntitle: T\nlevels: two\ntopics:\n  - name: a\n    title: A\n    content:\n"
      "      - level: 1\n        criteria:\n          - {nested: map}\n---\n",
      "t.md");
  ASSERT_GE(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].message, "levels must be a whole number, found a value \"two\"");
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_EQ(r.diagnostics[0].column, 9);
  EXPECT_EQ(r.diagnostics[1].message, "a criterion must be text, found a mapping");
  EXPECT_EQ(r.diagnostics[1].line, 10);
}

TEST(MonzoFormatTest, BadInputEndsInDiagnosticsNotCrashes) {
  for (const std::string& input :
       {std::string(""), std::string("---"), std::string("---\n---\n"),
        std::string("---\n- a\n---"), std::string("---\n\xFF\xFE\n---\n"),
        std::string("---\nkey: *unknown\n---\n"),
        std::string("---\n") + std::string(5000, '[') + "\n---\n",
        std::string("---\n") + std::string(100000, '-') + "\n---\n"}) {
    ImportResult r = ImportMonzo(input, "x.md");
    if (!r.framework) {
      ASSERT_FALSE(r.diagnostics.empty()) << input.substr(0, 40);
      EXPECT_TRUE(HasErrors(r.diagnostics));
    }
  }
}

TEST(MonzoFormatTest, InvalidUtf8ReportsItsPosition) {
  ImportResult r = ImportMonzo("---\ntitle: ok\nname: caf\xE9\n---\n", "latin1.md");
  EXPECT_FALSE(r.framework);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "invalid-utf8");
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_EQ(r.diagnostics[0].column, 10);
}

TEST(MonzoFormatTest, MarkdownPageKeepsItsBody) {
  ImportResult r =
      ImportMonzo("---\npath: /p\ntitle: Page\nyaml: false\n---\n## Level 1\n\nText\n", "p.md");
  ASSERT_TRUE(r.framework);
  EXPECT_FALSE(r.framework->yaml);
  EXPECT_EQ(r.framework->body, "## Level 1\n\nText\n");
}

}  // namespace
}  // namespace rungs
