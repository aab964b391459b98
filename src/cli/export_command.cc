#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "framework/case_format.h"
#include "framework/json_format.h"
#include "framework/loader.h"
#include "framework/markdown_export.h"
#include "util/file.h"

namespace rungs {

int RunExport(const ExportOptions& options, std::ostream& out, std::ostream& err) {
  std::string extension;
  std::string (*render)(const Framework&) = nullptr;
  if (options.format == "json") {
    render = ExportJson, extension = ".json";
  } else if (options.format == "markdown") {
    render = ExportMarkdown, extension = ".md";
  } else if (options.format == "case") {
    render = ExportCase, extension = ".case.json";
  } else {
    err << fmt::format("rungs export: --format must be json, markdown or case, not '{}'\n",
                       options.format);
    return kExitUsage;
  }
  LoadResult loaded =
      options.paths.empty() ? LoadFrameworks(BundledSourceFiles()) : LoadPaths(options.paths);
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity == Severity::kError) err << FormatDiagnostic(d) << "\n";
  }
  std::vector<const Framework*> chosen;
  for (const Framework& fw : loaded.frameworks) {
    if (options.framework.empty() || fw.id == options.framework) chosen.push_back(&fw);
  }
  if (chosen.empty()) {
    err << (options.framework.empty()
                ? std::string("rungs export: no framework could be read\n")
                : fmt::format("rungs export: no framework with id '{}'\n", options.framework));
    return kExitFailure;
  }
  if (options.out_dir.empty()) {
    if (chosen.size() > 1) {
      err << fmt::format(
          "rungs export: {} frameworks found; pick one with --framework ID or write them all "
          "with --out DIR\n",
          chosen.size());
      return kExitUsage;
    }
    out << render(*chosen.front());
    return HasErrors(loaded.diagnostics) ? kExitFailure : kExitOk;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) {
    err << fmt::format("rungs export: cannot create {}: {}\n", options.out_dir, ec.message());
    return kExitFailure;
  }
  for (const Framework* fw : chosen) {
    const fs::path path = fs::path(options.out_dir) / (fw->id + extension);
    fs::create_directories(path.parent_path(), ec);
    std::string error;
    if (!WriteFileAtomically(path.string(), render(*fw), &error)) {
      err << "rungs export: " << error << "\n";
      return kExitFailure;
    }
    out << path.string() << "\n";
  }
  return HasErrors(loaded.diagnostics) ? kExitFailure : kExitOk;
}

}  // namespace rungs
