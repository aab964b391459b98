// Any byte string read as a helpdesk export through a mapping must end in a reading or a
// Status: never a crash, a hang or an abort. Every row lands in exactly one count, and every
// problem points at a line of the input. The first byte picks one of three mappings (inferred
// active time with snapshot columns; status changes and intervals; QA ratings, shifts and
// status intervals), by its value modulo 3.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/mapped_events.h"
#include "metrics/mapping.h"

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

const rungs::Mapping& Get(uint8_t pick) {
  static const rungs::Mapping inferred = *rungs::ParseMapping(kInferred, "a.yaml").mapping;
  static const rungs::Mapping by_status = *rungs::ParseMapping(kStatus, "b.yaml").mapping;
  static const rungs::Mapping qa = *rungs::ParseMapping(kQa, "c.yaml").mapping;
  return pick % 3 == 0 ? inferred : pick % 3 == 1 ? by_status : qa;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const rungs::Mapping& mapping = Get(data[0]);
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const rungs::Result<rungs::MappedReading> r =
      rungs::ReadMappedEventText(text, "fuzz.csv", mapping);
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
