#include "util/csv_read_ahead.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rungs {
namespace {

std::string Rows(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += std::to_string(i) + ",\"quoted, " + std::to_string(i) + "\"," +
            std::string(static_cast<size_t>(i % 50), 'x') + "\n";
  }
  return text;
}

// The same records, fields, lines and byte counts as the stream gives directly, across many
// batches, with a thread of its own or without.
TEST(CsvReadAheadTest, RecordsComeInOrderAsTheStreamGivesThem) {
  const std::string text = Rows(5000);
  TextSource direct_source(text);
  CsvStream direct(direct_source, ',', '"');
  std::vector<std::string> want;
  CsvRecord r;
  while (direct.Next(r)) want.push_back(std::to_string(r.line) + ":" + std::string(r.Field(1)));

  for (const bool own_thread : {true, false}) {
    TextSource source(text);
    CsvStream stream(source, ',', '"');
    CsvReadAhead ahead(stream, own_thread);
    std::vector<std::string> got;
    while (const CsvRecord* record = ahead.Next()) {
      got.push_back(std::to_string(record->line) + ":" + std::string(record->Field(1)));
    }
    EXPECT_EQ(got, want) << own_thread;
    EXPECT_EQ(ahead.consumed(), static_cast<int64_t>(text.size())) << own_thread;
    EXPECT_EQ(ahead.Next(), nullptr) << own_thread;  // and stays at the end
  }
}

// Stopping early (an error in the caller) ends the reading thread without reading the rest.
TEST(CsvReadAheadTest, StoppingEarlyEndsTheThread) {
  const std::string text = Rows(20000);
  TextSource source(text);
  CsvStream stream(source, ',', '"');
  {
    CsvReadAhead ahead(stream);
    ASSERT_NE(ahead.Next(), nullptr);
  }
  EXPECT_LT(stream.consumed(), static_cast<int64_t>(text.size()));
}

TEST(CsvReadAheadTest, AnEmptyInputHasNoRecord) {
  for (const bool own_thread : {true, false}) {
    TextSource source("");
    CsvStream stream(source, ',', '"');
    CsvReadAhead ahead(stream, own_thread);
    EXPECT_EQ(ahead.Next(), nullptr);
    EXPECT_EQ(ahead.consumed(), 0);
  }
}

}  // namespace
}  // namespace rungs
