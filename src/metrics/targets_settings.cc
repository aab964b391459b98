#include "metrics/targets_settings.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <set>

#include <fmt/format.h>

#include "util/text.h"
#include "util/utf8.h"

namespace rungs {
namespace {

using KeySet = std::set<std::string, std::less<>>;

const KeySet kSettingsKeys = {"window", "minimum", "targets"};
const KeySet kWindowKeys = {"weeks", "meeting"};
const KeySet kMinimumKeys = {"active_hours", "reviews"};
const KeySet kTargetKeys = {"conversations_per_hour", "activity",       "qa",           "weeks",
                            "consistently",           "advanced_tasks", "core_targets", "measured"};

std::string Field(const std::string& path, const std::string& name) {
  return path.empty() ? name : path + "." + name;
}

class SettingsReader {
 public:
  SettingsReader(const Framework& fw, Diagnostics& out)
      : index_(fw.settings_yaml), source_(fw.settings_source), out_(out) {}

  Provenance At(const YAML::Mark& mark) const {
    if (source_.line == 0 || mark.is_null()) return {source_.file, source_.line, source_.column};
    const TextPosition p = index_.FromZeroBased(mark.line, mark.column);
    return {source_.file, source_.line + p.line - 1, p.column};
  }

  void Error(const YAML::Mark& mark, const std::string& code, const std::string& field,
             const std::string& message) {
    const Provenance p = At(mark);
    out_.push_back({Severity::kError, p.file, p.line, p.column, code,
                    field.empty() ? fmt::format("rungs settings: {}", message)
                                  : fmt::format("rungs settings: {}: {}", field, message)});
  }

  static YAML::Mark MarkOf(const YAML::Node& node, const YAML::Mark& fallback) {
    return node.Mark().is_null() ? fallback : node.Mark();
  }

  static std::string Describe(const YAML::Node& node) {
    if (node.IsScalar()) return fmt::format("\"{}\"", node.Scalar());
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a mapping";
    return "nothing";
  }

  // Calls fn(key, value, name) for each entry of a mapping; reports what is not one, keys
  // that are not text, repeated keys and (when `known` is given) unknown keys.
  template <typename Fn>
  bool ForEach(const YAML::Node& map, const YAML::Mark& at, const std::string& path,
               const KeySet* known, Fn fn) {
    if (!map.IsMap()) {
      Error(MarkOf(map, at), "settings-invalid", path,
            fmt::format("must be a mapping, found {}", Describe(map)));
      return false;
    }
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        Error(MarkOf(key, at), "settings-invalid", path,
              fmt::format("keys must be text, found {}", Describe(key)));
        continue;
      }
      const std::string& name = key.Scalar();
      if (!seen.insert(name).second) {
        Error(key.Mark(), "settings-invalid", Field(path, name),
              "appears twice; which one is meant is ambiguous");
        continue;
      }
      if (known != nullptr && known->count(name) == 0) {
        Error(key.Mark(), "settings-unknown-key", Field(path, name),
              fmt::format("unknown key (known keys: {})", Join(*known, ", ")));
        continue;
      }
      fn(key, it->second, name);
    }
    return true;
  }

  std::optional<double> Number(const YAML::Node& node, const YAML::Mark& at,
                               const std::string& field, double min, double max,
                               bool percent = false) {
    if (node.IsScalar()) {
      std::string_view v = Trim(node.Scalar());
      if (percent && !v.empty() && v.back() == '%') v = Trim(v.substr(0, v.size() - 1));
      double value = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
      if (ec == std::errc() && end == v.data() + v.size() && !v.empty()) {
        if (value >= min && value <= max) return value;
        Error(node.Mark(), "settings-invalid", field,
              fmt::format("{} is out of range ({} to {})", node.Scalar(), min, max));
        return std::nullopt;
      }
    }
    Error(MarkOf(node, at), "settings-invalid", field,
          fmt::format("must be a number{}, found {}", percent ? " (a percentage)" : "",
                      Describe(node)));
    return std::nullopt;
  }

  std::optional<int> Whole(const YAML::Node& node, const YAML::Mark& at, const std::string& field,
                           int min, int max) {
    if (node.IsScalar()) {
      const std::string_view v = Trim(node.Scalar());
      int value = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
      if (ec == std::errc() && end == v.data() + v.size() && !v.empty()) {
        if (value >= min && value <= max) return value;
        Error(node.Mark(), "settings-invalid", field,
              fmt::format("{} is out of range ({} to {})", value, min, max));
        return std::nullopt;
      }
    }
    Error(MarkOf(node, at), "settings-invalid", field,
          fmt::format("must be a whole number, found {}", Describe(node)));
    return std::nullopt;
  }

  std::optional<bool> Bool(const YAML::Node& node, const YAML::Mark& at, const std::string& field) {
    if (node.IsScalar()) {
      const std::string v = ToLowerAscii(Trim(node.Scalar()));
      if (v == "true") return true;
      if (v == "false") return false;
    }
    Error(MarkOf(node, at), "settings-invalid", field,
          fmt::format("must be true or false, found {}", Describe(node)));
    return std::nullopt;
  }

  void Window(const YAML::Node& node, const YAML::Mark& at, const std::string& path,
              TargetSettings& settings) {
    std::optional<int> weeks;
    std::optional<int> meeting;
    YAML::Mark meeting_mark = at;
    ForEach(node, at, path, &kWindowKeys,
            [&](const YAML::Node& key, const YAML::Node& value, const std::string& name) {
              if (name == "weeks") {
                weeks = Whole(value, key.Mark(), Field(path, name), 1, 52);
              } else {
                meeting = Whole(value, key.Mark(), Field(path, name), 1, 52);
                meeting_mark = MarkOf(value, key.Mark());
              }
            });
    if (weeks) settings.window_weeks = *weeks;
    // K defaults to W: "consistently" means every one of the last W weeks.
    settings.window_meeting = meeting.value_or(settings.window_weeks);
    if (settings.window_meeting > settings.window_weeks) {
      Error(meeting_mark, "settings-invalid", Field(path, "meeting"),
            fmt::format("{} weeks cannot meet the targets out of a window of {}",
                        settings.window_meeting, settings.window_weeks));
      settings.window_meeting = settings.window_weeks;
    }
  }

  void Minimum(const YAML::Node& node, const YAML::Mark& at, const std::string& path,
               TargetSettings& settings) {
    ForEach(
        node, at, path, &kMinimumKeys,
        [&](const YAML::Node& key, const YAML::Node& value, const std::string& name) {
          if (name == "active_hours") {
            settings.min_active_hours = Number(value, key.Mark(), Field(path, name), 0, 168)
                                            .value_or(settings.min_active_hours);
          } else {
            settings.min_reviews =
                Whole(value, key.Mark(), Field(path, name), 0, 1000).value_or(settings.min_reviews);
          }
        });
  }

  std::optional<DeclaredTarget> Target(const YAML::Node& key, const YAML::Node& value,
                                       const std::string& path) {
    DeclaredTarget target;
    target.criterion = std::string(Trim(key.Scalar()));
    target.source = At(key.Mark());
    MeasuredRule rule;
    rule.source = "declared";
    std::optional<bool> measured;
    bool consistently_set = false;
    bool ok = true;
    const bool is_map =
        ForEach(value, key.Mark(), path, &kTargetKeys,
                [&](const YAML::Node& k, const YAML::Node& v, const std::string& name) {
                  const std::string field = Field(path, name);
                  const YAML::Mark at = k.Mark();
                  const size_t errors = out_.size();
                  if (name == "conversations_per_hour") {
                    rule.conversations_per_hour = Number(v, at, field, 0.01, 1000);
                  } else if (name == "activity") {
                    rule.activity_pct = Number(v, at, field, 0, 100, true);
                  } else if (name == "qa") {
                    rule.qa_pct = Number(v, at, field, 0, 100, true);
                  } else if (name == "weeks") {
                    rule.weeks_in_a_row = Whole(v, at, field, 1, 52).value_or(0);
                  } else if (name == "consistently") {
                    rule.consistently = Bool(v, at, field).value_or(false);
                    consistently_set = true;
                  } else if (name == "advanced_tasks") {
                    rule.advanced_tasks = Whole(v, at, field, 1, 100).value_or(0);
                  } else if (name == "core_targets") {
                    rule.core_targets = Bool(v, at, field).value_or(false);
                  } else if (name == "measured") {
                    measured = Bool(v, at, field);
                  }
                  ok = ok && out_.size() == errors;
                });
    if (!is_map || !ok) return std::nullopt;
    if (measured == false) {
      if (HasRates(rule) || rule.advanced_tasks > 0 || rule.core_targets ||
          rule.weeks_in_a_row > 0 || consistently_set) {
        Error(key.Mark(), "settings-invalid", path,
              "'measured: false' says the criterion is not measured; remove its other fields");
        return std::nullopt;
      }
      return target;
    }
    if (!HasRates(rule) && rule.advanced_tasks == 0 && !rule.core_targets) {
      Error(key.Mark(), "settings-invalid", path,
            "states no target: give conversations_per_hour, activity, qa, advanced_tasks or "
            "core_targets (or 'measured: false')");
      return std::nullopt;
    }
    if (rule.weeks_in_a_row > 0 && rule.consistently) {
      Error(key.Mark(), "settings-invalid", path,
            "'weeks' (N weeks in a row) and 'consistently: true' (K of the last W weeks) "
            "cannot both be set");
      return std::nullopt;
    }
    // As in text: rates with no time word are judged over the framework's window.
    if ((HasRates(rule) || rule.core_targets) && rule.weeks_in_a_row == 0) {
      rule.consistently = true;
    }
    target.rule = rule;
    return target;
  }

  void Read(const YAML::Node& root, FrameworkSettings& settings) {
    YAML::Node node = root;
    std::string path;
    // The front matter's `rungs:` entry, or a side file with or without the wrapper.
    if (root.IsMap() && root.size() == 1 && root.begin()->first.IsScalar() &&
        root.begin()->first.Scalar() == "rungs") {
      node = root.begin()->second;
      path = "rungs";
    }
    if (node.IsNull()) return;
    ForEach(node, root.Mark(), path, &kSettingsKeys,
            [&](const YAML::Node& key, const YAML::Node& value, const std::string& name) {
              const std::string field = Field(path, name);
              if (name == "window") {
                Window(value, key.Mark(), field, settings.settings);
              } else if (name == "minimum") {
                Minimum(value, key.Mark(), field, settings.settings);
              } else if (!value.IsNull()) {
                ForEach(value, key.Mark(), field, nullptr,
                        [&](const YAML::Node& k, const YAML::Node& v, const std::string& n) {
                          if (std::optional<DeclaredTarget> t = Target(k, v, Field(field, n))) {
                            settings.targets.push_back(std::move(*t));
                          }
                        });
              }
            });
  }

 private:
  LineIndex index_;
  Provenance source_;
  Diagnostics& out_;
};

}  // namespace

FrameworkSettings ReadTargetSettings(const Framework& framework, Diagnostics& out) {
  FrameworkSettings settings;
  if (Trim(framework.settings_yaml).empty()) return settings;
  SettingsReader reader(framework, out);
  try {
    const YAML::Node root = YAML::Load(framework.settings_yaml);
    reader.Read(root, settings);
  } catch (const YAML::Exception& e) {
    reader.Error(e.mark, "settings-syntax", "", fmt::format("YAML syntax error: {}", e.msg));
  } catch (const std::exception& e) {
    reader.Error(YAML::Mark::null_mark(), "settings-syntax", "",
                 fmt::format("cannot be read: {}", e.what()));
  }
  return settings;
}

}  // namespace rungs
