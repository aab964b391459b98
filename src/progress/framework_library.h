// Where the frameworks `rungs serve` serves come from, and changing them while it runs: the
// --frameworks folders (or the bundled set) plus the files admins upload in the browser, which
// are kept in the Store so every instance on one database serves the same ones.
//
// A set is loaded whole (loader.h) and made current whole: the catalog and, through OnChange,
// the pre-rendered site switch from one set to the next, never half old and half new. A change
// is refused when it would break something that worked:
//   - an upload is checked first (Check: the diagnostics `rungs check` gives, with their lines)
//     and stored only when the file itself has no error and its ids clash with no other file;
//   - an edit in a folder (Refresh, from a watcher thread) is applied only when every file that
//     loaded before still loads; otherwise the last good set stays and its diagnostics wait
//     for admins on the frameworks page (State).
#ifndef RUNGS_PROGRESS_FRAMEWORK_LIBRARY_H_
#define RUNGS_PROGRESS_FRAMEWORK_LIBRARY_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "framework/loader.h"
#include "framework/model.h"
#include "progress/catalog.h"
#include "store/store.h"
#include "util/diagnostic.h"
#include "util/status.h"

namespace rungs {

// What `rungs check` reports for loaded frameworks: the loader's diagnostics, the lints
// (framework/check.h) and the measured targets' (metrics/targets.h), sorted by file and line.
Diagnostics CheckLoadedFrameworks(const LoadResult& loaded);

// Uploaded files are loaded under this folder name: "uploaded/support.md" in messages.
inline constexpr const char* kUploadedFolder = "uploaded";

// The frameworks of `folders` (empty: the bundled ones) and of `uploads`, loaded as one set (an
// uploaded Monzo file finds an uploaded generic.md), as `rungs serve` serves them.
LoadResult LoadFrameworkSources(const std::vector<std::string>& folders,
                                const std::vector<FrameworkFile>& uploads);

struct FrameworkSummary {
  std::string id;
  std::string title;
  std::string file;    // as shown in messages
  std::string origin;  // "bundled", "folder" or "uploaded"
  int rungs = 0;
  int topics = 0;
  int criteria = 0;
  bool replaces = false;  // an upload: a framework with this id is served now
};

// An uploaded file checked against what is served (Check and Publish).
struct FrameworkUploadCheck {
  std::string name;                          // as it is stored
  Diagnostics diagnostics;                   // about this file, sorted
  std::vector<FrameworkSummary> frameworks;  // what it holds
  bool replaces_file = false;                // an uploaded file of this name exists
  bool Acceptable() const { return !HasErrors(diagnostics) && !frameworks.empty(); }
};

// What the admin page shows.
struct FrameworkLibraryState {
  std::vector<FrameworkSummary> served;  // in site order
  std::vector<FrameworkFile> uploads;    // without content
  // Errors of files that did not load at the last load (they are not served).
  Diagnostics load_errors;
  // A folder edit that was not applied, and when it was seen; empty when none waits.
  Diagnostics refused_edit;
  int64_t refused_at = 0;
  int64_t loaded_at = 0;
  bool watches_folders = false;
};

class FrameworkLibrary {
 public:
  using FrameworkSet = FrameworkCatalog::FrameworkSet;
  using ChangeListener = std::function<void(const std::shared_ptr<const FrameworkSet>&)>;

  // `folders` empty: the bundled frameworks (nothing to watch).
  FrameworkLibrary(std::vector<std::string> folders, Store& store, FrameworkCatalog& catalog);
  ~FrameworkLibrary();
  FrameworkLibrary(const FrameworkLibrary&) = delete;
  FrameworkLibrary& operator=(const FrameworkLibrary&) = delete;

  // Loads the folders and the stored uploads and registers them with the catalog. Files with
  // errors are left out (`diagnostics` says why); kInvalid when two frameworks share an id or a
  // folder does not exist. An empty set is served: admins upload the first framework.
  Status Load(Diagnostics& diagnostics);
  // The set registered last.
  std::shared_ptr<const FrameworkSet> Current() const;
  // Called with every new set, after the catalog has it (once at a time, in order).
  void OnChange(ChangeListener listener);

  FrameworkUploadCheck Check(const std::string& name, const std::string& bytes) const;
  // Checks again, stores the file and serves the new set. kInvalid (field "file") when the check
  // finds an error.
  Result<FrameworkUploadCheck> Publish(const std::string& name, const std::string& bytes,
                                       const Actor& actor);
  // Stops serving an uploaded file. kConflict while people progress on one of its frameworks.
  Status Remove(const std::string& name, const Actor& actor);

  // Loads again when a folder's files or the stored uploads changed since the last load (a
  // folder must look the same on two calls in a row, so a file being written is not read half
  // way). True when a new set is served.
  Result<bool> Refresh();
  // Calls Refresh every `interval` on a thread until the library is destroyed.
  void Watch(std::chrono::milliseconds interval);

  FrameworkLibraryState State() const;

 private:
  struct Loaded {
    LoadResult result;
    std::vector<std::string> broken_files;  // files with an error
    std::string uploads_key;                // names and hashes of the uploads read
    std::vector<FrameworkFile> uploads;     // the uploads read, without their content
  };
  Result<Loaded> LoadAll(const std::vector<FrameworkFile>* uploads_override) const;
  Status Apply(Loaded loaded);
  std::string FolderFingerprint() const;
  std::string Origin(const std::string& file) const;

  const std::vector<std::string> folders_;
  Store& store_;
  FrameworkCatalog& catalog_;

  std::mutex change_mutex_;  // one load, publish or remove at a time
  mutable std::mutex state_mutex_;
  std::shared_ptr<const FrameworkSet> current_;
  ChangeListener listener_;
  FrameworkLibraryState state_;
  std::vector<std::string> broken_files_;
  std::string uploads_key_;         // of the uploads last loaded, whether served or refused
  std::string folder_fingerprint_;  // of the set served
  std::string seen_fingerprint_;    // at the last Refresh

  std::mutex watch_mutex_;
  std::condition_variable watch_wake_;
  bool stopping_ = false;
  std::thread watcher_;
};

}  // namespace rungs

#endif  // RUNGS_PROGRESS_FRAMEWORK_LIBRARY_H_
