// Any byte string read as a helpdesk export through a mapping must end in a reading or a
// Status: never a crash, a hang or an abort. Every row lands in exactly one count, and every
// problem points at a line of the input. The first byte picks one of four mappings (inferred
// active time with snapshot columns; status changes and intervals; QA ratings, shifts and
// status intervals; rows independent of each other), by its value modulo 4. The last is read
// in one slice and in three at once (a slice of a byte or more), and the two readings must be
// the same: counts, problems, samples and table.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/mapped_events.h"
#include "metrics/mapping.h"
#include "util/diagnostic.h"

namespace {

const char* kInferred = R"(csv: {missing: ["?"]}
time: {format: "d/m/yyyy H:MM", zone: Europe/London}
events:
  - {type: closed, conversation: id, identity: by, time: at, distinct: [id, by, at],
     when: {state: {in: [Resolved, Closed]}}}
  - {type: activity, conversation: id, identity: who, time: when}
exclude:
  - {regex: "^bot"}
activity: {from: inferred}
)";

const char* kStatus = R"(csv: {delimiter: ";"}
time: {format: iso8601, zone: America/New_York}
events:
  - {type: status_active, identity: who, time: when, until: at, when: {state: online}}
  - {type: status_away, identity: who, time: when, when: {state: {not: online}}}
  - {type: closed, conversation: id, identity: by, time: at, when: {state: {regex: "^Res"}}}
activity: {from: status}
)";

const char* kQa = R"(csv: {missing: ["-"]}
time: {format: iso8601, zone: Europe/Berlin}
events:
  - {type: qa_rating, identity: who, time: at, review: rid, category: cat, rating: r,
     scale: {min: lo, max: 4}, weight: w, critical: crit, na: [n/a]}
  - {type: qa_rating, identity: who, time: at, review: rid, category: cat, rating: r,
     scale: {min: 0, max: 100}, critical: [Tone], critical_fail_below_pct: 50, when: {lo: x}}
  - {type: scheduled, identity: who, time: at, until: to, when: {cat: shift}}
  - {type: status_active, identity: who, time: at, until: to, when: {cat: on}}
  - {type: status_away, identity: who, time: at, until: to, when: {cat: off}}
)";

// Like the shipped zendesk mapping: conditions, two rules on one row type, an excluded account.
const char* kIndependent = R"(time: {format: iso8601, zone: America/New_York}
events:
  - {type: closed, conversation: t, identity: a, time: at, when: {k: Change, v: solved}}
  - {type: replied, conversation: t, identity: a, time: at, when: {k: Comment, p: {in: ["1"]}}}
  - {type: assigned, conversation: t, identity: v, time: at, when: {k: Change}}
  - {type: activity, conversation: t, identity: a, time: at, when: {k: Comment}}
exclude:
  - {name: "-1"}
activity: {from: inferred}
)";

const rungs::Mapping& Get(uint8_t pick) {
  static const rungs::Mapping inferred = *rungs::ParseMapping(kInferred, "a.yaml").mapping;
  static const rungs::Mapping by_status = *rungs::ParseMapping(kStatus, "b.yaml").mapping;
  static const rungs::Mapping qa = *rungs::ParseMapping(kQa, "c.yaml").mapping;
  static const rungs::Mapping independent = *rungs::ParseMapping(kIndependent, "d.yaml").mapping;
  switch (pick % 4) {
    case 0:
      return inferred;
    case 1:
      return by_status;
    case 2:
      return qa;
    default:
      return independent;
  }
}

// Whatever a reading reports, as one string.
std::string Everything(const rungs::Result<rungs::MappedReading>& r) {
  if (!r.ok()) return "error: " + r.status().message;
  std::string out = rungs::MappedWeeklyTableCsv(*r);
  out += std::to_string(r->rows) + " " + std::to_string(r->used) + " " +
         std::to_string(r->excluded) + " " + std::to_string(r->without_event) + " " +
         std::to_string(r->skipped) + " " + std::to_string(r->bytes) + "\n";
  for (const rungs::MappedProblemRow& p : r->problems) {
    out += rungs::FormatDiagnostic(rungs::DescribeMappedProblem("f.csv", p)) + "\n";
  }
  for (const rungs::SampleEvent& s : r->samples) {
    out += std::to_string(s.line) + " " + s.raw + " " + s.identity + "\n";
  }
  for (const rungs::RuleCounts& c : r->rules) {
    out += std::to_string(c.matched) + " " + std::to_string(c.events) + " " +
           std::to_string(c.missing) + " " + std::to_string(c.excluded) + "\n";
  }
  for (int64_t n : r->excluded_by) out += std::to_string(n) + "\n";
  for (const rungs::SpaceSummary& s : r->spaces) {
    out += s.name + " " + std::to_string(s.identities) + " " + std::to_string(s.events) + "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const rungs::Mapping& mapping = Get(data[0]);
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const rungs::Result<rungs::MappedReading> r =
      rungs::ReadMappedEventText(text, "fuzz.csv", mapping);
  if (data[0] % 4 == 3) {
    rungs::ReadMappedOptions sliced;
    sliced.slices = 3;
    sliced.slice_bytes = 1;
    if (Everything(r) !=
        Everything(rungs::ReadMappedEventText(text, "fuzz.csv", mapping, sliced))) {
      __builtin_trap();
    }
  }
  if (!r.ok()) {
    if (r.status().message.empty()) __builtin_trap();
    return 0;
  }
  if (r->used + r->excluded + r->without_event + r->skipped != r->rows ||
      r->skipped + r->warnings != static_cast<int64_t>(r->problems.size())) {
    __builtin_trap();
  }
  if (r->used == 0 || r->fold_rejected != 0) __builtin_trap();
  for (const rungs::IdentityWeeks& id : r->identities) {
    for (const rungs::AgentWeek& w : id.weeks) {
      // Active time inside shifts is inside them; a review scores 0 to 100.
      if (w.active_scheduled_seconds > w.scheduled_seconds || w.qa_score_sum < 0 ||
          w.qa_score_sum > 100.0 * static_cast<double>(w.qa_reviews) + 1e-6) {
        __builtin_trap();
      }
    }
  }
  for (const rungs::MappedProblemRow& p : r->problems) {
    if (p.line < 2 || p.column < 1 || p.message.empty()) __builtin_trap();
  }
  const std::string table = rungs::MappedWeeklyTableCsv(*r);
  if (table.empty()) __builtin_trap();
  return 0;
}
