#include "framework/model.h"

#include "util/hash.h"
#include "util/text.h"

namespace rungs {

const Rung* FindRung(const Framework& framework, const std::string& rung_id) {
  for (const Level& level : framework.levels) {
    for (const Rung& rung : level.rungs) {
      if (rung.id == rung_id) return &rung;
    }
  }
  return nullptr;
}

const Rung* FindRungByIdOrLabel(const Framework& framework, const std::string& text) {
  if (const Rung* rung = FindRung(framework, text)) return rung;
  for (const Level& level : framework.levels) {
    for (const Rung& rung : level.rungs) {
      if (EqualsIgnoreCaseAscii(rung.id, text) || EqualsIgnoreCaseAscii(rung.label, text)) {
        return &rung;
      }
    }
  }
  return nullptr;
}

const Topic* FindTopic(const Framework& framework, const std::string& name) {
  for (const Topic& topic : framework.topics) {
    if (topic.name == name) return &topic;
  }
  return nullptr;
}

const TopicRung* FindTopicRung(const Topic& topic, const std::string& rung_id) {
  for (const TopicRung& topic_rung : topic.rungs) {
    if (topic_rung.rung == rung_id) return &topic_rung;
  }
  return nullptr;
}

int RungIndex(const Framework& framework, const std::string& rung_id) {
  int index = 0;
  for (const Level& level : framework.levels) {
    for (const Rung& rung : level.rungs) {
      if (rung.id == rung_id) return index;
      ++index;
    }
  }
  return -1;
}

std::vector<const Rung*> AllRungs(const Framework& framework) {
  std::vector<const Rung*> rungs;
  for (const Level& level : framework.levels) {
    for (const Rung& rung : level.rungs) rungs.push_back(&rung);
  }
  return rungs;
}

size_t CountCriteria(const Framework& framework) {
  size_t count = 0;
  for (const Topic& topic : framework.topics) {
    for (const TopicRung& topic_rung : topic.rungs) count += topic_rung.criteria.size();
  }
  return count;
}

namespace {

void ExpandInto(const Framework& framework, const Topic& topic, const std::string& rung_id,
                const std::string& via, int depth, std::vector<AssessedCriterion>& out) {
  // A reference chain longer than the number of rungs must be a cycle.
  if (depth > static_cast<int>(AllRungs(framework).size())) return;
  const TopicRung* topic_rung = FindTopicRung(topic, rung_id);
  if (topic_rung == nullptr) return;
  for (const Criterion& criterion : topic_rung->criteria) {
    if (criterion.reference) {
      if (!criterion.reference->rung.empty()) {
        ExpandInto(framework, topic, criterion.reference->rung,
                   via.empty() ? criterion.reference->rung : via, depth + 1, out);
      }
      continue;
    }
    out.push_back({&criterion, via});
  }
}

}  // namespace

std::vector<AssessedCriterion> CriteriaForRung(const Framework& framework, const Topic& topic,
                                               const std::string& rung_id) {
  std::vector<AssessedCriterion> out;
  ExpandInto(framework, topic, rung_id, "", 0, out);
  return out;
}

std::vector<AssessedCriterion> ExpandReference(const Framework& framework, const Topic& topic,
                                               const Criterion& reference) {
  std::vector<AssessedCriterion> out;
  if (reference.reference && !reference.reference->rung.empty()) {
    ExpandInto(framework, topic, reference.reference->rung, reference.reference->rung, 1, out);
  }
  return out;
}

std::string RungId(int level, const std::string& sublevel, const std::string& qualifier) {
  std::string id = std::to_string(level) + sublevel;
  if (!qualifier.empty()) id += "-" + Slugify(qualifier);
  return id;
}

std::string RungLabel(int level, const std::string& sublevel, const std::string& qualifier) {
  std::string label = std::to_string(level) + sublevel;
  if (!qualifier.empty()) label += " (" + qualifier + ")";
  return label;
}

void AssignCriterionKeys(Framework& framework) {
  for (Topic& topic : framework.topics) {
    for (TopicRung& topic_rung : topic.rungs) {
      int position = 0;
      for (Criterion& criterion : topic_rung.criteria) {
        ++position;
        criterion.key = framework.id + "/" + topic.name + "/" + topic_rung.rung + "/" +
                        std::to_string(position);
        criterion.text_hash = Sha256Hex(NormalizeSpace(criterion.text)).substr(0, 16);
      }
    }
  }
}

}  // namespace rungs
