#include "progress/catalog.h"

#include <set>

#include <fmt/format.h>

#include "framework/json_format.h"
#include "util/hash.h"

namespace rungs {

Status FrameworkCatalog::Register(std::shared_ptr<const FrameworkSet> frameworks) {
  std::vector<CurrentFramework> current;
  for (const Framework& fw : *frameworks) {
    if (!fw.yaml) continue;  // a Markdown page: nothing to progress on
    FrameworkVersion version;
    version.framework_id = fw.id;
    version.json = ExportJson(fw);
    version.content_hash = Sha256Hex(version.json);
    Result<FrameworkVersion> stored = store_.PutFrameworkVersion(version, Actor::System());
    if (!stored.ok()) return stored.status();
    current.push_back({&fw, stored->id});
  }
  std::lock_guard lock(mutex_);
  registered_.push_back(frameworks);
  frameworks_ = std::move(frameworks);
  current_ = std::move(current);
  ++generation_;
  maps_.clear();  // they map onto the versions that were current
  return Status::Ok();
}

Status FrameworkCatalog::Register(const FrameworkSet& frameworks) {
  // Not owned: the caller keeps the set alive.
  return Register(std::shared_ptr<const FrameworkSet>(&frameworks, [](const FrameworkSet*) {}));
}

CurrentFramework FrameworkCatalog::Current(const std::string& framework_id) const {
  std::lock_guard lock(mutex_);
  for (const CurrentFramework& c : current_) {
    if (c.framework->id == framework_id) return c;
  }
  return {};
}

std::vector<CurrentFramework> FrameworkCatalog::All() const {
  std::lock_guard lock(mutex_);
  return current_;
}

std::shared_ptr<const FrameworkCatalog::FrameworkSet> FrameworkCatalog::Frameworks() const {
  std::lock_guard lock(mutex_);
  return frameworks_;
}

int64_t FrameworkCatalog::Generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

Result<std::shared_ptr<const Framework>> FrameworkCatalog::Version(int64_t version_id) {
  {
    std::lock_guard lock(mutex_);
    auto found = versions_.find(version_id);
    if (found != versions_.end()) return found->second;
  }
  Result<FrameworkVersion> stored = store_.GetFrameworkVersion(version_id);
  if (!stored.ok()) return stored.status();
  ImportResult imported = ImportJson(stored->json, fmt::format("framework version {}", version_id));
  if (!imported.framework) {
    return Status::Internal(
        fmt::format("framework version {} in the store does not parse", version_id));
  }
  auto parsed = std::make_shared<const Framework>(std::move(*imported.framework));
  std::lock_guard lock(mutex_);
  versions_.emplace(version_id, parsed);
  return parsed;
}

Result<std::shared_ptr<const CriterionMap>> FrameworkCatalog::MapToCurrent(int64_t version_id) {
  {
    std::lock_guard lock(mutex_);
    auto found = maps_.find(version_id);
    if (found != maps_.end()) return found->second;
  }
  Result<std::shared_ptr<const Framework>> old = Version(version_id);
  if (!old.ok()) return old.status();
  const int64_t generation = Generation();
  const CurrentFramework now = Current((*old)->id);
  auto map = std::make_shared<CriterionMap>();
  if (now.framework != nullptr && now.version_id != version_id) {
    *map = MatchCriteria(**old, *now.framework);
  }
  std::lock_guard lock(mutex_);
  // A Register while this was built made it a map onto an older set: use it, do not keep it.
  if (generation == generation_) maps_.emplace(version_id, map);
  return std::shared_ptr<const CriterionMap>(map);
}

Result<std::map<int64_t, CriterionMap>> FrameworkCatalog::MapsFor(
    const std::vector<AgreedResult>& agreed) {
  std::set<int64_t> versions;
  for (const AgreedResult& a : agreed) versions.insert(a.framework_version_id);
  std::map<int64_t, CriterionMap> maps;
  for (int64_t id : versions) {
    Result<std::shared_ptr<const CriterionMap>> map = MapToCurrent(id);
    if (!map.ok()) return map.status();
    maps.emplace(id, **map);
  }
  return maps;
}

std::shared_ptr<const FrameworkTargets> FrameworkCatalog::Targets(const CurrentFramework& current) {
  if (current.framework == nullptr) return std::make_shared<const FrameworkTargets>();
  {
    std::lock_guard lock(mutex_);
    auto found = targets_.find(current.version_id);
    if (found != targets_.end()) return found->second;
  }
  auto targets = std::make_shared<const FrameworkTargets>(ResolveTargets(*current.framework));
  std::lock_guard lock(mutex_);
  return targets_.emplace(current.version_id, targets).first->second;
}

}  // namespace rungs
