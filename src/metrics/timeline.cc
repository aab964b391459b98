#include "metrics/timeline.h"

#include <algorithm>

#include "metrics/iso_week.h"
#include "util/hash.h"

namespace rungs {

namespace {

constexpr const char* kEventTypeNames[] = {"assigned", "replied", "closed", "status_active",
                                           "status_away"};

// Days before the epoch round down, so an instant's day is always the one it falls in.
int64_t DayOf(int64_t local_seconds) {
  return local_seconds >= 0 ? local_seconds / 86400 : (local_seconds - 86399) / 86400;
}

}  // namespace

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
  return WeekIndexOfDay(DayOf(ts + utc_offset_seconds_));
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

EventOutcome AgentTimeline::Add(EventType type, int64_t ts, std::string_view conversation) {
  if (type == EventType::kAssigned || type == EventType::kReplied) return EventOutcome::kCounted;
  const int64_t week = WeekIndexOf(ts);
  if (type == EventType::kClosed) {
    if (week < open_week_ && open_week_ != kNoWeek) return EventOutcome::kOutOfOrder;
    AgentWeek& w = OpenWeek(week);
    ++w.closed_events;
    closed_.Defer(conversation);
    return EventOutcome::kCounted;
  }
  if (has_status_) {
    if (ts < last_status_ts_) return EventOutcome::kOutOfOrder;
    if (ts == last_status_ts_ && type == last_status_ && !ended_) return EventOutcome::kDuplicate;
  }
  if (week < open_week_ && open_week_ != kNoWeek && FindWeek(week) == nullptr) {
    return EventOutcome::kOutOfOrder;
  }
  if (has_status_ && !ended_) CloseInterval(ts);
  ended_ = false;
  AgentWeek* w = week < open_week_ && open_week_ != kNoWeek ? FindWeek(week) : &OpenWeek(week);
  if (type == EventType::kStatusActive) {
    ++w->active_starts;
  } else {
    ++w->away_starts;
  }
  if (!has_status_) {
    first_status_ = type;
    first_status_ts_ = ts;
  }
  has_status_ = true;
  last_status_ = type;
  last_status_ts_ = ts;
  return EventOutcome::kCounted;
}

EventOutcome AgentTimeline::EndStatus(int64_t ts) {
  if (!has_status_ || ended_) return EventOutcome::kCounted;
  if (ts < last_status_ts_) return EventOutcome::kOutOfOrder;
  CloseInterval(ts);
  ended_ = true;
  last_status_ts_ = ts;
  return EventOutcome::kCounted;
}

void AgentTimeline::CloseInterval(int64_t until) {
  AgentWeek* start = FindWeek(WeekIndexOf(last_status_ts_));
  if (start == nullptr) return;  // cannot happen: the status change opened its week
  const int64_t seconds = until - last_status_ts_;
  if (last_status_ == EventType::kStatusActive) {
    start->active_seconds += seconds;
  } else {
    start->away_seconds += seconds;
  }
}

EventOutcome AgentTimeline::Append(AgentTimeline&& later) {
  if (later.weeks_.empty()) return EventOutcome::kCounted;
  SettleOpenWeek();
  later.SettleOpenWeek();
  if (weeks_.empty()) {
    const int64_t offset = utc_offset_seconds_;
    *this = std::move(later);
    utc_offset_seconds_ = offset;
    later = AgentTimeline();
    return EventOutcome::kCounted;
  }
  if (has_status_ && later.has_status_ && later.first_status_ts_ < last_status_ts_) {
    return EventOutcome::kOutOfOrder;
  }
  if (has_status_ && later.has_status_ && later.first_status_ts_ == last_status_ts_ &&
      later.first_status_ == last_status_ && !ended_) {
    return EventOutcome::kDuplicate;
  }
  if (!weeks_.empty() && later.weeks_.front().week_index < weeks_.back().week_index) {
    return EventOutcome::kOutOfOrder;
  }
  if (has_status_ && later.has_status_ && !ended_) CloseInterval(later.first_status_ts_);
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

  auto next = later.weeks_.begin();
  const bool shared_week = !weeks_.empty() && next->week_index == weeks_.back().week_index;
  if (shared_week) {
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
    if (first_week_open_) {
      first_week_closed_ = std::move(closed_);
      first_week_open_ = false;
    }
    weeks_.insert(weeks_.end(), next, later.weeks_.end());
    closed_ = std::move(later.closed_);
    open_week_ = later.open_week_;
  }
  later = AgentTimeline();
  return EventOutcome::kCounted;
}

void AgentTimeline::Finish() {
  SettleOpenWeek();
  closed_ = ConversationSet();
  first_week_closed_ = ConversationSet();
}

}  // namespace rungs
