#include "progress/history.h"

#include <algorithm>

namespace rungs {

std::vector<RungStep> RungHistory(const StandingPlan& plan, const std::string& assigned_rung,
                                  const std::vector<CheckIn>& checkins) {
  std::vector<const CheckIn*> frozen;
  for (const CheckIn& c : checkins) {
    if (c.state == CheckInState::kFrozen) frozen.push_back(&c);
  }
  std::sort(frozen.begin(), frozen.end(), [](const CheckIn* a, const CheckIn* b) {
    return a->frozen_at != b->frozen_at ? a->frozen_at < b->frozen_at : a->id < b->id;
  });
  std::vector<RungStep> steps;
  std::vector<AgreedResult> known;
  for (const CheckIn* c : frozen) {
    for (const CriterionResult& r : c->results) {
      if (r.agreed == Assessment::kNone) continue;
      known.push_back({c->user_id, c->framework_version_id, r.criterion_key, r.text_hash, r.agreed,
                       c->id, c->frozen_at});
    }
    PersonResults person;
    person.assigned_rung = assigned_rung;
    person.agreed = &known;
    const Standing standing = ComputeStanding(plan, person);
    steps.push_back(
        {c->id, c->frozen_at, standing.demonstrated_rung, standing.next_met, standing.next_total});
  }
  return steps;
}

}  // namespace rungs
