#include "framework/compare.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "framework/framework_test_support.h"
#include "framework/loader.h"
#include "framework/test_util.h"

namespace rungs {
namespace {

const TopicComparison& FindTopicIn(const RungComparison& c, const std::string& name) {
  for (const TopicComparison& t : c.topics) {
    if (t.name == name) return t;
  }
  ADD_FAILURE() << "no topic " << name;
  static const TopicComparison none;
  return none;
}

RungComparison Compare(const std::string& id, const std::string& from, const std::string& to) {
  CompareResult r = CompareRungs(test::BundledFramework(id), from, to);
  EXPECT_TRUE(r.comparison) << r.error;
  return r.comparison ? *r.comparison : RungComparison{};
}

TEST(CompareTest, TeamworkAt2AIsLevelOneThroughTheReferencePlusSharingKnowledge) {
  const RungComparison c = Compare("customer-operations", "1A", "2A");
  EXPECT_EQ(c.from, "1A");
  EXPECT_EQ(c.to, "2A");
  const TopicComparison& teamwork = FindTopicIn(c, "teamwork");
  EXPECT_EQ(teamwork.title, "🤝 Teamwork");
  ASSERT_EQ(teamwork.criteria.size(), 8u);
  // "All criteria from level one" stands for 1C's four criteria, none of them worded as at 1A.
  const std::vector<std::string> via_1c = {
      "Asks for support from more senior members of the team when facing tasks for the first time",
      "Knows where to go to find out what they should be working on and will reliably highlight "
      "if any issues in that area",
      "Provides quality support to others (e.g. by covering cops-queries or buddying) with "
      "helpful and supportive tone",
      "Motivated to help peer group understand and achieve company goals, and uses appropriate "
      "forums to raise concerns"};
  for (size_t i = 0; i < via_1c.size(); ++i) {
    EXPECT_EQ(teamwork.criteria[i].status, CompareStatus::kNew);
    EXPECT_EQ(teamwork.criteria[i].text, via_1c[i]);
    EXPECT_EQ(teamwork.criteria[i].via, "1C");
    EXPECT_EQ(teamwork.criteria[i].key, "customer-operations/teamwork/1C/" + std::to_string(i + 1));
  }
  EXPECT_EQ(teamwork.criteria[4].status, CompareStatus::kNew);
  EXPECT_EQ(teamwork.criteria[4].text,
            "Frequently shares knowledge gained internally or externally (previous role/reading)");
  EXPECT_EQ(teamwork.criteria[4].via, "");
  EXPECT_EQ(teamwork.criteria[4].key, "customer-operations/teamwork/2A/2");
  EXPECT_EQ(teamwork.criteria[5].status, CompareStatus::kNoLongerListed);
  EXPECT_EQ(teamwork.criteria[5].text,
            "Works closely or in pairs with more senior members of the team when facing tasks for "
            "the first time");
  EXPECT_EQ(teamwork.criteria[5].from_key, "customer-operations/teamwork/1A/1");
  EXPECT_EQ(teamwork.criteria[5].key, "");
  EXPECT_EQ(teamwork.new_count, 5);
  EXPECT_EQ(teamwork.carried_over, 0);
  EXPECT_EQ(teamwork.no_longer_listed, 3);

  // Culture-conduct lists plain criteria per level: level 2's replace level 1's.
  const TopicComparison& conduct = FindTopicIn(c, "culture-conduct");
  EXPECT_EQ(conduct.new_count, 3);
  EXPECT_EQ(conduct.no_longer_listed, 3);
  EXPECT_EQ(c.new_count, 11);
  EXPECT_EQ(c.carried_over, 0);
  EXPECT_EQ(c.no_longer_listed, 9);
}

TEST(CompareTest, CarriedOverMatchesNormalisedText) {
  // 1A lists "Knows when to ask for help with tasks they are completing"; 1A (after probation)
  // the same with a trailing space, and "Welcomes feedback from manager" without "their".
  const RungComparison c = Compare("customer-operations", "1A", "1A-after-probation");
  EXPECT_EQ(c.to_label, "1A (after probation)");
  const TopicComparison& communication = FindTopicIn(c, "communication");
  ASSERT_EQ(communication.criteria.size(), 3u);
  EXPECT_EQ(communication.criteria[0].status, CompareStatus::kCarriedOver);
  EXPECT_EQ(communication.criteria[0].key,
            "customer-operations/communication/1A-after-probation/1");
  EXPECT_EQ(communication.criteria[0].from_key, "customer-operations/communication/1A/1");
  EXPECT_EQ(communication.criteria[1].status, CompareStatus::kNew);
  EXPECT_EQ(communication.criteria[1].text,
            "Welcomes feedback from manager and peers in order to improve work");
  EXPECT_EQ(communication.criteria[2].status, CompareStatus::kNoLongerListed);
  EXPECT_EQ(communication.criteria[2].text,
            "Welcomes feedback from their manager and peers in order to improve work");
  // Teamwork keeps two of its three criteria.
  EXPECT_EQ(FindTopicIn(c, "teamwork").carried_over, 2);
  // Culture-conduct's level 1 criteria belong to 1A, its first rung, and do not carry over.
  EXPECT_EQ(FindTopicIn(c, "culture-conduct").no_longer_listed, 3);
  // It lists nothing at 1B or 1C: an empty topic, not an error.
  const RungComparison b_to_c = Compare("customer-operations", "1B", "1C");
  EXPECT_TRUE(FindTopicIn(b_to_c, "culture-conduct").criteria.empty());
  EXPECT_NE(RenderComparisonText(b_to_c).find("\nnothing listed at 1B or 1C: culture-conduct\n"),
            std::string::npos)
      << RenderComparisonText(b_to_c);
}

TEST(CompareTest, UnknownRungListsTheValidOnes) {
  const CompareResult r = CompareRungs(test::BundledFramework("customer-operations"), "1A", "3A");
  EXPECT_FALSE(r.comparison);
  EXPECT_EQ(r.error,
            "framework 'customer-operations' has no rung '3A'; its rungs are: 1A, "
            "1A-after-probation, 1B, 1C, 2A, 2B");
}

TEST(CompareTest, FromMustBeBelowTo) {
  const Framework& fw = test::BundledFramework("customer-operations");
  const CompareResult down = CompareRungs(fw, "2A", "1B");
  EXPECT_FALSE(down.comparison);
  EXPECT_NE(down.error.find("--from must be a lower rung than --to, but 2A comes after 1B"),
            std::string::npos)
      << down.error;
  const CompareResult same = CompareRungs(fw, "1B", "1B");
  EXPECT_FALSE(same.comparison);
  EXPECT_NE(same.error.find("but 1B is 1B"), std::string::npos) << same.error;
}

TEST(CompareTest, MatrixColumnsSupersedeEachOther) {
  const RungComparison c = Compare("frontline-cs-competency-matrix", "1", "5");
  EXPECT_EQ(c.from_label, "Beginner (After Initial Onboarding)");
  EXPECT_EQ(c.to_label, "Master \xE2\x80\x93 Senior Territor");
  ASSERT_EQ(c.topics.size(), 8u);
  const TopicComparison& quality = FindTopicIn(c, "frontline-quality");
  ASSERT_EQ(quality.criteria.size(), 2u);
  EXPECT_EQ(quality.criteria[0].status, CompareStatus::kNew);
  EXPECT_EQ(quality.criteria[0].text, "Reviews other teammate and gives constructive feedback.");
  EXPECT_EQ(quality.criteria[0].key, "frontline-cs-competency-matrix/frontline-quality/5/1");
  EXPECT_EQ(quality.criteria[1].status, CompareStatus::kNoLongerListed);
  EXPECT_EQ(quality.criteria[1].text, "Displays empathy/patience.");
  // "None" at level 1 is not a criterion, so nothing is dropped there.
  const TopicComparison& projects = FindTopicIn(c, "extra-projects");
  EXPECT_EQ(projects.new_count, 1);
  EXPECT_EQ(projects.no_longer_listed, 0);
  EXPECT_EQ(c.new_count, 8);
  EXPECT_EQ(c.no_longer_listed, 7);
}

TEST(CompareTest, TextAndJson) {
  const RungComparison c = Compare("customer-operations", "1A", "2A");
  const std::string text = RenderComparisonText(c);
  EXPECT_EQ(text.rfind("💬 Customer Operations Framework (customer-operations): 1A → 2A\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("teamwork · 🤝 Teamwork\n"
                      "  new at 2A\n"
                      "    + Asks for support from more senior members of the team when facing "
                      "tasks for the first time  (via 1C)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    + Frequently shares knowledge gained internally or externally "
                      "(previous role/reading)\n"
                      "  listed at 1A, no longer at 2A\n"
                      "    - Works closely"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\n11 criteria new, 0 carried over, 9 no longer listed\n"), std::string::npos)
      << text;

  const nlohmann::json j = ComparisonToJson(c);
  EXPECT_EQ(j["framework"], "customer-operations");
  EXPECT_EQ(j["from"]["id"], "1A");
  EXPECT_EQ(j["to"]["label"], "2A");
  EXPECT_EQ(j["summary"]["new"], 11);
  EXPECT_EQ(j["topics"].size(), 4u);
  const nlohmann::json& shares = j["topics"][2]["criteria"][4];
  EXPECT_EQ(shares["status"], "new");
  EXPECT_EQ(shares["key"], "customer-operations/teamwork/2A/2");
  EXPECT_TRUE(shares["from_key"].is_null());
  EXPECT_TRUE(shares["via"].is_null());
}

}  // namespace
}  // namespace rungs
