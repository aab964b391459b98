#include "metrics/mapped_identities.h"

namespace rungs {

uint32_t MappedIdentities::Intern(const std::string& space, std::string_view name) {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::string key = space;
  key.push_back('\x1f');
  key.append(name);
  const auto [it, added] =
      index_.try_emplace(std::move(key), static_cast<uint32_t>(identities_.size()));
  if (added) {
    identities_.emplace_back();
    identities_.back().name = std::string(name);
    identities_.back().space = space;
  }
  return it->second;
}

uint32_t MappedIdentities::FeedsOf(const std::string& space) const {
  const auto it = space_feeds_.find(space);
  return it == space_feeds_.end() ? 0 : it->second;
}

std::vector<SpaceSummary> MappedIdentities::Spaces() const {
  std::vector<SpaceSummary> spaces;
  for (const auto& [space, names] : space_names_) {
    SpaceSummary s;
    s.name = space;
    s.identities = static_cast<int64_t>(names.size());
    const auto it = space_events_.find(space);
    s.events = it == space_events_.end() ? 0 : it->second;
    const uint32_t feeds = FeedsOf(space);
    for (int t = 0; t < kMappedTypeCount; ++t) {
      if (Feeds(feeds, static_cast<MappedType>(t))) {
        s.feeds.emplace_back(MappedTypeName(static_cast<MappedType>(t)));
      }
    }
    spaces.push_back(std::move(s));
  }
  return spaces;
}

}  // namespace rungs
