// Diagnostics are how every importer, checker and ingester reports problems: plain values
// with a severity, a position (1-based line and column, columns in code points) and a stable
// code, never exceptions that escape a module.
#ifndef RUNGS_UTIL_DIAGNOSTIC_H_
#define RUNGS_UTIL_DIAGNOSTIC_H_

#include <string>
#include <vector>

namespace rungs {

enum class Severity { kNote, kWarning, kError };

const char* SeverityName(Severity severity);

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;      // 1-based; 0 when the message is about the whole file
  int column = 0;    // 1-based, in code points; 0 when unknown
  std::string code;  // stable, e.g. "yaml-syntax", "mojibake-repaired"
  std::string message;

  bool operator==(const Diagnostic&) const = default;
};

using Diagnostics = std::vector<Diagnostic>;

// "file:line:column: severity: message [code]", the format compilers use, so editors can jump
// to the position.
std::string FormatDiagnostic(const Diagnostic& d);

bool HasErrors(const Diagnostics& diagnostics);
int CountSeverity(const Diagnostics& diagnostics, Severity severity);

}  // namespace rungs

#endif  // RUNGS_UTIL_DIAGNOSTIC_H_
