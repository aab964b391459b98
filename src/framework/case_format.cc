#include "framework/case_format.h"

namespace rungs {

std::string ExportCase(const Framework&) { return "{}\n"; }

ImportResult ImportCase(std::string_view, const std::string& file) {
  ImportResult result;
  result.diagnostics.push_back(
      {Severity::kError, file, 0, 0, "unsupported", "CASE import is not implemented yet"});
  return result;
}

}  // namespace rungs
