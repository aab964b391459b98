// The JSON API for people, check-ins and teams, against a real server (port 0) on a real SQLite
// store with the bundled frameworks: who may call what, CSRF and bearer rules, validation that
// names the field, removing people, API tokens, the whole check-in flow, and the OpenAPI
// document against the routes.
#include <httplib.h>

#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/secrets.h"
#include "util/clock.h"
#include "util/hash.h"
#include "util/text.h"
#include "web/app.h"
#include "web/app_test_support.h"

namespace rungs {
namespace {

using nlohmann::json;

using test::Auth;
using test::Cast;
using test::ExpectNothingLeaked;
using test::FillCast;
using test::Parse;
using test::Person;

class AppApiTest : public test::AppServerTest {
 protected:
  // A stored helpdesk batch (of no weeks); `n` makes its file unique.
  // A batch of intercom data, with a week for each of `identities` (agent_id).
  int64_t StoreBatch(int n, const std::vector<std::string>& identities = {}) {
    IngestBatch batch;
    batch.source = "intercom";
    batch.file_name = "export.csv";
    batch.content_hash = Sha256Hex(std::to_string(n));
    batch.mapping = "intercom";
    std::vector<IdentityWeek> weeks;
    for (const std::string& identity : identities) {
      IdentityWeek w;
      w.source = "intercom";
      w.space = "agent_id";
      w.identity = identity;
      w.week = 2801;
      w.closed = 3;
      w.closed_events = 3;
      weeks.push_back(w);
      batch.first_week = batch.last_week = w.week;
    }
    Result<IngestOutcome> put = store_->PutIngestBatch(batch, weeks, Actor::System());
    EXPECT_TRUE(put.ok()) << put.status().message;
    return put.ok() ? put->batch.id : 0;
  }

  static std::string PersonPath(const Person& p, const std::string& rest = "") {
    return fmt::format("/api/people/{}{}", p.user.id, rest);
  }
};

// --- Who may call what ------------------------------------------------------------------------

// One route as every kind of caller sees it. Paths and bodies use placeholders filled from a
// fresh Cast: {member} {other} {checkin} {evidence} {token} (the member's token id), {key} (a
// criterion of the first rung) and {n} (unique per call).
struct RouteCase {
  const char* method;
  const char* path;
  const char* body;
  int admin;
  int manager;
  int self;  // the member the route is about
  int other;
  int anonymous;
  bool open_checkin = true;   // the member starts with an open check-in
  bool session_only = false;  // refused (403) to bearer tokens
};

// A few rows of an Intercom export (testdata/helpdesk/intercom_parts.csv).
constexpr char kExport[] =
    R"csv(message_id,message_type,message_created_at,message_author_type,message_author_id,message_author_name,message_author_email,message_body,conversation_id,conversation_state,conversation_created_at,conversation_closed_at
1001,conversation_message,2024-03-04 08:58:10,user,u-71,Dana Reyes,dana@example.org,"Hi, my invoice for February shows the wrong VAT number, can you fix it?",215000001,closed,2024-03-04 08:58:10,2024-03-04 09:31:47
1002,assignment,2024-03-04 09:02:00,admin,5001,Sam Okafor,sam@acme.example,,215000001,closed,2024-03-04 08:58:10,2024-03-04 09:31:47
1003,comment,2024-03-04 09:05:33,admin,5001,Sam Okafor,sam@acme.example,"Hi Dana, thanks for flagging this.
Could you confirm the VAT number you expected? We'll reissue the invoice.",215000001,closed,2024-03-04 08:58:10,2024-03-04 09:31:47
1004,comment,2024-03-04 09:20:02,user,u-71,Dana Reyes,dana@example.org,"Sure: it's GB 123 4567 89, the ""old"" one was from our previous address.",215000001,closed,2024-03-04 08:58:10,2024-03-04 09:31:47
1005,note,2024-03-04 09:24:40,admin,5001,Sam Okafor,sam@acme.example,Reissued invoice INV-2024-0211 in billing,215000001,closed,2024-03-04 08:58:10,2024-03-04 09:31:47
1006,comment,2024-03-04 09:30:12,admin,5001,Sam Okafor,sam@acme.example,"Done! The corrected invoice is in your inbox.",215000001,closed,2024-03-04 08:58:10,2024-03-04 09:31:47
1007,close,2024-03-04 09:31:47,admin,5001,Sam Okafor,sam@acme.example,,215000001,closed,2024-03-04 08:58:10,2024-03-04 09:31:47
)csv";

const RouteCase kRoutes[] = {
    {"GET", "/api/me", "", 200, 200, 200, 200, 401},
    {"GET", "/api/people", "", 200, 200, 200, 200, 401},
    {"POST", "/api/people", R"({"email": "new{n}@example.com", "name": "New Person {n}"})", 201,
     403, 403, 403, 401},
    {"POST", "/api/people/import", "email,name\nimported{n}@example.com,Imported {n}\n", 200, 403,
     403, 403, 401},
    {"GET", "/api/people/{member}", "", 200, 200, 200, 403, 401},
    {"PATCH", "/api/people/{member}", R"({"assigned_rung": "1B"})", 200, 403, 403, 403, 401},
    {"DELETE", "/api/people/{member}", "", 409, 403, 403, 403, 401},
    {"DELETE", "/api/people/{member}?removal=anonymise", "", 204, 403, 403, 403, 401},
    {"DELETE", "/api/people/{member}?removal=erase", "", 204, 403, 403, 403, 401},
    {"DELETE", "/api/people/{other}", "", 204, 403, 403, 403, 401},
    {"GET", "/api/people/{member}/standing", "", 200, 200, 200, 403, 401},
    {"GET", "/api/people/{member}/check-ins", "", 200, 200, 200, 403, 401},
    {"POST", "/api/people/{member}/check-ins", "", 201, 201, 201, 403, 401, false},
    {"GET", "/api/people/{member}/export?format=json", "", 200, 200, 200, 403, 401},
    {"GET", "/api/people/{member}/export?format=csv", "", 200, 200, 200, 403, 401},
    {"GET", "/api/check-ins/{checkin}", "", 200, 200, 200, 403, 401},
    {"PUT", "/api/check-ins/{checkin}/self",
     R"({"results": [{"criterion": "{key}", "result": "meeting"}], "notes": "I think so"})", 403,
     403, 200, 403, 401},
    {"PUT", "/api/check-ins/{checkin}/manager",
     R"({"results": [{"criterion": "{key}", "result": "meeting"}], "notes": "Agreed"})", 200, 200,
     403, 403, 401},
    {"POST", "/api/check-ins/{checkin}/agree",
     R"({"results": [{"criterion": "{key}", "result": "meeting"}]})", 200, 200, 403, 403, 401},
    // Only the person answers, and only once it is frozen (it is open here: 409).
    {"POST", "/api/check-ins/{checkin}/acknowledge", R"({"answer": "agree"})", 403, 403, 409, 403,
     401},
    {"POST", "/api/check-ins/{checkin}/evidence",
     R"({"text": "Closed 40 chats", "criteria": ["{key}"]})", 201, 201, 201, 403, 401},
    {"DELETE", "/api/check-ins/{checkin}/evidence/{evidence}", "", 204, 204, 204, 403, 401},
    {"GET", "/api/teams", "", 200, 200, 403, 403, 401},
    {"POST", "/api/teams", R"({"name": "Team {n}", "time_zone": "Europe/London"})", 201, 403, 403,
     403, 401},
    {"PATCH", "/api/teams/{team}", R"({"cadence_weeks": 4})", 200, 403, 403, 403, 401},
    {"GET", "/api/overview", "", 200, 200, 403, 403, 401},
    {"GET", "/api/audit", "", 200, 403, 403, 403, 401},
    {"GET", "/api/tokens", "", 200, 200, 200, 200, 401},
    {"POST", "/api/tokens", R"({"name": "script {n}"})", 201, 201, 201, 201, 401, true, true},
    {"DELETE", "/api/tokens/{token}", "", 404, 404, 204, 404, 401},
    {"GET", "/api/helpdesk/batches", "", 200, 403, 403, 403, 401},
    {"POST", "/api/helpdesk/batches?mapping=intercom&dry_run=1", kExport, 200, 403, 403, 403, 401},
    {"DELETE", "/api/helpdesk/batches/{batch}", "", 404, 403, 403, 403, 401},
    {"GET", "/api/helpdesk/identities/unlinked", "", 200, 403, 403, 403, 401},
    {"GET", "/api/people/{member}/identities", "", 200, 200, 200, 403, 401},
    {"POST", "/api/people/{member}/identities",
     R"({"source": "intercom", "space": "agent_id", "identity": "agent {n}", "force": true})", 201,
     403, 403, 403, 401},
    {"DELETE", "/api/people/{member}/identities?source=intercom&space=agent_id&identity=nobody", "",
     404, 403, 403, 403, 401},
};

// "/api/people/{member}/export?format=csv" -> "/api/people/{id}/export"
std::string Template(std::string path) {
  path = path.substr(0, path.find('?'));
  for (const char* placeholder :
       {"{member}", "{other}", "{checkin}", "{token}", "{batch}", "{team}"}) {
    path = ReplaceAll(path, placeholder, "{id}");
  }
  return ReplaceAll(path, "{evidence}", "{evidence_id}");
}

std::string Lower(const std::string& s) { return ToLowerAscii(s); }

// The answers the OpenAPI document lists for a route of kRoutes; none when it is not documented.
json DocumentedResponses(const json& doc, const std::string& method, const std::string& path) {
  const json& paths = doc.at("paths");
  const auto item = paths.find(Template(path));
  if (item == paths.end()) return json::object();
  const auto op = item->find(Lower(method));
  if (op == item->end()) return json::object();
  return op->value("responses", json::object());
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

class AccessTest : public AppApiTest {
 protected:
  void RunEveryRoute(Auth auth) {
    const std::string key = FirstKey();
    ASSERT_FALSE(key.empty());
    // Every answer below must be one the OpenAPI document lists for its route.
    const json doc = Parse(client_->Get("/api/openapi.json"));
    ASSERT_TRUE(doc.is_object());
    int n = 0;
    for (const RouteCase& route : kRoutes) {
      struct Seat {
        const char* name;
        Person Cast::*person;  // null: anonymous
        int expected;
      };
      const Seat seats[] = {{"admin", &Cast::admin, route.admin},
                            {"manager", &Cast::manager, route.manager},
                            {"self", &Cast::member, route.self},
                            {"other", &Cast::other, route.other},
                            {"anonymous", nullptr, route.anonymous}};
      for (const Seat& role : seats) {
        // A fresh cast per call, so what one caller changes never decides another's answer.
        const Cast cast = MakeCast(route.open_checkin);
        const Person* caller = role.person == nullptr ? nullptr : &(cast.*role.person);
        // {batch}: no batch is stored, so the admin's answer is 404.
        const std::string path =
            ReplaceAll(FillCast(route.path, cast, key, ++n), "{batch}", "999999");
        const std::string context = fmt::format("{} {} as {}", route.method, path, role.name);
        int expected = role.expected;
        if (auth == Auth::kBearer && route.session_only && caller != nullptr) expected = 403;
        const size_t audit_before = AuditCount();
        auto res = Send(caller, caller == nullptr ? Auth::kNone : auth, route.method, path,
                        FillCast(route.body, cast, key, n));
        ASSERT_TRUE(res) << context;
        EXPECT_EQ(res->status, expected) << context << ": " << res->body;
        EXPECT_TRUE(DocumentedResponses(doc, route.method, route.path)
                        .contains(std::to_string(res->status)))
            << context << ": " << res->status << " is not documented";
        if (res->status < 400) continue;
        const json error = json::parse(res->body, nullptr, false);
        EXPECT_TRUE(error.contains("error") && error["error"].contains("code")) << context;
        ExpectNothingLeaked(res->body, cast, caller, context);
        EXPECT_EQ(AuditCount(), audit_before) << context << ": a refused call wrote something";
        if (res->status == 401) {
          EXPECT_EQ(res->get_header_value("WWW-Authenticate").rfind("Bearer", 0), 0u) << context;
          EXPECT_EQ(error["error"]["code"], "unauthenticated") << context;
        }
      }
    }
  }
};

TEST_P(AccessTest, EveryRouteAnswersEachCallerFromABrowserSession) {
  RunEveryRoute(Auth::kSession);
}

TEST_P(AccessTest, EveryRouteAnswersEachCallerWithAnApiToken) { RunEveryRoute(Auth::kBearer); }

// Every string of every JSON body in the table, and a query parameter on every route, with
// bytes that are not UTF-8: a 400 naming the field, never a 500, nothing written.
TEST_P(AccessTest, TextThatIsNotUtf8IsRefusedInEveryJsonFieldAndQuery) {
  const std::string key = FirstKey();
  int n = 0;
  for (const RouteCase& route : kRoutes) {
    const Cast cast = MakeCast(route.open_checkin);
    const std::string path = ReplaceAll(FillCast(route.path, cast, key, ++n), "{batch}", "999999");
    const std::string body = FillCast(route.body, cast, key, n);
    std::vector<std::pair<std::string, std::string>> cases;  // field, body; "q" is the query
    cases.emplace_back("q", body);
    const json parsed = json::parse(body, nullptr, false);
    if (parsed.is_object()) {
      for (const auto& [name, value] : parsed.items()) {
        if (!value.is_string()) continue;
        // The marker is swapped for bad bytes once the document is text.
        json bad = parsed;
        bad[name] = "@@BAD@@";
        cases.emplace_back(name, ReplaceAll(bad.dump(), "@@BAD@@", "caf\xe9"));
      }
    }
    for (const auto& [field, sent] : cases) {
      std::string target = path;
      if (field == "q")
        target += (path.find('?') == std::string::npos ? "?" : "&") + std::string("q=%FF");
      const std::string context = fmt::format("{} {} field {}", route.method, target, field);
      const size_t audit_before = AuditCount();
      auto res = Send(&cast.admin, route.session_only ? Auth::kSession : Auth::kBearer,
                      route.method, target, sent);
      ASSERT_TRUE(res) << context;
      EXPECT_EQ(res->status, 400) << context << ": " << res->body;
      EXPECT_EQ(Parse(res)["error"]["field"], field) << context << ": " << res->body;
      EXPECT_EQ(AuditCount(), audit_before) << context;
    }
  }
}

// --- CSRF, bearer tokens and sessions ---------------------------------------------------------

TEST_P(AppApiTest, BrowserWritesWithoutTheCsrfTokenAreRefusedAndChangeNothing) {
  const Cast cast = MakeCast();
  const std::string cookie = std::string(kSessionCookie) + "=" + cast.admin.session;
  const size_t audit_before = AuditCount();
  for (const std::string& token : {std::string(), std::string("wrong-token")}) {
    httplib::Headers headers = {{"Cookie", cookie}};
    if (!token.empty()) headers.emplace("X-CSRF-Token", token);
    auto res = Send(nullptr, Auth::kNone, "PATCH", PersonPath(cast.member),
                    R"({"name": "Changed Name"})", headers);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << res->body;
    EXPECT_EQ(Parse(res)["error"]["code"], "csrf");
  }
  // The member's own session, on their own check-in.
  httplib::Headers member_cookie = {
      {"Cookie", std::string(kSessionCookie) + "=" + cast.member.session}};
  auto self = Send(
      nullptr, Auth::kNone, "PUT", fmt::format("/api/check-ins/{}/self", cast.checkin),
      fmt::format(R"({{"results": [{{"criterion": "{}", "result": "meeting"}}]}})", FirstKey()),
      member_cookie);
  ASSERT_TRUE(self);
  EXPECT_EQ(self->status, 403);
  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_EQ(Parse(As(cast.admin, "GET", PersonPath(cast.member)))["name"], cast.member.user.name);
  EXPECT_TRUE(store_->GetCheckIn(cast.checkin)->results.empty());
  // Reads need no CSRF token.
  auto read = Send(nullptr, Auth::kNone, "GET", PersonPath(cast.member), "", {{"Cookie", cookie}});
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
}

TEST_P(AppApiTest, BearerWritesNeedNoCsrfToken) {
  const Cast cast = MakeCast();
  auto res = Send(&cast.admin, Auth::kBearer, "PATCH", PersonPath(cast.member),
                  R"({"name": "Renamed Member"})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(store_->GetUser(cast.member.user.id)->name, "Renamed Member");
}

TEST_P(AppApiTest, ABearerCallIsJudgedByItsTokenAloneEvenWithACookie) {
  const Cast cast = MakeCast();
  const httplib::Headers admin_cookie = {
      {"Cookie", std::string(kSessionCookie) + "=" + cast.admin.session}};
  auto me = Send(&cast.member, Auth::kBearer, "GET", "/api/me", "", admin_cookie);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(Parse(me)["id"], cast.member.user.id);
  EXPECT_FALSE(Parse(me).contains("csrf_token"));
  auto audit = Send(&cast.member, Auth::kBearer, "GET", "/api/audit", "", admin_cookie);
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->status, 403);
  // A bad token is not rescued by a good cookie.
  httplib::Headers bad = admin_cookie;
  bad.emplace("Authorization", "Bearer not-a-real-token");
  auto refused = Send(nullptr, Auth::kNone, "GET", "/api/me", "", bad);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  httplib::Headers basic = {{"Authorization", "Basic YWRhOnB3"}};
  auto not_bearer = Send(nullptr, Auth::kNone, "GET", "/api/me", "", basic);
  ASSERT_TRUE(not_bearer);
  EXPECT_EQ(not_bearer->status, 401);
}

TEST_P(AppApiTest, ARosterWithAnyErrorWritesNothingAndNamesEveryLine) {
  const Cast cast = MakeCast();
  const size_t audit_before = AuditCount();
  const std::string bad =
      "email,name,role,team\nnew1@example.com,New One,member,Night shift\nnot-an-email,X,boss,\n";
  auto refused = Send(&cast.admin, Auth::kBearer, "POST", "/api/people/import", bad);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400) << refused->body;
  const json errors = Parse(refused)["errors"];
  ASSERT_EQ(errors.size(), 2u) << refused->body;  // the email and the role of line 3
  EXPECT_EQ(errors[0]["line"], 3);
  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_FALSE(store_->FindUserByEmail("new1@example.com").ok());

  const std::string good = "email,name,role,team\nnew1@example.com,New One,member,Night shift\n";
  auto dry = Send(&cast.admin, Auth::kBearer, "POST", "/api/people/import?dry_run=1", good);
  ASSERT_TRUE(dry);
  EXPECT_EQ(dry->status, 200);
  EXPECT_EQ(Parse(dry)["created"], 1);
  EXPECT_FALSE(store_->FindUserByEmail("new1@example.com").ok());

  auto done = Send(&cast.admin, Auth::kBearer, "POST", "/api/people/import", good);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(Parse(done)["teams_created"], json::array({"Night shift"}));
  Result<User> imported = store_->FindUserByEmail("new1@example.com");
  ASSERT_TRUE(imported.ok());
  EXPECT_EQ(imported->name, "New One");
  // Importing the same file again changes nothing.
  auto again = Send(&cast.admin, Auth::kBearer, "POST", "/api/people/import", good);
  ASSERT_TRUE(again);
  EXPECT_EQ(Parse(again)["unchanged"], 1);
}

TEST_P(AppApiTest, EndedSessionsAreUnauthenticated) {
  Cast cast = MakeCast();
  const int64_t now = UnixNow();
  const Person expired = WithNewSession(cast.member, now - 7200, now - 10);
  const Person idle = WithNewSession(cast.member, now - 13 * 3600, now + 3600);
  for (const Person* p : {&expired, &idle}) {
    auto res = As(*p, "GET", "/api/me");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << res->body;
    EXPECT_EQ(Parse(res)["error"]["code"], "unauthenticated");
    EXPECT_EQ(res->get_header_value("WWW-Authenticate").rfind("Bearer", 0), 0u);
  }
  auto me = As(cast.member, "GET", "/api/me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(Parse(me)["csrf_token"], cast.member.csrf);
  EXPECT_EQ(me->get_header_value("Cache-Control"), "no-store");
}

// --- People -----------------------------------------------------------------------------------

TEST_P(AppApiTest, CreatesAPersonAndRefusesADuplicateEmail) {
  const Cast cast = MakeCast();
  auto created = As(cast.admin, "POST", "/api/people",
                    R"({"email": "Sam.Support@Example.com", "name": "Sam Support",
                        "role": "member", "manager_id": )" +
                        std::to_string(cast.manager.user.id) +
                        R"(, "framework_id": "customer-operations", "assigned_rung": "1A",
                        "start_date": "2025-01-06"})");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const json person = Parse(created);
  EXPECT_EQ(person["email"], "sam.support@example.com");
  EXPECT_EQ(person["manager_id"], cast.manager.user.id);
  EXPECT_EQ(person["team_id"], nullptr);
  EXPECT_EQ(created->get_header_value("Location"),
            fmt::format("/api/people/{}", person["id"].get<int64_t>()));
  auto again = As(cast.admin, "POST", "/api/people",
                  R"({"email": "SAM.SUPPORT@example.com", "name": "Another Sam"})");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(Parse(again)["error"]["field"], "email");
  auto taken = As(cast.admin, "PATCH", PersonPath(cast.other),
                  R"({"email": ")" + cast.member.user.email + R"("})");
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->status, 409);
  EXPECT_EQ(Parse(taken)["error"]["field"], "email");
}

TEST_P(AppApiTest, PatchChangesOnlyTheFieldsSent) {
  const Cast cast = MakeCast();
  auto res = As(cast.admin, "PATCH", PersonPath(cast.member),
                R"({"assigned_rung": "1B", "team_id": null, "active": true})");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const User after = *store_->GetUser(cast.member.user.id);
  EXPECT_EQ(after.assigned_rung, "1B");
  EXPECT_EQ(after.name, cast.member.user.name);
  EXPECT_EQ(after.email, cast.member.user.email);
  EXPECT_EQ(after.manager_id, cast.manager.user.id);
  auto cleared = As(cast.admin, "PATCH", PersonPath(cast.member), R"({"manager_id": null})");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->status, 200);
  EXPECT_EQ(store_->GetUser(cast.member.user.id)->manager_id, std::nullopt);
}

TEST_P(AppApiTest, RemovingAPersonWithCheckInsAsksHowThenErasesOrAnonymises) {
  const Cast cast = MakeCast();
  auto refused = As(cast.admin, "DELETE", PersonPath(cast.member));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 409);
  EXPECT_EQ(Parse(refused)["error"]["field"], "check_ins");
  EXPECT_TRUE(store_->GetUser(cast.member.user.id).ok());
  auto bad = As(cast.admin, "DELETE", PersonPath(cast.member, "?removal=shred"));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Parse(bad)["error"]["field"], "removal");

  auto anonymised = As(cast.admin, "DELETE", PersonPath(cast.member, "?removal=anonymise"));
  ASSERT_TRUE(anonymised);
  EXPECT_EQ(anonymised->status, 204) << anonymised->body;
  auto kept = As(cast.admin, "GET", PersonPath(cast.member));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->status, 200);
  auto people = As(cast.admin, "GET", "/api/people");
  ASSERT_TRUE(people);
  EXPECT_EQ(people->body.find(cast.member.user.name), std::string::npos);
  EXPECT_EQ(people->body.find(cast.member.user.email), std::string::npos);
  auto checkins = As(cast.admin, "GET", PersonPath(cast.member, "/check-ins"));
  ASSERT_TRUE(checkins);
  EXPECT_EQ(Parse(checkins)["check_ins"].size(), 1u);

  const Cast second = MakeCast();
  auto erased = As(second.admin, "DELETE", PersonPath(second.member, "?removal=erase"));
  ASSERT_TRUE(erased);
  EXPECT_EQ(erased->status, 204) << erased->body;
  auto gone = As(second.admin, "GET", PersonPath(second.member));
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
  auto checkin = As(second.admin, "GET", fmt::format("/api/check-ins/{}", second.checkin));
  ASSERT_TRUE(checkin);
  EXPECT_EQ(checkin->status, 404);
}

// --- Validation -------------------------------------------------------------------------------

struct BadBody {
  const char* method;
  const char* path;  // {member}, {checkin} as in kRoutes
  const char* body;
  const char* field;
};

const BadBody kBadBodies[] = {
    {"POST", "/api/people", R"({"email": "x@example.com", )", "body"},
    {"POST", "/api/people", "", "body"},
    {"POST", "/api/people", "[1, 2]", "body"},
    {"POST", "/api/people", R"({"name": "No Email"})", "email"},
    {"POST", "/api/people", R"({"email": "not-an-email", "name": "X"})", "email"},
    {"PATCH", "/api/people/{member}", R"({"name": 5})", "name"},
    {"PATCH", "/api/people/{member}", R"({"team_id": "seven"})", "team_id"},
    {"PATCH", "/api/people/{member}", R"({"manager_id": 1.5})", "manager_id"},
    {"PATCH", "/api/people/{member}", R"({"manager_id": 999999})", "manager_id"},
    {"PATCH", "/api/people/{member}", R"({"active": "yes"})", "active"},
    {"PATCH", "/api/people/{member}", R"({"role": "boss"})", "role"},
    {"PATCH", "/api/people/{member}", R"({"nickname": "Mel"})", "nickname"},
    {"PATCH", "/api/people/{member}", R"({"id": 1})", "id"},
    {"PATCH", "/api/people/{member}", R"({"framework_id": "no-such-framework"})", "framework_id"},
    {"PATCH", "/api/people/{member}", R"({"assigned_rung": "9Z"})", "assigned_rung"},
    {"PATCH", "/api/people/{member}", R"({"start_date": "2025-13-01"})", "start_date"},
    {"PUT", "/api/check-ins/{checkin}/manager", R"({"results": {}})", "results"},
    {"PUT", "/api/check-ins/{checkin}/manager", R"({"results": ["meeting"]})", "results[0]"},
    {"PUT", "/api/check-ins/{checkin}/manager",
     R"({"results": [{"criterion": "{key}", "result": "great"}]})", "results[0].result"},
    {"PUT", "/api/check-ins/{checkin}/manager", R"({"results": [{"result": "meeting"}]})",
     "results[0].criterion"},
    {"PUT", "/api/check-ins/{checkin}/manager",
     R"({"results": [{"criterion": "no/such/key", "result": "meeting"}]})", "results"},
    {"PUT", "/api/check-ins/{checkin}/manager",
     R"({"results": [{"criterion": "{key}", "result": "meeting"},
                     {"criterion": "{key}", "result": "not_yet"}]})",
     "results[1].criterion"},
    {"PUT", "/api/check-ins/{checkin}/manager", R"({"notes": 3})", "notes"},
    {"POST", "/api/check-ins/{checkin}/agree", R"({})", "results"},
    {"POST", "/api/check-ins/{checkin}/acknowledge", R"({})", "answer"},
    {"POST", "/api/check-ins/{checkin}/acknowledge", R"({"answer": "maybe"})", "answer"},
    {"POST", "/api/check-ins/{checkin}/evidence", R"({"text": "", "criteria": ["{key}"]})", "text"},
    {"POST", "/api/check-ins/{checkin}/evidence", R"({"text": "Did it", "criteria": []})",
     "criteria"},
    {"POST", "/api/check-ins/{checkin}/evidence", R"({"text": "Did it", "criteria": [7]})",
     "criteria[0]"},
    {"POST", "/api/check-ins/{checkin}/evidence",
     R"json({"text": "Did it", "link": "javascript:alert(1)", "criteria": ["{key}"]})json", "link"},
    {"POST", "/api/teams", R"({})", "name"},
    {"POST", "/api/teams", R"({"name": "Night shift", "time_zone": "Mars/Olympus Mons"})",
     "time_zone"},
    {"POST", "/api/tokens", R"({})", "name"},
    {"POST", "/api/tokens", R"({"name": ""})", "name"},
    {"GET", "/api/audit?limit=0", "", "limit"},
    {"GET", "/api/audit?after=x", "", "after"},
    {"GET", "/api/people/{member}/export?format=xml", "", "format"},
};

TEST_P(AppApiTest, InvalidInputIsA400NamingTheField) {
  const std::string key = FirstKey();
  for (const BadBody& bad : kBadBodies) {
    const Cast cast = MakeCast();
    const std::string path = FillCast(bad.path, cast, key, 0);
    // As the admin, who may call each of these routes: the answer is about the input only.
    auto res =
        Send(&cast.admin, Auth::kSession, bad.method, path, FillCast(bad.body, cast, key, 0));
    const std::string context = fmt::format("{} {} {}", bad.method, path, bad.body);
    ASSERT_TRUE(res) << context;
    EXPECT_EQ(res->status, 400) << context << ": " << res->body;
    const json error = Parse(res);
    EXPECT_EQ(error["error"]["code"], "invalid") << context;
    EXPECT_EQ(error["error"]["field"], bad.field) << context << ": " << res->body;
  }
}

TEST_P(AppApiTest, MalformedJsonSaysWhere) {
  const Cast cast = MakeCast();
  auto res = As(cast.admin, "POST", "/api/people", "{\n  \"name\": oops\n}");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const json error = Parse(res);
  EXPECT_EQ(error["error"]["field"], "body");
  EXPECT_NE(error["error"]["message"].get<std::string>().find("line 2, column"), std::string::npos)
      << res->body;
}

TEST_P(AppApiTest, TextThatIsNotUtf8IsA400NamingTheFieldAndNothingIsStored) {
  const Cast cast = MakeCast();
  const size_t audit_before = AuditCount();
  const std::pair<std::string, std::string> cases[] = {
      {"{\"name\": \"Ana \xfe\xfe\", \"email\": \"ana@example.com\"}", "name"},
      {"{\"email\": \"ana@example.com\", \"name\": \"Ana\", \"start_date\": \"\xc3\"}",
       "start_date"},
      {"{\"\xff\": 1}", "body"},
  };
  for (const auto& [body, field] : cases) {
    auto res = As(cast.admin, "POST", "/api/people", body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    const json error = Parse(res);
    EXPECT_EQ(error["error"]["field"], field) << res->body;
    EXPECT_NE(error["error"]["message"].get<std::string>().find("not valid UTF-8"),
              std::string::npos);
  }
  auto query = As(cast.admin, "GET", "/api/search?q=%C3", "");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->status, 400);
  EXPECT_EQ(Parse(query)["error"]["field"], "q") << query->body;
  for (const char* path : {"/api/frameworks/%ff", "/api/people/%ff%fe", "/%c3"}) {
    auto res = As(cast.admin, "GET", path, "");
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 400) << path;
  }
  EXPECT_EQ(AuditCount(), audit_before);
}

TEST_P(AppApiTest, OversizedBodiesAreRefusedBeforeAnyHandlerRuns) {
  const Cast cast = MakeCast();
  const size_t audit_before = AuditCount();
  const std::string huge = R"({"name": ")" + std::string(2 << 20, 'x') + R"("})";
  auto res = As(cast.admin, "PATCH", PersonPath(cast.member), huge);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_TRUE(Parse(res).contains("error")) << res->body.substr(0, 200);
  EXPECT_EQ(AuditCount(), audit_before);
}

// For anyone but an admin, someone who does not exist and someone they may not see get the same
// answer, word for word: the API is no way to find out who is here.
TEST_P(AppApiTest, RefusalsDoNotTellWhetherAPersonOrCheckInExists) {
  const Cast cast = MakeCast();
  const std::pair<std::string, std::string> pairs[] = {
      {PersonPath(cast.member), "/api/people/999999"},
      {PersonPath(cast.member, "/standing"), "/api/people/999999/standing"},
      {fmt::format("/api/check-ins/{}", cast.checkin), "/api/check-ins/999999"},
  };
  for (const auto& [hidden, missing] : pairs) {
    auto a = As(cast.other, "GET", hidden);
    auto b = As(cast.other, "GET", missing);
    ASSERT_TRUE(a && b) << hidden;
    EXPECT_EQ(a->status, b->status) << hidden;
    EXPECT_EQ(a->body, b->body) << hidden;
  }
}

TEST_P(AppApiTest, UnknownIdsAreNotFoundForAdmins) {
  const Cast cast = MakeCast();
  for (const std::string path : {"/api/people/999999", "/api/people/99999999999999999999999",
                                 "/api/check-ins/999999", "/api/people/999999/standing"}) {
    auto res = As(cast.admin, "GET", path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(Parse(res)["error"]["code"], "not_found") << path;
  }
}

// --- Check-ins from start to agreement ----------------------------------------------------------

json ResultsFor(const json& next_criteria, const std::string& result) {
  json results = json::array();
  for (const json& c : next_criteria) {
    results.push_back({{"criterion", c["key"]}, {"result", result}});
  }
  return results;
}

TEST_P(AppApiTest, TheWholeCheckInFlowChangesTheStandingAndFreezesTheCheckIn) {
  const Cast cast = MakeCast(/*open_checkin=*/false);
  const std::string standing_path = PersonPath(cast.member, "/standing");

  auto started = As(cast.member, "POST", PersonPath(cast.member, "/check-ins"));
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 201) << started->body;
  const int64_t id = Parse(started)["id"];
  const std::string checkin_path = fmt::format("/api/check-ins/{}", id);
  EXPECT_EQ(started->get_header_value("Location"), checkin_path);
  auto second = As(cast.member, "POST", PersonPath(cast.member, "/check-ins"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 409);

  const json before = Parse(As(cast.member, "GET", standing_path));
  ASSERT_EQ(before["next_rung"], "1A") << before.dump();
  EXPECT_EQ(before["demonstrated_rung"], "");
  ASSERT_GT(before["next_total"].get<int>(), 0);
  EXPECT_EQ(before["next_met"], 0);
  const json meeting = ResultsFor(before["next_criteria"], "meeting");
  const std::string first_key = before["next_criteria"][0]["key"];

  auto self = As(cast.member, "PUT", checkin_path + "/self",
                 json{{"results", meeting}, {"notes", "Ready for 1A"}}.dump());
  ASSERT_TRUE(self);
  ASSERT_EQ(self->status, 200) << self->body;
  EXPECT_EQ(Parse(self)["self_notes"], "Ready for 1A");
  EXPECT_EQ(Parse(self)["results"][0]["self"], "meeting");

  auto evidence = As(cast.member, "POST", checkin_path + "/evidence",
                     json{{"text", "Covered the whole queue on Saturday"},
                          {"link", "https://helpdesk.example.com/report/7"},
                          {"criteria", {first_key}}}
                         .dump());
  ASSERT_TRUE(evidence);
  ASSERT_EQ(evidence->status, 201) << evidence->body;
  const json shown = Parse(As(cast.member, "GET", standing_path));
  ASSERT_FALSE(shown["next_criteria"][0]["evidence"].empty()) << shown.dump();
  EXPECT_EQ(shown["next_criteria"][0]["evidence"][0]["text"],
            "Covered the whole queue on Saturday");

  // Notes left out keep their value.
  auto self_again = As(cast.member, "PUT", checkin_path + "/self", R"({"results": []})");
  ASSERT_TRUE(self_again);
  EXPECT_EQ(Parse(self_again)["self_notes"], "Ready for 1A");

  auto manager = As(cast.manager, "PUT", checkin_path + "/manager",
                    json{{"results", meeting}, {"notes", "Well done"}}.dump());
  ASSERT_TRUE(manager);
  ASSERT_EQ(manager->status, 200) << manager->body;
  auto agreed =
      As(cast.manager, "POST", checkin_path + "/agree", json{{"results", meeting}}.dump());
  ASSERT_TRUE(agreed);
  ASSERT_EQ(agreed->status, 200) << agreed->body;
  EXPECT_EQ(Parse(agreed)["state"], "frozen");
  EXPECT_EQ(Parse(agreed)["frozen_by"], cast.manager.user.id);

  const json after = Parse(As(cast.member, "GET", standing_path));
  EXPECT_EQ(after["demonstrated_rung"], "1A") << after.dump();
  EXPECT_EQ(after["next_rung"], "1A-after-probation");
  EXPECT_NE(after["next_criteria"], before["next_criteria"]);

  // Frozen for ever.
  EXPECT_EQ(As(cast.member, "PUT", checkin_path + "/self", R"({"notes": "late"})")->status, 409);
  EXPECT_EQ(As(cast.manager, "PUT", checkin_path + "/manager", R"({"notes": "late"})")->status,
            409);
  EXPECT_EQ(
      As(cast.manager, "POST", checkin_path + "/agree", json{{"results", meeting}}.dump())->status,
      409);
  EXPECT_EQ(As(cast.member, "POST", checkin_path + "/evidence",
               json{{"text", "late"}, {"criteria", {first_key}}}.dump())
                ->status,
            409);
  const json view = Parse(As(cast.member, "GET", checkin_path));
  EXPECT_EQ(view["state"], "frozen");
  EXPECT_FALSE(view["can_self"]);
  EXPECT_TRUE(view["can_acknowledge"]);
  EXPECT_EQ(view["acknowledgement"], nullptr);

  // The person answers once; disagreeing needs a comment; nobody answers for them.
  const std::string acknowledge = checkin_path + "/acknowledge";
  EXPECT_EQ(As(cast.manager, "POST", acknowledge, R"({"answer": "agree"})")->status, 403);
  auto bare = As(cast.member, "POST", acknowledge, R"({"answer": "disagree"})");
  EXPECT_EQ(bare->status, 400);
  EXPECT_EQ(Parse(bare)["error"]["field"], "comment") << bare->body;
  auto answered = As(cast.member, "POST", acknowledge,
                     R"({"answer": "disagree", "comment": "Teamwork was met in March"})");
  ASSERT_EQ(answered->status, 200) << answered->body;
  EXPECT_EQ(Parse(answered)["acknowledgement"], "disagree");
  EXPECT_EQ(Parse(answered)["acknowledgement_comment"], "Teamwork was met in March");
  EXPECT_NE(Parse(answered)["acknowledged_at"], nullptr);
  EXPECT_EQ(As(cast.member, "POST", acknowledge, R"({"answer": "agree"})")->status, 409);
  EXPECT_FALSE(Parse(As(cast.member, "GET", checkin_path))["can_acknowledge"]);
  EXPECT_EQ(view["person"]["id"], cast.member.user.id);

  const json list = Parse(As(cast.manager, "GET", PersonPath(cast.member, "/check-ins")));
  ASSERT_EQ(list["check_ins"].size(), 1u);
  EXPECT_EQ(list["check_ins"][0]["results"].size(), meeting.size());
  EXPECT_EQ(list["check_ins"][0]["evidence"].size(), 1u);

  const json overview = Parse(As(cast.manager, "GET", "/api/overview"));
  ASSERT_EQ(overview["rows"].size(), 1u) << overview.dump();
  EXPECT_EQ(overview["rows"][0]["person"]["id"], cast.member.user.id);
  EXPECT_EQ(overview["rows"][0]["demonstrated_rung"], "1A");
}

TEST_P(AppApiTest, ExportsAPersonsData) {
  const Cast cast = MakeCast();
  auto exported = As(cast.member, "GET", PersonPath(cast.member, "/export"));
  ASSERT_TRUE(exported);
  ASSERT_EQ(exported->status, 200);
  const json doc = Parse(exported);
  EXPECT_EQ(doc["format"], "rungs-people");
  EXPECT_EQ(doc["people"][0]["email"], cast.member.user.email);
  EXPECT_NE(exported->get_header_value("Content-Disposition").find("attachment"),
            std::string::npos);
  auto csv = As(cast.manager, "GET", PersonPath(cast.member, "/export?format=csv"));
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv->body.rfind("email,checkin_id,", 0), 0u) << csv->body;
}

// --- Teams, audit and tokens --------------------------------------------------------------------

TEST_P(AppApiTest, TeamsAreListedAndNamesAreUnique) {
  const Cast cast = MakeCast();
  auto created = As(cast.admin, "POST", "/api/teams",
                    R"({"name": "Support EMEA", "time_zone": "Europe/Dublin"})");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(Parse(created)["time_zone"], "Europe/Dublin");
  auto again = As(cast.admin, "POST", "/api/teams", R"({"name": "Support EMEA"})");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(Parse(again)["error"]["field"], "name");
  const json teams = Parse(As(cast.manager, "GET", "/api/teams"));
  ASSERT_EQ(teams["teams"].size(), 2u);  // and the cast's own
  EXPECT_EQ(teams["teams"][1]["name"], "Support EMEA");
  EXPECT_EQ(teams["teams"][1]["cadence_weeks"], 0);
  EXPECT_TRUE(teams["teams"][1]["cadence_since"].is_null());
}

TEST_P(AppApiTest, ATeamsCadenceIsChangedAndCheckedFieldByField) {
  const Cast cast = MakeCast();
  const std::string path = fmt::format("/api/teams/{}", cast.team);
  auto changed = As(cast.admin, "PATCH", path, R"({"cadence_weeks": 4})");
  ASSERT_TRUE(changed);
  ASSERT_EQ(changed->status, 200) << changed->body;
  EXPECT_EQ(Parse(changed)["cadence_weeks"], 4);
  EXPECT_EQ(Parse(changed)["name"], "Cast team 1");  // fields not sent are kept
  EXPECT_TRUE(Parse(changed)["cadence_since"].is_number());
  for (const auto& [body, field] :
       {std::pair<std::string, std::string>{R"({"cadence_weeks": 53})", "cadence_weeks"},
        {R"({"cadence_weeks": -1})", "cadence_weeks"},
        {R"({"cadence_weeks": "4"})", "cadence_weeks"},
        {R"({"cadence_weeks": 1.5})", "cadence_weeks"},
        {R"({"time_zone": "Mars/Base"})", "time_zone"},
        {R"({"cadence": 4})", "cadence"}}) {
    auto refused = As(cast.admin, "PATCH", path, body);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << body << ": " << refused->body;
    EXPECT_EQ(Parse(refused)["error"]["field"], field) << body;
  }
  auto missing = As(cast.admin, "PATCH", "/api/teams/999999", R"({"cadence_weeks": 4})");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(store_->ListTeams().value()[0].cadence_weeks, 4);
}

TEST_P(AppApiTest, TheAuditLogIsReadInPages) {
  const Cast cast = MakeCast();
  const json first = Parse(As(cast.admin, "GET", "/api/audit?limit=2"));
  ASSERT_EQ(first["entries"].size(), 2u) << first.dump();
  const int64_t next = first["next_after"];
  EXPECT_EQ(next, first["entries"][1]["id"]);
  const json rest = Parse(As(cast.admin, "GET", fmt::format("/api/audit?after={}", next)));
  ASSERT_FALSE(rest["entries"].empty());
  EXPECT_GT(rest["entries"][0]["id"].get<int64_t>(), next);
  EXPECT_TRUE(rest["entries"][0]["details"].is_object());
}

TEST_P(AppApiTest, TokensAreMadeFromASessionShownOnceAndRevoked) {
  const Cast cast = MakeCast();
  auto created = As(cast.member, "POST", "/api/tokens", R"({"name": "nightly export"})");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const json token = Parse(created);
  const std::string secret = token["token"];
  EXPECT_EQ(secret.size(), 43u);

  Person script = cast.member;
  script.token = secret;
  auto me = Send(&script, Auth::kBearer, "GET", "/api/me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  // A token cannot make another one.
  auto minted = Send(&script, Auth::kBearer, "POST", "/api/tokens", R"({"name": "more"})");
  ASSERT_TRUE(minted);
  EXPECT_EQ(minted->status, 403);

  const json list = Parse(As(cast.member, "GET", "/api/tokens"));
  ASSERT_EQ(list["tokens"].size(), 2u);
  EXPECT_EQ(list.dump().find(secret), std::string::npos);
  EXPECT_FALSE(list["tokens"][0].contains("token"));
  EXPECT_FALSE(list["tokens"][0].contains("token_digest"));

  const std::string path = fmt::format("/api/tokens/{}", token["id"].get<int64_t>());
  auto not_theirs = As(cast.other, "DELETE", path);
  ASSERT_TRUE(not_theirs);
  EXPECT_EQ(not_theirs->status, 404);
  auto revoked = As(cast.member, "DELETE", path);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 204);
  auto after = Send(&script, Auth::kBearer, "GET", "/api/me");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

// --- Measured targets in the standing ---------------------------------------------------------

TEST_P(AppApiTest, TheStandingCarriesMeasuredVerdictsForThoseWhoMaySeeThem) {
  const Cast cast = MakeCast();
  GiveHelpdeskWeeks(cast.member);
  const std::string path = fmt::format("/api/people/{}/standing", cast.member.user.id);
  const json standing = Parse(As(cast.manager, "GET", path));
  ASSERT_TRUE(standing.is_object());
  EXPECT_EQ(standing["measured_state"], "evaluated");
  ASSERT_EQ(standing["measured"].size(), 1u) << standing.dump();
  const json& m = standing["measured"][0];
  EXPECT_EQ(m["criterion_key"], "customer-operations/knowledgeandimpact/1A-after-probation/1");
  EXPECT_EQ(m["rung"], "1A-after-probation");
  EXPECT_EQ(m["verdict"], "met");
  EXPECT_EQ(m["deciding"], json({"2026-W07", "2026-W08"}));
  ASSERT_EQ(m["weeks"].size(), 4u);
  EXPECT_EQ(m["weeks"][0]["week"], "2026-W07");
  EXPECT_TRUE(m["weeks"][0]["meets"].get<bool>());
  EXPECT_FALSE(m["weeks"][2]["evaluable"].get<bool>());
  EXPECT_EQ(m["weeks"][2]["no_data"][0], "3.0 active hours (minimum 5)");
  EXPECT_TRUE(m["weeks"][3]["inferred"].get<bool>());
  EXPECT_TRUE(m["weeks"][2]["conversations_per_hour"].is_null());

  auto refused = As(cast.other, "GET", path);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(refused->body.find("2026-W07"), std::string::npos);
  EXPECT_EQ(refused->body.find("measured"), std::string::npos);
}

// --- The OpenAPI document describes exactly these routes ----------------------------------------

TEST_P(AppApiTest, OpenApiDocumentsEveryRouteWithExamplesThatWork) {
  const Cast cast = MakeCast();
  const json doc = Parse(As(cast.admin, "GET", "/api/openapi.json"));
  ASSERT_TRUE(doc.is_object());
  // Every route of the table is documented.
  std::set<std::string> tested;
  for (const RouteCase& route : kRoutes) {
    const std::string path = Template(route.path);
    tested.insert(Lower(route.method) + " " + path);
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    EXPECT_TRUE(doc["paths"][path].contains(Lower(route.method))) << route.method << " " << path;
  }
  // Every documented operation that needs a caller is in the table, has examples, and its
  // example request gets its documented success answer.
  int checked = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (!op.contains("security")) continue;  // public routes: server_test.cc
      const std::string name = fmt::format("{} {}", method, path);
      EXPECT_EQ(tested.count(name), 1u) << name << " is documented but not in kRoutes";
      const bool starts = name == "post /api/people/{id}/check-ins";
      const Cast world = MakeCast(/*open_checkin=*/!starts);
      std::string url = path;
      const std::string id =
          path.rfind("/api/people", 0) == 0              ? std::to_string(world.member.user.id)
          : path.rfind("/api/check-ins", 0) == 0         ? std::to_string(world.checkin)
          : path.rfind("/api/helpdesk/batches/", 0) == 0 ? std::to_string(StoreBatch(checked))
          : path.rfind("/api/teams/", 0) == 0            ? std::to_string(world.team)
                                                         : std::to_string(world.admin.token_id);
      // The example identity, with data for the example that links it, linked for the one that
      // unlinks it.
      if (name == "post /api/people/{id}/identities") StoreBatch(-1, {"5001"});
      if (name == "delete /api/people/{id}/identities") {
        ASSERT_TRUE(store_
                        ->LinkIdentity({"intercom", "agent_id", "5001", world.member.user.id},
                                       Actor::System())
                        .ok());
      }
      url = ReplaceAll(url, "{id}", id);
      url = ReplaceAll(url, "{evidence_id}", std::to_string(world.evidence));
      std::string query;
      for (const json& p : op.value("parameters", json::array())) {
        const json& param = p.contains("$ref")
                                ? doc["components"]["parameters"][std::string(p["$ref"]).substr(24)]
                                : p;
        ASSERT_TRUE(param.contains("example")) << name << " " << param.dump();
        if (param["in"] == "query") {
          query += (query.empty() ? "?" : "&") + param["name"].get<std::string>() + "=" +
                   param["example"].get<std::string>();
        }
      }
      std::string body;
      if (op.contains("requestBody")) {
        // JSON bodies, or a CSV file for the roster import.
        const json& content = op["requestBody"]["content"].begin().value();
        ASSERT_TRUE(content.contains("example")) << name;
        body = content["example"].is_string() ? content["example"].get<std::string>()
                                              : content["example"].dump();
      }
      // The person answers a frozen check-in.
      const bool acknowledges = path.ends_with("/acknowledge");
      if (acknowledges) {
        CriterionResult met;
        met.criterion_key = FirstKey();
        met.agreed = Assessment::kMeeting;
        ASSERT_TRUE(store_->Agree(world.checkin, {met}, Actor::Of(world.manager.user.id)).ok());
      }
      // The check-in's self side and the answer belong to the person; everything else is tried
      // as the admin.
      const Person& caller = path.ends_with("/self") || acknowledges ? world.member : world.admin;
      std::string success;
      for (const auto& [code, response] : op["responses"].items()) {
        if (code[0] == '2' && success.empty()) success = code;
        if (code[0] == '2' && code != "204") {
          EXPECT_TRUE(response["content"].begin()->contains("example")) << name << " " << code;
        }
      }
      auto res = As(caller, Upper(method), url + query, body);
      ASSERT_TRUE(res) << name;
      EXPECT_EQ(std::to_string(res->status), success) << name << ": " << res->body;
      EXPECT_TRUE(op["responses"].contains(std::to_string(res->status))) << name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(tested.size()));
}

INSTANTIATE_TEST_SUITE_P(Stores, AccessTest, test::Stores(), test::StoreName);
INSTANTIATE_TEST_SUITE_P(Stores, AppApiTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
