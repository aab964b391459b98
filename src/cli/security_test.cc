// The edge, attacked as someone with no account would: each attack on a real `rungs serve`
// (the binary, its store, real sockets), with the outcome a user cares about asserted: the
// status codes, nothing stored, the server's memory, and that /healthz still answers for
// everyone else. The bounds are generous functional limits, not timings.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "auth/secrets.h"
#include "cli/test_support.h"
#include "store/sqlite_store.h"
#include "web/raw_client_test_support.h"
#include "web/url.h"

namespace rungs {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using test::Client;

constexpr char kPassword[] = "correct horse battery staple";

// A `rungs serve` of its own, on a fresh data folder with an admin who has a password and an
// API token, started with extra environment variables.
class SecurityTest : public testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(InitSecrets()); }

  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           fmt::format("rungs-security-{}-{}", getpid(),
                       testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Result<std::unique_ptr<Store>> store = OpenSqliteStore((dir_ / "rungs.db").string());
    ASSERT_TRUE(store.ok()) << store.status().message;
    User admin;
    admin.email = "admin@example.com";
    admin.name = "Ada Admin";
    admin.role = Role::kAdmin;
    Result<User> created = (*store)->CreateUser(admin, Actor::System());
    ASSERT_TRUE(created.ok()) << created.status().message;
    admin_id_ = created->id;
    Result<std::string> hash = HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE((*store)->SetPasswordHash(admin_id_, *hash, Actor::System()).ok());
    token_ = RandomToken();
    ApiToken api;
    api.user_id = admin_id_;
    api.name = "script";
    api.token_digest = TokenDigest(token_);
    ASSERT_TRUE((*store)->CreateApiToken(api, Actor::System()).ok());
    reset_ = RandomToken();
    OneTimeLink link;
    link.token_digest = TokenDigest(reset_);
    link.user_id = admin_id_;
    link.purpose = LinkPurpose::kReset;
    link.expires_at = std::time(nullptr) + 3600;
    ASSERT_TRUE((*store)->CreateOneTimeLink(link, Actor::System()).ok());
  }

  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }

  // Starts the server on a free port.
  void Start(const std::vector<std::string>& env = {}) {
    const test::RunningServer server = test::StartServer(dir_.string(), env);
    pid_ = server.pid;
    port_ = server.port;
    ASSERT_GT(port_, 0) << server.first_line;
  }

  // The server's resident memory, in MiB.
  double RssMib() const {
    std::ifstream status(fmt::format("/proc/{}/status", pid_));
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;
    }
    return -1;
  }

  // GET /healthz answered 200, from `source` (127.0.0.x).
  bool Healthy(const char* source = "127.0.0.2") {
    Client client(port_, source);
    if (!client.connected() || !client.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")) {
      return false;
    }
    return client.ReadResponse(milliseconds(10000)).starts_with("HTTP/1.1 200");
  }

  // A form post from `source`; the raw response.
  std::string PostForm(const std::string& path, const std::string& form,
                       const char* source = nullptr) {
    Client client(port_, source);
    client.Send(fmt::format(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: {}\r\n\r\n{}",
        path, form.size(), form));
    return client.ReadResponse(milliseconds(20000));
  }

  std::string SignInForm(const std::string& email, const std::string& password,
                         const std::string& next = "") {
    return fmt::format("email={}&password={}&next={}", EncodeQueryParam(email),
                       EncodeQueryParam(password), EncodeQueryParam(next));
  }

  fs::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int64_t admin_id_ = 0;
  std::string token_;
  std::string reset_;
};

int StatusOf(const std::string& response) {
  return response.size() > 12 ? std::atoi(response.c_str() + 9) : 0;
}

TEST_F(SecurityTest, AChunkedGigabyteToAJsonRouteIs413AndMemoryStaysLow) {
  Start();
  Client client(port_);
  ASSERT_TRUE(
      client.Send("POST /api/people HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "100000\r\n" + std::string(1 << 20, '{') + "\r\n";
  int sent = 0;
  while (sent < 1024 && client.Send(chunk)) ++sent;
  const std::string response = client.ReadToClose();
  EXPECT_EQ(StatusOf(response), 413) << response.substr(0, 300);
  EXPECT_LT(sent, 1024) << "the server read the whole gigabyte";
  EXPECT_LT(RssMib(), 200);
  EXPECT_TRUE(Healthy());
}

TEST_F(SecurityTest, FiveHundredSlowHeadsFromOneAddressDoNotKeepOthersOut) {
  Start();
  std::vector<std::unique_ptr<Client>> slow;
  for (int i = 0; i < 500; ++i) {
    slow.push_back(std::make_unique<Client>(port_));
    slow.back()->Send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // never finished
  }
  EXPECT_TRUE(Healthy("127.0.0.2"));
  EXPECT_LT(RssMib(), 200);
}

TEST_F(SecurityTest, AResetFloodCostsNoArgon2AndTheServerKeepsAnswering) {
  Start();
  std::atomic<int> answered{0};
  std::atomic<int> server_errors{0};
  double peak = 0;
  std::vector<std::thread> flood;
  flood.reserve(32);
  for (int t = 0; t < 32; ++t) {
    flood.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string token(43, static_cast<char>('A' + (t + i) % 26));
        const std::string response =
            PostForm("/reset/" + token, "password=a+long+enough+password", "127.0.0.1");
        if (!response.empty()) ++answered;
        if (StatusOf(response) >= 500 && StatusOf(response) != 503) ++server_errors;
      }
    });
  }
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(Healthy("127.0.0.2")) << "during the flood";
    peak = std::max(peak, RssMib());
    std::this_thread::sleep_for(milliseconds(50));
  }
  for (std::thread& t : flood) t.join();
  EXPECT_EQ(server_errors.load(), 0);
  EXPECT_GT(answered.load(), 0);
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  EXPECT_LT(peak, 200 + 64 * cores);
  // The flooding address is refused from now on, before any token is looked at.
  const std::string after = PostForm("/reset/" + reset_, "password=a+long+enough+password");
  EXPECT_EQ(StatusOf(after), 429) << after;
  EXPECT_TRUE(Healthy());
}

TEST_F(SecurityTest, WrongPasswordsFromAnotherAddressDoNotLockTheAdminOut) {
  Start();
  int throttled = 0;
  for (int i = 0; i < 10; ++i) {
    const std::string res = PostForm(
        "/login", SignInForm("Admin@Example.com", fmt::format("guess {}", i)), "127.0.0.2");
    if (StatusOf(res) == 429) ++throttled;
  }
  EXPECT_GT(throttled, 0) << "the guesses were never slowed down";
  const std::string owner = PostForm("/login", SignInForm("admin@example.com", kPassword));
  EXPECT_EQ(StatusOf(owner), 303) << owner;
  EXPECT_NE(owner.find("Set-Cookie: rungs_session="), std::string::npos);
}

TEST_F(SecurityTest, NextNeverLeadsOffTheSite) {
  Start();
  for (const std::string next :
       {"//evil.example", "/\t/evil.example", "/%09/evil.example", "/\\evil.example",
        "/%5C%5Cevil.example", "/%2F%2Fevil.example", "/\r\n/evil.example", "https://evil.example",
        "/\\/evil.example"}) {
    const std::string res = PostForm("/login", SignInForm("admin@example.com", kPassword, next));
    ASSERT_EQ(StatusOf(res), 303) << next << ": " << res;
    EXPECT_NE(res.find("\r\nLocation: /home\r\n"), std::string::npos) << next << ": " << res;
  }
}

TEST_F(SecurityTest, APortInUseStopsTheSecondServerWithAClearMessage) {
  Start();
  const test::CommandRun second = test::RunRungs(fmt::format(
      "serve --port {} --data {}", port_, test::ShellQuote((dir_ / "second").string())));
  const std::string& output = second.out;
  EXPECT_NE(second.exit_code, 0) << output;
  EXPECT_NE(output.find(fmt::format("cannot listen on 127.0.0.1:{}", port_)), std::string::npos)
      << output;
  EXPECT_NE(output.find("in use"), std::string::npos) << output;
  EXPECT_TRUE(Healthy());
}

TEST_F(SecurityTest, AResetEndsEverySessionAndApiTokenOfThePerson) {
  Start();
  httplib::Client client("127.0.0.1", port_);
  client.set_bearer_token_auth(token_);
  auto before = client.Get("/api/me");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);
  const std::string signed_in = PostForm("/login", SignInForm("admin@example.com", kPassword));
  ASSERT_EQ(StatusOf(signed_in), 303);
  const std::string reset = PostForm("/reset/" + reset_, "password=a+brand+new+password");
  ASSERT_EQ(StatusOf(reset), 303) << reset;
  auto after = client.Get("/api/me");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401) << "the API token outlived the reset";
  // The link is spent.
  EXPECT_EQ(StatusOf(PostForm("/reset/" + reset_, "password=yet+another+password")), 404);
}

}  // namespace
}  // namespace rungs
