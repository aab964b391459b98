// What changed between two versions of a framework: topics added, removed and retitled, rungs
// added and removed, and per topic and rung the criteria added, removed, reworded, moved to
// another rung, or given different examples. Pure functions on the model, no I/O.
//
// Criteria are matched in three passes, each only among what the earlier ones left over:
//   1. same topic, same rung, identical text after NormalizeSpace: unchanged (or "examples"
//      when only their examples differ);
//   2. same topic, another rung, identical text: "moved";
//   3. same topic, same rung, TextSimilarity >= kRewordThreshold: "reworded", pairing the most
//      similar pair first.
// Every change carries the old and new criterion keys and texts, so check-in results recorded
// against one version can be carried over to the next.
#ifndef RUNGS_FRAMEWORK_DIFF_H_
#define RUNGS_FRAMEWORK_DIFF_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "framework/model.h"

namespace rungs {

// Word-level similarity in [0, 1]: 2 * (longest common subsequence of words) / (words in a +
// words in b), over lower-cased words of letters and digits (the ratio Python's difflib gives
// on word lists). Word order counts, punctuation and case do not.
double TextSimilarity(std::string_view a, std::string_view b);

// Half of the words kept, in order. Measured on the corpus's forks of Monzo's backend.md:
// rewordings that swap a name or a few words score 0.5-0.96 ("Represents Monzo at
// conferences/events" -> "Represents Interact at ..." is 0.8, "Implements complex RPC handlers"
// -> "Implements complex data handling" 0.5), while different criteria of one rung share only
// filler words and score 0.3-0.45. Pairing those would carry check-in results over to a
// criterion that asks for something else, so below 0.5 it is a removal plus an addition, which
// a person can pair by hand more safely than a wrong pairing can be noticed.
constexpr double kRewordThreshold = 0.5;

enum class ChangeKind {
  kAdded,
  kRemoved,
  kReworded,  // same topic and rung, similar text
  kMoved,     // same topic, same text, another rung
  kExamples,  // same topic, rung and text; only the examples differ
};

const char* ChangeKindName(ChangeKind kind);  // "added", "removed", ...

struct CriterionChange {
  ChangeKind kind = ChangeKind::kAdded;
  std::string topic;     // Topic::name
  std::string old_rung;  // empty for kAdded
  std::string new_rung;  // empty for kRemoved
  std::string old_key;   // Criterion::key in the old framework; empty for kAdded
  std::string new_key;   // empty for kRemoved
  std::string old_text;  // verbatim
  std::string new_text;
  double similarity = 0;  // TextSimilarity; 1 for moved and examples, 0 for added and removed
  std::vector<std::string> examples_added;  // for matched criteria (not added or removed)
  std::vector<std::string> examples_removed;

  // The rung it is shown under: the new one, or the old one for a removal.
  const std::string& rung() const { return new_rung.empty() ? old_rung : new_rung; }
};

struct RungDiff {
  std::string rung;                      // Rung::id
  std::string label;                     // Rung::label, from the new version when it has it
  std::vector<CriterionChange> changes;  // moves appear under their new rung
  int unchanged = 0;                     // same text and examples
};

enum class TopicStatus { kUnchanged, kChanged, kAdded, kRemoved };

struct TopicDiff {
  std::string name;
  TopicStatus status = TopicStatus::kUnchanged;
  std::string old_title;  // both set; they differ when the title changed
  std::string new_title;
  bool description_changed = false;
  std::vector<RungDiff> rungs;  // in rung order; only rungs with changes
  int unchanged = 0;            // criteria with the same text and examples in the same rung

  bool title_changed() const { return status == TopicStatus::kChanged && old_title != new_title; }
};

struct LevelRename {
  int number = 0;
  std::string old_name;
  std::string new_name;
};

struct DiffSummary {
  int topics_changed = 0;  // including added and removed ones
  int topics_added = 0;
  int topics_removed = 0;
  int added = 0;  // criteria, topics added and removed included
  int removed = 0;
  int reworded = 0;
  int moved = 0;
  int examples = 0;
  int unchanged = 0;
};

struct FrameworkDiff {
  std::string old_id;
  std::string new_id;
  std::string old_file;  // Framework::source.file
  std::string new_file;
  std::string old_title;
  std::string new_title;
  std::vector<std::string> rungs_added;  // Rung ids, in framework order
  std::vector<std::string> rungs_removed;
  std::vector<LevelRename> levels_renamed;
  // The Markdown below the front matter (a `yaml: false` page's whole content): lines only on
  // one side, counted as a multiset.
  int body_lines_added = 0;
  int body_lines_removed = 0;
  std::vector<TopicDiff> topics;  // every topic of either version, in framework order
  DiffSummary summary;

  bool empty() const;
  // Every criterion change, in topic order and then rung order.
  std::vector<CriterionChange> Changes() const;
};

FrameworkDiff DiffFrameworks(const Framework& old_fw, const Framework& new_fw);

// How reports name a rung: its label when that names it ("1A (after probation)", "Level 4"),
// else both ("3 · Advanced" for a matrix column, "3 · E3" for a levelPrefix level).
std::string RungDisplayName(const std::string& id, const std::string& label);

// A unified-diff-like report ("+ added", "- removed", "~ reworded", "> moved 1B -> 1C") per
// topic and rung, ending with the summary line. Plain text, no colour.
std::string RenderDiffText(const FrameworkDiff& diff);
// "3 topics changed: 4 added, 2 removed, 1 reworded, 1 moved", or "no changes (...)".
std::string SummaryLine(const DiffSummary& summary);

// {"old": {id, title, file}, "new": {...}, "summary": {...}, "topics": [topic-level changes],
// "rungs": {"added": [], "removed": []}, "levels_renamed": [], "body": {...},
// "changes": [{kind, topic, rung, old_rung, new_rung, old_key, new_key, old_text, new_text,
// similarity, examples_added, examples_removed}]}. Absent keys and texts are null.
nlohmann::json DiffToJson(const FrameworkDiff& diff);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_DIFF_H_
