#include "framework/loader.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "framework/bundled.h"
#include "framework/case_format.h"
#include "framework/import.h"
#include "framework/json_format.h"
#include "framework/matrix_format.h"
#include "framework/monzo_format.h"
#include "util/file.h"
#include "util/text.h"

namespace rungs {
namespace fs = std::filesystem;
namespace {

const std::set<std::string> kExtensions = {".md", ".markdown", ".tsv", ".csv", ".txt", ".json"};

std::string WithoutExtension(const std::string& relative) {
  const fs::path p(relative);
  return (p.parent_path() / p.stem()).generic_string();
}

bool IsGeneric(const SourceFile& file) {
  return fs::path(file.relative).filename() == "generic.md";
}

bool IsHidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

ImportResult ImportOne(const SourceFile& file) {
  switch (DetectFormat(file.bytes)) {
    case InputFormat::kMonzo:
      return ImportMonzo(file.bytes, file.path);
    case InputFormat::kMatrix:
      return ImportMatrix(file.bytes, file.path);
    case InputFormat::kJson:
      return ImportJson(file.bytes, file.path);
    case InputFormat::kCase:
      return ImportCase(file.bytes, file.path);
    case InputFormat::kUnknown:
      break;
  }
  ImportResult result;
  result.diagnostics.push_back(
      {Severity::kError, file.path, 1, 1, "unknown-format",
       "not a framework: expected a Monzo file ('---' front matter), a matrix (TSV or CSV), a "
       "rungs JSON export or a CASE package"});
  return result;
}

// Finds the generic.md for a Monzo file: in its folder, then each parent up to its root,
// among the loaded files first and then on disk; nullptr when there is none.
class GenericFinder {
 public:
  GenericFinder(const std::vector<SourceFile>& files, const std::vector<ImportResult>& imported)
      : files_(files), imported_(imported) {}

  const Framework* Find(const SourceFile& file, Diagnostics& out) {
    fs::path dir = fs::path(file.relative).parent_path();
    while (true) {
      const std::string relative = (dir / "generic.md").generic_string();
      for (size_t i = 0; i < files_.size(); ++i) {
        if (files_[i].root == file.root && files_[i].relative == relative) {
          return imported_[i].framework ? &*imported_[i].framework : nullptr;
        }
      }
      if (!file.root.empty()) {
        const fs::path on_disk = fs::path(file.root) / relative;
        if (const Framework* fw = FromDisk(on_disk.string(), out)) return fw;
      }
      if (dir.empty()) break;
      dir = dir.parent_path();
    }
    return Bundled(out);
  }

 private:
  const Framework* FromDisk(const std::string& path, Diagnostics& out) {
    auto it = disk_.find(path);
    if (it != disk_.end()) return it->second ? &*it->second : nullptr;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      disk_[path] = std::nullopt;
      return nullptr;
    }
    FileContents contents = ReadFileCapped(path, kMaxFrameworkFileBytes);
    if (!contents.ok) {
      out.push_back({Severity::kError, path, 0, 0, "read-error", contents.error});
      disk_[path] = std::nullopt;
      return nullptr;
    }
    ImportResult r = ImportMonzo(contents.bytes, path);
    // Problems in a generic.md that was only consulted are its own file's business.
    disk_[path] = std::move(r.framework);
    return disk_[path] ? &*disk_[path] : nullptr;
  }

  const Framework* Bundled(Diagnostics& out) {
    if (!bundled_) {
      ImportResult r = ImportMonzo(BundledGeneric(), "frameworks/generic.md");
      if (!r.framework) {
        out.insert(out.end(), r.diagnostics.begin(), r.diagnostics.end());
        bundled_.emplace();
      } else {
        bundled_.emplace(std::move(r.framework));
      }
    }
    return *bundled_ ? &**bundled_ : nullptr;
  }

  const std::vector<SourceFile>& files_;
  const std::vector<ImportResult>& imported_;
  std::map<std::string, std::optional<Framework>> disk_;
  std::optional<std::optional<Framework>> bundled_;
};

// Settings in a side file: NAME.rungs.yaml beside the framework file (among the bundled files
// for a bundled framework). Settings written in the framework itself win; having both is an
// error, since which was meant is ambiguous.
void AttachSideSettings(const SourceFile& file, Framework& fw, Diagnostics& out) {
  const std::string relative = WithoutExtension(file.relative) + kSettingsFileSuffix;
  std::string path;
  std::string bytes;
  if (file.root.empty()) {
    const std::string bundled = "frameworks/" + relative;
    for (const EmbeddedFile& f : BundledFiles()) {
      if (f.path == bundled) {
        path = bundled;
        bytes = std::string(f.bytes);
      }
    }
    if (path.empty()) return;
  } else {
    const fs::path on_disk = fs::path(file.root) / relative;
    std::error_code ec;
    if (!fs::is_regular_file(on_disk, ec)) return;
    path = on_disk.string();
    FileContents contents = ReadFileCapped(path, kMaxFrameworkFileBytes);
    if (!contents.ok) {
      out.push_back({Severity::kError, path, 0, 0, "read-error", contents.error});
      return;
    }
    bytes = std::move(contents.bytes);
  }
  if (!fw.settings_yaml.empty()) {
    out.push_back({Severity::kError, path, 1, 1, "settings-twice",
                   fmt::format("{} has its own 'rungs:' settings (line {}); this side file is "
                               "ignored: keep the settings in one place",
                               file.path, fw.settings_source.line)});
    return;
  }
  fw.settings_yaml = std::move(bytes);
  fw.settings_source = {path, 1, 1};
}

}  // namespace

std::vector<SourceFile> CollectFiles(const std::vector<std::string>& paths, Diagnostics& out) {
  std::vector<SourceFile> files;
  auto add = [&](const fs::path& path, const std::string& root, const std::string& relative) {
    FileContents contents = ReadFileCapped(path.string(), kMaxFrameworkFileBytes);
    if (!contents.ok) {
      out.push_back({Severity::kError, path.string(), 0, 0, "read-error", contents.error});
      return;
    }
    files.push_back({path.string(), relative, root, std::move(contents.bytes)});
  };
  for (const std::string& given : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(given, ec);
    if (ec || !fs::exists(status)) {
      out.push_back({Severity::kError, given, 0, 0, "read-error", "no such file or folder"});
      continue;
    }
    if (!fs::is_directory(status)) {
      const fs::path p(given);
      const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
      add(p, parent.string(), p.filename().string());
      continue;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(given, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (IsHidden(it->path())) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      const std::string name = it->path().filename().string();
      if (!HasFrameworkExtension(name)) continue;
      // A README or side file beside the frameworks is not a framework.
      if (EqualsIgnoreCaseAscii(name, "README.md") || name.find(".rungs.") != std::string::npos) {
        continue;
      }
      found.push_back(it->path());
    }
    if (ec) {
      out.push_back({Severity::kError, given, 0, 0, "read-error",
                     fmt::format("cannot read folder: {}", ec.message())});
    }
    std::sort(found.begin(), found.end());
    for (const fs::path& p : found) {
      add(p, given, fs::relative(p, given).generic_string());
    }
  }
  return files;
}

bool HasFrameworkExtension(const std::string& name) {
  return kExtensions.count(ToLowerAscii(fs::path(name).extension().string())) > 0;
}

std::vector<SourceFile> BundledSourceFiles() {
  std::vector<SourceFile> files;
  for (const EmbeddedFile& file : BundledFiles()) {
    const std::string path = file.path;
    const std::string relative = path.substr(std::string("frameworks/").size());
    if (!HasFrameworkExtension(relative)) continue;
    files.push_back({path, relative, "", std::string(file.bytes)});
  }
  return files;
}

LoadResult LoadFrameworks(const std::vector<SourceFile>& files) {
  LoadResult result;
  std::vector<ImportResult> imported;
  imported.reserve(files.size());
  for (const SourceFile& file : files) imported.push_back(ImportOne(file));

  GenericFinder generics(files, imported);
  std::map<std::string, std::string> id_to_file;
  for (size_t i = 0; i < files.size(); ++i) {
    const SourceFile& file = files[i];
    ImportResult& r = imported[i];
    result.diagnostics.insert(result.diagnostics.end(), r.diagnostics.begin(), r.diagnostics.end());
    if (!r.framework) continue;
    Framework fw = *r.framework;
    if (!fw.id.empty() && !IsValidFrameworkId(fw.id)) {
      result.diagnostics.push_back(
          {Severity::kError, file.path, fw.source.line, fw.source.column, "invalid-id",
           fmt::format("framework id '{}' (from 'path:') may only use letters, digits, '-', '_', "
                       "'.', ' ' and '/' between names; using the file's path instead",
                       fw.id)});
      fw.id.clear();
    }
    if (fw.id.empty()) fw.id = WithoutExtension(file.relative);
    if (!IsValidFrameworkId(fw.id)) {
      result.diagnostics.push_back({Severity::kError, file.path, 0, 0, "invalid-id",
                                    fmt::format("cannot make a framework id from the file name "
                                                "'{}'; rename the file",
                                                file.relative)});
      continue;
    }
    if (fw.title.empty()) fw.title = fw.sidebar_title.empty() ? fw.id : fw.sidebar_title;
    const bool monzo_source = DetectFormat(file.bytes) == InputFormat::kMonzo;
    if (monzo_source && !IsGeneric(file) && !fw.topics.empty()) {
      if (const Framework* generic = generics.Find(file, result.diagnostics)) {
        InheritFromGeneric(fw, *generic, result.diagnostics);
      }
    }
    AttachSideSettings(file, fw, result.diagnostics);
    ResolveReferences(fw, result.diagnostics);
    AssignCriterionKeys(fw);
    auto [it, inserted] = id_to_file.emplace(fw.id, file.path);
    if (!inserted) {
      result.diagnostics.push_back(
          {Severity::kError, file.path, 1, 1, "duplicate-id",
           fmt::format("framework id '{}' is already used by {}; ids must be unique (change "
                       "'path:' in one of them)",
                       fw.id, it->second)});
      continue;
    }
    result.frameworks.push_back(std::move(fw));
  }
  return result;
}

LoadResult LoadPaths(const std::vector<std::string>& paths) {
  Diagnostics collect_diagnostics;
  std::vector<SourceFile> files = CollectFiles(paths, collect_diagnostics);
  LoadResult result = LoadFrameworks(files);
  result.diagnostics.insert(result.diagnostics.begin(), collect_diagnostics.begin(),
                            collect_diagnostics.end());
  return result;
}

}  // namespace rungs
