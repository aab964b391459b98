// Half-open ranges [first, second) as pairs: time stretches in seconds, byte ranges of a text.
#ifndef RUNGS_UTIL_RANGES_H_
#define RUNGS_UTIL_RANGES_H_

#include <algorithm>
#include <utility>
#include <vector>

namespace rungs {

// The ranges sorted, with overlapping or touching ones joined into one.
template <typename T>
std::vector<std::pair<T, T>> UnionOfRanges(std::vector<std::pair<T, T>> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<T, T>> merged;
  for (const std::pair<T, T>& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

}  // namespace rungs

#endif  // RUNGS_UTIL_RANGES_H_
