// Folds one identity's mapped events, in time order, into its weeks (weeks on the mapping's
// weeks_zone calendar; everything counts in the ISO week it starts). Closes and status changes
// go through AgentTimeline (timeline.h); with `activity.from: inferred` the touches are split
// into sessions (sessions.h) instead. Then the identity's shifts are added as their union, with
// the active time inside them when its status is measured too, and its QA review scores. A
// status interval longer than max_interval_hours is a long-interval warning at the row that
// ended it. Part of the mapped reader (mapped_events.h).
#ifndef RUNGS_METRICS_IDENTITY_FOLD_H_
#define RUNGS_METRICS_IDENTITY_FOLD_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/mapped_events.h"
#include "metrics/mapped_identities.h"
#include "metrics/mapping.h"
#include "metrics/sessions.h"
#include "metrics/timeline.h"

namespace rungs {

// One event of an identity as the fold needs it.
struct FoldEvent {
  int64_t ts = 0;
  uint32_t line = 0;  // where the row starts, for a warning found once the events are sorted
  MappedType type = MappedType::kActivity;
  bool end = false;  // the end of a status interval of `type`
};

// Sorted by time; at one instant an interval's end comes before a start, so back-to-back
// intervals (09:00-11:00, 11:00-12:00) do not end the second at its start. Ties otherwise keep
// the order of the rows.
inline bool EarlierEvent(const FoldEvent& a, const FoldEvent& b) {
  return a.ts != b.ts ? a.ts < b.ts : (a.end && !b.end);
}

class IdentityFold {
 public:
  explicit IdentityFold(const Mapping& mapping);

  // Starts the next identity.
  void Start();
  // Its next event (no earlier than the one before); `conversation` is copied where needed.
  void Add(const FoldEvent& e, std::string_view conversation);
  // The identity's weeks, with its shifts and review scores.
  IdentityWeeks Finish(const MappedIdentity& id);

  // Long-interval warnings so far, in the order found.
  std::vector<MappedProblemRow>& warnings() { return warnings_; }
  // Events the timeline refused (expected 0: they come sorted).
  int64_t rejected() const { return rejected_; }

 private:
  // Follows the status events and collects the active stretches as AgentTimeline counts them:
  // from a status_active to the next status or interval end.
  struct StatusWalk {
    bool open = false;
    bool is_active = false;
    int64_t since = 0;
    void Step(const FoldEvent& e, int64_t local, int64_t cap, std::vector<Stretch>& active);
  };

  void Folded(EventOutcome outcome, const FoldEvent& e);
  void AddShifts(const MappedIdentity& id, const std::vector<Stretch>* active,
                 IdentityWeeks& w) const;

  const Mapping& m_;
  bool inferred_ = false;
  bool status_ = false;
  AgentTimeline timeline_;
  StatusWalk walk_;
  SessionCounter sessions_;         // touches, for inferred active time
  std::vector<Stretch> stretches_;  // status active time (local), for the part inside shifts
  // The conversations of closes the timeline still holds views of (its open week's), each
  // with the week it went to: older weeks' are dropped once the timeline has moved past them.
  std::deque<std::pair<int64_t, std::string>> closes_;
  std::vector<MappedProblemRow> warnings_;
  int64_t rejected_ = 0;
};

}  // namespace rungs

#endif  // RUNGS_METRICS_IDENTITY_FOLD_H_
