// Shared by the metrics tests: a mapping from YAML text, and the files in a spill folder.
#ifndef RUNGS_METRICS_METRICS_TEST_SUPPORT_H_
#define RUNGS_METRICS_METRICS_TEST_SUPPORT_H_

#include <cstddef>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "metrics/mapping.h"

namespace rungs::test {

// The mapping `yaml` describes; a test failure with its diagnostics when it does not load.
inline Mapping LoadMappingYaml(const std::string& yaml) {
  const MappingLoad load = ParseMapping(yaml, "m.yaml");
  std::string all;
  for (const Diagnostic& d : load.diagnostics) all += FormatDiagnostic(d) + "\n";
  EXPECT_TRUE(load.mapping) << all;
  return load.mapping ? *load.mapping : Mapping();
}

inline size_t FilesIn(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace rungs::test

#endif  // RUNGS_METRICS_METRICS_TEST_SUPPORT_H_
