// The framework model: plain value types, no I/O. Every importer produces a Framework and
// every page, export and check reads one.
//
// A framework has ordered Levels; each level has one or more Rungs (its sublevels, such as
// "1A", "1A (after probation)", "1B"; or just "3" when the level has none). A Topic (a Monzo
// topic or a matrix area) lists Criteria per rung. A criterion may be a Reference to another
// level ("All criteria from level one"), which counts as that level's highest rung's criteria.
// Every item records where it came from, so each message can point at the source.
#ifndef RUNGS_FRAMEWORK_MODEL_H_
#define RUNGS_FRAMEWORK_MODEL_H_

#include <optional>
#include <string>
#include <vector>

namespace rungs {

struct Provenance {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based, in code points

  bool operator==(const Provenance&) const = default;
};

struct Example {
  std::string text;
  Provenance source;

  bool operator==(const Example&) const = default;
};

// "All criteria from level one": the criteria of `level`'s highest rung in the same topic.
struct Reference {
  int level = 0;
  std::string rung;  // the rung it resolves to ("1C"); empty when the level does not exist

  bool operator==(const Reference&) const = default;
};

struct Criterion {
  std::string key;        // "{framework}/{topic}/{rung}/{position}", stable across exports
  std::string text_hash;  // 16 hex digits of SHA-256 over the whitespace-normalised text
  std::string text;       // verbatim, after mojibake repair
  std::vector<Example> examples;
  std::optional<Reference> reference;
  bool from_generic = false;  // inherited from generic.md because the topic had no content
  Provenance source;

  bool operator==(const Criterion&) const = default;
};

struct Rung {
  std::string id;         // "3", "1A", "1A-after-probation": used in URLs and the CLI
  std::string label;      // "1A (after probation)", or the matrix column's level name
  int level = 0;          // the level number this rung belongs to
  std::string sublevel;   // "A"; empty when the level has no sublevels
  std::string qualifier;  // "after probation"
  Provenance source;

  bool operator==(const Rung&) const = default;
};

struct Level {
  int number = 0;           // 1-based
  std::string name;         // "Level 3", "E3" with a levelPrefix, or a matrix header cell verbatim
  std::string band;         // "Senior" when a matrix footer marks the band from this level on
  std::vector<Rung> rungs;  // never empty
  Provenance source;

  bool operator==(const Level&) const = default;
};

// The criteria of one topic at one rung.
struct TopicRung {
  std::string rung;  // Rung::id
  std::vector<Criterion> criteria;
  // A matrix cell that is not a criterion ("None"), kept verbatim for display.
  std::string placeholder;
  Provenance source;

  bool operator==(const TopicRung&) const = default;
};

struct Topic {
  std::string name;   // Monzo `name`, or the matrix area text
  std::string title;  // shown to people; may contain emoji
  bool title_from_generic = false;
  std::string description;       // `description` or `subtitle` in some Monzo forks
  std::vector<TopicRung> rungs;  // in rung order, only rungs with content
  Provenance source;

  bool operator==(const Topic&) const = default;
};

struct Framework {
  std::string id;      // front-matter path without "/", else the path relative to the root
  std::string format;  // "monzo" or "matrix": the format it was written in
  std::string title;
  std::string sidebar_title;
  std::string sidebar_group;
  bool yaml = true;  // false: a Markdown page (Monzo `yaml: false`), no levels or topics
  bool homepage = false;
  int declared_levels = 0;   // Monzo `levels:`; 0 when absent
  std::string level_prefix;  // Monzo forks' `levelPrefix`
  std::string body;          // Markdown after the front matter
  std::string generic_file;  // the generic.md that titles or criteria were inherited from
  std::vector<Level> levels;
  std::vector<Topic> topics;
  // rungs' own settings (measured targets, window, minimum data): the front matter's `rungs:`
  // key or a NAME.rungs.yaml side file, kept as the YAML text it was written in, so this module
  // only carries it; metrics/targets.h reads it. Empty when the framework has none.
  std::string settings_yaml;
  Provenance settings_source;  // where settings_yaml's first line is (line 0: not in a file)
  Provenance source;

  bool operator==(const Framework&) const = default;
};

// Lookups that every consumer needs. They return nullptr / -1 when nothing matches.
const Rung* FindRung(const Framework& framework, const std::string& rung_id);
// What people type for a rung: its id or its label, in any case ("1a", "1A (After probation)").
const Rung* FindRungByIdOrLabel(const Framework& framework, const std::string& text);
const Topic* FindTopic(const Framework& framework, const std::string& name);
const TopicRung* FindTopicRung(const Topic& topic, const std::string& rung_id);
// Position of the rung in the framework's order (all levels, sublevels in order).
int RungIndex(const Framework& framework, const std::string& rung_id);
std::vector<const Rung*> AllRungs(const Framework& framework);
size_t CountCriteria(const Framework& framework);

// A criterion as assessed at a rung: references expanded into the criteria they stand for.
struct AssessedCriterion {
  const Criterion* criterion = nullptr;
  std::string via_reference;  // the reference's rung when the criterion came through one
};

// The criteria a person has to meet for `rung_id` in `topic`, references expanded (the
// reference itself is not listed). Cyclic references are cut off, never followed forever.
std::vector<AssessedCriterion> CriteriaForRung(const Framework& framework, const Topic& topic,
                                               const std::string& rung_id);

// What one reference stands for in `topic`: the criteria of the rung it points at, themselves
// expanded, each with via_reference set. Empty for an unresolved reference.
std::vector<AssessedCriterion> ExpandReference(const Framework& framework, const Topic& topic,
                                               const Criterion& reference);

// "1A (after probation)" -> {"1", "A", "after probation"}; builds Rung ids and labels.
std::string RungId(int level, const std::string& sublevel, const std::string& qualifier);
std::string RungLabel(int level, const std::string& sublevel, const std::string& qualifier);

// Assigns criterion keys and text hashes from the framework id, topic names and positions.
void AssignCriterionKeys(Framework& framework);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_MODEL_H_
