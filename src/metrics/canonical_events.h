// Reading rungs' canonical helpdesk events file into weekly totals per agent:
//
//   event_id,conversation_id,agent_id,event_type,ts
//   1,C000000001,agent-0001,assigned,2026-01-05T09:00:12Z
//
// event_type is one of assigned, replied, closed, status_active, status_away; ts is ISO 8601
// UTC ending in Z. Each agent's events must come in time order (an export's natural order).
// Every row is checked; a row with a problem is skipped, counted and reported with its line,
// never silently dropped. A status interval longer than the cap (a missed log-off) is counted
// up to the cap and reported at the row that ends it. The file is mapped, not read into memory, and
// parsed on several threads: memory grows with agents and weeks, not with the file's length.
#ifndef RUNGS_METRICS_CANONICAL_EVENTS_H_
#define RUNGS_METRICS_CANONICAL_EVENTS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/timeline.h"
#include "util/diagnostic.h"
#include "util/status.h"

namespace rungs {

enum class RowProblem : uint8_t {
  kFieldCount,    // not five fields
  kMissingField,  // an empty event_id, agent_id, or conversation_id where one is needed
  kBadEventType,  // not one of the five
  kBadTimestamp,  // not YYYY-MM-DDTHH:MM:SSZ, or no such instant
  kNotUtf8,       // bytes that are not UTF-8 (another encoding)
  kDuplicate,     // the agent's previous row again (same event_id, or the same status change)
  kOutOfOrder,    // earlier than the agent's rows before it
  kLongInterval,  // counted, but ends a status interval longer than the cap (counted up to it)
  kCount
};
const char* RowProblemCode(RowProblem problem);  // "field-count", "bad-timestamp", ...

struct ProblemRow {
  int64_t line = 0;    // 1-based
  int64_t offset = 0;  // of the line's first byte in the file
  RowProblem problem = RowProblem::kFieldCount;
  // kLongInterval: the interval's start (UTC), its whole length and what counted of it.
  int64_t interval_start = 0;
  int64_t interval_seconds = 0;
  int64_t counted_seconds = 0;
};
// Whether the row was skipped (every problem but kLongInterval).
inline bool Skipped(const ProblemRow& p) { return p.problem != RowProblem::kLongInterval; }

struct AgentWeeks {
  std::string agent;
  std::vector<AgentWeek> weeks;
};

struct EventsReading {
  std::vector<AgentWeeks> agents;  // sorted by agent id (bytes)
  int64_t bytes = 0;
  int64_t rows = 0;     // data rows (blank lines excluded)
  int64_t counted = 0;  // rows not skipped
  std::array<int64_t, static_cast<size_t>(RowProblem::kCount)> problem_counts{};
  std::vector<ProblemRow> problems;  // every one, in line order
  int threads = 1;
};

struct ReadEventsOptions {
  int threads = 0;                       // 0: one per core, and one for a small file
  const TimeZone* weeks_zone = nullptr;  // weeks are counted in this zone; null: UTC
  int64_t max_interval_seconds = kDefaultMaxIntervalSeconds;
};

// A file that cannot be opened or whose header is not the canonical one (with what it looks
// like instead: another delimiter, UTF-16) is a Status; bad rows are in the reading.
Result<EventsReading> ReadCanonicalEvents(const std::string& path,
                                          const ReadEventsOptions& options = {});

// The same for a file already in memory; `path` names it in messages. `text` need not outlive
// the reading.
Result<EventsReading> ReadCanonicalEventText(std::string_view text, const std::string& path,
                                             const ReadEventsOptions& options = {});

// "events.csv:12:31: error: ts is not an ISO 8601 UTC time (YYYY-MM-DDTHH:MM:SSZ): ... [code]",
// with the offending field's column; re-reads the line from the file.
std::vector<Diagnostic> DescribeProblems(const std::string& path,
                                         const std::vector<ProblemRow>& problems, size_t limit);
std::vector<Diagnostic> DescribeProblemsIn(std::string_view bytes, const std::string& path,
                                           const std::vector<ProblemRow>& problems, size_t limit);

}  // namespace rungs

#endif  // RUNGS_METRICS_CANONICAL_EVENTS_H_
