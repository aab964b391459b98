#include "progress/framework_library.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "framework/check.h"
#include "metrics/targets.h"
#include "util/clock.h"
#include "util/hash.h"
#include "util/text.h"

namespace rungs {
namespace fs = std::filesystem;
namespace {

std::string UploadedPath(const std::string& name) {
  return std::string(kUploadedFolder) + "/" + name;
}

SourceFile UploadedSource(const FrameworkFile& file) {
  return {UploadedPath(file.name), file.name, kUploadedFolder, file.content};
}

// Names and hashes: two reads of the store with the same key hold the same uploads.
std::string UploadsKey(const std::vector<FrameworkFile>& uploads) {
  std::string key;
  for (const FrameworkFile& f : uploads) key += f.name + "\n" + f.content_hash + "\n";
  return key;
}

FrameworkSummary Summarise(const Framework& fw, std::string origin) {
  FrameworkSummary s;
  s.id = fw.id;
  s.title = fw.title;
  s.file = fw.source.file;
  s.origin = std::move(origin);
  s.rungs = static_cast<int>(AllRungs(fw).size());
  s.topics = static_cast<int>(fw.topics.size());
  s.criteria = CountCriteria(fw);
  return s;
}

std::vector<std::string> FilesWithErrors(const Diagnostics& diagnostics) {
  std::set<std::string> files;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) files.insert(d.file);
  }
  return {files.begin(), files.end()};
}

Diagnostics ErrorsOnly(const Diagnostics& diagnostics) {
  Diagnostics errors;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) errors.push_back(d);
  }
  return errors;
}

bool HasCode(const Diagnostics& diagnostics, const std::string& code) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [&](const Diagnostic& d) { return d.code == code; });
}

}  // namespace

Diagnostics CheckLoadedFrameworks(const LoadResult& loaded) {
  Diagnostics diagnostics = loaded.diagnostics;
  for (const Framework& fw : loaded.frameworks) {
    Diagnostics lint = Lint(fw);
    diagnostics.insert(diagnostics.end(), lint.begin(), lint.end());
    // Measured targets: bad `rungs:` settings, and text that looks measurable but is not read.
    const FrameworkTargets targets = ResolveTargets(fw);
    diagnostics.insert(diagnostics.end(), targets.diagnostics.begin(), targets.diagnostics.end());
  }
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
                   });
  return diagnostics;
}

LoadResult LoadFrameworkSources(const std::vector<std::string>& folders,
                                const std::vector<FrameworkFile>& uploads) {
  Diagnostics collected;
  std::vector<SourceFile> files =
      folders.empty() ? BundledSourceFiles() : CollectFiles(folders, collected);
  for (const FrameworkFile& f : uploads) files.push_back(UploadedSource(f));
  LoadResult result = LoadFrameworks(files);
  result.diagnostics.insert(result.diagnostics.begin(), collected.begin(), collected.end());
  return result;
}

FrameworkLibrary::FrameworkLibrary(std::vector<std::string> folders, Store& store,
                                   FrameworkCatalog& catalog)
    : folders_(std::move(folders)), store_(store), catalog_(catalog) {}

FrameworkLibrary::~FrameworkLibrary() {
  {
    std::lock_guard lock(watch_mutex_);
    stopping_ = true;
  }
  watch_wake_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

Result<FrameworkLibrary::Loaded> FrameworkLibrary::LoadAll(
    const std::vector<FrameworkFile>* uploads_override) const {
  std::vector<FrameworkFile> stored;
  if (uploads_override == nullptr) {
    Result<std::vector<FrameworkFile>> listed = store_.ListFrameworkFiles(true);
    if (!listed.ok()) return listed.status();
    stored = std::move(listed).value();
  }
  const std::vector<FrameworkFile>& uploads =
      uploads_override != nullptr ? *uploads_override : stored;
  Loaded loaded;
  loaded.result = LoadFrameworkSources(folders_, uploads);
  loaded.broken_files = FilesWithErrors(loaded.result.diagnostics);
  loaded.uploads_key = UploadsKey(uploads);
  for (const FrameworkFile& f : uploads) {
    loaded.uploads.push_back({f.name, "", f.content_hash, f.uploaded_at, f.uploaded_by});
  }
  return loaded;
}

std::string FrameworkLibrary::Origin(const std::string& file) const {
  if (file.starts_with(std::string(kUploadedFolder) + "/")) return "uploaded";
  return folders_.empty() ? "bundled" : "folder";
}

Status FrameworkLibrary::Load(Diagnostics& diagnostics) {
  std::lock_guard lock(change_mutex_);
  Result<Loaded> loaded = LoadAll(nullptr);
  if (!loaded.ok()) return loaded.status();
  diagnostics = loaded->result.diagnostics;
  if (HasCode(diagnostics, "duplicate-id")) {
    return Status::Invalid("two frameworks have the same id; fix that first", "frameworks");
  }
  // An empty folder is a team's start (they upload theirs); a folder that is not there is a
  // typo.
  for (const std::string& folder : folders_) {
    std::error_code ec;
    if (!fs::exists(folder, ec)) {
      return Status::Invalid(fmt::format("{}: no such file or folder", folder), "frameworks");
    }
  }
  folder_fingerprint_ = seen_fingerprint_ = FolderFingerprint();
  return Apply(*std::move(loaded));
}

Status FrameworkLibrary::Apply(Loaded loaded) {
  auto set = std::make_shared<const FrameworkSet>(std::move(loaded.result.frameworks));
  if (Status s = catalog_.Register(set); !s.ok()) return s;
  {
    std::lock_guard lock(state_mutex_);
    current_ = set;
    broken_files_ = loaded.broken_files;
    uploads_key_ = loaded.uploads_key;
    state_.served.clear();
    for (const Framework& fw : *set) state_.served.push_back(Summarise(fw, Origin(fw.source.file)));
    state_.uploads = std::move(loaded.uploads);
    state_.load_errors = ErrorsOnly(loaded.result.diagnostics);
    state_.refused_edit.clear();
    state_.refused_at = 0;
    state_.loaded_at = UnixNow();
    state_.watches_folders = !folders_.empty();
  }
  if (listener_) listener_(set);
  return Status::Ok();
}

std::shared_ptr<const FrameworkLibrary::FrameworkSet> FrameworkLibrary::Current() const {
  std::lock_guard lock(state_mutex_);
  return current_;
}

void FrameworkLibrary::OnChange(ChangeListener listener) {
  std::lock_guard lock(change_mutex_);
  listener_ = std::move(listener);
}

FrameworkUploadCheck FrameworkLibrary::Check(const std::string& name,
                                             const std::string& bytes) const {
  FrameworkUploadCheck check;
  check.name = name;
  const std::string path = UploadedPath(name);
  FrameworkFile file{name, bytes, "", 0, std::nullopt};
  if (Status s = ValidateFrameworkFile(file); !s.ok()) {
    check.diagnostics.push_back({Severity::kError, path, 0, 0, "bad-upload", s.message});
    return check;
  }
  if (!HasFrameworkExtension(name)) {
    check.diagnostics.push_back(
        {Severity::kError, path, 0, 0, "bad-upload",
         "a framework file ends in .md, .markdown, .tsv, .csv, .txt or .json"});
    return check;
  }
  Result<std::vector<FrameworkFile>> stored = store_.ListFrameworkFiles(true);
  if (!stored.ok()) {
    check.diagnostics.push_back({Severity::kError, path, 0, 0, "store", stored.status().message});
    return check;
  }
  // The file goes last, so an id it shares with any other file is reported on it.
  std::vector<FrameworkFile> uploads;
  for (FrameworkFile& f : stored.value()) {
    if (f.name == name) {
      check.replaces_file = true;
    } else {
      uploads.push_back(std::move(f));
    }
  }
  uploads.push_back(file);
  Result<Loaded> loaded = LoadAll(&uploads);
  if (!loaded.ok()) {
    check.diagnostics.push_back({Severity::kError, path, 0, 0, "store", loaded.status().message});
    return check;
  }
  for (Diagnostic& d : CheckLoadedFrameworks(loaded->result)) {
    if (d.file == path) check.diagnostics.push_back(std::move(d));
  }
  const std::shared_ptr<const FrameworkSet> served = Current();
  for (const Framework& fw : loaded->result.frameworks) {
    if (fw.source.file != path) continue;
    FrameworkSummary summary = Summarise(fw, "uploaded");
    if (served != nullptr) {
      summary.replaces = std::any_of(served->begin(), served->end(),
                                     [&](const Framework& s) { return s.id == fw.id; });
    }
    check.frameworks.push_back(std::move(summary));
  }
  if (check.frameworks.empty() && !HasErrors(check.diagnostics)) {
    check.diagnostics.push_back(
        {Severity::kError, path, 0, 0, "no-framework", "the file holds no framework"});
  }
  return check;
}

Result<FrameworkUploadCheck> FrameworkLibrary::Publish(const std::string& name,
                                                       const std::string& bytes,
                                                       const Actor& actor) {
  std::lock_guard lock(change_mutex_);
  FrameworkUploadCheck check = Check(name, bytes);
  if (!check.Acceptable()) {
    const int errors = CountSeverity(check.diagnostics, Severity::kError);
    return Status::Invalid(
        fmt::format("{} has {} error{}; nothing was changed", name, errors, errors == 1 ? "" : "s"),
        "file");
  }
  Result<FrameworkFile> stored = store_.PutFrameworkFile({name, bytes, "", 0, std::nullopt}, actor);
  if (!stored.ok()) return stored.status();
  Result<Loaded> loaded = LoadAll(nullptr);
  if (!loaded.ok()) return loaded.status();
  if (Status s = Apply(*std::move(loaded)); !s.ok()) return s;
  return check;
}

Status FrameworkLibrary::Remove(const std::string& name, const Actor& actor) {
  std::lock_guard lock(change_mutex_);
  const std::string path = UploadedPath(name);
  std::vector<std::string> ids;
  if (const std::shared_ptr<const FrameworkSet> served = Current(); served != nullptr) {
    for (const Framework& fw : *served) {
      if (fw.source.file == path) ids.push_back(fw.id);
    }
  }
  Result<std::vector<User>> users = store_.ListUsers();
  if (!users.ok()) return users.status();
  const int64_t on_it = std::count_if(users->begin(), users->end(), [&](const User& u) {
    return std::find(ids.begin(), ids.end(), u.framework_id) != ids.end();
  });
  if (on_it > 0) {
    return Status::Conflict(
        fmt::format("{} {} on {}; give them another framework first", on_it,
                    on_it == 1 ? "person progresses" : "people progress", Join(ids, ", ")),
        "name");
  }
  if (Status s = store_.DeleteFrameworkFile(name, actor); !s.ok()) return s;
  Result<Loaded> loaded = LoadAll(nullptr);
  if (!loaded.ok()) return loaded.status();
  return Apply(*std::move(loaded));
}

std::string FrameworkLibrary::FolderFingerprint() const {
  std::string listing;
  for (const std::string& folder : folders_) {
    std::error_code ec;
    auto add = [&](const fs::path& p) {
      std::error_code stat_ec;
      const auto size = fs::file_size(p, stat_ec);
      const auto time = fs::last_write_time(p, stat_ec);
      listing += fmt::format("{}\n{}\n{}\n", p.string(), stat_ec ? 0 : size,
                             stat_ec ? 0 : time.time_since_epoch().count());
    };
    if (!fs::is_directory(folder, ec)) {
      add(folder);
      continue;
    }
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      // Editors keep hidden swap and backup files beside the ones they edit.
      if (it->path().filename().string().starts_with(".")) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec)) add(it->path());
    }
  }
  return Sha256Hex(listing);
}

Result<bool> FrameworkLibrary::Refresh() {
  std::lock_guard lock(change_mutex_);
  const std::string fingerprint = folders_.empty() ? "" : FolderFingerprint();
  // A folder must look the same twice in a row: a file being written is not read half way.
  const bool folder_changed =
      fingerprint != folder_fingerprint_ && fingerprint == seen_fingerprint_;
  seen_fingerprint_ = fingerprint;
  Result<std::vector<FrameworkFile>> uploads = store_.ListFrameworkFiles(false);
  if (!uploads.ok()) return uploads.status();
  std::string uploads_key;
  {
    std::lock_guard state_lock(state_mutex_);
    uploads_key = uploads_key_;
  }
  if (!folder_changed && UploadsKey(*uploads) == uploads_key) return false;
  Result<Loaded> loaded = LoadAll(nullptr);
  if (!loaded.ok()) return loaded.status();
  folder_fingerprint_ = fingerprint;
  // A file that loaded before and does not now, or a clash of ids, keeps the last good set.
  std::vector<std::string> newly_broken;
  {
    std::lock_guard state_lock(state_mutex_);
    std::set_difference(loaded->broken_files.begin(), loaded->broken_files.end(),
                        broken_files_.begin(), broken_files_.end(),
                        std::back_inserter(newly_broken));
  }
  const Diagnostics& diagnostics = loaded->result.diagnostics;
  if (!newly_broken.empty() || HasCode(diagnostics, "duplicate-id")) {
    Diagnostics refused;
    for (const Diagnostic& d : diagnostics) {
      if (d.severity == Severity::kError &&
          (std::binary_search(newly_broken.begin(), newly_broken.end(), d.file) ||
           d.code == "duplicate-id")) {
        refused.push_back(d);
      }
    }
    std::lock_guard state_lock(state_mutex_);
    uploads_key_ = loaded->uploads_key;  // tried: not again until something changes
    state_.refused_edit = std::move(refused);
    state_.refused_at = UnixNow();
    return false;
  }
  if (Status s = Apply(*std::move(loaded)); !s.ok()) return s;
  return true;
}

void FrameworkLibrary::Watch(std::chrono::milliseconds interval) {
  watcher_ = std::thread([this, interval] {
    std::unique_lock lock(watch_mutex_);
    while (!watch_wake_.wait_for(lock, interval, [this] { return stopping_; })) {
      lock.unlock();
      Result<bool> refreshed = Refresh();
      if (!refreshed.ok()) {
        // Shown to admins like a refused edit: the served set stays as it was.
        std::lock_guard state_lock(state_mutex_);
        state_.refused_edit = {{Severity::kError, "", 0, 0, "reload",
                                "cannot load the frameworks again: " + refreshed.status().message}};
        state_.refused_at = UnixNow();
      }
      lock.lock();
    }
  });
}

FrameworkLibraryState FrameworkLibrary::State() const {
  std::lock_guard lock(state_mutex_);
  return state_;
}

}  // namespace rungs
