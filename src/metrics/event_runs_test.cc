#include "metrics/event_runs.h"
#include "metrics/metrics_test_support.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace rungs {
namespace {

struct Seen {
  uint32_t identity;
  int64_t ts;
  bool end;
  uint32_t line;
  std::string conversation;
  std::string time_text;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> All(EventRuns& runs) {
  std::vector<Seen> seen;
  const Status s = runs.ForEach([&seen](const RunEvent& e) {
    seen.push_back(
        {e.identity, e.ts, e.end, e.line, std::string(e.conversation), std::string(e.time_text)});
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message;
  return seen;
}

// The same events in the same order whether they fit in memory or go through hundreds of runs
// (merged into one whenever 128 pile up): by identity, time, an interval's end first, then the
// order they were added.
TEST(EventRunsTest, SpilledRunsMergeAsTheInMemorySort) {
  const std::string dir = testing::TempDir() + "event_runs_test_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  EventRuns memory(dir, size_t{64} << 20);
  EventRuns tiny(dir, 1);  // every event its own run
  std::mt19937 random(11);
  for (uint32_t line = 1; line <= 3000; ++line) {
    RunEvent e;
    e.identity = random() % 7;
    e.ts = random() % 40;  // many ties
    e.end = random() % 5 == 0;
    e.line = line;
    const std::string conversation = "C" + std::to_string(random() % 100);
    const std::string time = "t" + std::to_string(e.ts);
    e.conversation = conversation;
    e.time_text = time;
    ASSERT_TRUE(memory.Add(e).ok());
    ASSERT_TRUE(tiny.Add(e).ok());
  }
  EXPECT_EQ(memory.spilled_runs(), 0u);
  EXPECT_EQ(tiny.spilled_runs(), 3000u);
  EXPECT_EQ(test::FilesIn(dir), 0u);  // unlinked at once
  const std::vector<Seen> want = All(memory);
  ASSERT_EQ(want.size(), 3000u);
  for (size_t i = 1; i < want.size(); ++i) {
    const Seen& a = want[i - 1];
    const Seen& b = want[i];
    ASSERT_LE(std::make_tuple(a.identity, a.ts, !a.end), std::make_tuple(b.identity, b.ts, !b.end));
    if (std::make_tuple(a.identity, a.ts, a.end) == std::make_tuple(b.identity, b.ts, b.end)) {
      ASSERT_LT(a.line, b.line);  // ties in the order added
    }
  }
  EXPECT_EQ(All(tiny), want);
  EXPECT_EQ(All(tiny), want);  // read twice
}

// The run is written on another thread, so the error comes from the next Add.
TEST(EventRunsTest, AFolderThatCannotTakeRunsIsAnError) {
  EventRuns runs("/nonexistent/folder", 1);
  RunEvent e;
  ASSERT_TRUE(runs.Add(e).ok());
  const Status s = runs.Add(e);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message.find("cannot create a file for sorting events in /nonexistent/folder"),
            std::string::npos);
}

// A visit's error stops the merge and is handed back; an exception leaves as it came. Either
// way no file is left: each run was unlinked when it was made.
TEST(EventRunsTest, ErrorsAndExceptionsLeaveNoFile) {
  const std::string dir = testing::TempDir() + "event_runs_errors_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  {
    EventRuns runs(dir, 1);
    for (uint32_t line = 1; line <= 100; ++line) {
      RunEvent e;
      e.line = line;
      e.ts = line % 10;
      ASSERT_TRUE(runs.Add(e).ok());
    }
    int seen = 0;
    const Status s = runs.ForEach([&seen](const RunEvent&) {
      return ++seen == 10 ? Status::Invalid("stop here") : Status::Ok();
    });
    EXPECT_EQ(s.message, "stop here");
    EXPECT_EQ(seen, 10);
    EXPECT_THROW(
        (void)runs.ForEach([](const RunEvent&) -> Status { throw std::runtime_error("x"); }),
        std::runtime_error);
    EXPECT_EQ(test::FilesIn(dir), 0u);
  }
  EXPECT_EQ(test::FilesIn(dir), 0u);
}

}  // namespace
}  // namespace rungs
