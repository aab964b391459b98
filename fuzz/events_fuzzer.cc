// Any byte string given to the canonical events reader must end in a reading or a Status:
// never a crash, a hang or an abort. A reading must not depend on how many threads read it,
// and every problem it reports must point at a row of the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/canonical_events.h"
#include "metrics/weekly_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  rungs::ReadEventsOptions one;
  one.threads = 1;
  rungs::ReadEventsOptions three;
  three.threads = 3;
  const rungs::Result<rungs::EventsReading> serial =
      rungs::ReadCanonicalEventText(bytes, "fuzz", one);
  const rungs::Result<rungs::EventsReading> parallel =
      rungs::ReadCanonicalEventText(bytes, "fuzz", three);
  if (serial.ok() != parallel.ok()) __builtin_trap();
  if (!serial.ok()) {
    if (serial.status().message.empty()) __builtin_trap();
    return 0;
  }
  if (rungs::WeeklyTableCsv(serial->agents) != rungs::WeeklyTableCsv(parallel->agents)) {
    __builtin_trap();
  }
  int64_t skipped = 0;
  for (const rungs::ProblemRow& p : serial->problems) skipped += rungs::Skipped(p) ? 1 : 0;
  if (serial->problems.size() != parallel->problems.size() ||
      serial->counted + skipped != serial->rows) {
    __builtin_trap();
  }
  for (size_t i = 0; i < serial->problems.size(); ++i) {
    if (serial->problems[i].line != parallel->problems[i].line) __builtin_trap();
  }
  for (const rungs::Diagnostic& d :
       rungs::DescribeProblemsIn(bytes, "fuzz", serial->problems, 50)) {
    if (d.line < 2 || d.column < 1 || d.message.empty()) __builtin_trap();
  }
  return 0;
}
