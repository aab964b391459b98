// The canonical events reader and the mapped reader (through the shipped canonical-events
// mapping) must agree: on any input the canonical reader reads without a problem row, both
// give the same weekly closes and active time for every agent; and the canonical reader calls
// no row not-utf8 that the mapped reader read as UTF-8 (it once refused every non-ASCII id).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "metrics/bundled_mappings.h"
#include "metrics/canonical_events.h"
#include "metrics/mapped_events.h"

namespace {

using Totals = std::map<std::pair<std::string, int64_t>, std::pair<int64_t, int64_t>>;

void Add(Totals& totals, const std::string& agent, const rungs::AgentWeek& w) {
  if (w.closed == 0 && w.active_seconds == 0) return;
  auto& t = totals[{agent, w.week_index}];
  t.first += w.closed;
  t.second += w.active_seconds;
}

const rungs::Mapping& CanonicalMapping() {
  static const rungs::Mapping mapping = [] {
    rungs::MappingLoad load = rungs::LoadMappingByNameOrPath("canonical-events");
    if (!load.mapping) __builtin_trap();
    return *load.mapping;
  }();
  return mapping;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  rungs::ReadEventsOptions one;
  one.threads = 1;
  const rungs::Result<rungs::EventsReading> canonical =
      rungs::ReadCanonicalEventText(bytes, "fuzz", one);
  if (!canonical.ok()) return 0;
  const rungs::Result<rungs::MappedReading> mapped =
      rungs::ReadMappedEventText(bytes, "fuzz", CanonicalMapping());
  const auto not_utf8 = static_cast<size_t>(rungs::RowProblem::kNotUtf8);
  const auto mapped_not_utf8 = static_cast<size_t>(rungs::MappedProblem::kNotUtf8);
  // Row for row only without quotes: a quoted field may span lines in an export, never in the
  // canonical file.
  const bool same_rows = bytes.find('"') == std::string_view::npos;
  if (same_rows && canonical->problem_counts[not_utf8] > 0 && mapped.ok() &&
      mapped->problem_counts[mapped_not_utf8] == 0) {
    __builtin_trap();
  }
  if (!canonical->problems.empty()) return 0;
  if (!mapped.ok()) __builtin_trap();
  Totals from_canonical;
  for (const rungs::AgentWeeks& agent : canonical->agents) {
    for (const rungs::AgentWeek& w : agent.weeks) Add(from_canonical, agent.agent, w);
  }
  Totals from_mapped;
  for (const rungs::IdentityWeeks& id : mapped->identities) {
    for (const rungs::AgentWeek& w : id.weeks) Add(from_mapped, id.name, w);
  }
  if (from_canonical != from_mapped) __builtin_trap();
  return 0;
}
