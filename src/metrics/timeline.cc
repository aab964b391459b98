#include "metrics/timeline.h"

#include <algorithm>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "util/hash.h"

namespace rungs {

namespace {

constexpr const char* kEventTypeNames[] = {"assigned", "replied", "closed", "status_active",
                                           "status_away"};

}  // namespace

std::string LongIntervalMessage(int64_t start, int64_t seconds, int64_t cap_seconds) {
  return fmt::format(
      "the agent was active for {:.1f} hours before this row (from {}), longer than the cap of "
      "{:g} hours (a missed log-off?); counted as {:g} hours",
      static_cast<double>(seconds) / 3600.0, FormatUtc(start),
      static_cast<double>(cap_seconds) / 3600.0, static_cast<double>(cap_seconds) / 3600.0);
}

const char* EventTypeName(EventType type) { return kEventTypeNames[static_cast<int>(type)]; }

bool ParseEventType(std::string_view text, EventType& type) {
  for (int i = 0; i < 5; ++i) {
    if (text == kEventTypeNames[i]) {
      type = static_cast<EventType>(i);
      return true;
    }
  }
  return false;
}

namespace {

uint64_t SlotHash(std::string_view id) {
  const uint64_t hash = FastHash64(id);
  return hash == 0 ? 1 : hash;  // 0 marks an empty slot
}

}  // namespace

void AgentTimeline::ConversationSet::Defer(std::string_view id) {
  // Bounded, so memory stays a small list per agent: a burst of this many independent probes
  // still overlaps their misses.
  constexpr size_t kMaxDeferred = 32;
  if (deferred_.size() == kMaxDeferred) Settle();
  deferred_.push_back(Slot{SlotHash(id), id.data(), id.size()});
}

size_t AgentTimeline::ConversationSet::Settle() {
  if (!deferred_.empty()) {
    Reserve(size_ + deferred_.size());
    for (const Slot& slot : deferred_) InsertSlot(slot);
    deferred_.clear();
  }
  return size_;
}

bool AgentTimeline::ConversationSet::Insert(std::string_view id) {
  Reserve(size_ + 1);
  return InsertSlot(Slot{SlotHash(id), id.data(), id.size()});
}

void AgentTimeline::ConversationSet::Reserve(size_t count) {
  if (count * 2 > slots_.size()) {
    size_t capacity = std::max<size_t>(16, slots_.size());
    while (count * 2 > capacity) capacity *= 2;
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{0, nullptr, 0});
    size_ = 0;
    if (!stale_) {
      for (const Slot& slot : old) {
        if (slot.hash != 0) InsertSlot(slot);
      }
    }
  } else if (stale_) {
    for (Slot& slot : slots_) slot.hash = 0;
  }
  stale_ = false;
}

bool AgentTimeline::ConversationSet::InsertSlot(const Slot& slot) {
  const size_t mask = slots_.size() - 1;
  for (size_t i = slot.hash & mask;; i = (i + 1) & mask) {
    Slot& at = slots_[i];
    if (at.hash == slot.hash &&
        std::string_view(at.data, at.size) == std::string_view(slot.data, slot.size)) {
      return false;
    }
    if (at.hash == 0) {
      at = slot;
      ++size_;
      return true;
    }
  }
}

void AgentTimeline::ConversationSet::Clear() {
  deferred_.clear();
  if (size_ == 0) return;
  size_ = 0;
  stale_ = true;
}

AgentWeek* AgentTimeline::FindWeek(int64_t week_index) {
  for (auto it = weeks_.rbegin(); it != weeks_.rend(); ++it) {
    if (it->week_index == week_index) return &*it;
    if (it->week_index < week_index) break;
  }
  return nullptr;
}

int64_t AgentTimeline::WeekIndexOf(int64_t ts) const {
  return WeekIndexOfDay(DayOfSeconds(zone_ == nullptr ? ts : ts + zone_->OffsetAt(ts)));
}

int64_t AgentTimeline::WeekStart(int64_t week_index) const {
  const int64_t local = FirstDayOfWeekIndex(week_index) * 86400;
  return zone_ == nullptr ? local : zone_->LocalToUtc(local);
}

void AgentTimeline::SettleOpenWeek() {
  if (open_week_ != kNoWeek) weeks_.back().closed = static_cast<int64_t>(closed_.Settle());
}

AgentWeek& AgentTimeline::OpenWeek(int64_t week_index) {
  if (week_index != open_week_) {
    if (open_week_ != kNoWeek) {
      SettleOpenWeek();
      if (first_week_open_) {
        std::swap(first_week_closed_, closed_);
        first_week_open_ = false;
      }
      closed_.Clear();
    }
    weeks_.push_back({});
    weeks_.back().week_index = week_index;
    open_week_ = week_index;
  }
  return weeks_.back();
}

AgentWeek& AgentTimeline::WeekAt(int64_t week_index) {
  if (AgentWeek* w = FindWeek(week_index)) return *w;
  if (open_week_ == kNoWeek || week_index > weeks_.back().week_index) return OpenWeek(week_index);
  auto at =
      std::lower_bound(weeks_.begin(), weeks_.end(), week_index,
                       [](const AgentWeek& w, int64_t index) { return w.week_index < index; });
  at = weeks_.insert(at, AgentWeek{});
  at->week_index = week_index;
  return *at;
}

void AgentTimeline::NoteRow(int64_t ts) {
  if (!has_row_) first_ts_ = ts;
  has_row_ = true;
  latest_ts_ = ts;
}

EventOutcome AgentTimeline::Add(EventType type, int64_t ts, std::string_view conversation) {
  if (has_row_ && ts < latest_ts_) return EventOutcome::kOutOfOrder;
  EventOutcome outcome = EventOutcome::kCounted;
  if (type == EventType::kClosed) {
    // A clock change can move a later instant's local day back an hour: never to an earlier
    // week than the open one.
    AgentWeek& w = OpenWeek(std::max(WeekIndexOf(ts), open_week_));
    ++w.closed_events;
    closed_.Defer(conversation);
  } else if (type == EventType::kStatusActive || type == EventType::kStatusAway) {
    if (has_status_ && !ended_) {
      if (ts == last_status_ts_ && type == last_status_) return EventOutcome::kDuplicate;
      outcome = CloseInterval(ts);
    }
    ended_ = false;
    AgentWeek& w = OpenWeek(std::max(WeekIndexOf(ts), open_week_));
    if (type == EventType::kStatusActive) {
      ++w.active_starts;
    } else {
      ++w.away_starts;
    }
    if (!has_status_) {
      first_status_ = type;
      first_status_ts_ = ts;
    }
    has_status_ = true;
    last_status_ = type;
    last_status_ts_ = ts;
  }
  NoteRow(ts);
  return outcome;
}

EventOutcome AgentTimeline::EndStatus(int64_t ts) {
  if (!has_status_ || ended_) return EventOutcome::kCounted;
  if (ts < latest_ts_) return EventOutcome::kOutOfOrder;
  const EventOutcome outcome = CloseInterval(ts);
  ended_ = true;
  NoteRow(ts);
  return outcome;
}

EventOutcome AgentTimeline::CloseInterval(int64_t until) {
  int64_t from = last_status_ts_;
  int64_t to = until;
  EventOutcome outcome = EventOutcome::kCounted;
  if (to - from > max_interval_seconds_) {
    // A long active interval is a missed log-off, worth a warning; a long away one is a night,
    // a weekend or a leave (whole, a leave's away time filled the weeks of the leave).
    if (last_status_ == EventType::kStatusActive) {
      long_interval_start_ = from;
      long_interval_seconds_ = to - from;
      outcome = EventOutcome::kLongInterval;
    }
    to = from + max_interval_seconds_;
  }
  for (int64_t week = WeekIndexOf(from); from < to; ++week) {
    const int64_t stop = std::min(to, WeekStart(week + 1));
    if (stop <= from) continue;  // a clock change at the week's start
    AgentWeek& w = WeekAt(week);
    if (last_status_ == EventType::kStatusActive) {
      w.active_seconds += stop - from;
    } else {
      w.away_seconds += stop - from;
    }
    from = stop;
  }
  return outcome;
}

EventOutcome AgentTimeline::Append(AgentTimeline&& later) {
  if (!later.has_row_) return EventOutcome::kCounted;
  if (has_row_ && later.first_ts_ < latest_ts_) return EventOutcome::kOutOfOrder;
  if (has_status_ && later.has_status_ && later.first_status_ts_ == last_status_ts_ &&
      later.first_status_ == last_status_ && !ended_) {
    return EventOutcome::kDuplicate;
  }
  SettleOpenWeek();
  later.SettleOpenWeek();
  // The interval open at this one's end, closed once the weeks are joined.
  const bool close_open_interval = has_status_ && later.has_status_ && !ended_;
  const EventType open_status = last_status_;
  const int64_t open_since = last_status_ts_;
  const int64_t open_until = later.first_status_ts_;
  if (!has_status_ && later.has_status_) {
    first_status_ = later.first_status_;
    first_status_ts_ = later.first_status_ts_;
  }
  if (later.has_status_) {
    has_status_ = true;
    last_status_ = later.last_status_;
    last_status_ts_ = later.last_status_ts_;
    ended_ = later.ended_;
  }
  if (!has_row_) first_ts_ = later.first_ts_;
  has_row_ = true;
  latest_ts_ = later.latest_ts_;

  auto next = later.weeks_.begin();
  if (next != later.weeks_.end() && !weeks_.empty() &&
      next->week_index == weeks_.back().week_index) {
    // The week both slices saw: totals add up, conversations are counted once.
    AgentWeek& w = weeks_.back();
    w.closed_events += next->closed_events;
    w.active_seconds += next->active_seconds;
    w.away_seconds += next->away_seconds;
    w.active_starts += next->active_starts;
    w.away_starts += next->away_starts;
    w.scheduled_seconds += next->scheduled_seconds;
    w.active_scheduled_seconds += next->active_scheduled_seconds;
    w.qa_reviews += next->qa_reviews;
    w.qa_score_sum += next->qa_score_sum;
    const ConversationSet& theirs =
        later.first_week_open_ ? later.closed_ : later.first_week_closed_;
    theirs.ForEach([&](std::string_view id) {
      if (closed_.Insert(id)) ++w.closed;
    });
    ++next;
  }
  if (next != later.weeks_.end()) {
    if (open_week_ == kNoWeek) {
      first_week_open_ = later.first_week_open_;
      first_week_closed_ = std::move(later.first_week_closed_);
    } else if (first_week_open_) {
      first_week_closed_ = std::move(closed_);
      first_week_open_ = false;
    }
    weeks_.insert(weeks_.end(), next, later.weeks_.end());
    closed_ = std::move(later.closed_);
    open_week_ = later.open_week_;
  }
  later = AgentTimeline(zone_, max_interval_seconds_);

  if (!close_open_interval) return EventOutcome::kCounted;
  const EventType joined_status = last_status_;
  const int64_t joined_since = last_status_ts_;
  last_status_ = open_status;
  last_status_ts_ = open_since;
  const EventOutcome outcome = CloseInterval(open_until);
  last_status_ = joined_status;
  last_status_ts_ = joined_since;
  return outcome;
}

void AgentTimeline::Finish() {
  SettleOpenWeek();
  closed_ = ConversationSet();
  first_week_closed_ = ConversationSet();
}

}  // namespace rungs
