// The identities a mapped reading's rules name (a name in its identity space, or a person of the
// identity map), numbered in the order they first appear, with what each gathers while the rows
// are read: its status intervals (to find overlaps), shifts and review scores. Also, per identity
// space, the names seen, the events made and the event types its rules feed, for the dry run's
// summary. Part of the mapped reader (mapped_events.h).
#ifndef RUNGS_METRICS_MAPPED_IDENTITIES_H_
#define RUNGS_METRICS_MAPPED_IDENTITIES_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "metrics/mapped_events.h"
#include "metrics/mapping.h"

namespace rungs {

using Stretch = std::pair<int64_t, int64_t>;  // [first, second) in seconds

// A status interval as read, by its start: to find one that overlaps it.
struct Span {
  int64_t end = 0;
  int64_t line = 0;
  MappedType type = MappedType::kStatusActive;
};

struct MappedIdentity {
  std::string name;
  std::string space;
  std::map<int64_t, Span> spans;                    // status intervals by start
  std::vector<Stretch> shifts;                      // as read (UTC), merged when folding
  std::vector<std::pair<int64_t, double>> reviews;  // (time, score), filled once rows are read
  uint32_t feeds = 0;                               // bit per MappedType its space's rules make
  int64_t made = 0;                                 // events, shifts and ratings
};

inline uint32_t FeedBit(MappedType t) { return 1u << static_cast<int>(t); }
inline bool Feeds(uint32_t feeds, MappedType t) { return (feeds & FeedBit(t)) != 0; }

class MappedIdentities {
 public:
  // The number of `name` in `space`, added when new. Intern and NoteName may be called from
  // several threads at once (slices of an export); nothing else may while they are.
  uint32_t Intern(const std::string& space, std::string_view name);
  size_t size() const { return identities_.size(); }
  MappedIdentity& operator[](uint32_t i) { return identities_[i]; }
  const MappedIdentity& operator[](uint32_t i) const { return identities_[i]; }
  std::vector<MappedIdentity>& all() { return identities_; }

  // A rule of `space` makes events of type `t`.
  void AddFeed(const std::string& space, MappedType t) { space_feeds_[space] |= FeedBit(t); }
  uint32_t FeedsOf(const std::string& space) const;
  // A rule named `name` in `space` (before the identity map joins it to a person).
  void NoteName(const std::string& space, const std::string& name) {
    const std::lock_guard<std::mutex> lock(mutex_);
    space_names_[space].insert(name);
  }
  // `n` events made in `space`.
  void CountEvents(const std::string& space, int64_t n) { space_events_[space] += n; }
  // Every space a rule named someone in, by name.
  std::vector<SpaceSummary> Spaces() const;

 private:
  std::mutex mutex_;  // for Intern and NoteName
  std::vector<MappedIdentity> identities_;
  std::unordered_map<std::string, uint32_t> index_;  // space, '\x1f', name
  std::map<std::string, uint32_t> space_feeds_;
  std::map<std::string, int64_t> space_events_;
  std::map<std::string, std::set<std::string>> space_names_;
};

}  // namespace rungs

#endif  // RUNGS_METRICS_MAPPED_IDENTITIES_H_
