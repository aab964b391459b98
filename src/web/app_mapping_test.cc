// A helpdesk mapping from an export in the browser, against a real server on a real SQLite
// store: "detect" on a shipped export and on one rungs ships no mapping for, saving the draft
// as a named mapping (its errors with their lines), storing an export through it on the page
// and the API, who may, and removing it.
#include <httplib.h>

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "util/file.h"
#include "util/text.h"
#include "web/app.h"
#include "web/app_test_support.h"

namespace rungs {
namespace {

using nlohmann::json;
using test::Cast;
using test::Person;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string Testdata(const std::string& name) {
  const FileContents file =
      ReadFileCapped(std::string(RUNGS_SOURCE_DIR) + "/testdata/helpdesk/" + name, 1 << 20);
  EXPECT_TRUE(file.ok) << file.error;
  return file.bytes;
}

// The draft's YAML as the page's textarea shows it (HTML-escaped there).
std::string TextareaText(const std::string& page) {
  const size_t open = page.find("<textarea id=\"mp-yaml\"");
  if (open == std::string::npos) return "";
  const size_t start = page.find('>', open) + 1;
  const size_t end = page.find("</textarea>", start);
  std::string text = page.substr(start, end - start);
  for (const auto& [escaped, plain] : {std::pair<std::string, std::string>{"&quot;", "\""},
                                       {"&#39;", "'"},
                                       {"&lt;", "<"},
                                       {"&gt;", ">"},
                                       {"&amp;", "&"}}) {
    text = ReplaceAll(text, escaped, plain);
  }
  return text;
}

class MappingPagesTest : public test::AppServerTest {
 protected:
  httplib::Result Detect(const Person& who, const std::string& file, const std::string& file_name) {
    return UploadPage(who, file, /*dry_run=*/false, Token::kFirst, "detect", file_name);
  }
};

TEST_P(MappingPagesTest, DetectReadsAShippedExportThroughItsMappingAndChoosesIt) {
  const Cast cast = MakeCast();
  auto page = As(cast.admin, "GET", "/admin/helpdesk");
  ASSERT_TRUE(page);
  // A new team's export is most likely none of the shipped ones: detect comes first, chosen.
  EXPECT_TRUE(Contains(page->body, "<option value=\"detect\" selected>Detect from the export"));
  EXPECT_TRUE(Contains(page->body, "None yet."));

  // Asked to store, detect still only shows: a guess is never stored unread.
  auto dry = Detect(cast.admin, Testdata("intercom_parts.csv"), "conversation_parts.csv");
  ASSERT_TRUE(dry);
  ASSERT_EQ(dry->status, 200) << dry->body.substr(0, 2000);
  EXPECT_TRUE(Contains(dry->body, "the shipped mapping intercom was written for"));
  EXPECT_TRUE(Contains(dry->body, "data-testid=\"rows-used\">8<"));
  EXPECT_TRUE(Contains(dry->body, "<option value=\"intercom\" selected>intercom</option>"));
  EXPECT_FALSE(Contains(dry->body, "Draft mapping"));
  EXPECT_TRUE(store_->ListIngestBatches()->empty());
}

TEST_P(MappingPagesTest, AnUnknownExportGetsADraftThatIsSavedAndStoresTheExport) {
  const Cast cast = MakeCast();
  const std::string file = Testdata("ticket_log_unknown.csv");
  auto dry = Detect(cast.admin, file, "ticket_log.csv");
  ASSERT_TRUE(dry);
  ASSERT_EQ(dry->status, 200) << dry->body.substr(0, 2000);
  // The draft, its reasons and its question beside what it makes of the file.
  EXPECT_TRUE(Contains(dry->body, "Draft mapping"));
  EXPECT_TRUE(Contains(dry->body, "the name says &quot;agent&quot;"));
  EXPECT_TRUE(Contains(dry->body, "Which zone are the times in?"));
  EXPECT_TRUE(Contains(dry->body, "What the draft makes of the file"));
  EXPECT_TRUE(Contains(dry->body, "data-testid=\"rows-read\">36<"));
  EXPECT_TRUE(Contains(dry->body, "data-testid=\"rows-used\">24<"));
  EXPECT_TRUE(Contains(dry->body, "value=\"ticket_log-mapping\""));
  EXPECT_TRUE(store_->ListIngestBatches()->empty());
  std::string yaml = TextareaText(dry->body);
  ASSERT_TRUE(Contains(yaml, "delimiter: \";\"")) << yaml;

  // The admin answers the question and saves it.
  yaml = ReplaceAll(yaml, "zone: UTC", "zone: Europe/Lisbon");
  auto saved =
      PostForm(cast.admin, "/admin/helpdesk/mappings", {{"name", "Acme tickets"}, {"yaml", yaml}});
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 303) << saved->body.substr(0, 2000);
  // (cpp-httplib hands the header back decoded.)
  EXPECT_TRUE(
      saved->get_header_value("Location").starts_with("/admin/helpdesk?saved=1&mapping=Acme"));
  auto page = As(cast.admin, "GET", "/admin/helpdesk?saved=1&mapping=Acme%20tickets");
  ASSERT_TRUE(page);
  EXPECT_TRUE(Contains(page->body, "Saved the mapping Acme tickets."));
  EXPECT_TRUE(
      Contains(page->body, "<optgroup label=\"Saved\"><option value=\"Acme tickets\" selected>"));
  EXPECT_TRUE(Contains(page->body, "<th scope=\"row\">Acme tickets</th>"));
  // A link naming a mapping nobody saved puts no words on the page.
  page = As(cast.admin, "GET", "/admin/helpdesk?saved=1&mapping=You%20were%20hacked");
  EXPECT_FALSE(Contains(page->body, "You were hacked"));

  // Stored through the saved mapping, on the page and through the API.
  auto stored = UploadPage(cast.admin, file, /*dry_run=*/false, Token::kFirst, "Acme tickets",
                           "ticket_log.csv");
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->status, 303) << stored->body.substr(0, 2000);
  auto batches = store_->ListIngestBatches();
  ASSERT_EQ(batches->size(), 1u);
  EXPECT_EQ((*batches)[0].source, "Acme tickets");
  EXPECT_EQ((*batches)[0].rows_used, 24);
  EXPECT_EQ((*batches)[0].rows_excluded, 12);
  auto api = UploadApi(cast.admin, "mapping=Acme%20tickets&dry_run=1", file);
  ASSERT_TRUE(api);
  ASSERT_EQ(api->status, 200) << api->body;
  EXPECT_EQ(json::parse(api->body)["rows"]["used"], 24);

  // Removed, it is no longer a choice.
  auto removed =
      PostForm(cast.admin, "/admin/helpdesk/mappings/remove", {{"name", "Acme tickets"}});
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 303);
  auto gone = UploadApi(cast.admin, "mapping=Acme%20tickets&dry_run=1", file);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 400);
  EXPECT_TRUE(Contains(gone->body, "choose one of the mappings")) << gone->body;
}

TEST_P(MappingPagesTest, AMappingWithErrorsIsRefusedWithItsLinesAndKeepsWhatWasTyped) {
  const Cast cast = MakeCast();
  const std::string broken = "name: x\ncsv:\n  delimiter: \";\"\nevents:\n  - type: closd\n";
  auto refused =
      PostForm(cast.admin, "/admin/helpdesk/mappings", {{"name", "<b>team</b>"}, {"yaml", broken}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_TRUE(Contains(refused->body, "<code>&lt;b&gt;team&lt;/b&gt;.yaml:5:"))
      << refused->body.substr(0, 4000);
  EXPECT_FALSE(Contains(refused->body, "<b>team</b>"));
  EXPECT_TRUE(Contains(refused->body, "type: closd\n</textarea>"));

  // Names that would shadow a choice, and a mapping that would read a file on the server.
  for (const char* name : {"intercom", "Detect"}) {
    auto shadow = PostForm(cast.admin, "/admin/helpdesk/mappings",
                           {{"name", name}, {"yaml", Testdata("../../mappings/intercom.yaml")}});
    ASSERT_TRUE(shadow);
    EXPECT_EQ(shadow->status, 400);
    EXPECT_TRUE(Contains(shadow->body, "choose another")) << name;
  }
  const std::string reads_file =
      ReplaceAll(Testdata("../../mappings/intercom.yaml"),
                 "\nevents:", "\nidentities:\n  map: /etc/passwd\nevents:");
  auto file =
      PostForm(cast.admin, "/admin/helpdesk/mappings", {{"name", "sneaky"}, {"yaml", reads_file}});
  ASSERT_TRUE(file);
  EXPECT_EQ(file->status, 400);
  EXPECT_TRUE(Contains(file->body, "names a file on the server")) << file->body.substr(0, 3000);
  EXPECT_TRUE(store_->ListSavedMappings()->empty());
}

TEST_P(MappingPagesTest, OnlyAdminsSeeSaveOrRemoveMappingsAndEveryChangeNeedsTheCsrfField) {
  const Cast cast = MakeCast();
  const std::string yaml = Testdata("../../mappings/intercom.yaml");
  ASSERT_TRUE(store_->PutSavedMapping({"team", yaml, 0, {}}, Actor::System()).ok());
  for (const Person* who : {&cast.manager, &cast.member}) {
    EXPECT_EQ(As(*who, "GET", "/admin/helpdesk/mappings/edit?name=team")->status, 403);
    EXPECT_EQ(PostForm(*who, "/admin/helpdesk/mappings", {{"name", "x"}, {"yaml", yaml}})->status,
              403);
    EXPECT_EQ(PostForm(*who, "/admin/helpdesk/mappings/remove", {{"name", "team"}})->status, 403);
    EXPECT_EQ(UploadApi(*who, "mapping=detect&dry_run=1", Testdata("intercom_parts.csv"))->status,
              403);
  }
  // Without the CSRF field, nothing changes.
  const httplib::Headers cookie = {
      {"Cookie", std::string(kSessionCookie) + "=" + cast.admin.session}};
  auto forged = client_->Post("/admin/helpdesk/mappings/remove", cookie, "name=team",
                              "application/x-www-form-urlencoded");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  ASSERT_EQ(store_->ListSavedMappings()->size(), 1u);

  auto edit = As(cast.admin, "GET", "/admin/helpdesk/mappings/edit?name=team");
  ASSERT_TRUE(edit);
  EXPECT_EQ(edit->status, 200);
  EXPECT_EQ(TextareaText(edit->body), yaml);
  EXPECT_EQ(As(cast.admin, "GET", "/admin/helpdesk/mappings/edit?name=nobody")->status, 404);
}

TEST_P(MappingPagesTest, TheApiDetectsAndReturnsTheDraft) {
  const Cast cast = MakeCast();
  auto api = UploadApi(cast.admin, "mapping=detect", Testdata("ticket_log_unknown.csv"));
  ASSERT_TRUE(api);
  ASSERT_EQ(api->status, 200) << api->body;
  const json body = json::parse(api->body);
  EXPECT_TRUE(body["dry_run"].get<bool>());
  EXPECT_TRUE(body["read"].get<bool>());
  EXPECT_TRUE(body["draft"]["shipped"].is_null());
  EXPECT_TRUE(body["draft"]["complete"].get<bool>());
  EXPECT_EQ(body["draft"]["questions"][0]["topic"], "time.zone");
  EXPECT_EQ(body["rows"]["used"], 24);
  EXPECT_TRUE(store_->ListIngestBatches()->empty());

  auto shipped = UploadApi(cast.admin, "mapping=detect", Testdata("intercom_parts.csv"));
  ASSERT_TRUE(shipped);
  ASSERT_EQ(shipped->status, 200) << shipped->body;
  EXPECT_EQ(json::parse(shipped->body)["draft"]["shipped"], "intercom");
  EXPECT_EQ(json::parse(shipped->body)["mapping"], "intercom");
}

INSTANTIATE_TEST_SUITE_P(Stores, MappingPagesTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
