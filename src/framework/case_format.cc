#include "framework/case_format.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "util/hash.h"
#include "util/json_reader.h"
#include "util/json_text.h"
#include "util/text.h"
#include "util/utf8.h"

namespace rungs {
namespace {

using nlohmann::json;

// Every lastChangeDateTime. The model keeps no edit times, and a clock reading would make two
// exports of one framework differ; 2000-01-01 rather than the epoch because many CASE tools
// treat 1970-01-01 as "never set".
constexpr const char* kLastChange = "2000-01-01T00:00:00+00:00";
constexpr const char* kCaseVersion = "1.1";
constexpr const char* kExtension = "rungs";
constexpr const char* kTopicType = "Topic";
constexpr const char* kCriterionType = "Criterion";
constexpr const char* kExampleType = "Example";
constexpr const char* kChildOf = "isChildOf";
constexpr const char* kExemplar = "exemplar";
// A rubric from another tool with more levels than this is not a progression framework.
constexpr size_t kMaxRubricLevels = 100;

std::string Urn(const std::string& identifier) { return "urn:uuid:" + identifier; }

// LinkURI titles are NormalizedStrings in CASE: no line breaks.
json Link(const std::string& identifier, const std::string& title) {
  return {{"identifier", identifier}, {"title", NormalizeSpace(title)}, {"uri", Urn(identifier)}};
}

// Escapes the characters that separate parts of an identifier name, so that a topic called
// "a/1" cannot get the identifier of rung 1 of topic "a".
std::string NamePart(std::string_view part) {
  std::string out;
  for (char c : part) {
    if (c == '%') {
      out += "%25";
    } else if (c == '/') {
      out += "%2F";
    } else if (c == '#') {
      out += "%23";
    } else {
      out += c;
    }
  }
  return out;
}

// Builds the CFPackage. Identifier names: "rungs:{framework}" for the document, then
// "/{topic}", "/{topic}/{rung}" (rubric level), "/{topic}/{rung}/{n}" (criterion) and
// ".../{n}/example/{m}"; objects derived from one of those add "#what" ("#rubric",
// "/{topic}#rubric-criterion", "{child}#isChildOf", "{example}#exemplar").
class PackageWriter {
 public:
  explicit PackageWriter(const Framework& fw)
      : fw_(fw), document_id_(Id("")), document_link_(Link(document_id_, fw.title)) {}

  json Write() {
    json items = json::array();
    json associations = json::array();
    for (size_t t = 0; t < fw_.topics.size(); ++t) {
      WriteTopic(fw_.topics[t], static_cast<int>(t) + 1, items, associations);
    }
    return {{"CFDocument", Document()},
            {"CFItems", std::move(items)},
            {"CFAssociations", std::move(associations)},
            {"CFRubrics", json::array({Rubric()})}};
  }

 private:
  std::string Id(const std::string& name) const {
    return UuidV5(kCaseNamespace, "rungs:" + fw_.id + name);
  }

  static std::string TopicName(const Topic& topic) { return "/" + NamePart(topic.name); }
  static std::string RungName(const Topic& topic, const std::string& rung) {
    return TopicName(topic) + "/" + NamePart(rung);
  }

  json Document() const {
    json d = {{"identifier", document_id_},
              {"uri", Urn(document_id_)},
              {"creator", "rungs"},
              {"title", fw_.title},
              {"caseVersion", kCaseVersion},
              {"lastChangeDateTime", kLastChange},
              // A package is fetched by its document's identifier (getCFPackage), so it has
              // no identifier of its own.
              {"CFPackageURI", document_link_},
              {"extensions", {{kExtension, FrameworkExtension()}}}};
    if (!fw_.body.empty()) d["description"] = fw_.body;
    return d;
  }

  json FrameworkExtension() const {
    json levels = json::array();
    for (const Level& level : fw_.levels) {
      json rungs = json::array();
      for (const Rung& rung : level.rungs) {
        rungs.push_back({{"id", rung.id},
                         {"label", rung.label},
                         {"level", rung.level},
                         {"sublevel", rung.sublevel},
                         {"qualifier", rung.qualifier}});
      }
      levels.push_back(
          {{"number", level.number}, {"name", level.name}, {"band", level.band}, {"rungs", rungs}});
    }
    return {{"id", fw_.id},
            {"sourceFormat", fw_.format},
            {"sidebarTitle", fw_.sidebar_title},
            {"sidebarGroup", fw_.sidebar_group},
            {"yaml", fw_.yaml},
            {"homepage", fw_.homepage},
            {"declaredLevels", fw_.declared_levels},
            {"levelPrefix", fw_.level_prefix},
            {"genericFile", fw_.generic_file},
            {"levels", std::move(levels)}};
  }

  json Item(const std::string& identifier, const char* type, const std::string& statement) const {
    return {{"identifier", identifier},
            {"uri", Urn(identifier)},
            {"CFItemType", type},
            {"fullStatement", statement},
            {"CFDocumentURI", document_link_},
            {"lastChangeDateTime", kLastChange}};
  }

  json Association(const std::string& name, const char* type, json origin, json destination,
                   int sequence) const {
    const std::string id = Id(name);
    return {{"identifier", id},
            {"uri", Urn(id)},
            {"associationType", type},
            {"sequenceNumber", sequence},
            {"originNodeURI", std::move(origin)},
            {"destinationNodeURI", std::move(destination)},
            {"CFDocumentURI", document_link_},
            {"lastChangeDateTime", kLastChange}};
  }

  void WriteTopic(const Topic& topic, int position, json& items, json& associations) const {
    const std::string name = TopicName(topic);
    const std::string id = Id(name);
    json item = Item(id, kTopicType, topic.title);
    item["humanCodingScheme"] = topic.name;
    item["abbreviatedStatement"] = topic.name;
    if (!topic.description.empty()) item["notes"] = topic.description;
    // The rungs the topic lists, in its order: a rung can be listed with no criteria (a
    // matrix "None" cell, a null `criteria:`), which no CASE field can say.
    json listed = json::array();
    for (const TopicRung& tr : topic.rungs) {
      json entry = {{"rung", tr.rung}};
      if (!tr.placeholder.empty()) entry["placeholder"] = tr.placeholder;
      listed.push_back(std::move(entry));
    }
    item["extensions"] = {
        {kExtension, {{"titleFromGeneric", topic.title_from_generic}, {"rungs", listed}}}};
    items.push_back(std::move(item));
    const json topic_link = Link(id, topic.title);
    associations.push_back(
        Association(name + "#isChildOf", kChildOf, topic_link, document_link_, position));

    int sequence = 0;
    for (const TopicRung& tr : topic.rungs) {
      for (size_t n = 0; n < tr.criteria.size(); ++n) {
        const std::string criterion_name = fmt::format("{}/{}", RungName(topic, tr.rung), n + 1);
        WriteCriterion(tr.criteria[n], tr.rung, criterion_name, static_cast<int>(n) + 1, items);
        const Criterion& c = tr.criteria[n];
        const json criterion_link = Link(Id(criterion_name), c.text);
        associations.push_back(Association(criterion_name + "#isChildOf", kChildOf, criterion_link,
                                           topic_link, ++sequence));
        for (size_t m = 0; m < c.examples.size(); ++m) {
          const std::string example_name = fmt::format("{}/example/{}", criterion_name, m + 1);
          const std::string example_id = Id(example_name);
          items.push_back(Item(example_id, kExampleType, c.examples[m].text));
          // CASE: "the destination node is an example of best practice for the definition of
          // the origin", so the criterion is the origin.
          associations.push_back(Association(example_name + "#exemplar", kExemplar, criterion_link,
                                             Link(example_id, c.examples[m].text),
                                             static_cast<int>(m) + 1));
        }
      }
    }
  }

  void WriteCriterion(const Criterion& c, const std::string& rung, const std::string& name,
                      int position, json& items) const {
    json item = Item(Id(name), kCriterionType, c.text);
    item["listEnumeration"] = std::to_string(position);
    json extension = {{"rung", rung}, {"fromGeneric", c.from_generic}};
    if (c.reference) {
      extension["reference"] = {{"level", c.reference->level}, {"rung", c.reference->rung}};
    }
    item["extensions"] = {{kExtension, std::move(extension)}};
    items.push_back(std::move(item));
  }

  json Rubric() const {
    const std::string id = Id("#rubric");
    json criteria = json::array();
    for (size_t t = 0; t < fw_.topics.size(); ++t) {
      criteria.push_back(RubricCriterion(fw_.topics[t], static_cast<int>(t) + 1, id));
    }
    return {{"identifier", id},
            {"uri", Urn(id)},
            {"title", fw_.title},
            {"lastChangeDateTime", kLastChange},
            {"CFRubricCriteria", std::move(criteria)}};
  }

  json RubricCriterion(const Topic& topic, int position, const std::string& rubric_id) const {
    const std::string id = Id(TopicName(topic) + "#rubric-criterion");
    json levels = json::array();
    int index = 0;
    for (const Rung* rung : AllRungs(fw_)) {
      const std::string level_id = Id(RungName(topic, rung->id));
      ++index;
      levels.push_back({{"identifier", level_id},
                        {"uri", Urn(level_id)},
                        {"description", LevelDescription(FindTopicRung(topic, rung->id))},
                        {"quality", rung->label},
                        {"score", index},
                        {"position", index},
                        {"rubricCriterionId", id},
                        {"lastChangeDateTime", kLastChange},
                        {"extensions", {{kExtension, {{"rung", rung->id}}}}}});
    }
    json criterion = {{"identifier", id},
                      {"uri", Urn(id)},
                      {"category", topic.title.empty() ? topic.name : topic.title},
                      {"CFItemURI", Link(Id(TopicName(topic)), topic.title)},
                      {"position", position},
                      {"rubricId", rubric_id},
                      {"lastChangeDateTime", kLastChange},
                      {"CFRubricCriterionLevels", std::move(levels)}};
    if (!topic.description.empty()) criterion["description"] = topic.description;
    return criterion;
  }

  // What a rubric cell shows: the criteria, one a line, or the matrix cell's placeholder.
  static std::string LevelDescription(const TopicRung* tr) {
    if (tr == nullptr) return "";
    if (tr->criteria.empty()) return tr->placeholder;
    std::string out;
    for (const Criterion& c : tr->criteria) {
      if (!out.empty()) out += '\n';
      out += c.text;
    }
    return out;
  }

  const Framework& fw_;
  const std::string document_id_;
  const json document_link_;
};

// Reads fields, reporting the first error by its JSON path ("CFItems[3].fullStatement");
// never throws. Warnings (links that lead nowhere) do not stop the import.

struct CaseItem {
  std::string identifier;
  std::string type;
  std::string statement;
  std::optional<std::string> coding;       // humanCodingScheme
  std::optional<std::string> abbreviated;  // abbreviatedStatement
  std::string notes;
  const json* extension = nullptr;  // extensions.rungs
  std::string path;                 // "CFItems[3]"
};

struct CaseAssociation {
  std::string type;
  std::string origin;
  std::string destination;
  std::string path;
};

struct CriterionPlace {
  size_t topic = 0;
  size_t topic_rung = 0;
  size_t criterion = 0;
};

// A rubric cell from another tool, and the row (area) it belongs to.
struct RubricCell {
  int position = INT_MAX;
  std::string quality;
  std::string description;
};

struct RubricRow {
  int position = INT_MAX;
  std::string title;
  std::optional<std::string> name;
  std::string description;
  std::vector<RubricCell> cells;
};

void SetProvenance(Framework& fw, const std::string& file) {
  const Provenance p{file, 0, 0};
  fw.source = p;
  for (Level& level : fw.levels) {
    level.source = p;
    for (Rung& rung : level.rungs) rung.source = p;
  }
  for (Topic& topic : fw.topics) {
    topic.source = p;
    for (TopicRung& tr : topic.rungs) {
      tr.source = p;
      for (Criterion& c : tr.criteria) {
        c.source = p;
        for (Example& e : c.examples) e.source = p;
      }
    }
  }
}

// Rebuilds a Framework from a CFPackage. A package that rungs wrote carries
// extensions.rungs on its CFDocument and is read from its items; any other package is read
// from its first CFRubric with criteria, else from its Topic items (see case_format.h).
class PackageReader {
 public:
  PackageReader(Diagnostics& out, const std::string& file)
      : r_(out, file, "case-field", "case-link"), out_(out), file_(file) {}

  std::optional<Framework> Read(const json& package) {
    if (!package.is_object()) {
      r_.Fail("", fmt::format("a CASE package must be a JSON object with a CFDocument, not {} {}",
                              package.is_array() ? "an" : "a", package.type_name()));
      return std::nullopt;
    }
    const json* document = r_.Object(package, "", "CFDocument", /*required=*/true);
    if (document == nullptr) return std::nullopt;
    document_id_ = r_.String(*document, "CFDocument", "identifier");
    fw_.title = r_.String(*document, "CFDocument", "title", /*required=*/true);
    fw_.body = r_.String(*document, "CFDocument", "description");
    ReadItems(package);
    ReadAssociations(package);
    const json* extension = Extension(*document, "CFDocument");
    if (extension != nullptr) {
      ReadFramework(*extension, "CFDocument.extensions.rungs");
      ReadTopics();
      ReadCriteria();
    } else {
      fw_.format = "case";
      if (!ReadRubrics(package)) ReadItemTree();
    }
    ReadExamples();
    if (!r_.ok()) return std::nullopt;
    // A package rungs wrote is the framework it was, even an empty one (a generic.md with no
    // topics exports and must read back); another tool's package must give rungs something.
    if (extension == nullptr && fw_.topics.empty() && fw_.body.empty()) {
      out_.push_back({Severity::kError, file_, 0, 0, "case-empty",
                      "the CASE package has nothing rungs can use: no Topic items, no CFRubric "
                      "criteria and no description"});
      return std::nullopt;
    }
    SetProvenance(fw_, file_);
    return std::move(fw_);
  }

 private:
  const json* Extension(const json& object, const std::string& path) {
    const json* extensions = r_.Object(object, path, "extensions");
    if (extensions == nullptr) return nullptr;
    return r_.Object(*extensions, JsonReader::Join(path, "extensions"), kExtension);
  }

  void ReadItems(const json& package) {
    const json* list = r_.Array(package, "", "CFItems");
    for (size_t i = 0; list != nullptr && i < list->size() && r_.ok(); ++i) {
      const json& j = (*list)[i];
      CaseItem item;
      item.path = JsonReader::At("CFItems", i);
      item.identifier = r_.String(j, item.path, "identifier", /*required=*/true);
      item.statement = r_.String(j, item.path, "fullStatement", /*required=*/true);
      item.type = r_.String(j, item.path, "CFItemType");
      item.coding = r_.OptionalString(j, item.path, "humanCodingScheme");
      item.abbreviated = r_.OptionalString(j, item.path, "abbreviatedStatement");
      item.notes = r_.String(j, item.path, "notes");
      item.extension = Extension(j, item.path);
      item_index_.emplace(item.identifier, items_.size());  // the first of a duplicate wins
      items_.push_back(std::move(item));
    }
  }

  void ReadAssociations(const json& package) {
    const json* list = r_.Array(package, "", "CFAssociations");
    for (size_t i = 0; list != nullptr && i < list->size() && r_.ok(); ++i) {
      const json& j = (*list)[i];
      CaseAssociation a;
      a.path = JsonReader::At("CFAssociations", i);
      a.type = r_.String(j, a.path, "associationType", /*required=*/true);
      a.origin = LinkIdentifier(j, a.path, "originNodeURI");
      a.destination = LinkIdentifier(j, a.path, "destinationNodeURI");
      if (a.type == kChildOf) parent_.emplace(a.origin, a.destination);  // first parent wins
      associations_.push_back(std::move(a));
    }
  }

  std::string LinkIdentifier(const json& object, const std::string& path, const char* name) {
    const json* link = r_.Object(object, path, name, /*required=*/true);
    if (link == nullptr) return "";
    return r_.String(*link, JsonReader::Join(path, name), "identifier", /*required=*/true);
  }

  // The item `item` is a child of, or nullptr.
  const CaseItem* Parent(const CaseItem& item) const {
    auto parent = parent_.find(item.identifier);
    if (parent == parent_.end()) return nullptr;
    auto index = item_index_.find(parent->second);
    return index == item_index_.end() ? nullptr : &items_[index->second];
  }

  std::optional<size_t> TopicOf(const CaseItem* item) const {
    if (item == nullptr) return std::nullopt;
    auto topic = topic_of_item_.find(item);
    if (topic == topic_of_item_.end()) return std::nullopt;
    return topic->second;
  }

  void ReadFramework(const json& e, const std::string& at) {
    fw_.id = r_.String(e, at, "id");
    fw_.format = r_.String(e, at, "sourceFormat");
    fw_.sidebar_title = r_.String(e, at, "sidebarTitle");
    fw_.sidebar_group = r_.String(e, at, "sidebarGroup");
    fw_.yaml = r_.Bool(e, at, "yaml", true);
    fw_.homepage = r_.Bool(e, at, "homepage", false);
    fw_.declared_levels = r_.Int(e, at, "declaredLevels", 0);
    fw_.level_prefix = r_.String(e, at, "levelPrefix");
    fw_.generic_file = r_.String(e, at, "genericFile");
    const json* levels = r_.Array(e, at, "levels");
    for (size_t i = 0; levels != nullptr && i < levels->size() && r_.ok(); ++i) {
      ReadLevel((*levels)[i], JsonReader::At(JsonReader::Join(at, "levels"), i));
    }
  }

  void ReadLevel(const json& l, const std::string& at) {
    Level level;
    level.number = r_.Int(l, at, "number", 0, /*required=*/true);
    level.name = r_.String(l, at, "name");
    level.band = r_.String(l, at, "band");
    const json* rungs = r_.Array(l, at, "rungs", /*required=*/true);
    for (size_t i = 0; rungs != nullptr && i < rungs->size() && r_.ok(); ++i) {
      const json& g = (*rungs)[i];
      const std::string gat = JsonReader::At(JsonReader::Join(at, "rungs"), i);
      Rung rung;
      rung.id = r_.String(g, gat, "id", /*required=*/true);
      rung.label = r_.String(g, gat, "label");
      rung.level = r_.Int(g, gat, "level", level.number);
      rung.sublevel = r_.String(g, gat, "sublevel");
      rung.qualifier = r_.String(g, gat, "qualifier");
      known_rungs_.insert(rung.id);
      level.rungs.push_back(std::move(rung));
    }
    if (r_.ok() && level.rungs.empty()) r_.Fail(at + ".rungs", "must list at least one rung");
    fw_.levels.push_back(std::move(level));
  }

  bool CheckRung(const std::string& rung, const std::string& at) {
    if (known_rungs_.count(rung) != 0) return true;
    r_.Fail(at, fmt::format("names rung '{}', which no level has", rung));
    return false;
  }

  // The name a topic item gives its topic: rungs writes it as the human coding scheme.
  static std::string TopicName(const CaseItem& item) {
    if (item.coding) return *item.coding;
    if (item.abbreviated) return *item.abbreviated;
    return Slugify(item.statement);
  }

  void ReadTopics() {
    for (const CaseItem& item : items_) {
      if (!r_.ok()) return;
      if (item.type != kTopicType) continue;
      Topic topic;
      topic.name = TopicName(item);
      topic.title = item.statement;
      topic.description = item.notes;
      topic_rungs_.emplace_back();
      if (item.extension != nullptr) ReadTopicExtension(*item.extension, item.path, topic);
      topic_of_item_.emplace(&item, fw_.topics.size());
      fw_.topics.push_back(std::move(topic));
    }
  }

  void ReadTopicExtension(const json& e, const std::string& item_path, Topic& topic) {
    const std::string at = item_path + ".extensions.rungs";
    topic.title_from_generic = r_.Bool(e, at, "titleFromGeneric", false);
    const json* listed = r_.Array(e, at, "rungs");
    for (size_t i = 0; listed != nullptr && i < listed->size() && r_.ok(); ++i) {
      const json& entry = (*listed)[i];
      const std::string eat = JsonReader::At(at + ".rungs", i);
      TopicRung tr;
      tr.rung = r_.String(entry, eat, "rung", /*required=*/true);
      tr.placeholder = r_.String(entry, eat, "placeholder");
      if (!r_.ok() || !CheckRung(tr.rung, eat + ".rung")) return;
      topic_rungs_.back().emplace(tr.rung, topic.rungs.size());
      topic.rungs.push_back(std::move(tr));
    }
  }

  // The topic's TopicRung for `rung`, appended when the topic did not list it.
  size_t TopicRungIndex(size_t topic, const std::string& rung) {
    auto [it, added] = topic_rungs_[topic].emplace(rung, fw_.topics[topic].rungs.size());
    if (added) fw_.topics[topic].rungs.push_back(TopicRung{rung, {}, "", {}});
    return it->second;
  }

  void ReadCriteria() {
    for (const CaseItem& item : items_) {
      if (!r_.ok()) return;
      if (item.type != kCriterionType) continue;
      const std::optional<size_t> topic = TopicOf(Parent(item));
      if (!topic) {
        r_.Warn(item.path,
                "is a Criterion that no isChildOf association places under a Topic "
                "item; skipped");
        continue;
      }
      if (item.extension == nullptr) {
        r_.Warn(item.path, "has no extensions.rungs.rung, so its rung is unknown; skipped");
        continue;
      }
      const std::string at = item.path + ".extensions.rungs";
      Criterion c;
      c.text = item.statement;
      const std::string rung = r_.String(*item.extension, at, "rung", /*required=*/true);
      c.from_generic = r_.Bool(*item.extension, at, "fromGeneric", false);
      if (const json* ref = r_.Object(*item.extension, at, "reference")) {
        c.reference = Reference{r_.Int(*ref, at + ".reference", "level", 0, /*required=*/true),
                                r_.String(*ref, at + ".reference", "rung")};
      }
      if (!r_.ok() || !CheckRung(rung, at + ".rung")) return;
      Place(item, *topic, rung, std::move(c));
    }
  }

  void Place(const CaseItem& item, size_t topic, const std::string& rung, Criterion c) {
    const size_t tr = TopicRungIndex(topic, rung);
    std::vector<Criterion>& criteria = fw_.topics[topic].rungs[tr].criteria;
    criterion_of_item_.emplace(&item, CriterionPlace{topic, tr, criteria.size()});
    criteria.push_back(std::move(c));
  }

  // Examples follow the exemplar associations in their order, from criterion to example.
  void ReadExamples() {
    for (const CaseAssociation& a : associations_) {
      if (!r_.ok()) return;
      if (a.type != kExemplar) continue;
      auto origin = item_index_.find(a.origin);
      if (origin == item_index_.end()) continue;
      auto place = criterion_of_item_.find(&items_[origin->second]);
      if (place == criterion_of_item_.end()) continue;
      auto destination = item_index_.find(a.destination);
      if (destination == item_index_.end()) {
        r_.Warn(a.path + ".destinationNodeURI",
                fmt::format("names '{}', which is not in CFItems; example skipped", a.destination));
        continue;
      }
      const CriterionPlace& p = place->second;
      fw_.topics[p.topic].rungs[p.topic_rung].criteria[p.criterion].examples.push_back(
          {items_[destination->second].statement, {}});
    }
  }

  // Another tool's package without a rubric: topics are its Topic items and the items placed
  // directly under the document; their children are the criteria of one level.
  void ReadItemTree() {
    for (const CaseItem& item : items_) {
      auto parent = parent_.find(item.identifier);
      const bool under_document =
          !document_id_.empty() && parent != parent_.end() && parent->second == document_id_;
      if (!EqualsIgnoreCaseAscii(item.type, kTopicType) && !under_document) continue;
      Topic topic;
      topic.name = UniqueTopicName(TopicName(item));
      topic.title = item.statement;
      topic.description = item.notes;
      topic_rungs_.emplace_back();
      topic_of_item_.emplace(&item, fw_.topics.size());
      fw_.topics.push_back(std::move(topic));
    }
    if (fw_.topics.empty()) return;
    fw_.levels.push_back(Level{1, "Level 1", "", {Rung{"1", "Level 1", 1, "", "", {}}}, {}});
    for (const CaseItem& item : items_) {
      if (topic_of_item_.count(&item) != 0) continue;
      if (const std::optional<size_t> topic = TopicOf(Parent(item))) {
        Criterion c;
        c.text = item.statement;
        Place(item, *topic, "1", std::move(c));
      }
    }
  }

  std::string UniqueTopicName(const std::string& base) {
    std::string name = base;
    while (!used_names_.insert(name).second) {
      name = fmt::format("{}-{}", base, ++name_suffix_[base] + 1);
    }
    return name;
  }

  // Another tool's package with a rubric: each CFRubricCriterion is a topic, each level
  // position a level with one rung named by the level's quality, and each line of a level's
  // description a criterion.
  bool ReadRubrics(const json& package) {
    const json* rubrics = r_.Array(package, "", "CFRubrics");
    for (size_t i = 0; rubrics != nullptr && i < rubrics->size() && r_.ok(); ++i) {
      const std::string at = JsonReader::At("CFRubrics", i);
      const json* criteria = r_.Array((*rubrics)[i], at, "CFRubricCriteria");
      if (criteria == nullptr || criteria->empty()) continue;
      std::vector<RubricRow> rows;
      for (size_t c = 0; c < criteria->size() && r_.ok(); ++c) {
        rows.push_back(ReadRubricRow((*criteria)[c], JsonReader::At(at + ".CFRubricCriteria", c)));
      }
      if (r_.ok()) BuildFromRubric(rows, at);
      return true;
    }
    return false;
  }

  RubricRow ReadRubricRow(const json& j, const std::string& at) {
    RubricRow row;
    row.position = r_.Int(j, at, "position", INT_MAX);
    row.title = r_.String(j, at, "category");
    row.description = r_.String(j, at, "description");
    if (const json* link = r_.Object(j, at, "CFItemURI")) {
      auto item = item_index_.find(r_.String(*link, at + ".CFItemURI", "identifier"));
      if (item != item_index_.end()) {
        const CaseItem& linked = items_[item->second];
        if (row.title.empty()) row.title = linked.statement;
        row.name = linked.coding;
      }
    }
    const json* levels = r_.Array(j, at, "CFRubricCriterionLevels");
    for (size_t i = 0; levels != nullptr && i < levels->size() && r_.ok(); ++i) {
      const json& l = (*levels)[i];
      const std::string lat = JsonReader::At(at + ".CFRubricCriterionLevels", i);
      RubricCell cell;
      cell.position = r_.Int(l, lat, "position", INT_MAX);
      cell.quality = r_.String(l, lat, "quality");
      cell.description = r_.String(l, lat, "description");
      r_.Number(l, lat, "score");
      row.cells.push_back(std::move(cell));
    }
    std::stable_sort(
        row.cells.begin(), row.cells.end(),
        [](const RubricCell& a, const RubricCell& b) { return a.position < b.position; });
    return row;
  }

  void BuildFromRubric(std::vector<RubricRow>& rows, const std::string& at) {
    std::stable_sort(rows.begin(), rows.end(), [](const RubricRow& a, const RubricRow& b) {
      return a.position < b.position;
    });
    size_t level_count = 0;
    for (const RubricRow& row : rows) level_count = std::max(level_count, row.cells.size());
    if (level_count > kMaxRubricLevels) {
      r_.Fail(at,
              fmt::format("has {} levels; rungs reads at most {}", level_count, kMaxRubricLevels));
      return;
    }
    for (size_t k = 0; k < level_count; ++k) {
      std::string name;
      for (const RubricRow& row : rows) {
        if (name.empty() && k < row.cells.size()) name = NormalizeSpace(row.cells[k].quality);
      }
      if (name.empty()) name = fmt::format("Level {}", k + 1);
      const int number = static_cast<int>(k) + 1;
      fw_.levels.push_back(
          Level{number, name, "", {Rung{std::to_string(number), name, number, "", "", {}}}, {}});
    }
    for (size_t t = 0; t < rows.size(); ++t) {
      const RubricRow& row = rows[t];
      Topic topic;
      topic.title = row.title.empty() ? fmt::format("Area {}", t + 1) : row.title;
      topic.name = UniqueTopicName(row.name ? *row.name : Slugify(topic.title));
      topic.description = row.description;
      for (size_t k = 0; k < row.cells.size(); ++k) {
        TopicRung tr;
        tr.rung = std::to_string(k + 1);
        for (std::string_view line : SplitLines(row.cells[k].description)) {
          if (Trim(line).empty()) continue;
          Criterion c;
          c.text = std::string(Trim(line));
          tr.criteria.push_back(std::move(c));
        }
        if (!tr.criteria.empty()) topic.rungs.push_back(std::move(tr));
      }
      fw_.topics.push_back(std::move(topic));
    }
  }

  JsonReader r_;
  Diagnostics& out_;
  std::string file_;
  Framework fw_;
  std::string document_id_;
  std::vector<CaseItem> items_;
  std::map<std::string, size_t> item_index_;
  std::vector<CaseAssociation> associations_;
  std::map<std::string, std::string> parent_;  // isChildOf: child identifier -> parent
  std::set<std::string> known_rungs_;
  std::map<const CaseItem*, size_t> topic_of_item_;
  std::vector<std::map<std::string, size_t>> topic_rungs_;  // per topic: rung -> index
  std::map<const CaseItem*, CriterionPlace> criterion_of_item_;
  std::set<std::string> used_names_;
  std::map<std::string, int> name_suffix_;
};

}  // namespace

std::string ExportCase(const Framework& framework) {
  // Replacing invalid UTF-8 instead of throwing: text is validated on import, but an export
  // must never abort.
  return JsonText(PackageWriter(framework).Write(), 2) + "\n";
}

ImportResult ImportCase(std::string_view bytes, const std::string& file) {
  ImportResult result;
  if (std::optional<Diagnostic> too_large = CheckInputSize(bytes, file)) {
    result.diagnostics.push_back(*too_large);
    return result;
  }
  const std::optional<json> package = ParseJsonDocument(bytes, file, result.diagnostics);
  if (!package) return result;
  result.framework = PackageReader(result.diagnostics, file).Read(*package);
  return result;
}

}  // namespace rungs
