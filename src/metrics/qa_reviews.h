// QA review scoring for the mapped reader. A qa_rating row rates one category of a review: its
// rating is a number on the row's scale or N/A, with a weight and a critical flag. A review
// (its rows share the review column's value and the identity) scores the weighted mean of its
// rated categories' (rating - min) / (max - min) x 100; a critical category that fails (at its
// scale's minimum, or below critical_fail_below_pct) makes it 0; a review with nothing rated is
// no review. A category rated twice in one review is a duplicate. Reviews are kept as running
// totals while rows are read, then handed to their identities.
#ifndef RUNGS_METRICS_QA_REVIEWS_H_
#define RUNGS_METRICS_QA_REVIEWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "metrics/mapped_identities.h"
#include "metrics/mapped_rules.h"
#include "util/csv_stream.h"

namespace rungs {

// Reads a qa_rating row's rating, scale, weight and critical flag into `c`; a problem when one
// is not what it should be. An N/A rating needs nothing else.
std::optional<RuleProblem> ReadRating(const CsvRecord& r, const Mapping& mapping,
                                      const ResolvedRule& rule, std::string_view review,
                                      Candidate& c);

// A rated candidate's rating as a share of its scale, 0-100.
double RatingPercent(const Candidate& c);

// What the dry run shows beside a sample rating: "review R1, Tone: 3 on 1 to 4 = 66.7%, ...".
std::string RatingDetail(const Candidate& c);

class QaReviews {
 public:
  // A problem when `c` rates a category its review already rated (`rule` made it).
  std::optional<RuleProblem> RepeatedCategory(const Candidate& c, const ResolvedRule& rule,
                                              const MappedIdentities& identities) const;
  void Add(const Candidate& c);
  // Scores every review into its identity's `reviews` (sorted, so the sums do not depend on
  // the hash map's order) and empties this; counts scored and unrated reviews.
  void Score(MappedIdentities& identities, int64_t& scored, int64_t& unrated);

 private:
  // One review as its rows come in.
  struct Totals {
    uint32_t identity = 0;
    int64_t ts = 0;  // its first row's
    double weighted = 0;
    double weights = 0;
    bool failed = false;  // a critical category failed
    std::vector<std::string> categories;
  };
  static std::string Key(uint32_t identity, std::string_view review);

  std::unordered_map<std::string, Totals> reviews_;
};

}  // namespace rungs

#endif  // RUNGS_METRICS_QA_REVIEWS_H_
