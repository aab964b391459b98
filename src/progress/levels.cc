#include "progress/levels.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <tuple>
#include <utility>

#include "util/text.h"

namespace rungs {

const char* CriterionStatusName(CriterionStatus status) {
  switch (status) {
    case CriterionStatus::kMet:
      return "met";
    case CriterionStatus::kAssumed:
      return "assumed";
    case CriterionStatus::kNotYet:
      return "not_yet";
    case CriterionStatus::kWorkingTowards:
      return "working_towards";
    case CriterionStatus::kNotAssessed:
      return "not_assessed";
  }
  return "not_assessed";
}

bool Standing::ready_for_promotion(const Framework& fw) const {
  if (demonstrated_rung.empty()) return false;
  const int assigned = assigned_rung.empty() ? -1 : RungIndex(fw, assigned_rung);
  return RungIndex(fw, demonstrated_rung) > assigned;
}

// ---------------------------------------------------------------------------------------------
// The plan

namespace {

// Mixes the length and up to four 8-byte words from the end of the key (fewer bytes one by
// one for short keys). Not a general-purpose hash: collisions only cost a probe.
uint64_t TailHash(const std::string& key) {
  constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  uint64_t hash = (key.size() + 1) * kMultiplier;
  auto mix = [&hash](uint64_t word) {
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 29;
  };
  const size_t size = key.size();
  if (size < 8) {
    for (const char c : key) mix(static_cast<unsigned char>(c));
    return hash;
  }
  const size_t words = std::min<size_t>(size / 8, 4);
  for (size_t i = 1; i <= words; ++i) {
    uint64_t word = 0;
    std::memcpy(&word, key.data() + size - 8 * i, sizeof word);
    mix(word);
  }
  return hash;
}

}  // namespace

void StandingPlan::KeyIndex::Insert(const std::string& key, int slot) {
  if (Find(key) >= 0) return;
  entries_.push_back({key, TailHash(key), slot});
  // At most half full, so a probe sequence is short and always ends at an empty cell.
  if (table_.size() < 2 * entries_.size()) {
    Rebuild(std::max<size_t>(16, 4 * entries_.size()));
    return;
  }
  const size_t mask = table_.size() - 1;
  size_t at = entries_.back().hash & mask;
  while (table_[at] >= 0) at = (at + 1) & mask;
  table_[at] = static_cast<int>(entries_.size() - 1);
}

void StandingPlan::KeyIndex::Rebuild(size_t capacity) {
  size_t size = 1;
  while (size < capacity) size *= 2;
  table_.assign(size, -1);
  const size_t mask = size - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    size_t at = entries_[i].hash & mask;
    while (table_[at] >= 0) at = (at + 1) & mask;
    table_[at] = static_cast<int>(i);
  }
}

int StandingPlan::KeyIndex::Find(const std::string& key) const {
  if (table_.empty()) return -1;
  const uint64_t hash = TailHash(key);
  const size_t mask = table_.size() - 1;
  for (size_t at = hash & mask; table_[at] >= 0; at = (at + 1) & mask) {
    const Entry& entry = entries_[table_[at]];
    if (entry.hash == hash && entry.key == key) return entry.slot;
  }
  return -1;
}

StandingPlan::StandingPlan(const Framework& framework, int64_t framework_version_id,
                           const std::map<int64_t, CriterionMap>* older,
                           const FrameworkTargets* targets)
    : framework_(&framework), framework_version_id_(framework_version_id) {
  PlanCarries(PlanRungs(), targets);
  if (older != nullptr) IndexOlderVersions(*older);
}

std::vector<StandingPlan::SlotSource> StandingPlan::PlanRungs() {
  // Slots are numbered in framework order (topics, rungs, positions), and a criterion's home
  // rung is the rung whose TopicRung defines it, which is where "assumed" is decided.
  std::vector<SlotSource> slots;
  int next_position = 0;
  for (const Rung* rung : AllRungs(*framework_)) {
    rung_position_.emplace(rung->id, next_position++);  // positions index rungs_
  }
  for (const Topic& topic : framework_->topics) {
    for (const TopicRung& topic_rung : topic.rungs) {
      for (const Criterion& criterion : topic_rung.criteria) {
        if (criterion.reference) continue;
        if (slot_by_key_.Find(criterion.key) >= 0) continue;  // a loader bug; the first wins
        slot_by_key_.Insert(criterion.key, static_cast<int>(slot_keys_.size()));
        slot_keys_.push_back(criterion.key);
        slot_home_rung_.push_back(&topic_rung.rung);
        slots.push_back({RungPosition(topic_rung.rung), &criterion, &topic.name});
      }
    }
  }
  std::vector<bool> listed(slot_keys_.size(), false);
  for (const Rung* rung : AllRungs(*framework_)) {
    const int position = static_cast<int>(rungs_.size());
    PlannedRung planned{rung, {}};
    for (const Topic& topic : framework_->topics) {
      for (const AssessedCriterion& assessed : CriteriaForRung(*framework_, topic, rung->id)) {
        const int slot = slot_by_key_.Find(assessed.criterion->key);
        if (slot < 0) continue;
        const int home = slots[slot].home_position;
        const bool first = !listed[slot];
        listed[slot] = true;
        planned.criteria.push_back({assessed.criterion, &topic.name, assessed.via_reference, slot,
                                    home < 0 ? position : std::min(home, position), first});
      }
    }
    rungs_.push_back(std::move(planned));
  }
  return slots;
}

namespace {

// The words a criterion asks for, as compared for carrying: "Welcomes feedback." and
// "welcomes  feedback" are the same ask.
std::string CarryText(const std::string& text) {
  std::string normal = ToLowerAscii(NormalizeSpace(text));
  while (!normal.empty() && normal.back() == '.') normal.pop_back();
  return normal;
}

}  // namespace

void StandingPlan::PlanCarries(const std::vector<SlotSource>& slots,
                               const FrameworkTargets* targets) {
  // Judged criteria with a known home rung, in rung order; the nearest lower one of the same
  // topic and words is the one carried from.
  std::vector<int> order;
  for (int slot = 0; slot < static_cast<int>(slots.size()); ++slot) {
    if (slots[slot].home_position < 0) continue;
    if (targets != nullptr && targets->rules.count(slot_keys_[slot]) != 0) continue;
    order.push_back(slot);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return slots[a].home_position < slots[b].home_position; });
  std::map<std::pair<std::string_view, std::string>, int> latest;  // (topic, words) -> slot
  for (const int slot : order) {
    const SlotSource& source = slots[slot];
    auto [at, added] = latest.try_emplace({*source.topic, CarryText(source.criterion->text)}, slot);
    if (added) continue;
    if (slots[at->second].home_position < source.home_position) {
      carries_.push_back({slot, at->second});
    }
    at->second = slot;
  }
}

void StandingPlan::IndexOlderVersions(const std::map<int64_t, CriterionMap>& older) {
  for (const auto& [version_id, map] : older) {
    if (version_id == framework_version_id_) continue;  // the current version needs no map
    KeyIndex& index = older_slots_[version_id];
    for (const auto& [old_key, match] : map.by_old_key) {
      const int slot = slot_by_key_.Find(match.new_key);
      if (slot >= 0) index.Insert(old_key, slot);
    }
  }
}

int StandingPlan::SlotOf(const AgreedResult& result) const {
  const KeyIndex* index = &slot_by_key_;
  if (result.framework_version_id != framework_version_id_) {
    auto older = older_slots_.find(result.framework_version_id);
    if (older == older_slots_.end()) return -1;
    index = &older->second;
  }
  return index->Find(result.criterion_key);
}

int StandingPlan::RungPosition(const std::string& rung_id) const {
  if (rung_id.empty()) return -1;
  auto it = rung_position_.find(rung_id);
  return it == rung_position_.end() ? -1 : it->second;
}

// ---------------------------------------------------------------------------------------------
// One person

namespace {

// The newest agreed result of one criterion; result kNone while there is none.
struct Newest {
  Assessment result = Assessment::kNone;
  int64_t checkin_id = 0;
  int64_t agreed_at = 0;
  int carried_from = -1;  // the slot whose result this is, when not its own

  bool known() const { return result != Assessment::kNone; }
  bool OlderThan(const AgreedResult& r) const {
    return std::tie(agreed_at, checkin_id) < std::tie(r.agreed_at, r.checkin_id);
  }
  bool OlderThan(const Newest& n) const {
    return std::tie(agreed_at, checkin_id) < std::tie(n.agreed_at, n.checkin_id);
  }
};

std::vector<Newest> NewestPerSlot(const StandingPlan& plan,
                                  const std::vector<AgreedResult>* agreed) {
  std::vector<Newest> newest(plan.criterion_count());
  if (agreed == nullptr) return newest;
  for (const AgreedResult& result : *agreed) {
    if (result.result == Assessment::kNone) continue;
    const int slot = plan.SlotOf(result);
    if (slot < 0) continue;
    Newest& current = newest[slot];
    if (!current.known() || current.OlderThan(result)) {
      current = {result.result, result.checkin_id, result.agreed_at};
    }
  }
  // The same words at a lower rung: the newer result counts (on a tie, the criterion's own).
  for (const StandingPlan::Carry& carry : plan.carries()) {
    const Newest& lower = newest[carry.lower];
    Newest& current = newest[carry.slot];
    if (!lower.known() || (current.known() && !current.OlderThan(lower))) continue;
    current = lower;
    if (current.carried_from < 0) current.carried_from = carry.lower;
  }
  return newest;
}

CriterionStatus StatusOf(const Newest& newest, bool assumed) {
  switch (newest.result) {
    case Assessment::kMeeting:
    case Assessment::kExceeding:
      return CriterionStatus::kMet;
    case Assessment::kNotYet:
      return CriterionStatus::kNotYet;
    case Assessment::kWorkingTowards:
      return CriterionStatus::kWorkingTowards;
    case Assessment::kNone:
      break;
  }
  return assumed ? CriterionStatus::kAssumed : CriterionStatus::kNotAssessed;
}

CriterionStanding MakeStanding(const StandingPlan& plan, const StandingPlan::Listing& listing,
                               const Newest& newest, CriterionStatus status) {
  CriterionStanding standing;
  standing.criterion = listing.criterion;
  standing.topic = *listing.topic;
  standing.via_reference = listing.via_reference;
  standing.status = status;
  standing.checkin_id = newest.checkin_id;
  standing.agreed_at = newest.agreed_at;
  if (newest.carried_from >= 0) standing.carried_from_rung = plan.HomeRung(newest.carried_from);
  return standing;
}

// Evidence tagged with the criterion, newest first. People have a handful of evidence items,
// so a scan per criterion of the next rung is cheaper than building an index.
std::vector<const Evidence*> EvidenceFor(const std::string& key,
                                         const std::vector<Evidence>* evidence) {
  std::vector<const Evidence*> tagged;
  if (evidence == nullptr) return tagged;
  for (const Evidence& e : *evidence) {
    if (std::find(e.criterion_keys.begin(), e.criterion_keys.end(), key) !=
        e.criterion_keys.end()) {
      tagged.push_back(&e);
    }
  }
  std::sort(tagged.begin(), tagged.end(), [](const Evidence* a, const Evidence* b) {
    return std::tie(a->created_at, a->id) > std::tie(b->created_at, b->id);
  });
  return tagged;
}

void FillNextRung(const StandingPlan& plan, const StandingPlan::PlannedRung& rung,
                  const std::vector<Newest>& newest, int assigned,
                  const std::vector<Evidence>* evidence, Standing& out) {
  out.next_rung = rung.rung->id;
  for (const StandingPlan::Listing& listing : rung.criteria) {
    const Newest& n = newest[listing.slot];
    CriterionStanding standing =
        MakeStanding(plan, listing, n, StatusOf(n, listing.assumed_from <= assigned));
    standing.evidence = EvidenceFor(listing.criterion->key, evidence);
    if (CountsAsMet(standing.status)) ++out.next_met;
    out.next_criteria.push_back(std::move(standing));
  }
  out.next_total = static_cast<int>(out.next_criteria.size());
}

}  // namespace

Standing ComputeStanding(const StandingPlan& plan, const PersonResults& person) {
  Standing out;
  out.assigned_rung = person.assigned_rung;
  const std::vector<Newest> newest = NewestPerSlot(plan, person.agreed);
  const int assigned = plan.RungPosition(person.assigned_rung);
  const std::vector<StandingPlan::PlannedRung>& rungs = plan.rungs();
  bool still_demonstrating = true;
  // Walks up to the first rung not demonstrated, and on to the assigned rung for regressions.
  for (int position = 0; position < static_cast<int>(rungs.size()); ++position) {
    if (!still_demonstrating && position > assigned) break;
    const StandingPlan::PlannedRung& rung = rungs[position];
    bool all_met = true;
    for (const StandingPlan::Listing& listing : rung.criteria) {
      const Newest& n = newest[listing.slot];
      const CriterionStatus status = StatusOf(n, listing.assumed_from <= assigned);
      if (CountsAsMet(status)) continue;
      all_met = false;
      // A carried result is reported once, where it was agreed.
      if (position <= assigned && n.known() && listing.first_listing && n.carried_from < 0) {
        out.regressions.push_back(MakeStanding(plan, listing, n, status));
      }
    }
    if (!still_demonstrating) continue;
    if (all_met) {
      out.demonstrated_rung = rung.rung->id;
    } else {
      still_demonstrating = false;
      FillNextRung(plan, rung, newest, assigned, person.evidence, out);
    }
  }
  return out;
}

Standing ComputeStanding(const StandingInput& input) {
  if (input.framework == nullptr) {
    Standing none;
    none.assigned_rung = input.assigned_rung;
    return none;
  }
  const StandingPlan plan(*input.framework, input.framework_version_id, input.older, input.targets);
  return ComputeStanding(plan, {input.assigned_rung, input.agreed, input.evidence});
}

}  // namespace rungs
