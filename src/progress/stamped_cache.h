// A small cache of values built from the store, each remembered with the store's change stamp
// (Store::ChangeStamp) at the time it was built: a value is served only while the stamp is
// unchanged, so any write anywhere (on this instance or another) retires everything built
// before it. Keeps the most recently used values up to a capacity. Safe to share between
// threads; values are immutable and shared, so a reader keeps its copy alive after eviction.
// Keys are compared whole (a string key is never matched by its hash alone), so a value built for
// one viewer cannot be served to another.
#ifndef RUNGS_PROGRESS_STAMPED_CACHE_H_
#define RUNGS_PROGRESS_STAMPED_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <exception>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "util/status.h"

namespace rungs {

template <typename Value, typename Key = int64_t>
class StampedCache {
 public:
  explicit StampedCache(size_t capacity) : capacity_(capacity) {}

  // The value for `key` built at `stamp`; null when there is none or it was built at another.
  std::shared_ptr<const Value> Find(const Key& key, int64_t stamp) {
    std::lock_guard lock(mutex_);
    return FindLocked(key, stamp);
  }

  // Remembers `value` for `key` as built at `stamp` (read before the data it was built from,
  // so a write racing the build leaves a stamp that no longer matches: a miss, never a stale
  // hit).
  void Put(const Key& key, int64_t stamp, std::shared_ptr<const Value> value) {
    std::lock_guard lock(mutex_);
    PutLocked(key, stamp, std::move(value));
  }

  // The value for `key` at `stamp`, or the one `build` makes (a Result of a shared value),
  // remembered when it is ok. Callers asking for the same key and stamp while it is being built
  // wait for that build rather than repeat it: after a write, a team of readers opening one
  // page would otherwise all build it at once, each slower for the others.
  template <typename Build>
  Result<std::shared_ptr<const Value>> FindOrBuild(const Key& key, int64_t stamp, Build build) {
    using Built = Result<std::shared_ptr<const Value>>;
    std::promise<Built> promise;
    std::shared_future<Built> building;
    {
      std::lock_guard lock(mutex_);
      if (std::shared_ptr<const Value> found = FindLocked(key, stamp)) return found;
      auto [at, first] = building_.try_emplace({key, stamp});
      if (first) {
        at->second = promise.get_future().share();
      } else {
        building = at->second;
      }
    }
    if (building.valid()) return building.get();
    auto finish = [&](const Built* built) {
      std::lock_guard lock(mutex_);
      if (built != nullptr && built->ok()) PutLocked(key, stamp, **built);
      building_.erase({key, stamp});
    };
    try {
      Built built = build();
      finish(&built);
      promise.set_value(built);
      return built;
    } catch (...) {
      finish(nullptr);
      promise.set_exception(std::current_exception());
      throw;
    }
  }

  size_t size() {
    std::lock_guard lock(mutex_);
    return recent_.size();
  }

 private:
  std::shared_ptr<const Value> FindLocked(const Key& key, int64_t stamp) {
    auto found = by_key_.find(key);
    if (found == by_key_.end()) return nullptr;
    if (found->second->stamp != stamp) {
      recent_.erase(found->second);
      by_key_.erase(found);
      return nullptr;
    }
    recent_.splice(recent_.begin(), recent_, found->second);
    return found->second->value;
  }

  void PutLocked(const Key& key, int64_t stamp, std::shared_ptr<const Value> value) {
    if (capacity_ == 0) return;
    auto found = by_key_.find(key);
    if (found != by_key_.end()) {
      recent_.erase(found->second);
      by_key_.erase(found);
    }
    recent_.push_front({key, stamp, std::move(value)});
    by_key_[key] = recent_.begin();
    if (recent_.size() > capacity_) {
      by_key_.erase(recent_.back().key);
      recent_.pop_back();
    }
  }

  struct Entry {
    Key key;
    int64_t stamp;
    std::shared_ptr<const Value> value;
  };
  const size_t capacity_;
  std::mutex mutex_;
  std::list<Entry> recent_;  // most recently used first
  std::unordered_map<Key, typename std::list<Entry>::iterator> by_key_;
  // Builds under way (FindOrBuild), by key and stamp.
  std::map<std::pair<Key, int64_t>, std::shared_future<Result<std::shared_ptr<const Value>>>>
      building_;
};

}  // namespace rungs

#endif  // RUNGS_PROGRESS_STAMPED_CACHE_H_
