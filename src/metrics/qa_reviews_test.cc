#include "metrics/qa_reviews.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

Candidate Rating(uint32_t identity, std::string_view review, std::string_view category,
                 double rating, double weight = 1, bool failed = false) {
  Candidate c;
  c.identity = identity;
  c.review = review;
  c.category = category;
  c.rated = true;
  c.rating = rating;
  c.scale_min = 1;
  c.scale_max = 4;
  c.weight = weight;
  c.failed = failed;
  return c;
}

TEST(QaReviewsTest, WeightedMeanAndCriticalFailures) {
  MappedIdentities ids;
  const uint32_t ana = ids.Intern("agent", "ana");
  QaReviews qa;
  qa.Add(Rating(ana, "R1", "Tone", 3, 2));
  qa.Add(Rating(ana, "R1", "Solution", 4));
  qa.Add(Rating(ana, "R2", "Tone", 4));
  qa.Add(Rating(ana, "R2", "Compliance", 1, 1, true));
  Candidate na = Rating(ana, "R3", "Tone", 0);
  na.rated = false;
  qa.Add(na);
  int64_t scored = 0;
  int64_t unrated = 0;
  qa.Score(ids, scored, unrated);
  EXPECT_EQ(scored, 2);
  EXPECT_EQ(unrated, 1);
  ASSERT_EQ(ids[ana].reviews.size(), 2u);
  double sum = 0;
  for (const auto& [ts, score] : ids[ana].reviews) sum += score;
  EXPECT_NEAR(sum, (2 * 200.0 / 3 + 100) / 3 + 0, 1e-9);  // R1 77.8, R2 failed: 0
}

TEST(QaReviewsTest, ACategoryRatedTwiceIsADuplicate) {
  MappedIdentities ids;
  const uint32_t ana = ids.Intern("agent", "ana");
  QaReviews qa;
  EventRule rule;
  rule.label = "events[0] (qa_rating)";
  rule.qa.category.name = "Category";
  ResolvedRule resolved;
  resolved.rule = &rule;
  resolved.category = 4;
  qa.Add(Rating(ana, "R1", "Tone", 3));
  EXPECT_FALSE(qa.RepeatedCategory(Rating(ana, "R1", "Solution", 3), resolved, ids));
  const std::optional<RuleProblem> p =
      qa.RepeatedCategory(Rating(ana, "R1", "Tone", 2), resolved, ids);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->problem, MappedProblem::kDuplicate);
  EXPECT_EQ(p->field, 4);
  EXPECT_NE(p->message.find("rates Category \"Tone\" again"), std::string::npos);
}

TEST(QaReviewsTest, RatingDetailShowsTheShare) {
  EXPECT_EQ(RatingDetail(Rating(0, "R1", "Tone", 3, 2)),
            "review R1, Tone: 3 on 1 to 4 = 66.7%, weight 2");
}

}  // namespace
}  // namespace rungs
