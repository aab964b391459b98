// The audit log pages (app_audit_routes.cc) against a real server on a real SQLite store: names
// and words instead of ids and codes, the filters and their refusals, folded sign-ins, the CSV,
// and who may read them.
#include <httplib.h>

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "web/app.h"
#include "web/app_test_support.h"

namespace rungs {
namespace {

using test::Cast;
using test::Has;
using test::Person;

// The page's table of entries, without the filter form (whose lists name every action).
std::string Rows(const httplib::Result& res) {
  if (!res) return "";
  const size_t start = res->body.find("<table");
  const size_t end = res->body.find("</table>");
  return start == std::string::npos || end == std::string::npos
             ? ""
             : res->body.substr(start, end - start);
}

bool InRows(const httplib::Result& res, const std::string& text) {
  return Rows(res).find(text) != std::string::npos;
}

class AppAuditTest : public test::AppServerTest {
 protected:
  httplib::Result Page(const Person& who, const std::string& path) { return As(who, "GET", path); }
};

TEST_P(AppAuditTest, ThePageNamesPeopleAndSaysWhatHappenedInWords) {
  const Cast cast = MakeCast();
  auto page = Page(cast.admin, "/admin/audit");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_TRUE(InRows(page, "Mel Member 1")) << page->body;
  EXPECT_TRUE(InRows(page, "added a person"));
  EXPECT_TRUE(InRows(page, "Mel Member 1&#39;s check-in 1"));
  EXPECT_TRUE(InRows(page, "added evidence"));
  EXPECT_TRUE(Has(page, "<caption"));
  EXPECT_TRUE(Has(page, "<th scope=\"col\">When</th>"));
  EXPECT_TRUE(Has(page, "Times and days are in UTC"));
  // No codes or ids where names go.
  EXPECT_FALSE(InRows(page, "user.create"));
  EXPECT_FALSE(Has(page, fmt::format("user:{}", cast.member.user.id)));
  EXPECT_FALSE(Has(page, fmt::format("checkin:{}", cast.checkin)));
  EXPECT_TRUE(Has(page, "href=\"/admin/audit.csv\""));

  for (const Person* who : {&cast.manager, &cast.member, &cast.other}) {
    for (const char* path : {"/admin/audit", "/admin/audit.csv"}) {
      auto refused = Page(*who, path);
      ASSERT_TRUE(refused);
      EXPECT_EQ(refused->status, 403) << path << " as " << who->user.name;
      EXPECT_FALSE(Has(refused, "<table")) << path;
    }
  }
  auto signed_out = client_->Get("/admin/audit.csv");
  ASSERT_TRUE(signed_out);
  EXPECT_EQ(signed_out->status, 303);
}

TEST_P(AppAuditTest, FiltersNarrowThePageAndTheCsvAlike) {
  const Cast cast = MakeCast();
  const std::string about_member = fmt::format("whom={}", cast.member.user.id);
  auto page = Page(cast.admin, "/admin/audit?" + about_member + "&what=evidence.*");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_TRUE(InRows(page, "added evidence"));
  EXPECT_FALSE(InRows(page, "added a person"));
  // The form shows the filters chosen, and the CSV link carries them.
  EXPECT_TRUE(Has(page, fmt::format("<option value=\"{}\" selected>Mel Member 1</option>",
                                    cast.member.user.id)));
  EXPECT_TRUE(Has(page, "<option value=\"evidence.*\" selected>"));
  EXPECT_TRUE(Has(page, fmt::format("href=\"/admin/audit.csv?whom={}&amp;what=evidence.*\"",
                                    cast.member.user.id)));

  auto csv = Page(cast.admin, "/admin/audit.csv?" + about_member);
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv->get_header_value("Content-Disposition"),
            "attachment; filename=\"rungs-audit.csv\"");
  EXPECT_EQ(csv->body.rfind("time,actor,action,target,details\n", 0), 0u) << csv->body;
  EXPECT_TRUE(Has(csv, ",Mel Member 1,added evidence,Mel Member 1's check-in 1,"));
  EXPECT_TRUE(Has(csv, ",rungs,added a person,Mel Member 1,"));
  EXPECT_FALSE(Has(csv, "Otto Other")) << csv->body;
  // ISO 8601 with the offset.
  EXPECT_TRUE(Has(csv, "+00:00,")) << csv->body;
}

TEST_P(AppAuditTest, SignInsInARowAreOneLine) {
  const Cast cast = MakeCast();
  for (int i = 0; i < 3; ++i) (void)WithNewSession(cast.other, UnixNow(), UnixNow() + 3600);
  auto page = Page(cast.admin, fmt::format("/admin/audit?who={}", cast.other.user.id));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  // AddPerson's session and the three more.
  EXPECT_TRUE(InRows(page, "signed in 4 times")) << page->body;
  auto csv = Page(cast.admin, fmt::format("/admin/audit.csv?who={}", cast.other.user.id));
  ASSERT_TRUE(csv);
  size_t lines = 0;
  for (char c : csv->body) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 1u + 4u) << csv->body;  // the CSV lists every entry
}

TEST_P(AppAuditTest, FiltersThatDoNotReadAreMarkedBesideTheirFieldNotA500) {
  const Cast cast = MakeCast();
  struct Case {
    std::string query;
    std::string field_id;
  };
  const Case cases[] = {
      {"from=2026-02-30", "audit-from"},
      {"from=2026-03-02&to=2026-03-01", "audit-to"},
      {"to=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "audit-to"},
      {"who=somebody", "audit-who"},
      {"whom=-1", "audit-whom"},
      {"what=%3Cb%3E", "audit-what"},
  };
  for (const Case& c : cases) {
    for (const char* path : {"/admin/audit?", "/admin/audit.csv?"}) {
      auto res = Page(cast.admin, path + c.query);
      ASSERT_TRUE(res) << c.query;
      EXPECT_EQ(res->status, 400) << path << c.query;
      EXPECT_TRUE(Has(res, fmt::format("id=\"{}-error\"", c.field_id))) << c.query << res->body;
      EXPECT_TRUE(Has(res, "aria-invalid=\"true\"")) << c.query;
      EXPECT_FALSE(Has(res, "<script")) << c.query;
      EXPECT_FALSE(Has(res, "<b>")) << c.query;
    }
  }
  auto before = Page(cast.admin, "/admin/audit?before=x");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 400);
  EXPECT_TRUE(Has(before, "role=\"alert\"")) << before->body;
}

TEST_P(AppAuditTest, NamesAreEscapedOnThePage) {
  const Cast cast = MakeCast();
  User renamed = cast.member.user;
  renamed.name = "<script>alert(1)</script>";
  ASSERT_TRUE(store_->UpdateUser(renamed, Actor::Of(cast.admin.user.id)).ok());
  for (const std::string& path :
       {std::string("/admin/audit"), fmt::format("/admin/audit?whom={}", cast.member.user.id)}) {
    auto page = Page(cast.admin, path);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    EXPECT_FALSE(Has(page, "<script")) << path;
    EXPECT_TRUE(Has(page, "&lt;script&gt;alert(1)&lt;/script&gt;&#39;s check-in 1")) << path;
  }
}

TEST_P(AppAuditTest, OlderEntriesFollowOnAPageOfTheirOwn) {
  const Cast cast = MakeCast();
  // More rows than a page holds: 60 API tokens made and revoked by the member.
  for (int i = 0; i < 60; ++i) {
    ApiToken token;
    token.user_id = cast.member.user.id;
    token.name = fmt::format("token {}", i);
    token.token_digest = fmt::format("digest-{}", i);
    Result<ApiToken> made = store_->CreateApiToken(token, Actor::Of(cast.member.user.id));
    ASSERT_TRUE(made.ok());
    ASSERT_TRUE(
        store_->RevokeApiToken(cast.member.user.id, made->id, Actor::Of(cast.member.user.id)).ok());
  }
  auto first = Page(cast.admin, "/admin/audit");
  ASSERT_TRUE(first);
  EXPECT_TRUE(Has(first, "Older entries"));
  EXPECT_FALSE(InRows(first, "added a person"));  // the oldest are on a later page
  const size_t at = first->body.find("/admin/audit?before=");
  ASSERT_NE(at, std::string::npos);
  const std::string older = first->body.substr(at, first->body.find('"', at) - at);
  auto second = Page(cast.admin, older);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->status, 200);
  EXPECT_TRUE(InRows(second, "added a person"));
  EXPECT_TRUE(Has(second, "Newest entries"));
}

INSTANTIATE_TEST_SUITE_P(Stores, AppAuditTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
