#include "auth/secrets.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace rungs {
namespace {

class SecretsTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitSecrets()); }
};

TEST_F(SecretsTest, PasswordsHashWithArgon2idAndVerify) {
  Result<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(*VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(*VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(*VerifyPassword("not a hash", "correct horse battery"));
  // Salted: the same password hashes differently each time.
  EXPECT_NE(*HashPassword("correct horse battery"), *hash);
}

TEST_F(SecretsTest, WeakPasswordsNameTheField) {
  Result<std::string> short_one = HashPassword("short");
  ASSERT_FALSE(short_one.ok());
  EXPECT_EQ(short_one.status().field, "password");
  EXPECT_FALSE(HashPassword(std::string(2000, 'x')).ok());
}

TEST_F(SecretsTest, TokensAreRandomUrlSafeAndStoredAsDigests) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomToken();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(TokenDigest("abc").size(), 64u);
  EXPECT_TRUE(ConstantTimeEquals("same", "same"));
  EXPECT_FALSE(ConstantTimeEquals("same", "diff"));
  EXPECT_FALSE(ConstantTimeEquals("same", "longer"));
}

}  // namespace
}  // namespace rungs

namespace rungs {
namespace {

// A flood of password checks gets answers at once instead of queueing without bound.
TEST_F(SecretsTest, PasswordWorkBeyondTheGateIsRefusedAtOnce) {
  Result<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok());
  SetPasswordWorkLimits(1, 0);
  std::atomic<int> refused = 0;
  std::atomic<int> checked = 0;
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      Result<bool> ok = VerifyPassword(*hash, "correct horse battery");
      if (ok.ok()) {
        EXPECT_TRUE(*ok);
        ++checked;
      } else {
        EXPECT_EQ(ok.status().code, StatusCode::kUnavailable);
        ++refused;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  SetPasswordWorkLimits(4, 8);
  EXPECT_GE(checked.load(), 1);
  EXPECT_GE(refused.load(), 1);
}

}  // namespace
}  // namespace rungs
