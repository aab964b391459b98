#include "util/text.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace rungs {
namespace {

TEST(TextTest, GroupThousands) {
  EXPECT_EQ(GroupThousands(0), "0");
  EXPECT_EQ(GroupThousands(999), "999");
  EXPECT_EQ(GroupThousands(1000), "1,000");
  EXPECT_EQ(GroupThousands(119998), "119,998");
  EXPECT_EQ(GroupThousands(-1234567), "-1,234,567");
  EXPECT_EQ(GroupThousands(INT64_MIN), "-9,223,372,036,854,775,808");
}

TEST(TextTest, Slugify) {
  EXPECT_EQ(Slugify("Frontline Workflows/Voume"), "frontline-workflows-voume");
  EXPECT_EQ(Slugify("1:1s"), "1-1s");
  EXPECT_EQ(Slugify("\xF0\x9F\x92\xAC"), "item");
}

TEST(TextTest, NormalizeSpace) {
  EXPECT_EQ(NormalizeSpace("  a \n\t b  "), "a b");
  EXPECT_EQ(NormalizeSpace(""), "");
}

TEST(TextTest, SplitLinesHandlesCrlf) {
  const auto lines = SplitLines("a\r\nb\nc");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[2], "c");
}

}  // namespace
}  // namespace rungs
