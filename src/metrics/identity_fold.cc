#include "metrics/identity_fold.h"

#include <algorithm>

#include "metrics/iso_week.h"
#include "util/ranges.h"

namespace rungs {
namespace {

bool IsStatus(MappedType t) {
  return t == MappedType::kStatusActive || t == MappedType::kStatusAway;
}

int64_t WeekOfLocal(int64_t local_seconds) { return WeekIndexOfDay(DayOfSeconds(local_seconds)); }

// The week `index` of `weeks` (ordered), added when missing.
AgentWeek& WeekAt(std::vector<AgentWeek>& weeks, int64_t index) {
  auto it = std::lower_bound(weeks.begin(), weeks.end(), index,
                             [](const AgentWeek& w, int64_t i) { return w.week_index < i; });
  if (it == weeks.end() || it->week_index != index) {
    it = weeks.insert(it, AgentWeek{});
    it->week_index = index;
  }
  return *it;
}

void MergeInferred(const std::vector<InferredWeek>& inferred, IdentityWeeks& w) {
  std::vector<AgentWeek> merged;
  merged.reserve(w.weeks.size() + inferred.size());
  size_t a = 0;
  size_t b = 0;
  while (a < w.weeks.size() || b < inferred.size()) {
    if (b == inferred.size() ||
        (a < w.weeks.size() && w.weeks[a].week_index < inferred[b].week_index)) {
      merged.push_back(w.weeks[a++]);
      continue;
    }
    if (a == w.weeks.size() || inferred[b].week_index < w.weeks[a].week_index) {
      merged.push_back({});
      merged.back().week_index = inferred[b].week_index;
    } else {
      merged.push_back(w.weeks[a++]);
    }
    merged.back().active_seconds += inferred[b].active_seconds;
    merged.back().active_starts += inferred[b].sessions;
    ++b;
  }
  w.weeks = std::move(merged);
}

}  // namespace

IdentityFold::IdentityFold(const Mapping& mapping)
    : m_(mapping),
      inferred_(mapping.activity.from == ActivitySettings::From::kInferred),
      status_(mapping.activity.from == ActivitySettings::From::kStatus),
      sessions_(
          SessionOptions{mapping.activity.idle_gap_seconds, mapping.activity.allowance_seconds}) {}

void IdentityFold::StatusWalk::Step(const FoldEvent& e, int64_t local, int64_t cap,
                                    std::vector<Stretch>& active) {
  if (open && is_active && local > since) active.emplace_back(since, std::min(local, since + cap));
  open = !e.end;
  is_active = e.type == MappedType::kStatusActive;
  since = local;
}

void IdentityFold::Start() {
  timeline_ = AgentTimeline(&m_.weeks_zone, m_.activity.max_interval_seconds);
  walk_ = StatusWalk();
  (void)sessions_.Finish();
  stretches_.clear();
  closes_.clear();
}

void IdentityFold::Add(const FoldEvent& e, std::string_view conversation) {
  const int64_t local = e.ts + m_.weeks_zone.OffsetAt(e.ts);
  if (status_ && IsStatus(e.type)) {
    walk_.Step(e, local, m_.activity.max_interval_seconds, stretches_);
  }
  if (e.end) {
    if (status_) Folded(timeline_.EndStatus(e.ts), e);
    return;
  }
  if (inferred_ && std::find(m_.activity.inferred_from.begin(), m_.activity.inferred_from.end(),
                             e.type) != m_.activity.inferred_from.end()) {
    sessions_.Touch(local);
  }
  const bool counts = e.type == MappedType::kClosed || (status_ && IsStatus(e.type));
  if (!counts) return;
  const EventType type = e.type == MappedType::kClosed         ? EventType::kClosed
                         : e.type == MappedType::kStatusActive ? EventType::kStatusActive
                                                               : EventType::kStatusAway;
  // The same status again at the same instant (an interval's end next to an explicit status
  // row) changes nothing; going back in time cannot happen after the sort.
  if (type != EventType::kClosed) {
    Folded(timeline_.Add(type, e.ts, conversation), e);
    return;
  }
  // The timeline keeps a view of a close's conversation until its week is counted, and the
  // caller's bytes do not last that long: a deque keeps each string where it is.
  closes_.emplace_back(0, std::string(conversation));
  Folded(timeline_.Add(type, e.ts, closes_.back().second), e);
  const std::vector<AgentWeek>& weeks = timeline_.weeks();
  if (weeks.empty()) return;  // refused: nothing holds a view
  const int64_t open = weeks.back().week_index;
  closes_.back().first = open;
  while (closes_.front().first < open) closes_.pop_front();
}

IdentityWeeks IdentityFold::Finish(const MappedIdentity& id) {
  timeline_.Finish();
  IdentityWeeks w;
  w.name = id.name;
  w.space = id.space;
  w.events = id.made;
  w.closes_measured = Feeds(id.feeds, MappedType::kClosed);
  bool active = false;
  const bool active_by_status =
      Feeds(id.feeds, MappedType::kStatusActive) || Feeds(id.feeds, MappedType::kStatusAway);
  if (status_) {
    active = active_by_status;
  } else if (inferred_) {
    for (MappedType t : m_.activity.inferred_from) active = active || Feeds(id.feeds, t);
  }
  w.active_measured = active;
  w.active_inferred = inferred_ && active;
  w.weeks = timeline_.TakeWeeks();
  const std::vector<InferredWeek> inferred = sessions_.Finish();
  if (inferred_ && !inferred.empty()) MergeInferred(inferred, w);
  w.schedule_measured = Feeds(id.feeds, MappedType::kScheduled);
  w.overlap_measured = w.schedule_measured && status_ && active_by_status;
  w.qa_measured = Feeds(id.feeds, MappedType::kQaRating);
  AddShifts(id, w.overlap_measured ? &stretches_ : nullptr, w);
  for (const auto& [ts, score] : id.reviews) {
    AgentWeek& week = WeekAt(w.weeks, WeekOfLocal(ts + m_.weeks_zone.OffsetAt(ts)));
    ++week.qa_reviews;
    week.qa_score_sum += score;
  }
  return w;
}

// What the timeline made of a sorted event: refusals cannot happen after the sort (counted to
// show if they do); a capped interval is a warning at the row that ended it.
void IdentityFold::Folded(EventOutcome outcome, const FoldEvent& e) {
  if (outcome == EventOutcome::kOutOfOrder) ++rejected_;
  if (outcome != EventOutcome::kLongInterval) return;
  MappedProblemRow p;
  p.line = e.line;
  p.problem = MappedProblem::kLongInterval;
  p.severity = Severity::kWarning;
  p.message =
      LongIntervalMessage(timeline_.long_interval_start(), timeline_.long_interval_seconds(),
                          m_.activity.max_interval_seconds);
  warnings_.push_back(std::move(p));
}

// The union of the identity's shifts into its weeks, each merged stretch in the week it
// starts; with `active`, the active time inside each stretch into the same week.
void IdentityFold::AddShifts(const MappedIdentity& id, const std::vector<Stretch>* active,
                             IdentityWeeks& w) const {
  if (id.shifts.empty()) return;
  std::vector<Stretch> local;
  local.reserve(id.shifts.size());
  for (const auto& [from, to] : id.shifts) {
    local.emplace_back(from + m_.weeks_zone.OffsetAt(from), to + m_.weeks_zone.OffsetAt(to));
  }
  const std::vector<Stretch> shifts = UnionOfRanges(std::move(local));
  for (const auto& [from, to] : shifts) {
    WeekAt(w.weeks, WeekOfLocal(from)).scheduled_seconds += to - from;
  }
  if (active == nullptr) return;
  size_t first = 0;
  for (const auto& [from, to] : *active) {
    while (first < shifts.size() && shifts[first].second <= from) ++first;
    for (size_t k = first; k < shifts.size() && shifts[k].first < to; ++k) {
      const int64_t inside = std::min(to, shifts[k].second) - std::max(from, shifts[k].first);
      if (inside > 0) {
        WeekAt(w.weeks, WeekOfLocal(shifts[k].first)).active_scheduled_seconds += inside;
      }
    }
  }
}

}  // namespace rungs
