// Helpers shared by the framework tests: reading the shared seeds and corpus.
#ifndef RUNGS_FRAMEWORK_TEST_UTIL_H_
#define RUNGS_FRAMEWORK_TEST_UTIL_H_

#include <string>

#include <gtest/gtest.h>

#include "util/file.h"

namespace rungs {

inline std::string SharedPath(const std::string& relative) {
  return std::string(RUNGS_SHARED_DIR) + "/" + relative;
}

inline std::string ReadShared(const std::string& relative) {
  const FileContents f = ReadFileCapped(SharedPath(relative), 64 << 20);
  EXPECT_TRUE(f.ok) << relative << ": " << f.error;
  return f.bytes;
}

inline std::string kMonzoSeed() { return "seeds/001_44d20e5d94228d15.txt"; }
inline std::string kMatrixSeed() { return "seeds/000_fe4a8565f30ada35.txt"; }

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_TEST_UTIL_H_
