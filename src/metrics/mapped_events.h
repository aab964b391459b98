// Reading a real helpdesk export through a mapping (mapping.h) into weekly totals per identity.
// The export is read in blocks as RFC 4180 CSV (quoted fields may hold the delimiter, doubled
// quotes and line breaks), never whole. Events are sorted per identity in runs of a bounded
// size, spilled to temporary files (ReadMappedOptions::spill_dir) and merged back, so the
// memory for events is flat in the export's length; what grows is per identity, per identity
// and week, and per status interval, shift and QA review. Every row ends up in exactly one count:
// used (gave an event), excluded (its events were all for excluded accounts), without an event
// (no rule applied, or the values a rule needs are missing), or with a problem (skipped and
// reported with its line and a stable code). A file with no usable row is an error.
//
// Events are folded per identity (a name in its identity space, or a person of the identity
// map) into AgentTimeline in time order; active time comes from status events or is inferred
// from touches by sessions (sessions.h), and is then labelled inferred.
//
// Intervals and reviews, per identity (weeks on the mapping's weeks_zone calendar, like status
// intervals in timeline.h: everything counts in the ISO week it STARTS):
//   - a status rule with `until` is an interval; after its end the identity has no status (the
//     gap before its next interval is neither active nor away). Two intervals of one identity
//     that overlap are contradictory: the later row is an `overlapping-interval` problem.
//   - shifts (`scheduled` rules) may overlap: their union counts once, each merged stretch in
//     the week it starts.
//   - active time inside shifts is measured when the same reading has the identity's status
//     and shifts (overlap_measured): each piece of active time inside a merged shift counts in
//     the shift's week, so it never exceeds the week's scheduled time.
//   - a QA review (its rows share the review column's value and the identity) scores the
//     weighted mean of its rated categories' (rating - min) / (max - min) x 100; a critical
//     category that fails makes it 0; a review with nothing rated is no review. It counts in
//     the week of its first row's time (the reviewed conversation's).
#ifndef RUNGS_METRICS_MAPPED_EVENTS_H_
#define RUNGS_METRICS_MAPPED_EVENTS_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/mapping.h"
#include "metrics/timeline.h"
#include "util/diagnostic.h"
#include "util/status.h"

namespace rungs {

enum class MappedProblem : uint8_t {
  kFieldCount,        // not as many fields as the header (another delimiter?)
  kUnclosedQuote,     // a quoted field runs to the end of the file
  kTooLong,           // a row longer than 1 MiB
  kNotUtf8,           // bytes that are not UTF-8 (another encoding)
  kBadTimestamp,      // not in the mapping's time format, or no such date
  kNegativeDuration,  // an interval that ends before it starts
  kUnknownIdentity,   // a name the identity map does not list
  kDuplicate,         // the same event (type, identity, conversation, time) again
  kBadValue,          // a QA rating, scale, weight or critical flag that is not one
  kOverlapping,       // a status interval overlapping another of the same identity
  kLongInterval,      // a warning: a status interval longer than max_interval_hours, counted
                      // up to it (the row that ends it)
  kCount
};
// "field-count", "unclosed-quote", "too-long", "not-utf8", "bad-timestamp",
// "negative-duration", "unknown-identity", "duplicate-event", "bad-value",
// "overlapping-interval", "long-interval".
const char* MappedProblemCode(MappedProblem problem);

struct MappedProblemRow {
  int64_t line = 0;  // 1-based, where the row starts
  int column = 1;    // of the field at fault, in code points
  MappedProblem problem = MappedProblem::kFieldCount;
  std::string message;
  Severity severity = Severity::kError;  // kWarning: the row still counted
};

// One event as the dry run shows it: the row it came from and what was made of it.
struct SampleEvent {
  int64_t line = 0;
  std::string raw;  // the row as written (cut at 300 bytes)
  std::string rule;
  MappedType type = MappedType::kActivity;
  std::string space;
  std::string identity;
  std::string conversation;
  std::string time_text;
  int64_t utc = 0;
  std::string detail;  // "until ...", "review R1, Tone: 3 on 1 to 4 = 66.7%", or empty
};

struct RuleCounts {
  std::string label;     // "events[0] (closed)"
  std::string summary;   // "resolved_by at resolved_at"
  int64_t matched = 0;   // rows meeting the rule's conditions
  int64_t events = 0;    // events made
  int64_t missing = 0;   // rows without a value the rule needs
  int64_t repeats = 0;   // rows repeating the distinct values of an earlier one
  int64_t excluded = 0;  // rows whose identity is excluded
};

struct IdentityWeeks {
  std::string name;   // the name in its space, or the person key
  std::string space;  // the identity space; "person" for identity-map keys
  int64_t events = 0;
  bool closes_measured = false;  // a close rule feeds this identity's space
  bool active_measured = false;  // active time is measured or inferred for it
  bool active_inferred = false;
  bool schedule_measured = false;  // a scheduled rule feeds this identity's space
  // Its status intervals and its shifts are both in this reading: active_scheduled_seconds
  // holds the active time inside its shifts.
  bool overlap_measured = false;
  bool qa_measured = false;      // a qa_rating rule feeds this identity's space
  std::vector<AgentWeek> weeks;  // active_starts holds sessions when inferred
};

struct SpaceSummary {
  std::string name;
  int64_t identities = 0;
  int64_t events = 0;
  std::vector<std::string> feeds;  // event types its rules make
};

struct MappedReading {
  int64_t bytes = 0;
  int64_t rows = 0;  // data rows (blank lines excluded)
  int64_t used = 0;
  int64_t excluded = 0;
  int64_t without_event = 0;
  int64_t skipped = 0;   // rows with an error in `problems`: not used
  int64_t warnings = 0;  // warnings in `problems` (long-interval): their rows are counted
  std::array<int64_t, static_cast<size_t>(MappedProblem::kCount)> problem_counts{};
  std::vector<MappedProblemRow> problems;  // every one, in line order
  std::vector<RuleCounts> rules;           // one per event rule
  std::vector<int64_t> excluded_by;        // rows per exclude rule
  std::vector<SampleEvent> samples;
  std::vector<SpaceSummary> spaces;
  std::vector<IdentityWeeks> identities;  // by space, then name
  int64_t qa_reviews = 0;                 // reviews with a score
  int64_t qa_reviews_unrated = 0;         // every category N/A (or weighing 0): no review
  bool active_inferred = false;
  bool joined = false;        // an identity map joined the spaces
  int64_t fold_rejected = 0;  // events AgentTimeline refused after sorting (expected 0)
};

struct ReadMappedOptions {
  const IdentityMap* identities = nullptr;  // overrides the mapping's identity map
  size_t samples_per_rule = 2;
  // Called now and then with bytes read so far and the total (0 when unknown).
  std::function<void(int64_t done, int64_t total)> progress;
  // Where events are sorted once they take more than sort_memory_bytes: files there are
  // unlinked as soon as they are made. Empty: the system's temporary folder (TMPDIR, /tmp).
  std::string spill_dir;
  size_t sort_memory_bytes = size_t{64} << 20;
  // An export whose mapping compares no row with earlier ones but for repeated events (no
  // distinct, until, scheduled or qa_rating rule) is read in slices at once, one per hardware
  // thread (or `slices`, when not 0), each at least slice_bytes long; the reading is the same.
  int64_t slice_bytes = int64_t{64} << 20;
  size_t slices = 0;
};

Result<MappedReading> ReadMappedEvents(const std::string& path, const Mapping& mapping,
                                       const ReadMappedOptions& options = {});
// The same for an export already in memory; `path` names it in messages.
Result<MappedReading> ReadMappedEventText(std::string_view text, const std::string& path,
                                          const Mapping& mapping,
                                          const ReadMappedOptions& options = {});

// "export.csv:12:31: error: ... [bad-timestamp]".
Diagnostic DescribeMappedProblem(const std::string& path, const MappedProblemRow& problem);

// The weekly table per identity:
//   identity,space,week,closed,active_hours,active_time,conversations_per_hour,
//   scheduled_hours,activity_pct,qa_reviews,qa_pct
// closed is empty where no close rule feeds the identity, active_hours where no active time
// does; active_time is "status" or "inferred"; the rate is empty unless both are measured for
// the same identity and there is active time. scheduled_hours and qa_reviews are empty where
// no scheduled or qa_rating rule feeds the identity; activity_pct (status time only) is active
// time inside shifts / scheduled time when the week has shifts (empty when this reading lacks
// the identity's status or shifts), else active / (active + away); qa_pct is the mean review
// score, empty without reviews.
std::string MappedWeeklyTableCsv(const MappedReading& reading);

// More rows have problems than give events: the mapping does not fit the export, and a batch of
// it is refused (progress/helpdesk_ingest.h); the dry runs say so before anyone tries.
bool MappingDoesNotFit(const MappedReading& reading);

// A week's totals over every identity of a reading, as the dry runs show them.
struct WeekTotals {
  int64_t week = 0;  // week index (metrics/iso_week.h)
  int64_t closed = 0;
  int64_t active_seconds = 0;
  int64_t scheduled_seconds = 0;
  int64_t qa_reviews = 0;
  double qa_score_sum = 0;
  int64_t identities = 0;  // with anything that week
};

struct ReadingTotals {
  std::vector<WeekTotals> weeks;  // oldest first
  bool closes = false;            // a close rule feeds some identity
  bool active = false;            // active time is measured or inferred for some identity
  bool scheduled = false;         // a schedule rule feeds some identity
  bool qa = false;                // a QA rule feeds some identity
};
ReadingTotals TotalsOf(const MappedReading& reading);

// The `limit` identities of `space` with the most events (ties by name), for the dry runs.
std::vector<const IdentityWeeks*> MostActiveIdentities(const MappedReading& reading,
                                                       const std::string& space, size_t limit);

}  // namespace rungs

#endif  // RUNGS_METRICS_MAPPED_EVENTS_H_
