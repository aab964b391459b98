#include "util/mac_roman.h"

#include <gtest/gtest.h>

#include "util/file.h"

namespace rungs {
namespace {

TEST(MacRomanTest, RepairsEmojiAndQuotes) {
  // U+F8FF is what Mac Roman makes of the emoji's 0xF0 lead byte.
  EXPECT_EQ(RepairMacRomanMojibake("\xEF\xA3\xBF\xC3\xBC\xC3\xAD\xC2\xA8 Customer Operations"),
            "\xF0\x9F\x92\xAC Customer Operations");
  EXPECT_EQ(RepairMacRomanMojibake("maintaining all \xE2\x80\x9A\xC3\x84\xC3\xB2"
                                   "core"),
            "maintaining all \xE2\x80\x98"
            "core");
}

TEST(MacRomanTest, LeavesRealTextAlone) {
  EXPECT_EQ(RepairMacRomanMojibake("plain ASCII"), std::nullopt);
  EXPECT_EQ(RepairMacRomanMojibake("caf\xC3\xA9 cr\xC3\xA8me"), std::nullopt);
  // "“é" maps to valid UTF-8 (a Cyrillic letter) but is real French text.
  EXPECT_EQ(RepairMacRomanMojibake("\xE2\x80\x9C\xC3\xA9"
                                   "cole\xE2\x80\x9D"),
            std::nullopt);
  EXPECT_EQ(RepairMacRomanMojibake("\xF0\x9F\x92\xAC already fine"), std::nullopt);
}

TEST(MacRomanTest, SeedRepairsToMonzosOriginalBytes) {
  const FileContents seed =
      ReadFileCapped(RUNGS_SHARED_DIR "/seeds/001_44d20e5d94228d15.txt", 1 << 20);
  const FileContents original =
      ReadFileCapped(RUNGS_SHARED_DIR "/corpus/monzo-format/monzo/customer-operations.md", 1 << 20);
  ASSERT_TRUE(seed.ok) << seed.error;
  ASSERT_TRUE(original.ok) << original.error;
  EXPECT_EQ(RepairMacRomanMojibake(seed.bytes), original.bytes);
}

TEST(MacRomanTest, KnowsApplesSpecialSlots) {
  EXPECT_EQ(MacRomanByte(0xF8FF), 0xF0);
  EXPECT_EQ(MacRomanByte(0x20AC), 0xDB);
  EXPECT_EQ(MacRomanByte(0x00C4), 0x80);
  EXPECT_EQ(MacRomanByte(0x02C7), 0xFF);
  EXPECT_EQ(MacRomanByte(U'A'), -1);
}

}  // namespace
}  // namespace rungs
