// One agent's helpdesk events folded into weekly totals as they stream past, in time order:
// distinct conversations closed, and time spent active and away between status changes. This
// is the arithmetic of "Measured-target semantics" in docs/DESIGN.md:
//   - every row must be no earlier than the agent's latest row of any type; an earlier one is
//     out of order and changes nothing;
//   - a status interval runs from a status event to the agent's next status event (or to an
//     EndStatus: an interval with a known end and no status after it); it is split at the
//     boundaries of ISO weeks in the team's zone, and counts at most max_interval_seconds (a
//     longer active one is a missed log-off, reported; a longer away one is a night, a
//     weekend or a leave, and only capped); the last one (no later status) counts nothing;
//   - "closed" counts distinct conversations per week, so a repeated close is not a second one.
// Memory is the current week's closed conversations plus one small total per week, never the
// events themselves. Timelines built from consecutive slices of a file are joined with Append,
// which is how the reader parses a file on several threads.
#ifndef RUNGS_METRICS_TIMELINE_H_
#define RUNGS_METRICS_TIMELINE_H_

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/time_format.h"

namespace rungs {

// The longest status interval counted whole (a mapping's max_interval_hours).
inline constexpr int64_t kDefaultMaxIntervalSeconds = 12 * 3600;

enum class EventType : uint8_t { kAssigned, kReplied, kClosed, kStatusActive, kStatusAway };

// "assigned", "replied", "closed", "status_active", "status_away".
const char* EventTypeName(EventType type);
bool ParseEventType(std::string_view text, EventType& type);

struct AgentWeek {
  int64_t week_index = 0;  // WeekIndexOfDay (iso_week.h)
  int64_t closed = 0;      // distinct conversations closed
  int64_t active_seconds = 0;
  int64_t away_seconds = 0;
  int64_t closed_events = 0;  // including repeated closes of one conversation
  int64_t active_starts = 0;  // status_active events starting in the week
  int64_t away_starts = 0;
  // Filled by the mapped reader (mapped_events.h), never by AgentTimeline: shifts starting in
  // the week (their union), active time inside those shifts, and QA reviews.
  int64_t scheduled_seconds = 0;
  int64_t active_scheduled_seconds = 0;
  int64_t qa_reviews = 0;
  double qa_score_sum = 0;  // review scores 0-100; the mean is the sum / reviews
};

// What Add made of an event. kDuplicate and kOutOfOrder leave the totals as they were.
enum class EventOutcome : uint8_t {
  kCounted,
  kDuplicate,     // the same status change again at the same instant
  kOutOfOrder,    // earlier than a row of the agent already seen
  kLongInterval,  // counted; the status interval it ended was longer than the cap and
                  // counted only up to it
};

// What a kLongInterval row is told, in both readers: the active interval's start (UTC), its
// whole length and the cap it was counted up to.
std::string LongIntervalMessage(int64_t start, int64_t seconds, int64_t cap_seconds);

// Conversation ids are views: the caller keeps their bytes alive until the timeline finishes
// (the reader maps the whole file).
class AgentTimeline {
 public:
  // Weeks are counted in `zone` (UTC when null), which must outlive the timeline and is used
  // from one thread at a time.
  AgentTimeline() = default;
  AgentTimeline(const TimeZone* zone, int64_t max_interval_seconds)
      : zone_(zone), max_interval_seconds_(max_interval_seconds) {}

  // `ts`: seconds since the epoch (UTC). Assignments and replies change no total but take part
  // in the order.
  EventOutcome Add(EventType type, int64_t ts, std::string_view conversation);
  // The open status interval ends at `ts` and no status follows until the next Add (a status
  // interval file's gap between two intervals is neither active nor away). Nothing open: a
  // no-op. Not carried across Append: the parallel canonical reader never ends intervals.
  EventOutcome EndStatus(int64_t ts);

  // Joins `later`, built from the events that follow this timeline's in the same stream (with
  // the same zone and cap): the status interval open at this one's end closes at `later`'s
  // first status change, and a week both saw is counted once. kOutOfOrder (and nothing joined)
  // when `later` starts before this one's latest row, kDuplicate when it starts by repeating
  // its last status change, kLongInterval (joined) when the interval closed was capped.
  EventOutcome Append(AgentTimeline&& later);

  // Closes the current week. Call once, after the last Add or Append.
  void Finish();

  // Weeks in order, each with an event or some status time that counted. Complete after
  // Finish.
  const std::vector<AgentWeek>& weeks() const { return weeks_; }
  std::vector<AgentWeek> TakeWeeks() { return std::move(weeks_); }
  int64_t first_status_ts() const { return first_status_ts_; }
  // The status interval the last kLongInterval capped: its start and its whole length.
  int64_t long_interval_start() const { return long_interval_start_; }
  int64_t long_interval_seconds() const { return long_interval_seconds_; }

 private:
  // Open addressing over 64-bit hashes, with the ids beside them for the rare equal hash: a
  // probe reads one slot, not the id's bytes far back in the file. Closes are deferred: Defer
  // appends to a list and Settle inserts the list in one burst at the end of the agent's week,
  // when the table (last touched a week of rows ago) is zeroed front to back and so in cache; a
  // probe per close as it came missed the cache every time. Cleared, not freed, between weeks.
  class ConversationSet {
   public:
    void Defer(std::string_view id);
    // Inserts the deferred ids; the number of distinct ids since the last Clear.
    size_t Settle();
    bool Insert(std::string_view id);  // now; false when already present. Settled sets only.
    void Clear();
    template <typename Fn>
    void ForEach(Fn fn) const {  // settled sets only
      if (stale_) return;
      for (const Slot& slot : slots_) {
        if (slot.hash != 0) fn(std::string_view(slot.data, slot.size));
      }
    }

   private:
    struct Slot {
      uint64_t hash;  // 0: empty
      const char* data;
      size_t size;
    };
    bool InsertSlot(const Slot& slot);
    void Reserve(size_t count);

    std::vector<Slot> slots_;
    std::vector<Slot> deferred_;
    size_t size_ = 0;
    bool stale_ = false;  // cleared, but slots_ not yet zeroed
  };

  static constexpr int64_t kNoWeek = INT64_MIN;

  int64_t WeekIndexOf(int64_t ts) const;
  // The UTC instant week `week_index` begins (Monday 00:00 in the zone).
  int64_t WeekStart(int64_t week_index) const;
  // The week `week_index`, made the open one (a later week than the open one starts it).
  AgentWeek& OpenWeek(int64_t week_index);
  // A week already in weeks_, or null.
  AgentWeek* FindWeek(int64_t week_index);
  // Week `week_index`: found, opened when later than the open one, else inserted in order.
  AgentWeek& WeekAt(int64_t week_index);
  // Credits the status interval from the last status change to `until` to the weeks it
  // spans, up to the cap; kLongInterval when capped.
  EventOutcome CloseInterval(int64_t until);
  void NoteRow(int64_t ts);
  // Counts the open week's deferred closes into its total.
  void SettleOpenWeek();

  const TimeZone* zone_ = nullptr;
  int64_t max_interval_seconds_ = kDefaultMaxIntervalSeconds;
  std::vector<AgentWeek> weeks_;
  // The week `closed_` belongs to (the last of weeks_); kNoWeek before the first event counts.
  int64_t open_week_ = kNoWeek;
  ConversationSet closed_;
  // The first week's conversations, kept so Append can count a week split between two slices
  // once. Held only while `first_week_open_`.
  ConversationSet first_week_closed_;
  bool first_week_open_ = true;

  bool has_status_ = false;
  bool ended_ = false;  // EndStatus closed the last status: nothing is open
  EventType last_status_ = EventType::kStatusAway;
  int64_t last_status_ts_ = 0;
  int64_t first_status_ts_ = INT64_MIN;
  EventType first_status_ = EventType::kStatusAway;
  bool has_row_ = false;  // any row counted; then first_ts_ and latest_ts_ are set
  int64_t first_ts_ = 0;
  int64_t latest_ts_ = 0;
  int64_t long_interval_start_ = 0;
  int64_t long_interval_seconds_ = 0;
};

}  // namespace rungs

#endif  // RUNGS_METRICS_TIMELINE_H_
