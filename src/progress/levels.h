// Where a person stands on their framework: the demonstrated rung computed from agreed results,
// the next rung and, per criterion of it, what is still missing ("why not yet").
//
// The rule (docs/DESIGN.md, "Check-ins and people"): rung R is demonstrated when the rung before
// it is, and every criterion listed for R (references expanded) is met. A criterion is met by
// its newest agreed result (meeting or exceeding). Criteria of rungs at or below the assigned
// rung count as met until a later agreed result says otherwise. Results recorded against an
// older framework version count through a CriterionMap (matching.h).
//
// Details the rule leaves open, settled here:
// - The first rung has no rung before it, so it needs only its own criteria.
// - A rung that lists no criteria at all (no topic has content for it) is demonstrated when the
//   rung before it is: there is nothing it asks for that the person could be missing.
// - "Newest" is the latest agreed_at, then the highest checkin_id. Results with no agreed value
//   (Assessment::kNone) are ignored, as are results of versions without a CriterionMap and old
//   criteria the map has no counterpart for.
// - "Assumed" belongs to the criterion, not to where it is listed: a criterion defined at or
//   below the assigned rung counts as met also where a higher rung lists it through a reference
//   ("All criteria from level one" at 2A lists 1C's criteria; someone assigned 1C holds them).
// - An empty or unknown assigned rung assumes nothing.
//
// One exception to "lower criteria do not carry over by themselves" (docs/DESIGN.md): a judged
// criterion whose text, normalised (white space collapsed, ASCII case folded, a final full stop
// dropped), equals that of a criterion of the same topic defined at a lower rung is the same
// ask, so it carries that criterion's agreed result ("Welcomes feedback from manager and peers"
// at 1A after probation and again at 1B). The newer of its own result and the carried one
// counts, so a manager can assess it again. Measured criteria (a rule in FrameworkTargets)
// never carry: helpdesk data judges them at every rung, and the same words there ask for
// different weeks.
#ifndef RUNGS_PROGRESS_LEVELS_H_
#define RUNGS_PROGRESS_LEVELS_H_

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "framework/model.h"
#include "metrics/targets.h"
#include "progress/matching.h"
#include "store/store.h"

namespace rungs {

// Why a criterion of the next rung is or is not met.
enum class CriterionStatus {
  kMet,      // newest agreed result is meeting or exceeding
  kAssumed,  // at or below the assigned rung and never agreed otherwise
  kNotYet,   // newest agreed result is not yet
  kWorkingTowards,
  kNotAssessed,  // no agreed result at all
};
const char* CriterionStatusName(CriterionStatus status);  // "met", "assumed", ...
inline bool CountsAsMet(CriterionStatus s) {
  return s == CriterionStatus::kMet || s == CriterionStatus::kAssumed;
}

struct CriterionStanding {
  const Criterion* criterion = nullptr;  // in the current framework
  std::string topic;                     // Topic::name
  std::string via_reference;             // AssessedCriterion::via_reference
  CriterionStatus status = CriterionStatus::kNotAssessed;
  int64_t checkin_id = 0;  // the check-in whose agreed result decided it; 0 when none
  int64_t agreed_at = 0;
  // When that result was agreed for the same words at a lower rung (see the top of this file):
  // that rung's id; empty when it is the criterion's own.
  std::string carried_from_rung;
  std::vector<const Evidence*> evidence;  // tagged to it, newest first (from `evidence` below)
};

struct Standing {
  std::string assigned_rung;      // as given; empty when none
  std::string demonstrated_rung;  // highest rung demonstrated; empty when not even the first
  std::string next_rung;          // the first rung not demonstrated; empty at the top
  // The next rung's criteria, in topic order: the "why not yet" list.
  std::vector<CriterionStanding> next_criteria;
  int next_met = 0;    // of next_criteria, how many count as met
  int next_total = 0;  // next_criteria.size()
  // Below the assigned rung, criteria whose newest agreed result says not met (the person no
  // longer demonstrates their assigned rung because of these).
  std::vector<CriterionStanding> regressions;

  // Demonstrated above the assigned rung: a promotion to discuss. With no (or an unknown)
  // assigned rung, demonstrating the first rung is enough: there is a rung to assign.
  bool ready_for_promotion(const Framework& fw) const;
};

struct StandingInput {
  const Framework* framework = nullptr;  // the current version
  int64_t framework_version_id = 0;      // its id in the store
  std::string assigned_rung;
  // The person's newest agreed results (Store::LatestAgreed), any version.
  const std::vector<AgreedResult>* agreed = nullptr;
  // Maps results of older versions onto `framework`, by version id; versions missing here are
  // ignored (their criteria are reported by MatchCriteria for review).
  const std::map<int64_t, CriterionMap>* older = nullptr;
  // The framework's measured rules: their criteria never carry results. Null: none is measured.
  const FrameworkTargets* targets = nullptr;
  // Evidence of the person's check-ins in the current version, for next_criteria.
  const std::vector<Evidence>* evidence = nullptr;
};

// Plans the framework on every call (a standing then costs about 2.5 times as much); for a team or
// everyone, build a StandingPlan once and use the overload below.
Standing ComputeStanding(const StandingInput& input);

// What ComputeStanding needs to know about one framework version, worked out once and shared by
// everyone on it: the rungs in order, the criteria each lists (references expanded), and an index
// from criterion keys to dense slots, for the current version and, through their CriterionMaps,
// for older ones. With it, a person's results go into an array by one hash lookup each, and a
// standing costs about twice the reading of the results (bench/levels_bench.cc: 10,000 people
// with 600 results each in about 0.2 s). Read-only once built, so threads may share it.
class StandingPlan {
 public:
  // `framework` must outlive the plan and the standings computed with it (they point into it);
  // `older` and `targets` are read here and not kept.
  StandingPlan(const Framework& framework, int64_t framework_version_id,
               const std::map<int64_t, CriterionMap>* older = nullptr,
               const FrameworkTargets* targets = nullptr);

  const Framework& framework() const { return *framework_; }
  int64_t framework_version_id() const { return framework_version_id_; }
  // Distinct assessable criteria (a criterion listed at several rungs counts once).
  size_t criterion_count() const { return slot_keys_.size(); }
  // The slot of the current criterion a result counts for; -1 when it counts for none.
  int SlotOf(const AgreedResult& result) const;
  // Position in the framework's rung order; -1 for an empty or unknown id.
  int RungPosition(const std::string& rung_id) const;

  // One listing of a criterion at a rung.
  struct Listing {
    const Criterion* criterion = nullptr;
    const std::string* topic = nullptr;  // Topic::name
    std::string via_reference;
    int slot = 0;
    // The lower of this rung's position and that of the rung defining it (below this one when
    // listed through a reference): with no result, assumed met when at or below the assigned
    // rung.
    int assumed_from = 0;
    // Its first listing in rung order, so a regression is reported once, where it is defined.
    bool first_listing = false;
  };
  struct PlannedRung {
    const Rung* rung = nullptr;
    std::vector<Listing> criteria;  // in topic order
  };
  const std::vector<PlannedRung>& rungs() const { return rungs_; }

  // A criterion that carries the agreed result of the same words at a lower rung of its topic:
  // `slot` carries from `lower` (itself carried on, in turn, when it has a `lower` of its own).
  struct Carry {
    int slot = 0;
    int lower = 0;
  };
  // In rung order of `slot`, so a lower criterion's carry is settled before one above it.
  const std::vector<Carry>& carries() const { return carries_; }
  // The id of the rung that defines the criterion of `slot`.
  const std::string& HomeRung(int slot) const { return *slot_home_rung_[slot]; }

 private:
  // Criterion key -> slot, open addressing over a hash of the key's last 32 bytes: keys of a
  // version share their "{framework}/" prefix and differ in "{topic}/{rung}/{position}". This
  // lookup, once per result, is most of a standing's cost; a std::unordered_map hashing the
  // whole key took 1.5 times the instructions per standing (callgrind on bench/levels_bench.cc).
  class KeyIndex {
   public:
    void Insert(const std::string& key, int slot);  // the first slot of a key wins
    int Find(const std::string& key) const;         // -1 when absent

   private:
    struct Entry {
      std::string key;
      uint64_t hash = 0;
      int slot = 0;
    };
    void Rebuild(size_t capacity);

    std::vector<Entry> entries_;
    std::vector<int> table_;  // indexes into entries_, -1 when empty; size a power of two
  };

  // What planning the carries needs of each slot, and then drops.
  struct SlotSource {
    int home_position = 0;  // of its home rung; -1 when that rung is unknown
    const Criterion* criterion = nullptr;
    const std::string* topic = nullptr;  // Topic::name
  };
  std::vector<SlotSource> PlanRungs();
  void PlanCarries(const std::vector<SlotSource>& slots, const FrameworkTargets* targets);
  void IndexOlderVersions(const std::map<int64_t, CriterionMap>& older);

  const Framework* framework_;
  int64_t framework_version_id_;
  std::vector<PlannedRung> rungs_;
  std::vector<std::string> slot_keys_;
  std::vector<const std::string*> slot_home_rung_;
  std::vector<Carry> carries_;
  KeyIndex slot_by_key_;                     // current version's keys
  std::map<int64_t, KeyIndex> older_slots_;  // older versions' keys, by version id
  std::unordered_map<std::string, int> rung_position_;
};

// What differs per person; everything else is in the plan.
struct PersonResults {
  std::string assigned_rung;
  const std::vector<AgreedResult>* agreed = nullptr;  // any version; null means none
  const std::vector<Evidence>* evidence = nullptr;    // current version's; null means none
};

// The same as ComputeStanding(StandingInput) with the plan's framework, version and maps.
Standing ComputeStanding(const StandingPlan& plan, const PersonResults& person);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_LEVELS_H_
