// The wall clock as the project stores it: whole seconds since the Unix epoch (UTC). One
// definition, so the store's stamps, sessions' expiry and pages' "now" agree.
#ifndef RUNGS_UTIL_CLOCK_H_
#define RUNGS_UTIL_CLOCK_H_

#include <chrono>
#include <cstdint>

namespace rungs {

inline int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace rungs

#endif  // RUNGS_UTIL_CLOCK_H_
