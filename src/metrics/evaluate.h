// Judging a measured rule (targets.h) on a person's weekly helpdesk numbers: met, not met, or
// no data, with the weeks and numbers that decided it. The semantics are docs/DESIGN.md's
// "Measured-target semantics":
//   - conversations per hour = distinct conversations closed / active hours; over several weeks
//     the sums are divided, never the weekly ratios averaged;
//   - activity % = active time inside scheduled time / scheduled time, or with no schedule
//     active / (active + away); "no data" when active time is inferred from event times;
//   - QA % = the mean of the week's review scores;
//   - a week below the minimum data (active hours for rates, reviews for QA) is "no data" for
//     what it lacks, never a fail, and a week is judged only when every number the rule needs
//     has data ("evaluable");
//   - "at least N weeks" = N consecutive evaluable weeks each meeting every target (weeks
//     without data neither break nor extend a run); "consistently" = at least K of the last W
//     evaluable weeks meet every target.
#ifndef RUNGS_METRICS_EVALUATE_H_
#define RUNGS_METRICS_EVALUATE_H_

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metrics/targets.h"

namespace rungs {

// One ISO week of one person's helpdesk data, summed over their identities.
struct WeekData {
  int64_t week = 0;  // week index (iso_week.h)
  int64_t closed = 0;
  int64_t active_seconds = 0;
  int64_t away_seconds = 0;
  int64_t scheduled_seconds = 0;         // 0: no schedule for the week
  int64_t active_scheduled_seconds = 0;  // active time inside the schedule
  bool active_inferred = false;          // sessions inferred from event times
  // Closes and active time come from identity spaces that no identity map joins (the
  // ServiceNow log's resolvers and updaters): a rate from them would pair strangers.
  bool rate_unjoined = false;
  int64_t qa_reviews = 0;
  double qa_score_sum = 0;
};

// What one week shows under a rule.
struct WeekJudgement {
  int64_t week = 0;
  std::optional<double> conversations_per_hour;  // nullopt: not needed, or no data
  std::optional<double> activity_pct;
  std::optional<double> qa_pct;
  double active_hours = 0;  // what the rate is per: active time inside shifts where known
  bool evaluable = false;
  bool meets = false;
  std::vector<std::string> no_data;  // why not evaluable: "3.5 active hours (minimum 5)"
  std::vector<std::string> misses;   // why it does not meet: "9.20 conversations/h, target 10"
};

enum class Verdict { kMet, kNotMet, kNoData };
const char* VerdictName(Verdict verdict);  // "met", "not met", "no data"

struct Evaluation {
  Verdict verdict = Verdict::kNoData;
  std::vector<WeekJudgement> weeks;  // every week given, oldest first
  std::vector<int64_t> deciding;     // the run or the window that decided, oldest first
  // Over the deciding weeks (sums divided, not ratios averaged); nullopt when not needed.
  std::optional<double> conversations_per_hour;
  std::optional<double> qa_pct;
  std::string explanation;  // one sentence a manager can read
};

// `weeks` oldest first, one entry per week (absent weeks simply have no entry). Weeks before
// `since_week` (the person's start on the framework) are shown but not counted.
Evaluation EvaluateRule(const MeasuredRule& rule, const TargetSettings& settings,
                        const std::vector<WeekData>& weeks, int64_t since_week = INT64_MIN);

}  // namespace rungs

#endif  // RUNGS_METRICS_EVALUATE_H_
