#include "progress/stamped_cache.h"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

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

TEST(StampedCacheTest, ReadersAskingAtOnceWaitForOneBuild) {
  StampedCache<std::string> cache(4);
  std::atomic<int> builds = 0;
  auto build = [&]() -> Result<std::shared_ptr<const std::string>> {
    ++builds;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return Text("the team page");
  };
  std::vector<std::thread> readers;
  std::atomic<int> served = 0;
  readers.reserve(8);
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      Result<std::shared_ptr<const std::string>> got = cache.FindOrBuild(7, 10, build);
      if (got.ok() && **got == "the team page") ++served;
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(builds.load(), 1);
  EXPECT_EQ(served.load(), 8);
  // At another stamp it is built again; a build that fails is not remembered.
  auto failing = []() -> Result<std::shared_ptr<const std::string>> {
    return Status::Unavailable("the database is busy");
  };
  EXPECT_EQ(cache.FindOrBuild(7, 11, failing).status().code, StatusCode::kUnavailable);
  EXPECT_EQ(cache.Find(7, 11), nullptr);
  ASSERT_TRUE(cache.FindOrBuild(7, 11, build).ok());
  EXPECT_EQ(builds.load(), 2);
}

}  // namespace
}  // namespace rungs
