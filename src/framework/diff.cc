#include "framework/diff.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "util/text.h"

namespace rungs {
namespace {

bool IsWordByte(unsigned char c) {
  // Bytes of multi-byte UTF-8 sequences count as letters, so "café" and "💬" stay words.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char ch : text) {
    if (IsWordByte(static_cast<unsigned char>(ch))) {
      word += ch;
    } else if (!word.empty()) {
      words.push_back(ToLowerAscii(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(ToLowerAscii(word));
  return words;
}

size_t LongestCommonSubsequence(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
  std::vector<size_t> previous(b.size() + 1, 0);
  std::vector<size_t> current(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      current[j] =
          a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : std::max(previous[j], current[j - 1]);
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// Merges two orders of the same kind of names: every name once, `newer`'s order kept, and a
// name only in `older` placed after the name it followed there, so removed topics and rungs
// show up where they used to be.
std::vector<std::string> MergeOrder(const std::vector<std::string>& older,
                                    const std::vector<std::string>& newer) {
  const std::set<std::string> in_newer(newer.begin(), newer.end());
  std::map<std::string, size_t> older_position;
  for (size_t i = 0; i < older.size(); ++i) older_position.emplace(older[i], i);
  std::vector<std::string> merged;
  std::set<std::string> emitted;
  size_t next_older = 0;
  auto emit_older_until = [&](size_t end) {
    for (; next_older < end; ++next_older) {
      const std::string& name = older[next_older];
      if (in_newer.count(name) == 0 && emitted.insert(name).second) merged.push_back(name);
    }
  };
  for (const std::string& name : newer) {
    auto it = older_position.find(name);
    if (it != older_position.end()) {
      emit_older_until(std::max(next_older, it->second + 1));
    } else {
      // A new name goes after the old names that are gone from where it is, as a diff puts
      // "- old" before "+ new".
      while (next_older < older.size() && in_newer.count(older[next_older]) == 0) {
        emit_older_until(next_older + 1);
      }
    }
    if (emitted.insert(name).second) merged.push_back(name);
  }
  emit_older_until(older.size());
  return merged;
}

std::vector<std::string> RungIds(const Framework& framework) {
  std::vector<std::string> ids;
  for (const Rung* rung : AllRungs(framework)) ids.push_back(rung->id);
  return ids;
}

std::vector<std::string> TopicNames(const Framework& framework) {
  std::vector<std::string> names;
  for (const Topic& topic : framework.topics) names.push_back(topic.name);
  return names;
}

// One criterion of one side of a topic, with what matching needs.
struct Item {
  const Criterion* criterion = nullptr;
  std::string rung;
  int position = 0;  // within its rung
  std::string normalized;
  int partner = -1;  // index into the other side's items once matched
};

std::vector<Item> Items(const Topic* topic) {
  std::vector<Item> items;
  if (topic == nullptr) return items;
  for (const TopicRung& topic_rung : topic->rungs) {
    int position = 0;
    for (const Criterion& criterion : topic_rung.criteria) {
      items.push_back({&criterion, topic_rung.rung, position++, NormalizeSpace(criterion.text)});
    }
  }
  return items;
}

// The examples of `from` that `against` does not have, compared as multisets of normalised
// text so that a repeated example counts twice.
std::vector<std::string> UnmatchedExamples(const std::vector<Example>& from,
                                           const std::vector<Example>& against) {
  std::multiset<std::string> pool;
  for (const Example& e : against) pool.insert(NormalizeSpace(e.text));
  std::vector<std::string> unmatched;
  for (const Example& e : from) {
    auto it = pool.find(NormalizeSpace(e.text));
    if (it != pool.end()) {
      pool.erase(it);
    } else {
      unmatched.push_back(e.text);
    }
  }
  return unmatched;
}

CriterionChange MakeChange(ChangeKind kind, const std::string& topic, const Item* old_item,
                           const Item* new_item) {
  CriterionChange change;
  change.kind = kind;
  change.topic = topic;
  if (old_item != nullptr) {
    change.old_rung = old_item->rung;
    change.old_key = old_item->criterion->key;
    change.old_text = old_item->criterion->text;
  }
  if (new_item != nullptr) {
    change.new_rung = new_item->rung;
    change.new_key = new_item->criterion->key;
    change.new_text = new_item->criterion->text;
  }
  if (old_item != nullptr && new_item != nullptr) {
    change.similarity =
        kind == ChangeKind::kReworded ? TextSimilarity(change.old_text, change.new_text) : 1.0;
    change.examples_added =
        UnmatchedExamples(new_item->criterion->examples, old_item->criterion->examples);
    change.examples_removed =
        UnmatchedExamples(old_item->criterion->examples, new_item->criterion->examples);
  }
  return change;
}

// Pairs the criteria of one topic (either side may be absent) in the three passes the header
// describes, and fills `out.rungs` in the order of `rung_order`.
void DiffTopic(const Topic* old_topic, const Topic* new_topic,
               const std::vector<std::string>& rung_order, const Framework& old_fw,
               const Framework& new_fw, TopicDiff& out) {
  std::vector<Item> olds = Items(old_topic);
  std::vector<Item> news = Items(new_topic);
  auto pair_up = [&](size_t o, size_t n) {
    olds[o].partner = static_cast<int>(n);
    news[n].partner = static_cast<int>(o);
  };

  // 1. Same rung, same text. Repeated texts pair up in order.
  for (size_t n = 0; n < news.size(); ++n) {
    for (size_t o = 0; o < olds.size(); ++o) {
      if (olds[o].partner < 0 && olds[o].rung == news[n].rung &&
          olds[o].normalized == news[n].normalized) {
        pair_up(o, n);
        break;
      }
    }
  }
  // 2. Same text in another rung: moved.
  for (size_t o = 0; o < olds.size(); ++o) {
    if (olds[o].partner >= 0) continue;
    for (size_t n = 0; n < news.size(); ++n) {
      if (news[n].partner < 0 && news[n].normalized == olds[o].normalized) {
        pair_up(o, n);
        break;
      }
    }
  }
  // 3. Same rung, similar text: reworded, the most similar pair first so that one rewording
  // cannot steal the partner of a closer one. Ties go to the earlier criteria.
  std::vector<std::tuple<double, size_t, size_t>> candidates;
  for (size_t o = 0; o < olds.size(); ++o) {
    if (olds[o].partner >= 0) continue;
    for (size_t n = 0; n < news.size(); ++n) {
      if (news[n].partner >= 0 || news[n].rung != olds[o].rung) continue;
      const double similarity = TextSimilarity(olds[o].criterion->text, news[n].criterion->text);
      if (similarity >= kRewordThreshold) candidates.emplace_back(similarity, o, n);
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
    return std::tie(std::get<1>(a), std::get<2>(a)) < std::tie(std::get<1>(b), std::get<2>(b));
  });
  for (const auto& [similarity, o, n] : candidates) {
    if (olds[o].partner < 0 && news[n].partner < 0) pair_up(o, n);
  }

  // Changes per rung, in reading order: a change with a new criterion sits at that criterion's
  // position; a removal sits just after the old criterion before it that kept its place, so a
  // replaced criterion reads "- old" then "+ new".
  struct Placed {
    int anchor;  // position in the new rung
    int order;   // removals (1) after the criterion at `anchor` (0)
    int old_position;
    CriterionChange change;
  };
  std::map<std::string, std::vector<Placed>> placed;
  std::map<std::string, int> unchanged;
  const std::string& topic_name = old_topic != nullptr ? old_topic->name : new_topic->name;
  for (const Item& n : news) {
    const Item* o = n.partner >= 0 ? &olds[n.partner] : nullptr;
    if (o == nullptr) {
      placed[n.rung].push_back(
          {n.position, 0, 0, MakeChange(ChangeKind::kAdded, topic_name, nullptr, &n)});
      continue;
    }
    ChangeKind kind = ChangeKind::kExamples;
    if (o->rung != n.rung) {
      kind = ChangeKind::kMoved;
    } else if (o->normalized != n.normalized) {
      kind = ChangeKind::kReworded;
    }
    CriterionChange change = MakeChange(kind, topic_name, o, &n);
    if (kind == ChangeKind::kExamples && change.examples_added.empty() &&
        change.examples_removed.empty()) {
      ++unchanged[n.rung];
      continue;
    }
    placed[n.rung].push_back({n.position, 0, 0, std::move(change)});
  }
  for (size_t i = 0; i < olds.size(); ++i) {
    if (olds[i].partner >= 0) continue;
    int anchor = -1;
    for (size_t j = i; j-- > 0 && olds[j].rung == olds[i].rung;) {
      if (olds[j].partner >= 0 && news[olds[j].partner].rung == olds[i].rung) {
        anchor = news[olds[j].partner].position;
        break;
      }
    }
    placed[olds[i].rung].push_back(
        {anchor, 1, olds[i].position,
         MakeChange(ChangeKind::kRemoved, topic_name, &olds[i], nullptr)});
  }

  for (const auto& [rung, count] : unchanged) out.unchanged += count;
  std::vector<std::string> order = rung_order;
  for (const auto& [rung, changes] : placed) {
    if (std::find(order.begin(), order.end(), rung) == order.end()) order.push_back(rung);
  }
  for (const std::string& rung_id : order) {
    auto it = placed.find(rung_id);
    if (it == placed.end()) continue;
    std::vector<Placed>& changes = it->second;
    std::stable_sort(changes.begin(), changes.end(), [](const Placed& a, const Placed& b) {
      return std::tie(a.anchor, a.order, a.old_position) <
             std::tie(b.anchor, b.order, b.old_position);
    });
    RungDiff rung_diff;
    rung_diff.rung = rung_id;
    rung_diff.unchanged = unchanged[rung_id];
    for (Placed& p : changes) rung_diff.changes.push_back(std::move(p.change));
    out.rungs.push_back(std::move(rung_diff));
  }
  for (RungDiff& rung_diff : out.rungs) {
    const Rung* rung = FindRung(new_fw, rung_diff.rung);
    if (rung == nullptr) rung = FindRung(old_fw, rung_diff.rung);
    rung_diff.label = rung != nullptr ? rung->label : rung_diff.rung;
  }
}

// Lines on one side only, as multisets: enough to say "the page text changed, by this much"
// without a line diff of Markdown nobody assesses against.
std::pair<int, int> BodyLineChanges(const std::string& old_body, const std::string& new_body) {
  std::multiset<std::string> old_lines;
  for (std::string_view line : SplitLines(old_body)) {
    if (!Trim(line).empty()) old_lines.insert(NormalizeSpace(line));
  }
  int added = 0;
  for (std::string_view line : SplitLines(new_body)) {
    if (Trim(line).empty()) continue;
    auto it = old_lines.find(NormalizeSpace(line));
    if (it != old_lines.end()) {
      old_lines.erase(it);
    } else {
      ++added;
    }
  }
  return {added, static_cast<int>(old_lines.size())};
}

}  // namespace

double TextSimilarity(std::string_view a, std::string_view b) {
  const std::vector<std::string> a_words = Words(a);
  const std::vector<std::string> b_words = Words(b);
  if (a_words.empty() && b_words.empty()) return NormalizeSpace(a) == NormalizeSpace(b) ? 1 : 0;
  const size_t common = LongestCommonSubsequence(a_words, b_words);
  return 2.0 * static_cast<double>(common) / static_cast<double>(a_words.size() + b_words.size());
}

const char* ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kReworded:
      return "reworded";
    case ChangeKind::kMoved:
      return "moved";
    case ChangeKind::kExamples:
      return "examples";
  }
  return "?";
}

bool FrameworkDiff::empty() const {
  return summary.topics_changed == 0 && rungs_added.empty() && rungs_removed.empty() &&
         levels_renamed.empty() && body_lines_added == 0 && body_lines_removed == 0 &&
         old_title == new_title;
}

std::vector<CriterionChange> FrameworkDiff::Changes() const {
  std::vector<CriterionChange> changes;
  for (const TopicDiff& topic : topics) {
    for (const RungDiff& rung : topic.rungs) {
      changes.insert(changes.end(), rung.changes.begin(), rung.changes.end());
    }
  }
  return changes;
}

FrameworkDiff DiffFrameworks(const Framework& old_fw, const Framework& new_fw) {
  FrameworkDiff diff;
  diff.old_id = old_fw.id;
  diff.new_id = new_fw.id;
  diff.old_file = old_fw.source.file;
  diff.new_file = new_fw.source.file;
  diff.old_title = old_fw.title;
  diff.new_title = new_fw.title;

  const std::vector<std::string> old_rungs = RungIds(old_fw);
  const std::vector<std::string> new_rungs = RungIds(new_fw);
  for (const std::string& id : new_rungs) {
    if (FindRung(old_fw, id) == nullptr) diff.rungs_added.push_back(id);
  }
  for (const std::string& id : old_rungs) {
    if (FindRung(new_fw, id) == nullptr) diff.rungs_removed.push_back(id);
  }
  for (const Level& new_level : new_fw.levels) {
    for (const Level& old_level : old_fw.levels) {
      if (old_level.number == new_level.number &&
          NormalizeSpace(old_level.name) != NormalizeSpace(new_level.name)) {
        diff.levels_renamed.push_back({new_level.number, old_level.name, new_level.name});
      }
    }
  }
  std::tie(diff.body_lines_added, diff.body_lines_removed) =
      BodyLineChanges(old_fw.body, new_fw.body);

  const std::vector<std::string> rung_order = MergeOrder(old_rungs, new_rungs);
  for (const std::string& name : MergeOrder(TopicNames(old_fw), TopicNames(new_fw))) {
    const Topic* old_topic = FindTopic(old_fw, name);
    const Topic* new_topic = FindTopic(new_fw, name);
    TopicDiff topic;
    topic.name = name;
    topic.old_title = old_topic != nullptr ? old_topic->title : "";
    topic.new_title = new_topic != nullptr ? new_topic->title : "";
    DiffTopic(old_topic, new_topic, rung_order, old_fw, new_fw, topic);
    if (old_topic == nullptr) {
      topic.status = TopicStatus::kAdded;
    } else if (new_topic == nullptr) {
      topic.status = TopicStatus::kRemoved;
    } else {
      topic.description_changed =
          NormalizeSpace(old_topic->description) != NormalizeSpace(new_topic->description);
      const bool title_changed = NormalizeSpace(topic.old_title) != NormalizeSpace(topic.new_title);
      if (!title_changed) topic.old_title = topic.new_title;
      topic.status = !topic.rungs.empty() || title_changed || topic.description_changed
                         ? TopicStatus::kChanged
                         : TopicStatus::kUnchanged;
    }
    DiffSummary& s = diff.summary;
    s.unchanged += topic.unchanged;
    if (topic.status != TopicStatus::kUnchanged) ++s.topics_changed;
    if (topic.status == TopicStatus::kAdded) ++s.topics_added;
    if (topic.status == TopicStatus::kRemoved) ++s.topics_removed;
    for (const RungDiff& r : topic.rungs) {
      for (const CriterionChange& c : r.changes) {
        switch (c.kind) {
          case ChangeKind::kAdded:
            ++s.added;
            break;
          case ChangeKind::kRemoved:
            ++s.removed;
            break;
          case ChangeKind::kReworded:
            ++s.reworded;
            break;
          case ChangeKind::kMoved:
            ++s.moved;
            break;
          case ChangeKind::kExamples:
            ++s.examples;
            break;
        }
      }
    }
    diff.topics.push_back(std::move(topic));
  }
  return diff;
}

// ---- Rendering ----

namespace {

std::string Plural(int n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string TopicHeading(const std::string& name, const std::string& title) {
  return title.empty() ? name : fmt::format("{} · {}", name, title);
}

void RenderExamples(const CriterionChange& c, const std::string& indent, std::string& out) {
  for (const std::string& e : c.examples_removed)
    out += fmt::format("{}- example: {}\n", indent, e);
  for (const std::string& e : c.examples_added) out += fmt::format("{}+ example: {}\n", indent, e);
}

void RenderChange(const CriterionChange& c, std::string& out) {
  const std::string indent = "    ";
  switch (c.kind) {
    case ChangeKind::kAdded:
      out += fmt::format("{}+ {}\n", indent, c.new_text);
      break;
    case ChangeKind::kRemoved:
      out += fmt::format("{}- {}\n", indent, c.old_text);
      break;
    case ChangeKind::kReworded: {
      const std::string lead =
          fmt::format("~ reworded ({:.0f}%): ", std::floor(c.similarity * 100 + 0.5));
      out += fmt::format("{}{}{}\n", indent, lead, c.old_text);
      out += fmt::format("{}{}→ {}\n", indent, std::string(lead.size() - 2, ' '), c.new_text);
      break;
    }
    case ChangeKind::kMoved:
      out += fmt::format("{}> moved {} → {}: {}\n", indent, c.old_rung, c.new_rung, c.new_text);
      break;
    case ChangeKind::kExamples:
      out += fmt::format("{}* examples changed: {}\n", indent, c.new_text);
      break;
  }
  RenderExamples(c, indent + "    ", out);
}

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

std::string RungDisplayName(const std::string& id, const std::string& label) {
  if (label.empty() || label == id) return id;
  for (size_t at = label.find(id); at != std::string::npos; at = label.find(id, at + 1)) {
    const size_t end = at + id.size();
    const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(label[at - 1]));
    const bool ends = end == label.size() || !std::isalnum(static_cast<unsigned char>(label[end]));
    if (starts && ends) return label;
  }
  return fmt::format("{} · {}", id, label);
}

std::string SummaryLine(const DiffSummary& s) {
  const int criteria_changes = s.added + s.removed + s.reworded + s.moved + s.examples;
  if (s.topics_changed == 0 && criteria_changes == 0) {
    return fmt::format("no changes to topics or criteria ({} unchanged)",
                       Plural(s.unchanged, "criterion", "criteria"));
  }
  std::string topics = Plural(s.topics_changed, "topic", "topics") + " changed";
  std::vector<std::string> topic_parts;
  if (s.topics_added > 0) topic_parts.push_back(fmt::format("{} added", s.topics_added));
  if (s.topics_removed > 0) topic_parts.push_back(fmt::format("{} removed", s.topics_removed));
  if (!topic_parts.empty()) topics += fmt::format(" ({})", fmt::join(topic_parts, ", "));
  std::string line = fmt::format("{}: {} added, {} removed, {} reworded, {} moved", topics, s.added,
                                 s.removed, s.reworded, s.moved);
  if (s.examples > 0) line += fmt::format(", {} with changed examples", s.examples);
  line += fmt::format("; {} unchanged", Plural(s.unchanged, "criterion", "criteria"));
  return line;
}

std::string RenderDiffText(const FrameworkDiff& diff) {
  std::string out;
  auto side = [](const std::string& file, const std::string& id) {
    return file.empty() ? id : fmt::format("{} ({})", file, id);
  };
  out += fmt::format("--- {}\n+++ {}\n", side(diff.old_file, diff.old_id),
                     side(diff.new_file, diff.new_id));
  std::vector<std::string> framework_lines;
  if (diff.old_title != diff.new_title) {
    framework_lines.push_back(fmt::format("title: {} → {}", diff.old_title, diff.new_title));
  }
  for (const LevelRename& r : diff.levels_renamed) {
    framework_lines.push_back(
        fmt::format("level {} renamed: {} → {}", r.number, r.old_name, r.new_name));
  }
  if (!diff.rungs_added.empty()) {
    framework_lines.push_back(fmt::format("rungs added: {}", fmt::join(diff.rungs_added, ", ")));
  }
  if (!diff.rungs_removed.empty()) {
    framework_lines.push_back(
        fmt::format("rungs removed: {}", fmt::join(diff.rungs_removed, ", ")));
  }
  if (diff.body_lines_added > 0 || diff.body_lines_removed > 0) {
    framework_lines.push_back(fmt::format("page text below the front matter: {} added, {} removed",
                                          Plural(diff.body_lines_added, "line", "lines"),
                                          diff.body_lines_removed));
  }
  if (!framework_lines.empty()) {
    out += "\n";
    for (const std::string& line : framework_lines) out += line + "\n";
  }
  for (const TopicDiff& topic : diff.topics) {
    if (topic.status == TopicStatus::kUnchanged) continue;
    out += "\n";
    switch (topic.status) {
      case TopicStatus::kAdded:
        out += fmt::format("+ topic {}\n", TopicHeading(topic.name, topic.new_title));
        break;
      case TopicStatus::kRemoved:
        out += fmt::format("- topic {}\n", TopicHeading(topic.name, topic.old_title));
        break;
      default:
        out += fmt::format("{}\n", TopicHeading(topic.name, topic.new_title));
        if (topic.title_changed()) {
          out += fmt::format("  title: {} → {}\n",
                             topic.old_title.empty() ? "(none)" : topic.old_title,
                             topic.new_title.empty() ? "(none)" : topic.new_title);
        }
        if (topic.description_changed) out += "  description changed\n";
        break;
    }
    for (const RungDiff& rung : topic.rungs) {
      out += fmt::format("  {}\n", RungDisplayName(rung.rung, rung.label));
      for (const CriterionChange& c : rung.changes) RenderChange(c, out);
    }
  }
  out += "\n" + SummaryLine(diff.summary) + "\n";
  return out;
}

nlohmann::json DiffToJson(const FrameworkDiff& diff) {
  const DiffSummary& s = diff.summary;
  nlohmann::json topics = nlohmann::json::array();
  for (const TopicDiff& t : diff.topics) {
    if (t.status == TopicStatus::kUnchanged) continue;
    const char* status = t.status == TopicStatus::kAdded     ? "added"
                         : t.status == TopicStatus::kRemoved ? "removed"
                                                             : "changed";
    topics.push_back(
        {{"name", t.name},
         {"status", status},
         {"old_title",
          t.status == TopicStatus::kAdded ? nlohmann::json(nullptr) : nlohmann::json(t.old_title)},
         {"new_title", t.status == TopicStatus::kRemoved ? nlohmann::json(nullptr)
                                                         : nlohmann::json(t.new_title)},
         {"title_changed", t.title_changed()},
         {"description_changed", t.description_changed}});
  }
  nlohmann::json changes = nlohmann::json::array();
  for (const CriterionChange& c : diff.Changes()) {
    changes.push_back(
        {{"kind", ChangeKindName(c.kind)},
         {"topic", c.topic},
         {"rung", c.rung()},
         {"old_rung", OrNull(c.old_rung)},
         {"new_rung", OrNull(c.new_rung)},
         {"old_key", OrNull(c.old_key)},
         {"new_key", OrNull(c.new_key)},
         {"old_text", c.old_key.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.old_text)},
         {"new_text", c.new_key.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.new_text)},
         {"similarity", std::round(c.similarity * 1000) / 1000},
         {"examples_added", c.examples_added},
         {"examples_removed", c.examples_removed}});
  }
  nlohmann::json renamed = nlohmann::json::array();
  for (const LevelRename& r : diff.levels_renamed) {
    renamed.push_back({{"level", r.number}, {"old_name", r.old_name}, {"new_name", r.new_name}});
  }
  return {{"old", {{"id", diff.old_id}, {"title", diff.old_title}, {"file", diff.old_file}}},
          {"new", {{"id", diff.new_id}, {"title", diff.new_title}, {"file", diff.new_file}}},
          {"summary",
           {{"empty", diff.empty()},
            {"topics_changed", s.topics_changed},
            {"topics_added", s.topics_added},
            {"topics_removed", s.topics_removed},
            {"added", s.added},
            {"removed", s.removed},
            {"reworded", s.reworded},
            {"moved", s.moved},
            {"examples", s.examples},
            {"unchanged", s.unchanged}}},
          {"rungs", {{"added", diff.rungs_added}, {"removed", diff.rungs_removed}}},
          {"levels_renamed", renamed},
          {"body",
           {{"lines_added", diff.body_lines_added}, {"lines_removed", diff.body_lines_removed}}},
          {"topics", topics},
          {"changes", changes}};
}

}  // namespace rungs
