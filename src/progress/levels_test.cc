#include "progress/levels.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "framework/loader.h"
#include "framework/test_util.h"
#include "progress/tracker_test_support.h"

namespace rungs {
namespace {

using test::CriterionKey;
using test::LoadFrameworkText;

constexpr int64_t kCurrent = 7;  // the seed's version id in these tests
constexpr int64_t kOlder = 3;

// The customer-operations seed: rungs 1A, 1A-after-probation, 1B, 1C, 2A, 2B; at 2A,
// communication and teamwork list "All criteria from level one", which is their 1C criteria.
const Framework& Seed() {
  static const Framework seed = LoadFrameworkText(ReadShared(kMonzoSeed()), "seed.txt");
  return seed;
}

const Framework& Matrix() {
  static const Framework matrix = LoadFrameworkText(ReadShared(kMatrixSeed()), "matrix.txt");
  return matrix;
}

AgreedResult Agreed(const std::string& key, Assessment result, int64_t checkin_id,
                    int64_t agreed_at, int64_t version = kCurrent) {
  AgreedResult r;
  r.user_id = 1;
  r.framework_version_id = version;
  r.criterion_key = key;
  r.result = result;
  r.checkin_id = checkin_id;
  r.agreed_at = agreed_at;
  return r;
}

// One agreed result per criterion listed for `rung` (references expanded), as one check-in.
std::vector<AgreedResult> AllOf(const Framework& fw, const std::string& rung, Assessment result,
                                int64_t checkin_id, int64_t agreed_at) {
  std::vector<AgreedResult> out;
  for (const Topic& topic : fw.topics) {
    for (const AssessedCriterion& c : CriteriaForRung(fw, topic, rung)) {
      out.push_back(Agreed(c.criterion->key, result, checkin_id, agreed_at));
    }
  }
  return out;
}

// Only the criteria `rung` defines itself (what a reference stands for left out).
std::vector<AgreedResult> OwnOf(const Framework& fw, const std::string& rung, Assessment result,
                                int64_t checkin_id, int64_t agreed_at) {
  std::vector<AgreedResult> out;
  for (const Topic& topic : fw.topics) {
    for (const AssessedCriterion& c : CriteriaForRung(fw, topic, rung)) {
      if (c.via_reference.empty()) {
        out.push_back(Agreed(c.criterion->key, result, checkin_id, agreed_at));
      }
    }
  }
  return out;
}

Standing Compute(const std::string& assigned, const std::vector<AgreedResult>& agreed,
                 const Framework& fw = Seed(),
                 const std::map<int64_t, CriterionMap>* older = nullptr,
                 const std::vector<Evidence>* evidence = nullptr,
                 const FrameworkTargets* targets = nullptr) {
  StandingInput input;
  input.targets = targets;
  input.framework = &fw;
  input.framework_version_id = kCurrent;
  input.assigned_rung = assigned;
  input.agreed = &agreed;
  input.older = older;
  input.evidence = evidence;
  return ComputeStanding(input);
}

std::vector<std::string> Keys(const std::vector<CriterionStanding>& criteria) {
  std::vector<std::string> keys;
  keys.reserve(criteria.size());
  for (const CriterionStanding& c : criteria) keys.push_back(c.criterion->key);
  return keys;
}

std::vector<std::string> Statuses(const std::vector<CriterionStanding>& criteria) {
  std::vector<std::string> names;
  names.reserve(criteria.size());
  for (const CriterionStanding& c : criteria) names.push_back(CriterionStatusName(c.status));
  return names;
}

const CriterionStanding* Find(const std::vector<CriterionStanding>& criteria,
                              const std::string& key) {
  for (const CriterionStanding& c : criteria) {
    if (c.criterion->key == key) return &c;
  }
  return nullptr;
}

// Framework "small" with rungs 1, 2 and 3 (one per level) and no topics yet.
Framework ThreeRungs() {
  Framework fw;
  fw.id = "small";
  for (int n = 1; n <= 3; ++n) {
    Level level;
    level.number = n;
    level.rungs.push_back({std::to_string(n), std::to_string(n), n, "", "", {}});
    fw.levels.push_back(level);
  }
  return fw;
}

std::vector<std::string> Repeat(const std::string& s, size_t n) {
  return std::vector<std::string>(n, s);
}

// 2A's criteria in topic order: knowledge's own, communication's through the reference,
// teamwork's through the reference and its own, then conduct's.
const std::vector<std::string> k2ACriteria = {
    CriterionKey("knowledgeandimpact/2A/1"), CriterionKey("communication/1C/1"),
    CriterionKey("communication/1C/2"),      CriterionKey("teamwork/1C/1"),
    CriterionKey("teamwork/1C/2"),           CriterionKey("teamwork/1C/3"),
    CriterionKey("teamwork/1C/4"),           CriterionKey("teamwork/2A/2"),
    CriterionKey("culture-conduct/2A/1"),    CriterionKey("culture-conduct/2A/2"),
    CriterionKey("culture-conduct/2A/3")};

TEST(LevelsTest, StatusNames) {
  EXPECT_STREQ(CriterionStatusName(CriterionStatus::kMet), "met");
  EXPECT_STREQ(CriterionStatusName(CriterionStatus::kAssumed), "assumed");
  EXPECT_STREQ(CriterionStatusName(CriterionStatus::kNotYet), "not_yet");
  EXPECT_STREQ(CriterionStatusName(CriterionStatus::kWorkingTowards), "working_towards");
  EXPECT_STREQ(CriterionStatusName(CriterionStatus::kNotAssessed), "not_assessed");
}

TEST(LevelsTest, PlanListsEachRungsCriteriaWithReferencesExpanded) {
  const StandingPlan plan(Seed(), kCurrent);
  EXPECT_EQ(plan.criterion_count(), 37u);  // 39 criteria less the two references
  ASSERT_EQ(plan.rungs().size(), 6u);
  std::vector<std::string> ids;
  std::vector<size_t> sizes;
  for (const StandingPlan::PlannedRung& rung : plan.rungs()) {
    ids.push_back(rung.rung->id);
    sizes.push_back(rung.criteria.size());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"1A", "1A-after-probation", "1B", "1C", "2A", "2B"}));
  EXPECT_EQ(sizes, (std::vector<size_t>{9, 7, 7, 8, 11, 1}));
  const StandingPlan::Listing& through_reference = plan.rungs()[4].criteria[1];
  EXPECT_EQ(through_reference.criterion->key, CriterionKey("communication/1C/1"));
  EXPECT_EQ(through_reference.via_reference, "1C");
  EXPECT_EQ(*through_reference.topic, "communication");
  EXPECT_EQ(through_reference.assumed_from, 3);  // decided at 1C, where it is defined
  EXPECT_FALSE(through_reference.first_listing);
  EXPECT_TRUE(plan.rungs()[3].criteria[1].first_listing);
  EXPECT_EQ(plan.RungPosition("1A"), 0);
  EXPECT_EQ(plan.RungPosition("2B"), 5);
  EXPECT_EQ(plan.RungPosition(""), -1);
  EXPECT_EQ(plan.RungPosition("9Z"), -1);
}

TEST(LevelsTest, PlanFindsEveryKeyEvenWhenTheirEndsAgree) {
  // The key index hashes only the end of a key; keys that agree there must still be told
  // apart, and keys shorter than one word hashed at all.
  Framework fw;
  fw.id = "x";
  Level level;
  level.number = 1;
  level.rungs.push_back({"1", "1", 1, "", "", {}});
  fw.levels.push_back(level);
  const std::string tail(40, 'z');
  for (const std::string& name :
       std::vector<std::string>{"t", "a" + tail, "b" + tail, "c" + tail}) {
    Topic topic;
    topic.name = name;
    TopicRung rung{"1", {}, "", {}};
    for (int i = 0; i < 40; ++i) {
      rung.criteria.push_back({});
      rung.criteria.back().text = name + " criterion " + std::to_string(i);
    }
    topic.rungs.push_back(rung);
    fw.topics.push_back(topic);
  }
  AssignCriterionKeys(fw);
  ASSERT_EQ(fw.topics[0].rungs[0].criteria[0].key, "x/t/1/1");

  const StandingPlan plan(fw, kCurrent);
  EXPECT_EQ(plan.criterion_count(), 160u);
  std::vector<bool> seen(160, false);
  for (const Topic& topic : fw.topics) {
    for (const Criterion& c : topic.rungs[0].criteria) {
      const int slot = plan.SlotOf(Agreed(c.key, Assessment::kMeeting, 1, 1));
      ASSERT_GE(slot, 0) << c.key;
      ASSERT_LT(slot, 160) << c.key;
      EXPECT_FALSE(seen[slot]) << c.key;
      seen[slot] = true;
    }
  }
  EXPECT_EQ(plan.SlotOf(Agreed("x/t/1/41", Assessment::kMeeting, 1, 1)), -1);
  EXPECT_EQ(plan.SlotOf(Agreed("", Assessment::kMeeting, 1, 1)), -1);
  EXPECT_EQ(plan.SlotOf(Agreed("x/t/1/1", Assessment::kMeeting, 1, 1, kOlder)), -1);
}

TEST(LevelsTest, NothingAssignedAndNothingAgreed) {
  const Standing s = Compute("", {});
  EXPECT_EQ(s.assigned_rung, "");
  EXPECT_EQ(s.demonstrated_rung, "");
  EXPECT_EQ(s.next_rung, "1A");
  EXPECT_EQ(Keys(s.next_criteria),
            (std::vector<std::string>{
                CriterionKey("knowledgeandimpact/1A/1"), CriterionKey("communication/1A/1"),
                CriterionKey("communication/1A/2"), CriterionKey("teamwork/1A/1"),
                CriterionKey("teamwork/1A/2"), CriterionKey("teamwork/1A/3"),
                CriterionKey("culture-conduct/1A/1"), CriterionKey("culture-conduct/1A/2"),
                CriterionKey("culture-conduct/1A/3")}));
  EXPECT_EQ(Statuses(s.next_criteria), Repeat("not_assessed", 9));
  EXPECT_EQ(s.next_criteria[1].topic, "communication");
  EXPECT_EQ(s.next_criteria[1].checkin_id, 0);
  EXPECT_EQ(s.next_met, 0);
  EXPECT_EQ(s.next_total, 9);
  EXPECT_TRUE(s.regressions.empty());
  EXPECT_FALSE(s.ready_for_promotion(Seed()));
}

TEST(LevelsTest, AssignedRungWithoutResultsIsDemonstrated) {
  for (const Rung* rung : AllRungs(Seed())) {
    const Standing s = Compute(rung->id, {});
    EXPECT_EQ(s.demonstrated_rung, rung->id);
    EXPECT_TRUE(s.regressions.empty());
    EXPECT_FALSE(s.ready_for_promotion(Seed())) << rung->id;
  }
  const Standing top = Compute("2B", {});
  EXPECT_EQ(top.next_rung, "");
  EXPECT_TRUE(top.next_criteria.empty());
  EXPECT_EQ(top.next_total, 0);

  const Standing s = Compute("1B", {});
  EXPECT_EQ(s.next_rung, "1C");
  EXPECT_EQ(Statuses(s.next_criteria), Repeat("not_assessed", 8));
}

TEST(LevelsTest, MeetingEveryNextCriterionMovesUpAndIsReadyForPromotion) {
  const Standing s = Compute("1B", AllOf(Seed(), "1C", Assessment::kMeeting, 11, 100));
  EXPECT_EQ(s.demonstrated_rung, "1C");
  EXPECT_TRUE(s.ready_for_promotion(Seed()));
  EXPECT_EQ(s.next_rung, "2A");
  EXPECT_EQ(Keys(s.next_criteria), k2ACriteria);
  // Met through the reference: communication's and teamwork's 1C criteria, by check-in 11.
  EXPECT_EQ(
      Statuses(s.next_criteria),
      (std::vector<std::string>{"not_assessed", "met", "met", "met", "met", "met", "met",
                                "not_assessed", "not_assessed", "not_assessed", "not_assessed"}));
  EXPECT_EQ(s.next_criteria[1].via_reference, "1C");
  EXPECT_EQ(s.next_criteria[1].checkin_id, 11);
  EXPECT_EQ(s.next_criteria[1].agreed_at, 100);
  EXPECT_EQ(s.next_criteria[0].via_reference, "");
  EXPECT_EQ(s.next_met, 6);
  EXPECT_EQ(s.next_total, 11);
}

TEST(LevelsTest, ExceedingCountsAsMet) {
  const Standing s = Compute("1B", AllOf(Seed(), "1C", Assessment::kExceeding, 11, 100));
  EXPECT_EQ(s.demonstrated_rung, "1C");
}

TEST(LevelsTest, OneMissingCriterionHoldsTheRungBack) {
  std::vector<AgreedResult> agreed = AllOf(Seed(), "1C", Assessment::kMeeting, 11, 100);
  agreed.pop_back();                               // teamwork/1C/4, never assessed
  agreed[0].result = Assessment::kWorkingTowards;  // knowledgeandimpact/1C/1
  const Standing s = Compute("1B", agreed);
  EXPECT_EQ(s.demonstrated_rung, "1B");
  EXPECT_FALSE(s.ready_for_promotion(Seed()));
  EXPECT_EQ(s.next_rung, "1C");
  EXPECT_EQ(Statuses(s.next_criteria),
            (std::vector<std::string>{"working_towards", "met", "met", "met", "met", "met", "met",
                                      "not_assessed"}));
  EXPECT_EQ(s.next_met, 6);
  EXPECT_EQ(s.next_total, 8);
  EXPECT_TRUE(s.regressions.empty());  // 1C is above the assigned rung
}

TEST(LevelsTest, ReferencedCriteriaOfTheAssignedRungAreAssumedWhereTheyAreListed) {
  // Someone assigned 1C holds communication's 1C criteria, so 2A's "All criteria from level
  // one" asks nothing new of them; 2A's own criteria are what is missing.
  const Standing s = Compute("1C", {});
  EXPECT_EQ(s.next_rung, "2A");
  EXPECT_EQ(Statuses(s.next_criteria),
            (std::vector<std::string>{"not_assessed", "assumed", "assumed", "assumed", "assumed",
                                      "assumed", "assumed", "not_assessed", "not_assessed",
                                      "not_assessed", "not_assessed"}));
  EXPECT_EQ(s.next_met, 6);

  // Meeting 2A's own five criteria is then enough for 2A.
  const Standing up = Compute("1C", OwnOf(Seed(), "2A", Assessment::kMeeting, 12, 200));
  EXPECT_EQ(up.demonstrated_rung, "2A");
  EXPECT_TRUE(up.ready_for_promotion(Seed()));
  EXPECT_EQ(up.next_rung, "2B");
}

TEST(LevelsTest, ReferencesExpandForSomeoneWhoDoesNotHoldTheLowerRung) {
  // Assigned 1B, 2A's own criteria met, the referenced 1C criteria never assessed: 1C is not
  // demonstrated, and 2A could not be either.
  const Standing s = Compute("1B", OwnOf(Seed(), "2A", Assessment::kMeeting, 12, 200));
  EXPECT_EQ(s.demonstrated_rung, "1B");
  EXPECT_EQ(s.next_rung, "1C");
}

TEST(LevelsTest, LaterNotYetOnALowerCriterionIsARegression) {
  std::vector<AgreedResult> agreed = AllOf(Seed(), "1C", Assessment::kMeeting, 11, 100);
  ASSERT_EQ(Compute("1B", agreed).demonstrated_rung, "1C");
  // A later check-in: not yet on a 1B criterion, which was assumed until now.
  agreed.push_back(Agreed(CriterionKey("teamwork/1B/3"), Assessment::kNotYet, 12, 200));
  const Standing s = Compute("1B", agreed);
  EXPECT_EQ(s.demonstrated_rung, "1A-after-probation");
  EXPECT_FALSE(s.ready_for_promotion(Seed()));
  EXPECT_EQ(s.next_rung, "1B");
  ASSERT_EQ(s.regressions.size(), 1u);
  EXPECT_EQ(s.regressions[0].criterion->key, CriterionKey("teamwork/1B/3"));
  EXPECT_EQ(s.regressions[0].status, CriterionStatus::kNotYet);
  EXPECT_EQ(s.regressions[0].topic, "teamwork");
  EXPECT_EQ(s.regressions[0].checkin_id, 12);
  EXPECT_EQ(s.regressions[0].agreed_at, 200);
  EXPECT_EQ(Statuses(s.next_criteria),
            (std::vector<std::string>{"assumed", "assumed", "assumed", "assumed", "assumed",
                                      "assumed", "not_yet"}));
  EXPECT_EQ(s.next_met, 6);
}

TEST(LevelsTest, RegressionThroughAReferenceIsReportedOnceWhereItIsDefined) {
  const Standing s = Compute(
      "2A", {Agreed(CriterionKey("communication/1C/2"), Assessment::kWorkingTowards, 12, 200)});
  EXPECT_EQ(s.demonstrated_rung, "1B");
  ASSERT_EQ(s.regressions.size(), 1u);
  EXPECT_EQ(s.regressions[0].criterion->key, CriterionKey("communication/1C/2"));
  EXPECT_EQ(s.regressions[0].via_reference, "");
  EXPECT_EQ(s.regressions[0].status, CriterionStatus::kWorkingTowards);
}

TEST(LevelsTest, RegressionsAreOnlyBelowOrAtTheAssignedRung) {
  // Not yet on a 2A criterion for someone assigned 1C is just the next rung's gap.
  const Standing s = Compute(
      "1C", {Agreed(CriterionKey("teamwork/2A/2"), Assessment::kNotYet, 12, 200),
             Agreed(CriterionKey("knowledgeandimpact/1A/1"), Assessment::kNotYet, 12, 200)});
  EXPECT_EQ(s.demonstrated_rung, "");
  EXPECT_EQ(s.next_rung, "1A");
  EXPECT_EQ(Keys(s.regressions), std::vector<std::string>{CriterionKey("knowledgeandimpact/1A/1")});
}

TEST(LevelsTest, NewerAgreedResultOverridesOlder) {
  const std::string key = CriterionKey("knowledgeandimpact/1A/1");
  // Input order does not matter; agreed_at decides, then the check-in id.
  for (const bool newest_first : {true, false}) {
    std::vector<AgreedResult> agreed = {Agreed(key, Assessment::kNotYet, 11, 100),
                                        Agreed(key, Assessment::kMeeting, 12, 200)};
    if (newest_first) std::swap(agreed[0], agreed[1]);
    const Standing s = Compute("", agreed);
    ASSERT_EQ(s.next_rung, "1A");
    const CriterionStanding* c = Find(s.next_criteria, key);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->status, CriterionStatus::kMet);
    EXPECT_EQ(c->checkin_id, 12);
    EXPECT_EQ(c->agreed_at, 200);
  }
  const Standing tie = Compute("", {Agreed(key, Assessment::kMeeting, 14, 300),
                                    Agreed(key, Assessment::kWorkingTowards, 15, 300),
                                    Agreed(key, Assessment::kMeeting, 13, 300)});
  EXPECT_EQ(Find(tie.next_criteria, key)->status, CriterionStatus::kWorkingTowards);
  EXPECT_EQ(Find(tie.next_criteria, key)->checkin_id, 15);

  // A newer met lifts a regression again.
  const Standing back =
      Compute("1B", {Agreed(CriterionKey("teamwork/1B/3"), Assessment::kNotYet, 11, 100),
                     Agreed(CriterionKey("teamwork/1B/3"), Assessment::kMeeting, 12, 200)});
  EXPECT_EQ(back.demonstrated_rung, "1B");
  EXPECT_TRUE(back.regressions.empty());
}

TEST(LevelsTest, ResultsWithoutAnAgreedValueAreIgnored) {
  const std::string key = CriterionKey("knowledgeandimpact/1A/1");
  const Standing s = Compute(
      "1A", {Agreed(key, Assessment::kMeeting, 11, 100), Agreed(key, Assessment::kNone, 12, 200),
             Agreed(CriterionKey("no/such/criterion/1"), Assessment::kNotYet, 12, 200)});
  EXPECT_EQ(s.demonstrated_rung, "1A");
  EXPECT_TRUE(s.regressions.empty());
}

// The seed as an older version: teamwork 1C had one more criterion at its top (so every key
// of 1C moved down one) and communication's "Seeks out feedback" was worded differently.
Framework OlderSeed() {
  std::string text = ReadShared(kMonzoSeed());
  const std::string seeks = "\"Seeks out feedback\"";
  text.replace(text.find(seeks), seeks.size(), "\"Actively seeks out feedback\"");
  const std::string teamwork_1c =
      "          - criteria: \"Criteria for sublevel C\"\n"
      "            examples:\n"
      "              - \"Asks for support";
  text.replace(text.find(teamwork_1c), teamwork_1c.size(),
               "          - criteria: \"Criteria for sublevel C\"\n"
               "            examples:\n"
               "              - \"Runs the weekly rota\"\n"
               "              - \"Asks for support");
  return LoadFrameworkText(text, "seed.txt");
}

TEST(LevelsTest, ResultsOfAnOlderVersionCountThroughItsCriterionMap) {
  const Framework older = OlderSeed();
  ASSERT_EQ(older.topics[2].rungs[3].criteria[0].text, "Runs the weekly rota");
  const std::map<int64_t, CriterionMap> maps = {{kOlder, MatchCriteria(older, Seed())}};
  ASSERT_EQ(maps.at(kOlder).unmatched.size(), 1u);

  // Every 1C criterion of the older version met, keyed as that version keyed them.
  std::vector<AgreedResult> agreed;
  for (const Topic& topic : older.topics) {
    for (const AssessedCriterion& c : CriteriaForRung(older, topic, "1C")) {
      agreed.push_back(Agreed(c.criterion->key, Assessment::kMeeting, 11, 100, kOlder));
    }
  }
  ASSERT_EQ(agreed.size(), 9u);
  const Standing s = Compute("1B", agreed, Seed(), &maps);
  EXPECT_EQ(s.demonstrated_rung, "1C");
  EXPECT_TRUE(s.ready_for_promotion(Seed()));

  // Without the map those results are not counted.
  EXPECT_EQ(Compute("1B", agreed).demonstrated_rung, "1B");
  const std::map<int64_t, CriterionMap> other_version = {{99, maps.at(kOlder)}};
  EXPECT_EQ(Compute("1B", agreed, Seed(), &other_version).demonstrated_rung, "1B");
}

TEST(LevelsTest, OlderResultsGoByTextNotByKey) {
  const Framework older = OlderSeed();
  const std::map<int64_t, CriterionMap> maps = {{kOlder, MatchCriteria(older, Seed())}};
  // Old teamwork/1C/1 is the dropped "Runs the weekly rota", not today's teamwork/1C/1: a not
  // yet on it says nothing about the current framework.
  const Standing dropped =
      Compute("1C", {Agreed(CriterionKey("teamwork/1C/1"), Assessment::kNotYet, 11, 100, kOlder)},
              Seed(), &maps);
  EXPECT_EQ(dropped.demonstrated_rung, "1C");
  EXPECT_TRUE(dropped.regressions.empty());
  // Old teamwork/1C/2 is today's teamwork/1C/1.
  const Standing shifted =
      Compute("1C", {Agreed(CriterionKey("teamwork/1C/2"), Assessment::kNotYet, 11, 100, kOlder)},
              Seed(), &maps);
  EXPECT_EQ(Keys(shifted.regressions), std::vector<std::string>{CriterionKey("teamwork/1C/1")});
  // The reworded criterion carries its result too.
  const Standing reworded = Compute(
      "1C", {Agreed(CriterionKey("communication/1C/2"), Assessment::kNotYet, 11, 100, kOlder)},
      Seed(), &maps);
  EXPECT_EQ(Keys(reworded.regressions),
            std::vector<std::string>{CriterionKey("communication/1C/2")});
}

TEST(LevelsTest, NewestResultWinsAcrossVersions) {
  const Framework older = OlderSeed();
  const std::map<int64_t, CriterionMap> maps = {{kOlder, MatchCriteria(older, Seed())}};
  const std::string old_key = CriterionKey("teamwork/1C/2");  // today's teamwork/1C/1
  const std::string new_key = CriterionKey("teamwork/1C/1");
  const Standing newer_current = Compute("1C",
                                         {Agreed(old_key, Assessment::kNotYet, 11, 100, kOlder),
                                          Agreed(new_key, Assessment::kMeeting, 12, 200)},
                                         Seed(), &maps);
  EXPECT_TRUE(newer_current.regressions.empty());
  const Standing newer_old = Compute("1C",
                                     {Agreed(old_key, Assessment::kNotYet, 13, 300, kOlder),
                                      Agreed(new_key, Assessment::kMeeting, 12, 200)},
                                     Seed(), &maps);
  ASSERT_EQ(newer_old.regressions.size(), 1u);
  EXPECT_EQ(newer_old.regressions[0].checkin_id, 13);
}

TEST(LevelsTest, NextCriteriaCarryTheirEvidenceNewestFirst) {
  auto evidence = [](int64_t id, int64_t at, std::vector<std::string> keys) {
    Evidence e;
    e.id = id;
    e.checkin_id = 11;
    e.text = "evidence " + std::to_string(id);
    e.criterion_keys = std::move(keys);
    e.created_at = at;
    return e;
  };
  const std::vector<Evidence> all = {
      evidence(1, 100, {CriterionKey("culture-conduct/2A/1")}),
      evidence(2, 300, {CriterionKey("communication/1C/1"), CriterionKey("culture-conduct/2A/1")}),
      evidence(3, 200, {CriterionKey("culture-conduct/2A/1")}),
      evidence(4, 400, {CriterionKey("knowledgeandimpact/1A/1")})};
  const Standing s = Compute("1C", {}, Seed(), nullptr, &all);
  ASSERT_EQ(s.next_rung, "2A");
  const CriterionStanding* conduct = Find(s.next_criteria, CriterionKey("culture-conduct/2A/1"));
  ASSERT_NE(conduct, nullptr);
  ASSERT_EQ(conduct->evidence.size(), 3u);
  EXPECT_EQ(conduct->evidence[0]->id, 2);
  EXPECT_EQ(conduct->evidence[1]->id, 3);
  EXPECT_EQ(conduct->evidence[2]->id, 1);
  const CriterionStanding* referenced = Find(s.next_criteria, CriterionKey("communication/1C/1"));
  ASSERT_EQ(referenced->evidence.size(), 1u);
  EXPECT_EQ(referenced->evidence[0], &all[1]);  // points into the input
  EXPECT_TRUE(Find(s.next_criteria, CriterionKey("teamwork/2A/2"))->evidence.empty());
}

TEST(LevelsTest, UnknownAssignedRungAssumesNothing) {
  const Standing s = Compute("9Z", AllOf(Seed(), "1A", Assessment::kMeeting, 11, 100));
  EXPECT_EQ(s.assigned_rung, "9Z");
  EXPECT_EQ(s.demonstrated_rung, "1A");
  EXPECT_EQ(s.next_rung, "1A-after-probation");
  // Nothing held, so any demonstrated rung is a rung to assign.
  EXPECT_TRUE(s.ready_for_promotion(Seed()));
  EXPECT_TRUE(
      Compute("", AllOf(Seed(), "1A", Assessment::kMeeting, 11, 100)).ready_for_promotion(Seed()));
}

TEST(LevelsTest, ReadyForPromotionComparesRungOrder) {
  Standing s;
  s.assigned_rung = "1B";
  s.demonstrated_rung = "1C";
  EXPECT_TRUE(s.ready_for_promotion(Seed()));
  s.demonstrated_rung = "1B";
  EXPECT_FALSE(s.ready_for_promotion(Seed()));
  s.demonstrated_rung = "1A";
  EXPECT_FALSE(s.ready_for_promotion(Seed()));
  s.demonstrated_rung = "";
  EXPECT_FALSE(s.ready_for_promotion(Seed()));
}

TEST(LevelsTest, RungWithoutCriteriaIsDemonstratedWithTheOneBelow) {
  // Levels 1-3, but nothing is asked at level 2.
  Framework fw = ThreeRungs();
  Topic topic;
  topic.name = "craft";
  TopicRung one{"1", {}, "", {}};
  one.criteria.push_back({});
  one.criteria.back().text = "Writes clear replies";
  TopicRung three{"3", {}, "", {}};
  three.criteria.push_back({});
  three.criteria.back().text = "Coaches others";
  topic.rungs = {one, three};
  fw.topics.push_back(topic);
  AssignCriterionKeys(fw);

  const Standing met_one =
      Compute("", {Agreed("small/craft/1/1", Assessment::kMeeting, 11, 100)}, fw);
  EXPECT_EQ(met_one.demonstrated_rung, "2");
  EXPECT_EQ(met_one.next_rung, "3");
  const Standing none = Compute("", {}, fw);
  EXPECT_EQ(none.demonstrated_rung, "");
  EXPECT_EQ(none.next_rung, "1");
  const Standing all = Compute("",
                               {Agreed("small/craft/1/1", Assessment::kMeeting, 11, 100),
                                Agreed("small/craft/3/1", Assessment::kMeeting, 11, 100)},
                               fw);
  EXPECT_EQ(all.demonstrated_rung, "3");
  EXPECT_EQ(all.next_rung, "");
}

// --- The same words at a lower rung (issue 14, trap 2) ------------------------------------------

TEST(LevelsTest, AJudgedCriterionRepeatedWordForWordCarriesTheLowerRungsAgreedResult) {
  // "Welcomes feedback from manager and peers in order to improve work" is asked at 1A after
  // probation and again at 1B.
  const std::string lower = CriterionKey("communication/1A-after-probation/2");
  const std::string repeated = CriterionKey("communication/1B/2");
  const Standing s = Compute("1A-after-probation", {Agreed(lower, Assessment::kMeeting, 11, 100)});
  EXPECT_EQ(s.next_rung, "1B");
  const CriterionStanding* c = Find(s.next_criteria, repeated);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(CriterionStatusName(c->status), std::string("met"));
  EXPECT_EQ(c->carried_from_rung, "1A-after-probation");
  EXPECT_EQ(c->checkin_id, 11);
  EXPECT_EQ(c->agreed_at, 100);
  // Not the other criteria of 1B: they are asked in other words.
  EXPECT_EQ(s.next_met, 1);
  // Words that differ ("from their manager" at 1A) carry nothing.
  const Standing other =
      Compute("1A", {Agreed(CriterionKey("communication/1A/2"), Assessment::kMeeting, 11, 100)});
  EXPECT_EQ(other.next_rung, "1A-after-probation");
  EXPECT_EQ(Find(other.next_criteria, lower)->status, CriterionStatus::kNotAssessed);
}

TEST(LevelsTest, TheNewerOfTheOwnAndTheCarriedResultCounts) {
  const std::string lower = CriterionKey("communication/1A-after-probation/2");
  const std::string repeated = CriterionKey("communication/1B/2");
  // The manager assessed it again at 1B, later: that counts, and is its own.
  const Standing again =
      Compute("1A-after-probation", {Agreed(lower, Assessment::kMeeting, 11, 100),
                                     Agreed(repeated, Assessment::kWorkingTowards, 12, 200)});
  const CriterionStanding* c = Find(again.next_criteria, repeated);
  EXPECT_EQ(c->status, CriterionStatus::kWorkingTowards);
  EXPECT_EQ(c->carried_from_rung, "");
  EXPECT_EQ(c->checkin_id, 12);
  // Agreed again at the lower rung, later still: the carried result is the newer one.
  const Standing later =
      Compute("1A-after-probation", {Agreed(lower, Assessment::kExceeding, 13, 300),
                                     Agreed(repeated, Assessment::kWorkingTowards, 12, 200)});
  EXPECT_EQ(Find(later.next_criteria, repeated)->status, CriterionStatus::kMet);
  EXPECT_EQ(Find(later.next_criteria, repeated)->carried_from_rung, "1A-after-probation");
  // In one check-in, both: its own.
  const Standing same =
      Compute("1A-after-probation", {Agreed(lower, Assessment::kMeeting, 14, 400),
                                     Agreed(repeated, Assessment::kNotYet, 14, 400)});
  EXPECT_EQ(Find(same.next_criteria, repeated)->status, CriterionStatus::kNotYet);
}

TEST(LevelsTest, CarriedResultsChainUpAndAreReportedAsRegressionsOnceWhereAgreed) {
  // "Knows when to ask for help..." is asked at 1A and (with a trailing space) at 1A after
  // probation; "Works closely or in pairs..." likewise in teamwork.
  const std::string ask_1a = CriterionKey("communication/1A/1");
  const std::string ask_1ap = CriterionKey("communication/1A-after-probation/1");
  const Standing s = Compute("1B", {Agreed(ask_1a, Assessment::kNotYet, 11, 100)});
  // Both listings say not yet, but the regression is the one agreed, at 1A.
  ASSERT_EQ(s.regressions.size(), 1u);
  EXPECT_EQ(s.regressions[0].criterion->key, ask_1a);
  EXPECT_EQ(s.demonstrated_rung, "");
}

TEST(LevelsTest, MeasuredCriteriaNeverCarry) {
  // "Consistently performs expected targets ...: 12 conversations per hour" at 1B and 1C: the
  // data judges each rung's weeks, so an agreed 1B result says nothing about 1C.
  const std::string at_1b = CriterionKey("knowledgeandimpact/1B/1");
  const std::string at_1c = CriterionKey("knowledgeandimpact/1C/1");
  const std::vector<AgreedResult> agreed = {Agreed(at_1b, Assessment::kMeeting, 11, 100)};
  const FrameworkTargets targets = ResolveTargets(Seed());
  ASSERT_EQ(targets.rules.count(at_1c), 1u);
  const Standing measured = Compute("1B", agreed, Seed(), nullptr, nullptr, &targets);
  EXPECT_EQ(Find(measured.next_criteria, at_1c)->status, CriterionStatus::kNotAssessed);
  // Without targets (a framework with nothing measured) the same words would carry.
  const Standing judged = Compute("1B", agreed);
  EXPECT_EQ(Find(judged.next_criteria, at_1c)->carried_from_rung, "1B");
}

TEST(LevelsTest, WordsCompareWithoutCaseSpacingOrAFinalFullStop) {
  Framework fw = ThreeRungs();
  auto rung = [](const std::string& id, const std::string& text) {
    TopicRung r{id, {}, "", {}};
    r.criteria.push_back({});
    r.criteria.back().text = text;
    return r;
  };
  Topic craft;
  craft.name = "craft";
  craft.rungs = {rung("1", "Seeks feedback."), rung("2", "seeks  Feedback"),
                 rung("3", "Seeks feedback often")};
  Topic other;
  other.name = "other";
  other.rungs = {rung("2", "Seeks feedback")};  // another topic: its own ask
  fw.topics = {craft, other};
  AssignCriterionKeys(fw);
  const Standing s = Compute("", {Agreed("small/craft/1/1", Assessment::kMeeting, 11, 100)}, fw);
  EXPECT_EQ(s.demonstrated_rung, "1");
  EXPECT_EQ(s.next_rung, "2");
  EXPECT_EQ(Statuses(s.next_criteria), (std::vector<std::string>{"met", "not_assessed"}));
  EXPECT_EQ(s.next_criteria[0].carried_from_rung, "1");
}

TEST(LevelsTest, MatrixSeed) {
  const Framework& fw = Matrix();
  ASSERT_EQ(fw.format, "matrix");
  // Level 1: one cell per area, none for extra projects ("None").
  const Standing first = Compute("", {}, fw);
  EXPECT_EQ(first.next_rung, "1");
  EXPECT_EQ(first.next_total, 7);
  // A practitioner (2) meeting every level 3 cell, extra projects included.
  std::vector<AgreedResult> agreed;
  for (const Topic& topic : fw.topics) {
    for (const AssessedCriterion& c : CriteriaForRung(fw, topic, "3")) {
      agreed.push_back(Agreed(c.criterion->key, Assessment::kMeeting, 11, 100));
    }
  }
  ASSERT_EQ(agreed.size(), 8u);
  const Standing s = Compute("2", agreed, fw);
  EXPECT_EQ(s.demonstrated_rung, "3");
  EXPECT_EQ(s.next_rung, "4");
  EXPECT_EQ(s.next_total, 8);
  EXPECT_TRUE(s.ready_for_promotion(fw));
  // Cells do not carry over: without "2" assigned, level 3 alone is not enough.
  EXPECT_EQ(Compute("", agreed, fw).demonstrated_rung, "");
  // A later "working towards" on a level 1 cell is a regression for someone assigned 4.
  agreed.push_back(Agreed("matrix/leadership/1/1", Assessment::kWorkingTowards, 12, 200));
  const Standing regressed = Compute("4", agreed, fw);
  EXPECT_EQ(regressed.demonstrated_rung, "");
  EXPECT_EQ(regressed.next_rung, "1");
  EXPECT_EQ(Keys(regressed.regressions), std::vector<std::string>{"matrix/leadership/1/1"});
}

TEST(LevelsTest, PlanOverloadGivesTheSameStandingForEveryPerson) {
  const std::map<int64_t, CriterionMap> maps = {{kOlder, MatchCriteria(OlderSeed(), Seed())}};
  const StandingPlan plan(Seed(), kCurrent, &maps);
  std::vector<std::vector<AgreedResult>> people = {
      {},
      AllOf(Seed(), "1C", Assessment::kMeeting, 11, 100),
      {Agreed(CriterionKey("teamwork/1C/2"), Assessment::kNotYet, 11, 100, kOlder)},
      {Agreed(CriterionKey("teamwork/1B/3"), Assessment::kWorkingTowards, 12, 200)}};
  for (const std::vector<AgreedResult>& agreed : people) {
    for (const char* assigned : {"", "1B", "2A"}) {
      const Standing a = ComputeStanding(plan, {assigned, &agreed, nullptr});
      const Standing b = Compute(assigned, agreed, Seed(), &maps);
      EXPECT_EQ(a.demonstrated_rung, b.demonstrated_rung);
      EXPECT_EQ(a.next_rung, b.next_rung);
      EXPECT_EQ(Keys(a.next_criteria), Keys(b.next_criteria));
      EXPECT_EQ(Statuses(a.next_criteria), Statuses(b.next_criteria));
      EXPECT_EQ(Keys(a.regressions), Keys(b.regressions));
    }
  }
}

TEST(LevelsTest, MissingInputsAreEmpty) {
  StandingInput input;
  input.assigned_rung = "1B";
  const Standing none = ComputeStanding(input);
  EXPECT_EQ(none.assigned_rung, "1B");
  EXPECT_EQ(none.demonstrated_rung, "");
  input.framework = &Seed();
  input.framework_version_id = kCurrent;
  const Standing no_results = ComputeStanding(input);  // agreed, older and evidence all null
  EXPECT_EQ(no_results.demonstrated_rung, "1B");
  EXPECT_EQ(no_results.next_rung, "1C");
}

}  // namespace
}  // namespace rungs
