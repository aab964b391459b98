// A person's measured criteria judged on their helpdesk data: per criterion met, not met or no
// data, with the weeks and numbers that decided it (metrics/evaluate.h does the judging).
//
// What goes in, settled here:
// - Weeks: Store::WeeksOf, summed per week over every identity linked to the person. Linking
//   identities to one person is the identity map, so closes of one identity and active time of
//   another are joined (rate_unjoined stays false); a week's active time is inferred when any
//   row of it is. Active time inside the schedule is summed per week, not per row: rows that
//   measured it (one export had the identity's status intervals and shifts) give theirs; the
//   others' active and scheduled time are totalled and count min(total active, total
//   scheduled), since a person's status and shifts usually come from different files and so
//   different rows (per row, a schedule row with no active time would make the week 0%).
// - Since: the ISO week of the person's start date; weeks before it are shown, not counted.
// - Advanced tasks ("at least three advanced tasks"): evidence has no tags of its own, so an
//   advanced task is an evidence item tagged to the criterion whose text starts with
//   "Advanced task:" (any case), in a frozen check-in of the current framework version (the
//   manager agreed with it in front of them). Such a criterion is met when the rates (if any)
//   are met and there are enough of them; too few is "not met" whatever the rates show.
// - Someone with no linked helpdesk identity gets one state (kNoIdentity) and no verdicts.
#ifndef RUNGS_PROGRESS_MEASURED_H_
#define RUNGS_PROGRESS_MEASURED_H_

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "framework/model.h"
#include "metrics/evaluate.h"
#include "metrics/targets.h"
#include "store/store.h"

namespace rungs {

// One measured criterion of one person.
struct MeasuredCriterion {
  const Criterion* criterion = nullptr;  // in the current framework
  std::string topic;                     // Topic::name
  std::string rung;                      // the rung it is listed at (Rung::id)
  MeasuredRule rule;
  std::string rule_text;   // DescribeRule
  Evaluation evaluation;   // the rates' judgement (verdict kNoData and no weeks without rates)
  int advanced_tasks = 0;  // agreed "Advanced task:" evidence (when rule.advanced_tasks > 0)
  Verdict verdict = Verdict::kNoData;  // the criterion's, rates and advanced tasks together
  std::string explanation;             // one sentence: the evaluation's plus advanced tasks
  // Over the deciding weeks, for the evidence text; nullopt when the rule has no such target.
  std::optional<double> activity_pct;
};

struct MeasuredResults {
  enum class State {
    kNotMeasured,  // no framework, or none of the listed criteria has a measured rule
    kNoIdentity,   // measured criteria, but no helpdesk identity is linked to the person
    kEvaluated,
  };
  State state = State::kNotMeasured;
  TargetSettings settings;
  std::vector<WeekData> weeks;  // the person's weeks, oldest first
  int64_t since_week = INT64_MIN;
  // kEvaluated: every listed measured criterion; kNoIdentity: the same criteria, unjudged.
  std::vector<MeasuredCriterion> criteria;

  const MeasuredCriterion* Find(const std::string& criterion_key) const;
};

// One listing of a criterion the results should cover.
struct MeasuredListing {
  const Criterion* criterion = nullptr;
  std::string topic;
  std::string rung;
};

// Store rows summed per week, oldest first.
std::vector<WeekData> SumWeeks(const std::vector<IdentityWeek>& rows);

// The week index of a YYYY-MM-DD date; nullopt when it is empty or malformed.
std::optional<int64_t> WeekOfDate(std::string_view date);

bool IsAdvancedTask(const Evidence& evidence);
// Advanced tasks agreed for `criterion_key`: see the top of this file.
int CountAdvancedTasks(const std::vector<CheckIn>& checkins, int64_t version_id,
                       const std::string& criterion_key);

struct MeasuredInput {
  const FrameworkTargets* targets = nullptr;
  std::vector<MeasuredListing> listings;  // criteria without a rule are skipped
  bool identity_linked = false;
  std::vector<WeekData> weeks;
  int64_t since_week = INT64_MIN;
  const std::vector<CheckIn>* checkins = nullptr;  // for advanced tasks; may be null
  int64_t version_id = 0;
};

MeasuredResults EvaluateMeasured(const MeasuredInput& input);

// Reads the person's identities and weeks from the store, then EvaluateMeasured.
Result<MeasuredResults> MeasurePerson(Store& store, const User& person,
                                      const FrameworkTargets& targets,
                                      std::vector<MeasuredListing> listings,
                                      const std::vector<CheckIn>& checkins, int64_t version_id);

// "Helpdesk data: met — 2 weeks in a row at every target: 2026-W07, 2026-W08 (12.4
// conversations/h, 97.0% activity, 96.5% QA)": what a check-in's evidence says for a met one.
std::string MeasuredEvidenceText(const MeasuredCriterion& measured);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_MEASURED_H_
