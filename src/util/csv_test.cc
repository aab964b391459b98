#include "util/csv.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace rungs {
namespace {

TEST(CsvTest, QuotedCellsWithNewlinesAndCrlf) {
  const CsvTable t = ParseDelimited("a,\"b\r\nc\",\"d\"\"e\"\r\nx,y\r\n", ',', "f.csv");
  ASSERT_TRUE(t.diagnostics.empty());
  ASSERT_EQ(t.rows.size(), 2u);
  ASSERT_EQ(t.rows[0].cells.size(), 3u);
  EXPECT_EQ(t.rows[0].cells[1].text, "b\nc");
  EXPECT_EQ(t.rows[0].cells[2].text, "d\"e");
  EXPECT_EQ(t.rows[1].line, 3);
  EXPECT_EQ(t.rows[1].cells[1].column, 3);
}

TEST(CsvTest, UnclosedQuoteIsReportedWhereItOpens) {
  const CsvTable t = ParseDelimited("a\tb\n\"never closed\tx\n", '\t', "f.tsv");
  ASSERT_EQ(t.diagnostics.size(), 1u);
  EXPECT_EQ(t.diagnostics[0].line, 2);
  EXPECT_EQ(t.diagnostics[0].column, 1);
}

TEST(CsvTest, GuessesTabsPastATitleLine) {
  EXPECT_EQ(GuessDelimiter("Title\n\n\tA\tB\n"), '\t');
  EXPECT_EQ(GuessDelimiter("a;b;c\n"), ';');
  EXPECT_EQ(GuessDelimiter("a,b\n"), ',');
}

// ParseDelimited as it was before it read through CsvStream: what matrix and roster messages
// were written against.
CsvTable LegacyParseDelimited(std::string_view text, char delimiter, const std::string& file) {
  CsvTable table;
  int line = 1;
  int column = 1;
  size_t i = 0;
  const size_t n = text.size();
  auto advance = [&](char c) {
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != '\r') {
      ++column;
    }
  };
  while (i < n) {
    CsvRow row;
    row.line = line;
    bool row_done = false;
    while (!row_done) {
      CsvCell cell;
      cell.line = line;
      cell.column = column;
      if (i < n && text[i] == '"') {
        const int open_line = line;
        const int open_column = column;
        advance(text[i]);
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              cell.text += '"';
              advance(c);
              advance(c);
              i += 2;
              continue;
            }
            advance(c);
            ++i;
            closed = true;
            break;
          }
          if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
            ++i;  // keep newlines inside cells as '\n'
            continue;
          }
          cell.text += c;
          advance(c);
          ++i;
        }
        if (!closed) {
          table.diagnostics.push_back({Severity::kError, file, open_line, open_column,
                                       "unclosed-quote",
                                       "quoted cell is never closed; the rest of the file was "
                                       "read into it"});
        }
        // Text after the closing quote up to the delimiter is kept, as spreadsheets do.
        while (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
          cell.text += text[i];
          advance(text[i]);
          ++i;
        }
      } else {
        while (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
          cell.text += text[i];
          advance(text[i]);
          ++i;
        }
      }
      row.cells.push_back(std::move(cell));
      if (i < n && text[i] == delimiter) {
        advance(text[i]);
        ++i;
        continue;
      }
      row_done = true;
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') {
        advance('\n');
        ++i;
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

// Every line, column, cell and diagnostic of the old reader, on random text made of the bytes
// that steer it (delimiters, quotes, CR, LF, a two-byte character).
TEST(CsvTest, ReadsAsTheOldReaderDid) {
  const std::string_view pieces[] = {"a",  "b",  ",",    "\t",       "\"",
                                     "\r", "\n", "\r\n", "\xC3\xA9", " "};
  std::mt19937 random(7);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = random() % 24;
    for (size_t i = 0; i < length; ++i) text += pieces[random() % std::size(pieces)];
    const char delimiter = round % 2 == 0 ? ',' : '\t';
    const CsvTable got = ParseDelimited(text, delimiter, "f.csv");
    const CsvTable want = LegacyParseDelimited(text, delimiter, "f.csv");
    ASSERT_EQ(got.rows.size(), want.rows.size()) << text;
    for (size_t r = 0; r < want.rows.size(); ++r) {
      ASSERT_EQ(got.rows[r].line, want.rows[r].line) << text;
      ASSERT_EQ(got.rows[r].cells.size(), want.rows[r].cells.size()) << text;
      for (size_t c = 0; c < want.rows[r].cells.size(); ++c) {
        const CsvCell& g = got.rows[r].cells[c];
        const CsvCell& w = want.rows[r].cells[c];
        ASSERT_EQ(g.text, w.text) << text;
        ASSERT_EQ(g.line, w.line) << text;
        ASSERT_EQ(g.column, w.column) << text;
      }
    }
    ASSERT_EQ(got.diagnostics.size(), want.diagnostics.size()) << text;
    for (size_t d = 0; d < want.diagnostics.size(); ++d) {
      ASSERT_EQ(FormatDiagnostic(got.diagnostics[d]), FormatDiagnostic(want.diagnostics[d]));
    }
  }
}

}  // namespace
}  // namespace rungs
