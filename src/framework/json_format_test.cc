#include "framework/json_format.h"

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "framework/loader.h"
#include "framework/monzo_format.h"
#include "framework/test_util.h"

namespace rungs {
namespace {

TEST(JsonFormatTest, BundledFrameworksRoundTripExactly) {
  LoadResult loaded = LoadFrameworks(BundledSourceFiles());
  ASSERT_EQ(loaded.frameworks.size(), 3u);
  for (const Framework& fw : loaded.frameworks) {
    ImportResult back = ImportJson(ExportJson(fw), fw.id + ".json");
    ASSERT_TRUE(back.framework) << FormatDiagnostic(back.diagnostics.at(0));
    EXPECT_EQ(*back.framework, fw) << fw.id;
  }
}

TEST(JsonFormatTest, CorpusRoundTripsExactly) {
  std::vector<Framework> all;
  for (const auto& owner : std::filesystem::directory_iterator(SharedPath("corpus/monzo-format"))) {
    LoadResult loaded = LoadPaths({owner.path().string()});
    all.insert(all.end(), loaded.frameworks.begin(), loaded.frameworks.end());
  }
  ASSERT_GE(all.size(), 126u);
  for (const Framework& fw : all) {
    ImportResult back = ImportJson(ExportJson(fw), "x.json");
    ASSERT_TRUE(back.framework) << fw.id;
    EXPECT_EQ(*back.framework, fw) << fw.id;
  }
}

TEST(JsonFormatTest, SettingsRoundTripAndAreLeftOutWhenEmpty) {
  ImportResult monzo = ImportMonzo(
      "---\ntitle: T\nrungs:\n  window: {weeks: 6}\ntopics:\n  - name: a\n    title: A\n"
      "    content:\n      - level: 1\n        criteria: [\"x\"]\n---\n",
      "t.md");
  ASSERT_TRUE(monzo.framework);
  const Framework& fw = *monzo.framework;
  EXPECT_EQ(fw.settings_yaml, "rungs:\n  window: {weeks: 6}\n");
  EXPECT_EQ(fw.settings_source, (Provenance{"t.md", 3, 1}));
  EXPECT_EQ(FrameworkToJson(fw)["settings"]["yaml"], fw.settings_yaml);
  ImportResult back = ImportJson(ExportJson(fw), "t.json");
  ASSERT_TRUE(back.framework);
  EXPECT_EQ(*back.framework, fw);
  Framework plain = fw;
  plain.settings_yaml.clear();
  plain.settings_source = {};
  EXPECT_FALSE(FrameworkToJson(plain).contains("settings"));
}

TEST(JsonFormatTest, ErrorsNameTheField) {
  ImportResult r = ImportJson(R"({"format": "rungs-framework", "version": 1, "id": 7})", "f.json");
  EXPECT_FALSE(r.framework);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "id: must be a string");
}

TEST(JsonFormatTest, SyntaxErrorsHaveLineAndColumn) {
  ImportResult r = ImportJson("{\n  \"format\": \"rungs-framework\",\n  oops\n}", "f.json");
  EXPECT_FALSE(r.framework);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_EQ(r.diagnostics[0].code, "json-syntax");
}

}  // namespace
}  // namespace rungs
