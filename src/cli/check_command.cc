#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "framework/loader.h"
#include "progress/framework_library.h"

namespace rungs {

int RunCheck(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  if (options.format != "text" && options.format != "json") {
    err << fmt::format("rungs check: --format must be text or json, not '{}'\n", options.format);
    return kExitUsage;
  }
  LoadResult loaded = LoadPaths(options.paths);
  Diagnostics diagnostics = CheckLoadedFrameworks(loaded);
  if (options.strict) {
    for (Diagnostic& d : diagnostics) {
      if (d.severity == Severity::kWarning) d.severity = Severity::kError;
    }
  }
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
