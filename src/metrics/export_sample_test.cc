#include "metrics/export_sample.h"

#include <gtest/gtest.h>

#include <string>

namespace rungs {
namespace {

constexpr const char* kExportHeader = "ticket,agent,note,ts\n";

std::string Row(int i, const std::string& note = "ok") {
  return "T" + std::to_string(i) + ",ana," + note + ",2024-03-04T09:00:00Z\n";
}

TEST(ExportSampleTest, APrefixCutInsideAQuotedLineBreakDropsThatRecord) {
  const std::string full =
      std::string(kExportHeader) + Row(1) + Row(2, "\"line one\nline two\"") + Row(3);
  // Cut after "line one\n": the quoted field of row 2 is open at the last line break.
  const size_t cut = full.find("line two");
  SampleLimits limits;
  limits.max_bytes = cut;
  const Result<ExportSample> s = ReadExportSample(full, "x.csv", limits);
  ASSERT_TRUE(s.ok()) << s.status().message;
  EXPECT_FALSE(s->whole);
  EXPECT_TRUE(s->dropped_open_quote);
  ASSERT_EQ(s->rows.size(), 1u);
  EXPECT_EQ(s->rows[0][0], "T1");
  EXPECT_EQ(s->text, std::string(kExportHeader) + Row(1));
  // The whole export keeps the record, line break and all.
  const Result<ExportSample> whole = ReadExportSample(full, "x.csv");
  ASSERT_TRUE(whole.ok());
  EXPECT_TRUE(whole->whole);
  ASSERT_EQ(whole->rows.size(), 3u);
  EXPECT_EQ(whole->rows[1][2], "line one\nline two");
  EXPECT_EQ(whole->lines[2], 5);
}

TEST(ExportSampleTest, APrefixCutInsideAUtf8SequenceIsNotAnEncodingError) {
  const std::string full = std::string(kExportHeader) + Row(1, "Zoë") + Row(2, "Zoë");
  SampleLimits limits;
  limits.max_bytes = full.rfind("\xC3") + 1;  // between the two bytes of the last "ë"
  const Result<ExportSample> s = ReadExportSample(full, "x.csv", limits);
  ASSERT_TRUE(s.ok()) << s.status().message;
  ASSERT_EQ(s->rows.size(), 1u);
  EXPECT_EQ(s->rows[0][2], "Zoë");
}

TEST(ExportSampleTest, RowsPastTheLimitAreLeftForTheReader) {
  std::string text = kExportHeader;
  for (int i = 0; i < 10; ++i) text += Row(i);
  SampleLimits limits;
  limits.max_rows = 4;
  const Result<ExportSample> s = ReadExportSample("\xEF\xBB\xBF" + text, "x.csv", limits);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->rows.size(), 4u);
  EXPECT_FALSE(s->whole);
  EXPECT_EQ(s->text, std::string(kExportHeader) + Row(0) + Row(1) + Row(2) + Row(3));
  EXPECT_EQ(s->header[0], "ticket") << "the byte order mark is not part of the first name";
}

TEST(ExportSampleTest, HeaderNamesAreTrimmedAsTheReaderDoes) {
  const Result<ExportSample> s = ReadExportSample("a ; b ;c\r\n1;2;3\r\n", "x.csv");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->delimiter, ';');
  EXPECT_EQ(s->header, (std::vector<std::string>{"a", " b", "c"}));
  EXPECT_EQ(s->first_line, "a ; b ;c");
}

std::string Error(std::string_view bytes, const SampleLimits& limits = {}) {
  const Result<ExportSample> s = ReadExportSample(bytes, "export.csv", limits);
  return s.ok() ? "" : s.status().message;
}

TEST(ExportSampleTest, WhatIsNoExportIsSaidWithItsPlace) {
  EXPECT_EQ(Error(""), "export.csv: the file is empty");
  EXPECT_EQ(Error(" \n\r\n"), "export.csv: the file is empty");
  EXPECT_EQ(Error("\xFF\xFEt\0i\0"), "export.csv:1:1: the file is UTF-16; save it as UTF-8");
  EXPECT_NE(Error("PK\x03\x04rest").find("a ZIP archive (an .xlsx"), std::string::npos);
  EXPECT_NE(Error(std::string("a,b\n1,x\0y\n", 10)).find("export.csv:2:4: binary data"),
            std::string::npos);
  EXPECT_EQ(Error("who,when\nJos\xE9,2024-03-04T09:00:00Z\n"),
            "export.csv:2:4: not UTF-8 (byte 0xE9): save the export as UTF-8 (a spreadsheet's "
            "\"CSV UTF-8\")");
  EXPECT_NE(Error("\nwho,when\n").find("export.csv:1:1: the first line is blank"),
            std::string::npos);
  EXPECT_NE(Error("just one column\nx\n").find("export.csv:1:1: the header has one column"),
            std::string::npos);
  EXPECT_NE(Error("ana,2024-03-04 09:00,17\nben,2024-03-04 10:00,18\n")
                .find("export.csv:1:5: the first row looks like data (\"2024-03-04 09:00\")"),
            std::string::npos);
  EXPECT_EQ(Error("who,\"when\nand more"),
            "export.csv:1:5: the header row never ends (a quote is not closed)");
  SampleLimits small;
  small.max_bytes = 8;
  EXPECT_NE(Error("a_very_long_header,b\n", small).find("longer than 8 bytes"), std::string::npos);
}

}  // namespace
}  // namespace rungs
