#include "progress/stamped_cache.h"

#include <string>

#include <gtest/gtest.h>

namespace rungs {
namespace {

std::shared_ptr<const std::string> Text(const char* s) {
  return std::make_shared<const std::string>(s);
}

TEST(StampedCacheTest, ServesAValueOnlyAtTheStampItWasBuiltAt) {
  StampedCache<std::string> cache(4);
  EXPECT_EQ(cache.Find(1, 10), nullptr);
  cache.Put(1, 10, Text("page of 1"));
  ASSERT_NE(cache.Find(1, 10), nullptr);
  EXPECT_EQ(*cache.Find(1, 10), "page of 1");
  EXPECT_EQ(cache.Find(2, 10), nullptr);
  // A write moved the stamp: the old page is gone, not served again if the stamp came back.
  EXPECT_EQ(cache.Find(1, 11), nullptr);
  EXPECT_EQ(cache.Find(1, 10), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(StampedCacheTest, PuttingAgainReplaces) {
  StampedCache<std::string> cache(4);
  cache.Put(1, 10, Text("old"));
  cache.Put(1, 11, Text("new"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(*cache.Find(1, 11), "new");
}

TEST(StampedCacheTest, EvictsTheLeastRecentlyUsed) {
  StampedCache<std::string> cache(2);
  cache.Put(1, 10, Text("one"));
  cache.Put(2, 10, Text("two"));
  ASSERT_NE(cache.Find(1, 10), nullptr);  // 1 is now more recent than 2
  cache.Put(3, 10, Text("three"));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(cache.Find(1, 10), nullptr);
  EXPECT_EQ(cache.Find(2, 10), nullptr);
  EXPECT_NE(cache.Find(3, 10), nullptr);
}

TEST(StampedCacheTest, AReaderKeepsItsValueAfterEviction) {
  StampedCache<std::string> cache(1);
  cache.Put(1, 10, Text("one"));
  std::shared_ptr<const std::string> held = cache.Find(1, 10);
  cache.Put(2, 10, Text("two"));
  EXPECT_EQ(cache.Find(1, 10), nullptr);
  EXPECT_EQ(*held, "one");
}

TEST(StampedCacheTest, ZeroCapacityKeepsNothing) {
  StampedCache<std::string> cache(0);
  cache.Put(1, 10, Text("one"));
  EXPECT_EQ(cache.Find(1, 10), nullptr);
}

TEST(StampedCacheTest, TextKeysMatchOnlyWhole) {
  StampedCache<std::string, std::string> cache(4);
  cache.Put("7|manager|page 1", 10, Text("view of 7"));
  EXPECT_EQ(cache.Find("7|manager|page 2", 10), nullptr);
  EXPECT_EQ(cache.Find("7|manager|page 1 ", 10), nullptr);
  ASSERT_NE(cache.Find("7|manager|page 1", 10), nullptr);
  EXPECT_EQ(*cache.Find("7|manager|page 1", 10), "view of 7");
}

}  // namespace
}  // namespace rungs
