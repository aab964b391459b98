// Any byte string given to `rungs mapping init`'s engine as the start of an export must end in
// a draft or a Status: never a crash, a hang or an abort. A draft's YAML must load with the
// mapping loader without a crash, and without an error when the draft says it is complete (a
// header no YAML writer expected, such as a quote, a colon or a line break in a column name,
// must still give a mapping). The first byte picks the sample limits, so a prefix cut anywhere
// (inside a quoted field, inside a UTF-8 sequence) is tried as well as the whole text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/mapping.h"
#include "metrics/mapping_draft.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  rungs::DraftOptions options;
  // Limits of 16 to 4,111 bytes and 1 to 16 rows, or the defaults.
  if ((data[0] & 0x80) != 0) {
    options.limits.max_bytes = 16 + static_cast<size_t>(data[0] & 0x7F) * 32;
    options.limits.max_rows = 1 + (data[0] & 0x0F);
  }
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const rungs::Result<rungs::MappingDraft> d = rungs::DraftMapping(text, "fuzz.csv", options);
  if (!d.ok()) {
    if (d.status().message.rfind("fuzz.csv", 0) != 0) __builtin_trap();  // names the file
    return 0;
  }
  if (d->yaml.empty() || d->summary.empty()) __builtin_trap();
  const rungs::MappingLoad load = rungs::ParseMapping(d->yaml, "draft.yaml");
  if (d->complete != load.mapping.has_value()) __builtin_trap();
  if (!d->shipped.empty() && !d->complete) __builtin_trap();
  for (const rungs::DraftQuestion& q : d->questions) {
    if (q.topic.empty() || q.text.empty()) __builtin_trap();
    // Each question is in the YAML, where a person reads it.
    if (d->yaml.find("# QUESTION: ") == std::string::npos) __builtin_trap();
  }
  return 0;
}
