// The people pages (app_routes.cc) against a real server on a real SQLite store, as a browser
// uses them: who may open and post what, the CSRF field on every form, signing in and out,
// rate limits, one-time links, ended sessions, escaping of untrusted text, and data exports.
#include <httplib.h>

#include <regex>
#include <utility>
#include <vector>

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
using test::Cast;
using test::ExpectNothingLeaked;
using test::Person;

using Form = std::vector<std::pair<std::string, std::string>>;

// How a form carries the CSRF field.
enum class Csrf { kRight, kMissing, kWrong, kOtherSession };

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string EncodeForm(const Form& form) {
  std::string body;
  for (const auto& [name, value] : form) {
    if (!body.empty()) body += '&';
    body += httplib::detail::encode_query_param(name) + "=" +
            httplib::detail::encode_query_param(value);
  }
  return body;
}

// "a=1&b=two words" -> {{"a", "1"}, {"b", "two words"}}: the table's forms, unencoded.
Form SplitForm(const std::string& text) {
  Form form;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('&', at);
    if (end == std::string::npos) end = text.size();
    const std::string pair = text.substr(at, end - at);
    const size_t eq = pair.find('=');
    form.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
    at = end + 1;
  }
  return form;
}

// The session token a Set-Cookie header gives ("rungs_session=TOKEN; Path=/; ...").
std::string SessionFromSetCookie(const std::string& header) {
  const std::string prefix = std::string(kSessionCookie) + "=";
  if (header.rfind(prefix, 0) != 0) return "";
  return header.substr(prefix.size(), header.find(';') - prefix.size());
}

// The CSRF token of a page's forms (every signed-in page has the sign-out form).
std::string CsrfOfPage(const std::string& body) {
  static const std::regex kField(R"re(name="csrf" value="([^"]+)")re");
  std::smatch m;
  return std::regex_search(body, m, kField) ? m[1].str() : "";
}

// Where a signed-out browser asking for `path` is sent: "/login?next=" and the path (encoded
// or not, as long as it decodes to the path).
bool SendsToSignIn(const httplib::Result& res, const std::string& path) {
  if (!res || res->status != 303) return false;
  const std::string location = res->get_header_value("Location");
  const std::string prefix = "/login?next=";
  return location.rfind(prefix, 0) == 0 &&
         httplib::detail::decode_url(location.substr(prefix.size()), true) == path;
}

class AppPagesTest : public test::AppServerTest {
 protected:
  // A request as a browser sends it: `who`'s session cookie (none for nullptr) and, on a POST,
  // the form urlencoded with the CSRF field as `csrf` says.
  httplib::Result Browse(const Person* who, const std::string& method, const std::string& path,
                         Form form = {}, Csrf csrf = Csrf::kRight,
                         const Person* csrf_of = nullptr) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    if (who != nullptr) {
      req.set_header("Cookie", std::string(kSessionCookie) + "=" + who->session);
      if (method == "POST") {
        if (csrf == Csrf::kRight) form.emplace_back("csrf", who->csrf);
        if (csrf == Csrf::kWrong) form.emplace_back("csrf", "not-the-token");
        if (csrf == Csrf::kOtherSession && csrf_of != nullptr) {
          form.emplace_back("csrf", csrf_of->csrf);
        }
      }
    }
    if (method == "POST") {
      req.set_header("Content-Type", "application/x-www-form-urlencoded");
      req.body = EncodeForm(form);
    }
    return client_->send(req);
  }

  httplib::Result Get(const Person* who, const std::string& path) {
    return Browse(who, "GET", path);
  }
  httplib::Result Post(const Person* who, const std::string& path, Form form = {}) {
    return Browse(who, "POST", path, std::move(form));
  }

  // A browser with nothing but a cookie (from a real sign-in).
  httplib::Result WithCookie(const std::string& session, const std::string& method,
                             const std::string& path, const Form& form = {}) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.set_header("Cookie", std::string(kSessionCookie) + "=" + session);
    if (method == "POST") {
      req.set_header("Content-Type", "application/x-www-form-urlencoded");
      req.body = EncodeForm(form);
    }
    return client_->send(req);
  }

  void SetPassword(const Person& p, const std::string& password) {
    Result<std::string> hash = HashPassword(password);
    ASSERT_TRUE(hash.ok()) << hash.status().message;
    ASSERT_TRUE(store_->SetPasswordHash(p.user.id, *hash, Actor::System()).ok());
  }

  httplib::Result SignIn(const std::string& email, const std::string& password,
                         const std::string& next = "") {
    Form form = {{"email", email}, {"password", password}};
    if (!next.empty()) form.emplace_back("next", next);
    return Browse(nullptr, "POST", "/login", form);
  }

  // A one-time link's token, made in the store; `expires_in` seconds from now (negative: past).
  std::string MakeLink(const Person& p, LinkPurpose purpose, int64_t expires_in = 3600) {
    std::string token = RandomToken();
    OneTimeLink link;
    link.token_digest = TokenDigest(token);
    link.user_id = p.user.id;
    link.purpose = purpose;
    link.expires_at = UnixNow() + expires_in;
    EXPECT_TRUE(store_->CreateOneTimeLink(link, Actor::System()).ok());
    return token;
  }
};

// --- Who may open and post what -------------------------------------------------------------

// One page or form as every kind of caller sees it. Paths and forms use placeholders filled from
// a fresh Cast: {member} {other} {checkin} {evidence} {token} (the member's API token id),
// {member_email}, {key} (a criterion of the first rung), {invite} and {reset} (fresh one-time
// link tokens for the member) and {n} (unique per call). Forms are "name=value&..." unencoded.
struct PageCase {
  const char* method;
  const char* path;
  const char* form;
  int admin;
  int manager;
  int self;  // the member the page is about
  int other;
  int anonymous;
  bool open_checkin = true;   // the member starts with an open check-in
  bool public_route = false;  // no sign-in needed (and no CSRF field)
};

const PageCase kPages[] = {
    // Signing in and one-time links: open to everyone.
    {"GET", "/login", "", 303, 303, 303, 303, 200, true, true},
    {"POST", "/login", "email={member_email}&password=not the password", 400, 400, 400, 400, 400,
     true, true},
    {"GET", "/invite/{invite}", "", 200, 200, 200, 200, 200, true, true},
    {"POST", "/invite/{invite}", "password=a long enough password", 303, 303, 303, 303, 303, true,
     true},
    {"GET", "/reset/{reset}", "", 200, 200, 200, 200, 200, true, true},
    {"POST", "/reset/{reset}", "password=a long enough password", 303, 303, 303, 303, 303, true,
     true},
    // Signed in.
    {"POST", "/logout", "", 303, 303, 303, 303, 401},
    {"GET", "/me", "", 303, 303, 303, 303, 303},
    {"GET", "/home", "", 303, 303, 303, 303, 303},
    {"GET", "/admin", "", 200, 403, 403, 403, 303},
    {"GET", "/people/{member}", "", 200, 200, 200, 403, 303},
    {"GET", "/people/{other}", "", 200, 403, 403, 200, 303},
    {"GET", "/people/999999", "", 404, 403, 403, 403, 303},
    {"POST", "/people/{member}/check-ins", "", 303, 303, 303, 403, 401, false},
    {"POST", "/people/{member}/check-ins", "", 409, 409, 409, 403, 401},
    {"GET", "/people/{member}/export.json", "", 200, 200, 200, 403, 303},
    {"GET", "/people/{member}/export.csv", "", 200, 200, 200, 403, 303},
    {"GET", "/team", "", 200, 200, 403, 403, 303},
    {"GET", "/team?ready=yes&sort=progress&order=desc", "", 200, 200, 403, 403, 303},
    {"GET", "/team/heatmap", "", 200, 200, 403, 403, 303},
    {"GET", "/team/trends", "", 200, 200, 403, 403, 303},
    {"GET", "/team/calibration", "", 200, 200, 403, 403, 303},
    {"GET", "/team.csv", "", 200, 200, 403, 403, 303},
    {"GET", "/check-ins/{checkin}", "", 200, 200, 200, 403, 303},
    {"GET", "/check-ins/999999", "", 404, 403, 403, 403, 303},
    {"POST", "/check-ins/{checkin}", "action=self&self:{key}=meeting&notes=I think so", 403, 403,
     303, 403, 401},
    {"POST", "/check-ins/{checkin}", "action=manager&manager:{key}=meeting&notes=Agreed", 303, 303,
     403, 403, 401},
    // The agreement step is a page of its own; only its button freezes.
    {"POST", "/check-ins/{checkin}", "action=review&manager:{key}=meeting&agreed:{key}=meeting",
     200, 200, 403, 403, 401},
    {"POST", "/check-ins/{checkin}/agree", "agreed:{key}=meeting", 303, 303, 403, 403, 401},
    // Only the person answers the agreed results, and only once they are agreed.
    {"POST", "/check-ins/{checkin}/acknowledge", "answer=agree", 403, 403, 409, 403, 401},
    {"POST", "/check-ins/{checkin}/evidence", "text=Closed 40 chats&criteria={key}", 303, 303, 303,
     403, 401},
    {"POST", "/check-ins/{checkin}/evidence/{evidence}/delete", "", 303, 303, 303, 403, 401},
    {"GET", "/admin/people", "", 200, 403, 403, 403, 303},
    {"POST", "/admin/people", "name=New Person {n}&email=new{n}@example.com&role=member", 303, 403,
     403, 403, 401},
    {"POST", "/admin/teams", "name=Team {n}&time_zone=Europe/London", 303, 403, 403, 403, 401},
    {"GET", "/admin/teams/{team}", "", 200, 403, 403, 403, 303},
    {"GET", "/admin/teams/999999", "", 404, 403, 403, 403, 303},
    {"POST", "/admin/teams/{team}", "name=Team {n}&time_zone=Europe/London&cadence_weeks=4", 303,
     403, 403, 403, 401},
    // Without a file part the roster is empty: a 400 that names the problem, for the admin.
    {"POST", "/admin/people/import", "", 400, 403, 403, 403, 401},
    {"GET", "/admin/people/{member}", "", 200, 403, 403, 403, 303},
    {"GET", "/admin/people/999999", "", 404, 403, 403, 403, 303},
    {"GET", "/admin/audit", "", 200, 403, 403, 403, 303},
    {"GET", "/admin/audit.csv", "", 200, 403, 403, 403, 303},
    {"POST", "/admin/people/{member}",
     "name=Renamed {n}&email={member_email}&role=member&framework_id=customer-operations&"
     "assigned_rung=1B&active=1",
     303, 403, 403, 403, 401},
    {"POST", "/admin/people/{member}/link", "purpose=invite", 200, 403, 403, 403, 401},
    {"POST", "/admin/people/{member}/link", "purpose=reset", 200, 403, 403, 403, 401},
    {"POST", "/admin/people/{member}/remove", "removal=", 409, 403, 403, 403, 401},
    {"POST", "/admin/people/{member}/remove", "removal=anonymise", 303, 403, 403, 403, 401},
    {"POST", "/admin/people/{member}/remove", "removal=erase", 303, 403, 403, 403, 401},
    {"POST", "/admin/people/{other}/remove", "removal=", 303, 403, 403, 403, 401},
    {"GET", "/settings/calendar", "", 200, 200, 200, 200, 303},
    {"POST", "/settings/calendar", "", 200, 200, 200, 200, 401},
    {"POST", "/settings/calendar/revoke", "", 303, 303, 303, 303, 401},
    // The feed needs no session; an unknown token is a 404 that says nothing more.
    {"GET", "/me/checkins.ics?token=not-a-feed", "", 404, 404, 404, 404, 404, true, true},
    {"GET", "/settings/tokens", "", 200, 200, 200, 200, 303},
    {"POST", "/settings/tokens", "name=script {n}", 200, 200, 200, 200, 401},
    {"POST", "/settings/tokens/{token}/revoke", "", 404, 404, 303, 404, 401},
    {"GET", "/admin/helpdesk", "", 200, 403, 403, 403, 303},
    // Without a file part the upload is empty: a 400 that names the field, for the admin.
    {"POST", "/admin/helpdesk/upload", "mapping=intercom&dry_run=1", 400, 403, 403, 403, 401},
    {"GET", "/admin/helpdesk/batches/{batch}/undo", "", 200, 403, 403, 403, 303},
    {"GET", "/admin/helpdesk/batches/999999/undo", "", 404, 403, 403, 403, 303},
    {"POST", "/admin/helpdesk/batches/{batch}/undo", "", 303, 403, 403, 403, 401},
    {"POST", "/admin/helpdesk/identities",
     "person_id={member}&source=intercom&space=agent_id&identity=new {n}&force=1", 303, 403, 403,
     403, 401},
    {"POST", "/admin/people/{member}/identities",
     "source=intercom&space=agent_id&identity=new {n}&force=1", 303, 403, 403, 403, 401},
    {"POST", "/admin/people/{member}/identities/unlink",
     "source=intercom&space=agent_id&identity={identity}", 303, 403, 403, 403, 401},
};

struct Seat {
  const char* name;
  Person Cast::*person;  // null: anonymous
  int PageCase::*expected;
};
const Seat kSeats[] = {{"admin", &Cast::admin, &PageCase::admin},
                       {"manager", &Cast::manager, &PageCase::manager},
                       {"self", &Cast::member, &PageCase::self},
                       {"other", &Cast::other, &PageCase::other},
                       {"anonymous", nullptr, &PageCase::anonymous}};

class PageAccessTest : public AppPagesTest {
 protected:
  // A fresh cast for one call, with the one-time links the table's placeholders name.
  struct World {
    Cast cast;
    std::string invite;
    std::string reset;
    int64_t batch = 0;     // a stored helpdesk batch
    std::string identity;  // a helpdesk identity linked to the member
  };
  World MakeWorld(const PageCase& page) {
    World world;
    world.cast = MakeCast(page.open_checkin);
    world.invite = MakeLink(world.cast.member, LinkPurpose::kInvite);
    world.reset = MakeLink(world.cast.member, LinkPurpose::kReset);
    world.identity = fmt::format("agent {}", world.cast.member.user.id);
    IngestBatch batch;
    batch.source = "intercom";
    batch.file_name = "export.csv";
    batch.content_hash = Sha256Hex(world.identity);
    batch.mapping = "intercom";
    Result<IngestOutcome> put = store_->PutIngestBatch(batch, {}, Actor::System());
    EXPECT_TRUE(put.ok()) << put.status().message;
    if (put.ok()) world.batch = put->batch.id;
    EXPECT_TRUE(
        store_
            ->LinkIdentity({"intercom", "agent_id", world.identity, world.cast.member.user.id},
                           Actor::System())
            .ok());
    return world;
  }

  std::string Fill(std::string text, const World& world, int n) const {
    const Cast& cast = world.cast;
    text = ReplaceAll(text, "{member_email}", cast.member.user.email);
    text = ReplaceAll(text, "{invite}", world.invite);
    text = ReplaceAll(text, "{reset}", world.reset);
    text = ReplaceAll(text, "{batch}", std::to_string(world.batch));
    text = ReplaceAll(text, "{identity}", world.identity);
    return test::FillCast(text, cast, FirstKey(), n);
  }
};

// Every field of every form in the table, and a query parameter on every page, with bytes that
// are not UTF-8: refused at the edge with a 400 naming the field, never a 500, nothing written.
TEST_P(PageAccessTest, TextThatIsNotUtf8IsRefusedInEveryFieldOfEveryForm) {
  int n = 0;
  for (const PageCase& page : kPages) {
    const World world = MakeWorld(page);
    const Person* caller = page.public_route ? nullptr : &world.cast.admin;
    const std::string path = Fill(page.path, world, ++n);
    const Form form = SplitForm(Fill(page.form, world, n));
    for (size_t i = 0; i <= form.size(); ++i) {
      Form bad = form;
      std::string field = "q";
      std::string target = path;
      if (i < form.size()) {
        bad[i].second += "\xfe\xfe";
        field = bad[i].first;
      } else {
        target += (target.find('?') == std::string::npos ? "?" : "&") + std::string("q=%C3");
      }
      const std::string context = fmt::format("{} {} field {}", page.method, target, field);
      const size_t audit_before = AuditCount();
      auto res = Browse(caller, page.method, target, bad);
      ASSERT_TRUE(res) << context;
      EXPECT_EQ(res->status, 400) << context << ": " << res->body.substr(0, 300);
      EXPECT_TRUE(Contains(res->body, field)) << context << ": " << res->body.substr(0, 300);
      EXPECT_EQ(AuditCount(), audit_before) << context;
    }
  }
}

TEST_P(PageAccessTest, EveryPageAnswersEachCaller) {
  ASSERT_FALSE(FirstKey().empty());
  int n = 0;
  for (const PageCase& page : kPages) {
    for (const Seat& seat : kSeats) {
      // A fresh cast per call, so what one caller changes never decides another's answer.
      const World world = MakeWorld(page);
      const Cast& cast = world.cast;
      const Person* caller = seat.person == nullptr ? nullptr : &(cast.*seat.person);
      const std::string path = Fill(page.path, world, ++n);
      const std::string context = fmt::format("{} {} as {}", page.method, path, seat.name);
      const size_t audit_before = AuditCount();
      auto res = Browse(caller, page.method, path, SplitForm(Fill(page.form, world, n)));
      ASSERT_TRUE(res) << context;
      const int expected = page.*seat.expected;
      EXPECT_EQ(res->status, expected) << context << ": " << res->body.substr(0, 2000);
      EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << context;
      if (caller == nullptr && !page.public_route) {
        // Signed-out browsers go to the sign-in page (GET) or are told to sign in (POST).
        if (std::string(page.method) == "GET") {
          EXPECT_TRUE(SendsToSignIn(res, path))
              << context << ": " << res->get_header_value("Location");
        }
        EXPECT_EQ(AuditCount(), audit_before) << context << ": an anonymous call wrote something";
        ExpectNothingLeaked(res->body, cast, caller, context);
      }
      if (caller != nullptr && std::string(page.path) == "/home") {
        // Each role lands where its work is.
        const std::string landing = caller->user.role == Role::kAdmin ? "/admin"
                                    : caller->user.role == Role::kManager
                                        ? "/team"
                                        : fmt::format("/people/{}", caller->user.id);
        EXPECT_EQ(res->get_header_value("Location"), landing) << context;
      }
      if (caller != nullptr && std::string(page.path) == "/me") {
        EXPECT_EQ(res->get_header_value("Location"), fmt::format("/people/{}", caller->user.id))
            << context;
      }
      if (res->status < 400) continue;
      EXPECT_EQ(res->get_header_value("Content-Type").rfind("text/html", 0), 0u) << context;
      // The sign-in form shows back the email typed, and an admin's refused form is their page
      // again, with what was typed; every other refusal names nobody.
      const bool admin_form_again = res->status == 400 && caller == &cast.admin;
      if (std::string(page.path) != "/login" && !admin_form_again) {
        ExpectNothingLeaked(res->body, cast, caller, context);
      }
      EXPECT_EQ(AuditCount(), audit_before) << context << ": a refused call wrote something";
    }
  }
}

// Every form of a signed-in page needs the session's CSRF field: without it, with a made-up
// one, or with another session's, the answer is 403 and nothing is written.
TEST_P(PageAccessTest, FormsWithoutTheirCsrfFieldAreRefusedAndChangeNothing) {
  int n = 1000;
  int forms = 0;
  int checked = 0;
  for (const PageCase& page : kPages) {
    if (page.public_route || std::string(page.method) != "POST") continue;
    // Tried as the first caller the route does not refuse for their role.
    const Seat* allowed = nullptr;
    for (const Seat& seat : kSeats) {
      if (seat.person != nullptr && page.*seat.expected != 403 && page.*seat.expected != 404) {
        allowed = &seat;
        break;
      }
    }
    ++forms;
    ASSERT_NE(allowed, nullptr) << page.path;
    for (Csrf csrf : {Csrf::kMissing, Csrf::kWrong, Csrf::kOtherSession}) {
      const World world = MakeWorld(page);
      const Cast& cast = world.cast;
      const Person& caller = cast.*(allowed->person);
      const Person& someone_else = &caller == &cast.admin ? cast.manager : cast.admin;
      const std::string path = Fill(page.path, world, ++n);
      const std::string context = fmt::format("{} {} as {} (csrf {})", page.method, path,
                                              allowed->name, static_cast<int>(csrf));
      const size_t audit_before = AuditCount();
      auto res =
          Browse(&caller, "POST", path, SplitForm(Fill(page.form, world, n)), csrf, &someone_else);
      ASSERT_TRUE(res) << context;
      EXPECT_EQ(res->status, 403) << context << ": " << res->body.substr(0, 2000);
      EXPECT_EQ(AuditCount(), audit_before) << context << ": a refused form wrote something";
      ExpectNothingLeaked(res->body, cast, &caller, context);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 3 * forms);
  EXPECT_GE(forms, 19);
}

// For anyone but an admin, someone who does not exist and someone they may not see get the same
// page, word for word.
TEST_P(AppPagesTest, RefusalsDoNotTellWhetherAPersonOrCheckInExists) {
  const Cast cast = MakeCast();
  struct Pair {
    const Person* viewer;
    std::string hidden;
    std::string missing;
  };
  const Pair pairs[] = {
      {&cast.other, fmt::format("/people/{}", cast.member.user.id), "/people/999999"},
      {&cast.other, fmt::format("/people/{}/export.csv", cast.member.user.id),
       "/people/999999/export.csv"},
      {&cast.other, fmt::format("/check-ins/{}", cast.checkin), "/check-ins/999999"},
      {&cast.manager, fmt::format("/people/{}", cast.other.user.id), "/people/999999"},
  };
  for (const Pair& pair : pairs) {
    auto a = Get(pair.viewer, pair.hidden);
    auto b = Get(pair.viewer, pair.missing);
    ASSERT_TRUE(a && b) << pair.hidden;
    EXPECT_EQ(a->status, 403) << pair.hidden;
    EXPECT_EQ(a->status, b->status) << pair.hidden;
    EXPECT_EQ(a->body, b->body) << pair.hidden;
  }
}

// The team views answer a filter they cannot read with the page and the message beside the
// field, and export the rows the page shows.
TEST_P(AppPagesTest, TheTeamPageFiltersExportsAndNamesABadFilter) {
  const Cast cast = MakeCast();
  auto page = Get(&cast.manager, "/team");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Contains(page->body, "1 person")) << page->body;
  EXPECT_TRUE(Contains(page->body, fmt::format("href=\"/people/{}\"", cast.member.user.id)));
  EXPECT_TRUE(Contains(page->body, "agreed met"));
  EXPECT_TRUE(Contains(page->body, "aria-sort=\"ascending\""));

  auto bad = Get(&cast.manager, "/team?ready=maybe");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Contains(bad->body, "ready must be yes or no")) << bad->body;
  auto bad_manager = Get(&cast.manager, "/team?manager=%3Cscript%3E");
  ASSERT_TRUE(bad_manager);
  EXPECT_EQ(bad_manager->status, 400);
  EXPECT_TRUE(Contains(bad_manager->body, "aria-invalid=\"true\"")) << bad_manager->body;
  EXPECT_FALSE(Contains(bad_manager->body, "<script>"));

  auto none = Get(&cast.manager, "/team?rung=2B");
  ASSERT_TRUE(none);
  EXPECT_TRUE(Contains(none->body, "Nobody matches these filters."));

  auto csv = Get(&cast.admin, fmt::format("/team.csv?manager={}", cast.manager.user.id));
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  std::vector<std::string_view> lines = SplitLines(csv->body);
  std::erase(lines, std::string_view());
  ASSERT_EQ(lines.size(), 2u) << csv->body;
  EXPECT_TRUE(lines[0].starts_with("person_id,name,email,manager,"));
  EXPECT_TRUE(lines[1].starts_with(fmt::format("{},", cast.member.user.id))) << lines[1];

  auto json = Get(&cast.admin, fmt::format("/api/overview?manager={}", cast.manager.user.id));
  ASSERT_TRUE(json);
  const nlohmann::json overview = test::Parse(json);
  EXPECT_EQ(overview["matching"], 1) << json->body;
  EXPECT_EQ(overview["rows"][0]["next_rung"], "1A") << json->body;
  EXPECT_EQ(overview["rows"][0]["measured_state"], "not_measured") << json->body;
  // Nobody holds a rung yet: filtering by one finds nobody.
  auto filtered =
      Get(&cast.admin, fmt::format("/api/overview?manager={}&rung=1a", cast.manager.user.id));
  ASSERT_TRUE(filtered);
  EXPECT_EQ(test::Parse(filtered)["matching"], 0) << filtered->body;
  auto refused = Get(&cast.admin, "/api/overview?sort=height");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(test::Parse(refused)["error"]["field"], "sort");
}

// A token in the query string can leak through logs and Referer headers: forms must carry it
// in their body.
TEST_P(AppPagesTest, AFormsCsrfTokenCountsOnlyInTheBody) {
  const Cast cast = MakeCast();
  const size_t audit_before = AuditCount();
  auto in_query = Browse(&cast.admin, "POST", "/admin/teams?csrf=" + cast.admin.csrf,
                         {{"name", "Query Team"}, {"time_zone", "Europe/London"}}, Csrf::kMissing);
  ASSERT_TRUE(in_query);
  EXPECT_EQ(in_query->status, 403);
  EXPECT_EQ(AuditCount(), audit_before);
  auto in_body = Browse(&cast.admin, "POST", "/admin/teams",
                        {{"name", "Body Team"}, {"time_zone", "Europe/London"}});
  ASSERT_TRUE(in_body);
  EXPECT_EQ(in_body->status, 303);
}

// --- Signing in and out -----------------------------------------------------------------------

TEST_P(AppPagesTest, AWrongPasswordIsA400WithAMessage) {
  const Cast cast = MakeCast();
  SetPassword(cast.member, "correct horse battery");
  for (const std::string& email : {cast.member.user.email, std::string("nobody@example.com")}) {
    auto res = SignIn(email, "wrong horse battery");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << email;
    EXPECT_TRUE(Contains(res->body, "the email or password is not right")) << res->body;
    EXPECT_FALSE(res->has_header("Set-Cookie")) << email;
    // The email typed stays in the form.
    EXPECT_TRUE(Contains(res->body, email)) << res->body;
  }
  auto empty = SignIn(cast.member.user.email, "");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
}

// Sign-in throttling behind a proxy the server trusts, so each test request can come from an
// address of its choice through X-Forwarded-For, as it would through nginx.
class ThrottleTest : public AppPagesTest {
 protected:
  ThrottleTest() {
    server_options_.trusted_proxies = *TrustedProxies::Parse("127.0.0.1");
    // Long enough that the test's own pace never lets a delay run out.
    options_.auth.first_delay_seconds = 600;
  }
  httplib::Result SignInFrom(const std::string& address, const std::string& email,
                             const std::string& password) {
    const httplib::Headers headers = {{"X-Forwarded-For", address}};
    httplib::Params form = {{"email", email}, {"password", password}};
    return client_->Post("/login", headers, form);
  }
};

TEST_P(ThrottleTest, WrongPasswordsSlowDownThatEmailFromThatAddressOnly) {
  const Cast cast = MakeCast();
  SetPassword(cast.member, "correct horse battery");
  for (int i = 1; i <= 3; ++i) {
    auto res = SignInFrom("198.51.100.7", cast.member.user.email, fmt::format("wrong {}", i));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << "attempt " << i;
    EXPECT_FALSE(res->has_header("Retry-After")) << "attempt " << i;
  }
  // The email's case does not open a second count.
  auto fourth = SignInFrom("198.51.100.7", Upper(cast.member.user.email), "wrong 4");
  ASSERT_TRUE(fourth);
  EXPECT_EQ(fourth->status, 429) << fourth->body;
  const std::string retry = fourth->get_header_value("Retry-After");
  ASSERT_FALSE(retry.empty());
  EXPECT_GT(std::stoll(retry), 0);
  EXPECT_TRUE(Contains(fourth->body, "too many wrong passwords")) << fourth->body;
  // From that address even the right password waits.
  auto right = SignInFrom("198.51.100.7", cast.member.user.email, "correct horse battery");
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 429);
  EXPECT_FALSE(right->has_header("Set-Cookie"));
  // The owner, elsewhere, is not locked out by someone else's guesses.
  auto owner = SignInFrom("203.0.113.20", cast.member.user.email, "correct horse battery");
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->status, 303) << owner->body;
  // Another email from the guessing address is not slowed down either.
  SetPassword(cast.other, "another good password");
  auto other = SignInFrom("198.51.100.7", cast.other.user.email, "another good password");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 303);
}

TEST_P(ThrottleTest, OneAddressIsRefusedPastItsLimitWhateverTheEmails) {
  const Cast cast = MakeCast();
  for (int i = 0; i < 30; ++i) {
    auto res = SignInFrom("198.51.100.8", fmt::format("guess{}@example.com", i), "wrong password");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 400) << i;
  }
  SetPassword(cast.member, "correct horse battery");
  auto refused = SignInFrom("198.51.100.8", cast.member.user.email, "correct horse battery");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_TRUE(Contains(refused->body, "from your address")) << refused->body;
}

class UntrustedPeerTest : public AppPagesTest {
 protected:
  UntrustedPeerTest() { options_.auth.first_delay_seconds = 600; }
};

TEST_P(UntrustedPeerTest, ForwardedForFromAnUntrustedPeerIsIgnored) {
  const Cast cast = MakeCast();
  SetPassword(cast.member, "correct horse battery");
  for (int i = 1; i <= 3; ++i) {
    auto res = SignIn(cast.member.user.email, fmt::format("wrong {}", i));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
  }
  // A client that names another address for itself is still the same client.
  const httplib::Headers headers = {{"X-Forwarded-For", "192.0.2.99"}};
  httplib::Params form = {{"email", cast.member.user.email}, {"password", "wrong 4"}};
  auto spoofed = client_->Post("/login", headers, form);
  ASSERT_TRUE(spoofed);
  EXPECT_EQ(spoofed->status, 429);
}

TEST_P(AppPagesTest, SigningInSetsAnHttpOnlyLaxCookieThatWorks) {
  const Cast cast = MakeCast();
  SetPassword(cast.member, "correct horse battery");
  auto res = SignIn(cast.member.user.email, "correct horse battery");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(res->get_header_value("Location"), "/home");
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(Contains(cookie, "; HttpOnly")) << cookie;
  EXPECT_TRUE(Contains(cookie, "; SameSite=Lax")) << cookie;
  EXPECT_TRUE(Contains(cookie, "; Path=/")) << cookie;
  EXPECT_FALSE(Contains(cookie, "Secure")) << cookie;
  const std::string session = SessionFromSetCookie(cookie);
  ASSERT_EQ(session.size(), 43u) << cookie;
  auto me = WithCookie(session, "GET", "/me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 303);
  EXPECT_EQ(me->get_header_value("Location"), fmt::format("/people/{}", cast.member.user.id));
  auto page = WithCookie(session, "GET", fmt::format("/people/{}", cast.member.user.id));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
  EXPECT_FALSE(CsrfOfPage(page->body).empty());
  // Signed in, the sign-in page sends the browser on.
  auto login = WithCookie(session, "GET", "/login");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 303);
  EXPECT_EQ(login->get_header_value("Location"), "/home");
}

class SecureCookieTest : public AppPagesTest {
 protected:
  SecureCookieTest() {
    options_.public_url = "https://rungs.example.com";
    options_.auth.secure_cookies = true;
  }
};

// Behind a proxy that rewrites Host (nginx's default), a browser's Origin is the public URL.
TEST_P(SecureCookieTest, SignInFromThePublicUrlWorksBehindAProxyAndOtherOriginsAreRefused) {
  const Cast cast = MakeCast();
  SetPassword(cast.member, "correct horse battery");
  const httplib::Params form = {{"email", cast.member.user.email},
                                {"password", "correct horse battery"}};
  auto own = client_->Post("/login", {{"Origin", "https://rungs.example.com"}}, form);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 303) << own->body;
  auto other = client_->Post("/login", {{"Origin", "https://evil.example"}}, form);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  auto lookalike = client_->Post("/login", {{"Origin", "https://rungs.example.com.evil"}}, form);
  ASSERT_TRUE(lookalike);
  EXPECT_EQ(lookalike->status, 403);
}

TEST_P(SecureCookieTest, CookiesAreSecureWhenThePublicUrlIsHttps) {
  const Cast cast = MakeCast();
  SetPassword(cast.member, "correct horse battery");
  auto res = SignIn(cast.member.user.email, "correct horse battery");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 303) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(Contains(cookie, "; Secure")) << cookie;
  EXPECT_TRUE(Contains(cookie, "; HttpOnly")) << cookie;
  EXPECT_TRUE(Contains(cookie, "; SameSite=Lax")) << cookie;
  auto out = Post(&cast.member, "/logout");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_TRUE(Contains(out->get_header_value("Set-Cookie"), "; Secure"))
      << out->get_header_value("Set-Cookie");
}

TEST_P(AppPagesTest, NextOnlyLeadsToPathsOnThisSite) {
  const Cast cast = MakeCast();
  SetPassword(cast.member, "correct horse battery");
  const std::string own = fmt::format("/people/{}", cast.member.user.id);
  const std::pair<std::string, std::string> cases[] = {
      {own, own},
      {"/check-ins/1?rung=1A", "/check-ins/1?rung=1A"},
      {"//evil.example", "/home"},
      {"//evil.example/people/1", "/home"},
      {"https://evil.example", "/home"},
      {"http://evil.example/", "/home"},
      {"/\\evil", "/home"},
      {"/\\evil.example/x", "/home"},
      {"\\\\evil.example", "/home"},
      {"javascript:alert(1)", "/home"},
      {"evil.example", "/home"},
      {"/", "/home"},
      {"/people/1\r\nSet-Cookie: x=1", "/home"},
      // What browsers turn into "//evil.example": tabs and newlines dropped, "\\" read as "/".
      {"/\t/evil.example", "/home"},
      {"/%09/evil.example", "/home"},
      {"/\n/evil.example", "/home"},
      {"/%2F/evil.example", "/home"},
      {"/%2f%2fevil.example", "/home"},
      {"/%5Cevil.example", "/home"},
      {"/people/1\\x", "/home"},
  };
  for (const auto& [next, expected] : cases) {
    auto res = SignIn(cast.member.user.email, "correct horse battery", next);
    ASSERT_TRUE(res) << next;
    EXPECT_EQ(res->status, 303) << next;
    EXPECT_EQ(res->get_header_value("Location"), expected) << next;
    // The same rule when a signed-in browser opens the sign-in page.
    auto again =
        Browse(&cast.member, "GET", "/login?next=" + httplib::detail::encode_query_param(next));
    ASSERT_TRUE(again) << next;
    EXPECT_EQ(again->status, 303) << next;
    EXPECT_EQ(again->get_header_value("Location"), expected) << next;
  }
  // The sign-in page keeps `next` (escaped) for the form.
  auto form = Get(nullptr, "/login?next=" + httplib::detail::encode_query_param(own));
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_TRUE(Contains(form->body, own)) << form->body;
}

TEST_P(AppPagesTest, SigningOutEndsTheSession) {
  const Cast cast = MakeCast();
  SetPassword(cast.member, "correct horse battery");
  auto res = SignIn(cast.member.user.email, "correct horse battery");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 303);
  const std::string session = SessionFromSetCookie(res->get_header_value("Set-Cookie"));
  const std::string page_path = fmt::format("/people/{}", cast.member.user.id);
  auto page = WithCookie(session, "GET", page_path);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  const std::string csrf = CsrfOfPage(page->body);
  ASSERT_FALSE(csrf.empty());

  // Without the form's token, signing out is refused and the session goes on.
  auto refused = WithCookie(session, "POST", "/logout");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(WithCookie(session, "GET", page_path)->status, 200);

  auto out = WithCookie(session, "POST", "/logout", {{"csrf", csrf}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_EQ(out->get_header_value("Location"), "/login");
  const std::string cleared = out->get_header_value("Set-Cookie");
  EXPECT_EQ(SessionFromSetCookie(cleared), "") << cleared;
  EXPECT_TRUE(Contains(cleared, "Max-Age=0")) << cleared;
  EXPECT_TRUE(Contains(cleared, "HttpOnly")) << cleared;

  // The old cookie no longer opens anything.
  auto after = WithCookie(session, "GET", page_path);
  ASSERT_TRUE(after);
  EXPECT_TRUE(SendsToSignIn(after, page_path)) << after->get_header_value("Location");
  auto post = WithCookie(session, "POST", fmt::format("/people/{}/check-ins", cast.member.user.id),
                         {{"csrf", csrf}});
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 401);
  // Other sessions of the same person are not affected.
  EXPECT_EQ(Get(&cast.member, page_path)->status, 200);
}

// --- Sessions that ended ------------------------------------------------------------------------

TEST_P(AppPagesTest, ExpiredAndIdleSessionsGoBackToSignIn) {
  const Cast cast = MakeCast();
  const int64_t now = UnixNow();
  const Person expired = WithNewSession(cast.member, now - 7200, now - 10);
  const Person idle = WithNewSession(cast.member, now - 13 * 3600, now + 3600);
  // Used 11 hours ago: still fine.
  const Person awake = WithNewSession(cast.member, now - 11 * 3600, now + 3600);

  const std::string page = fmt::format("/people/{}", cast.member.user.id);
  const std::string checkin = fmt::format("/check-ins/{}", cast.checkin);
  for (const Person* p : {&expired, &idle}) {
    auto res = Get(p, page);
    ASSERT_TRUE(res);
    EXPECT_TRUE(SendsToSignIn(res, page))
        << res->status << " " << res->get_header_value("Location");
    auto form = Post(p, checkin + "/evidence", {{"text", "late"}, {"criteria", FirstKey()}});
    ASSERT_TRUE(form);
    EXPECT_EQ(form->status, 401) << form->body;
    EXPECT_TRUE(store_->GetCheckIn(cast.checkin)->evidence.size() == 1u);
    // Still ended on the next try.
    auto again = Get(p, checkin);
    ASSERT_TRUE(again);
    EXPECT_TRUE(SendsToSignIn(again, checkin)) << again->get_header_value("Location");
  }
  auto fine = Get(&awake, page);
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
}

// --- One-time links -----------------------------------------------------------------------------

// The link an admin page shows once ("/invite/TOKEN" without a public URL).
std::string LinkOnPage(const std::string& body) {
  static const std::regex kLink(R"re(data-testid="one-time-link">[^<]*(/(invite|reset)/[^<]+)<)re");
  std::smatch m;
  return std::regex_search(body, m, kLink) ? m[1].str() : "";
}

TEST_P(AppPagesTest, AnInvitationLinkWorksOnce) {
  const Cast cast = MakeCast();
  auto made = Post(&cast.admin, fmt::format("/admin/people/{}/link", cast.member.user.id),
                   {{"purpose", "invite"}});
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 200) << made->body;
  const std::string link = LinkOnPage(made->body);
  ASSERT_EQ(link.rfind("/invite/", 0), 0u) << made->body;

  auto form = Get(nullptr, link);
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_TRUE(Contains(form->body, "name=\"password\"")) << form->body;
  auto set = Post(nullptr, link, {{"password", "my first password"}});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->status, 303) << set->body;
  EXPECT_EQ(set->get_header_value("Location"), "/login?notice=password-set");
  auto signed_in = SignIn(cast.member.user.email, "my first password");
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 303);

  // Used: a 404 page, and the password stays as it was.
  auto again = Post(nullptr, link, {{"password", "someone else's password"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
  EXPECT_TRUE(Contains(again->body, "used already or has expired")) << again->body;
  EXPECT_EQ(SignIn(cast.member.user.email, "someone else's password")->status, 400);
  EXPECT_EQ(SignIn(cast.member.user.email, "my first password")->status, 303);
}

// The roster form as a browser posts it (multipart; the form's "Only check it" box is ticked
// unless the admin unticks it).
httplib::Result PostRoster(httplib::Client& client, const Person& who, const std::string& csv,
                           bool dry_run) {
  httplib::MultipartFormDataItems items = {{"csrf", who.csrf, "", ""}};
  if (dry_run) items.push_back({"dry_run", "1", "", ""});
  items.push_back({"roster", csv, "team.csv", "text/csv"});
  const httplib::Headers headers = {{"Cookie", std::string(kSessionCookie) + "=" + who.session}};
  return client.Post("/admin/people/import", headers, items);
}

// A roster from the browser: checked whole, its dry run listing what each row would change and
// writing nothing; imported when the box is unticked; a file with an error changes nothing and
// says where.
TEST_P(AppPagesTest, ARosterUploadShowsItsDryRunThenImports) {
  const Cast cast = MakeCast();
  const std::string csv = fmt::format(
      "email,name,role,team,manager_email\n"
      "new.one@example.com,New One,member,Support EU,{}\n"
      "{},Mel Renamed,member,,{}\n"
      "{},{},manager,,\n",
      cast.manager.user.email, cast.member.user.email, cast.manager.user.email,
      cast.manager.user.email, cast.manager.user.name);
  auto dry = PostRoster(*client_, cast.admin, csv, true);
  ASSERT_TRUE(dry);
  EXPECT_EQ(dry->status, 200) << dry->body;
  EXPECT_TRUE(Contains(dry->body, "it would create 1, update 1 and leave 1 unchanged"))
      << dry->body;
  EXPECT_TRUE(Contains(dry->body, "What the import would do")) << dry->body;
  EXPECT_TRUE(Contains(dry->body,
                       "<td>2</td><td>create</td><th scope=\"row\">New One "
                       "(new.one@example.com)</th><td>member, team Support EU, manager " +
                           cast.manager.user.email))
      << dry->body;
  EXPECT_TRUE(Contains(dry->body, "<td>update</td>")) << dry->body;
  EXPECT_TRUE(Contains(dry->body, "New teams: Support EU")) << dry->body;
  EXPECT_FALSE(store_->FindUserByEmail("new.one@example.com").ok());

  auto broken = PostRoster(*client_, cast.admin, csv + "bad-email,Bad\n", true);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_TRUE(Contains(broken->body, "team.csv:5: email:")) << broken->body;
  EXPECT_EQ(PostRoster(*client_, cast.admin, csv + "bad-email,Bad\n", false)->status, 400);
  EXPECT_FALSE(store_->FindUserByEmail("new.one@example.com").ok());

  auto imported = PostRoster(*client_, cast.admin, csv, false);
  ASSERT_TRUE(imported);
  EXPECT_EQ(imported->status, 200);
  EXPECT_TRUE(Contains(imported->body, "Imported team.csv: 1 created, 1 updated, 1 unchanged"))
      << imported->body;
  EXPECT_TRUE(store_->FindUserByEmail("new.one@example.com").ok());
  EXPECT_EQ(store_->GetUser(cast.member.user.id)->name, "Mel Renamed");
  // Only admins import.
  EXPECT_EQ(PostRoster(*client_, cast.manager, csv, true)->status, 403);
}

// rungs serve without an admin: the setup link it prints opens a form that creates the first
// admin once; a wrong token, a bad field or a second try create nothing.
class SetupLinkTest : public AppPagesTest {
 protected:
  static constexpr const char* kToken = "setup-token-0123456789abcdefghij";
  SetupLinkTest() { options_.setup_digest = TokenDigest(kToken); }
};

TEST_P(SetupLinkTest, TheSetupLinkCreatesTheFirstAdminOnce) {
  const std::string link = std::string("/setup/") + kToken;
  auto form = Get(nullptr, link);
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_TRUE(Contains(form->body, "name=\"email\"")) << form->body;
  EXPECT_EQ(Get(nullptr, "/setup/not-the-token-0123456789abcdef")->status, 404);
  EXPECT_EQ(Post(nullptr, "/setup/not-the-token-0123456789abcdef",
                 {{"name", "Eve"}, {"email", "eve@example.com"}, {"password", "eve's password!"}})
                ->status,
            404);

  auto bad =
      Post(nullptr, link, {{"name", "Ada"}, {"email", "ada"}, {"password", "a long password"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Contains(bad->body, "email: email must be an address")) << bad->body;
  EXPECT_TRUE(Contains(bad->body, "value=\"Ada\"")) << bad->body;  // what was typed stays
  EXPECT_EQ(
      Post(nullptr, link, {{"name", "Ada"}, {"email", "ada@example.com"}, {"password", "short"}})
          ->status,
      400);
  EXPECT_FALSE(store_->HasAdmin().value());

  auto made =
      Post(nullptr, link,
           {{"name", "Ada Admin"}, {"email", "ada@example.com"}, {"password", "a long password"}});
  ASSERT_TRUE(made);
  EXPECT_EQ(made->status, 303) << made->body;
  EXPECT_EQ(made->get_header_value("Location"), "/login?notice=admin-created");
  const Result<User> ada = store_->FindUserByEmail("ada@example.com");
  ASSERT_TRUE(ada.ok());
  EXPECT_EQ(ada->role, Role::kAdmin);
  auto signed_in = SignIn("ada@example.com", "a long password");
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 303);

  // Spent: the form is gone and a second admin cannot be made through it.
  EXPECT_EQ(Get(nullptr, link)->status, 404);
  auto again = Post(
      nullptr, link,
      {{"name", "Mallory"}, {"email", "mallory@example.com"}, {"password", "a long password"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
  EXPECT_FALSE(store_->FindUserByEmail("mallory@example.com").ok());
}

TEST_P(AppPagesTest, AResetLinkReplacesThePasswordOnce) {
  const Cast cast = MakeCast();
  SetPassword(cast.member, "the old password");
  auto made = Post(&cast.admin, fmt::format("/admin/people/{}/link", cast.member.user.id),
                   {{"purpose", "reset"}});
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 200);
  const std::string link = LinkOnPage(made->body);
  ASSERT_EQ(link.rfind("/reset/", 0), 0u) << made->body;
  auto set = Post(nullptr, link, {{"password", "the new password"}});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->status, 303);
  EXPECT_EQ(SignIn(cast.member.user.email, "the old password")->status, 400);
  EXPECT_EQ(SignIn(cast.member.user.email, "the new password")->status, 303);
  auto again = Post(nullptr, link, {{"password", "a third password"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
}

TEST_P(AppPagesTest, AnExpiredLinkFails) {
  const Cast cast = MakeCast();
  for (LinkPurpose purpose : {LinkPurpose::kInvite, LinkPurpose::kReset}) {
    const std::string token = MakeLink(cast.member, purpose, -60);
    const std::string link =
        fmt::format("/{}/{}", purpose == LinkPurpose::kInvite ? "invite" : "reset", token);
    auto res = Post(nullptr, link, {{"password", "a long enough password"}});
    ASSERT_TRUE(res) << link;
    EXPECT_EQ(res->status, 404) << link;
    EXPECT_TRUE(Contains(res->body, "used already or has expired")) << res->body;
  }
  EXPECT_EQ(SignIn(cast.member.user.email, "a long enough password")->status, 400);
  // A link nobody made.
  auto unknown = Post(nullptr, "/invite/" + RandomToken(), {{"password", "a long password"}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_P(AppPagesTest, AWeakPasswordIsRefusedAndTheLinkStillWorks) {
  const Cast cast = MakeCast();
  const std::string link = "/invite/" + MakeLink(cast.member, LinkPurpose::kInvite);
  for (const std::string weak : {"", "short", "123456789"}) {
    auto res = Post(nullptr, link, {{"password", weak}});
    ASSERT_TRUE(res) << weak;
    EXPECT_EQ(res->status, 400) << weak;
    EXPECT_TRUE(Contains(res->body, "at least 10 characters")) << res->body;
  }
  // Exactly 10 characters is enough, and the link was not spent by the refusals.
  auto ok = Post(nullptr, link, {{"password", "1234567890"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 303) << ok->body;
  EXPECT_EQ(SignIn(cast.member.user.email, "1234567890")->status, 303);
}

// --- Untrusted text ---------------------------------------------------------------------------

TEST_P(AppPagesTest, UntrustedTextIsShownAsTextOnEveryPage) {
  const Cast cast = MakeCast();
  const std::string name = "<script>alert(1)</script>";
  const std::string escaped_name = "&lt;script&gt;alert(1)&lt;/script&gt;";
  User renamed = cast.member.user;
  renamed.name = name;
  ASSERT_TRUE(store_->UpdateUser(renamed, Actor::System()).ok());
  Person member = cast.member;
  member.user = renamed;
  Result<Team> team =
      store_->CreateTeam({0, "<script>alert(5)</script>", "UTC", 0}, Actor::System());
  ASSERT_TRUE(team.ok()) << team.status().message;

  const std::string checkin = fmt::format("/check-ins/{}", cast.checkin);
  const std::string text = "<script>alert(2)</script> <img src=x onerror=alert(3)> & co";
  const std::string link = "https://example.com/?a=1&b='onmouseover='alert(4)";
  auto added = Post(&member, checkin + "/evidence",
                    {{"text", text}, {"link", link}, {"criteria", FirstKey()}});
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 303) << added->body;
  auto notes = Post(&member, checkin,
                    {{"action", "self"},
                     {"self:" + FirstKey(), "meeting"},
                     {"notes", "</textarea><script>alert(6)</script>"}});
  ASSERT_TRUE(notes);
  ASSERT_EQ(notes->status, 303) << notes->body;

  struct Shown {
    const Person* viewer;
    std::string path;
    std::vector<std::string> escaped;  // what must be there, escaped
  };
  const std::string escaped_text =
      "&lt;script&gt;alert(2)&lt;/script&gt; &lt;img src=x onerror=alert(3)&gt; &amp; co";
  const std::string escaped_link = "https://example.com/?a=1&amp;b=&#39;onmouseover=&#39;alert(4)";
  const std::string escaped_notes = "&lt;/textarea&gt;&lt;script&gt;alert(6)&lt;/script&gt;";
  const std::string person = fmt::format("/people/{}", cast.member.user.id);
  const Shown pages[] = {
      {&cast.manager, person, {escaped_name, escaped_text, escaped_link}},
      {&member, person, {escaped_name, escaped_text, escaped_link}},
      {&cast.admin, person, {escaped_name}},
      {&cast.manager, checkin, {escaped_name, escaped_text, escaped_link, escaped_notes}},
      {&member, checkin, {escaped_name, escaped_text, escaped_link, escaped_notes}},
      {&cast.manager, "/team", {escaped_name}},
      {&cast.admin, "/team", {escaped_name}},
      {&cast.admin, "/admin/people", {escaped_name, "&lt;script&gt;alert(5)&lt;/script&gt;"}},
      {&cast.admin,
       fmt::format("/admin/people/{}", cast.member.user.id),
       {escaped_name, "&lt;script&gt;alert(5)&lt;/script&gt;"}},
      {&cast.admin, "/admin/audit", {escaped_name}},
  };
  for (const Shown& shown : pages) {
    const std::string context = fmt::format("{} as {}", shown.path, shown.viewer->user.email);
    auto res = Get(shown.viewer, shown.path);
    ASSERT_TRUE(res) << context;
    ASSERT_EQ(res->status, 200) << context;
    EXPECT_FALSE(Contains(res->body, "<script")) << context << ": " << res->body;
    EXPECT_FALSE(Contains(res->body, "<img")) << context;
    EXPECT_FALSE(Contains(res->body, "'onmouseover")) << context;
    for (const std::string& e : shown.escaped) {
      EXPECT_TRUE(Contains(res->body, e)) << context << ": no " << e << " in " << res->body;
    }
  }
  // The admin's form for the person, after an error, shows the typed name escaped too.
  auto bad = Post(&cast.admin, fmt::format("/admin/people/{}", cast.member.user.id),
                  {{"name", name}, {"email", "not an email"}, {"role", "member"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_FALSE(Contains(bad->body, "<script")) << bad->body;
  EXPECT_TRUE(Contains(bad->body, escaped_name)) << bad->body;
}

TEST_P(AppPagesTest, EvidenceLinksThatAreNotHttpAreRefused) {
  const Cast cast = MakeCast();
  const std::string path = fmt::format("/check-ins/{}/evidence", cast.checkin);
  for (const std::string link :
       {"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x",
        "https://example.com/\"><script>alert(1)</script>"}) {
    const size_t audit_before = AuditCount();
    auto res =
        Post(&cast.member, path, {{"text", "Did it"}, {"link", link}, {"criteria", FirstKey()}});
    ASSERT_TRUE(res) << link;
    EXPECT_EQ(res->status, 400) << link;
    EXPECT_FALSE(Contains(res->body, "<script>")) << res->body;
    EXPECT_EQ(AuditCount(), audit_before) << link;
  }
  EXPECT_EQ(store_->GetCheckIn(cast.checkin)->evidence.size(), 1u);
}

// A refused form is its page again with what was typed and the message beside its field.
TEST_P(AppPagesTest, RefusedFormsKeepWhatWasTypedAndMarkTheField) {
  const Cast cast = MakeCast();
  // Evidence with a link that is not http(s).
  auto evidence = Post(&cast.member, fmt::format("/check-ins/{}/evidence", cast.checkin),
                       {{"text", "Ran the <weekend> queue"},
                        {"link", "ftp://files.example/report"},
                        {"criteria", FirstKey()}});
  ASSERT_TRUE(evidence);
  EXPECT_EQ(evidence->status, 400);
  EXPECT_TRUE(Contains(evidence->body, ">Ran the &lt;weekend&gt; queue</textarea>"));
  EXPECT_TRUE(
      Contains(evidence->body, "value=\"ftp://files.example/report\" aria-invalid=\"true\""));
  EXPECT_TRUE(Contains(evidence->body, "<p class=\"field-error\" id=\"evidence-link-error\">"));
  EXPECT_TRUE(Contains(evidence->body, fmt::format("value=\"{}\" checked>", FirstKey())));

  // A person with a rung that is not one of the framework's.
  const Form typed = {{"name", "Noor Haddad"}, {"email", "noor@example.com"},
                      {"role", "member"},      {"framework_id", test::kFramework},
                      {"assigned_rung", "9Z"}, {"start_date", "2026-01-05"}};
  auto person = Post(&cast.admin, "/admin/people", typed);
  ASSERT_TRUE(person);
  EXPECT_EQ(person->status, 400);
  EXPECT_TRUE(
      Contains(person->body, "id=\"name\" name=\"name\" type=\"text\" value=\"Noor Haddad\""));
  EXPECT_TRUE(Contains(person->body, "value=\"noor@example.com\""));
  EXPECT_TRUE(Contains(person->body, "value=\"2026-01-05\""));
  EXPECT_TRUE(Contains(person->body, "<p class=\"field-error\" id=\"assigned-error\">"));
  EXPECT_TRUE(Contains(person->body, "<option value=\"9Z\" selected>9Z</option>"));
  // Rungs are offered by label, and a rung typed in another case is the rung.
  EXPECT_TRUE(
      Contains(person->body, "<option value=\"1A-after-probation\">1A (after probation)</option>"));
  Form lower = typed;
  lower[4].second = "1a (AFTER probation)";
  auto created = Post(&cast.admin, "/admin/people", lower);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 303) << created->body.substr(0, 2000);
  EXPECT_EQ(store_->FindUserByEmail("noor@example.com")->assigned_rung, "1A-after-probation");

  // Disagreeing without a comment, once the check-in is frozen.
  CriterionResult met;
  met.criterion_key = FirstKey();
  met.agreed = Assessment::kMeeting;
  ASSERT_TRUE(store_->Agree(cast.checkin, {met}, Actor::Of(cast.manager.user.id)).ok());
  auto bare = Post(&cast.member, fmt::format("/check-ins/{}/acknowledge", cast.checkin),
                   {{"answer", "disagree"}, {"comment", "   "}});
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 400);
  EXPECT_TRUE(
      Contains(bare->body, "<p class=\"field-error\" id=\"acknowledgement-comment-error\">"));
  EXPECT_TRUE(Contains(bare->body, "Do you agree with these results?"));
  EXPECT_EQ(store_->GetCheckIn(cast.checkin)->acknowledged_at, 0);
}

TEST_P(AppPagesTest, CheckInsAreNamedByPersonNumberAndRung) {
  const Cast cast = MakeCast();
  auto open = Get(&cast.member, fmt::format("/check-ins/{}", cast.checkin));
  ASSERT_TRUE(open);
  EXPECT_TRUE(Contains(open->body, fmt::format("<h1>{}: Check-in 1 on ", cast.member.user.name)))
      << open->body.substr(0, 3000);
  CriterionResult met;
  met.criterion_key = FirstKey();
  met.agreed = Assessment::kMeeting;
  ASSERT_TRUE(store_->Agree(cast.checkin, {met}, Actor::Of(cast.manager.user.id)).ok());
  auto person = Get(&cast.member, fmt::format("/people/{}", cast.member.user.id));
  ASSERT_TRUE(person);
  EXPECT_TRUE(Contains(person->body, ">Check-in 1 on 1A</a>")) << person->body;
  EXPECT_TRUE(Contains(person->body, ": 1 criterion met"));
}

TEST_P(AppPagesTest, ButtonsThatDestroyLookDifferentFromSave) {
  const Cast cast = MakeCast();
  auto page = Get(&cast.admin, fmt::format("/admin/people/{}", cast.member.user.id));
  ASSERT_TRUE(page);
  for (const char* removal : {"\"\">Delete", "\"anonymise\">Anonymise", "\"erase\">Erase"}) {
    EXPECT_TRUE(Contains(page->body, fmt::format("<button type=\"submit\" class=\"danger\" "
                                                 "name=\"removal\" value={}</button>",
                                                 removal)))
        << removal;
  }
  EXPECT_TRUE(Contains(page->body, "<button type=\"submit\">Save</button>"));
}

// --- Exports ------------------------------------------------------------------------------------

TEST_P(AppPagesTest, APersonsDataDownloadsForThemTheirManagerAndAdmins) {
  const Cast cast = MakeCast();
  const int64_t id = cast.member.user.id;
  // A result, so the CSV has a row.
  auto saved = Post(&cast.member, fmt::format("/check-ins/{}", cast.checkin),
                    {{"action", "self"}, {"self:" + FirstKey(), "meeting"}});
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 303) << saved->body;
  for (const Person* who : {&cast.member, &cast.manager, &cast.admin}) {
    auto doc = Get(who, fmt::format("/people/{}/export.json", id));
    ASSERT_TRUE(doc);
    ASSERT_EQ(doc->status, 200) << who->user.email;
    EXPECT_EQ(doc->get_header_value("Content-Disposition"),
              fmt::format("attachment; filename=\"rungs-person-{}.json\"", id));
    EXPECT_EQ(doc->get_header_value("Content-Type").rfind("application/json", 0), 0u);
    const json parsed = json::parse(doc->body, nullptr, false);
    ASSERT_TRUE(parsed.is_object()) << doc->body;
    EXPECT_EQ(parsed["people"][0]["email"], cast.member.user.email);
    EXPECT_EQ(parsed["people"].size(), 1u);

    auto csv = Get(who, fmt::format("/people/{}/export.csv", id));
    ASSERT_TRUE(csv);
    ASSERT_EQ(csv->status, 200) << who->user.email;
    EXPECT_EQ(csv->get_header_value("Content-Disposition"),
              fmt::format("attachment; filename=\"rungs-person-{}.csv\"", id));
    EXPECT_EQ(csv->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
    EXPECT_TRUE(Contains(csv->body, cast.member.user.email));
    EXPECT_FALSE(Contains(csv->body, cast.other.user.email));
  }
  for (const char* ext : {"json", "csv"}) {
    auto refused = Get(&cast.other, fmt::format("/people/{}/export.{}", id, ext));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << ext;
    EXPECT_FALSE(refused->has_header("Content-Disposition"));
    EXPECT_FALSE(Contains(refused->body, cast.member.user.email));
    EXPECT_FALSE(Contains(refused->body, cast.member.user.name));
  }
}

// --- Measured targets -------------------------------------------------------------------------

TEST_P(AppPagesTest, APersonsPageShowsMeasuredVerdictsAndAChart) {
  const Cast cast = MakeCast();
  GiveHelpdeskWeeks(cast.member);
  const std::string key = "customer-operations/knowledgeandimpact/1A-after-probation/1";
  for (const Person* who : {&cast.member, &cast.manager, &cast.admin}) {
    auto page = Get(who, fmt::format("/people/{}", cast.member.user.id));
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200) << who->user.email;
    const std::string& body = page->body;
    EXPECT_TRUE(Contains(body, "<h2 id=\"measured\">Measured targets</h2>"));
    EXPECT_TRUE(Contains(body, fmt::format("<li data-criterion=\"{}\">", key))) << body;
    EXPECT_TRUE(Contains(body, "<span class=\"status status-met\">Met</span>"));
    EXPECT_TRUE(Contains(body, "2 weeks in a row at every target: 2026-W07, 2026-W08"));
    EXPECT_TRUE(Contains(body, "10 conversations/h"));  // the rule
    // The chart: an image with its numbers, the target, the inferred week, the thin one.
    EXPECT_TRUE(Contains(body, "<svg role=\"img\""));
    EXPECT_TRUE(Contains(body, "<div class=\"visually-hidden\"><table>"));
    EXPECT_TRUE(Contains(body, ">target 10/h</text>"));
    EXPECT_TRUE(Contains(body, "hollow: inferred active time"));
    EXPECT_TRUE(Contains(body, "no data: 3.0 active hours (minimum 5)"));
    // "Why not yet" shows the verdict beside the criterion.
    EXPECT_TRUE(Contains(body, "Helpdesk data: <span class=\"status status-met\">Met</span>"));
    EXPECT_FALSE(Contains(body, "<script"));
  }
  // The check-in page shows it beside the selects.
  auto checkin =
      Get(&cast.manager, fmt::format("/check-ins/{}?rung=1A-after-probation", cast.checkin));
  ASSERT_TRUE(checkin);
  ASSERT_EQ(checkin->status, 200);
  EXPECT_TRUE(
      Contains(checkin->body, "Helpdesk data: <span class=\"status status-met\">Met</span>"));

  // Nobody else sees any of it.
  auto refused = Get(&cast.other, fmt::format("/people/{}", cast.member.user.id));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_FALSE(Contains(refused->body, "Measured"));
  EXPECT_FALSE(Contains(refused->body, "2026-W07"));
  auto refused_checkin = Get(&cast.other, fmt::format("/check-ins/{}", cast.checkin));
  ASSERT_TRUE(refused_checkin);
  EXPECT_EQ(refused_checkin->status, 403);
  EXPECT_FALSE(Contains(refused_checkin->body, "Helpdesk data"));
}

TEST_P(AppPagesTest, WithoutALinkedIdentityThePageSaysSoOnce) {
  const Cast cast = MakeCast();
  User u = cast.member.user;
  u.assigned_rung = "1A";
  ASSERT_TRUE(store_->UpdateUser(u, Actor::System()).ok());
  auto page = Get(&cast.member, fmt::format("/people/{}", cast.member.user.id));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Contains(page->body, "data-testid=\"no-identity\""));
  EXPECT_FALSE(Contains(page->body, ">No data</span>"));
  EXPECT_FALSE(Contains(page->body, "<svg role=\"img\""));
}

TEST_P(AppPagesTest, StartingACheckInBringsMetCriteriaAsEvidence) {
  const Cast cast = MakeCast(/*open_checkin=*/false);
  GiveHelpdeskWeeks(cast.member);
  auto started = Post(&cast.member, fmt::format("/people/{}/check-ins", cast.member.user.id));
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 303) << started->body;
  auto page = Get(&cast.manager, started->get_header_value("Location"));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Contains(page->body, "Helpdesk data: met \xE2\x80\x94 2 weeks in a row"));
}

INSTANTIATE_TEST_SUITE_P(Stores, PageAccessTest, test::Stores(), test::StoreName);
INSTANTIATE_TEST_SUITE_P(Stores, AppPagesTest, test::Stores(), test::StoreName);
INSTANTIATE_TEST_SUITE_P(Stores, ThrottleTest, test::Stores(), test::StoreName);
INSTANTIATE_TEST_SUITE_P(Stores, UntrustedPeerTest, test::Stores(), test::StoreName);
INSTANTIATE_TEST_SUITE_P(Stores, SecureCookieTest, test::Stores(), test::StoreName);
INSTANTIATE_TEST_SUITE_P(Stores, SetupLinkTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
