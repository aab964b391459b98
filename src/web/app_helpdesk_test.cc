// The admin's helpdesk data against a real server on a real SQLite store, as a browser and a
// script use it: uploading the sample Intercom export (dry run, store, the same file again,
// undo), who may, the CSRF field of the streamed form, the size cap, files larger than any
// buffered body, and linking identities to people.
#include <httplib.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "metrics/time_format.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/text.h"
#include "web/app.h"
#include "web/app_test_support.h"

namespace rungs {
namespace {

using nlohmann::json;
using test::Cast;
using test::Parse;
using test::Person;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string SampleExport() {
  const FileContents file = ReadFileCapped(
      std::string(RUNGS_SOURCE_DIR) + "/testdata/helpdesk/intercom_parts.csv", 1 << 20);
  EXPECT_TRUE(file.ok) << file.error;
  return file.bytes;
}

// A canonical events file of `rows` rows (about 50 bytes each): closes and status changes of
// 20 agents over a few weeks.
std::string CanonicalEvents(int rows) {
  std::string text = "event_id,conversation_id,agent_id,event_type,ts\n";
  for (int i = 0; i < rows; ++i) {
    const int agent = i % 20;
    const int64_t ts =
        1709251200 + static_cast<int64_t>(i / 20) * 60;  // 2024-03-01, a minute apart
    const char* type = i % 40 < 20 ? "status_active" : "closed";
    text += fmt::format("{},c{},agent-{},{},{}\n", i, i / 40, agent, type, FormatUtc(ts));
  }
  return text;
}

class HelpdeskTest : public test::AppServerTest {
 protected:
  httplib::Result GetPage(const Person& who, const std::string& path) {
    return Send(&who, test::Auth::kSession, "GET", path);
  }

  std::vector<IngestBatch> Batches() { return store_->ListIngestBatches().value(); }

  // Upload files still in the data directory.
  int UploadsLeft() const {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      n += entry.path().filename().string().rfind("upload-", 0) == 0;
    }
    return n;
  }
};

// --- The page ---------------------------------------------------------------------------------

TEST_P(HelpdeskTest, AnAdminDryRunsStoresTheSameFileAgainAndUndoes) {
  const Cast cast = MakeCast();
  const std::string file = SampleExport();

  auto page = GetPage(cast.admin, "/admin/helpdesk");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(Contains(page->body, "<option value=\"intercom\">intercom</option>"));
  EXPECT_TRUE(Contains(page->body, "No helpdesk data is stored yet."));

  auto dry = UploadPage(cast.admin, file, /*dry_run=*/true);
  ASSERT_TRUE(dry);
  ASSERT_EQ(dry->status, 200) << dry->body.substr(0, 3000);
  EXPECT_TRUE(Contains(dry->body, "Nothing was stored."));
  EXPECT_TRUE(Contains(dry->body, "data-testid=\"rows-read\">13<"));
  EXPECT_TRUE(Contains(dry->body, "data-testid=\"rows-used\">8<"));
  EXPECT_TRUE(Contains(dry->body, "data-testid=\"rows-excluded\">1<"));
  EXPECT_TRUE(Contains(dry->body, "/^automation@/"));
  EXPECT_TRUE(Contains(dry->body, "intercom_teammate"));
  EXPECT_TRUE(Contains(dry->body, "sam@acme.example (6)"));
  EXPECT_TRUE(Contains(dry->body, "Mon 4 Mar 2024 09:31"));
  EXPECT_TRUE(Contains(dry->body,
                       "<th scope=\"row\">2024-W10</th><td>2</td><td>0.6 <span "
                       "class=\"tag\">inferred</span>"));
  EXPECT_TRUE(Contains(dry->body, "No row has a problem."));
  // The form to store it keeps the source as it was typed (empty: the mapping's name), so a
  // different mapping chosen there gets its own.
  EXPECT_TRUE(Contains(dry->body, "name=\"source\" maxlength=\"100\" value=\"\""));
  EXPECT_TRUE(Batches().empty());
  EXPECT_EQ(UploadsLeft(), 0);

  auto stored = UploadPage(cast.admin, file, /*dry_run=*/false);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->status, 303) << stored->body.substr(0, 3000);
  ASSERT_EQ(Batches().size(), 1u);
  const IngestBatch batch = Batches()[0];
  EXPECT_EQ(batch.source, "intercom");
  EXPECT_EQ(batch.file_name, "intercom_parts.csv");
  EXPECT_EQ(batch.content_hash, Sha256Hex(file));
  EXPECT_EQ(batch.imported_by, cast.admin.user.id);
  EXPECT_EQ(batch.rows_used, 8);
  EXPECT_EQ(stored->get_header_value("Location"),
            fmt::format("/admin/helpdesk?batch={}&created=1", batch.id));
  page = GetPage(cast.admin, stored->get_header_value("Location"));
  ASSERT_TRUE(page);
  EXPECT_TRUE(Contains(page->body,
                       fmt::format("Stored batch {} (intercom): 13 rows read, 8 used", batch.id)));
  EXPECT_TRUE(Contains(page->body, "2024-W10 to 2024-W11"));
  // Both teammates are waiting to be linked, with a link that fills in the form.
  EXPECT_TRUE(Contains(page->body, "<th scope=\"row\">sam@acme.example</th>"));
  EXPECT_TRUE(Contains(page->body, "identity=sam%40acme.example#link"));

  auto again = UploadPage(cast.admin, file, /*dry_run=*/false);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 303);
  EXPECT_EQ(Batches().size(), 1u);
  page = GetPage(cast.admin, again->get_header_value("Location"));
  ASSERT_TRUE(page);
  EXPECT_TRUE(Contains(page->body, fmt::format("intercom_parts.csv was already ingested for "
                                               "intercom as batch {}; nothing changed.",
                                               batch.id)));

  const std::string undo = fmt::format("/admin/helpdesk/batches/{}/undo", batch.id);
  auto confirm = GetPage(cast.admin, undo);
  ASSERT_TRUE(confirm);
  EXPECT_EQ(confirm->status, 200);
  EXPECT_TRUE(Contains(confirm->body, fmt::format("Undo batch {}?", batch.id)));
  EXPECT_EQ(Batches().size(), 1u);  // asking is not doing
  auto undone = PostForm(cast.admin, undo, {});
  ASSERT_TRUE(undone);
  EXPECT_EQ(undone->status, 303);
  EXPECT_TRUE(Batches().empty());
  EXPECT_EQ(GetPage(cast.admin, undo)->status, 404);
  EXPECT_EQ(UploadsLeft(), 0);
}

TEST_P(HelpdeskTest, MembersAndManagersCannotUploadSeeOrUndo) {
  const Cast cast = MakeCast();
  ASSERT_EQ(UploadPage(cast.admin, SampleExport(), false)->status, 303);
  const int64_t batch = Batches()[0].id;
  const size_t audit = AuditCount();
  for (const Person* who : {&cast.manager, &cast.member}) {
    auto upload = UploadPage(*who, SampleExport(), /*dry_run=*/false);
    ASSERT_TRUE(upload);
    EXPECT_EQ(upload->status, 403) << who->user.email;
    EXPECT_EQ(GetPage(*who, "/admin/helpdesk")->status, 403);
    const std::string undo = fmt::format("/admin/helpdesk/batches/{}/undo", batch);
    EXPECT_EQ(GetPage(*who, undo)->status, 403);
    EXPECT_EQ(PostForm(*who, undo, {})->status, 403);
    EXPECT_EQ(UploadApi(*who, "mapping=intercom", SampleExport())->status, 403);
    EXPECT_EQ(
        Send(who, test::Auth::kBearer, "DELETE", fmt::format("/api/helpdesk/batches/{}", batch))
            ->status,
        403);
  }
  EXPECT_EQ(Batches().size(), 1u);
  EXPECT_EQ(AuditCount(), audit);
  EXPECT_EQ(UploadsLeft(), 0);
  // Signed out: told to sign in, and nothing read.
  httplib::MultipartFormDataItems items = {{"file", SampleExport(), "x.csv", "text/csv"}};
  auto anonymous = client_->Post("/admin/helpdesk/upload", items);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

TEST_P(HelpdeskTest, TheCsrfFieldIsCheckedBeforeAnythingIsStored) {
  const Cast cast = MakeCast();
  for (Token token : {Token::kMissing, Token::kWrong}) {
    auto res = UploadPage(cast.admin, SampleExport(), /*dry_run=*/false, token);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << static_cast<int>(token);
    EXPECT_TRUE(Contains(res->body, "This form has expired"));
  }
  EXPECT_TRUE(Batches().empty());
  EXPECT_EQ(UploadsLeft(), 0);
  // A token that comes after the file is checked once it arrives.
  auto late = UploadPage(cast.admin, SampleExport(), /*dry_run=*/false, Token::kAfterFile);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 303) << late->body.substr(0, 2000);
  EXPECT_EQ(Batches().size(), 1u);
  EXPECT_EQ(UploadsLeft(), 0);
}

TEST_P(HelpdeskTest, AFileThatDoesNotFitTheMappingStoresNothingAndSaysWhy) {
  const Cast cast = MakeCast();
  // Zendesk's export through the Intercom mapping: nothing in it is an Intercom event.
  const FileContents zendesk = ReadFileCapped(
      std::string(RUNGS_SOURCE_DIR) + "/testdata/helpdesk/zendesk_audits.csv", 1 << 20);
  ASSERT_TRUE(zendesk.ok);
  auto res = UploadPage(cast.admin, zendesk.bytes, /*dry_run=*/false, Token::kFirst, "intercom",
                        "zendesk_audits.csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  // The upload form again, its choices kept and the message beside the file field.
  EXPECT_TRUE(Contains(res->body, "<p class=\"error\" role=\"alert\">file: "))
      << res->body.substr(0, 3000);
  EXPECT_TRUE(Contains(res->body, "<p class=\"field-error\" id=\"hd-file-error\">"));
  EXPECT_TRUE(
      Contains(res->body, "aria-invalid=\"true\" autofocus aria-describedby=\"hd-file-error\""));
  EXPECT_TRUE(Contains(res->body, "<option value=\"intercom\" selected>"));
  EXPECT_FALSE(Contains(res->body, "id=\"hd-dry-run\" name=\"dry_run\" value=\"1\" checked"));
  EXPECT_TRUE(Contains(res->body, "zendesk_audits.csv"));
  EXPECT_TRUE(Contains(res->body, "a dry run lists the problems"));
  EXPECT_FALSE(Contains(res->body, "upload-"));  // never where it was written
  EXPECT_TRUE(Batches().empty());

  auto unknown = UploadPage(cast.admin, SampleExport(), true, Token::kFirst, "/etc/passwd");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_TRUE(Contains(unknown->body, "mapping: choose one of the mappings"));
  EXPECT_TRUE(Contains(unknown->body, "<p class=\"field-error\" id=\"hd-mapping-error\">"));
  EXPECT_TRUE(Contains(unknown->body, "Choose the file again to upload it."));

  auto empty = UploadPage(cast.admin, "", true);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  EXPECT_TRUE(Contains(empty->body, "file: choose an export file"));
  EXPECT_EQ(UploadsLeft(), 0);
}

TEST_P(HelpdeskTest, ProblemRowsAreListedWithTheirLines) {
  const Cast cast = MakeCast();
  std::string file = SampleExport();
  file +=
      "2001,close,31/02/2024 10:00,admin,5001,Sam Okafor,sam@acme.example,,215000009,closed,"
      "2024-03-04 08:58:10,2024-03-04 09:31:47\n";
  auto dry = UploadPage(cast.admin, file, /*dry_run=*/true);
  ASSERT_TRUE(dry);
  ASSERT_EQ(dry->status, 200);
  EXPECT_TRUE(Contains(dry->body, "data-testid=\"rows-with-problems\">1<"));
  EXPECT_TRUE(Contains(dry->body, "<code>intercom_parts.csv:16:"));
  EXPECT_TRUE(Contains(dry->body, "[bad-timestamp]"));
}

TEST_P(HelpdeskTest, NamesFromTheExportAreShownAsText) {
  const Cast cast = MakeCast();
  const std::string file =
      "event_id,conversation_id,agent_id,event_type,ts\n"
      "1,c1,<img src=x onerror=alert(1)>,closed,2024-03-04T10:00:00Z\n"
      "2,c2,<img src=x onerror=alert(1)>,closed,2024-03-04T11:00:00Z\n";
  auto dry = UploadPage(cast.admin, file, true, Token::kFirst, "canonical-events",
                        "<b onmouseover=alert(1)>.csv");
  ASSERT_TRUE(dry);
  ASSERT_EQ(dry->status, 200) << dry->body.substr(0, 2000);
  ASSERT_EQ(UploadPage(cast.admin, file, false, Token::kFirst, "canonical-events",
                       "<b onmouseover=alert(1)>.csv")
                ->status,
            303);
  auto page = GetPage(cast.admin, "/admin/helpdesk");
  ASSERT_TRUE(page);
  for (const std::string& body : {dry->body, page->body}) {
    EXPECT_FALSE(Contains(body, "<img src=x"));
    EXPECT_FALSE(Contains(body, "<b onmouseover"));
    EXPECT_TRUE(Contains(body, "&lt;img src=x onerror=alert(1)&gt;"));
    EXPECT_TRUE(Contains(body, "&lt;b onmouseover=alert(1)&gt;.csv"));
  }
}

// --- Streaming and the size cap ----------------------------------------------------------------

class SmallCapTest : public HelpdeskTest {
 protected:
  SmallCapTest() { options_.upload_max_bytes = 64 << 10; }
};

TEST_P(SmallCapTest, AnUploadOverTheCapIs413AndLeavesNoFile) {
  const Cast cast = MakeCast();
  const std::string big = CanonicalEvents(3000);  // about 150 KB
  ASSERT_GT(big.size(), 64u << 10);
  auto page = UploadPage(cast.admin, big, /*dry_run=*/false, Token::kFirst, "canonical-events");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 413);
  EXPECT_TRUE(Contains(page->body, "larger than the upload limit of 64 KiB"));
  auto api = UploadApi(cast.admin, "mapping=canonical-events", big);
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 413);
  EXPECT_EQ(Parse(api)["error"]["code"], "too_large");
  EXPECT_TRUE(Batches().empty());
  EXPECT_EQ(UploadsLeft(), 0);
  // Under the cap, the same way works.
  auto small = UploadApi(cast.admin, "mapping=canonical-events", CanonicalEvents(400));
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 201) << small->body;
}

TEST_P(HelpdeskTest, FilesLargerThanAnyBufferedBodyAreStreamed) {
  const Cast cast = MakeCast();
  const std::string big = CanonicalEvents(60000);  // about 3 MB
  ASSERT_GT(big.size(), kMaxBufferedBody * 2);
  auto page = UploadPage(cast.admin, big, /*dry_run=*/true, Token::kFirst, "canonical-events");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body.substr(0, 2000);
  EXPECT_TRUE(Contains(page->body, "data-testid=\"rows-read\">60,000<"));
  auto api = UploadApi(cast.admin, "mapping=canonical-events&file_name=events.csv", big);
  ASSERT_TRUE(api);
  ASSERT_EQ(api->status, 201) << api->body;
  // Every byte arrived, in order.
  ASSERT_EQ(Batches().size(), 1u);
  EXPECT_EQ(Batches()[0].content_hash, Sha256Hex(big));
  EXPECT_EQ(Batches()[0].rows_read, 60000);
  EXPECT_EQ(UploadsLeft(), 0);
  // Other routes still hold bodies to 1 MiB.
  auto team = Send(&cast.admin, test::Auth::kBearer, "POST", "/api/teams",
                   R"({"name": ")" + std::string(2 << 20, 'x') + "\"}");
  ASSERT_TRUE(team) << httplib::to_string(team.error());
  EXPECT_EQ(team->status, 413);
}

// --- The API ------------------------------------------------------------------------------------

TEST_P(HelpdeskTest, TheApiDryRunsStoresListsAndUndoes) {
  const Cast cast = MakeCast();
  const std::string file = SampleExport();
  auto dry = UploadApi(cast.admin, "mapping=intercom&dry_run=1", file);
  ASSERT_TRUE(dry);
  ASSERT_EQ(dry->status, 200) << dry->body;
  json body = Parse(dry);
  EXPECT_TRUE(body["dry_run"].get<bool>());
  EXPECT_EQ(body["rows"]["read"], 13);
  EXPECT_EQ(body["rows"]["used"], 8);
  EXPECT_EQ(body["source"], "intercom");
  EXPECT_EQ(body["file_name"], "export.csv");
  EXPECT_EQ(body["weeks"][0]["week"], "2024-W10");
  EXPECT_EQ(body["weeks"][0]["closed"], 2);
  EXPECT_TRUE(body["active_inferred"].get<bool>());
  EXPECT_FALSE(body.contains("batch"));
  EXPECT_TRUE(Batches().empty());

  auto stored = UploadApi(cast.admin, "mapping=intercom&source=support&file_name=march.csv", file);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->status, 201) << stored->body;
  body = Parse(stored);
  EXPECT_TRUE(body["created"].get<bool>());
  EXPECT_EQ(body["batch"]["source"], "support");
  EXPECT_EQ(body["batch"]["file_name"], "march.csv");
  EXPECT_EQ(body["batch"]["first_week"], "2024-W10");
  const int64_t id = body["batch"]["id"];
  EXPECT_EQ(stored->get_header_value("Location"), fmt::format("/api/helpdesk/batches/{}", id));

  auto again = UploadApi(cast.admin, "mapping=intercom&source=support", file);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_FALSE(Parse(again)["created"].get<bool>());
  EXPECT_EQ(Parse(again)["batch"]["id"], id);

  // As a multipart form (curl -F file=@export.csv) too; another source is another batch.
  httplib::MultipartFormDataItems items = {{"file", file, "parts.csv", "text/csv"}};
  auto multipart = client_->Post("/api/helpdesk/batches?mapping=intercom&source=other",
                                 {{"Authorization", "Bearer " + cast.admin.token}}, items);
  ASSERT_TRUE(multipart);
  EXPECT_EQ(multipart->status, 201) << multipart->body;
  EXPECT_EQ(Parse(multipart)["batch"]["file_name"], "parts.csv");

  auto list = Send(&cast.admin, test::Auth::kBearer, "GET", "/api/helpdesk/batches");
  ASSERT_TRUE(list);
  ASSERT_EQ(Parse(list)["batches"].size(), 2u);
  auto undone =
      Send(&cast.admin, test::Auth::kBearer, "DELETE", fmt::format("/api/helpdesk/batches/{}", id));
  ASSERT_TRUE(undone);
  EXPECT_EQ(undone->status, 204);
  EXPECT_EQ(Batches().size(), 1u);
  EXPECT_EQ(
      Send(&cast.admin, test::Auth::kBearer, "DELETE", fmt::format("/api/helpdesk/batches/{}", id))
          ->status,
      404);
  EXPECT_EQ(UploadsLeft(), 0);
}

TEST_P(HelpdeskTest, TheApiNamesWhatIsWrong) {
  const Cast cast = MakeCast();
  struct Case {
    std::string query;
    std::string body;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"", SampleExport(), 400, "mapping"},
      {"mapping=../../etc/passwd", SampleExport(), 400, "mapping"},
      {"mapping=intercom&dry_run=maybe", SampleExport(), 400, "dry_run"},
      {"mapping=intercom", "", 400, "body"},
      {"mapping=intercom&source=" + std::string(101, 's'), SampleExport(), 400, "source"},
      {"mapping=canonical-events", SampleExport(), 400, "file"},
  };
  for (const Case& c : cases) {
    auto res = UploadApi(cast.admin, c.query, c.body);
    ASSERT_TRUE(res) << c.query;
    EXPECT_EQ(res->status, c.status) << c.query << ": " << res->body;
    EXPECT_EQ(Parse(res)["error"]["field"], c.field) << c.query << ": " << res->body;
  }
  // A browser session needs the CSRF header before anything is read.
  httplib::Request req;
  req.method = "POST";
  req.path = "/api/helpdesk/batches?mapping=intercom";
  req.body = SampleExport();
  req.set_header("Cookie", std::string(kSessionCookie) + "=" + cast.admin.session);
  auto refused = client_->send(req);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(Parse(refused)["error"]["code"], "csrf");
  EXPECT_TRUE(Batches().empty());
  EXPECT_EQ(UploadsLeft(), 0);
}

// --- Identities
// -----------------------------------------------------------------------------------

TEST_P(HelpdeskTest, LinkingFromTheHelpdeskPageAndAConflictNamesTheField) {
  const Cast cast = MakeCast();
  ASSERT_EQ(UploadPage(cast.admin, SampleExport(), false)->status, 303);
  const std::vector<std::pair<std::string, std::string>> sam = {
      {"source", "intercom"}, {"space", "intercom_teammate"}, {"identity", " sam@acme.example "}};

  auto prefilled = GetPage(cast.admin,
                           "/admin/helpdesk?source=intercom&space=intercom_teammate&identity=sam%40"
                           "acme.example");
  ASSERT_TRUE(prefilled);
  EXPECT_TRUE(Contains(prefilled->body, "name=\"identity\" value=\"sam@acme.example\""));

  auto form = sam;
  form.emplace_back("person_id", std::to_string(cast.member.user.id));
  auto linked = PostForm(cast.admin, "/admin/helpdesk/identities", form);
  ASSERT_TRUE(linked);
  ASSERT_EQ(linked->status, 303) << linked->body.substr(0, 2000);
  EXPECT_EQ(linked->get_header_value("Location"),
            fmt::format("/admin/people/{}#identities", cast.member.user.id));
  ASSERT_EQ(store_->IdentitiesOf(cast.member.user.id).value().size(), 1u);
  EXPECT_EQ(store_->IdentitiesOf(cast.member.user.id).value()[0].identity, "sam@acme.example");
  auto person = GetPage(cast.admin, fmt::format("/admin/people/{}", cast.member.user.id));
  ASSERT_TRUE(person);
  EXPECT_TRUE(Contains(person->body, "<th scope=\"row\">sam@acme.example</th><td>2</td>"));
  auto helpdesk = GetPage(cast.admin, "/admin/helpdesk");
  EXPECT_FALSE(Contains(helpdesk->body, "<th scope=\"row\">sam@acme.example</th>"));

  // Sam is the member's: linking him to someone else is refused, naming the field.
  form = sam;
  form.emplace_back("person_id", std::to_string(cast.other.user.id));
  auto conflict = PostForm(cast.admin, "/admin/helpdesk/identities", form);
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->status, 409);
  EXPECT_TRUE(Contains(conflict->body,
                       fmt::format("identity: sam@acme.example (intercom intercom_teammate) is "
                                   "linked to {} already; unlink it on their page first",
                                   cast.member.user.name)));
  EXPECT_TRUE(Contains(conflict->body,
                       "name=\"identity\" value=\"sam@acme.example\" required "
                       "maxlength=\"320\" aria-invalid=\"true\""));
  auto from_person =
      PostForm(cast.admin, fmt::format("/admin/people/{}/identities", cast.other.user.id), sam);
  ASSERT_TRUE(from_person);
  EXPECT_EQ(from_person->status, 409);
  EXPECT_TRUE(Contains(from_person->body, "is linked to " + cast.member.user.name + " already"));
  EXPECT_TRUE(store_->IdentitiesOf(cast.other.user.id).value().empty());

  auto no_person = PostForm(cast.admin, "/admin/helpdesk/identities", sam);
  ASSERT_TRUE(no_person);
  EXPECT_EQ(no_person->status, 400);
  EXPECT_TRUE(Contains(no_person->body, "person_id: choose a person"));

  // Managers may not link, even their own reports.
  auto manager = PostForm(
      cast.manager, fmt::format("/admin/people/{}/identities", cast.member.user.id),
      {{"source", "intercom"}, {"space", "intercom_teammate"}, {"identity", "priya@acme.example"}});
  ASSERT_TRUE(manager);
  EXPECT_EQ(manager->status, 403);

  auto unlinked = PostForm(
      cast.admin, fmt::format("/admin/people/{}/identities/unlink", cast.member.user.id),
      {{"source", "intercom"}, {"space", "intercom_teammate"}, {"identity", "sam@acme.example"}});
  ASSERT_TRUE(unlinked);
  EXPECT_EQ(unlinked->status, 303);
  EXPECT_TRUE(store_->IdentitiesOf(cast.member.user.id).value().empty());
}

// A typo is refused with the identities that have data, and a box to link it all the same; linked
// anyway, the person page flags it.
TEST_P(HelpdeskTest, AnIdentityWithoutStoredWeeksIsRefusedThenLinkedAnywayAndFlagged) {
  const Cast cast = MakeCast();
  ASSERT_EQ(UploadApi(cast.admin, "mapping=intercom", SampleExport())->status, 201);
  const std::string path = fmt::format("/admin/people/{}/identities", cast.member.user.id);
  auto refused = PostForm(
      cast.admin, path,
      {{"source", "intercom"}, {"space", "intercom_teammate"}, {"identity", "sam@acme.exmaple"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_TRUE(Contains(refused->body, "nearest with data: &quot;sam@acme.example&quot;"))
      << refused->body;
  EXPECT_TRUE(Contains(refused->body, "name=\"force\" value=\"1\"")) << refused->body;
  // The API says the same, and links with force.
  const std::string api = fmt::format("/api/people/{}/identities", cast.member.user.id);
  auto api_refused = Send(&cast.admin, test::Auth::kBearer, "POST", api,
                          R"({"source": "intercom", "space": "agent_id", "identity": "5001"})");
  ASSERT_TRUE(api_refused);
  EXPECT_EQ(api_refused->status, 400);
  EXPECT_EQ(Parse(api_refused)["error"]["field"], "space") << api_refused->body;
  EXPECT_EQ(
      Send(&cast.admin, test::Auth::kBearer, "POST", api,
           R"({"source": "intercom", "space": "agent_id", "identity": "5001", "force": true})")
          ->status,
      201);

  auto linked = PostForm(
      cast.admin, path,
      {{"source", "intercom"}, {"space", "agent_id"}, {"identity", "Sam"}, {"force", "1"}});
  ASSERT_TRUE(linked);
  ASSERT_EQ(linked->status, 303);
  auto person = GetPage(cast.admin, fmt::format("/admin/people/{}", cast.member.user.id));
  ASSERT_TRUE(person);
  EXPECT_TRUE(Contains(person->body, "no stored weeks: check the spelling"));

  // With the only batch undone, no identity has weeks, and none is blamed for its spelling.
  ASSERT_EQ(Batches().size(), 1u);
  auto undone =
      PostForm(cast.admin, fmt::format("/admin/helpdesk/batches/{}/undo", Batches()[0].id), {});
  ASSERT_TRUE(undone);
  ASSERT_EQ(undone->status, 303);
  person = GetPage(cast.admin, fmt::format("/admin/people/{}", cast.member.user.id));
  ASSERT_TRUE(person);
  EXPECT_FALSE(Contains(person->body, "check the spelling")) << person->body;
  EXPECT_TRUE(Contains(person->body, "no data from intercom is stored"));
}

TEST_P(HelpdeskTest, TheApiLinksListsAndUnlinksIdentities) {
  const Cast cast = MakeCast();
  ASSERT_EQ(UploadApi(cast.admin, "mapping=intercom", SampleExport())->status, 201);
  auto unlinked =
      Send(&cast.admin, test::Auth::kBearer, "GET", "/api/helpdesk/identities/unlinked");
  ASSERT_TRUE(unlinked);
  ASSERT_EQ(Parse(unlinked)["identities"].size(), 2u);
  EXPECT_EQ(Parse(unlinked)["identities"][1]["identity"], "sam@acme.example");
  EXPECT_EQ(Parse(unlinked)["identities"][1]["closed"], 2);

  const std::string path = fmt::format("/api/people/{}/identities", cast.member.user.id);
  const std::string sam =
      R"({"source": "intercom", "space": "intercom_teammate", "identity": "sam@acme.example"})";
  auto linked = Send(&cast.admin, test::Auth::kBearer, "POST", path, sam);
  ASSERT_TRUE(linked);
  EXPECT_EQ(linked->status, 201) << linked->body;
  for (const Person* who : {&cast.admin, &cast.manager, &cast.member}) {
    auto list = Send(who, test::Auth::kBearer, "GET", path);
    ASSERT_TRUE(list);
    EXPECT_EQ(list->status, 200);
    EXPECT_EQ(Parse(list)["identities"][0]["identity"], "sam@acme.example");
  }
  EXPECT_EQ(Send(&cast.other, test::Auth::kBearer, "GET", path)->status, 403);
  EXPECT_EQ(Send(&cast.manager, test::Auth::kBearer, "POST", path, sam)->status, 403);

  auto conflict = Send(&cast.admin, test::Auth::kBearer, "POST",
                       fmt::format("/api/people/{}/identities", cast.other.user.id), sam);
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->status, 409);
  EXPECT_EQ(Parse(conflict)["error"]["field"], "identity");
  auto missing = Send(&cast.admin, test::Auth::kBearer, "POST", path, R"({"source": "intercom"})");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(Parse(missing)["error"]["field"], "space");

  const std::string query = "?source=intercom&space=intercom_teammate&identity=sam%40acme.example";
  EXPECT_EQ(Send(&cast.manager, test::Auth::kBearer, "DELETE", path + query)->status, 403);
  EXPECT_EQ(Send(&cast.admin, test::Auth::kBearer, "DELETE", path + "?source=intercom")->status,
            400);
  EXPECT_EQ(Send(&cast.admin, test::Auth::kBearer, "DELETE", path + query)->status, 204);
  EXPECT_EQ(Send(&cast.admin, test::Auth::kBearer, "DELETE", path + query)->status, 404);
}

INSTANTIATE_TEST_SUITE_P(Stores, HelpdeskTest, test::Stores(), test::StoreName);
INSTANTIATE_TEST_SUITE_P(Stores, SmallCapTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
