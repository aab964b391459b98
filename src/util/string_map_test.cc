#include "util/string_map.h"

#include <map>
#include <random>
#include <string>

#include <gtest/gtest.h>

namespace rungs {
namespace {

// Random names of a small alphabet, so many share prefixes and lengths, checked against
// std::map through every growth of the table.
TEST(StringMapTest, FindsWhatWasInsertedAndNothingElse) {
  std::mt19937 random(7);
  std::map<std::string, int> want;
  StringMap<int> map;
  for (int i = 0; i < 5000; ++i) {
    std::string key(random() % 6, 'a');
    for (char& c : key) c = static_cast<char>('a' + random() % 3);
    if (want.count(key) != 0) {
      ASSERT_NE(map.Find(key), nullptr) << key;
      EXPECT_EQ(*map.Find(key), want[key]) << key;
      continue;
    }
    ASSERT_EQ(map.Find(key), nullptr) << key;
    map.Insert(key, i);
    want[key] = i;
  }
  EXPECT_EQ(map.size(), want.size());
  for (const auto& [key, value] : want) {
    ASSERT_NE(map.Find(key), nullptr) << key;
    EXPECT_EQ(*map.Find(key), value);
  }
}

TEST(StringMapTest, KeysDifferingInOneByteOrLengthAreDifferent) {
  StringMap<std::string> map;
  EXPECT_EQ(map.Find(""), nullptr);
  map.Insert("José", "latin");
  map.Insert("Jos", "short");
  map.Insert(std::string("a\0b", 3), "nul");
  map.Insert("", "empty");
  EXPECT_EQ(*map.Find("José"), "latin");
  EXPECT_EQ(*map.Find("Jos"), "short");
  EXPECT_EQ(*map.Find(std::string("a\0b", 3)), "nul");
  EXPECT_EQ(*map.Find(""), "empty");
  EXPECT_EQ(map.Find("a"), nullptr);
  EXPECT_EQ(map.Find("Josh"), nullptr);
}

}  // namespace
}  // namespace rungs
