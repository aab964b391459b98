#include "util/csv.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace rungs
