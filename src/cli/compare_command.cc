#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "framework/compare.h"
#include "framework/loader.h"

namespace rungs {
namespace {

void PrintErrors(const Diagnostics& diagnostics, std::ostream& err) {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) err << FormatDiagnostic(d) << "\n";
  }
}

}  // namespace

int RunCompare(const CompareOptions& options, std::ostream& out, std::ostream& err) {
  if (options.format != "text" && options.format != "json") {
    err << fmt::format("rungs compare: --format must be text or json, not '{}'\n", options.format);
    return kExitUsage;
  }
  LoadResult loaded =
      options.paths.empty() ? LoadFrameworks(BundledSourceFiles()) : LoadPaths(options.paths);
  const Framework* framework = nullptr;
  for (const Framework& fw : loaded.frameworks) {
    if (fw.id == options.framework) framework = &fw;
  }
  if (framework == nullptr) {
    std::error_code ec;
    if (!std::filesystem::exists(options.framework, ec)) {
      PrintErrors(loaded.diagnostics, err);
      std::vector<std::string> ids;
      for (const Framework& fw : loaded.frameworks) ids.push_back(fw.id);
      err << fmt::format(
          "rungs compare: '{}' is neither a framework id nor a file; the frameworks {} are: {}\n",
          options.framework, options.paths.empty() ? "bundled" : "loaded", fmt::join(ids, ", "));
      return kExitUsage;
    }
    loaded = LoadPaths({options.framework});
    if (loaded.frameworks.size() > 1) {
      PrintErrors(loaded.diagnostics, err);
      std::vector<std::string> ids;
      for (const Framework& fw : loaded.frameworks) ids.push_back(fw.id);
      err << fmt::format(
          "rungs compare: {} holds {} frameworks ({}); load it with --frameworks {} and name one "
          "by id\n",
          options.framework, loaded.frameworks.size(), fmt::join(ids, ", "), options.framework);
      return kExitUsage;
    }
    if (loaded.frameworks.empty()) {
      PrintErrors(loaded.diagnostics, err);
      err << fmt::format("rungs compare: no framework could be read from {}\n", options.framework);
      return kExitFailure;
    }
    framework = &loaded.frameworks[0];
  }
  PrintErrors(loaded.diagnostics, err);

  const CompareResult result = CompareRungs(*framework, options.from, options.to);
  if (!result.comparison) {
    err << "rungs compare: " << result.error << "\n";
    return kExitUsage;
  }
  if (options.format == "json") {
    out << ComparisonToJson(*result.comparison).dump(2) << "\n";
  } else {
    out << RenderComparisonText(*result.comparison);
  }
  return HasErrors(loaded.diagnostics) ? kExitFailure : kExitOk;
}

}  // namespace rungs
