#include "cli/site_loading.h"

#include <ostream>

#include "framework/loader.h"

namespace rungs {

bool ReportLoadErrors(const Diagnostics& diagnostics, const std::string& command,
                      std::ostream& err) {
  bool duplicate = false;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) err << FormatDiagnostic(d) << "\n";
    duplicate = duplicate || d.code == "duplicate-id";
  }
  if (duplicate) err << command << ": two frameworks have the same id; fix that first\n";
  return !duplicate;
}

std::optional<std::vector<Framework>> LoadPreviousFrameworks(const std::vector<std::string>& paths,
                                                             const std::string& command,
                                                             std::ostream& err) {
  if (paths.empty()) return std::vector<Framework>{};
  LoadResult old = LoadPaths(paths);
  if (!ReportLoadErrors(old.diagnostics, command, err)) return std::nullopt;
  return std::move(old.frameworks);
}

std::optional<LoadedSite> LoadSiteFrameworks(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& previous,
                                             const std::string& command, std::ostream& err) {
  LoadResult loaded = paths.empty() ? LoadFrameworks(BundledSourceFiles()) : LoadPaths(paths);
  if (!ReportLoadErrors(loaded.diagnostics, command, err)) return std::nullopt;
  if (loaded.frameworks.empty()) {
    err << command << ": no framework could be loaded\n";
    return std::nullopt;
  }
  std::optional<std::vector<Framework>> old = LoadPreviousFrameworks(previous, command, err);
  if (!old) return std::nullopt;
  return LoadedSite{std::move(loaded.frameworks), *std::move(old)};
}

}  // namespace rungs
