#include "metrics/canonical_events.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "metrics/weekly_table.h"

namespace rungs {
namespace {

constexpr char kHeader[] = "event_id,conversation_id,agent_id,event_type,ts\n";

class CanonicalEventsTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "rungs-events.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& bytes, const std::string& name = "events.csv") {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(CanonicalEventsTest, ComputesTheWeeklyTable) {
  const std::string path = Write(std::string(kHeader) +
                                 "1,,agent-2,status_active,2026-03-02T09:00:00Z\n"
                                 "2,C1,agent-2,assigned,2026-03-02T09:05:00Z\n"
                                 "3,C1,agent-2,closed,2026-03-02T09:20:00Z\n"
                                 "4,,agent-1,status_active,2026-03-02T10:00:00Z\n"
                                 "5,C2,agent-2,closed,2026-03-02T10:00:00Z\n"
                                 "6,C1,agent-2,closed,2026-03-02T10:30:00Z\n"
                                 "7,,agent-2,status_away,2026-03-02T13:00:00Z\n"
                                 "8,,agent-1,status_away,2026-03-02T11:30:00Z\n"
                                 "9,C3,agent-1,closed,2026-03-09T09:00:00Z\n");
  Result<EventsReading> reading = ReadCanonicalEvents(path);
  ASSERT_TRUE(reading.ok()) << reading.status().message;
  EXPECT_EQ(reading->rows, 9);
  EXPECT_EQ(reading->counted, 9);
  EXPECT_TRUE(reading->problems.empty());
  EXPECT_EQ(WeeklyTableCsv(reading->agents),
            "agent_id,week,closed,active_hours,conversations_per_hour\n"
            "agent-1,2026-W10,0,1.500000,0.000000\n"
            "agent-1,2026-W11,1,0.000000,\n"
            "agent-2,2026-W10,2,4.000000,0.500000\n");
}

// Ids are UTF-8 text, not ASCII: a name in any script is an agent (every such row was once
// refused as not-utf8).
TEST_F(CanonicalEventsTest, IdsInAnyScriptAreRead) {
  const std::string path = Write(std::string(kHeader) +
                                 "é1,,José,status_active,2026-03-02T09:00:00Z\n"
                                 "ж2,разговор-1,José,closed,2026-03-02T09:30:00Z\n"
                                 "3,,Жанна,status_active,2026-03-02T09:00:00Z\n"
                                 "4,会話-2,Жанна,closed,2026-03-02T09:10:00Z\n"
                                 "5,,王小明,status_active,2026-03-02T10:00:00Z\n"
                                 "6,😀,王小明,closed,2026-03-02T10:20:00Z\n"
                                 "7,,José,status_away,2026-03-02T11:00:00Z\n"
                                 "8,,Жанна,status_away,2026-03-02T10:00:00Z\n"
                                 "9,,王小明,status_away,2026-03-02T12:00:00Z\n"
                                 "🎧,,agent 🎧,status_active,2026-03-02T09:00:00Z\n");
  Result<EventsReading> reading = ReadCanonicalEvents(path);
  ASSERT_TRUE(reading.ok()) << reading.status().message;
  EXPECT_TRUE(reading->problems.empty());
  EXPECT_EQ(reading->counted, 10);
  EXPECT_EQ(WeeklyTableCsv(reading->agents),
            "agent_id,week,closed,active_hours,conversations_per_hour\n"
            "José,2026-W10,1,2.000000,0.500000\n"
            "agent 🎧,2026-W10,0,0.000000,\n"
            "Жанна,2026-W10,1,1.000000,1.000000\n"
            "王小明,2026-W10,1,2.000000,0.500000\n");
}

// The file a fuzzing run trapped on: a status row earlier than the agent's reply was accepted
// on one thread (159 active hours in 2026-W10) and refused on three.
TEST_F(CanonicalEventsTest, AStatusRowEarlierThanAReplyIsOutOfOrderOnAnyThreadCount) {
  const std::string path = Write(std::string(kHeader) +
                                 "1,,agent-1,status_active,2026-03-02T09:00:00Z\n"
                                 "2,C1,agent-1,replied,2026-03-18T23:59:59Z\n"
                                 "3,,agent-1,status_away,2026-03-08T23:59:59Z\n");
  for (int threads : {1, 2, 3}) {
    ReadEventsOptions options;
    options.threads = threads;
    Result<EventsReading> reading = ReadCanonicalEvents(path, options);
    ASSERT_TRUE(reading.ok()) << reading.status().message;
    ASSERT_EQ(reading->problems.size(), 1u) << threads;
    EXPECT_EQ(reading->problems[0].line, 4);
    EXPECT_EQ(reading->problems[0].problem, RowProblem::kOutOfOrder);
    EXPECT_EQ(WeeklyTableCsv(reading->agents),
              "agent_id,week,closed,active_hours,conversations_per_hour\n"
              "agent-1,2026-W10,0,0.000000,\n")
        << threads;
  }
}

// A missed log-off: active on Monday, away the Monday after. It counts 12 hours, not 168, and
// is a warning at the row that ended it; the row is not skipped.
TEST_F(CanonicalEventsTest, AMissedLogOffCountsUpToTheCapAndIsReported) {
  const std::string path = Write(std::string(kHeader) +
                                 "1,,agent-1,status_active,2026-03-02T09:00:00Z\n"
                                 "2,C1,agent-1,closed,2026-03-02T10:00:00Z\n"
                                 "3,,agent-1,status_away,2026-03-09T09:00:00Z\n");
  Result<EventsReading> reading = ReadCanonicalEvents(path);
  ASSERT_TRUE(reading.ok()) << reading.status().message;
  EXPECT_EQ(reading->counted, 3);
  ASSERT_EQ(reading->problems.size(), 1u);
  EXPECT_FALSE(Skipped(reading->problems[0]));
  const std::vector<Diagnostic> described = DescribeProblems(path, reading->problems, 10);
  ASSERT_EQ(described.size(), 1u);
  EXPECT_EQ(FormatDiagnostic(described[0]),
            path +
                ":4:1: warning: the agent was active for 168.0 hours before this row (from "
                "2026-03-02T09:00:00Z), longer than the cap of 12 hours (a missed log-off?); "
                "counted as 12 hours [long-interval]");
  EXPECT_EQ(WeeklyTableCsv(reading->agents),
            "agent_id,week,closed,active_hours,conversations_per_hour\n"
            "agent-1,2026-W10,1,12.000000,0.083333\n");
}

TEST_F(CanonicalEventsTest, BadRowsAreCountedAndReportedWithTheirLineAndColumn) {
  const std::string path = Write(std::string(kHeader) +
                                 "1,,agent-1,status_active,2026-03-02T09:00:00Z\n"
                                 "2,C1,agent-1,closed\n"                         // 3
                                 "3,C1,agent-1,resolved,2026-03-02T09:10:00Z\n"  // 4
                                 "4,C1,agent-1,closed,2/3/2026 09:10\n"          // 5
                                 "5,,agent-1,closed,2026-03-02T09:10:00Z\n"      // 6
                                 "6,C1,agent-1,closed,2026-03-02T09:11:00Z\n"
                                 "6,C1,agent-1,closed,2026-03-02T09:11:00Z\n"     // 8
                                 "7,,agent-1,status_away,2026-03-02T08:00:00Z\n"  // 9
                                 "8,C\xe9,agent-1,closed,2026-03-02T09:12:00Z\n"  // 10
                                 "\n"
                                 "9,C2,agent-1,closed,2026-03-02T09:13:00Z,extra\n"  // 12
                                 "10,,agent-1,status_away,2026-03-02T10:00:00Z\r\n");
  Result<EventsReading> reading = ReadCanonicalEvents(path);
  ASSERT_TRUE(reading.ok()) << reading.status().message;
  EXPECT_EQ(reading->rows, 11);  // the blank line is not a row
  EXPECT_EQ(reading->counted, 3);
  ASSERT_EQ(reading->problems.size(), 8u);
  std::vector<Diagnostic> described = DescribeProblems(path, reading->problems, 100);
  ASSERT_EQ(described.size(), 8u);
  std::vector<std::string> got;
  got.reserve(described.size());
  for (const Diagnostic& d : described) got.push_back(FormatDiagnostic(d));
  const std::string& file = path;
  EXPECT_EQ(got[0], file +
                        ":3:1: error: expected 5 fields (event_id,conversation_id,agent_id,"
                        "event_type,ts), found: 2,C1,agent-1,closed [field-count]");
  EXPECT_EQ(got[1], file +
                        ":4:14: error: event_type \"resolved\" is not one of assigned, "
                        "replied, closed, status_active, status_away [bad-event-type]");
  EXPECT_EQ(got[2], file +
                        ":5:21: error: ts \"2/3/2026 09:10\" is not an ISO 8601 UTC time "
                        "like 2026-01-05T09:00:00Z [bad-timestamp]");
  EXPECT_EQ(got[3], file + ":6:3: error: conversation_id is empty [missing-field]");
  EXPECT_EQ(reading->problems[4].line, 8);
  EXPECT_EQ(reading->problems[4].problem, RowProblem::kDuplicate);
  EXPECT_EQ(reading->problems[5].line, 9);
  EXPECT_EQ(reading->problems[5].problem, RowProblem::kOutOfOrder);
  EXPECT_EQ(got[6], file +
                        ":10:3: error: conversation_id is not UTF-8 (is the file in another "
                        "encoding?) [not-utf8]");
  EXPECT_EQ(reading->problems[7].line, 12);
  EXPECT_EQ(reading->problems[7].problem, RowProblem::kFieldCount);
  EXPECT_EQ(reading->problem_counts[static_cast<size_t>(RowProblem::kFieldCount)], 2);
  // The good rows still count: an hour active, one conversation closed.
  ASSERT_EQ(reading->agents.size(), 1u);
  EXPECT_EQ(reading->agents[0].weeks[0].active_seconds, 3600);
  EXPECT_EQ(reading->agents[0].weeks[0].closed, 1);
}

TEST_F(CanonicalEventsTest, AFileThatIsNotTheCanonicalOneSaysWhatItLooksLike) {
  Result<EventsReading> tabs = ReadCanonicalEvents(
      Write("event_id\tconversation_id\tagent_id\tevent_type\tts\n1\tC1\ta\tclosed\tx\n"));
  ASSERT_FALSE(tabs.ok());
  EXPECT_NE(tabs.status().message.find(":1:1: expected the header"), std::string::npos);
  EXPECT_NE(tabs.status().message.find("tab-separated"), std::string::npos);

  Result<EventsReading> utf16 =
      ReadCanonicalEvents(Write(std::string("\xff\xfe"
                                            "e\0v\0",
                                            6)));
  ASSERT_FALSE(utf16.ok());
  EXPECT_NE(utf16.status().message.find("UTF-16"), std::string::npos);

  EXPECT_NE(ReadCanonicalEvents(Write("")).status().message.find("empty"), std::string::npos);
  EXPECT_NE(ReadCanonicalEvents(Write(kHeader)).status().message.find("no rows"),
            std::string::npos);
  Result<EventsReading> none =
      ReadCanonicalEvents(Write(std::string(kHeader) + "1,C1,a,closed,yesterday\n"));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message.find("none of the 1 rows can be used"), std::string::npos);
  EXPECT_NE(
      ReadCanonicalEvents((dir_ / "missing.csv").string()).status().message.find("cannot open"),
      std::string::npos);
}

// Found by fuzz_events: eleven NUL bytes matched the date cache before any date was read.
TEST_F(CanonicalEventsTest, ATimestampOfNulBytesIsBadEvenAsTheFirstRow) {
  const std::string path =
      Write(std::string(kHeader) + "1,,agent-1,status_active," + std::string(11, '\0') +
            "08:00:00Z\n" + "2,C1,agent-1,closed,2026-03-02T09:00:00Z\n");
  Result<EventsReading> reading = ReadCanonicalEvents(path);
  ASSERT_TRUE(reading.ok()) << reading.status().message;
  ASSERT_EQ(reading->problems.size(), 1u);
  EXPECT_EQ(reading->problems[0].problem, RowProblem::kBadTimestamp);
}

TEST_F(CanonicalEventsTest, AcceptsABomCrlfAndQuotedFields) {
  const std::string path = Write(
      "\xEF\xBB\xBF"
      "event_id,conversation_id,agent_id,event_type,ts\r\n"
      "1,,\"agent, one\",status_active,2026-03-02T09:00:00Z\r\n"
      "2,\"C\"\"1\",\"agent, one\",closed,2026-03-02T09:30:00Z\r\n"
      "3,,\"agent, one\",status_away,\"2026-03-02T10:00:00Z\"\r\n");
  Result<EventsReading> reading = ReadCanonicalEvents(path);
  ASSERT_TRUE(reading.ok()) << reading.status().message;
  EXPECT_TRUE(reading->problems.empty()) << reading->problems.size();
  EXPECT_EQ(WeeklyTableCsv(reading->agents),
            "agent_id,week,closed,active_hours,conversations_per_hour\n"
            "\"agent, one\",2026-W10,1,1.000000,1.000000\n");
}

// A file of many agents in time order, with a few bad rows, read on 1 to 7 threads: the
// table and the problems never depend on how the file was split.
TEST_F(CanonicalEventsTest, TheThreadCountNeverChangesTheAnswer) {
  std::mt19937 random(42);
  std::string text = kHeader;
  int64_t ts = 1772409600;  // 2026-03-02T00:00:00Z
  const char* types[] = {"assigned", "replied", "closed", "status_active", "status_away"};
  for (int i = 1; i <= 20000; ++i) {
    ts += static_cast<int64_t>(random() % 400);
    const int agent = static_cast<int>(random() % 37);
    const char* type = types[random() % 5];
    const bool status = type[0] == 's';
    const time_t t = static_cast<time_t>(ts);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    if (i % 997 == 0) {
      text += std::to_string(i) + ",C1,agent-" + std::to_string(agent) + ",closed,bad\n";
      continue;
    }
    text += std::to_string(i) + "," + (status ? "" : "C" + std::to_string(random() % 3000)) +
            ",agent-" + std::to_string(agent) + "," + type + "," + when + "\n";
  }
  const std::string path = Write(text);
  ReadEventsOptions one;
  one.threads = 1;
  Result<EventsReading> serial = ReadCanonicalEvents(path, one);
  ASSERT_TRUE(serial.ok()) << serial.status().message;
  EXPECT_EQ(serial->problem_counts[static_cast<size_t>(RowProblem::kBadTimestamp)], 20);
  EXPECT_GT(serial->problem_counts[static_cast<size_t>(RowProblem::kLongInterval)], 5);
  const std::string table = WeeklyTableCsv(serial->agents);
  EXPECT_GT(table.size(), 1000u);
  for (int threads = 2; threads <= 7; ++threads) {
    ReadEventsOptions options;
    options.threads = threads;
    Result<EventsReading> parallel = ReadCanonicalEvents(path, options);
    ASSERT_TRUE(parallel.ok());
    EXPECT_EQ(parallel->threads, threads);
    EXPECT_EQ(WeeklyTableCsv(parallel->agents), table) << threads;
    EXPECT_EQ(parallel->counted, serial->counted);
    ASSERT_EQ(parallel->problems.size(), serial->problems.size());
    for (size_t i = 0; i < serial->problems.size(); ++i) {
      EXPECT_EQ(parallel->problems[i].line, serial->problems[i].line);
      EXPECT_EQ(parallel->problems[i].interval_seconds, serial->problems[i].interval_seconds);
    }
  }
}

// An agent whose rows go back in time across the place where the file is split: the reader
// reads the file again on one thread, so the row at fault is the one reported.
TEST_F(CanonicalEventsTest, RowsOutOfOrderAcrossASplitAreFoundLikeAnyOther) {
  std::string text = kHeader;
  for (int i = 0; i < 200; ++i) {
    text += std::to_string(i + 1) + ",,agent-1," + (i % 2 == 0 ? "status_active" : "status_away") +
            ",2026-03-02T" + (i < 100 ? "10" : "09") + ":" + std::to_string(10 + (i % 100) / 2) +
            ":00Z\n";
  }
  const std::string path = Write(text);
  ReadEventsOptions two;
  two.threads = 2;
  Result<EventsReading> split = ReadCanonicalEvents(path, two);
  ReadEventsOptions one;
  one.threads = 1;
  Result<EventsReading> serial = ReadCanonicalEvents(path, one);
  ASSERT_TRUE(split.ok() && serial.ok());
  EXPECT_EQ(split->threads, 1);  // fell back
  ASSERT_EQ(split->problems.size(), serial->problems.size());
  EXPECT_EQ(split->problems.front().line, 102);
  EXPECT_EQ(WeeklyTableCsv(split->agents), WeeklyTableCsv(serial->agents));
}

}  // namespace
}  // namespace rungs
