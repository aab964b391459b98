// Any byte string given to the mapping parser must end in a mapping or diagnostics: never a
// crash, a hang or an abort; an error always comes with a diagnostic that has a code.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "metrics/mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const rungs::MappingLoad load = rungs::ParseMapping(text, "fuzz.yaml");
  if (!load.mapping && !rungs::HasErrors(load.diagnostics)) __builtin_trap();
  for (const rungs::Diagnostic& d : load.diagnostics) {
    if (d.code.empty() || d.message.empty() || d.line < 0 || d.column < 0) __builtin_trap();
  }
  if (load.mapping && load.mapping->events.empty()) __builtin_trap();
  return 0;
}
