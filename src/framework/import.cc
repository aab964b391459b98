#include "framework/import.h"

#include "util/text.h"

namespace rungs {

const char* InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kMonzo:
      return "monzo";
    case InputFormat::kMatrix:
      return "matrix";
    case InputFormat::kJson:
      return "json";
    case InputFormat::kCase:
      return "case";
    case InputFormat::kUnknown:
      return "unknown";
  }
  return "unknown";
}

InputFormat DetectFormat(std::string_view bytes) {
  if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  const std::string_view head = Trim(bytes.substr(0, 4096));
  if (StartsWith(bytes, "---")) return InputFormat::kMonzo;
  if (StartsWith(head, "{")) {
    if (bytes.find("\"CFDocument\"") != std::string_view::npos) return InputFormat::kCase;
    return InputFormat::kJson;
  }
  if (head.find('\t') != std::string_view::npos || head.find(',') != std::string_view::npos) {
    return InputFormat::kMatrix;
  }
  return InputFormat::kUnknown;
}

}  // namespace rungs
