// Any byte string must end in a framework or in diagnostics with a position: never a crash,
// a hang or an abort.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "framework/case_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  rungs::ImportResult result = rungs::ImportCase(bytes, "fuzz");
  if (!result.framework && result.diagnostics.empty()) __builtin_trap();
  for (const rungs::Diagnostic& d : result.diagnostics) {
    if (d.file != "fuzz" || d.line < 0 || d.column < 0) __builtin_trap();
  }
  return 0;
}
