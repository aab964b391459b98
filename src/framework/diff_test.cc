#include "framework/diff.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "framework/framework_test_support.h"
#include "framework/loader.h"
#include "framework/monzo_format.h"
#include "framework/test_util.h"
#include "util/text.h"

namespace rungs {
namespace {

// A Monzo framework with id `id` from the YAML of its topics, keyed as the loader keys it.
Framework Monzo(const std::string& id, const std::string& topics, int levels = 2) {
  const std::string text =
      "---\ntitle: T\nlevels: " + std::to_string(levels) + "\ntopics:\n" + topics + "---\n";
  ImportResult r = ImportMonzo(text, id + ".md");
  EXPECT_TRUE(r.framework) << text;
  if (!r.framework) return {};
  Framework fw = *r.framework;
  fw.id = id;
  Diagnostics ignored;
  ResolveReferences(fw, ignored);
  AssignCriterionKeys(fw);
  return fw;
}

std::string TopicText(const std::string& name, const std::string& title,
                      const std::string& content) {
  return "  - name: " + name + "\n    title: \"" + title + "\"\n    content:\n" + content;
}

std::string Level(int level, const std::vector<std::string>& criteria) {
  std::string out = "      - level: " + std::to_string(level) + "\n        criteria:\n";
  for (const std::string& c : criteria) out += "          - \"" + c + "\"\n";
  return out;
}

TEST(DiffTest, SimilarityCountsWordsInOrderIgnoringCaseAndPunctuation) {
  // 4 of 5 words kept on each side: 2 * 4 / 10.
  EXPECT_DOUBLE_EQ(TextSimilarity("Represents Monzo at conferences/events",
                                  "Represents Interact at conferences/events"),
                   0.8);
  EXPECT_DOUBLE_EQ(TextSimilarity("Seeks out feedback.", "seeks  OUT feedback"), 1.0);
  EXPECT_DOUBLE_EQ(TextSimilarity("Completes training", "Runs the weekly rota"), 0.0);
  // The same words in another order are not the same criterion.
  EXPECT_DOUBLE_EQ(TextSimilarity("a b c d", "d c b a"), 0.25);
  EXPECT_DOUBLE_EQ(TextSimilarity("", ""), 1.0);
}

TEST(DiffTest, FrameworkAgainstItselfIsEmpty) {
  for (const char* id : {"customer-operations", "frontline-cs-competency-matrix"}) {
    const Framework& fw = test::BundledFramework(id);
    const FrameworkDiff diff = DiffFrameworks(fw, fw);
    EXPECT_TRUE(diff.empty()) << id;
    EXPECT_TRUE(diff.Changes().empty()) << id;
    EXPECT_EQ(diff.summary.unchanged, static_cast<int>(CountCriteria(fw))) << id;
    EXPECT_EQ(diff.topics.size(), fw.topics.size());
    EXPECT_EQ(SummaryLine(diff.summary).rfind("no changes to topics or criteria (", 0), 0u)
        << SummaryLine(diff.summary);
  }
}

TEST(DiffTest, AddedRemovedAndRewordedWithKeysAndTexts) {
  const Framework old_fw =
      Monzo("old", TopicText("support", "Support",
                             Level(1, {"Writes clear tickets", "Answers chats within five minutes",
                                       "Knows the refund policy"})));
  const Framework new_fw = Monzo(
      "new", TopicText("support", "Support",
                       Level(1, {"Writes clear and concise tickets", "Knows the refund policy",
                                 "Escalates fraud to the risk team"})));
  const FrameworkDiff diff = DiffFrameworks(old_fw, new_fw);
  const std::vector<CriterionChange> changes = diff.Changes();
  ASSERT_EQ(changes.size(), 3u);

  EXPECT_EQ(changes[0].kind, ChangeKind::kReworded);
  EXPECT_EQ(changes[0].topic, "support");
  EXPECT_EQ(changes[0].rung(), "1");
  EXPECT_EQ(changes[0].old_key, "old/support/1/1");
  EXPECT_EQ(changes[0].new_key, "new/support/1/1");
  EXPECT_EQ(changes[0].old_text, "Writes clear tickets");
  EXPECT_EQ(changes[0].new_text, "Writes clear and concise tickets");
  EXPECT_DOUBLE_EQ(changes[0].similarity, 0.75);  // 3 common words of 3 and 5

  // The removal reads after the criterion that kept its place before it.
  EXPECT_EQ(changes[1].kind, ChangeKind::kRemoved);
  EXPECT_EQ(changes[1].old_key, "old/support/1/2");
  EXPECT_EQ(changes[1].old_text, "Answers chats within five minutes");
  EXPECT_EQ(changes[1].new_key, "");
  EXPECT_EQ(changes[1].new_rung, "");

  EXPECT_EQ(changes[2].kind, ChangeKind::kAdded);
  EXPECT_EQ(changes[2].new_key, "new/support/1/3");
  EXPECT_EQ(changes[2].new_text, "Escalates fraud to the risk team");
  EXPECT_EQ(changes[2].old_key, "");

  EXPECT_EQ(diff.summary.topics_changed, 1);
  EXPECT_EQ(diff.summary.unchanged, 1);  // "Knows the refund policy", now at position 2
  ASSERT_EQ(diff.topics.size(), 1u);
  ASSERT_EQ(diff.topics[0].rungs.size(), 1u);
  EXPECT_EQ(diff.topics[0].rungs[0].unchanged, 1);
  EXPECT_EQ(SummaryLine(diff.summary),
            "1 topic changed: 1 added, 1 removed, 1 reworded, 0 moved; 1 criterion unchanged");
}

TEST(DiffTest, TextRendering) {
  const Framework old_fw =
      Monzo("support", TopicText("support", "Support",
                                 Level(1, {"Writes clear tickets", "Seeks out feedback"}) +
                                     Level(2, {"Answers chats within five minutes"})));
  const Framework new_fw =
      Monzo("support", TopicText("support", "🎧 Support",
                                 Level(1, {"Writes clear and concise tickets"}) +
                                     Level(2, {"Seeks out feedback", "Runs the weekly rota"})));
  EXPECT_EQ(RenderDiffText(DiffFrameworks(old_fw, new_fw)),
            "--- support.md (support)\n"
            "+++ support.md (support)\n"
            "\n"
            "support · 🎧 Support\n"
            "  title: Support → 🎧 Support\n"
            "  Level 1\n"
            "    ~ reworded (75%): Writes clear tickets\n"
            "                    → Writes clear and concise tickets\n"
            "  Level 2\n"
            "    - Answers chats within five minutes\n"
            "    > moved 1 → 2: Seeks out feedback\n"
            "    + Runs the weekly rota\n"
            "\n"
            "1 topic changed: 1 added, 1 removed, 1 reworded, 1 moved; 0 criteria unchanged\n");
}

TEST(DiffTest, SameTextInAnotherRungIsMovedNotRemovedAndAdded) {
  const Framework old_fw = Monzo(
      "f",
      TopicText("t", "T", Level(1, {"Seeks out feedback", "Completes training"}) + Level(2, {})));
  const Framework new_fw = Monzo(
      "f",
      TopicText("t", "T", Level(1, {"Completes training"}) + Level(2, {"Seeks out feedback"})));
  const std::vector<CriterionChange> changes = DiffFrameworks(old_fw, new_fw).Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, ChangeKind::kMoved);
  EXPECT_EQ(changes[0].old_rung, "1");
  EXPECT_EQ(changes[0].new_rung, "2");
  EXPECT_EQ(changes[0].old_key, "f/t/1/1");
  EXPECT_EQ(changes[0].new_key, "f/t/2/1");
  EXPECT_EQ(changes[0].new_text, "Seeks out feedback");
  EXPECT_DOUBLE_EQ(changes[0].similarity, 1.0);
}

TEST(DiffTest, RewordingPairsTheMostSimilarFirstAndNeedsHalfTheWords) {
  const Framework old_fw =
      Monzo("f", TopicText("t", "T",
                           Level(1, {"Replies to customers by email",
                                     "Replies to customers by phone", "Completes training"})));
  const Framework new_fw = Monzo(
      "f", TopicText("t", "T",
                     Level(1, {"Replies to customers by phone and chat", "Runs the weekly rota"})));
  const std::vector<CriterionChange> changes = DiffFrameworks(old_fw, new_fw).Changes();
  ASSERT_EQ(changes.size(), 4u);
  // "by email" scores 8/12 against the new text, "by phone" 10/12: phone wins, though email
  // comes first.
  EXPECT_EQ(changes[0].kind, ChangeKind::kRemoved);
  EXPECT_EQ(changes[0].old_text, "Replies to customers by email");
  EXPECT_EQ(changes[1].kind, ChangeKind::kReworded);
  EXPECT_EQ(changes[1].old_text, "Replies to customers by phone");
  EXPECT_EQ(changes[1].old_key, "f/t/1/2");
  EXPECT_EQ(changes[1].new_key, "f/t/1/1");
  // "Completes training" and "Runs the weekly rota" share no word: removed and added.
  EXPECT_EQ(changes[2].kind, ChangeKind::kRemoved);
  EXPECT_EQ(changes[2].old_text, "Completes training");
  EXPECT_EQ(changes[3].kind, ChangeKind::kAdded);
  EXPECT_EQ(changes[3].new_text, "Runs the weekly rota");
}

TEST(DiffTest, RewordingStaysWithinItsRung) {
  const Framework old_fw =
      Monzo("f", TopicText("t", "T", Level(1, {"Writes clear tickets"}) + Level(2, {})));
  const Framework new_fw = Monzo(
      "f", TopicText("t", "T", Level(1, {}) + Level(2, {"Writes clear and concise tickets"})));
  const std::vector<CriterionChange> changes = DiffFrameworks(old_fw, new_fw).Changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, ChangeKind::kRemoved);
  EXPECT_EQ(changes[0].old_rung, "1");
  EXPECT_EQ(changes[1].kind, ChangeKind::kAdded);
  EXPECT_EQ(changes[1].new_rung, "2");
}

TEST(DiffTest, ExamplesAddedAndRemoved) {
  auto framework = [](const std::string& example) {
    return Monzo("f", TopicText("t", "T",
                                "      - level: 1\n        exampleCriteria:\n"
                                "          - criteria: \"Writes clear tickets\"\n"
                                "            examples:\n"
                                "              - \"Uses the macro for refunds\"\n"
                                "              - \"" +
                                    example + "\"\n"));
  };
  const FrameworkDiff diff =
      DiffFrameworks(framework("Links the order"), framework("Links the customer's order"));
  const std::vector<CriterionChange> changes = diff.Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, ChangeKind::kExamples);
  EXPECT_EQ(changes[0].old_key, "f/t/1/1");
  EXPECT_EQ(changes[0].new_key, "f/t/1/1");
  EXPECT_EQ(changes[0].examples_removed, std::vector<std::string>{"Links the order"});
  EXPECT_EQ(changes[0].examples_added, std::vector<std::string>{"Links the customer's order"});
  EXPECT_EQ(diff.summary.examples, 1);
  EXPECT_NE(RenderDiffText(diff).find("    * examples changed: Writes clear tickets\n"
                                      "        - example: Links the order\n"
                                      "        + example: Links the customer's order\n"),
            std::string::npos)
      << RenderDiffText(diff);
}

TEST(DiffTest, TopicsAndRungsAddedAndRemoved) {
  const Framework old_fw = Monzo("f",
                                 TopicText("a", "A", Level(1, {"x one"}) + Level(2, {"x two"})) +
                                     TopicText("gone", "Gone", Level(1, {"Completes training"})),
                                 2);
  const Framework new_fw =
      Monzo("f",
            TopicText("a", "A", Level(1, {"x one"}) + Level(2, {"x two"}) + Level(3, {"x three"})) +
                TopicText("fresh", "Fresh", Level(2, {"Runs the weekly rota"})),
            3);
  const FrameworkDiff diff = DiffFrameworks(old_fw, new_fw);
  EXPECT_EQ(diff.rungs_added, std::vector<std::string>{"3"});
  EXPECT_TRUE(diff.rungs_removed.empty());
  ASSERT_EQ(diff.topics.size(), 3u);
  EXPECT_EQ(diff.topics[0].name, "a");
  EXPECT_EQ(diff.topics[0].status, TopicStatus::kChanged);
  // A topic that is gone stays where it was, before the one that came after it.
  EXPECT_EQ(diff.topics[1].name, "gone");
  EXPECT_EQ(diff.topics[1].status, TopicStatus::kRemoved);
  EXPECT_EQ(diff.topics[2].name, "fresh");
  EXPECT_EQ(diff.topics[2].status, TopicStatus::kAdded);
  const std::vector<CriterionChange> changes = diff.Changes();
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].new_key, "f/a/3/1");
  EXPECT_EQ(changes[1].old_key, "f/gone/1/1");
  EXPECT_EQ(changes[1].kind, ChangeKind::kRemoved);
  EXPECT_EQ(changes[2].new_key, "f/fresh/2/1");
  EXPECT_EQ(SummaryLine(diff.summary),
            "3 topics changed (1 added, 1 removed): 2 added, 1 removed, 0 reworded, 0 moved; 2 "
            "criteria unchanged");
  const std::string text = RenderDiffText(diff);
  EXPECT_NE(text.find("rungs added: 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("- topic gone · Gone\n  Level 1\n    - Completes training\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("+ topic fresh · Fresh\n  Level 2\n    + Runs the weekly rota\n"),
            std::string::npos)
      << text;
}

TEST(DiffTest, JsonHasSummaryAndChangesWithKeys) {
  const Framework old_fw = Monzo("f", TopicText("t", "T", Level(1, {"Writes clear tickets"})));
  const Framework new_fw = Monzo(
      "f", TopicText("t", "T", Level(1, {"Writes clear and concise tickets", "Runs the rota"})));
  const nlohmann::json j = DiffToJson(DiffFrameworks(old_fw, new_fw));
  EXPECT_EQ(j["summary"]["reworded"], 1);
  EXPECT_EQ(j["summary"]["added"], 1);
  EXPECT_EQ(j["summary"]["empty"], false);
  ASSERT_EQ(j["changes"].size(), 2u);
  const nlohmann::json& reworded = j["changes"][0];
  EXPECT_EQ(reworded["kind"], "reworded");
  EXPECT_EQ(reworded["topic"], "t");
  EXPECT_EQ(reworded["rung"], "1");
  EXPECT_EQ(reworded["old_key"], "f/t/1/1");
  EXPECT_EQ(reworded["new_key"], "f/t/1/1");
  EXPECT_EQ(reworded["old_text"], "Writes clear tickets");
  EXPECT_EQ(reworded["new_text"], "Writes clear and concise tickets");
  EXPECT_EQ(reworded["similarity"], 0.75);
  const nlohmann::json& added = j["changes"][1];
  EXPECT_EQ(added["kind"], "added");
  EXPECT_TRUE(added["old_key"].is_null());
  EXPECT_TRUE(added["old_text"].is_null());
  EXPECT_EQ(added["new_key"], "f/t/1/2");
  EXPECT_EQ(added["similarity"], 0.0);
}

// tomwalters/backend.md is Monzo's backend.md with "Monzo" replaced by "Interact" in six
// criteria (and three lines of the page text): `diff` shows nothing else.
TEST(DiffTest, MonzoAndTomwaltersBackendDifferOnlyInTheCompanyName) {
  const LoadResult old_loaded = LoadPaths({SharedPath("corpus/monzo-format/monzo/backend.md")});
  const LoadResult new_loaded =
      LoadPaths({SharedPath("corpus/monzo-format/tomwalters/backend.md")});
  ASSERT_EQ(old_loaded.frameworks.size(), 1u);
  ASSERT_EQ(new_loaded.frameworks.size(), 1u);
  const FrameworkDiff diff = DiffFrameworks(old_loaded.frameworks[0], new_loaded.frameworks[0]);
  EXPECT_EQ(diff.summary.reworded, 6);
  EXPECT_EQ(diff.summary.added, 0);
  EXPECT_EQ(diff.summary.removed, 0);
  EXPECT_EQ(diff.summary.moved, 0);
  EXPECT_EQ(diff.summary.examples, 0);
  EXPECT_EQ(diff.summary.topics_changed, 2);
  EXPECT_EQ(diff.summary.unchanged, static_cast<int>(CountCriteria(old_loaded.frameworks[0])) - 6);
  EXPECT_EQ(diff.body_lines_added, 3);
  EXPECT_EQ(diff.body_lines_removed, 3);
  EXPECT_TRUE(diff.rungs_added.empty());
  EXPECT_TRUE(diff.rungs_removed.empty());
  const std::vector<CriterionChange> changes = diff.Changes();
  ASSERT_EQ(changes.size(), 6u);
  for (const CriterionChange& c : changes) {
    EXPECT_EQ(c.kind, ChangeKind::kReworded);
    EXPECT_EQ(ReplaceAll(c.old_text, "Monzo", "Interact"), c.new_text);
    // Same place in both versions, so check-in results carry over key for key.
    EXPECT_EQ(c.old_key, c.new_key);
    EXPECT_GE(c.similarity, 0.8);
  }
  // backend.md lines 104 and 156 of both files.
  EXPECT_EQ(changes[0].topic, "leadership");
  EXPECT_EQ(changes[0].rung(), "4");
  EXPECT_EQ(changes[0].old_key, "engineering/backend/leadership/4/1");
  EXPECT_EQ(changes[0].old_text,
            "Contributes to maintaining the Monzo culture in their team, helping new joiners");
  EXPECT_EQ(changes[4].topic, "influence");
  EXPECT_EQ(changes[4].rung(), "5");
  EXPECT_EQ(changes[4].old_key, "engineering/backend/influence/5/1");
  EXPECT_EQ(changes[4].new_text, "Represents Interact at conferences/events");
}

}  // namespace
}  // namespace rungs
