#include "progress/matching.h"

namespace rungs {

const char* MatchKindName(MatchKind kind) {
  switch (kind) {
    case MatchKind::kSame:
      return "same";
    case MatchKind::kMoved:
      return "moved";
    case MatchKind::kReworded:
      return "reworded";
  }
  return "same";
}

CriterionMap MatchCriteria(const Framework& /*old_version*/, const Framework& /*new_version*/) {
  return {};  // being implemented
}

}  // namespace rungs
