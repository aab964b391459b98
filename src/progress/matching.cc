#include "progress/matching.h"

#include <unordered_map>

#include "framework/diff.h"

namespace rungs {
namespace {

// One assessable criterion of either version (references have no results of their own, so
// they are never matched from or to), with whether a match has claimed it.
struct Slot {
  const Criterion* criterion = nullptr;
  const std::string* topic = nullptr;
  const std::string* rung = nullptr;
  bool taken = false;
};

// A version's assessable criteria per topic, in framework order, plus an index by key.
struct Side {
  std::unordered_map<std::string, std::vector<Slot>> by_topic;
  std::vector<std::string> topic_order;
  std::unordered_map<std::string, Slot*> by_key;
};

Side Collect(const Framework& framework) {
  Side side;
  for (const Topic& topic : framework.topics) {
    auto [it, inserted] = side.by_topic.try_emplace(topic.name);
    if (inserted) side.topic_order.push_back(topic.name);
    std::vector<Slot>& slots = it->second;
    for (const TopicRung& topic_rung : topic.rungs) {
      for (const Criterion& criterion : topic_rung.criteria) {
        if (!criterion.reference) slots.push_back({&criterion, &topic.name, &topic_rung.rung});
      }
    }
  }
  // Indexed only once every vector has its final size, so the pointers stay valid.
  for (auto& [name, slots] : side.by_topic) {
    for (Slot& slot : slots) side.by_key.emplace(slot.criterion->key, &slot);
  }
  return side;
}

void Record(Slot& old_slot, Slot& new_slot, MatchKind kind, double similarity, CriterionMap& out) {
  old_slot.taken = true;
  new_slot.taken = true;
  out.by_old_key[old_slot.criterion->key] = {new_slot.criterion->key, kind, similarity};
}

// Passes 1 and 2 within one topic: identical text in the same rung, then identical text in
// any rung. Repeated texts pair up in order, as `rungs diff` pairs them.
void MatchIdenticalText(std::vector<Slot>& olds, std::vector<Slot>& news, CriterionMap& out) {
  for (const bool same_rung : {true, false}) {
    for (Slot& old_slot : olds) {
      if (old_slot.taken) continue;
      for (Slot& new_slot : news) {
        if (new_slot.taken || new_slot.criterion->text_hash != old_slot.criterion->text_hash) {
          continue;
        }
        if (same_rung && *new_slot.rung != *old_slot.rung) continue;
        const MatchKind kind =
            *new_slot.rung == *old_slot.rung ? MatchKind::kSame : MatchKind::kMoved;
        Record(old_slot, new_slot, kind, 1.0, out);
        break;
      }
    }
  }
}

// Pass 3: what the diff pairs beyond identical text (rewordings, and moves or example changes
// whose partners the passes above left free because of a different pairing of repeated
// texts). Pairs whose either side is already taken are skipped: each criterion is used once.
void MatchDiffPairs(const Framework& old_version, const Framework& new_version, Side& olds,
                    Side& news, CriterionMap& out) {
  for (const CriterionChange& change : DiffFrameworks(old_version, new_version).Changes()) {
    if (change.old_key.empty() || change.new_key.empty()) continue;  // added or removed
    auto old_it = olds.by_key.find(change.old_key);
    auto new_it = news.by_key.find(change.new_key);
    if (old_it == olds.by_key.end() || new_it == news.by_key.end()) continue;  // references
    if (old_it->second->taken || new_it->second->taken) continue;
    switch (change.kind) {
      case ChangeKind::kReworded:
        Record(*old_it->second, *new_it->second, MatchKind::kReworded, change.similarity, out);
        break;
      case ChangeKind::kMoved:
        Record(*old_it->second, *new_it->second, MatchKind::kMoved, 1.0, out);
        break;
      case ChangeKind::kExamples:
        Record(*old_it->second, *new_it->second, MatchKind::kSame, 1.0, out);
        break;
      case ChangeKind::kAdded:
      case ChangeKind::kRemoved:
        break;
    }
  }
}

}  // namespace

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

CriterionMap MatchCriteria(const Framework& old_version, const Framework& new_version) {
  CriterionMap out;
  Side olds = Collect(old_version);
  Side news = Collect(new_version);
  for (const std::string& topic : olds.topic_order) {
    auto new_topic = news.by_topic.find(topic);
    if (new_topic != news.by_topic.end()) {
      MatchIdenticalText(olds.by_topic[topic], new_topic->second, out);
    }
  }
  MatchDiffPairs(old_version, new_version, olds, news, out);
  for (const std::string& topic : olds.topic_order) {
    for (const Slot& slot : olds.by_topic[topic]) {
      if (!slot.taken) {
        out.unmatched.push_back({slot.criterion->key, topic, *slot.rung, slot.criterion->text});
      }
    }
  }
  return out;
}

}  // namespace rungs
