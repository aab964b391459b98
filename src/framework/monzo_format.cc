#include "framework/monzo_format.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "util/mac_roman.h"
#include "util/text.h"
#include "util/utf8.h"

namespace rungs {
namespace {

constexpr int kMaxLevels = 100;
// Aliases let a small file name the same node many times; this bounds the work they cause.
constexpr int kMaxNodesVisited = 2'000'000;

struct SublevelHeading {
  std::string sublevel;
  std::string qualifier;
};

// "Criteria for sublevel A (after probation)" -> {"A", "after probation"}.
std::optional<SublevelHeading> ParseSublevelHeading(std::string_view text) {
  constexpr std::string_view kPrefix = "criteria for sublevel";
  std::string_view t = Trim(text);
  if (t.size() <= kPrefix.size() || !EqualsIgnoreCaseAscii(t.substr(0, kPrefix.size()), kPrefix)) {
    return std::nullopt;
  }
  t = Trim(t.substr(kPrefix.size()));
  if (t.empty() || !std::isalpha(static_cast<unsigned char>(t[0]))) return std::nullopt;
  SublevelHeading heading;
  heading.sublevel =
      std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(t[0]))));
  t = Trim(t.substr(1));
  if (!t.empty() && t.back() == ':') t = Trim(t.substr(0, t.size() - 1));
  if (t.empty()) return heading;
  if (t.front() != '(' || t.back() != ')') return std::nullopt;
  heading.qualifier = NormalizeSpace(t.substr(1, t.size() - 2));
  if (heading.qualifier.empty()) return std::nullopt;
  return heading;
}

// "All criteria from level one" / "... level 2." -> 1 / 2.
std::optional<int> ParseLevelReference(std::string_view text) {
  constexpr std::string_view kPrefix = "all criteria from level ";
  std::string t = ToLowerAscii(NormalizeSpace(text));
  if (!StartsWith(t, kPrefix)) return std::nullopt;
  std::string_view rest = std::string_view(t).substr(kPrefix.size());
  if (!rest.empty() && rest.back() == '.') rest.remove_suffix(1);
  static const char* const kWords[] = {"one", "two",   "three", "four", "five",
                                       "six", "seven", "eight", "nine", "ten"};
  for (int i = 0; i < 10; ++i) {
    if (rest == kWords[i]) return i + 1;
  }
  if (!rest.empty() && rest.size() <= 3 &&
      std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::stoi(std::string(rest));
  }
  return std::nullopt;
}

// One criterion as read, before rungs are known.
struct RawEntry {
  int level = 0;
  std::string sublevel;  // empty: belongs to the level's first rung
  std::string qualifier;
  Criterion criterion;
};

struct RawTopic {
  Topic topic;
  std::vector<RawEntry> entries;
  bool had_content = false;
};

class MonzoParser {
 public:
  MonzoParser(std::string_view text, const std::string& file, int first_yaml_line0)
      : index_(text), file_(file), line_offset_(first_yaml_line0) {}

  Diagnostics& diagnostics() { return diagnostics_; }

  TextPosition Pos(const YAML::Mark& mark) const {
    if (mark.is_null()) return {line_offset_ + 1, 1};
    return index_.FromZeroBased(mark.line + line_offset_, mark.column);
  }

  Provenance Source(const YAML::Mark& mark) const {
    const TextPosition p = Pos(mark);
    return {file_, p.line, p.column};
  }

  void Report(Severity severity, const YAML::Mark& mark, std::string code, std::string message) {
    const TextPosition p = Pos(mark);
    diagnostics_.push_back(
        {severity, file_, p.line, p.column, std::move(code), std::move(message)});
  }

  bool Visit() { return ++visited_ <= kMaxNodesVisited; }

  // The text of a scalar, mojibake repaired. `what` names the field in messages.
  std::optional<std::string> Text(const YAML::Node& node, const YAML::Mark& at,
                                  std::string_view what) {
    if (!Visit()) return std::nullopt;
    if (node.IsNull()) return std::string();
    if (!node.IsScalar()) {
      Report(Severity::kError, node.Mark().is_null() ? at : node.Mark(), "wrong-type",
             fmt::format("{} must be text, found a {}", what, Describe(node)));
      return std::nullopt;
    }
    return Repair(node.Scalar(), node.Mark());
  }

  std::string Repair(const std::string& text, const YAML::Mark& mark) {
    std::optional<std::string> repaired = RepairMacRomanMojibake(text);
    if (!repaired) return text;
    Report(Severity::kWarning, mark, "mojibake-repaired",
           fmt::format("repaired text that was mis-decoded as Mac Roman: \"{}\" reads \"{}\"",
                       Abbreviate(text), Abbreviate(*repaired)));
    return *repaired;
  }

  static std::string Describe(const YAML::Node& node) {
    switch (node.Type()) {
      case YAML::NodeType::Sequence:
        return "list";
      case YAML::NodeType::Map:
        return "mapping";
      case YAML::NodeType::Scalar:
        return fmt::format("value \"{}\"", Abbreviate(node.Scalar()));
      default:
        return "empty value";
    }
  }

  static std::string Abbreviate(std::string_view s) {
    if (CountCodePoints(s) <= 60) return std::string(s);
    size_t pos = 0;
    for (int n = 0; n < 57 && pos < s.size(); ++n) {
      char32_t cp;
      DecodeUtf8(s, pos, cp);
    }
    return std::string(s.substr(0, pos)) + "...";
  }

  std::optional<bool> Bool(const YAML::Node& node, const YAML::Mark& at, std::string_view what) {
    if (node.IsNull()) return std::nullopt;
    if (node.IsScalar()) {
      const std::string v = ToLowerAscii(node.Scalar());
      if (v == "true") return true;
      if (v == "false") return false;
    }
    Report(Severity::kWarning, node.Mark().is_null() ? at : node.Mark(), "wrong-type",
           fmt::format("{} must be true or false, found a {}; ignored", what, Describe(node)));
    return std::nullopt;
  }

  // A whole number in [min, kMaxLevels]; nullopt (after an error) otherwise.
  std::optional<int> Level(const YAML::Node& node, const YAML::Mark& at, std::string_view what,
                           int min) {
    if (node.IsScalar()) {
      const std::string v(Trim(node.Scalar()));
      if (!v.empty() && v.size() <= 9 &&
          std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const int n = std::stoi(v);
        if (n >= min && n <= kMaxLevels) return n;
        Report(Severity::kError, node.Mark(), "level-out-of-range",
               fmt::format("{} {} is out of range ({} to {})", what, n, min, kMaxLevels));
        return std::nullopt;
      }
    }
    Report(Severity::kError, node.Mark().is_null() ? at : node.Mark(), "wrong-type",
           fmt::format("{} must be a whole number, found a {}", what, Describe(node)));
    return std::nullopt;
  }

  // Calls `fn(key, value, key_text)` per entry, reporting duplicate and unknown keys.
  template <typename Fn>
  void ForEachKey(const YAML::Node& map, std::string_view where,
                  const std::set<std::string, std::less<>>& known, Fn fn) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!Visit()) return;
      const YAML::Node key = it->first;
      const YAML::Node value = it->second;
      if (!key.IsScalar()) {
        Report(Severity::kError, key.Mark(), "wrong-type",
               fmt::format("keys in {} must be text, found a {}", where, Describe(key)));
        continue;
      }
      const std::string& name = key.Scalar();
      if (!seen.insert(name).second) {
        Report(Severity::kError, key.Mark(), "duplicate-key",
               fmt::format("key '{}' appears twice in {}; which one is meant is ambiguous", name,
                           where));
        continue;
      }
      if (known.count(name) == 0) {
        Report(Severity::kWarning, key.Mark(), "unknown-key",
               fmt::format("unknown key '{}' in {} is ignored (known keys: {})", name, where,
                           JoinKeys(known)));
        continue;
      }
      fn(key, value, name);
    }
  }

  static std::string JoinKeys(const std::set<std::string, std::less<>>& keys) {
    std::string out;
    for (const std::string& k : keys) out += (out.empty() ? "" : ", ") + k;
    return out;
  }

 private:
  LineIndex index_;
  std::string file_;
  int line_offset_;
  Diagnostics diagnostics_;
  int visited_ = 0;
};

const std::set<std::string, std::less<>> kFrameworkKeys = {
    "path",   "title",    "sidebarTitle", "sidebarGroup", "yaml",
    "levels", "homepage", "topics",       "levelPrefix",  "rungs"};
const std::set<std::string, std::less<>> kTopicKeys = {"name", "title", "content", "description",
                                                       "subtitle"};
const std::set<std::string, std::less<>> kContentKeys = {"level", "criteria", "exampleCriteria"};
const std::set<std::string, std::less<>> kExampleKeys = {"criteria", "examples"};

Criterion MakeCriterion(std::string text, Provenance source) {
  Criterion c;
  if (std::optional<int> level = ParseLevelReference(text)) c.reference = Reference{*level, ""};
  c.text = std::move(text);
  c.source = std::move(source);
  return c;
}

void ParseExampleCriteria(MonzoParser& p, const YAML::Node& list, const YAML::Mark& at, int level,
                          RawTopic& raw) {
  if (list.IsNull()) return;
  if (!list.IsSequence()) {
    p.Report(
        Severity::kError, list.Mark().is_null() ? at : list.Mark(), "wrong-type",
        fmt::format("exampleCriteria must be a list, found a {}", MonzoParser::Describe(list)));
    return;
  }
  for (const YAML::Node& item : list) {
    if (!p.Visit()) return;
    if (!item.IsMap()) {
      p.Report(Severity::kError, item.Mark(), "wrong-type",
               fmt::format("each exampleCriteria item must be a mapping with criteria and "
                           "examples, found a {}",
                           MonzoParser::Describe(item)));
      continue;
    }
    std::optional<std::string> heading;
    YAML::Mark heading_mark = item.Mark();
    std::vector<Example> examples;
    p.ForEachKey(item, "an exampleCriteria item", kExampleKeys,
                 [&](const YAML::Node& key, const YAML::Node& value, const std::string& name) {
                   if (name == "criteria") {
                     heading = p.Text(value, key.Mark(), "exampleCriteria.criteria");
                     if (!value.Mark().is_null()) heading_mark = value.Mark();
                     return;
                   }
                   if (value.IsNull()) return;
                   if (!value.IsSequence()) {
                     p.Report(Severity::kError, value.Mark(), "wrong-type",
                              fmt::format("examples must be a list, found a {}",
                                          MonzoParser::Describe(value)));
                     return;
                   }
                   for (const YAML::Node& ex : value) {
                     std::optional<std::string> text = p.Text(ex, key.Mark(), "an example");
                     if (!text) continue;
                     examples.push_back({*text, p.Source(ex.Mark())});
                   }
                 });
    if (!heading) {
      p.Report(Severity::kError, item.Mark(), "missing-key",
               "exampleCriteria item has no 'criteria' text");
      continue;
    }
    if (std::optional<SublevelHeading> sub = ParseSublevelHeading(*heading)) {
      // A sublevel heading: each example is an assessable criterion of that rung.
      for (Example& ex : examples) {
        raw.entries.push_back(
            {level, sub->sublevel, sub->qualifier, MakeCriterion(std::move(ex.text), ex.source)});
      }
      if (examples.empty()) {
        // Keep the rung itself even when it lists nothing yet.
        RawEntry marker{level, sub->sublevel, sub->qualifier, {}};
        marker.criterion.source = p.Source(heading_mark);
        marker.criterion.key = "(empty)";
        raw.entries.push_back(std::move(marker));
      }
      continue;
    }
    Criterion c = MakeCriterion(*heading, p.Source(heading_mark));
    c.examples = std::move(examples);
    raw.entries.push_back({level, "", "", std::move(c)});
  }
}

void ParseContent(MonzoParser& p, const YAML::Node& content, const YAML::Mark& at, RawTopic& raw) {
  if (content.IsNull()) return;
  if (!content.IsSequence()) {
    p.Report(Severity::kError, content.Mark().is_null() ? at : content.Mark(), "wrong-type",
             fmt::format("content must be a list of levels, found a {}",
                         MonzoParser::Describe(content)));
    return;
  }
  for (const YAML::Node& entry : content) {
    if (!p.Visit()) return;
    if (!entry.IsMap()) {
      p.Report(Severity::kError, entry.Mark(), "wrong-type",
               fmt::format("each content item must be a mapping with a level, found a {}",
                           MonzoParser::Describe(entry)));
      continue;
    }
    raw.had_content = true;
    std::optional<int> level;
    bool level_seen = false;
    // Read the level first: criteria are attached to it whatever the key order.
    for (auto it = entry.begin(); it != entry.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "level") {
        level_seen = true;
        level = p.Level(it->second, it->first.Mark(), "level", 1);
        break;
      }
    }
    if (!level_seen) {
      p.Report(Severity::kError, entry.Mark(), "missing-key",
               "content item has no 'level'; its criteria cannot be placed");
      continue;
    }
    if (!level) continue;
    p.ForEachKey(
        entry, "a content item", kContentKeys,
        [&](const YAML::Node& key, const YAML::Node& value, const std::string& name) {
          if (name == "criteria") {
            if (value.IsNull()) {
              p.Report(Severity::kNote, key.Mark(), "empty-criteria",
                       fmt::format("'criteria:' of level {} is empty", *level));
              return;
            }
            if (!value.IsSequence()) {
              p.Report(
                  Severity::kError, value.Mark(), "wrong-type",
                  fmt::format("criteria must be a list, found a {}", MonzoParser::Describe(value)));
              return;
            }
            for (const YAML::Node& item : value) {
              std::optional<std::string> text = p.Text(item, key.Mark(), "a criterion");
              if (!text) continue;
              raw.entries.push_back({*level, "", "", MakeCriterion(*text, p.Source(item.Mark()))});
            }
          } else if (name == "exampleCriteria") {
            ParseExampleCriteria(p, value, key.Mark(), *level, raw);
          }
        });
  }
}

std::optional<RawTopic> ParseTopic(MonzoParser& p, const YAML::Node& node) {
  if (!node.IsMap()) {
    p.Report(Severity::kError, node.Mark(), "wrong-type",
             fmt::format("each topic must be a mapping with name, title and content, found a {}",
                         MonzoParser::Describe(node)));
    return std::nullopt;
  }
  RawTopic raw;
  raw.topic.source = p.Source(node.Mark());
  bool has_name = false;
  p.ForEachKey(node, "a topic", kTopicKeys,
               [&](const YAML::Node& key, const YAML::Node& value, const std::string& name) {
                 if (name == "name") {
                   if (std::optional<std::string> v = p.Text(value, key.Mark(), "topic name")) {
                     raw.topic.name = std::string(Trim(*v));
                     has_name = !raw.topic.name.empty();
                   }
                 } else if (name == "title") {
                   raw.topic.title = p.Text(value, key.Mark(), "topic title").value_or("");
                 } else if (name == "description" || name == "subtitle") {
                   if (std::optional<std::string> v = p.Text(value, key.Mark(), name)) {
                     if (!v->empty()) raw.topic.description = *v;
                   }
                 } else if (name == "content") {
                   ParseContent(p, value, key.Mark(), raw);
                 }
               });
  if (!has_name) {
    p.Report(Severity::kWarning, node.Mark(), "topic-without-name",
             "topic has no name, so nothing can refer to it; it is left out");
    return std::nullopt;
  }
  return raw;
}

struct RungKey {
  std::string sublevel;
  std::string qualifier;
  bool operator==(const RungKey&) const = default;
};

// Builds levels and their rungs from what the topics used, then files each criterion under
// its rung. Sublevels are shared by all topics of a level: they are the framework's rungs.
void BuildLevelsAndRungs(Framework& fw, std::vector<RawTopic>& raws, MonzoParser& p,
                         const YAML::Mark& levels_mark) {
  int max_level = 0;
  std::map<int, std::vector<std::pair<RungKey, Provenance>>> sublevels;
  for (const RawTopic& raw : raws) {
    for (const RawEntry& e : raw.entries) {
      max_level = std::max(max_level, e.level);
      if (e.sublevel.empty()) continue;
      auto& list = sublevels[e.level];
      const RungKey key{e.sublevel, e.qualifier};
      if (std::none_of(list.begin(), list.end(), [&](const auto& k) { return k.first == key; })) {
        list.push_back({key, e.criterion.source});
      }
    }
  }
  if (max_level > fw.declared_levels && fw.declared_levels > 0) {
    p.Report(Severity::kWarning, levels_mark, "level-out-of-range",
             fmt::format("content uses level {} but 'levels: {}' declares {}; all {} levels are "
                         "kept",
                         max_level, fw.declared_levels, fw.declared_levels, max_level));
  }
  const int level_count = std::max(max_level, fw.declared_levels);
  for (int n = 1; n <= level_count; ++n) {
    Level level;
    level.number = n;
    level.name = fw.level_prefix.empty() ? fmt::format("Level {}", n)
                                         : fmt::format("{}{}", fw.level_prefix, n);
    level.source = fw.source;
    auto it = sublevels.find(n);
    if (it == sublevels.end()) {
      level.rungs.push_back({std::to_string(n), level.name, n, "", "", fw.source});
    } else {
      auto list = it->second;
      // A before "A (after probation)" before B: letter first, the plain rung before its
      // qualified variants, then the order the file wrote them in.
      std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        if (a.first.sublevel != b.first.sublevel) return a.first.sublevel < b.first.sublevel;
        return a.first.qualifier.empty() && !b.first.qualifier.empty();
      });
      for (const auto& [key, source] : list) {
        level.rungs.push_back({RungId(n, key.sublevel, key.qualifier),
                               RungLabel(n, key.sublevel, key.qualifier), n, key.sublevel,
                               key.qualifier, source});
      }
    }
    fw.levels.push_back(std::move(level));
  }

  for (RawTopic& raw : raws) {
    Topic topic = std::move(raw.topic);
    for (RawEntry& e : raw.entries) {
      const Level& level = fw.levels[e.level - 1];
      const std::string rung_id =
          e.sublevel.empty() ? level.rungs.front().id : RungId(e.level, e.sublevel, e.qualifier);
      auto it = std::find_if(topic.rungs.begin(), topic.rungs.end(),
                             [&](const TopicRung& r) { return r.rung == rung_id; });
      if (it == topic.rungs.end()) {
        TopicRung tr;
        tr.rung = rung_id;
        tr.source = e.criterion.source;
        topic.rungs.push_back(std::move(tr));
        it = topic.rungs.end() - 1;
      }
      if (e.criterion.key != "(empty)") it->criteria.push_back(std::move(e.criterion));
    }
    std::stable_sort(topic.rungs.begin(), topic.rungs.end(),
                     [&](const TopicRung& a, const TopicRung& b) {
                       return RungIndex(fw, a.rung) < RungIndex(fw, b.rung);
                     });
    fw.topics.push_back(std::move(topic));
  }
}

// Keeps the front matter's `rungs:` entry as the lines it spans, so that its reader
// (metrics/targets.h) reports positions in this file. A front matter written in flow style
// ({path: x, rungs: {...}}) has no such lines: the entry is re-emitted, without positions.
void KeepSettings(MonzoParser& p, const YAML::Node& root, std::string_view yaml, Framework& fw) {
  std::optional<YAML::Mark> start;
  std::optional<int> end_line;
  YAML::Node value;
  for (auto it = root.begin(); it != root.end(); ++it) {
    const YAML::Node key = it->first;
    if (start) {
      end_line = key.Mark().line;
      break;
    }
    if (key.IsScalar() && key.Scalar() == "rungs") {
      start = key.Mark();
      value = it->second;
    }
  }
  if (!start || value.IsNull()) return;
  const std::vector<std::string_view> lines = SplitLines(yaml);
  const int first = start->line;
  int last =
      std::min(end_line.value_or(static_cast<int>(lines.size())), static_cast<int>(lines.size()));
  while (last > first + 1 && Trim(lines[last - 1]).empty()) --last;
  if (start->is_null() || first >= last || root.Style() == YAML::EmitterStyle::Flow) {
    YAML::Emitter emitter;
    emitter << YAML::BeginMap << YAML::Key << "rungs" << YAML::Value << value << YAML::EndMap;
    fw.settings_yaml = std::string(emitter.c_str()) + "\n";
    fw.settings_source = {fw.source.file, 0, 0};
    return;
  }
  for (int i = first; i < last; ++i) fw.settings_yaml.append(lines[i]).append("\n");
  YAML::Mark line_start = *start;
  line_start.column = 0;
  fw.settings_source = p.Source(line_start);
}

void ParseFrontMatter(MonzoParser& p, const YAML::Node& root, std::string_view yaml_text,
                      Framework& fw) {
  if (root.IsNull()) {
    p.Report(Severity::kError, root.Mark(), "empty-front-matter",
             "front matter is empty; expected keys such as path, title and topics");
    return;
  }
  if (!root.IsMap()) {
    p.Report(Severity::kError, root.Mark(), "wrong-type",
             fmt::format("front matter must be a mapping of keys (path, title, topics, ...), "
                         "found a {}",
                         MonzoParser::Describe(root)));
    return;
  }
  std::optional<bool> yaml;
  YAML::Mark levels_mark = root.Mark();
  std::vector<RawTopic> raws;
  p.ForEachKey(root, "the front matter", kFrameworkKeys,
               [&](const YAML::Node& key, const YAML::Node& value, const std::string& name) {
                 const YAML::Mark at = key.Mark();
                 if (name == "path") {
                   fw.id = std::string(Trim(p.Text(value, at, "path").value_or("")));
                   while (StartsWith(fw.id, "/")) fw.id.erase(0, 1);
                   while (!fw.id.empty() && fw.id.back() == '/') fw.id.pop_back();
                 } else if (name == "title") {
                   fw.title = p.Text(value, at, "title").value_or("");
                 } else if (name == "sidebarTitle") {
                   fw.sidebar_title = p.Text(value, at, "sidebarTitle").value_or("");
                 } else if (name == "sidebarGroup") {
                   fw.sidebar_group = p.Text(value, at, "sidebarGroup").value_or("");
                 } else if (name == "levelPrefix") {
                   fw.level_prefix = p.Text(value, at, "levelPrefix").value_or("");
                 } else if (name == "yaml") {
                   yaml = p.Bool(value, at, "yaml");
                 } else if (name == "homepage") {
                   fw.homepage = p.Bool(value, at, "homepage").value_or(false);
                 } else if (name == "levels") {
                   levels_mark = at;
                   if (!value.IsNull())
                     fw.declared_levels = p.Level(value, at, "levels", 0).value_or(0);
                 } else if (name == "topics") {
                   if (value.IsNull()) return;
                   if (!value.IsSequence()) {
                     p.Report(Severity::kError, value.Mark(), "wrong-type",
                              fmt::format("topics must be a list, found a {}",
                                          MonzoParser::Describe(value)));
                     return;
                   }
                   std::set<std::string> names;
                   for (const YAML::Node& t : value) {
                     std::optional<RawTopic> raw = ParseTopic(p, t);
                     if (!raw) continue;
                     if (!names.insert(raw->topic.name).second) {
                       p.Report(Severity::kError, t.Mark(), "duplicate-topic",
                                fmt::format("topic '{}' is defined twice; the second one is "
                                            "left out",
                                            raw->topic.name));
                       continue;
                     }
                     raws.push_back(std::move(*raw));
                   }
                 }
                 // "rungs" holds rungs' own settings: kept as text below, read by metrics.
               });
  KeepSettings(p, root, yaml_text, fw);
  fw.yaml = yaml.value_or(!raws.empty());
  BuildLevelsAndRungs(fw, raws, p, levels_mark);
}

}  // namespace

ImportResult ImportMonzo(std::string_view bytes, const std::string& file) {
  ImportResult result;
  Diagnostics& out = result.diagnostics;
  const std::optional<std::string_view> text = PrepareText(bytes, file, out);
  if (!text) return result;
  bytes = *text;
  const std::vector<std::string_view> lines = SplitLines(bytes);
  if (Trim(lines[0]) != "---") {
    out.push_back({Severity::kError, file, 1, 1, "no-front-matter",
                   "a Monzo framework file starts with a '---' line that opens its YAML front "
                   "matter"});
    return result;
  }
  // Find the closing '---' line.
  size_t offset = lines[0].size() + 1;
  const size_t yaml_start = std::min(offset, bytes.size());
  size_t yaml_end = bytes.size();
  size_t body_start = bytes.size();
  bool closed = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t line_start = static_cast<size_t>(lines[i].data() - bytes.data());
    std::string_view trimmed = lines[i];
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) {
      trimmed.remove_suffix(1);
    }
    if (trimmed == "---") {
      yaml_end = line_start;
      body_start = std::min(bytes.size(), line_start + lines[i].size() + 1);
      if (body_start < bytes.size() && bytes[body_start - 1] == '\r') ++body_start;
      closed = true;
      break;
    }
  }
  if (!closed) {
    out.push_back({Severity::kWarning, file, 1, 1, "unterminated-front-matter",
                   "the front matter opened here is never closed by a '---' line; reading the "
                   "whole file as front matter"});
  }

  Framework fw;
  fw.format = "monzo";
  fw.source = {file, 1, 1};
  MonzoParser parser(bytes, file, 1);
  const std::string yaml(bytes.substr(yaml_start, yaml_end - yaml_start));
  try {
    const YAML::Node root = YAML::Load(yaml);
    ParseFrontMatter(parser, root, yaml, fw);
  } catch (const YAML::Exception& e) {
    parser.Report(Severity::kError, e.mark, "yaml-syntax",
                  fmt::format("YAML syntax error: {}", e.msg));
  } catch (const std::exception& e) {
    parser.Report(Severity::kError, YAML::Mark::null_mark(), "yaml-syntax",
                  fmt::format("front matter cannot be read: {}", e.what()));
  }
  out.insert(out.end(), parser.diagnostics().begin(), parser.diagnostics().end());
  if (HasErrors(out) && fw.topics.empty() && fw.title.empty()) return result;

  if (body_start < bytes.size()) {
    fw.body = std::string(bytes.substr(body_start));
    if (std::optional<std::string> repaired = RepairMacRomanMojibake(fw.body)) {
      const TextPosition p = LineIndex(bytes).At(body_start);
      out.push_back({Severity::kWarning, file, p.line, 1, "mojibake-repaired",
                     "repaired Markdown body that was mis-decoded as Mac Roman"});
      fw.body = *repaired;
    }
  }
  result.framework = std::move(fw);
  return result;
}

void InheritFromGeneric(Framework& framework, const Framework& generic, Diagnostics& out) {
  framework.generic_file = generic.source.file;
  for (Topic& topic : framework.topics) {
    const Topic* from = FindTopic(generic, topic.name);
    if (Trim(topic.title).empty()) {
      if (from != nullptr && !Trim(from->title).empty()) {
        topic.title = from->title;
        topic.title_from_generic = true;
      } else {
        out.push_back({Severity::kWarning, topic.source.file, topic.source.line,
                       topic.source.column, "unresolved-inheritance",
                       fmt::format("topic '{}' has no title and {} has no titled topic of that "
                                   "name; showing its name instead",
                                   topic.name, generic.source.file)});
        topic.title = topic.name;
      }
    }
    if (!topic.rungs.empty() || from == nullptr) continue;
    // A topic without content takes generic's criteria, level by level.
    for (const TopicRung& generic_rung : from->rungs) {
      const Rung* rung = FindRung(generic, generic_rung.rung);
      if (rung == nullptr || rung->level > static_cast<int>(framework.levels.size())) continue;
      TopicRung copy = generic_rung;
      copy.rung = framework.levels[rung->level - 1].rungs.front().id;
      for (Criterion& c : copy.criteria) c.from_generic = true;
      auto it = std::find_if(topic.rungs.begin(), topic.rungs.end(),
                             [&](const TopicRung& r) { return r.rung == copy.rung; });
      if (it == topic.rungs.end()) {
        topic.rungs.push_back(std::move(copy));
      } else {
        it->criteria.insert(it->criteria.end(), copy.criteria.begin(), copy.criteria.end());
      }
    }
  }
}

void ResolveReferences(Framework& framework, Diagnostics& out) {
  for (Topic& topic : framework.topics) {
    for (TopicRung& topic_rung : topic.rungs) {
      const Rung* here = FindRung(framework, topic_rung.rung);
      for (Criterion& c : topic_rung.criteria) {
        if (!c.reference) continue;
        const int level = c.reference->level;
        c.reference->rung.clear();
        if (level < 1 || level > static_cast<int>(framework.levels.size()) ||
            (here != nullptr && level >= here->level)) {
          out.push_back({Severity::kError, c.source.file, c.source.line, c.source.column,
                         "unresolved-reference",
                         fmt::format("'{}' refers to level {}, which is not a level below this "
                                     "one in this framework",
                                     c.text, level)});
          continue;
        }
        c.reference->rung = framework.levels[level - 1].rungs.back().id;
      }
    }
  }
}

}  // namespace rungs
