#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "framework/import.h"
#include "framework/json_format.h"
#include "framework/loader.h"
#include "util/file.h"

namespace rungs {

int RunImport(const ImportOptions& options, std::ostream& out, std::ostream& err) {
  Diagnostics diagnostics;
  std::vector<SourceFile> files = CollectFiles(options.paths, diagnostics);
  for (const SourceFile& file : files) {
    const InputFormat format = DetectFormat(file.bytes);
    if (format != InputFormat::kJson && format != InputFormat::kCase) {
      diagnostics.push_back({Severity::kError, file.path, 1, 1, "not-an-export",
                             fmt::format("rungs import reads rungs JSON exports and CASE "
                                         "packages; this looks like a {} file (serve or check "
                                         "it directly)",
                                         InputFormatName(format))});
    }
  }
  LoadResult loaded = LoadFrameworks(files);
  diagnostics.insert(diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
  for (const Diagnostic& d : diagnostics) err << FormatDiagnostic(d) << "\n";
  if (HasErrors(diagnostics)) return kExitFailure;
  namespace fs = std::filesystem;
  for (const Framework& fw : loaded.frameworks) {
    if (options.into_dir.empty()) {
      out << fmt::format("{}: {} levels, {} topics, {} criteria\n", fw.id, fw.levels.size(),
                         fw.topics.size(), CountCriteria(fw));
      continue;
    }
    const fs::path path = fs::path(options.into_dir) / (fw.id + ".json");
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::string error;
    if (ec || !WriteFileAtomically(path.string(), ExportJson(fw), &error)) {
      err << "rungs import: " << (ec ? ec.message() : error) << "\n";
      return kExitFailure;
    }
    out << path.string() << "\n";
  }
  return kExitOk;
}

}  // namespace rungs
