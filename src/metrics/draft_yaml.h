// The YAML text of a mapping drafted by `rungs mapping init` (mapping_draft.h): a commented
// mapping whose every choice says why it was made, with a `# QUESTION:` comment wherever a
// person must decide (the same questions are returned as a list, for a page). Every name from
// the export is written as a double-quoted YAML scalar with escapes, and shown in comments with
// control characters replaced, so no header can break the file. What a draft cannot guess (the
// person or the time column) is left as a commented key under a question: the mapping loader
// then names the missing key at its rule.
#ifndef RUNGS_METRICS_DRAFT_YAML_H_
#define RUNGS_METRICS_DRAFT_YAML_H_

#include <string>
#include <string_view>
#include <vector>

#include "metrics/draft_columns.h"
#include "metrics/export_sample.h"
#include "metrics/mapping_draft.h"

namespace rungs {

struct DraftText {
  std::string yaml;
  std::vector<DraftQuestion> questions;
  std::string time_format;  // as written in the YAML
};

// A draft from the guesses; `name` is the mapping's name.
DraftText WriteDraftYaml(const ExportSample& sample, const ColumnGuesses& guesses,
                         const std::string& name);

// A shipped mapping's text (`shipped_yaml`) with a comment block on top saying how it matched
// and the questions; `name`, when given, replaces its name.
DraftText WriteShippedYaml(const ExportSample& sample, const MappingDraft& draft,
                           std::string_view shipped_yaml, const std::string& name,
                           const std::vector<DraftQuestion>& questions);

// `text` as a double-quoted YAML scalar.
std::string YamlQuoted(std::string_view text);

}  // namespace rungs

#endif  // RUNGS_METRICS_DRAFT_YAML_H_
