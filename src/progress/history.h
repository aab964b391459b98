// A person's rungs over time: their frozen check-ins replayed oldest first, with the rung they
// demonstrated after each one. Each step uses only the agreed results known at that moment, so
// the timeline shows the day a rung was first reached (and a regression, if a later check-in
// agreed a criterion as not met). The assigned rung is today's: rungs does not keep a history
// of assignments yet.
#ifndef RUNGS_PROGRESS_HISTORY_H_
#define RUNGS_PROGRESS_HISTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "progress/levels.h"
#include "store/store.h"

namespace rungs {

struct RungStep {
  int64_t checkin_id = 0;
  int64_t at = 0;                 // when the check-in was agreed
  std::string demonstrated_rung;  // after it; empty when not even the first rung
  int met = 0;                    // of the next rung's criteria, after it
  int total = 0;
};

// `checkins` in any order; open ones are skipped. The plan must map every version the
// check-ins used (StandingPlan's `older`), or their results are not counted.
std::vector<RungStep> RungHistory(const StandingPlan& plan, const std::string& assigned_rung,
                                  const std::vector<CheckIn>& checkins);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_HISTORY_H_
