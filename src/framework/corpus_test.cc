// Walks the whole shared corpus: every Monzo-format file must import (or fail only where it
// is truly broken), and the criteria the model holds must match an independent count made
// straight from the YAML, itself checked against the counts in corpus/SOURCES.md (PyYAML).
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "framework/loader.h"
#include "framework/monzo_format.h"
#include "framework/test_util.h"
#include "util/text.h"

namespace rungs {
namespace {

namespace fs = std::filesystem;

struct YamlCount {
  int criteria = 0;         // items of `criteria:` lists (what SOURCES.md calls criteria)
  int example_entries = 0;  // exampleCriteria entries (SOURCES.md's exampleCriteria)
  int assessable = 0;       // what the model must hold as the file's own criteria
  int examples = 0;         // examples illustrating a criterion (not sublevel headings)
};

// Counts straight from the YAML, without the importer.
YamlCount CountYaml(const std::string& bytes) {
  YamlCount count;
  const size_t start = bytes.find('\n') + 1;
  size_t end = bytes.find("\n---", start);
  if (end == std::string::npos) end = bytes.size();
  const YAML::Node root = YAML::Load(bytes.substr(start, end - start + 1));
  if (!root["topics"] || !root["topics"].IsSequence()) return count;
  std::set<std::string> names;
  for (const YAML::Node& topic : root["topics"]) {
    if (!topic["name"] || topic["name"].Scalar().empty()) continue;
    if (!names.insert(topic["name"].Scalar()).second) continue;
    if (!topic["content"] || !topic["content"].IsSequence()) continue;
    for (const YAML::Node& level : topic["content"]) {
      if (level["criteria"] && level["criteria"].IsSequence()) {
        count.criteria += static_cast<int>(level["criteria"].size());
        count.assessable += static_cast<int>(level["criteria"].size());
      }
      if (!level["exampleCriteria"] || !level["exampleCriteria"].IsSequence()) continue;
      for (const YAML::Node& entry : level["exampleCriteria"]) {
        ++count.example_entries;
        const int n = entry["examples"] && entry["examples"].IsSequence()
                          ? static_cast<int>(entry["examples"].size())
                          : 0;
        const std::string heading = ToLowerAscii(NormalizeSpace(entry["criteria"].Scalar()));
        if (StartsWith(heading, "criteria for sublevel")) {
          count.assessable += n;
        } else {
          count.assessable += 1;
          count.examples += n;
        }
      }
    }
  }
  return count;
}

// "| monzo-format/x/y.md | 6 | 5 | 2 | 0 | 6 | 121 | 14 | ..." -> {121, 14}
std::map<std::string, std::pair<int, int>> SourcesTable() {
  std::map<std::string, std::pair<int, int>> table;
  for (std::string_view line : SplitLines(ReadShared("corpus/SOURCES.md"))) {
    if (!StartsWith(line, "| monzo-format/")) continue;
    std::vector<std::string> cells;
    size_t pos = 1;
    while (pos < line.size()) {
      const size_t bar = line.find('|', pos);
      if (bar == std::string_view::npos) break;
      cells.emplace_back(Trim(line.substr(pos, bar - pos)));
      pos = bar + 1;
    }
    if (cells.size() < 9 || cells[6].empty() || !std::isdigit(cells[6][0])) continue;
    table[cells[0]] = {std::stoi(cells[6]), std::stoi(cells[7])};
  }
  return table;
}

TEST(CorpusTest, EveryMonzoFileImportsWithMatchingCounts) {
  const auto sources = SourcesTable();
  const fs::path root = SharedPath("corpus/monzo-format");
  int files = 0;
  int checked_against_sources = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".md") continue;
    ++files;
    const std::string relative = fs::relative(entry.path(), SharedPath("corpus")).generic_string();
    const std::string bytes = ReadShared("corpus/" + relative);
    LoadResult r = LoadPaths({entry.path().string()});
    ASSERT_EQ(r.frameworks.size(), 1u)
        << relative << ": " << (r.diagnostics.empty() ? "" : FormatDiagnostic(r.diagnostics[0]));
    EXPECT_FALSE(HasErrors(r.diagnostics))
        << relative << ": " << FormatDiagnostic(r.diagnostics[0]);
    const Framework& fw = r.frameworks[0];

    const YamlCount yaml = CountYaml(bytes);
    int own = 0;
    int examples = 0;
    for (const Topic& t : fw.topics) {
      for (const TopicRung& tr : t.rungs) {
        for (const Criterion& c : tr.criteria) {
          if (c.from_generic) continue;
          ++own;
          examples += static_cast<int>(c.examples.size());
        }
      }
    }
    EXPECT_EQ(own, yaml.assessable) << relative;
    EXPECT_EQ(examples, yaml.examples) << relative;
    auto it = sources.find(relative);
    ASSERT_NE(it, sources.end()) << relative << " is not in SOURCES.md";
    // PyYAML could not read the files with a tab after a list dash: it counted 0 there.
    if (it->second.first + it->second.second > 0) {
      EXPECT_EQ(yaml.criteria, it->second.first) << relative;
      EXPECT_EQ(yaml.example_entries, it->second.second) << relative;
      ++checked_against_sources;
    }
  }
  EXPECT_EQ(files, 127);
  EXPECT_GE(checked_against_sources, 100);
}

TEST(CorpusTest, WholeCorpusLoadsAsOneSetWithoutErrors) {
  // Each owner's folder is a frameworks/ tree of its own, as a Monzo fork has.
  for (const auto& owner : fs::directory_iterator(SharedPath("corpus/monzo-format"))) {
    LoadResult r = LoadPaths({owner.path().string()});
    EXPECT_FALSE(r.frameworks.empty()) << owner.path();
    for (const Diagnostic& d : r.diagnostics) {
      if (d.severity != Severity::kError) continue;
      // The one truly broken set: andyfarmerTUISHG's drupal.md kept web.md's path.
      if (owner.path().filename() == "andyfarmerTUISHG" && d.code == "duplicate-id") {
        EXPECT_NE(d.file.find("web.md"), std::string::npos);
        EXPECT_NE(d.message.find("'engineering/web' is already used by"), std::string::npos);
        EXPECT_NE(d.message.find("drupal.md"), std::string::npos);
        continue;
      }
      ADD_FAILURE() << FormatDiagnostic(d);
    }
  }
}

TEST(CorpusTest, KnownQuirksHaveTheirOutcome) {
  // Monzo's people.md has a tab after a list dash: valid YAML 1.2, it must import.
  LoadResult people = LoadPaths({SharedPath("corpus/monzo-format/monzo/people.md")});
  ASSERT_EQ(people.frameworks.size(), 1u);
  EXPECT_GT(CountCriteria(people.frameworks[0]), 100u);
  // programmai's people.md never closes its front matter: imports with a warning at line 1.
  LoadResult open = LoadPaths({SharedPath("corpus/monzo-format/programmai/people.md")});
  ASSERT_EQ(open.frameworks.size(), 1u);
  bool warned = false;
  for (const Diagnostic& d : open.diagnostics) {
    warned |= d.code == "unterminated-front-matter" && d.line == 1;
  }
  EXPECT_TRUE(warned);
  // yaml: false pages keep their Markdown body.
  LoadResult page = LoadPaths({SharedPath("corpus/monzo-format/monzo/product-design.md")});
  ASSERT_EQ(page.frameworks.size(), 1u);
  EXPECT_FALSE(page.frameworks[0].yaml);
  EXPECT_NE(page.frameworks[0].body.find("### Knowledge"), std::string::npos);
  // Stu1986c's levelPrefix names its levels; content above `levels: 5` is kept.
  LoadResult prefixed = LoadPaths({SharedPath("corpus/monzo-format/Stu1986c/fullstack.md")});
  ASSERT_EQ(prefixed.frameworks.size(), 1u);
  EXPECT_EQ(prefixed.frameworks[0].levels.size(), 7u);
  EXPECT_EQ(prefixed.frameworks[0].levels[0].name, "E1");
}

}  // namespace
}  // namespace rungs
