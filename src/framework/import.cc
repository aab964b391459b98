#include "framework/import.h"

#include <fmt/format.h>

#include "util/text.h"
#include "util/utf8.h"

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

std::optional<Diagnostic> CheckInputSize(std::string_view bytes, const std::string& file) {
  if (bytes.size() <= kMaxFrameworkFileBytes) return std::nullopt;
  return Diagnostic{Severity::kError,
                    file,
                    0,
                    0,
                    "file-too-large",
                    fmt::format("file is {:.1f} MiB; a framework file may be at most {} MiB",
                                static_cast<double>(bytes.size()) / (1024 * 1024),
                                kMaxFrameworkFileBytes / (1024 * 1024))};
}

std::optional<std::string_view> PrepareText(std::string_view bytes, const std::string& file,
                                            Diagnostics& out) {
  if (std::optional<Diagnostic> too_large = CheckInputSize(bytes, file)) {
    out.push_back(*too_large);
    return std::nullopt;
  }
  if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (Trim(bytes).empty()) {
    out.push_back({Severity::kError, file, 0, 0, "empty-file", "file is empty"});
    return std::nullopt;
  }
  const size_t bad = FindInvalidUtf8(bytes);
  if (bad != std::string_view::npos) {
    const TextPosition p = LineIndex(bytes).At(bad);
    out.push_back({Severity::kError, file, p.line, p.column, "invalid-utf8",
                   fmt::format("invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                               static_cast<unsigned char>(bytes[bad]))});
    return std::nullopt;
  }
  return bytes;
}

bool IsValidFrameworkId(std::string_view id) {
  if (id.empty() || id.size() > 200) return false;
  size_t start = 0;
  while (start <= id.size()) {
    size_t end = id.find('/', start);
    if (end == std::string_view::npos) end = id.size();
    const std::string_view segment = id.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (char c : segment) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == ' ';
      if (!ok) return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace rungs
