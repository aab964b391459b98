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
    server_ = std::make_unique<Server>(std::move(loaded.frameworks), SiteOptions{},
                                       ServerOptions{"127.0.0.1", 0, 4});
    std::string error;
    ASSERT_TRUE(server_->Bind(&error)) << error;
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
}

}  // namespace
}  // namespace rungs
