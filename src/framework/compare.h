// What a higher rung asks for that a lower one does not, per topic: the answer to "what do I
// need to show to go from 1A to 2A?". Pure functions on the model, no I/O.
//
// Each topic's criteria at `to` (references expanded, as CriteriaForRung does) are classified
// against those at `from` by whitespace-normalised text: "new" (only at `to`), "carried over"
// (at both) and "no longer listed" (only at `from`). Rungs do not inherit lower criteria by
// themselves (see DESIGN.md), so "no longer listed" means the framework stopped asking for it
// at `to`, typically because a higher criterion supersedes it.
#ifndef RUNGS_FRAMEWORK_COMPARE_H_
#define RUNGS_FRAMEWORK_COMPARE_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "framework/model.h"

namespace rungs {

enum class CompareStatus { kNew, kCarriedOver, kNoLongerListed };

const char* CompareStatusName(CompareStatus status);  // "new", "carried over", ...

struct ComparedCriterion {
  CompareStatus status = CompareStatus::kNew;
  std::string text;      // verbatim, as listed at `to` (at `from` when no longer listed)
  std::string key;       // Criterion::key at `to`; empty when no longer listed
  std::string from_key;  // Criterion::key at `from`; empty when new
  // The rung a reference brought it in from ("1C" for "All criteria from level one").
  std::string via;       // at `to`
  std::string from_via;  // at `from`
};

struct TopicComparison {
  std::string name;
  std::string title;
  // The criteria at `to` in their order, then those no longer listed in `from`'s order.
  std::vector<ComparedCriterion> criteria;
  int new_count = 0;
  int carried_over = 0;
  int no_longer_listed = 0;
};

struct RungComparison {
  std::string framework_id;
  std::string framework_title;
  std::string from;  // Rung ids
  std::string to;
  std::string from_label;  // Rung labels ("1A (after probation)", a matrix column's name)
  std::string to_label;
  std::vector<TopicComparison> topics;  // every topic, in framework order
  int new_count = 0;
  int carried_over = 0;
  int no_longer_listed = 0;
};

struct CompareResult {
  std::optional<RungComparison> comparison;
  std::string error;  // set when comparison is absent: an unknown rung, or from not below to
};

CompareResult CompareRungs(const Framework& framework, const std::string& from_rung,
                           const std::string& to_rung);

// "1A, 1A-after-probation, 1B, 1C, 2A, 2B": for messages about an unknown rung.
std::string ListRungIds(const Framework& framework);

// Per topic: "new at 2A", "carried over", "no longer listed", then a summary line.
std::string RenderComparisonText(const RungComparison& comparison);

// {"framework", "title", "from": {id, label}, "to": {...}, "summary": {new, carried_over,
// no_longer_listed}, "topics": [{name, title, summary, criteria: [{status, text, key, from_key,
// via, from_via}]}]}. Absent keys are null.
nlohmann::json ComparisonToJson(const RungComparison& comparison);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_COMPARE_H_
