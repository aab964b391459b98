// Shared by the framework tests: the bundled frameworks, loaded once.
#ifndef RUNGS_FRAMEWORK_FRAMEWORK_TEST_SUPPORT_H_
#define RUNGS_FRAMEWORK_FRAMEWORK_TEST_SUPPORT_H_

#include <string>

#include <gtest/gtest.h>

#include "framework/loader.h"

namespace rungs::test {

// The bundled framework `id`; a test failure (and an empty framework) when there is none.
inline const Framework& BundledFramework(const std::string& id) {
  static const LoadResult loaded = LoadFrameworks(BundledSourceFiles());
  for (const Framework& fw : loaded.frameworks) {
    if (fw.id == id) return fw;
  }
  ADD_FAILURE() << "no bundled framework " << id;
  static const Framework none;
  return none;
}

}  // namespace rungs::test

#endif  // RUNGS_FRAMEWORK_FRAMEWORK_TEST_SUPPORT_H_
