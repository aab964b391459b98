#include "cli/site_loading.h"

#include <ostream>

#include "framework/loader.h"

namespace rungs {
namespace {

bool ReportErrors(const LoadResult& loaded, const std::string& command, std::ostream& err) {
  bool duplicate = false;
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity == Severity::kError) err << FormatDiagnostic(d) << "\n";
    duplicate = duplicate || d.code == "duplicate-id";
  }
  if (duplicate) err << command << ": two frameworks have the same id; fix that first\n";
  return !duplicate;
}

}  // namespace

std::optional<LoadedSite> LoadSiteFrameworks(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& previous,
                                             const std::string& command, std::ostream& err) {
  LoadResult loaded = paths.empty() ? LoadFrameworks(BundledSourceFiles()) : LoadPaths(paths);
  if (!ReportErrors(loaded, command, err)) return std::nullopt;
  if (loaded.frameworks.empty()) {
    err << command << ": no framework could be loaded\n";
    return std::nullopt;
  }
  LoadedSite site{std::move(loaded.frameworks), {}};
  if (!previous.empty()) {
    LoadResult old = LoadPaths(previous);
    if (!ReportErrors(old, command, err)) return std::nullopt;
    site.previous = std::move(old.frameworks);
  }
  return site;
}

}  // namespace rungs
