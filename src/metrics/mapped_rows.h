// The rows of one slice of an export through a mapping's rules: each record is evaluated
// (mapped_rules.h), its candidate events checked against what earlier rows of the slice gave (a
// QA category rated again, a status interval overlapping another), then committed: events to the
// slice's sorted runs (event_runs.h), shifts and QA ratings to their identities, counts, samples
// and problems to the slice's part of the reading. A slice's lines count from the slice's first
// line; the reading moves them down when it joins the slices (mapped_events.cc). Slices run on
// threads of their own only for mappings whose rows are independent (SlicesAllowed): every
// other one is read as one slice, which alone touches the identities' spans, shifts and reviews.
// Part of the mapped reader (mapped_events.h).
#ifndef RUNGS_METRICS_MAPPED_ROWS_H_
#define RUNGS_METRICS_MAPPED_ROWS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "metrics/event_runs.h"
#include "metrics/mapped_events.h"
#include "metrics/mapped_identities.h"
#include "metrics/mapped_rules.h"
#include "metrics/qa_reviews.h"
#include "util/csv_stream.h"
#include "util/status.h"

namespace rungs {

// Whether rows of `mapping` can be read in slices at once: no rule compares a row with earlier
// ones beyond repeated events (distinct values, status intervals, shifts, QA ratings do).
bool SlicesAllowed(const Mapping& mapping);

// Samples taken per rule beyond samples_per_rule, in case some of their rows turn out to
// repeat an earlier row's event once the events are sorted.
constexpr size_t kSpareSamples = 4;

class MappedRows {
 public:
  // `rules` is copied (its caches are the slice's own); `identities` and `qa` are shared, and
  // `qa` and the identities' spans and shifts are used only when the mapping needs them, which
  // makes the reading one slice.
  MappedRows(const Mapping& mapping, const ReadMappedOptions& options, const MappedRules& rules,
             MappedIdentities& identities, QaReviews& qa, const std::string& spill_dir,
             size_t sort_bytes);

  // Reads records from `stream` until it has consumed `end` bytes or the input ends, telling
  // `consumed` the bytes consumed every few MiB and at the end.
  Status Read(CsvStream& stream, int64_t end, const std::function<void(int64_t)>& consumed);

  // The slice's counts, problems and samples (lines from the slice's start); rules, spaces,
  // identities and the fold are the reading's.
  MappedReading& part() { return part_; }
  MappedRules& rules() { return rules_; }
  EventRuns& runs() { return runs_; }
  // Events, shifts and ratings per identity, and the event types each was fed.
  const std::vector<int64_t>& made() const { return made_; }
  const std::vector<uint32_t>& feeds() const { return feeds_; }
  bool several_events_in_a_row() const { return rows_with_several_events_ > 0; }

 private:
  Status Row(const CsvRecord& r);
  void Problem(const CsvRecord& r, const RuleProblem& problem);
  std::optional<RuleProblem> Contradiction(const Candidate& c) const;
  std::optional<RuleProblem> OverlapsEarlier(const Candidate& c, const ResolvedRule& rule) const;
  Status Commit(const CsvRecord& r, const Candidate& c);
  Status AddToRuns(const RunEvent& e);
  void Sample(const CsvRecord& r, const Candidate& c, const ResolvedRule& rule);

  const ReadMappedOptions& options_;
  MappedRules rules_;
  MappedIdentities& identities_;
  QaReviews& qa_;
  EventRuns runs_;
  MappedReading part_;
  std::vector<Candidate> candidates_;
  std::vector<uint32_t> rule_feeds_;  // per rule: the types its space's rules make
  std::vector<int64_t> made_;
  std::vector<uint32_t> feeds_;
  size_t run_events_ = 0;
  int64_t rows_with_several_events_ = 0;
};

}  // namespace rungs

#endif  // RUNGS_METRICS_MAPPED_ROWS_H_
