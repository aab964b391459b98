// The mapped reader's rule engine: a mapping's event rules resolved against an export's header
// (column names to indexes), then applied to each CSV record. A record is first checked as a
// row (closed quotes, length, field count, UTF-8 field by field); then every rule whose `when`
// conditions hold and whose values are present gives a candidate event, unless its identity is
// excluded or its distinct values repeat an earlier row's. A timestamp, interval end or QA
// rating that cannot be read, or a name the identity map lacks, is a problem that skips the
// whole row. Counts per rule (matched, missing, excluded, repeats) are kept for the dry run.
#ifndef RUNGS_METRICS_MAPPED_RULES_H_
#define RUNGS_METRICS_MAPPED_RULES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "metrics/mapped_events.h"
#include "metrics/mapped_identities.h"
#include "metrics/mapping.h"
#include "util/csv_stream.h"
#include "util/status.h"
#include "util/string_map.h"

namespace rungs {

// `s` cut at `max` bytes for a message, or a note that it is not UTF-8.
std::string Shown(std::string_view s, size_t max = 80);
// Up to `max` names, shown, then how many there are in all.
std::string JoinedNames(const std::vector<std::string>& names, size_t max);

// Empty, or one of the mapping's csv.missing values.
bool IsMissingValue(const Mapping& mapping, std::string_view v);

// A problem that skips a row: its code, message and the field at fault (-1: the row).
struct RuleProblem {
  int field = -1;
  MappedProblem problem = MappedProblem::kFieldCount;
  std::string message;
};

// What a rule made of a name before, so a name seen again costs one lookup.
struct NameSeen {
  int excluded = -1;      // the exclude rule that covers it, or -1
  int64_t identity = -1;  // its identity once interned
  bool unknown = false;   // the identity map lacks it
};

// A rule with column indexes instead of names (-1: not used).
struct ResolvedRule {
  const EventRule* rule = nullptr;
  int conversation = -1;
  int identity = -1;
  int time = -1;
  int until = -1;
  int review = -1;
  int category = -1;
  int rating = -1;
  int scale_min = -1;
  int scale_max = -1;
  int weight = -1;
  int critical = -1;
  std::vector<std::pair<int, const Condition*>> when;
  std::vector<int> distinct;
  std::unordered_set<std::string> seen;  // distinct keys of rows used
  size_t samples = 0;
  size_t names = 0;  // its space's names in MappedRules::names_
};

// An event a rule makes of a row; its views point into the record.
struct Candidate {
  size_t rule = 0;
  uint32_t identity = 0;
  std::string_view conversation;
  int64_t ts = 0;
  int64_t until = 0;
  bool has_until = false;
  std::string_view time_text;
  std::string_view until_text;
  std::string distinct_key;  // recorded as seen when the row is used
  // qa_rating: what the row rates.
  std::string_view review;
  std::string_view category;
  bool rated = false;  // false: N/A
  double rating = 0;
  double scale_min = 0;
  double scale_max = 0;
  double weight = 1;
  bool critical = false;
  bool failed = false;  // a critical category that fails
};

class MappedRules {
 public:
  MappedRules(const Mapping& mapping, const IdentityMap* identity_map)
      : m_(mapping), zone_(mapping.zone), identity_map_(identity_map) {}

  // Column indexes for every column the mapping names (`header_line` is where the header is);
  // a Status pointing into the mapping when one is not in the header. Tells `identities` which
  // event types each space's rules make.
  Status Resolve(const std::vector<std::string>& header, int64_t header_line,
                 const std::string& path, MappedIdentities& identities);

  // The candidate events of record `r` into `out` (cleared first), their identities interned
  // in `identities` (which copies of these rules on other threads may share); a problem when
  // the row is skipped. `excluded`: some rule's event was for
  // an excluded account.
  std::optional<RuleProblem> Evaluate(const CsvRecord& r, MappedIdentities& identities,
                                      std::vector<Candidate>& out, bool& excluded);

  const ResolvedRule& rule(size_t i) const { return rules_[i]; }
  // The row of `c` is used: its distinct values are seen; true while the rule still wants
  // samples (up to `samples`).
  bool Used(const Candidate& c, size_t samples);

  std::vector<RuleCounts>& counts() { return counts_; }
  std::vector<int64_t>& excluded_by() { return excluded_by_; }

 private:
  Status MissingColumn(const ColumnRef& c, const std::vector<std::string>& header,
                       int64_t header_line, const std::string& path) const;
  std::optional<RuleProblem> CheckRow(const CsvRecord& r) const;
  bool Matches(const CsvRecord& r, int column, const Condition& c) const;
  // The exclude rule that covers `name` in `space`, or -1.
  int ExcludedBy(const std::string& space, std::string_view name) const;
  std::string TimeHint(std::string_view text) const;
  std::optional<RuleProblem> BadTime(const ColumnRef& column, int index, std::string_view text,
                                     const ResolvedRule& rule) const;

  const Mapping& m_;
  // A copy per MappedRules: a zone caches its last offset, and slices read on threads of their
  // own each have a copy of the rules.
  TimeZone zone_;
  const IdentityMap* identity_map_;
  size_t columns_ = 0;
  std::vector<ResolvedRule> rules_;
  // What each name is, per identity space: whether excluded, its identity. Rules of one space
  // share a table, so fewer tables compete for the cache (a lookup per event).
  std::vector<StringMap<NameSeen>> names_;
  std::vector<RuleCounts> counts_;
  std::vector<int64_t> excluded_by_;    // rows per exclude entry
  std::vector<int64_t> excluded_line_;  // the row each entry last counted
};

}  // namespace rungs

#endif  // RUNGS_METRICS_MAPPED_RULES_H_
