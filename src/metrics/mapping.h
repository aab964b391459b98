// A mapping file says how the rows of one helpdesk export become rungs' events, so a team
// never edits its export (docs/MAPPINGS.md documents the format with full examples):
//
//   csv:        {delimiter: ",", quote: '"', header: true, missing: ["?"]}
//   time:       {format: "d/m/yyyy H:MM", zone: Europe/London, weeks_zone: Europe/London}
//   events:     - {type: closed, conversation: number, identity: resolved_by,
//                  time: resolved_at, distinct: [number, resolved_by, resolved_at],
//                  when: {incident_state: {in: [Resolved, Closed]}}}
//   exclude:    - {name: "Updated by 908", reason: automation account}
//   activity:   {from: inferred, idle_gap_minutes: 30, allowance_minutes: 5,
//                max_interval_hours: 12}
//   identities: {map: people.csv}
//
// Besides events, rules read intervals and QA ratings: status_active/status_away with `until`
// are status intervals, `scheduled` rules are shifts (time to until), and `qa_rating` rules
// are one rated category of a QA review each:
//   - {type: qa_rating, identity: agent, time: ts, review: review_id, category: category,
//      rating: rating, scale: {min: 1, max: 4}, weight: weight, critical: [Compliance],
//      na: ["n/a"]}
// where scale bounds and the weight are numbers or columns, and critical is a column of
// true/false or a list of category names.
//
// Each event rule's identity column names an identity SPACE (by default the column's name):
// names in two spaces are different people unless an identity map (CSV: space,name,person)
// joins them. Problems are diagnostics with the mapping file's line and column and the field.
#ifndef RUNGS_METRICS_MAPPING_H_
#define RUNGS_METRICS_MAPPING_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/time_format.h"
#include "metrics/timeline.h"
#include "util/diagnostic.h"
#include "util/regex.h"
#include "util/status.h"

namespace rungs {

// The canonical event types, plus kActivity: a touch that only feeds inferred active time,
// kScheduled: a shift, and kQaRating: one rated category of a QA review.
enum class MappedType : uint8_t {
  kAssigned,
  kReplied,
  kClosed,
  kStatusActive,
  kStatusAway,
  kActivity,
  kScheduled,
  kQaRating,
};
constexpr int kMappedTypeCount = 8;
const char* MappedTypeName(MappedType type);  // "closed", "activity", "qa_rating", ...

// A decimal number as exports and mappings write them ("4", "-1", "3.5", " 2 "); nullopt for
// anything else, including "" and "1,5".
std::optional<double> ParseMappedNumber(std::string_view text);

// Where a value was written in the mapping file, for messages about it.
struct MappingPlace {
  int line = 0;
  int column = 0;
  std::string field;  // "events[0].time"
};

// A column of the export named by the mapping.
struct ColumnRef {
  std::string name;
  MappingPlace place;
};

struct Condition {
  enum class Op : uint8_t { kEquals, kIn, kNotIn, kRegex, kNotRegex, kMissing, kPresent };
  ColumnRef column;
  Op op = Op::kEquals;
  std::vector<std::string> values;  // kEquals: one; kIn, kNotIn: several
  std::optional<Regex> regex;       // kRegex, kNotRegex: searched anywhere in the value
};

// A number the mapping gives, or a column holding one per row.
struct NumberSource {
  ColumnRef column;  // empty name: `value` for every row
  double value = 0;
};

// How a qa_rating rule reads one rated category. A review's score is the weighted mean of its
// rated categories' (rating - min) / (max - min) x 100, or 0 when a critical category fails.
struct QaRule {
  ColumnRef review;    // the review each row belongs to
  ColumnRef category;  // optional: without it a review's categories are not checked for repeats
  ColumnRef rating;    // empty, a csv.missing value or one of `na`: not rated (N/A)
  NumberSource scale_min;
  NumberSource scale_max;
  NumberSource weight{{}, 1};                    // an empty cell weighs 1
  ColumnRef critical;                            // true/false per row (empty: false), or
  std::vector<std::string> critical_categories;  // the categories that are critical
  // A critical category fails below this share of its scale (percent); 0: only when rated at
  // the scale's minimum.
  double critical_fail_below_pct = 0;
  std::vector<std::string> na;  // compared ignoring ASCII case
};

struct EventRule {
  MappedType type = MappedType::kActivity;
  std::string label;       // "events[0] (closed)"
  ColumnRef conversation;  // needed by assigned, replied and closed
  ColumnRef identity;      // who: its values are names in `space`
  std::string space;       // the identity space; default: the identity column's name
  ColumnRef time;
  // The end of a status interval (optional: without a value in a row the status lasts until
  // the identity's next one) or of a shift (needed).
  ColumnRef until;
  std::vector<Condition> when;
  std::vector<ColumnRef> distinct;  // a row repeating these values gives no event
  QaRule qa;                        // qa_rating only
  MappingPlace place;
};

struct ExcludeRule {
  std::string name;            // an exact identity name, or
  std::optional<Regex> regex;  // a pattern searched in the name
  std::string pattern;         // the pattern as written
  std::string space;           // empty: every space
  std::string reason;
  std::string label;  // "Updated by 908" or "/^System/", plus the reason
  MappingPlace place;
  MappingPlace space_place;
};

struct CsvSettings {
  char delimiter = ',';
  char quote = '"';
  bool header = true;
  std::vector<std::string> columns;  // names when there is no header row
  std::vector<std::string> missing;  // values meaning "no value" besides the empty one
};

struct ActivitySettings {
  enum class From : uint8_t { kNone, kStatus, kInferred };
  From from = From::kNone;
  int64_t idle_gap_seconds = 30 * 60;
  int64_t allowance_seconds = 5 * 60;
  std::vector<MappedType> inferred_from = {MappedType::kActivity, MappedType::kReplied};
  // A status interval longer than this (a missed log-off) counts only up to it.
  int64_t max_interval_seconds = kDefaultMaxIntervalSeconds;
};

struct Mapping {
  std::string file;  // the mapping's path, for messages
  std::string name;
  CsvSettings csv;
  TimeFormat time_format;
  TimeZone zone;        // for times without a zone designator
  TimeZone weeks_zone;  // ISO weeks are counted in this zone (default: `zone`)
  std::vector<EventRule> events;
  std::vector<ExcludeRule> exclude;
  ActivitySettings activity;
  std::string identity_map;  // path, relative ones resolved against the mapping's folder
};

struct MappingLoad {
  std::optional<Mapping> mapping;  // absent when there is an error
  Diagnostics diagnostics;
};

// Codes: mapping-yaml (syntax), mapping-unknown-key, mapping-missing-key, mapping-invalid.
MappingLoad ParseMapping(std::string_view yaml, const std::string& file);
MappingLoad LoadMapping(const std::string& path);

// Joins names of several identity spaces into one person key.
struct IdentityMap {
  std::map<std::pair<std::string, std::string>, std::string, std::less<>> people;  // (space,name)
  std::string path;
  std::map<std::string, int, std::less<>> space_lines;  // each space's first line in the file
  const std::string* Find(const std::string& space, const std::string& name) const;
};
// Every space the map names must be one of `mapping`'s rules' spaces: a map row for a space the
// mapping never reads joins nothing, silently. The Status names the map's line.
Status CheckIdentityMapSpaces(const IdentityMap& map, const Mapping& mapping);
// "agent_id, resolved_by": the spaces of the mapping's event rules, sorted.
std::string MappingSpaces(const Mapping& mapping);
// Whether an event rule of `mapping` reads names in `space`.
bool MappingReadsSpace(const Mapping& mapping, std::string_view space);
// Every column of the export the mapping's rules read (identity, time, conversation, until,
// conditions, distinct and QA columns), sorted, each once: what a header must have for the
// mapping to read it.
std::vector<std::string> MappingColumns(const Mapping& mapping);
// A CSV with the header space,name,person.
Result<IdentityMap> LoadIdentityMap(const std::string& path);
Result<IdentityMap> ParseIdentityMap(std::string_view text, const std::string& path);

}  // namespace rungs

#endif  // RUNGS_METRICS_MAPPING_H_
