#include "util/csv_stream.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "util/utf8.h"

namespace rungs {
namespace {

std::vector<CsvRecord> ReadAll(std::string_view text, char delimiter = ',') {
  TextSource source(text);
  CsvStream stream(source, delimiter, '"');
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (stream.Next(r)) out.push_back(r);
  return out;
}

TEST(CsvStreamTest, QuotesCrlfAndPositions) {
  const std::vector<CsvRecord> records = ReadAll("a,\"b,\"\"c\"\"\"\r\n\"multi\nline\",é,x\r\n");
  ASSERT_EQ(records.size(), 2u);
  ASSERT_EQ(records[0].fields.size(), 2u);
  EXPECT_EQ(records[0].Field(1), "b,\"c\"");
  EXPECT_EQ(records[0].raw(), "a,\"b,\"\"c\"\"\"");  // the CR is not shown
  ASSERT_EQ(records[1].fields.size(), 3u);
  EXPECT_EQ(records[1].Field(0), "multi\nline");
  EXPECT_EQ(records[1].line, 2);
  // "é" starts on line 3 (after the quoted line break), column 7: columns count code points.
  EXPECT_EQ(records[1].fields[1].line, 3);
  EXPECT_EQ(records[1].fields[1].column, 7);
  EXPECT_EQ(records[1].fields[2].column, 9);
  EXPECT_EQ(records[1].Field(2), "x");
}

TEST(CsvStreamTest, UnclosedQuotesTooLongRecordsAndBlankLines) {
  const std::vector<CsvRecord> unclosed = ReadAll("a,b\n\"never closed,c\n");
  ASSERT_EQ(unclosed.size(), 2u);
  EXPECT_FALSE(unclosed[0].unclosed_quote);
  EXPECT_TRUE(unclosed[1].unclosed_quote);

  const std::string many(5000, ',');
  const std::vector<CsvRecord> wide = ReadAll(many + "\nnext\n");
  ASSERT_EQ(wide.size(), 2u);
  EXPECT_TRUE(wide[0].too_long);
  EXPECT_EQ(wide[1].Field(0), "next");  // the reader goes on after it

  const std::vector<CsvRecord> blank = ReadAll("a\n\r\n\nb\n");
  ASSERT_EQ(blank.size(), 4u);
  EXPECT_TRUE(blank[1].Blank());
  EXPECT_TRUE(blank[2].Blank());
  EXPECT_FALSE(blank[3].Blank());
}

// Text is handed out in 1 MiB blocks: a record across a block boundary reads whole.
TEST(CsvStreamTest, ARecordAcrossBlocksReadsWhole) {
  const std::string head(1 << 20, 'x');
  const std::vector<CsvRecord> records =
      ReadAll(head.substr(0, (1 << 20) - 3) + "\na,\"b\nc\",d\n");
  ASSERT_EQ(records.size(), 2u);
  ASSERT_EQ(records[1].fields.size(), 3u);
  EXPECT_EQ(records[1].Field(1), "b\nc");
  EXPECT_EQ(records[1].Field(2), "d");
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvStreamTest, FileSourceRefusesWhatIsNotARegularFile) {
  FileSource missing;
  const Status s = missing.Open("/nonexistent/export.csv");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message.find("/nonexistent/export.csv: cannot open"), std::string::npos);
  FileSource directory;
  EXPECT_NE(directory.Open("/tmp").message.find("not a regular file"), std::string::npos);
}

// The spreadsheet dialect (ParseDelimited's): a bare CR ends a row, and a CRLF split between two
// blocks is one row end, not an end and a blank row.
TEST(CsvStreamTest, SpreadsheetDialectEndsRowsAtCrAcrossBlocks) {
  const std::string text = std::string((1 << 20) - 1, 'x') + "\r\na\rb,\"c\r\nd\"\n";
  TextSource source(text);
  CsvDialect dialect;
  dialect.cr_ends_rows = true;
  CsvStream stream(source, dialect);
  std::vector<CsvRecord> records;
  CsvRecord r;
  while (stream.Next(r)) records.push_back(r);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].Field(0), "a");
  EXPECT_EQ(records[1].line, 2);
  ASSERT_EQ(records[2].fields.size(), 2u);
  EXPECT_EQ(records[2].Field(1), "c\nd");
}

// Records read whole from one block take a faster path than records across blocks; both must
// give the same fields, positions and raw text. One-byte blocks put every record across blocks.
TEST(CsvStreamTest, OneByteBlocksReadLikeWholeBlocks) {
  const std::string alphabet[] = {
      "a", "bc", "\xC3\xA9", "\xF0\x9F\x98\x80", ",", ";", "\"", "\n", "\r", "\r\n", " ", "\xFF"};
  std::mt19937 random(7);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int pieces = static_cast<int>(random() % 60);
    for (int k = 0; k < pieces; ++k) text += alphabet[random() % std::size(alphabet)];
    for (const bool spreadsheet : {false, true}) {
      CsvDialect dialect;
      dialect.cr_ends_rows = spreadsheet;
      dialect.max_fields = 6;
      dialect.max_record_bytes = 24;
      TextSource whole_source(text);
      TextSource bytes_source(text, 1);
      CsvStream whole(whole_source, dialect);
      CsvStream bytes(bytes_source, dialect);
      CsvRecord a;
      CsvRecord b;
      for (;;) {
        const bool more = whole.Next(a);
        ASSERT_EQ(more, bytes.Next(b)) << text;
        if (!more) break;
        ASSERT_EQ(a.fields.size(), b.fields.size()) << text;
        for (size_t f = 0; f < a.fields.size(); ++f) {
          EXPECT_EQ(a.Field(f), b.Field(f)) << text;
          if (a.ascii) {
            EXPECT_TRUE(IsValidUtf8(a.Field(f))) << text;
          }
          EXPECT_EQ(a.fields[f].line, b.fields[f].line) << text;
          EXPECT_EQ(a.fields[f].column, b.fields[f].column) << text;
        }
        EXPECT_EQ(a.raw(), b.raw()) << text;
        EXPECT_EQ(a.raw_bytes, b.raw_bytes) << text;
        EXPECT_EQ(a.line, b.line) << text;
        EXPECT_EQ(a.unclosed_quote, b.unclosed_quote) << text;
        EXPECT_EQ(a.too_long, b.too_long) << text;
        EXPECT_EQ(a.Blank(), b.Blank()) << text;
        ASSERT_EQ(whole.consumed(), bytes.consumed()) << text;
      }
    }
  }
}

}  // namespace
}  // namespace rungs
