#include "framework/loader.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "framework/monzo_format.h"
#include "framework/test_util.h"

namespace rungs {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("rungs-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void Write(const std::string& relative, const std::string& bytes) const {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative, std::ios::binary) << bytes;
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(LoaderTest, BundledFrameworksLoadWithIds) {
  LoadResult r = LoadFrameworks(BundledSourceFiles());
  EXPECT_FALSE(HasErrors(r.diagnostics));
  std::vector<std::string> ids;
  for (const Framework& fw : r.frameworks) ids.push_back(fw.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"customer-operations", "frontline-cs-competency-matrix",
                                           "generic"}));
}

TEST(LoaderTest, OneBadFileDoesNotStopTheOthers) {
  TempDir dir;
  dir.Write("good.md",
            "---\npath: /good\ntitle: Good\ntopics:\n  - name: a\n    title: A\n"
            "    content:\n      - level: 1\n        criteria: [\"x\"]\n---\n");
  dir.Write("team/bad.md", "---\ntitle: [unclosed\n---\n");
  dir.Write("README.md", "# not a framework\n");
  LoadResult r = LoadPaths({dir.path().string()});
  ASSERT_EQ(r.frameworks.size(), 1u);
  EXPECT_EQ(r.frameworks[0].id, "good");
  ASSERT_EQ(CountSeverity(r.diagnostics, Severity::kError), 1);
  EXPECT_EQ(r.diagnostics[0].file, (dir.path() / "team/bad.md").string());
  EXPECT_EQ(r.diagnostics[0].line, 3);
}

TEST(LoaderTest, NearestGenericWinsAndIdsFallBackToPaths) {
  TempDir dir;
  dir.Write("generic.md",
            "---\npath: /generic\ntitle: G\ntopics:\n  - name: a\n    title: Top\n"
            "    content:\n      - level: 1\n        criteria: [\"top\"]\n---\n");
  dir.Write("eng/generic.md",
            "---\npath: /eng-generic\ntitle: G\ntopics:\n  - name: a\n"
            "    title: Near\n    content:\n      - level: 1\n"
            "        criteria: [\"near\"]\n---\n");
  dir.Write("eng/web.md", "---\ntitle: Web\nlevels: 1\ntopics:\n  - name: a\n    title:\n---\n");
  LoadResult r = LoadPaths({dir.path().string()});
  const Framework* web = nullptr;
  for (const Framework& fw : r.frameworks) {
    if (fw.id == "eng/web") web = &fw;
  }
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->topics[0].title, "Near");
  ASSERT_EQ(web->topics[0].rungs.size(), 1u);
  EXPECT_EQ(web->topics[0].rungs[0].criteria[0].text, "near");
  EXPECT_TRUE(web->topics[0].rungs[0].criteria[0].from_generic);
  EXPECT_EQ(web->generic_file, (dir.path() / "eng/generic.md").string());
}

TEST(LoaderTest, DuplicateIdsNameBothFiles) {
  TempDir dir;
  dir.Write("a.md", "---\npath: /same\ntitle: A\n---\n");
  dir.Write("b.md", "---\npath: /same\ntitle: B\n---\n");
  LoadResult r = LoadPaths({dir.path().string()});
  ASSERT_EQ(r.frameworks.size(), 1u);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "duplicate-id");
  EXPECT_NE(r.diagnostics[0].message.find("a.md"), std::string::npos);
  EXPECT_EQ(r.diagnostics[0].file, (dir.path() / "b.md").string());
}

TEST(LoaderTest, FiftyMegabyteFileIsRefusedWithAReason) {
  TempDir dir;
  std::string huge = "---\ntitle: Huge\ntopics:\n";
  while (huge.size() < 50u * 1024 * 1024) huge += "  - name: t\n    title: x\n";
  dir.Write("huge.md", huge);
  dir.Write("small.md", "---\npath: /small\ntitle: Small\n---\n");
  LoadResult r = LoadPaths({dir.path().string()});
  ASSERT_EQ(r.frameworks.size(), 1u);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].file, (dir.path() / "huge.md").string());
  EXPECT_EQ(r.diagnostics[0].message, "file is larger than the limit of 16.0 MiB");
  // The importers refuse it too when handed the bytes directly.
  ImportResult direct = ImportMonzo(huge, "huge.md");
  EXPECT_FALSE(direct.framework);
  EXPECT_EQ(direct.diagnostics.at(0).code, "file-too-large");
}

TEST(LoaderTest, EmptyFilesAreErrors) {
  TempDir dir;
  dir.Write("empty.md", "");
  dir.Write("blank.tsv", "\n\n");
  LoadResult r = LoadPaths({dir.path().string()});
  EXPECT_TRUE(r.frameworks.empty());
  ASSERT_EQ(r.diagnostics.size(), 2u);
  for (const Diagnostic& d : r.diagnostics) EXPECT_EQ(d.severity, Severity::kError);
}

TEST(LoaderTest, PathThatEscapesIsNotAnId) {
  TempDir dir;
  dir.Write("evil.md", "---\npath: /../../etc/passwd\ntitle: Evil\n---\n");
  LoadResult r = LoadPaths({dir.path().string()});
  ASSERT_EQ(r.frameworks.size(), 1u);
  EXPECT_EQ(r.frameworks[0].id, "evil");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "invalid-id");
}

TEST(LoaderTest, FrontMatterSettingsAreKeptWithTheirLines) {
  TempDir dir;
  dir.Write("team.md",
            "---\npath: /team\nrungs:\n  window:\n    weeks: 6 # W\n\ntitle: Team\n---\n");
  LoadResult r = LoadPaths({(dir.path() / "team.md").string()});
  ASSERT_EQ(r.frameworks.size(), 1u);
  EXPECT_TRUE(r.diagnostics.empty()) << FormatDiagnostic(r.diagnostics.at(0));
  EXPECT_EQ(r.frameworks[0].settings_yaml, "rungs:\n  window:\n    weeks: 6 # W\n");
  EXPECT_EQ(r.frameworks[0].settings_source, (Provenance{(dir.path() / "team.md").string(), 3, 1}));
}

TEST(LoaderTest, SideFileSettingsAndTheirConflicts) {
  TempDir dir;
  dir.Write("team.md", "---\npath: /team\ntitle: Team\n---\n");
  dir.Write("team.rungs.yaml", "window: {weeks: 6}\n");
  dir.Write("both.md", "---\ntitle: Both\nrungs: {window: {weeks: 3}}\n---\n");
  dir.Write("both.rungs.yaml", "window: {weeks: 6}\n");
  LoadResult r = LoadPaths({dir.path().string()});
  ASSERT_EQ(r.frameworks.size(), 2u);  // side files are not frameworks
  const Framework& both = r.frameworks[0];
  const Framework& team = r.frameworks[1];
  EXPECT_EQ(team.settings_yaml, "window: {weeks: 6}\n");
  EXPECT_EQ(team.settings_source, (Provenance{(dir.path() / "team.rungs.yaml").string(), 1, 1}));
  EXPECT_EQ(both.settings_yaml, "rungs: {window: {weeks: 3}}\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "settings-twice");
  EXPECT_EQ(r.diagnostics[0].file, (dir.path() / "both.rungs.yaml").string());
  // A single file finds its side file too.
  LoadResult single = LoadPaths({(dir.path() / "team.md").string()});
  ASSERT_EQ(single.frameworks.size(), 1u);
  EXPECT_EQ(single.frameworks[0].settings_yaml, "window: {weeks: 6}\n");
}

TEST(LoaderTest, MissingPathIsReported) {
  LoadResult r = LoadPaths({"/nonexistent/rungs"});
  EXPECT_TRUE(r.frameworks.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "no such file or folder");
}

}  // namespace
}  // namespace rungs
