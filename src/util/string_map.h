// Strings to values in one flat table with linear probing. A lookup of a key seen before is a
// hash, a masked slot, a 32-bit hash check and one string comparison, where std::unordered_map
// divides by a prime and follows a pointer to a node: the mapped helpdesk reader looks up a
// name per event, and the map's lookups were an eighth of its time. Keys are never removed;
// a value's address is stable only until the next Insert.
#ifndef RUNGS_UTIL_STRING_MAP_H_
#define RUNGS_UTIL_STRING_MAP_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rungs {

template <typename V>
class StringMap {
 public:
  // The value of `key`, or null.
  V* Find(std::string_view key) {
    if (entries_.empty()) return nullptr;
    const size_t hash = std::hash<std::string_view>()(key);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.entry == 0) return nullptr;
      if (slot.hash == static_cast<uint32_t>(hash)) {
        Entry& e = entries_[slot.entry - 1];
        if (e.key == key) return &e.value;
      }
    }
  }

  // Adds `key`, which must not be in the map yet, with `value`.
  V& Insert(std::string_view key, V value) {
    // At most half full, so a probe ends soon at an empty slot.
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    entries_.push_back(Entry{std::string(key), std::move(value)});
    Place(std::hash<std::string_view>()(key), static_cast<uint32_t>(entries_.size()));
    return entries_.back().value;
  }

  size_t size() const { return entries_.size(); }

 private:
  struct Slot {
    uint32_t hash = 0;
    uint32_t entry = 0;  // index in entries_ + 1; 0: empty
  };
  struct Entry {
    std::string key;
    V value;
  };

  void Place(size_t hash, uint32_t entry) {
    size_t i = hash & mask_;
    while (slots_[i].entry != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{static_cast<uint32_t>(hash), entry};
  }

  void Grow() {
    const size_t size = slots_.empty() ? 16 : slots_.size() * 2;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    for (size_t e = 0; e < entries_.size(); ++e) {
      Place(std::hash<std::string_view>()(entries_[e].key), static_cast<uint32_t>(e + 1));
    }
  }

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  size_t mask_ = 0;
};

}  // namespace rungs

#endif  // RUNGS_UTIL_STRING_MAP_H_
