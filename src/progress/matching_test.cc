#include "progress/matching.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "framework/diff.h"
#include "framework/loader.h"
#include "framework/test_util.h"
#include "progress/tracker_test_support.h"
#include "util/text.h"

namespace rungs {
namespace {

using test::CriterionKey;
using test::LoadFrameworkText;

// A framework as the loader gives it (generic.md applied, references resolved, keys
// assigned) from the bytes of one file.
std::string SeedText() { return ReadShared(kMonzoSeed()); }

// The seed with `from` (which must occur exactly once) replaced by `to`.
std::string Edit(const std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "not unique: " << from;
  if (at == std::string::npos) return text;
  return text.substr(0, at) + to + text.substr(at + from.size());
}

// "new_key kind" per old key: a map that compares and prints well.
std::map<std::string, std::string> Summary(const CriterionMap& map) {
  std::map<std::string, std::string> out;
  for (const auto& [old_key, match] : map.by_old_key) {
    out[old_key] = match.new_key + " " + MatchKindName(match.kind);
  }
  return out;
}

// Every assessable criterion of `fw` mapped to itself, as "same".
std::map<std::string, std::string> Identity(const Framework& fw) {
  std::map<std::string, std::string> out;
  for (const Topic& topic : fw.topics) {
    for (const TopicRung& topic_rung : topic.rungs) {
      for (const Criterion& criterion : topic_rung.criteria) {
        if (!criterion.reference) out[criterion.key] = criterion.key + " same";
      }
    }
  }
  return out;
}

std::vector<std::string> UnmatchedKeys(const CriterionMap& map) {
  std::vector<std::string> keys;
  keys.reserve(map.unmatched.size());
  for (const UnmatchedCriterion& u : map.unmatched) keys.push_back(u.key);
  return keys;
}

// Seed lines used by the edits below; each occurs once in the seed.
const char kTeamwork1BFirst[] =
    "          - criteria: \"Criteria for sublevel B\"\n"
    "            examples:\n"
    "              - \"Asks for support from more senior members";
const char kTeamwork1BSecond[] = "\"Understands how they find out what they should be working on\"";
const char kSeeksFeedback[] = "\"Seeks out feedback\"";
const char kFollowsPolicies[] =
    "          - \"Follows policies and procedures applicable to role\"\n";
const char kGovernance[] =
    "          - \"Applies and follows governance principles as they apply to role\"\n";
const char kTeamwork1AFirst[] =
    "          - criteria: \"Criteria for sublevel A\"\n"
    "            examples:\n"
    "              - \"Works closely or in pairs with more senior members of the team when "
    "facing tasks for the first time\"\n"
    "              - \"May need support";

// "Follows policies" moved from the top of culture-conduct 1A to the top of 2A: the criteria
// after it in 1A move up one, those in 2A down one.
void AddFollowsPoliciesMove(std::map<std::string, std::string>& expected) {
  expected[CriterionKey("culture-conduct/1A/1")] = CriterionKey("culture-conduct/2A/1") + " moved";
  expected[CriterionKey("culture-conduct/1A/2")] = CriterionKey("culture-conduct/1A/1") + " same";
  expected[CriterionKey("culture-conduct/1A/3")] = CriterionKey("culture-conduct/1A/2") + " same";
  expected[CriterionKey("culture-conduct/2A/1")] = CriterionKey("culture-conduct/2A/2") + " same";
  expected[CriterionKey("culture-conduct/2A/2")] = CriterionKey("culture-conduct/2A/3") + " same";
  expected[CriterionKey("culture-conduct/2A/3")] = CriterionKey("culture-conduct/2A/4") + " same";
}

TEST(MatchingTest, KindNames) {
  EXPECT_STREQ(MatchKindName(MatchKind::kSame), "same");
  EXPECT_STREQ(MatchKindName(MatchKind::kMoved), "moved");
  EXPECT_STREQ(MatchKindName(MatchKind::kReworded), "reworded");
}

TEST(MatchingTest, SeedAgainstItselfMapsEveryCriterionToItselfAndSkipsReferences) {
  const Framework seed = LoadFrameworkText(SeedText());
  const CriterionMap map = MatchCriteria(seed, seed);
  EXPECT_EQ(Summary(map), Identity(seed));
  // 39 criteria, two of which are "All criteria from level one".
  EXPECT_EQ(CountCriteria(seed), 39u);
  EXPECT_EQ(map.by_old_key.size(), 37u);
  EXPECT_EQ(map.by_old_key.count(CriterionKey("communication/2A/1")), 0u);
  EXPECT_EQ(map.by_old_key.count(CriterionKey("teamwork/2A/1")), 0u);
  EXPECT_TRUE(map.unmatched.empty());
  for (const auto& [key, match] : map.by_old_key) EXPECT_EQ(match.similarity, 1.0) << key;
}

TEST(MatchingTest, InsertedCriterionShiftsLaterKeysButTheyStayTheSame) {
  const Framework seed = LoadFrameworkText(SeedText());
  const Framework changed =
      LoadFrameworkText(Edit(SeedText(), kTeamwork1BFirst,
                             "          - criteria: \"Criteria for sublevel B\"\n"
                             "            examples:\n"
                             "              - \"Shadows a colleague on a new queue\"\n"
                             "              - \"Asks for support from more senior members"));
  ASSERT_EQ(changed.topics[2].rungs[2].criteria[0].text, "Shadows a colleague on a new queue");

  std::map<std::string, std::string> expected = Identity(seed);
  expected[CriterionKey("teamwork/1B/1")] = CriterionKey("teamwork/1B/2") + " same";
  expected[CriterionKey("teamwork/1B/2")] = CriterionKey("teamwork/1B/3") + " same";
  expected[CriterionKey("teamwork/1B/3")] = CriterionKey("teamwork/1B/4") + " same";
  const CriterionMap map = MatchCriteria(seed, changed);
  EXPECT_EQ(Summary(map), expected);
  EXPECT_TRUE(map.unmatched.empty());
}

TEST(MatchingTest, RewordedCriterionCarriesTheDiffsSimilarity) {
  const Framework seed = LoadFrameworkText(SeedText());
  const Framework changed =
      LoadFrameworkText(Edit(SeedText(), kSeeksFeedback, "\"Actively seeks out feedback\""));
  std::map<std::string, std::string> expected = Identity(seed);
  expected[CriterionKey("communication/1C/2")] = CriterionKey("communication/1C/2") + " reworded";
  const CriterionMap map = MatchCriteria(seed, changed);
  EXPECT_EQ(Summary(map), expected);
  // 3 of 3 and 4 words: 2 * 3 / 7.
  EXPECT_DOUBLE_EQ(map.by_old_key.at(CriterionKey("communication/1C/2")).similarity, 6.0 / 7.0);
  EXPECT_TRUE(map.unmatched.empty());
}

TEST(MatchingTest, MovedCriterionIsFoundInItsNewRungAndNeighboursShift) {
  // "Follows policies" leaves level 1 (1A) for the top of level 2 (2A).
  const Framework seed = LoadFrameworkText(SeedText());
  const Framework changed =
      LoadFrameworkText(Edit(Edit(SeedText(), kFollowsPolicies, ""), kGovernance,
                             std::string(kFollowsPolicies) + kGovernance));
  std::map<std::string, std::string> expected = Identity(seed);
  AddFollowsPoliciesMove(expected);
  const CriterionMap map = MatchCriteria(seed, changed);
  EXPECT_EQ(Summary(map), expected);
  EXPECT_TRUE(map.unmatched.empty());
}

TEST(MatchingTest, DeletedCriterionIsUnmatchedEvenWhenItsTextLivesOnInAnotherRung) {
  // teamwork 1A's first criterion is gone; 1A (after probation) starts with the same words,
  // but that criterion is its own old one's counterpart and cannot be used twice.
  const Framework seed = LoadFrameworkText(SeedText());
  const Framework changed =
      LoadFrameworkText(Edit(SeedText(), kTeamwork1AFirst,
                             "          - criteria: \"Criteria for sublevel A\"\n"
                             "            examples:\n"
                             "              - \"May need support"));
  std::map<std::string, std::string> expected = Identity(seed);
  expected.erase(CriterionKey("teamwork/1A/1"));
  expected[CriterionKey("teamwork/1A/2")] = CriterionKey("teamwork/1A/1") + " same";
  expected[CriterionKey("teamwork/1A/3")] = CriterionKey("teamwork/1A/2") + " same";
  const CriterionMap map = MatchCriteria(seed, changed);
  EXPECT_EQ(Summary(map), expected);
  ASSERT_EQ(map.unmatched.size(), 1u);
  EXPECT_EQ(map.unmatched[0].key, CriterionKey("teamwork/1A/1"));
  EXPECT_EQ(map.unmatched[0].topic, "teamwork");
  EXPECT_EQ(map.unmatched[0].rung, "1A");
  EXPECT_EQ(map.unmatched[0].text,
            "Works closely or in pairs with more senior members of the team when facing tasks "
            "for the first time");
}

TEST(MatchingTest, IdenticalTextMovesOnlyToAFreeCriterion) {
  // knowledgeandimpact 1B and 1C ask for the same thing in the same words. Without 1B's, its
  // results must not be carried to 1C's, which already has its own old counterpart.
  const Framework seed = LoadFrameworkText(SeedText());
  const std::string b =
      "          - criteria: \"Criteria for sublevel B\"\n"
      "            examples:\n"
      "              - \"Consistently performs expected targets for core scaling tasks: 12 "
      "conversations per hour, 95% activity and 95% QA\"\n";
  const Framework changed = LoadFrameworkText(Edit(SeedText(), b, ""));
  ASSERT_EQ(FindTopicRung(changed.topics[0], "1B"), nullptr);
  std::map<std::string, std::string> expected = Identity(seed);
  expected.erase(CriterionKey("knowledgeandimpact/1B/1"));
  EXPECT_EQ(Summary(MatchCriteria(seed, changed)), expected);
  EXPECT_EQ(UnmatchedKeys(MatchCriteria(seed, changed)),
            std::vector<std::string>{CriterionKey("knowledgeandimpact/1B/1")});
}

TEST(MatchingTest, InsertRewordMoveAndDeleteTogether) {
  // Every edit of the tests above at once, plus a rewording behind an insertion in one rung:
  // its key moves from 1B/2 to 1B/3, so only text can find it.
  std::string text = Edit(SeedText(), kTeamwork1BFirst,
                          "          - criteria: \"Criteria for sublevel B\"\n"
                          "            examples:\n"
                          "              - \"Shadows a colleague on a new queue\"\n"
                          "              - \"Asks for support from more senior members");
  text = Edit(text, kTeamwork1BSecond,
              "\"Understands how they find out what they should work on next\"");
  text = Edit(text, kSeeksFeedback, "\"Actively seeks out feedback\"");
  text = Edit(Edit(text, kFollowsPolicies, ""), kGovernance,
              std::string(kFollowsPolicies) + kGovernance);
  text = Edit(text, kTeamwork1AFirst,
              "          - criteria: \"Criteria for sublevel A\"\n"
              "            examples:\n"
              "              - \"May need support");
  const Framework seed = LoadFrameworkText(SeedText());
  const Framework changed = LoadFrameworkText(text);

  std::map<std::string, std::string> expected = Identity(seed);
  expected[CriterionKey("teamwork/1B/1")] = CriterionKey("teamwork/1B/2") + " same";
  expected[CriterionKey("teamwork/1B/2")] = CriterionKey("teamwork/1B/3") + " reworded";
  expected[CriterionKey("teamwork/1B/3")] = CriterionKey("teamwork/1B/4") + " same";
  expected[CriterionKey("communication/1C/2")] = CriterionKey("communication/1C/2") + " reworded";
  AddFollowsPoliciesMove(expected);
  expected.erase(CriterionKey("teamwork/1A/1"));
  expected[CriterionKey("teamwork/1A/2")] = CriterionKey("teamwork/1A/1") + " same";
  expected[CriterionKey("teamwork/1A/3")] = CriterionKey("teamwork/1A/2") + " same";

  const CriterionMap map = MatchCriteria(seed, changed);
  EXPECT_EQ(Summary(map), expected);
  EXPECT_EQ(UnmatchedKeys(map), std::vector<std::string>{CriterionKey("teamwork/1A/1")});
  EXPECT_DOUBLE_EQ(map.by_old_key.at(CriterionKey("teamwork/1B/2")).similarity,
                   TextSimilarity("Understands how they find out what they should be working on",
                                  "Understands how they find out what they should work on next"));
  // Each new criterion is the counterpart of one old criterion at most.
  std::map<std::string, int> uses;
  for (const auto& [old_key, match] : map.by_old_key) ++uses[match.new_key];
  for (const auto& [new_key, count] : uses) EXPECT_EQ(count, 1) << new_key;
}

TEST(MatchingTest, ExamplesOnlyChangeIsTheSameCriterion) {
  // Matrix cells and Monzo sublevel examples carry no examples of their own, so build a
  // framework where a criterion has examples and change only those.
  const std::string before =
      "---\ntitle: T\nlevels: 1\ntopics:\n  - name: craft\n    title: Craft\n    content:\n"
      "      - level: 1\n        exampleCriteria:\n"
      "          - criteria: \"Writes clear replies\"\n            examples:\n"
      "              - \"Uses the customer's words\"\n---\n";
  const std::string after = Edit(before, "Uses the customer's words", "Avoids jargon");
  const Framework old_fw = LoadFrameworkText(before, "t.md");
  const Framework new_fw = LoadFrameworkText(after, "t.md");
  ASSERT_EQ(CountCriteria(old_fw), 1u);
  ASSERT_EQ(old_fw.topics[0].rungs[0].criteria[0].examples.size(), 1u);
  const CriterionMap map = MatchCriteria(old_fw, new_fw);
  EXPECT_EQ(Summary(map), Identity(old_fw));
}

TEST(MatchingTest, TopicsAreMatchedByNameOnly) {
  // Renaming a topic leaves its criteria without counterparts, listed in old order for review.
  const Framework seed = LoadFrameworkText(SeedText());
  const Framework changed =
      LoadFrameworkText(Edit(SeedText(), "  - name: \"culture-conduct\"", "  - name: \"conduct\""));
  const CriterionMap map = MatchCriteria(seed, changed);
  std::map<std::string, std::string> expected = Identity(seed);
  std::vector<std::string> gone;
  for (const char* rung : {"1A", "2A"}) {
    for (const char* n : {"1", "2", "3"}) {
      gone.push_back(CriterionKey(std::string("culture-conduct/") + rung + "/" + n));
      expected.erase(gone.back());
    }
  }
  EXPECT_EQ(Summary(map), expected);
  EXPECT_EQ(UnmatchedKeys(map), gone);
  EXPECT_EQ(map.unmatched[3].topic, "culture-conduct");
  EXPECT_EQ(map.unmatched[3].rung, "2A");
  EXPECT_EQ(map.unmatched[3].text,
            "Applies and follows governance principles as they apply to role");
}

TEST(MatchingTest, DissimilarReplacementIsARemovalNotARewording) {
  // Below kRewordThreshold the diff reports a removal and an addition; so does matching.
  const Framework seed = LoadFrameworkText(SeedText());
  const Framework changed =
      LoadFrameworkText(Edit(SeedText(), "\"Completes training\"", "\"Runs the rota\""));
  const CriterionMap map = MatchCriteria(seed, changed);
  EXPECT_EQ(map.by_old_key.count(CriterionKey("culture-conduct/1A/2")), 0u);
  EXPECT_EQ(UnmatchedKeys(map), std::vector<std::string>{CriterionKey("culture-conduct/1A/2")});
}

TEST(MatchingTest, MatrixSeedRewordedCell) {
  const std::string text = ReadShared(kMatrixSeed());
  const Framework seed = LoadFrameworkText(text, "matrix.txt");
  ASSERT_EQ(seed.format, "matrix");
  const Framework changed = LoadFrameworkText(
      Edit(text, "Displays empathy/patience.", "Displays empathy and patience."), "matrix.txt");
  std::map<std::string, std::string> expected = Identity(seed);
  expected["matrix/frontline-quality/1/1"] = "matrix/frontline-quality/1/1 reworded";
  const CriterionMap map = MatchCriteria(seed, changed);
  EXPECT_EQ(Summary(map), expected);
  EXPECT_EQ(map.by_old_key.size(), 38u);  // 8 areas x 5 levels, less extra projects' 2 "None"
  EXPECT_TRUE(map.unmatched.empty());
}

}  // namespace
}  // namespace rungs
