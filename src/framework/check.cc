#include "framework/check.h"

#include <set>

#include <fmt/format.h>

#include "util/text.h"

namespace rungs {
namespace {

Diagnostic At(Severity severity, const Provenance& p, std::string code, std::string message) {
  return {severity, p.file, p.line, p.column, std::move(code), std::move(message)};
}

}  // namespace

Diagnostics Lint(const Framework& fw) {
  Diagnostics out;
  if (!fw.yaml || fw.topics.empty()) return out;
  std::set<int> levels_with_content;
  for (const Topic& topic : fw.topics) {
    std::set<int> levels;
    for (const TopicRung& tr : topic.rungs) {
      if (const Rung* rung = FindRung(fw, tr.rung)) levels.insert(rung->level);
      std::set<std::string> seen;
      for (const Criterion& c : tr.criteria) {
        if (Trim(c.text).empty()) {
          out.push_back(At(Severity::kWarning, c.source, "empty-criterion",
                           fmt::format("criterion in topic '{}' at {} is empty", topic.name,
                                       tr.rung)));
          continue;
        }
        if (!seen.insert(NormalizeSpace(c.text)).second) {
          out.push_back(At(Severity::kWarning, c.source, "repeated-criterion",
                           fmt::format("criterion is listed twice in topic '{}' at {}",
                                       topic.name, tr.rung)));
        }
      }
    }
    levels_with_content.insert(levels.begin(), levels.end());
    if (topic.rungs.empty()) {
      out.push_back(At(Severity::kWarning, topic.source, "topic-without-content",
                       fmt::format("topic '{}' has no criteria at any level", topic.name)));
      continue;
    }
    std::string missing;
    for (const Level& level : fw.levels) {
      if (levels.count(level.number) == 0) {
        missing += (missing.empty() ? "" : ", ") + level.name;
      }
    }
    if (!missing.empty()) {
      out.push_back(At(Severity::kNote, topic.source, "topic-missing-level",
                       fmt::format("topic '{}' has nothing for {}", topic.name, missing)));
    }
  }
  for (const Level& level : fw.levels) {
    if (levels_with_content.count(level.number) == 0) {
      out.push_back(At(Severity::kWarning, level.source, "empty-level",
                       fmt::format("no topic has criteria for {}", level.name)));
    }
  }
  return out;
}

}  // namespace rungs
