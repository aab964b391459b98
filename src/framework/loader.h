// Loads a set of frameworks: files or folders (a Monzo fork's frameworks/ folder works as it
// is), or the bundled ones. It picks the importer by content, gives each framework its id
// (front-matter path without "/", else the path relative to its root without extension),
// applies the nearest generic.md, resolves references and assigns criterion keys. A bad file
// is reported and the others still load; two frameworks with one id is an error naming both.
// A side file NAME.rungs.yaml beside a framework file is kept as its settings (model.h).
#ifndef RUNGS_FRAMEWORK_LOADER_H_
#define RUNGS_FRAMEWORK_LOADER_H_

#include <string>
#include <vector>

#include "framework/model.h"
#include "util/diagnostic.h"

namespace rungs {

// A framework's settings may live beside it: "team.md" -> "team.rungs.yaml".
inline constexpr const char* kSettingsFileSuffix = ".rungs.yaml";

struct SourceFile {
  std::string path;      // as shown in messages: the path given, or "frameworks/x.md"
  std::string relative;  // relative to its root folder, '/'-separated ("engineering/web.md")
  std::string root;      // the folder given on the command line; empty for single files
  std::string bytes;
};

struct LoadResult {
  std::vector<Framework> frameworks;  // in the order of the files, sorted by path per folder
  Diagnostics diagnostics;
};

// Whether the loader reads a file of this name as a framework: .md .markdown .tsv .csv .txt
// .json, in any case.
bool HasFrameworkExtension(const std::string& name);

// Reads files and folders from disk. Folders are walked recursively; hidden entries and files
// that are not frameworks by extension (.md .markdown .tsv .csv .txt .json) are skipped.
std::vector<SourceFile> CollectFiles(const std::vector<std::string>& paths, Diagnostics& out);

std::vector<SourceFile> BundledSourceFiles();

LoadResult LoadFrameworks(const std::vector<SourceFile>& files);

// Imports one file on its own (for `rungs check FILE`, `rungs export FILE`): generic.md is
// looked up beside it and in its parent folders up to `root`, else the bundled one.
LoadResult LoadPaths(const std::vector<std::string>& paths);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_LOADER_H_
