#include "metrics/mapping.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "util/csv.h"
#include "util/file.h"
#include "util/text.h"
#include "util/utf8.h"

namespace rungs {

namespace {

using KeySet = std::set<std::string, std::less<>>;

const KeySet kTopKeys = {"name",   "description", "csv",      "time",
                         "events", "exclude",     "activity", "identities"};
const KeySet kCsvKeys = {"delimiter", "quote", "header", "columns", "missing"};
const KeySet kTimeKeys = {"format", "zone", "weeks_zone"};
const KeySet kEventKeys = {
    "type",   "conversation", "identity", "space",    "time",
    "until",  "when",         "distinct", "review",   "category",
    "rating", "scale",        "weight",   "critical", "critical_fail_below_pct",
    "na"};
const KeySet kQaKeys = {
    "review", "category", "rating", "scale", "weight", "critical", "critical_fail_below_pct", "na"};
const KeySet kScaleKeys = {"min", "max"};
const KeySet kNumberKeys = {"column"};
const KeySet kConditionKeys = {"equals", "in", "not", "regex", "not_regex", "missing"};
const KeySet kExcludeKeys = {"name", "regex", "space", "reason"};
const KeySet kActivityKeys = {"from", "idle_gap_minutes", "allowance_minutes", "inferred_from",
                              "max_interval_hours"};
const KeySet kIdentityKeys = {"map"};

constexpr const char* kTypeNames[] = {"assigned",    "replied",  "closed",    "status_active",
                                      "status_away", "activity", "scheduled", "qa_rating"};
static_assert(std::size(kTypeNames) == kMappedTypeCount);
constexpr const char* kTypeList =
    "assigned, replied, closed, status_active, status_away, activity, scheduled, qa_rating";
constexpr size_t kMaxMappingBytes = 1 << 20;

bool ParseType(std::string_view text, MappedType& type) {
  for (size_t i = 0; i < std::size(kTypeNames); ++i) {
    if (text == kTypeNames[i]) {
      type = static_cast<MappedType>(i);
      return true;
    }
  }
  return false;
}

class MappingReader {
 public:
  MappingReader(std::string_view text, const std::string& file, Diagnostics& out)
      : index_(text), file_(file), out_(out) {}

  MappingPlace Place(const YAML::Node& node, const std::string& field) const {
    MappingPlace p;
    p.field = field;
    if (node.IsDefined() && !node.Mark().is_null()) {
      const TextPosition t = index_.FromZeroBased(node.Mark().line, node.Mark().column);
      p.line = t.line;
      p.column = t.column;
    }
    return p;
  }

  void Error(const MappingPlace& p, const std::string& code, const std::string& message) {
    out_.push_back({Severity::kError, file_, p.line, p.column, code,
                    p.field.empty() ? message : fmt::format("{}: {}", p.field, message)});
  }
  void Error(const YAML::Node& node, const std::string& field, const std::string& message,
             const std::string& code = "mapping-invalid") {
    Error(Place(node, field), code, message);
  }

  static std::string Describe(const YAML::Node& node) {
    if (node.IsScalar()) return fmt::format("\"{}\"", node.Scalar());
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a mapping";
    return "nothing";
  }

  static std::string Field(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + "." + name;
  }

  // Calls fn(key, value, name) for each entry of a mapping; reports what is not one, repeated
  // and unknown keys.
  template <typename Fn>
  bool ForEach(const YAML::Node& map, const YAML::Node& at, const std::string& path,
               const KeySet& known, Fn fn) {
    if (!map.IsMap()) {
      Error(map.IsDefined() && !map.Mark().is_null() ? map : at, path,
            fmt::format("must be a mapping, found {}", Describe(map)));
      return false;
    }
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        Error(key, path, fmt::format("keys must be text, found {}", Describe(key)));
        continue;
      }
      const std::string& name = key.Scalar();
      if (!seen.insert(name).second) {
        Error(key, Field(path, name), "appears twice; which one is meant is ambiguous");
        continue;
      }
      if (known.count(name) == 0) {
        Error(key, Field(path, name),
              fmt::format("unknown key (known keys: {})", Join(known, ", ")),
              "mapping-unknown-key");
        continue;
      }
      fn(key, it->second, name);
    }
    return true;
  }

  std::optional<std::string> Text(const YAML::Node& node, const std::string& field) {
    if (!node.IsScalar()) {
      Error(node, field, fmt::format("must be text, found {}", Describe(node)));
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::optional<std::string> NonEmpty(const YAML::Node& node, const std::string& field) {
    std::optional<std::string> s = Text(node, field);
    if (s && s->empty()) {
      Error(node, field, "must not be empty");
      return std::nullopt;
    }
    return s;
  }

  std::optional<ColumnRef> Column(const YAML::Node& node, const std::string& field) {
    std::optional<std::string> s = NonEmpty(node, field);
    if (!s) return std::nullopt;
    return ColumnRef{*s, Place(node, field)};
  }

  // A number written here ("4", "0.5"), or a column: any other text, or {column: NAME} for a
  // column whose name reads as a number.
  std::optional<NumberSource> NumberOrColumn(const YAML::Node& node, const std::string& field) {
    NumberSource n;
    if (node.IsScalar()) {
      if (std::optional<double> v = ParseMappedNumber(node.Scalar())) {
        n.value = *v;
        return n;
      }
      std::optional<ColumnRef> c = Column(node, field);
      if (!c) return std::nullopt;
      n.column = *c;
      return n;
    }
    if (node.IsMap()) {
      bool ok = false;
      ForEach(node, node, field, kNumberKeys,
              [&](const YAML::Node&, const YAML::Node& v, const std::string& name) {
                if (std::optional<ColumnRef> c = Column(v, Field(field, name))) {
                  n.column = *c;
                  ok = true;
                }
              });
      if (ok) return n;
      if (node.size() == 0) Error(node, field, "give {column: NAME}");
      return std::nullopt;
    }
    Error(node, field, fmt::format("must be a number or a column name, found {}", Describe(node)));
    return std::nullopt;
  }

  std::vector<std::string> TextList(const YAML::Node& node, const std::string& field) {
    std::vector<std::string> out;
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
      return out;
    }
    if (!node.IsSequence()) {
      Error(node, field, fmt::format("must be a list of text, found {}", Describe(node)));
      return out;
    }
    for (size_t i = 0; i < node.size(); ++i) {
      if (std::optional<std::string> s = Text(node[i], fmt::format("{}[{}]", field, i))) {
        out.push_back(*s);
      }
    }
    return out;
  }

  std::optional<bool> Bool(const YAML::Node& node, const std::string& field) {
    if (node.IsScalar()) {
      const std::string& s = node.Scalar();
      if (s == "true" || s == "yes") return true;
      if (s == "false" || s == "no") return false;
    }
    Error(node, field, fmt::format("must be true or false, found {}", Describe(node)));
    return std::nullopt;
  }

  std::optional<int64_t> Whole(const YAML::Node& node, const std::string& field, int64_t min,
                               int64_t max) {
    if (node.IsScalar()) {
      const std::string& s = node.Scalar();
      int64_t v = 0;
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec == std::errc() && end == s.data() + s.size() && v >= min && v <= max) return v;
    }
    Error(node, field,
          fmt::format("must be a whole number from {} to {}, found {}", min, max, Describe(node)));
    return std::nullopt;
  }

  std::optional<Regex> Pattern(const YAML::Node& node, const std::string& field) {
    std::optional<std::string> s = NonEmpty(node, field);
    if (!s) return std::nullopt;
    Result<Regex> compiled = Regex::Compile(*s);
    if (!compiled.ok()) {
      Error(node, field,
            fmt::format("\"{}\" is not a regular expression: {}", *s, compiled.status().message));
      return std::nullopt;
    }
    return std::move(compiled).value();
  }

  std::optional<char> OneChar(const YAML::Node& node, const std::string& field) {
    std::optional<std::string> s = Text(node, field);
    if (!s) return std::nullopt;
    if (*s == "\\t" || *s == "tab") return '\t';
    if (s->size() != 1 || (*s)[0] == '\n' || (*s)[0] == '\r') {
      Error(node, field,
            fmt::format("must be one character such as \",\", \";\" or \"\\t\", found "
                        "\"{}\"",
                        *s));
      return std::nullopt;
    }
    return (*s)[0];
  }

  void Csv(const YAML::Node& node, const YAML::Node& key, CsvSettings& csv) {
    ForEach(node, key, "csv", kCsvKeys,
            [&](const YAML::Node&, const YAML::Node& v, const std::string& name) {
              const std::string field = Field("csv", name);
              if (name == "delimiter") {
                csv.delimiter = OneChar(v, field).value_or(csv.delimiter);
              } else if (name == "quote") {
                csv.quote = OneChar(v, field).value_or(csv.quote);
              } else if (name == "header") {
                csv.header = Bool(v, field).value_or(csv.header);
              } else if (name == "columns") {
                csv.columns = TextList(v, field);
              } else if (name == "missing") {
                csv.missing = TextList(v, field);
              }
            });
    if (csv.delimiter == csv.quote) {
      Error(node, "csv", "the delimiter and the quote must differ");
    }
    if (!csv.header && csv.columns.empty()) {
      Error(node, "csv.columns", "an export without a header row needs its column names here",
            "mapping-missing-key");
    }
  }

  void Time(const YAML::Node& node, const YAML::Node& key, Mapping& m, bool& have_format) {
    bool have_weeks_zone = false;
    bool have_zone = false;
    ForEach(node, key, "time", kTimeKeys,
            [&](const YAML::Node&, const YAML::Node& v, const std::string& name) {
              const std::string field = Field("time", name);
              std::optional<std::string> s = NonEmpty(v, field);
              if (!s) return;
              if (name == "format") {
                Result<TimeFormat> f = ParseTimeFormat(*s);
                if (!f.ok()) {
                  Error(v, field, fmt::format("\"{}\": {}", *s, f.status().message));
                  return;
                }
                m.time_format = f.value();
                have_format = true;
              } else {
                Result<TimeZone> z = TimeZone::Parse(*s);
                if (!z.ok()) {
                  Error(v, field, z.status().message);
                  return;
                }
                if (name == "zone") {
                  m.zone = z.value();
                  have_zone = true;
                } else {
                  m.weeks_zone = z.value();
                  have_weeks_zone = true;
                }
              }
            });
    if (have_zone && !have_weeks_zone) m.weeks_zone = m.zone;
    if (have_format && !have_zone && m.time_format.kind == TimeFormat::Kind::kPattern) {
      bool zoned = false;
      for (const TimeFormat::Part& p : m.time_format.parts) {
        zoned = zoned || p.token == TimeFormat::Token::kZone;
      }
      if (!zoned) {
        Error(node, "time.zone",
              "the times carry no zone: say which zone they are in (an IANA name such as "
              "Europe/London, or an offset such as +01:00 or UTC)",
              "mapping-missing-key");
      }
    }
  }

  std::optional<Condition> ConditionOf(const ColumnRef& column, const YAML::Node& v,
                                       const std::string& field) {
    Condition c;
    c.column = column;
    if (v.IsScalar()) {
      c.op = Condition::Op::kEquals;
      c.values.push_back(v.Scalar());
      return c;
    }
    if (v.IsSequence()) {
      c.op = Condition::Op::kIn;
      c.values = TextList(v, field);
      return c;
    }
    int ops = 0;
    bool ok = true;
    ForEach(v, v, field, kConditionKeys,
            [&](const YAML::Node&, const YAML::Node& value, const std::string& name) {
              ++ops;
              const std::string f = Field(field, name);
              if (name == "equals") {
                c.op = Condition::Op::kEquals;
                std::optional<std::string> s = Text(value, f);
                ok = ok && s.has_value();
                if (s) c.values = {*s};
              } else if (name == "in" || name == "not") {
                c.op = name == "in" ? Condition::Op::kIn : Condition::Op::kNotIn;
                c.values = TextList(value, f);
              } else if (name == "regex" || name == "not_regex") {
                c.op = name == "regex" ? Condition::Op::kRegex : Condition::Op::kNotRegex;
                c.regex = Pattern(value, f);
                ok = ok && c.regex.has_value();
              } else if (name == "missing") {
                std::optional<bool> b = Bool(value, f);
                ok = ok && b.has_value();
                c.op = b.value_or(true) ? Condition::Op::kMissing : Condition::Op::kPresent;
              }
            });
    if (ops != 1) {
      Error(v, field,
            "give exactly one of equals, in, not, regex, not_regex, missing (write several "
            "columns for several conditions)");
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
    return c;
  }

  void QaKey(const YAML::Node& v, const std::string& field, const std::string& name, QaRule& qa,
             bool& have_scale) {
    if (name == "review") {
      if (auto c = Column(v, field)) qa.review = *c;
    } else if (name == "category") {
      if (auto c = Column(v, field)) qa.category = *c;
    } else if (name == "rating") {
      if (auto c = Column(v, field)) qa.rating = *c;
    } else if (name == "scale") {
      bool have_min = false;
      bool have_max = false;
      const bool ok =
          ForEach(v, v, field, kScaleKeys,
                  [&](const YAML::Node&, const YAML::Node& bound, const std::string& b) {
                    std::optional<NumberSource> n = NumberOrColumn(bound, Field(field, b));
                    if (!n) return;
                    (b == "min" ? qa.scale_min : qa.scale_max) = *n;
                    (b == "min" ? have_min : have_max) = true;
                  });
      if (!ok) return;
      if (!have_min || !have_max) {
        Error(v, field, "give both ends: {min: 1, max: 4} (numbers or columns)",
              "mapping-missing-key");
        return;
      }
      have_scale = true;
      if (qa.scale_min.column.name.empty() && qa.scale_max.column.name.empty() &&
          qa.scale_min.value >= qa.scale_max.value) {
        Error(v, field,
              fmt::format("min {} must be below max {}", qa.scale_min.value, qa.scale_max.value));
      }
    } else if (name == "weight") {
      if (std::optional<NumberSource> n = NumberOrColumn(v, field)) {
        if (n->column.name.empty() && n->value < 0) {
          Error(v, field, "must not be negative");
          return;
        }
        qa.weight = *n;
      }
    } else if (name == "critical") {
      if (v.IsSequence()) {
        qa.critical_categories = TextList(v, field);
      } else if (std::optional<NumberSource> n = NumberOrColumn(v, field)) {
        if (n->column.name.empty()) {
          Error(v, field,
                "give a column of true/false or a list of critical category names, e.g. "
                "[Compliance]");
          return;
        }
        qa.critical = n->column;
      }
    } else if (name == "critical_fail_below_pct") {
      std::optional<double> pct = v.IsScalar() ? ParseMappedNumber(v.Scalar()) : std::nullopt;
      if (!pct || *pct <= 0 || *pct > 100) {
        Error(v, field,
              fmt::format("must be a percentage above 0 and at most 100, found {}", Describe(v)));
        return;
      }
      qa.critical_fail_below_pct = *pct;
    } else if (name == "na") {
      qa.na = TextList(v, field);
    }
  }

  void Event(const YAML::Node& node, size_t i, Mapping& m) {
    EventRule rule;
    const std::string path = fmt::format("events[{}]", i);
    rule.place = Place(node, path);
    bool have_type = false;
    bool type_given = false;  // a bad type has its own message
    bool have_scale = false;
    std::optional<MappingPlace> qa_key;  // the first key only qa_rating rules take
    bool ok = ForEach(
        node, node, path, kEventKeys,
        [&](const YAML::Node&, const YAML::Node& v, const std::string& name) {
          const std::string field = Field(path, name);
          if (name == "type") {
            type_given = true;
            std::optional<std::string> s = Text(v, field);
            if (s && !ParseType(*s, rule.type)) {
              Error(v, field, fmt::format("\"{}\" is not an event type ({})", *s, kTypeList));
            } else if (s) {
              have_type = true;
            }
          } else if (name == "conversation") {
            if (auto c = Column(v, field)) rule.conversation = *c;
          } else if (name == "identity") {
            if (auto c = Column(v, field)) rule.identity = *c;
          } else if (name == "space") {
            rule.space = NonEmpty(v, field).value_or("");
          } else if (name == "time") {
            if (auto c = Column(v, field)) rule.time = *c;
          } else if (name == "until") {
            if (auto c = Column(v, field)) rule.until = *c;
          } else if (name == "distinct") {
            if (!v.IsSequence()) {
              Error(v, field, fmt::format("must be a list of columns, found {}", Describe(v)));
              return;
            }
            for (size_t k = 0; k < v.size(); ++k) {
              if (auto c = Column(v[k], fmt::format("{}[{}]", field, k))) {
                rule.distinct.push_back(*c);
              }
            }
          } else if (kQaKeys.count(name) != 0) {
            if (!qa_key) qa_key = Place(v, field);
            QaKey(v, field, name, rule.qa, have_scale);
          } else if (name == "when") {
            // Any column name is a key here: read below.
            if (!v.IsMap()) {
              Error(v, field,
                    fmt::format("must be a mapping of column: condition, found {}", Describe(v)));
            }
          }
        });
    if (!ok) return;
    if (const YAML::Node when = node["when"]; when.IsDefined() && when.IsMap()) {
      for (auto it = when.begin(); it != when.end(); ++it) {
        const std::string field = Field(Field(path, "when"), it->first.Scalar());
        if (auto column = Column(it->first, field)) {
          if (auto c = ConditionOf(*column, it->second, field)) rule.when.push_back(*c);
        }
      }
    }
    rule.label = fmt::format("{} ({})", path, have_type ? MappedTypeName(rule.type) : "?");
    if (!type_given) {
      Error(rule.place, "mapping-missing-key", fmt::format("needs a type ({})", kTypeList));
    }
    auto need = [&](const ColumnRef& c, const char* key, const char* why) {
      if (c.name.empty()) {
        Error(rule.place, "mapping-missing-key", fmt::format("needs `{}:` ({})", key, why));
      }
    };
    need(rule.identity, "identity", "the column naming who did it");
    need(rule.time, "time", "the column with when it happened");
    const bool needs_conversation = rule.type == MappedType::kAssigned ||
                                    rule.type == MappedType::kReplied ||
                                    rule.type == MappedType::kClosed;
    if (have_type && needs_conversation) {
      need(rule.conversation, "conversation", "the column naming the conversation or ticket");
    }
    const bool interval = rule.type == MappedType::kStatusActive ||
                          rule.type == MappedType::kStatusAway ||
                          rule.type == MappedType::kScheduled;
    if (have_type && !rule.until.name.empty() && !interval) {
      Error(rule.until.place, "mapping-invalid",
            "only status_active, status_away and scheduled rules take `until`");
    }
    if (have_type && rule.type == MappedType::kScheduled) {
      need(rule.until, "until", "the column with the shift's end");
    }
    if (have_type && rule.type == MappedType::kQaRating) {
      need(rule.qa.review, "review", "the column naming the review a rating belongs to");
      need(rule.qa.rating, "rating", "the column with the category's rating");
      if (!have_scale && !node["scale"].IsDefined()) {
        Error(rule.place, "mapping-missing-key",
              "needs `scale: {min: ..., max: ...}` (numbers or columns)");
      }
      if (!rule.qa.critical_categories.empty() && rule.qa.category.name.empty()) {
        Error(rule.place, "mapping-missing-key", "a list of critical categories needs `category:`");
      }
    } else if (have_type && qa_key) {
      Error(*qa_key, "mapping-invalid", "only qa_rating rules take it");
    }
    if (rule.space.empty()) rule.space = rule.identity.name;
    // A rule without a type is an error already; checks of the whole mapping would read its
    // default type and add a second, wrong message.
    if (have_type) m.events.push_back(std::move(rule));
  }

  void Exclude(const YAML::Node& node, size_t i, Mapping& m) {
    ExcludeRule rule;
    bool regex_given = false;  // a bad pattern has its own message
    const std::string path = fmt::format("exclude[{}]", i);
    rule.place = Place(node, path);
    if (node.IsScalar()) {
      rule.name = node.Scalar();
    } else {
      ForEach(node, node, path, kExcludeKeys,
              [&](const YAML::Node&, const YAML::Node& v, const std::string& name) {
                const std::string field = Field(path, name);
                if (name == "name") {
                  rule.name = NonEmpty(v, field).value_or("");
                } else if (name == "regex") {
                  regex_given = true;
                  rule.regex = Pattern(v, field);
                  if (rule.regex) rule.pattern = v.Scalar();
                } else if (name == "space") {
                  rule.space = NonEmpty(v, field).value_or("");
                  rule.space_place = Place(v, field);
                } else if (name == "reason") {
                  rule.reason = Text(v, field).value_or("");
                }
              });
    }
    if (regex_given && !rule.regex) return;
    if (rule.name.empty() == !rule.regex.has_value()) {
      Error(rule.place, "mapping-invalid", "give either `name:` (an exact identity) or `regex:`");
      return;
    }
    rule.label = rule.regex ? fmt::format("/{}/", rule.pattern) : fmt::format("\"{}\"", rule.name);
    if (!rule.space.empty()) rule.label += fmt::format(" in {}", rule.space);
    if (!rule.reason.empty()) rule.label += fmt::format(" ({})", rule.reason);
    m.exclude.push_back(std::move(rule));
  }

  void Activity(const YAML::Node& node, const YAML::Node& key, ActivitySettings& a) {
    ForEach(node, key, "activity", kActivityKeys,
            [&](const YAML::Node&, const YAML::Node& v, const std::string& name) {
              const std::string field = Field("activity", name);
              if (name == "from") {
                std::optional<std::string> s = Text(v, field);
                if (!s) return;
                if (*s == "status") {
                  a.from = ActivitySettings::From::kStatus;
                } else if (*s == "inferred") {
                  a.from = ActivitySettings::From::kInferred;
                } else if (*s == "none") {
                  a.from = ActivitySettings::From::kNone;
                } else {
                  Error(v, field, fmt::format("\"{}\": use status, inferred or none", *s));
                }
              } else if (name == "idle_gap_minutes") {
                a.idle_gap_seconds = Whole(v, field, 1, 24 * 60).value_or(30) * 60;
              } else if (name == "allowance_minutes") {
                a.allowance_seconds = Whole(v, field, 0, 60).value_or(5) * 60;
              } else if (name == "max_interval_hours") {
                a.max_interval_seconds =
                    Whole(v, field, 1, 7 * 24).value_or(kDefaultMaxIntervalSeconds / 3600) * 3600;
              } else if (name == "inferred_from") {
                a.inferred_from.clear();
                for (const std::string& s : TextList(v, field)) {
                  MappedType t = MappedType::kActivity;
                  if (!ParseType(s, t) || t == MappedType::kStatusActive ||
                      t == MappedType::kStatusAway || t == MappedType::kScheduled ||
                      t == MappedType::kQaRating) {
                    Error(v, field,
                          fmt::format("\"{}\": list event types among activity, replied, "
                                      "assigned, closed",
                                      s));
                    continue;
                  }
                  a.inferred_from.push_back(t);
                }
              }
            });
    if (a.allowance_seconds > a.idle_gap_seconds) {
      Error(node, "activity.allowance_minutes", "must not be longer than idle_gap_minutes");
    }
  }

  void Read(const YAML::Node& root, Mapping& m) {
    bool have_events = false;
    bool have_format = false;
    const bool ok =
        ForEach(root, root, "", kTopKeys,
                [&](const YAML::Node& key, const YAML::Node& v, const std::string& name) {
                  if (name == "name") {
                    m.name = Text(v, name).value_or("");
                  } else if (name == "description") {
                    Text(v, name);
                  } else if (name == "csv") {
                    Csv(v, key, m.csv);
                  } else if (name == "time") {
                    Time(v, key, m, have_format);
                  } else if (name == "events") {
                    have_events = true;
                    if (!v.IsSequence() || v.size() == 0) {
                      Error(v.IsNull() ? key : v, name, "must be a list of event rules");
                      return;
                    }
                    for (size_t i = 0; i < v.size(); ++i) Event(v[i], i, m);
                  } else if (name == "exclude") {
                    if (!v.IsSequence()) {
                      Error(v, name, "must be a list of names or {regex: ...}");
                      return;
                    }
                    for (size_t i = 0; i < v.size(); ++i) Exclude(v[i], i, m);
                  } else if (name == "activity") {
                    Activity(v, key, m.activity);
                  } else if (name == "identities") {
                    ForEach(v, key, name, kIdentityKeys,
                            [&](const YAML::Node&, const YAML::Node& value, const std::string&) {
                              m.identity_map = NonEmpty(value, "identities.map").value_or("");
                            });
                  }
                });
    if (!ok) return;
    const MappingPlace top{1, 1, ""};
    if (!have_format) {
      Error(top, "mapping-missing-key",
            "time.format: say how the export writes times (e.g. iso8601 or \"d/m/yyyy H:MM\")");
    }
    if (!have_events) {
      Error(top, "mapping-missing-key", "events: a mapping needs at least one event rule");
    }
    CheckActivity(m);
    // A rule dropped for an error has no space: the check would add a second, wrong message.
    if (!HasErrors(out_)) CheckExcludeSpaces(m);
  }

  // An exclude rule for a space no event rule reads would exclude nothing, silently.
  void CheckExcludeSpaces(const Mapping& m) {
    for (const ExcludeRule& rule : m.exclude) {
      if (!rule.space.empty() && !MappingReadsSpace(m, rule.space)) {
        Error(rule.space_place, "mapping-invalid",
              fmt::format("\"{}\" is not a space of this mapping's rules ({}), so the rule would "
                          "exclude nothing",
                          rule.space, MappingSpaces(m)));
      }
    }
  }

  void CheckActivity(Mapping& m) {
    bool status = false;
    bool touches = false;
    for (const EventRule& r : m.events) {
      status = status || r.type == MappedType::kStatusActive || r.type == MappedType::kStatusAway;
      for (MappedType t : m.activity.inferred_from) touches = touches || r.type == t;
    }
    const MappingPlace top{1, 1, "activity.from"};
    if (m.activity.from == ActivitySettings::From::kStatus && !status) {
      Error(top, "mapping-invalid",
            "status needs status_active or status_away event rules (or use inferred)");
    }
    if (m.activity.from == ActivitySettings::From::kInferred && !touches) {
      Error(top, "mapping-invalid",
            "inferred needs event rules of a type in activity.inferred_from to infer from");
    }
    if (m.activity.from == ActivitySettings::From::kNone && status) {
      m.activity.from = ActivitySettings::From::kStatus;
    }
    for (const EventRule& r : m.events) {
      if (r.type == MappedType::kActivity && m.activity.from != ActivitySettings::From::kInferred) {
        Error(r.place, "mapping-invalid",
              "activity events only feed inferred active time; set activity.from: inferred");
      }
    }
  }

 private:
  LineIndex index_;
  std::string file_;
  Diagnostics& out_;
};

}  // namespace

const char* MappedTypeName(MappedType type) { return kTypeNames[static_cast<int>(type)]; }

std::optional<double> ParseMappedNumber(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  // from_chars takes neither a leading '+' nor "inf"/"nan" as exports would mean them.
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

MappingLoad ParseMapping(std::string_view yaml, const std::string& file) {
  MappingLoad load;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    const LineIndex index(yaml);
    TextPosition p{1, 1};
    if (!e.mark.is_null()) p = index.FromZeroBased(e.mark.line, e.mark.column);
    load.diagnostics.push_back({Severity::kError, file, p.line, p.column, "mapping-yaml", e.msg});
    return load;
  }
  Mapping m;
  m.file = file;
  m.zone = TimeZone::Parse("UTC").value();
  m.weeks_zone = m.zone;
  MappingReader reader(yaml, file, load.diagnostics);
  if (!root.IsMap()) {
    load.diagnostics.push_back({Severity::kError, file, 1, 1, "mapping-invalid",
                                "a mapping file is a YAML mapping with csv, time and events"});
    return load;
  }
  reader.Read(root, m);
  if (!m.identity_map.empty()) {
    const std::filesystem::path p(m.identity_map);
    if (p.is_relative()) {
      m.identity_map = (std::filesystem::path(file).parent_path() / p).lexically_normal().string();
    }
  }
  if (!HasErrors(load.diagnostics)) load.mapping = std::move(m);
  return load;
}

MappingLoad LoadMapping(const std::string& path) {
  const FileContents contents = ReadFileCapped(path, kMaxMappingBytes);
  if (!contents.ok) {
    MappingLoad load;
    load.diagnostics.push_back(
        {Severity::kError, path, 0, 0, "mapping-unreadable", contents.error});
    return load;
  }
  return ParseMapping(contents.bytes, path);
}

const std::string* IdentityMap::Find(const std::string& space, const std::string& name) const {
  const auto it = people.find(std::make_pair(space, name));
  return it == people.end() ? nullptr : &it->second;
}

Result<IdentityMap> LoadIdentityMap(const std::string& path) {
  const FileContents contents = ReadFileCapped(path, 64 << 20);
  if (!contents.ok) return Status::Invalid(fmt::format("{}: {}", path, contents.error));
  return ParseIdentityMap(contents.bytes, path);
}

std::string MappingSpaces(const Mapping& mapping) {
  std::set<std::string> spaces;
  for (const EventRule& e : mapping.events) spaces.insert(e.space);
  return Join(spaces, ", ");
}

bool MappingReadsSpace(const Mapping& mapping, std::string_view space) {
  return std::any_of(mapping.events.begin(), mapping.events.end(),
                     [space](const EventRule& e) { return e.space == space; });
}

std::vector<std::string> MappingColumns(const Mapping& mapping) {
  std::set<std::string> columns;
  auto add = [&columns](const ColumnRef& c) {
    if (!c.name.empty()) columns.insert(c.name);
  };
  for (const EventRule& e : mapping.events) {
    for (const ColumnRef* c : {&e.conversation, &e.identity, &e.time, &e.until, &e.qa.review,
                               &e.qa.category, &e.qa.rating, &e.qa.scale_min.column,
                               &e.qa.scale_max.column, &e.qa.weight.column, &e.qa.critical}) {
      add(*c);
    }
    for (const Condition& c : e.when) add(c.column);
    for (const ColumnRef& c : e.distinct) add(c);
  }
  return {columns.begin(), columns.end()};
}

Status CheckIdentityMapSpaces(const IdentityMap& map, const Mapping& mapping) {
  for (const auto& entry : map.space_lines) {
    const std::string& space = entry.first;
    if (!MappingReadsSpace(mapping, space)) {
      return Status::Invalid(fmt::format(
          "{}:{}:1: the space \"{}\" is not one the mapping's rules read ({}), so its rows "
          "would join nothing",
          map.path, entry.second, space, MappingSpaces(mapping)));
    }
  }
  return Status::Ok();
}

Result<IdentityMap> ParseIdentityMap(std::string_view text, const std::string& path) {
  const CsvTable table = ParseDelimited(text, ',', path);
  if (HasErrors(table.diagnostics)) {
    return Status::Invalid(FormatDiagnostic(table.diagnostics.front()));
  }
  if (table.rows.empty() || table.rows[0].cells.size() != 3 ||
      table.rows[0].cells[0].text != "space" || table.rows[0].cells[1].text != "name" ||
      table.rows[0].cells[2].text != "person") {
    return Status::Invalid(
        fmt::format("{}:1:1: an identity map starts with the header space,name,person", path));
  }
  IdentityMap map;
  map.path = path;
  for (size_t i = 1; i < table.rows.size(); ++i) {
    const CsvRow& row = table.rows[i];
    if (row.cells.size() == 1 && row.cells[0].text.empty()) continue;
    if (row.cells.size() != 3 || row.cells[0].text.empty() || row.cells[1].text.empty() ||
        row.cells[2].text.empty()) {
      return Status::Invalid(fmt::format(
          "{}:{}:1: expected three non-empty values (space,name,person)", path, row.line));
    }
    map.space_lines.try_emplace(row.cells[0].text, row.line);
    auto [it, added] =
        map.people.emplace(std::make_pair(row.cells[0].text, row.cells[1].text), row.cells[2].text);
    if (!added && it->second != row.cells[2].text) {
      return Status::Invalid(fmt::format("{}:{}:1: \"{}\" in {} is already mapped to \"{}\"", path,
                                         row.line, row.cells[1].text, row.cells[0].text,
                                         it->second));
    }
  }
  return map;
}

}  // namespace rungs
