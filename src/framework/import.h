// What every importer returns, and the format detection that picks the importer by content
// (the seeds are ".txt" files, so the extension says nothing).
#ifndef RUNGS_FRAMEWORK_IMPORT_H_
#define RUNGS_FRAMEWORK_IMPORT_H_

#include <optional>
#include <string>
#include <string_view>

#include "framework/model.h"
#include "util/diagnostic.h"

namespace rungs {

struct ImportResult {
  std::optional<Framework> framework;  // absent when the input is broken beyond use
  Diagnostics diagnostics;
};

enum class InputFormat { kMonzo, kMatrix, kJson, kCase, kUnknown };

const char* InputFormatName(InputFormat format);

// Monzo files open with a "---" line; JSON exports and CASE packages are JSON objects (CASE
// has a "CFDocument"); anything else with tabs or commas on its lines is a matrix.
InputFormat DetectFormat(std::string_view bytes);

// Framework files are small (the largest in the corpus is 57 KB); this cap turns a runaway
// file into a clear error instead of minutes of parsing.
constexpr size_t kMaxFrameworkFileBytes = 16 * 1024 * 1024;

// The error every importer gives for input over kMaxFrameworkFileBytes, or nullopt.
std::optional<Diagnostic> CheckInputSize(std::string_view bytes, const std::string& file);

// The checks every text importer starts with: the size cap, an empty input, invalid UTF-8.
// Returns the text without a UTF-8 byte-order mark, or nullopt after adding an error to `out`.
std::optional<std::string_view> PrepareText(std::string_view bytes, const std::string& file,
                                            Diagnostics& out);

// Ids appear in URLs and become file names on export: letters, digits, '-', '_', '.', ' ' and
// '/' between non-empty segments, no "." or ".." segment.
bool IsValidFrameworkId(std::string_view id);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_IMPORT_H_
