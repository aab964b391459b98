// The frameworks people progress on, as the store knows them. At start-up every loaded
// framework is recorded as a version (stored once per distinct content), so a check-in can point
// at exactly the text it was made against. Older versions are read back from the store on
// demand, with the map that carries their results onto the current version (matching.h); both
// are cached, since versions never change, and so are the measured targets of each current
// version (metrics/targets.h), so no request parses criterion text again.
#ifndef RUNGS_PROGRESS_CATALOG_H_
#define RUNGS_PROGRESS_CATALOG_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "framework/model.h"
#include "metrics/targets.h"
#include "progress/matching.h"
#include "store/store.h"

namespace rungs {

struct CurrentFramework {
  const Framework* framework = nullptr;
  int64_t version_id = 0;
};

// The frameworks may be replaced while the server runs (framework_library.h reloads them):
// Register swaps in a new set and raises Generation(). Every set registered stays in memory
// until the catalog goes, since a request may still hold a pointer into an earlier one (a set is
// the size of its frameworks' text, and sets change only when an admin changes a file).
class FrameworkCatalog {
 public:
  using FrameworkSet = std::vector<Framework>;
  explicit FrameworkCatalog(Store& store) : store_(store) {}

  // Records each framework's current version in the store and makes `frameworks` current.
  Status Register(std::shared_ptr<const FrameworkSet> frameworks);
  // For a set that outlives the catalog (tests, tools).
  Status Register(const FrameworkSet& frameworks);

  // The current version of `framework_id`; framework null when it is not loaded.
  CurrentFramework Current(const std::string& framework_id) const;
  std::vector<CurrentFramework> All() const;
  // The frameworks of the last Register (for readers that take the list, such as rosters).
  std::shared_ptr<const FrameworkSet> Frameworks() const;
  // Raised by every Register: what was built from the frameworks before is stale.
  int64_t Generation() const;

  // A stored version, parsed.
  Result<std::shared_ptr<const Framework>> Version(int64_t version_id);
  // Maps `version_id`'s criteria onto the current version of its framework (empty for the
  // current version itself).
  Result<std::shared_ptr<const CriterionMap>> MapToCurrent(int64_t version_id);
  // Every older version that results may come from, mapped, for StandingInput::older.
  Result<std::map<int64_t, CriterionMap>> MapsFor(const std::vector<AgreedResult>& agreed);
  // The measured targets of a current version (ResolveTargets), read from its text once.
  std::shared_ptr<const FrameworkTargets> Targets(const CurrentFramework& current);

 private:
  Store& store_;
  mutable std::mutex mutex_;
  std::shared_ptr<const FrameworkSet> frameworks_ = std::make_shared<const FrameworkSet>();
  std::vector<std::shared_ptr<const FrameworkSet>> registered_;  // every set, kept
  std::vector<CurrentFramework> current_;
  int64_t generation_ = 0;
  std::map<int64_t, std::shared_ptr<const Framework>> versions_;
  std::map<int64_t, std::shared_ptr<const CriterionMap>> maps_;
  std::map<int64_t, std::shared_ptr<const FrameworkTargets>> targets_;  // by version id
};

}  // namespace rungs

#endif  // RUNGS_PROGRESS_CATALOG_H_
