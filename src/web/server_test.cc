#include "web/server.h"

#include <httplib.h>

#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "framework/loader.h"

namespace rungs {
namespace {

class ServerTest : public testing::Test {
 protected:
  void SetUp() override {
    LoadResult loaded = LoadFrameworks(BundledSourceFiles());
    server_ =
        std::make_unique<Server>(std::move(loaded.frameworks), SiteOptions{}, TestServerOptions());
    const Status bound = server_->Bind();
    ASSERT_TRUE(bound.ok()) << bound.message;
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void TearDown() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerTest, HealthzAnswers) {
  auto res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(nlohmann::json::parse(res->body)["frameworks"], 3);
}

TEST_F(ServerTest, ListsFrameworksWithTheirRungs) {
  auto res = client_->Get("/api/frameworks");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  const auto j = nlohmann::json::parse(res->body);
  ASSERT_EQ(j["frameworks"].size(), 3u);
  const auto& co = j["frameworks"][0];
  EXPECT_EQ(co["id"], "customer-operations");
  EXPECT_EQ(co["title"], "\xF0\x9F\x92\xAC Customer Operations Framework");
  EXPECT_EQ(co["rungs"].size(), 6u);
  EXPECT_EQ(co["rungs"][1]["label"], "1A (after probation)");
}

TEST_F(ServerTest, OneFrameworkAsJson) {
  auto res = client_->Get("/api/frameworks/frontline-cs-competency-matrix");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const auto j = nlohmann::json::parse(res->body);
  EXPECT_EQ(j["levels"][4]["band"], "Senior");
  EXPECT_EQ(j["topics"].size(), 8u);
}

TEST_F(ServerTest, UnknownFrameworkIsAJson404) {
  auto res = client_->Get("/api/frameworks/nope%3Cscript%3E");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  const auto j = nlohmann::json::parse(res->body);
  EXPECT_EQ(j["error"]["code"], "not_found");
  auto api = client_->Get("/api/nothing/here");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(nlohmann::json::parse(api->body)["error"]["code"], "not_found");
  auto page = client_->Get("/no/such/page.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_NE(page->body.find("<h1>Not found</h1>"), std::string::npos);
  // The site's header (with search) and sidebar, linked from the root at any depth.
  EXPECT_NE(page->body.find("<header class=\"top\"><a class=\"brand\" href=\"/index.html\">"),
            std::string::npos)
      << page->body;
  EXPECT_NE(page->body.find("action=\"/search.html\""), std::string::npos);
  EXPECT_NE(page->body.find("href=\"/assets/app.css\""), std::string::npos);
  EXPECT_NE(page->body.find("<nav class=\"sidebar\""), std::string::npos);
}

TEST_F(ServerTest, OpenApiDocumentsEveryRouteAndTheExamplesWork) {
  auto res = client_->Get("/api/openapi.json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const auto doc = nlohmann::json::parse(res->body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  int checked = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    // Routes that need a caller (`security`: people, check-ins, teams) are checked by
    // app_api_test.cc against a server with a store; this one has none.
    if (!item.contains("get") || item["get"].contains("security")) continue;
    // Fill path and query parameters with the document's own examples.
    std::string url = path;
    std::string query;
    for (const auto& param : item["get"].value("parameters", nlohmann::json::array())) {
      const auto& p =
          param.contains("$ref") ? doc["components"]["parameters"]["FrameworkId"] : param;
      const std::string value = p["example"];
      if (p["in"] == "path") {
        url.replace(url.find("{" + std::string(p["name"]) + "}"),
                    p["name"].get<std::string>().size() + 2, value);
      } else {
        query += (query.empty() ? "?" : "&") + std::string(p["name"]) + "=" + value;
      }
    }
    for (char& c : query) {
      if (c == ' ') c = '+';
    }
    auto got = client_->Get(url + query);
    ASSERT_TRUE(got) << url;
    EXPECT_EQ(got->status, 200) << url << query << ": " << got->body;
    EXPECT_FALSE(nlohmann::json::parse(got->body, nullptr, false).is_discarded()) << url;
    ++checked;
  }
  EXPECT_EQ(checked, 7);
}

TEST_F(ServerTest, RungAndCompareApi) {
  auto rung = client_->Get("/api/frameworks/customer-operations/rungs/2A");
  ASSERT_TRUE(rung);
  ASSERT_EQ(rung->status, 200);
  const auto j = nlohmann::json::parse(rung->body);
  EXPECT_EQ(j["rung"]["label"], "2A");
  EXPECT_EQ(j["topics"][2]["criteria"][0]["via"], "1C");
  auto bad = client_->Get("/api/frameworks/customer-operations/compare?from=2B&to=1A");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad->body)["error"]["code"], "invalid_rungs");
}

TEST_F(ServerTest, PagesCarrySecurityHeaders) {
  auto res = client_->Get("/f/customer-operations/1A.html");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(ServerTest, CompareFormWithoutJavaScriptRedirects) {
  auto res = client_->Get("/f/customer-operations/compare.html?from=1A&to=2A");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302);
  EXPECT_EQ(res->get_header_value("Location"), "/f/customer-operations/compare/1A..2A.html");
}

TEST_F(ServerTest, AComparisonFromTheHigherRungIsTheSamePageTheOtherWayRound) {
  auto path = client_->Get("/f/customer-operations/compare/2A..1B.html");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->status, 302);
  EXPECT_EQ(path->get_header_value("Location"), "/f/customer-operations/compare/1B..2A.html");
  auto form = client_->Get("/f/customer-operations/compare.html?from=2A&to=1B");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 302);
  EXPECT_EQ(form->get_header_value("Location"), "/f/customer-operations/compare/1B..2A.html");
  // Not a rung pair at all: still not found.
  auto none = client_->Get("/f/customer-operations/compare/9Z..1B.html");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
}

}  // namespace
}  // namespace rungs
