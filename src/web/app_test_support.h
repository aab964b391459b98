// Shared by the tests of the people app (app_api_test.cc for the JSON API, app_pages_test.cc for
// the HTML pages): a real server on port 0 with the bundled frameworks, on a real SQLite store in
// a fresh temporary folder, an HTTP client for it, and the people an access check needs.
#ifndef RUNGS_WEB_APP_TEST_SUPPORT_H_
#define RUNGS_WEB_APP_TEST_SUPPORT_H_

#include <unistd.h>
#include "web/http_message.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/secrets.h"
#include "framework/loader.h"
#include "metrics/iso_week.h"
#include "store/sqlite_store.h"
#include "store/store_test_support.h"
#include "util/clock.h"
#include "util/hash.h"
#include "util/text.h"
#include "web/app.h"
#include "web/server.h"
#include "web/url.h"

namespace rungs::test {

inline constexpr char kFramework[] = "customer-operations";

// A person as the tests call the server: an API token for scripts, a browser session for pages.
struct Person {
  User user;
  std::string token;
  int64_t token_id = 0;
  std::string session;
  std::string csrf;
};

enum class Auth { kSession, kBearer, kNone };

// The people one access check needs: an admin, a manager, the manager's report ("member", the
// person most routes are about) and a member nobody here manages ("other").
struct Cast {
  Person admin;
  Person manager;
  Person member;
  Person other;
  int64_t checkin = 0;   // the member's open check-in
  int64_t evidence = 0;  // on it, written by the member
  int64_t team = 0;      // a team nobody is in, every six weeks
};

// Whether the answer's body holds `text`.
inline bool Has(const httplib::Result& res, const std::string& text) {
  return res && res->body.find(text) != std::string::npos;
}

inline nlohmann::json Parse(const httplib::Result& res) {
  return res ? nlohmann::json::parse(res->body, nullptr, false) : nlohmann::json();
}

// What an error answer must never show: the people it is about, unless the caller is them.
inline void ExpectNothingLeaked(const std::string& body, const Cast& cast, const Person* caller,
                                const std::string& context) {
  for (const Person* p : {&cast.member, &cast.other}) {
    if (caller == p) continue;
    EXPECT_EQ(body.find(p->user.name), std::string::npos) << context << ": " << body;
    EXPECT_EQ(body.find(p->user.email), std::string::npos) << context << ": " << body;
  }
}

// `text` with the placeholders of a route table filled from `cast`: {member} {other} {checkin}
// {evidence} {token} (the member's API token id), {key} and {n}.
inline std::string FillCast(std::string text, const Cast& cast, const std::string& key, int n) {
  text = ReplaceAll(text, "{member}", std::to_string(cast.member.user.id));
  text = ReplaceAll(text, "{other}", std::to_string(cast.other.user.id));
  text = ReplaceAll(text, "{checkin}", std::to_string(cast.checkin));
  text = ReplaceAll(text, "{evidence}", std::to_string(cast.evidence));
  text = ReplaceAll(text, "{token}", std::to_string(cast.member.token_id));
  text = ReplaceAll(text, "{team}", std::to_string(cast.team));
  text = ReplaceAll(text, "{key}", key);
  return ReplaceAll(text, "{n}", std::to_string(n));
}

// The server, its store and a client. A derived fixture may change `options_` in its
// constructor (before SetUp starts the server).
// Parametrised by store, as FreshStoreTest is: each test runs on SQLite and on PostgreSQL.
class AppServerTest : public FreshStoreTest<> {
 protected:
  AppServerTest() : FreshStoreTest("rungs-app") {}
  static void SetUpTestSuite() { ASSERT_TRUE(InitSecrets()); }

  void SetUp() override {
    FreshStoreTest::SetUp();
    if (HasFatalFailure()) return;
    // Uploads are streamed into the data directory, as `rungs serve` does.
    if (options_.upload_dir.empty()) options_.upload_dir = dir_.string();
    catalog_ = std::make_unique<FrameworkCatalog>(*store_);
    // The bundled frameworks, loaded and swapped as `rungs serve` does.
    library_ = std::make_unique<FrameworkLibrary>(std::vector<std::string>{}, *store_, *catalog_);
    Diagnostics diagnostics;
    const Status loaded = library_->Load(diagnostics);
    ASSERT_TRUE(loaded.ok()) << loaded.message;
    app_ = std::make_unique<AppContext>(*store_, *catalog_, options_, library_.get());
    server_ =
        std::make_unique<Server>(*library_->Current(), SiteOptions{}, server_options_, app_.get());
    library_->OnChange([this](const auto& set) { server_->ReplaceFrameworks(*set); });
    const Status bound = server_->Bind();
    ASSERT_TRUE(bound.ok()) << bound.message;
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    library_.reset();
    server_.reset();
    app_.reset();
    catalog_.reset();
    FreshStoreTest::TearDown();
  }

  const Framework& framework() const { return *catalog_->Current(kFramework).framework; }
  int64_t version_id() const { return catalog_->Current(kFramework).version_id; }

  // The key of the first criterion the framework's first rung lists.
  std::string FirstKey() const {
    for (const Topic& topic : framework().topics) {
      for (const TopicRung& tr : topic.rungs) {
        if (tr.rung != "1A") continue;
        for (const Criterion& c : tr.criteria) {
          if (!c.reference) return c.key;
        }
      }
    }
    return "";
  }

  // A person on the bundled customer-operations framework with an API token and a session.
  // `email` empty: made from the name ("Mel Member 1" -> mel.member.1@example.com).
  Person AddPerson(const std::string& name, Role role, std::optional<int64_t> manager,
                   const std::string& email = "") {
    Person p;
    User u;
    u.name = name;
    u.email = email.empty() ? ReplaceAll(ToLowerAscii(name), " ", ".") + "@example.com" : email;
    u.role = role;
    u.manager_id = manager;
    u.framework_id = kFramework;
    Result<User> created = store_->CreateUser(u, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    if (!created.ok()) return p;
    p.user = *created;
    p.token = RandomToken();
    ApiToken token;
    token.user_id = p.user.id;
    token.name = "tests";
    token.token_digest = TokenDigest(p.token);
    Result<ApiToken> stored = store_->CreateApiToken(token, Actor::System());
    EXPECT_TRUE(stored.ok()) << stored.status().message;
    if (stored.ok()) p.token_id = stored->id;
    p.session = RandomToken();
    p.csrf = RandomToken();
    EXPECT_TRUE(store_->CreateSession(SessionFor(p, UnixNow(), UnixNow() + 3600)).ok());
    return p;
  }

  Session SessionFor(const Person& p, int64_t last_seen, int64_t expires) const {
    Session s;
    s.token_digest = TokenDigest(p.session);
    s.user_id = p.user.id;
    s.csrf_token = p.csrf;
    s.created_at = last_seen;
    s.last_seen_at = last_seen;
    s.expires_at = expires;
    return s;
  }

  // `p` signed in again with a new session, stored with these times.
  Person WithNewSession(const Person& p, int64_t last_seen, int64_t expires) {
    Person again = p;
    again.session = RandomToken();
    EXPECT_TRUE(store_->CreateSession(SessionFor(again, last_seen, expires)).ok());
    return again;
  }

  Cast MakeCast(bool open_checkin = true) {
    const int n = ++casts_;
    Cast cast;
    cast.admin = AddPerson(fmt::format("Ada Admin {}", n), Role::kAdmin, std::nullopt);
    cast.manager = AddPerson(fmt::format("Mona Manager {}", n), Role::kManager, std::nullopt);
    cast.member = AddPerson(fmt::format("Mel Member {}", n), Role::kMember, cast.manager.user.id);
    cast.other = AddPerson(fmt::format("Otto Other {}", n), Role::kMember, std::nullopt);
    Team team;
    team.name = fmt::format("Cast team {}", n);
    team.cadence_weeks = 6;
    Result<Team> created = store_->CreateTeam(team, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    if (created.ok()) cast.team = created->id;
    if (!open_checkin) return cast;
    Result<CheckIn> checkin =
        store_->CreateCheckIn(cast.member.user.id, version_id(), Actor::Of(cast.member.user.id));
    EXPECT_TRUE(checkin.ok()) << checkin.status().message;
    if (!checkin.ok()) return cast;
    cast.checkin = checkin->id;
    Evidence evidence;
    evidence.checkin_id = cast.checkin;
    evidence.author_id = cast.member.user.id;
    evidence.text = "Handled the weekend queue alone";
    evidence.criterion_keys = {FirstKey()};
    Result<Evidence> added = store_->AddEvidence(evidence, Actor::Of(cast.member.user.id));
    EXPECT_TRUE(added.ok()) << added.status().message;
    if (added.ok()) cast.evidence = added->id;
    return cast;
  }

  // Gives `p` rung 1A (so the next rung, 1A after probation, asks for "at least 2 weeks" at 10
  // conversations/h, 95% activity and 95% QA), a linked helpdesk identity and four weeks of
  // data: 2026-W07 and W08 at every target, W09 too thin to judge, W10 with inferred active time.
  void GiveHelpdeskWeeks(const Person& p) {
    User u = p.user;
    u.assigned_rung = "1A";
    ASSERT_TRUE(store_->UpdateUser(u, Actor::System()).ok());
    const std::string identity = fmt::format("agent-{}", p.user.id);
    ASSERT_TRUE(
        store_->LinkIdentity({"helpdesk", "agent_id", identity, p.user.id}, Actor::System()).ok());
    const int64_t w07 = WeekIndexOfDay(DaysFromCivil(2026, 2, 9));
    std::vector<IdentityWeek> rows;
    for (int i = 0; i < 4; ++i) {
      IdentityWeek w;
      w.source = "helpdesk";
      w.space = "agent_id";
      w.identity = identity;
      w.week = w07 + i;
      w.closed = i == 2 ? 30 : 124 - 5 * i;
      w.closed_events = w.closed;
      w.active_seconds = i == 2 ? 3 * 3600 : 10 * 3600;
      w.away_seconds = w.active_seconds / 40;
      w.active_inferred = i == 3;
      w.qa_reviews = 4;
      w.qa_score_sum = 4 * (96.0 + i);
      rows.push_back(w);
    }
    IngestBatch batch;
    batch.source = "helpdesk";
    batch.file_name = "export.csv";
    batch.content_hash = Sha256Hex(identity);
    batch.mapping = "canonical";
    batch.rows_read = batch.rows_used = 4;
    batch.first_week = w07;
    batch.last_week = w07 + 3;
    Result<IngestOutcome> put = store_->PutIngestBatch(batch, rows, Actor::System());
    ASSERT_TRUE(put.ok()) << put.status().message;
  }

  // A request with `who`'s credentials: a bearer token, or the session cookie (and the CSRF
  // header on anything but GET). A non-empty body is sent as JSON.
  httplib::Result Send(const Person* who, Auth auth, const std::string& method,
                       const std::string& path, const std::string& body = "",
                       const httplib::Headers& extra = {}) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    req.headers = extra;
    if (!body.empty()) req.set_header("Content-Type", "application/json");
    if (who != nullptr && auth == Auth::kBearer) {
      req.set_header("Authorization", "Bearer " + who->token);
    }
    if (who != nullptr && auth == Auth::kSession) {
      req.set_header("Cookie", std::string(kSessionCookie) + "=" + who->session);
      if (method != "GET") req.set_header("X-CSRF-Token", who->csrf);
    }
    return client_->send(req);
  }

  // As a browser would call: the session cookie, and the CSRF token on writes.
  httplib::Result As(const Person& who, const std::string& method, const std::string& path,
                     const std::string& body = "") {
    return Send(&who, Auth::kSession, method, path, body);
  }

  // A form post from `who`'s browser, with the CSRF field.
  httplib::Result PostForm(const Person& who, const std::string& path,
                           std::vector<std::pair<std::string, std::string>> form) {
    form.emplace_back("csrf", who.csrf);
    std::string body;
    for (const auto& [name, value] : form) {
      body += (body.empty() ? "" : "&") + EncodeQueryParam(name) + "=" + EncodeQueryParam(value);
    }
    const httplib::Headers headers = {{"Cookie", std::string(kSessionCookie) + "=" + who.session}};
    return client_->Post(path, headers, body, "application/x-www-form-urlencoded");
  }

  // How the streamed form carries its CSRF field.
  enum class Token { kFirst, kAfterFile, kMissing, kWrong };

  // The upload form as a browser posts it: multipart, the token and choices before the file
  // unless `token` says otherwise (the helpdesk upload's).
  httplib::Result UploadPage(const Person& who, const std::string& file, bool dry_run,
                             Token token = Token::kFirst, const std::string& mapping = "intercom",
                             const std::string& file_name = "intercom_parts.csv") {
    httplib::MultipartFormDataItems items;
    const httplib::MultipartFormData csrf{"csrf", token == Token::kWrong ? "not-it" : who.csrf, "",
                                          ""};
    if (token == Token::kFirst || token == Token::kWrong) items.push_back(csrf);
    items.push_back({"mapping", mapping, "", ""});
    items.push_back({"source", "", "", ""});
    if (dry_run) items.push_back({"dry_run", "1", "", ""});
    items.push_back({"file", file, file_name, "text/csv"});
    if (token == Token::kAfterFile) items.push_back(csrf);
    const httplib::Headers headers = {{"Cookie", std::string(kSessionCookie) + "=" + who.session}};
    return client_->Post("/admin/helpdesk/upload", headers, items);
  }

  // The helpdesk API's upload: the body is the file.
  httplib::Result UploadApi(const Person& who, const std::string& query, const std::string& file) {
    httplib::Request req;
    req.method = "POST";
    req.path = "/api/helpdesk/batches?" + query;
    req.body = file;
    req.set_header("Content-Type", "text/csv");
    req.set_header("Authorization", "Bearer " + who.token);
    return client_->send(req);
  }

  size_t AuditCount() {
    Result<std::vector<AuditEntry>> entries = store_->AuditLog(0, 1000000);
    return entries.ok() ? entries->size() : 0;
  }

  AppOptions options_;
  ServerOptions server_options_ = TestServerOptions();
  int casts_ = 0;
  std::unique_ptr<FrameworkCatalog> catalog_;
  std::unique_ptr<FrameworkLibrary> library_;
  std::unique_ptr<AppContext> app_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace rungs::test

#endif  // RUNGS_WEB_APP_TEST_SUPPORT_H_
