#include "framework/json_format.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "util/utf8.h"

namespace rungs {
namespace {

using nlohmann::json;

constexpr const char* kFormatName = "rungs-framework";
constexpr int kVersion = 1;

json ProvenanceJson(const Provenance& p) {
  return json{{"file", p.file}, {"line", p.line}, {"column", p.column}};
}

json CriterionJson(const Criterion& c) {
  json j = {{"key", c.key},
            {"text_hash", c.text_hash},
            {"text", c.text},
            {"from_generic", c.from_generic},
            {"source", ProvenanceJson(c.source)}};
  j["examples"] = json::array();
  for (const Example& e : c.examples) {
    j["examples"].push_back({{"text", e.text}, {"source", ProvenanceJson(e.source)}});
  }
  if (c.reference) j["reference"] = {{"level", c.reference->level}, {"rung", c.reference->rung}};
  return j;
}

// Reads fields and reports the first problem by its JSON path; never throws.
class Reader {
 public:
  explicit Reader(Diagnostics& out, std::string file) : out_(out), file_(std::move(file)) {}

  bool ok() const { return ok_; }

  void Fail(const std::string& path, const std::string& message) {
    if (!ok_) return;  // the first problem is the useful one
    ok_ = false;
    out_.push_back(
        {Severity::kError, file_, 0, 0, "json-field", fmt::format("{}: {}", path, message)});
  }

  const json* Field(const json& object, const std::string& path, const char* name, bool required) {
    if (!object.is_object()) {
      Fail(path, "must be an object");
      return nullptr;
    }
    auto it = object.find(name);
    if (it == object.end()) {
      if (required) Fail(Join(path, name), "is missing");
      return nullptr;
    }
    return &*it;
  }

  std::string String(const json& object, const std::string& path, const char* name,
                     bool required = true) {
    const json* v = Field(object, path, name, required);
    if (v == nullptr) return {};
    if (!v->is_string()) {
      Fail(Join(path, name), "must be a string");
      return {};
    }
    return v->get<std::string>();
  }

  int Int(const json& object, const std::string& path, const char* name, bool required = true) {
    const json* v = Field(object, path, name, required);
    if (v == nullptr) return 0;
    if (!v->is_number_integer()) {
      Fail(Join(path, name), "must be a whole number");
      return 0;
    }
    const auto n = v->get<long long>();
    if (n < -1'000'000'000LL || n > 1'000'000'000LL) {
      Fail(Join(path, name), "is out of range");
      return 0;
    }
    return static_cast<int>(n);
  }

  bool Bool(const json& object, const std::string& path, const char* name, bool required = true) {
    const json* v = Field(object, path, name, required);
    if (v == nullptr) return false;
    if (!v->is_boolean()) {
      Fail(Join(path, name), "must be true or false");
      return false;
    }
    return v->get<bool>();
  }

  template <typename Fn>
  void Array(const json& object, const std::string& path, const char* name, Fn fn,
             bool required = true) {
    const json* v = Field(object, path, name, required);
    if (v == nullptr) return;
    if (!v->is_array()) {
      Fail(Join(path, name), "must be an array");
      return;
    }
    for (size_t i = 0; i < v->size() && ok_; ++i) {
      fn((*v)[i], fmt::format("{}[{}]", Join(path, name), i));
    }
  }

  Provenance Source(const json& object, const std::string& path) {
    Provenance p;
    const json* v = Field(object, path, "source", true);
    if (v == nullptr) return p;
    const std::string at = Join(path, "source");
    p.file = String(*v, at, "file");
    p.line = Int(*v, at, "line");
    p.column = Int(*v, at, "column");
    return p;
  }

  static std::string Join(const std::string& path, const char* name) {
    return path.empty() ? name : path + "." + name;
  }

 private:
  Diagnostics& out_;
  std::string file_;
  bool ok_ = true;
};

Criterion ReadCriterion(Reader& r, const json& j, const std::string& path) {
  Criterion c;
  c.key = r.String(j, path, "key");
  c.text_hash = r.String(j, path, "text_hash");
  c.text = r.String(j, path, "text");
  c.from_generic = r.Bool(j, path, "from_generic");
  c.source = r.Source(j, path);
  r.Array(j, path, "examples", [&](const json& e, const std::string& at) {
    c.examples.push_back({r.String(e, at, "text"), r.Source(e, at)});
  });
  if (const json* ref = r.Field(j, path, "reference", false)) {
    const std::string at = Reader::Join(path, "reference");
    c.reference = Reference{r.Int(*ref, at, "level"), r.String(*ref, at, "rung")};
  }
  return c;
}

}  // namespace

json FrameworkToJson(const Framework& fw) {
  json levels = json::array();
  for (const Level& level : fw.levels) {
    json rungs = json::array();
    for (const Rung& rung : level.rungs) {
      rungs.push_back({{"id", rung.id},
                       {"label", rung.label},
                       {"level", rung.level},
                       {"sublevel", rung.sublevel},
                       {"qualifier", rung.qualifier},
                       {"source", ProvenanceJson(rung.source)}});
    }
    levels.push_back({{"number", level.number},
                      {"name", level.name},
                      {"band", level.band},
                      {"rungs", rungs},
                      {"source", ProvenanceJson(level.source)}});
  }
  json topics = json::array();
  for (const Topic& topic : fw.topics) {
    json rungs = json::array();
    for (const TopicRung& tr : topic.rungs) {
      json criteria = json::array();
      for (const Criterion& c : tr.criteria) criteria.push_back(CriterionJson(c));
      rungs.push_back({{"rung", tr.rung},
                       {"criteria", criteria},
                       {"placeholder", tr.placeholder},
                       {"source", ProvenanceJson(tr.source)}});
    }
    topics.push_back({{"name", topic.name},
                      {"title", topic.title},
                      {"title_from_generic", topic.title_from_generic},
                      {"description", topic.description},
                      {"rungs", rungs},
                      {"source", ProvenanceJson(topic.source)}});
  }
  return json{{"format", kFormatName},
              {"version", kVersion},
              {"id", fw.id},
              {"source_format", fw.format},
              {"title", fw.title},
              {"sidebar_title", fw.sidebar_title},
              {"sidebar_group", fw.sidebar_group},
              {"yaml", fw.yaml},
              {"homepage", fw.homepage},
              {"declared_levels", fw.declared_levels},
              {"level_prefix", fw.level_prefix},
              {"body", fw.body},
              {"generic_file", fw.generic_file},
              {"levels", levels},
              {"topics", topics},
              {"source", ProvenanceJson(fw.source)}};
}

std::string ExportJson(const Framework& framework) {
  return FrameworkToJson(framework).dump(2) + "\n";
}

ImportResult ImportJson(std::string_view bytes, const std::string& file) {
  ImportResult result;
  if (std::optional<Diagnostic> too_large = CheckInputSize(bytes, file)) {
    result.diagnostics.push_back(*too_large);
    return result;
  }
  json j = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Parse again with exceptions only to learn where it failed.
    try {
      [[maybe_unused]] const json unused = json::parse(bytes);
    } catch (const json::parse_error& e) {
      const TextPosition p = LineIndex(bytes).At(e.byte > 0 ? e.byte - 1 : 0);
      std::string message = e.what();
      const size_t cut = message.find("syntax error");
      if (cut != std::string::npos) message = message.substr(cut);
      result.diagnostics.push_back(
          {Severity::kError, file, p.line, p.column, "json-syntax", "JSON " + message});
    }
    return result;
  }
  Reader r(result.diagnostics, file);
  if (r.String(j, "", "format") != kFormatName && r.ok()) {
    r.Fail("format", fmt::format("must be \"{}\"", kFormatName));
  }
  if (r.ok() && r.Int(j, "", "version") != kVersion) {
    r.Fail("version", fmt::format("must be {}; this rungs reads version {}", kVersion, kVersion));
  }
  Framework fw;
  fw.id = r.String(j, "", "id");
  fw.format = r.String(j, "", "source_format");
  fw.title = r.String(j, "", "title");
  fw.sidebar_title = r.String(j, "", "sidebar_title");
  fw.sidebar_group = r.String(j, "", "sidebar_group");
  fw.yaml = r.Bool(j, "", "yaml");
  fw.homepage = r.Bool(j, "", "homepage");
  fw.declared_levels = r.Int(j, "", "declared_levels");
  fw.level_prefix = r.String(j, "", "level_prefix");
  fw.body = r.String(j, "", "body");
  fw.generic_file = r.String(j, "", "generic_file");
  fw.source = r.Source(j, "");
  r.Array(j, "", "levels", [&](const json& l, const std::string& at) {
    Level level;
    level.number = r.Int(l, at, "number");
    level.name = r.String(l, at, "name");
    level.band = r.String(l, at, "band");
    level.source = r.Source(l, at);
    r.Array(l, at, "rungs", [&](const json& g, const std::string& gat) {
      level.rungs.push_back({r.String(g, gat, "id"), r.String(g, gat, "label"),
                             r.Int(g, gat, "level"), r.String(g, gat, "sublevel"),
                             r.String(g, gat, "qualifier"), r.Source(g, gat)});
    });
    if (level.rungs.empty() && r.ok()) r.Fail(at + ".rungs", "must list at least one rung");
    fw.levels.push_back(std::move(level));
  });
  r.Array(j, "", "topics", [&](const json& t, const std::string& at) {
    Topic topic;
    topic.name = r.String(t, at, "name");
    topic.title = r.String(t, at, "title");
    topic.title_from_generic = r.Bool(t, at, "title_from_generic");
    topic.description = r.String(t, at, "description");
    topic.source = r.Source(t, at);
    r.Array(t, at, "rungs", [&](const json& g, const std::string& gat) {
      TopicRung tr;
      tr.rung = r.String(g, gat, "rung");
      tr.placeholder = r.String(g, gat, "placeholder");
      tr.source = r.Source(g, gat);
      r.Array(g, gat, "criteria", [&](const json& c, const std::string& cat) {
        tr.criteria.push_back(ReadCriterion(r, c, cat));
      });
      if (r.ok() && FindRung(fw, tr.rung) == nullptr) {
        r.Fail(gat + ".rung", fmt::format("names rung '{}', which no level has", tr.rung));
      }
      topic.rungs.push_back(std::move(tr));
    });
    fw.topics.push_back(std::move(topic));
  });
  if (r.ok()) result.framework = std::move(fw);
  return result;
}

}  // namespace rungs
