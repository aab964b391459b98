#include "util/utf8.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

TEST(Utf8Test, FindsInvalidBytes) {
  EXPECT_EQ(FindInvalidUtf8("ok \xF0\x9F\x92\xAC"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xC0\x80"), 0u);      // overlong
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);  // surrogate
  EXPECT_EQ(FindInvalidUtf8("x\xE2\x82"), 1u);     // truncated
}

// The word-at-a-time ASCII skip must not step over a bad byte at any offset in a word.
TEST(Utf8Test, ValidTextInEveryScriptPassesAndABadByteIsFoundAtAnyOffset) {
  for (const char* text : {"", "agent-1", "José", "Жанна Петрова", "王小明", "😀 support 🎧",
                           "a long ASCII run of more than eight bytes then é"}) {
    EXPECT_TRUE(IsValidUtf8(text)) << text;
    EXPECT_EQ(FindInvalidUtf8(text), std::string::npos) << text;
  }
  for (size_t at = 0; at < 20; ++at) {
    std::string text(20, 'a');
    text[at] = '\xfe';
    EXPECT_FALSE(IsValidUtf8(text));
    EXPECT_EQ(FindInvalidUtf8(text), at);
  }
  EXPECT_FALSE(IsValidUtf8("abcdefgh\xc3"));  // cut off at the end
  EXPECT_FALSE(
      IsValidUtf8("\xed\xa0\x80"
                  "abcdefgh"));  // a surrogate
}

TEST(Utf8Test, ColumnsCountCodePoints) {
  const std::string text = "line one\n\xF0\x9F\x92\xAC\xC3\xA9 x\r\nthird";
  LineIndex index(text);
  EXPECT_EQ(index.line_count(), 3u);
  const size_t x = text.find('x');
  EXPECT_EQ(index.At(x).line, 2);
  EXPECT_EQ(index.At(x).column, 4);  // emoji, e-acute, space, then x
  EXPECT_EQ(index.FromZeroBased(1, 7).column, 4);
  EXPECT_EQ(index.Line(2), "\xF0\x9F\x92\xAC\xC3\xA9 x");
  EXPECT_EQ(index.At(text.size()).line, 3);
}

TEST(Utf8Test, RoundTripsCodePoints) {
  for (char32_t cp : {U'a', U'\u00E9', U'\u20AC', U'\U0001F4AC'}) {
    std::string s;
    AppendUtf8(s, cp);
    size_t pos = 0;
    char32_t back = 0;
    ASSERT_TRUE(DecodeUtf8(s, pos, back));
    EXPECT_EQ(back, cp);
    EXPECT_EQ(pos, s.size());
  }
}

TEST(Utf8Test, ReplaceInvalidUtf8KeepsValidTextAndMarksEachBadByte) {
  EXPECT_EQ(ReplaceInvalidUtf8("Jos\xC3\xA9.md"), "Jos\xC3\xA9.md");
  EXPECT_EQ(ReplaceInvalidUtf8("x\xFF.md"), "x\xEF\xBF\xBD.md");
  EXPECT_EQ(ReplaceInvalidUtf8("\xC3"), "\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(ReplaceInvalidUtf8("\xED\xA0\x80\xF8")));
}

}  // namespace
}  // namespace rungs
