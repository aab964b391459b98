#include "progress/history.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

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
  // The newest agreed result per criterion so far: a later check-in overwrites an earlier one
  // in place, so each step plans over one result per criterion, not every result before it.
  std::vector<AgreedResult> known;
  std::map<std::pair<int64_t, std::string_view>, size_t> position;
  for (const CheckIn* c : frozen) {
    for (const CriterionResult& r : c->results) {
      if (r.agreed == Assessment::kNone) continue;
      AgreedResult latest{
          c->user_id,  c->framework_version_id, r.criterion_key, r.text_hash, r.agreed, c->id,
          c->frozen_at};
      auto [at, added] =
          position.try_emplace({c->framework_version_id, r.criterion_key}, known.size());
      if (added) {
        known.push_back(std::move(latest));
      } else {
        known[at->second] = std::move(latest);
      }
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
