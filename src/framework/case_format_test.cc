#include "framework/case_format.h"

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "framework/loader.h"
#include "framework/test_util.h"
#include "util/hash.h"

namespace rungs {
namespace {

using nlohmann::json;

// What a CASE round trip keeps: everything but where things were read from.
Framework WithSourcesIn(Framework fw, const std::string& file) {
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
  return fw;
}

Framework RoundTrip(const Framework& fw) {
  ImportResult back = ImportCase(ExportCase(fw), fw.id + ".case.json");
  EXPECT_TRUE(back.framework) << fw.id << ": "
                              << (back.diagnostics.empty()
                                      ? std::string("no diagnostics")
                                      : FormatDiagnostic(back.diagnostics.at(0)));
  if (!back.framework) return {};
  EXPECT_TRUE(back.diagnostics.empty()) << FormatDiagnostic(back.diagnostics.at(0));
  AssignCriterionKeys(*back.framework);
  return *back.framework;
}

std::vector<Framework> Bundled() {
  LoadResult loaded = LoadFrameworks(BundledSourceFiles());
  EXPECT_EQ(loaded.frameworks.size(), 3u);
  return loaded.frameworks;
}

Framework BundledFramework(const std::string& id) {
  for (Framework& fw : Bundled()) {
    if (fw.id == id) return fw;
  }
  ADD_FAILURE() << "no bundled framework " << id;
  return {};
}

std::vector<std::string> Texts(const TopicRung& tr) {
  std::vector<std::string> texts;
  for (const Criterion& c : tr.criteria) texts.push_back(c.text);
  return texts;
}

const json* ItemWithStatement(const json& package, const std::string& statement) {
  for (const json& item : package.at("CFItems")) {
    if (item.at("fullStatement") == statement) return &item;
  }
  return nullptr;
}

std::vector<const json*> AssociationsFrom(const json& package, const std::string& origin,
                                          const std::string& type) {
  std::vector<const json*> found;
  for (const json& a : package.at("CFAssociations")) {
    if (a.at("originNodeURI").at("identifier") == origin && a.at("associationType") == type) {
      found.push_back(&a);
    }
  }
  return found;
}

// A framework with what the bundled ones lack: examples, a placeholder, a criterion from
// generic.md, a description, a body and a rung listed with no criteria.
Framework Handmade() {
  Framework fw;
  fw.id = "support/handmade";
  fw.format = "monzo";
  fw.title = "Handmade";
  fw.sidebar_title = "Hand";
  fw.sidebar_group = "Support";
  fw.homepage = true;
  fw.declared_levels = 2;
  fw.level_prefix = "E";
  fw.body = "Read this first.\n\nTwo paragraphs.";
  fw.generic_file = "frameworks/generic.md";
  fw.levels = {{1, "E1", "", {{"1A", "1A", 1, "A", "", {}}, {"1B", "1B", 1, "B", "", {}}}, {}},
               {2, "E2", "Senior", {{"2", "2", 2, "", "", {}}}, {}}};
  Topic craft;
  craft.name = "craft";
  craft.title = "🛠 Craft";
  craft.description = "How the work gets done";
  TopicRung a{"1A", {}, "", {}};
  Criterion answers;
  answers.text = "Answers tickets\nwith care";
  answers.examples = {{"Replied within an hour", {}}, {"Wrote a macro", {}}};
  a.criteria.push_back(answers);
  Criterion inherited;
  inherited.text = "Follows the style guide";
  inherited.from_generic = true;
  a.criteria.push_back(inherited);
  craft.rungs.push_back(a);
  craft.rungs.push_back(TopicRung{"1B", {}, "None", {}});
  craft.rungs.push_back(TopicRung{"2", {}, "", {}});
  Criterion reference;
  reference.text = "All criteria from level one";
  reference.reference = Reference{1, "1B"};
  craft.rungs.back().criteria.push_back(reference);
  fw.topics.push_back(craft);
  Topic empty;
  empty.name = "a/1";  // a name with the identifier separator in it
  empty.title_from_generic = true;
  empty.rungs.push_back(TopicRung{"1A", {}, "", {}});  // listed, but with no criteria
  fw.topics.push_back(empty);
  AssignCriterionKeys(fw);
  return fw;
}

TEST(CaseFormatTest, BundledFrameworksRoundTripWithEveryCriterion) {
  for (const Framework& fw : Bundled()) {
    const Framework back = RoundTrip(fw);
    EXPECT_EQ(back.id, fw.id);
    EXPECT_EQ(back.title, fw.title);
    EXPECT_EQ(back.format, fw.format);
    ASSERT_EQ(back.levels.size(), fw.levels.size()) << fw.id;
    for (size_t l = 0; l < fw.levels.size(); ++l) {
      EXPECT_EQ(back.levels[l].name, fw.levels[l].name);
      EXPECT_EQ(back.levels[l].band, fw.levels[l].band);
      ASSERT_EQ(back.levels[l].rungs.size(), fw.levels[l].rungs.size());
      for (size_t g = 0; g < fw.levels[l].rungs.size(); ++g) {
        EXPECT_EQ(back.levels[l].rungs[g].id, fw.levels[l].rungs[g].id);
        EXPECT_EQ(back.levels[l].rungs[g].label, fw.levels[l].rungs[g].label);
      }
    }
    ASSERT_EQ(back.topics.size(), fw.topics.size()) << fw.id;
    for (size_t t = 0; t < fw.topics.size(); ++t) {
      const Topic& want = fw.topics[t];
      const Topic& got = back.topics[t];
      EXPECT_EQ(got.name, want.name);
      EXPECT_EQ(got.title, want.title);
      ASSERT_EQ(got.rungs.size(), want.rungs.size()) << want.name;
      for (size_t r = 0; r < want.rungs.size(); ++r) {
        EXPECT_EQ(got.rungs[r].rung, want.rungs[r].rung);
        EXPECT_EQ(got.rungs[r].placeholder, want.rungs[r].placeholder);
        EXPECT_EQ(Texts(got.rungs[r]), Texts(want.rungs[r]))
            << want.name << " " << want.rungs[r].rung;
        for (size_t c = 0; c < want.rungs[r].criteria.size(); ++c) {
          EXPECT_EQ(got.rungs[r].criteria[c].reference, want.rungs[r].criteria[c].reference);
          EXPECT_EQ(got.rungs[r].criteria[c].examples.size(),
                    want.rungs[r].criteria[c].examples.size());
        }
      }
    }
    // Nothing else is lost either: only provenance differs, and keys come back the same.
    EXPECT_EQ(back, WithSourcesIn(fw, fw.id + ".case.json")) << fw.id;
  }
}

TEST(CaseFormatTest, MatrixNoneCellsAndBandSurvive) {
  const Framework back = RoundTrip(BundledFramework("frontline-cs-competency-matrix"));
  EXPECT_EQ(back.levels.at(4).name, "Master – Senior Territor");
  EXPECT_EQ(back.levels.at(4).band, "Senior");
  const Topic* extra = FindTopic(back, "extra-projects");
  ASSERT_NE(extra, nullptr);
  ASSERT_NE(FindTopicRung(*extra, "1"), nullptr);
  EXPECT_EQ(FindTopicRung(*extra, "1")->placeholder, "None");
  EXPECT_TRUE(FindTopicRung(*extra, "1")->criteria.empty());
  EXPECT_EQ(Texts(*FindTopicRung(*extra, "3")),
            std::vector<std::string>{"Takes on smaller project with no effect on regular volumes"});
}

TEST(CaseFormatTest, ReferenceToLevelOneSurvives) {
  const Framework back = RoundTrip(BundledFramework("customer-operations"));
  const Topic* communication = FindTopic(back, "communication");
  ASSERT_NE(communication, nullptr);
  EXPECT_TRUE(communication->title_from_generic);
  EXPECT_EQ(communication->title, "💬 Communication");
  const TopicRung* two_a = FindTopicRung(*communication, "2A");
  ASSERT_NE(two_a, nullptr);
  ASSERT_EQ(two_a->criteria.size(), 1u);
  EXPECT_EQ(two_a->criteria[0].text, "All criteria from level one");
  EXPECT_EQ(two_a->criteria[0].reference, (Reference{1, "1C"}));
  EXPECT_EQ(CriteriaForRung(back, *communication, "2A").size(), 2u);  // 1C's two criteria
}

TEST(CaseFormatTest, ExportIsByteForByteRepeatable) {
  for (const Framework& fw : Bundled()) {
    const std::string first = ExportCase(fw);
    EXPECT_EQ(ExportCase(fw), first) << fw.id;
    EXPECT_EQ(first.back(), '\n');
    EXPECT_EQ(DetectFormat(first), InputFormat::kCase);
  }
}

TEST(CaseFormatTest, IdentifiersAreUuidV5OfStableNames) {
  const json package = json::parse(ExportCase(BundledFramework("customer-operations")));
  const std::string criterion_id =
      UuidV5(kCaseNamespace, "rungs:customer-operations/knowledgeandimpact/1A-after-probation/1");
  const std::string topic_id =
      UuidV5(kCaseNamespace, "rungs:customer-operations/knowledgeandimpact");
  const std::string document_id = UuidV5(kCaseNamespace, "rungs:customer-operations");
  ASSERT_EQ(criterion_id.size(), 36u);

  EXPECT_EQ(package["CFDocument"]["identifier"], document_id);
  EXPECT_EQ(package["CFDocument"]["creator"], "rungs");
  EXPECT_EQ(package["CFDocument"]["title"], "💬 Customer Operations Framework");
  EXPECT_EQ(package["CFDocument"]["lastChangeDateTime"], "2000-01-01T00:00:00+00:00");
  EXPECT_EQ(package["CFDocument"]["CFPackageURI"]["identifier"], document_id);

  const json* criterion = nullptr;
  for (const json& item : package["CFItems"]) {
    if (item["identifier"] == criterion_id) criterion = &item;
  }
  ASSERT_NE(criterion, nullptr);
  EXPECT_EQ((*criterion)["fullStatement"],
            "At least 2 weeks performance at expected probation targets for core scaling tasks: "
            "10 conversations per hour, 95% activity and 95% QA");
  EXPECT_EQ((*criterion)["uri"], "urn:uuid:" + criterion_id);
  EXPECT_EQ((*criterion)["CFItemType"], "Criterion");
  EXPECT_EQ((*criterion)["CFDocumentURI"]["identifier"], document_id);
  EXPECT_EQ((*criterion)["extensions"]["rungs"]["rung"], "1A-after-probation");

  const auto parents = AssociationsFrom(package, criterion_id, "isChildOf");
  ASSERT_EQ(parents.size(), 1u);
  EXPECT_EQ((*parents[0])["destinationNodeURI"]["identifier"], topic_id);
  const auto topic_parents = AssociationsFrom(package, topic_id, "isChildOf");
  ASSERT_EQ(topic_parents.size(), 1u);
  EXPECT_EQ((*topic_parents[0])["destinationNodeURI"]["identifier"], document_id);

  const json* topic = ItemWithStatement(package, "🧠 Knowledge & Impact");
  ASSERT_NE(topic, nullptr);
  EXPECT_EQ((*topic)["identifier"], topic_id);
  EXPECT_EQ((*topic)["CFItemType"], "Topic");
  EXPECT_EQ((*topic)["humanCodingScheme"], "knowledgeandimpact");
}

TEST(CaseFormatTest, RubricIsTopicsByRungs) {
  const json co = json::parse(ExportCase(BundledFramework("customer-operations")));
  ASSERT_EQ(co["CFRubrics"].size(), 1u);
  const json& criteria = co["CFRubrics"][0]["CFRubricCriteria"];
  ASSERT_EQ(criteria.size(), 4u);
  const std::vector<std::string> qualities = {"1A", "1A (after probation)", "1B", "1C", "2A", "2B"};
  for (const json& criterion : criteria) {
    ASSERT_EQ(criterion["CFRubricCriterionLevels"].size(), 6u);
    for (size_t i = 0; i < qualities.size(); ++i) {
      const json& level = criterion["CFRubricCriterionLevels"][i];
      EXPECT_EQ(level["quality"], qualities[i]);
      EXPECT_EQ(level["score"], i + 1);
      EXPECT_EQ(level["position"], i + 1);
      EXPECT_EQ(level["rubricCriterionId"], criterion["identifier"]);
    }
  }
  const json& knowledge = criteria[0];
  EXPECT_EQ(knowledge["category"], "🧠 Knowledge & Impact");
  EXPECT_EQ(knowledge["CFItemURI"]["identifier"],
            UuidV5(kCaseNamespace, "rungs:customer-operations/knowledgeandimpact"));
  const json& one_c = knowledge["CFRubricCriterionLevels"][3];
  EXPECT_EQ(one_c["identifier"],
            UuidV5(kCaseNamespace, "rungs:customer-operations/knowledgeandimpact/1C"));
  const std::string description = one_c["description"];
  ASSERT_NE(description.find('\n'), std::string::npos);  // two criteria, one a line
  EXPECT_EQ(description.substr(0, description.find('\n')).rfind("Consistently performs", 0), 0u);
  // Conduct & Culture has nothing at 1B: an empty cell, not a missing one.
  EXPECT_EQ(criteria[3]["CFRubricCriterionLevels"][2]["description"], "");

  const json matrix = json::parse(ExportCase(BundledFramework("frontline-cs-competency-matrix")));
  ASSERT_EQ(matrix["CFRubrics"].size(), 1u);
  const json& areas = matrix["CFRubrics"][0]["CFRubricCriteria"];
  ASSERT_EQ(areas.size(), 8u);
  for (const json& area : areas) EXPECT_EQ(area["CFRubricCriterionLevels"].size(), 5u);
  EXPECT_EQ(areas[7]["category"], "Extra Projects");
  EXPECT_EQ(areas[7]["CFRubricCriterionLevels"][0]["description"], "None");
  EXPECT_EQ(areas[0]["CFRubricCriterionLevels"][4]["quality"], "Master – Senior Territor");
}

TEST(CaseFormatTest, ExemplarPointsFromCriterionToExample) {
  const Framework fw = Handmade();
  const json package = json::parse(ExportCase(fw));
  const json* criterion = ItemWithStatement(package, "Answers tickets\nwith care");
  const json* example = ItemWithStatement(package, "Replied within an hour");
  ASSERT_NE(criterion, nullptr);
  ASSERT_NE(example, nullptr);
  EXPECT_EQ((*example)["CFItemType"], "Example");
  EXPECT_EQ((*example)["identifier"],
            UuidV5(kCaseNamespace, "rungs:support/handmade/craft/1A/1/example/1"));
  const auto exemplars = AssociationsFrom(package, (*criterion)["identifier"], "exemplar");
  ASSERT_EQ(exemplars.size(), 2u);
  EXPECT_EQ((*exemplars[0])["destinationNodeURI"]["identifier"], (*example)["identifier"]);
  EXPECT_EQ((*exemplars[0])["originNodeURI"]["title"], "Answers tickets with care");
}

TEST(CaseFormatTest, HandmadeFrameworkRoundTripsExactly) {
  const Framework fw = Handmade();
  const Framework back = RoundTrip(fw);
  EXPECT_EQ(back, WithSourcesIn(fw, "support/handmade.case.json"));
  const Topic* craft = FindTopic(back, "craft");
  ASSERT_NE(craft, nullptr);
  EXPECT_EQ(craft->description, "How the work gets done");
  const Criterion& answers = craft->rungs.at(0).criteria.at(0);
  ASSERT_EQ(answers.examples.size(), 2u);
  EXPECT_EQ(answers.examples[1].text, "Wrote a macro");
  EXPECT_TRUE(craft->rungs.at(0).criteria.at(1).from_generic);
  EXPECT_EQ(back.body, "Read this first.\n\nTwo paragraphs.");
  EXPECT_EQ(back.level_prefix, "E");
  EXPECT_TRUE(back.homepage);
  const Topic* slashed = FindTopic(back, "a/1");
  ASSERT_NE(slashed, nullptr);
  ASSERT_EQ(slashed->rungs.size(), 1u);
  EXPECT_TRUE(slashed->rungs[0].criteria.empty());
}

TEST(CaseFormatTest, ProvenancePointsAtTheCaseFile) {
  ImportResult back =
      ImportCase(ExportCase(BundledFramework("customer-operations")), "in/co.case.json");
  ASSERT_TRUE(back.framework);
  EXPECT_EQ(back.framework->source, (Provenance{"in/co.case.json", 0, 0}));
  const Criterion& c = back.framework->topics.at(0).rungs.at(0).criteria.at(0);
  EXPECT_EQ(c.source, (Provenance{"in/co.case.json", 0, 0}));
  EXPECT_EQ(c.key, "");  // the loader assigns keys
}

TEST(CaseFormatTest, LoaderReadsAnExportBackWithTheSameKeys) {
  const Framework original = BundledFramework("customer-operations");
  LoadResult loaded =
      LoadFrameworks({{"out/co.case.json", "co.case.json", "out", ExportCase(original)}});
  ASSERT_EQ(loaded.frameworks.size(), 1u);
  EXPECT_EQ(CountSeverity(loaded.diagnostics, Severity::kError), 0);
  const Framework& fw = loaded.frameworks[0];
  EXPECT_EQ(fw.id, "customer-operations");
  EXPECT_EQ(CountCriteria(fw), CountCriteria(original));
  const Topic* topic = FindTopic(fw, "knowledgeandimpact");
  const Topic* original_topic = FindTopic(original, "knowledgeandimpact");
  ASSERT_NE(topic, nullptr);
  ASSERT_NE(original_topic, nullptr);
  const Criterion& c = topic->rungs.at(1).criteria.at(0);
  EXPECT_EQ(c.key, "customer-operations/knowledgeandimpact/1A-after-probation/1");
  EXPECT_EQ(c.text_hash, original_topic->rungs.at(1).criteria.at(0).text_hash);
}

TEST(CaseFormatTest, CorpusRoundTrips) {
  size_t count = 0;
  for (const auto& owner : std::filesystem::directory_iterator(SharedPath("corpus/monzo-format"))) {
    LoadResult loaded = LoadPaths({owner.path().string()});
    for (const Framework& fw : loaded.frameworks) {
      ++count;
      EXPECT_EQ(RoundTrip(fw), WithSourcesIn(fw, fw.id + ".case.json")) << fw.id;
    }
  }
  EXPECT_GE(count, 126u);
}

TEST(CaseFormatTest, PackageFromAnotherToolIsReadFromItsRubric) {
  const std::string package = R"({
    "CFDocument": {"identifier": "d", "uri": "u", "creator": "x", "title": "Support ladder",
                   "lastChangeDateTime": "2020-01-01T00:00:00Z"},
    "CFItems": [{"identifier": "i1", "fullStatement": "Empathy", "humanCodingScheme": "EMP"}],
    "CFRubrics": [{"identifier": "r", "CFRubricCriteria": [
      {"category": "Quality", "position": 2, "CFRubricCriterionLevels": [
        {"quality": "Novice", "position": 1, "score": 0.5, "description": "Follows macros"},
        {"quality": "Expert", "position": 2, "description": "Writes macros"}]},
      {"CFItemURI": {"identifier": "i1", "title": "Empathy", "uri": "u1"}, "position": 1,
       "CFRubricCriterionLevels": [
        {"quality": "Expert", "position": 2, "description": ""},
        {"quality": "Novice", "position": 1,
         "description": "Listens\r\n  Acknowledges feelings  \n\n"}]}]}]
  })";
  ImportResult r = ImportCase(package, "ladder.json");
  ASSERT_TRUE(r.framework) << FormatDiagnostic(r.diagnostics.at(0));
  const Framework& fw = *r.framework;
  EXPECT_EQ(fw.title, "Support ladder");
  EXPECT_EQ(fw.format, "case");
  EXPECT_EQ(fw.id, "");  // the loader names it after the file
  ASSERT_EQ(fw.levels.size(), 2u);
  EXPECT_EQ(fw.levels[0].name, "Novice");
  EXPECT_EQ(fw.levels[1].name, "Expert");
  EXPECT_EQ(fw.levels[1].rungs.at(0).id, "2");
  ASSERT_EQ(fw.topics.size(), 2u);
  EXPECT_EQ(fw.topics[0].name, "EMP");  // position 1, named by its item
  EXPECT_EQ(fw.topics[0].title, "Empathy");
  ASSERT_EQ(fw.topics[0].rungs.size(), 1u);
  EXPECT_EQ(Texts(fw.topics[0].rungs[0]),
            (std::vector<std::string>{"Listens", "Acknowledges feelings"}));
  EXPECT_EQ(fw.topics[1].name, "quality");
  EXPECT_EQ(Texts(*FindTopicRung(fw.topics[1], "2")), std::vector<std::string>{"Writes macros"});
}

TEST(CaseFormatTest, PackageWithoutRubricIsReadFromItsTopicItems) {
  const std::string package = R"({
    "CFDocument": {"identifier": "doc", "title": "Skills"},
    "CFItems": [
      {"identifier": "t1", "fullStatement": "Writing", "CFItemType": "topic"},
      {"identifier": "t2", "fullStatement": "Tools"},
      {"identifier": "c1", "fullStatement": "Writes clearly"},
      {"identifier": "c2", "fullStatement": "Knows the helpdesk"},
      {"identifier": "e1", "fullStatement": "A reply a customer praised"}],
    "CFAssociations": [
      {"associationType": "isChildOf", "originNodeURI": {"identifier": "t2"},
       "destinationNodeURI": {"identifier": "doc"}},
      {"associationType": "isChildOf", "originNodeURI": {"identifier": "c1"},
       "destinationNodeURI": {"identifier": "t1"}},
      {"associationType": "isChildOf", "originNodeURI": {"identifier": "c2"},
       "destinationNodeURI": {"identifier": "t2"}},
      {"associationType": "exemplar", "originNodeURI": {"identifier": "c1"},
       "destinationNodeURI": {"identifier": "e1"}}]
  })";
  ImportResult r = ImportCase(package, "skills.json");
  ASSERT_TRUE(r.framework) << FormatDiagnostic(r.diagnostics.at(0));
  const Framework& fw = *r.framework;
  ASSERT_EQ(fw.levels.size(), 1u);
  ASSERT_EQ(fw.topics.size(), 2u);
  EXPECT_EQ(fw.topics[0].name, "writing");
  EXPECT_EQ(fw.topics[1].title, "Tools");
  ASSERT_EQ(fw.topics[0].rungs.size(), 1u);
  const Criterion& writes = fw.topics[0].rungs[0].criteria.at(0);
  EXPECT_EQ(writes.text, "Writes clearly");
  ASSERT_EQ(writes.examples.size(), 1u);
  EXPECT_EQ(writes.examples[0].text, "A reply a customer praised");
  EXPECT_EQ(Texts(fw.topics[1].rungs.at(0)), std::vector<std::string>{"Knows the helpdesk"});
}

struct BadInput {
  std::string bytes;
  std::string code;
  std::string message;
};

TEST(CaseFormatTest, BadInputsNameTheProblemAndGiveNoFramework) {
  const std::vector<BadInput> cases = {
      {R"([{"CFDocument": {}}])", "case-field",
       "a CASE package must be a JSON object with a CFDocument, not an array"},
      {R"({"CFItems": []})", "case-field", "CFDocument: is missing"},
      {R"({"CFDocument": {"title": 3}})", "case-field", "CFDocument.title: must be a string"},
      {R"({"CFDocument": {"title": "t"}, "CFItems": {}})", "case-field",
       "CFItems: must be an array"},
      {R"({"CFDocument": {"title": "t"}, "CFItems": [
           {"identifier": "a", "fullStatement": "ok"},
           {"identifier": "b", "fullStatement": 12}]})",
       "case-field", "CFItems[1].fullStatement: must be a string"},
      {R"({"CFDocument": {"title": "t"}, "CFAssociations": [{"associationType": "isChildOf",
           "originNodeURI": {"identifier": "a"}, "destinationNodeURI": "b"}]})",
       "case-field", "CFAssociations[0].destinationNodeURI: must be an object"},
      {R"({"CFDocument": {"title": "t", "extensions": {"rungs": {"declaredLevels":
           99999999999999999999}}}})",
       "case-field", "CFDocument.extensions.rungs.declaredLevels: must be a whole number"},
      {R"({"CFDocument": {"title": "t", "extensions": {"rungs": {"levels": [
           {"number": 4000000000, "rungs": [{"id": "1"}]}]}}}})",
       "case-field", "CFDocument.extensions.rungs.levels[0].number: is out of range"},
      {R"({"CFDocument": {"title": "t", "extensions": {"rungs": {"levels": [
           {"number": 1, "rungs": []}]}}}})",
       "case-field", "CFDocument.extensions.rungs.levels[0].rungs: must list at least one rung"},
      {R"({"CFDocument": {"title": "t"}})", "case-empty",
       "the CASE package has nothing rungs can use: no Topic items, no CFRubric criteria and "
       "no description"},
  };
  for (const BadInput& c : cases) {
    ImportResult r = ImportCase(c.bytes, "bad.json");
    EXPECT_FALSE(r.framework) << c.bytes;
    ASSERT_EQ(r.diagnostics.size(), 1u) << c.bytes;
    EXPECT_EQ(r.diagnostics[0].severity, Severity::kError);
    EXPECT_EQ(r.diagnostics[0].code, c.code) << c.bytes;
    EXPECT_EQ(r.diagnostics[0].message, c.message) << c.bytes;
    EXPECT_EQ(r.diagnostics[0].file, "bad.json");
  }
}

TEST(CaseFormatTest, SyntaxErrorsHaveLineAndColumn) {
  ImportResult r = ImportCase("{\n  \"CFDocument\": {\n    \"title\": oops\n}", "bad.json");
  EXPECT_FALSE(r.framework);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "json-syntax");
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_GT(r.diagnostics[0].column, 0);
}

TEST(CaseFormatTest, UnknownRungIsAnErrorAndDanglingLinksAreWarnings) {
  json package = json::parse(ExportCase(Handmade()));
  package["CFItems"][1]["extensions"]["rungs"]["rung"] = "9Z";
  ImportResult bad = ImportCase(package.dump(), "p.json");
  EXPECT_FALSE(bad.framework);
  ASSERT_EQ(bad.diagnostics.size(), 1u);
  EXPECT_EQ(bad.diagnostics[0].message,
            "CFItems[1].extensions.rungs.rung: names rung '9Z', which no level has");

  package = json::parse(ExportCase(Handmade()));
  package["CFItems"].erase(2);  // the first example item
  ImportResult warned = ImportCase(package.dump(), "p.json");
  ASSERT_TRUE(warned.framework);
  ASSERT_EQ(warned.diagnostics.size(), 1u);
  EXPECT_EQ(warned.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(warned.framework->topics.at(0).rungs.at(0).criteria.at(0).examples.size(), 1u);
}

}  // namespace
}  // namespace rungs
