// Where a person stands on their framework: the demonstrated rung computed from agreed results,
// the next rung and, per criterion of it, what is still missing ("why not yet").
//
// The rule (docs/DESIGN.md, "Check-ins and people"): rung R is demonstrated when the rung before
// it is, and every criterion listed for R (references expanded) is met. A criterion is met by
// its newest agreed result (meeting or exceeding). Criteria of rungs at or below the assigned
// rung count as met until a later agreed result says otherwise. Results recorded against an
// older framework version count through a CriterionMap (matching.h).
#ifndef RUNGS_PROGRESS_LEVELS_H_
#define RUNGS_PROGRESS_LEVELS_H_

#include <map>
#include <string>
#include <vector>

#include "framework/model.h"
#include "progress/matching.h"
#include "store/store.h"

namespace rungs {

// Why a criterion of the next rung is or is not met.
enum class CriterionStatus {
  kMet,      // newest agreed result is meeting or exceeding
  kAssumed,  // at or below the assigned rung and never agreed otherwise
  kNotYet,   // newest agreed result is not yet
  kWorkingTowards,
  kNotAssessed,  // no agreed result at all
};
const char* CriterionStatusName(CriterionStatus status);  // "met", "assumed", ...
inline bool CountsAsMet(CriterionStatus s) {
  return s == CriterionStatus::kMet || s == CriterionStatus::kAssumed;
}

struct CriterionStanding {
  const Criterion* criterion = nullptr;  // in the current framework
  std::string topic;                     // Topic::name
  std::string via_reference;             // AssessedCriterion::via_reference
  CriterionStatus status = CriterionStatus::kNotAssessed;
  int64_t checkin_id = 0;  // the check-in whose agreed result decided it; 0 when none
  int64_t agreed_at = 0;
  std::vector<const Evidence*> evidence;  // tagged to it, newest first (from `evidence` below)
};

struct Standing {
  std::string assigned_rung;      // as given; empty when none
  std::string demonstrated_rung;  // highest rung demonstrated; empty when not even the first
  std::string next_rung;          // the first rung not demonstrated; empty at the top
  // The next rung's criteria, in topic order: the "why not yet" list.
  std::vector<CriterionStanding> next_criteria;
  int next_met = 0;    // of next_criteria, how many count as met
  int next_total = 0;  // next_criteria.size()
  // Below the assigned rung, criteria whose newest agreed result says not met (the person no
  // longer demonstrates their assigned rung because of these).
  std::vector<CriterionStanding> regressions;

  // Demonstrated above the assigned rung: a promotion to discuss.
  bool ready_for_promotion(const Framework& fw) const;
};

struct StandingInput {
  const Framework* framework = nullptr;  // the current version
  int64_t framework_version_id = 0;      // its id in the store
  std::string assigned_rung;
  // The person's newest agreed results (Store::LatestAgreed), any version.
  const std::vector<AgreedResult>* agreed = nullptr;
  // Maps results of older versions onto `framework`, by version id; versions missing here are
  // ignored (their criteria are reported by MatchCriteria for review).
  const std::map<int64_t, CriterionMap>* older = nullptr;
  // Evidence of the person's check-ins in the current version, for next_criteria.
  const std::vector<Evidence>* evidence = nullptr;
};

Standing ComputeStanding(const StandingInput& input);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_LEVELS_H_
