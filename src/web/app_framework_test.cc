// The admin's frameworks pages against a real server on a real SQLite store, as a browser uses
// them: an upload's check with its lines, publishing it (served at once, site and people pages
// alike), a file with errors or a clashing id refused, removing it, and who may.
#include <httplib.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/base64.h"
#include "web/app.h"
#include "web/app_test_support.h"

namespace rungs {
namespace {

using test::Cast;
using test::Person;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

constexpr char kEscalations[] =
    "Escalations matrix\n\n\tBeginner\tExpert\nHand-offs\tAsks before escalating.\tCoaches "
    "others on <b>escalations</b>.\n";

class FrameworkPagesTest : public test::AppServerTest {
 protected:
  // The check form as a browser posts it: the token, then the file.
  httplib::Result CheckFile(const Person& who, const std::string& name, const std::string& bytes) {
    httplib::MultipartFormDataItems items = {{"csrf", who.csrf, "", ""},
                                             {"file", bytes, name, "text/plain"}};
    const httplib::Headers headers = {{"Cookie", std::string(kSessionCookie) + "=" + who.session}};
    return client_->Post("/admin/frameworks/check", headers, items);
  }

  httplib::Result Publish(const Person& who, const std::string& name, const std::string& bytes) {
    return PostForm(who, "/admin/frameworks/publish",
                    {{"name", name}, {"content", Base64Encode(bytes)}});
  }
};

TEST_P(FrameworkPagesTest, AnUploadIsCheckedThenPublishedAndServedAtOnce) {
  const Cast cast = MakeCast(false);
  auto check = CheckFile(cast.admin, "escalations.tsv", kEscalations);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->status, 200) << check->body;
  EXPECT_TRUE(Contains(check->body, "a new framework, escalations")) << check->body;
  EXPECT_TRUE(Contains(check->body, "2 rungs, 1 topic, 2 criteria"));
  EXPECT_TRUE(Contains(check->body, "action=\"/admin/frameworks/publish\""));
  // Checked, not served.
  EXPECT_EQ(client_->Get("/f/escalations/index.html")->status, 404);

  auto published = Publish(cast.admin, "escalations.tsv", kEscalations);
  ASSERT_TRUE(published);
  EXPECT_EQ(published->status, 303);
  EXPECT_EQ(published->get_header_value("Location"), "/admin/frameworks?published=escalations.tsv");
  auto page = As(cast.admin, "GET", "/admin/frameworks?published=escalations.tsv");
  ASSERT_TRUE(page);
  EXPECT_TRUE(Contains(page->body,
                       "Published escalations.tsv: served: Escalations matrix at "
                       "/f/escalations/"))
      << page->body;
  EXPECT_TRUE(Contains(page->body, "uploaded/escalations.tsv"));

  // The site, its JSON and the people pages see it at once; framework text stays escaped.
  auto site = client_->Get("/f/escalations/index.html");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->status, 200);
  EXPECT_TRUE(Contains(site->body, "&lt;b&gt;escalations&lt;/b&gt;"));
  EXPECT_FALSE(Contains(site->body, "<b>escalations</b>"));
  EXPECT_EQ(client_->Get("/api/frameworks/escalations")->status, 200);
  EXPECT_TRUE(Contains(client_->Get("/index.html")->body, "Escalations matrix"));
  auto people = As(cast.admin, "GET", "/admin/people");
  EXPECT_TRUE(Contains(people->body, "value=\"escalations\""));
  // The other frameworks are still served.
  EXPECT_EQ(client_->Get("/f/customer-operations/index.html")->status, 200);
}

TEST_P(FrameworkPagesTest, AFileWithErrorsOrATakenIdIsRefusedWithItsLines) {
  const Cast cast = MakeCast(false);
  auto broken = CheckFile(cast.admin, "team.md", "---\ntitle: [\n---\n");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_TRUE(Contains(broken->body, "team.md cannot be published: 1 error")) << broken->body;
  EXPECT_TRUE(Contains(broken->body, "<code>uploaded/team.md:3:1</code>"));
  EXPECT_TRUE(Contains(broken->body, "yaml-syntax"));
  EXPECT_FALSE(Contains(broken->body, "/admin/frameworks/publish"));

  // The bundled framework's id is taken.
  const std::string clash = "---\npath: customer-operations\ntitle: Mine\n---\nA page.\n";
  auto taken = CheckFile(cast.admin, "mine.md", clash);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->status, 400);
  EXPECT_TRUE(Contains(taken->body, "duplicate-id"));
  // A crafted publish of it is checked again and refused.
  auto forced = Publish(cast.admin, "mine.md", clash);
  ASSERT_TRUE(forced);
  EXPECT_EQ(forced->status, 400);
  EXPECT_TRUE(Contains(forced->body, "duplicate-id"));
  EXPECT_TRUE(store_->ListFrameworkFiles(false)->empty());

  auto damaged = PostForm(cast.admin, "/admin/frameworks/publish",
                          {{"name", "x.tsv"}, {"content", "not base64!"}});
  ASSERT_TRUE(damaged);
  EXPECT_EQ(damaged->status, 400);
  EXPECT_TRUE(Contains(damaged->body, "the form was damaged"));
  auto no_file = PostForm(cast.admin, "/admin/frameworks/check", {});
  ASSERT_TRUE(no_file);
  EXPECT_EQ(no_file->status, 400);
}

TEST_P(FrameworkPagesTest, RemovingAFileStopsServingItUnlessSomeoneProgressesOnIt) {
  const Cast cast = MakeCast(false);
  ASSERT_EQ(Publish(cast.admin, "escalations.tsv", kEscalations)->status, 303);
  User mel = cast.member.user;
  mel.framework_id = "escalations";
  mel.assigned_rung = "";
  ASSERT_TRUE(store_->UpdateUser(mel, Actor::System()).ok());
  auto refused = PostForm(cast.admin, "/admin/frameworks/remove", {{"name", "escalations.tsv"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 409);
  EXPECT_TRUE(Contains(refused->body, "1 person progresses on escalations")) << refused->body;
  EXPECT_EQ(client_->Get("/f/escalations/index.html")->status, 200);

  mel.framework_id = test::kFramework;
  ASSERT_TRUE(store_->UpdateUser(mel, Actor::System()).ok());
  auto removed = PostForm(cast.admin, "/admin/frameworks/remove", {{"name", "escalations.tsv"}});
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 303);
  EXPECT_EQ(client_->Get("/f/escalations/index.html")->status, 404);
  auto missing = PostForm(cast.admin, "/admin/frameworks/remove", {{"name", "escalations.tsv"}});
  EXPECT_EQ(missing->status, 404);
}

TEST_P(FrameworkPagesTest, OnlyAdminsManageFrameworksAndEveryChangeNeedsTheFormToken) {
  const Cast cast = MakeCast(false);
  for (const Person* who : {&cast.manager, &cast.member}) {
    EXPECT_EQ(As(*who, "GET", "/admin/frameworks")->status, 403);
    EXPECT_EQ(CheckFile(*who, "escalations.tsv", kEscalations)->status, 403);
    EXPECT_EQ(Publish(*who, "escalations.tsv", kEscalations)->status, 403);
  }
  EXPECT_EQ(client_->Get("/admin/frameworks")->status, 303);  // to the sign-in page
  Person forged = cast.admin;
  forged.csrf = "not-it";
  EXPECT_EQ(Publish(forged, "escalations.tsv", kEscalations)->status, 403);
  EXPECT_EQ(CheckFile(forged, "escalations.tsv", kEscalations)->status, 403);
  EXPECT_TRUE(store_->ListFrameworkFiles(false)->empty());
  EXPECT_EQ(client_->Get("/f/escalations/index.html")->status, 404);
}

INSTANTIATE_TEST_SUITE_P(Stores, FrameworkPagesTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
