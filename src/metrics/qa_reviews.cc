#include "metrics/qa_reviews.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.h"

namespace rungs {
namespace {

// A number of a qa_rating row: the mapping's constant, or the row's column. An empty weight
// cell weighs 1.
std::optional<RuleProblem> NumberOf(const CsvRecord& r, const Mapping& mapping,
                                    const ResolvedRule& rule, int column,
                                    const NumberSource& source, const char* what, double& out) {
  if (column < 0) {
    out = source.value;
    return std::nullopt;
  }
  const std::string_view text = r.Field(static_cast<size_t>(column));
  if (IsMissingValue(mapping, Trim(text)) && column == rule.weight) {
    out = 1;
    return std::nullopt;
  }
  const std::optional<double> v = ParseMappedNumber(text);
  if (!v) {
    return RuleProblem{column, MappedProblem::kBadValue,
                       fmt::format("{} \"{}\" ({}) is not a number ({})", source.column.name,
                                   Shown(text), what, rule.rule->label)};
  }
  out = *v;
  return std::nullopt;
}

bool IsNa(const Mapping& mapping, const QaRule& qa, std::string_view text) {
  const std::string_view t = Trim(text);
  if (IsMissingValue(mapping, t)) return true;
  return std::any_of(qa.na.begin(), qa.na.end(),
                     [t](const std::string& na) { return EqualsIgnoreCaseAscii(t, na); });
}

}  // namespace

std::optional<RuleProblem> ReadRating(const CsvRecord& r, const Mapping& mapping,
                                      const ResolvedRule& rule, std::string_view review,
                                      Candidate& c) {
  const QaRule& qa = rule.rule->qa;
  c.review = review;
  if (rule.category >= 0) c.category = r.Field(static_cast<size_t>(rule.category));
  const std::string_view rating = r.Field(static_cast<size_t>(rule.rating));
  if (IsNa(mapping, qa, rating)) return std::nullopt;
  const std::optional<double> value = ParseMappedNumber(rating);
  if (!value) {
    std::string na = "empty";
    for (const std::string& v : qa.na) na += ", " + v;
    return RuleProblem{rule.rating, MappedProblem::kBadValue,
                       fmt::format("{} \"{}\" is neither a number nor N/A ({}) ({})",
                                   qa.rating.name, Shown(rating), na, rule.rule->label)};
  }
  if (auto p = NumberOf(r, mapping, rule, rule.scale_min, qa.scale_min, "the scale's minimum",
                        c.scale_min)) {
    return p;
  }
  if (auto p = NumberOf(r, mapping, rule, rule.scale_max, qa.scale_max, "the scale's maximum",
                        c.scale_max)) {
    return p;
  }
  if (auto p = NumberOf(r, mapping, rule, rule.weight, qa.weight, "the weight", c.weight)) {
    return p;
  }
  if (c.scale_min >= c.scale_max) {
    return RuleProblem{rule.scale_max >= 0 ? rule.scale_max : rule.scale_min,
                       MappedProblem::kBadValue,
                       fmt::format("the scale {:g} to {:g} is empty: its minimum must be below "
                                   "its maximum ({})",
                                   c.scale_min, c.scale_max, rule.rule->label)};
  }
  if (c.weight < 0) {
    return RuleProblem{
        rule.weight, MappedProblem::kBadValue,
        fmt::format("{} {:g} is negative ({})", qa.weight.column.name, c.weight, rule.rule->label)};
  }
  if (*value < c.scale_min || *value > c.scale_max) {
    return RuleProblem{rule.rating, MappedProblem::kBadValue,
                       fmt::format("{} {:g} is outside the scale {:g} to {:g} ({})", qa.rating.name,
                                   *value, c.scale_min, c.scale_max, rule.rule->label)};
  }
  if (rule.critical >= 0) {
    const std::string_view flag = Trim(r.Field(static_cast<size_t>(rule.critical)));
    if (IsMissingValue(mapping, flag) || EqualsIgnoreCaseAscii(flag, "false") ||
        EqualsIgnoreCaseAscii(flag, "no") || flag == "0") {
      c.critical = false;
    } else if (EqualsIgnoreCaseAscii(flag, "true") || EqualsIgnoreCaseAscii(flag, "yes") ||
               flag == "1") {
      c.critical = true;
    } else {
      return RuleProblem{rule.critical, MappedProblem::kBadValue,
                         fmt::format("{} \"{}\" is not true or false ({})", qa.critical.name,
                                     Shown(flag), rule.rule->label)};
    }
  } else {
    c.critical = std::find(qa.critical_categories.begin(), qa.critical_categories.end(),
                           c.category) != qa.critical_categories.end();
  }
  c.rated = true;
  c.rating = *value;
  const double pct = RatingPercent(c);
  c.failed = c.critical && (qa.critical_fail_below_pct > 0 ? pct < qa.critical_fail_below_pct
                                                           : c.rating <= c.scale_min);
  return std::nullopt;
}

double RatingPercent(const Candidate& c) {
  return (c.rating - c.scale_min) / (c.scale_max - c.scale_min) * 100.0;
}

std::string RatingDetail(const Candidate& c) {
  std::string d = fmt::format("review {}", Shown(c.review, 40));
  if (!c.category.empty()) d += fmt::format(", {}", Shown(c.category, 40));
  if (!c.rated) return d + ": N/A";
  d += fmt::format(": {:g} on {:g} to {:g} = {:.1f}%, weight {:g}", c.rating, c.scale_min,
                   c.scale_max, RatingPercent(c), c.weight);
  if (c.critical) d += c.failed ? ", critical: FAILED (the review scores 0)" : ", critical";
  return d;
}

std::string QaReviews::Key(uint32_t identity, std::string_view review) {
  std::string key = std::to_string(identity);
  key.push_back('\x1f');
  key.append(review);
  return key;
}

std::optional<RuleProblem> QaReviews::RepeatedCategory(const Candidate& c, const ResolvedRule& rule,
                                                       const MappedIdentities& identities) const {
  if (c.category.empty()) return std::nullopt;
  const auto it = reviews_.find(Key(c.identity, c.review));
  if (it == reviews_.end()) return std::nullopt;
  const std::vector<std::string>& seen = it->second.categories;
  if (std::find(seen.begin(), seen.end(), c.category) == seen.end()) return std::nullopt;
  return RuleProblem{rule.category, MappedProblem::kDuplicate,
                     fmt::format("review \"{}\" of \"{}\" rates {} \"{}\" again ({})",
                                 Shown(c.review), Shown(identities[c.identity].name),
                                 rule.rule->qa.category.name, Shown(c.category), rule.rule->label)};
}

void QaReviews::Add(const Candidate& c) {
  auto [it, added] = reviews_.try_emplace(Key(c.identity, c.review));
  Totals& review = it->second;
  if (added) {
    review.identity = c.identity;
    review.ts = c.ts;
  }
  if (!c.category.empty()) review.categories.emplace_back(c.category);
  if (!c.rated) return;
  review.failed = review.failed || c.failed;
  review.weighted += c.weight * RatingPercent(c);
  review.weights += c.weight;
}

void QaReviews::Score(MappedIdentities& identities, int64_t& scored, int64_t& unrated) {
  for (auto& [key, review] : reviews_) {
    if (review.weights <= 0 && !review.failed) {
      ++unrated;
      continue;
    }
    const double score = review.failed ? 0.0 : review.weighted / review.weights;
    identities[review.identity].reviews.emplace_back(review.ts, score);
    ++scored;
  }
  reviews_ = {};
  for (MappedIdentity& id : identities.all()) std::sort(id.reviews.begin(), id.reviews.end());
}

}  // namespace rungs
