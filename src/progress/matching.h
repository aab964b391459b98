// Carries check-in results across framework versions. When a framework file changes, each
// criterion of the old version is matched to one of the new: the same topic, rung and text
// first, then the same text anywhere in the topic, then the pairs `rungs diff` reports as
// reworded or moved. Old criteria left unmatched are listed for review, never silently dropped.
//
// Matching goes by text (Criterion::text_hash), never by key: keys are positions, so inserting
// a criterion at the top of a rung gives every later one of that rung a new key. Each new
// criterion is the counterpart of at most one old one, and repeated texts pair up in order.
// References ("All criteria from level one") have no results of their own and are neither
// matched nor listed as unmatched; the criteria they stand for are matched where they live.
// Topics are matched by name only: a renamed topic's criteria are unmatched.
#ifndef RUNGS_PROGRESS_MATCHING_H_
#define RUNGS_PROGRESS_MATCHING_H_

#include <map>
#include <string>
#include <vector>

#include "framework/model.h"

namespace rungs {

enum class MatchKind { kSame, kMoved, kReworded };
const char* MatchKindName(MatchKind kind);  // "same", "moved", "reworded"

struct CriterionMatch {
  std::string new_key;
  MatchKind kind = MatchKind::kSame;  // kSame also when only the examples changed
  double similarity = 1;              // TextSimilarity for kReworded, else 1
};

struct UnmatchedCriterion {
  std::string key;
  std::string topic;
  std::string rung;
  std::string text;
};

struct CriterionMap {
  std::map<std::string, CriterionMatch> by_old_key;  // old Criterion::key -> new
  std::vector<UnmatchedCriterion> unmatched;  // old criteria with no counterpart, in old order
};

CriterionMap MatchCriteria(const Framework& old_version, const Framework& new_version);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_MATCHING_H_
