// Reading a real helpdesk export through a mapping (mapping.h) into weekly totals per identity.
// The export is read in blocks as RFC 4180 CSV (quoted fields may hold the delimiter, doubled
// quotes and line breaks), never whole: memory grows with identities, conversations and events
// kept as 16-byte records, not with the file's bytes. Every row ends up in exactly one count:
// used (gave an event), excluded (its events were all for excluded accounts), without an event
// (no rule applied, or the values a rule needs are missing), or with a problem (skipped and
// reported with its line and a stable code). A file with no usable row is an error.
//
// Events are folded per identity (a name in its identity space, or a person of the identity
// map) into AgentTimeline in time order; active time comes from status events or is inferred
// from touches by sessions (sessions.h), and is then labelled inferred.
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
  kCount
};
// "field-count", "unclosed-quote", "too-long", "not-utf8", "bad-timestamp",
// "negative-duration", "unknown-identity", "duplicate-event".
const char* MappedProblemCode(MappedProblem problem);

struct MappedProblemRow {
  int64_t line = 0;  // 1-based, where the row starts
  int column = 1;    // of the field at fault, in code points
  MappedProblem problem = MappedProblem::kFieldCount;
  std::string message;
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
  std::array<int64_t, static_cast<size_t>(MappedProblem::kCount)> problem_counts{};
  std::vector<MappedProblemRow> problems;  // every one, in line order
  std::vector<RuleCounts> rules;           // one per event rule
  std::vector<int64_t> excluded_by;        // rows per exclude rule
  std::vector<SampleEvent> samples;
  std::vector<SpaceSummary> spaces;
  std::vector<IdentityWeeks> identities;  // by space, then name
  bool active_inferred = false;
  bool joined = false;        // an identity map joined the spaces
  int64_t fold_rejected = 0;  // events AgentTimeline refused after sorting (expected 0)
};

struct ReadMappedOptions {
  const IdentityMap* identities = nullptr;  // overrides the mapping's identity map
  size_t samples_per_rule = 2;
  // Called now and then with bytes read so far and the total (0 when unknown).
  std::function<void(int64_t done, int64_t total)> progress;
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
//   identity,space,week,closed,active_hours,active_time,conversations_per_hour
// closed is empty where no close rule feeds the identity, active_hours where no active time
// does; active_time is "status" or "inferred"; the rate is empty unless both are measured for
// the same identity and there is active time.
std::string MappedWeeklyTableCsv(const MappedReading& reading);

}  // namespace rungs

#endif  // RUNGS_METRICS_MAPPED_EVENTS_H_
