#include "framework/json_format.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "util/json_reader.h"

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

Provenance ReadSource(JsonReader& r, const json& object, const std::string& path) {
  Provenance p;
  const json* v = r.Object(object, path, "source", true);
  if (v == nullptr) return p;
  const std::string at = JsonReader::Join(path, "source");
  p.file = r.String(*v, at, "file", true);
  p.line = r.Int(*v, at, "line", 0, true);
  p.column = r.Int(*v, at, "column", 0, true);
  return p;
}

Criterion ReadCriterion(JsonReader& r, const json& j, const std::string& path) {
  Criterion c;
  c.key = r.String(j, path, "key", true);
  c.text_hash = r.String(j, path, "text_hash", true);
  c.text = r.String(j, path, "text", true);
  c.from_generic = r.Bool(j, path, "from_generic", false, true);
  c.source = ReadSource(r, j, path);
  r.ForEach(j, path, "examples", [&](const json& e, const std::string& at) {
    c.examples.push_back({r.String(e, at, "text", true), ReadSource(r, e, at)});
  });
  if (const json* ref = r.Object(j, path, "reference")) {
    const std::string at = JsonReader::Join(path, "reference");
    c.reference = Reference{r.Int(*ref, at, "level", 0, true), r.String(*ref, at, "rung", true)};
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
  json j = json{{"format", kFormatName},
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
  // Only when there are settings, so that versions stored before settings existed keep their
  // content hash.
  if (!fw.settings_yaml.empty()) {
    j["settings"] = {{"yaml", fw.settings_yaml}, {"source", ProvenanceJson(fw.settings_source)}};
  }
  return j;
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
  const std::optional<json> document = ParseJsonDocument(bytes, file, result.diagnostics);
  if (!document) return result;
  const json& j = *document;
  JsonReader r(result.diagnostics, file, "json-field");
  if (r.String(j, "", "format", true) != kFormatName && r.ok()) {
    r.Fail("format", fmt::format("must be \"{}\"", kFormatName));
  }
  if (r.ok() && r.Int(j, "", "version", 0, true) != kVersion) {
    r.Fail("version", fmt::format("must be {}; this rungs reads version {}", kVersion, kVersion));
  }
  Framework fw;
  fw.id = r.String(j, "", "id", true);
  fw.format = r.String(j, "", "source_format", true);
  fw.title = r.String(j, "", "title", true);
  fw.sidebar_title = r.String(j, "", "sidebar_title", true);
  fw.sidebar_group = r.String(j, "", "sidebar_group", true);
  fw.yaml = r.Bool(j, "", "yaml", false, true);
  fw.homepage = r.Bool(j, "", "homepage", false, true);
  fw.declared_levels = r.Int(j, "", "declared_levels", 0, true);
  fw.level_prefix = r.String(j, "", "level_prefix", true);
  fw.body = r.String(j, "", "body", true);
  fw.generic_file = r.String(j, "", "generic_file", true);
  fw.source = ReadSource(r, j, "");
  if (const json* settings = r.Object(j, "", "settings")) {
    fw.settings_yaml = r.String(*settings, "settings", "yaml", true);
    fw.settings_source = ReadSource(r, *settings, "settings");
  }
  r.ForEach(j, "", "levels", [&](const json& l, const std::string& at) {
    Level level;
    level.number = r.Int(l, at, "number", 0, true);
    level.name = r.String(l, at, "name", true);
    level.band = r.String(l, at, "band", true);
    level.source = ReadSource(r, l, at);
    r.ForEach(l, at, "rungs", [&](const json& g, const std::string& gat) {
      level.rungs.push_back({r.String(g, gat, "id", true), r.String(g, gat, "label", true),
                             r.Int(g, gat, "level", 0, true), r.String(g, gat, "sublevel", true),
                             r.String(g, gat, "qualifier", true), ReadSource(r, g, gat)});
    });
    if (level.rungs.empty() && r.ok()) r.Fail(at + ".rungs", "must list at least one rung");
    fw.levels.push_back(std::move(level));
  });
  r.ForEach(j, "", "topics", [&](const json& t, const std::string& at) {
    Topic topic;
    topic.name = r.String(t, at, "name", true);
    topic.title = r.String(t, at, "title", true);
    topic.title_from_generic = r.Bool(t, at, "title_from_generic", false, true);
    topic.description = r.String(t, at, "description", true);
    topic.source = ReadSource(r, t, at);
    r.ForEach(t, at, "rungs", [&](const json& g, const std::string& gat) {
      TopicRung tr;
      tr.rung = r.String(g, gat, "rung", true);
      tr.placeholder = r.String(g, gat, "placeholder", true);
      tr.source = ReadSource(r, g, gat);
      r.ForEach(g, gat, "criteria", [&](const json& c, const std::string& cat) {
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
