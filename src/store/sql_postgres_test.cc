#include "store/sql_postgres.h"

#include <string>

#include <gtest/gtest.h>

namespace rungs::sql {
namespace {

TEST(SqlPostgresTest, NumbersPlaceholdersOutsideQuotesOnly) {
  EXPECT_EQ(NumberPlaceholders("SELECT id FROM users WHERE email = ? AND role = ?"),
            "SELECT id FROM users WHERE email = $1 AND role = $2");
  EXPECT_EQ(NumberPlaceholders("SELECT '?', \"a?b\" FROM t WHERE x = ?"),
            "SELECT '?', \"a?b\" FROM t WHERE x = $1");
  EXPECT_EQ(NumberPlaceholders("SELECT 'it''s ?' WHERE y = ?"), "SELECT 'it''s ?' WHERE y = $1");
  EXPECT_EQ(NumberPlaceholders("SELECT 1"), "SELECT 1");
}

TEST(SqlPostgresTest, ByteaTextRoundTripsEveryByte) {
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes += static_cast<char>(b);
  const std::string text = ByteaText(bytes);
  EXPECT_EQ(text.substr(0, 6), "\\x0001");
  EXPECT_EQ(BytesOfByteaText(text), bytes);
  EXPECT_EQ(ByteaText(""), "\\x");
  EXPECT_EQ(BytesOfByteaText("\\x"), "");
  EXPECT_EQ(BytesOfByteaText("\\x0"), std::nullopt);
  EXPECT_EQ(BytesOfByteaText("\\xzz"), std::nullopt);
  EXPECT_EQ(BytesOfByteaText("plain"), std::nullopt);
}

}  // namespace
}  // namespace rungs::sql
