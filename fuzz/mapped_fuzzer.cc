// Any byte string read as a helpdesk export through a mapping must end in a reading or a
// Status: never a crash, a hang or an abort. Every row lands in exactly one count, and every
// problem points at a line of the input. The first byte picks one of two mappings (inferred
// active time with snapshot columns, or status intervals).
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

const rungs::Mapping& Get(bool status) {
  static const rungs::Mapping inferred = *rungs::ParseMapping(kInferred, "a.yaml").mapping;
  static const rungs::Mapping by_status = *rungs::ParseMapping(kStatus, "b.yaml").mapping;
  return status ? by_status : inferred;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const rungs::Mapping& mapping = Get((data[0] & 1) != 0);
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const rungs::Result<rungs::MappedReading> r =
      rungs::ReadMappedEventText(text, "fuzz.csv", mapping);
  if (!r.ok()) {
    if (r.status().message.empty()) __builtin_trap();
    return 0;
  }
  if (r->used + r->excluded + r->without_event + static_cast<int64_t>(r->problems.size()) !=
      r->rows) {
    __builtin_trap();
  }
  if (r->used == 0 || r->fold_rejected != 0) __builtin_trap();
  for (const rungs::MappedProblemRow& p : r->problems) {
    if (p.line < 2 || p.column < 1 || p.message.empty()) __builtin_trap();
  }
  const std::string table = rungs::MappedWeeklyTableCsv(*r);
  if (table.empty()) __builtin_trap();
  return 0;
}
