#include "util/text.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

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
