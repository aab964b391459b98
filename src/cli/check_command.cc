#include <algorithm>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "framework/check.h"
#include "framework/loader.h"
#include "metrics/targets.h"

namespace rungs {

int RunCheck(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  if (options.format != "text" && options.format != "json") {
    err << fmt::format("rungs check: --format must be text or json, not '{}'\n", options.format);
    return kExitUsage;
  }
  LoadResult loaded = LoadPaths(options.paths);
  Diagnostics diagnostics = loaded.diagnostics;
  for (const Framework& fw : loaded.frameworks) {
    Diagnostics lint = Lint(fw);
    diagnostics.insert(diagnostics.end(), lint.begin(), lint.end());
    // Measured targets: bad `rungs:` settings, and text that looks measurable but is not read.
    const FrameworkTargets targets = ResolveTargets(fw);
    diagnostics.insert(diagnostics.end(), targets.diagnostics.begin(), targets.diagnostics.end());
  }
  if (options.strict) {
    for (Diagnostic& d : diagnostics) {
      if (d.severity == Severity::kWarning) d.severity = Severity::kError;
    }
  }
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
                   });
  const int errors = CountSeverity(diagnostics, Severity::kError);
  const int warnings = CountSeverity(diagnostics, Severity::kWarning);
  if (options.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const Diagnostic& d : diagnostics) {
      list.push_back({{"file", d.file},
                      {"line", d.line},
                      {"column", d.column},
                      {"severity", SeverityName(d.severity)},
                      {"code", d.code},
                      {"message", d.message}});
    }
    out << nlohmann::json{{"frameworks", loaded.frameworks.size()},
                          {"errors", errors},
                          {"warnings", warnings},
                          {"diagnostics", list}}
               .dump(2)
        << "\n";
  } else {
    for (const Diagnostic& d : diagnostics) out << FormatDiagnostic(d) << "\n";
    err << fmt::format("{} framework{} checked: {} error{}, {} warning{}\n",
                       loaded.frameworks.size(), loaded.frameworks.size() == 1 ? "" : "s", errors,
                       errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  }
  return errors > 0 ? kExitFailure : kExitOk;
}

}  // namespace rungs
