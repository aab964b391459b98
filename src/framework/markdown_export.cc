#include "framework/markdown_export.h"

#include <fmt/format.h>

#include "util/text.h"

namespace rungs {
namespace {

// Criterion text is one list item: its line breaks become spaces.
std::string Inline(const std::string& text) { return NormalizeSpace(text); }

}  // namespace

std::string ExportMarkdown(const Framework& fw) {
  std::string out = fmt::format("# {}\n\n", fw.title);
  if (!fw.yaml || fw.topics.empty()) {
    out += fw.body;
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
  }
  for (const Level& level : fw.levels) {
    for (const Rung& rung : level.rungs) {
      std::string heading =
          level.rungs.size() > 1 ? level.name + " \u00B7 " + rung.label : level.name;
      if (fw.format == "matrix") heading = fmt::format("{}. {}", level.number, level.name);
      if (!level.band.empty()) heading += fmt::format(" ({} band)", level.band);
      out += fmt::format("## {}\n\n", heading);
      for (const Topic& topic : fw.topics) {
        const TopicRung* tr = FindTopicRung(topic, rung.id);
        if (tr == nullptr) continue;
        out += fmt::format("### {}\n\n", topic.title);
        if (tr->criteria.empty() && !tr->placeholder.empty()) {
          out += fmt::format("_{}_\n\n", tr->placeholder);
          continue;
        }
        for (const Criterion& c : tr->criteria) {
          out += fmt::format("- {}", Inline(c.text));
          if (c.reference && !c.reference->rung.empty()) {
            const Rung* target = FindRung(fw, c.reference->rung);
            out += fmt::format(" (includes {})", target ? target->label : c.reference->rung);
          }
          if (c.from_generic) out += " _(from generic)_";
          out += "\n";
          for (const Example& e : c.examples) out += fmt::format("  - _{}_\n", Inline(e.text));
        }
        out += "\n";
      }
    }
  }
  return out;
}

}  // namespace rungs
