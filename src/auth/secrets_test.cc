#include "auth/secrets.h"

#include <set>

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
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
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
