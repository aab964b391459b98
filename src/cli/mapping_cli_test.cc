// `rungs mapping init` run as a user would: on the real ServiceNow incident log, on an export
// rungs ships no mapping for, and on files that are no export at all.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "cli/test_support.h"

namespace rungs::test {
namespace {

const std::string kServiceNow = std::string(RUNGS_SHARED_DIR) +
                                "/datasets/servicenow_incident_event_log/incident_event_log.csv";

TEST(MappingCliTest, TheServiceNowLogIsRecognisedAsItsShippedMapping) {
  const CommandRun run = RunRungs("mapping init " + ShellQuote(kServiceNow));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_TRUE(
      Contains(run.out, "rungs mapping init: " + kServiceNow +
                            ": 36 columns, comma-separated; 2,000 rows sampled from its start."))
      << run.out;
  EXPECT_TRUE(Contains(run.out, "Matches the shipped mapping servicenow-incident (exact header)"))
      << run.out;
  EXPECT_TRUE(Contains(run.out, "Read through it, the sample: 2,000 rows,")) << run.out;
  EXPECT_TRUE(Contains(run.out, " excluded, 0 without an event, 0 with problems.")) << run.out;
  EXPECT_TRUE(Contains(run.out, "--mapping servicenow-incident --dry-run")) << run.out;
  // The YAML is the shipped mapping, with its zone assumption asked about.
  EXPECT_TRUE(Contains(run.out, "name: ServiceNow incident event log\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "format: \"d/m/yyyy H:MM\"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "# QUESTION: The times carry no zone")) << run.out;
  EXPECT_TRUE(Contains(run.out, "1. time.zone: The times carry no zone")) << run.out;
}

// A helpdesk without a shipped mapping: tab-separated, month-first US times, a bot.
std::string UnknownExport() {
  std::string text = "Case Number\tOwner Email\tCase Status\tLast Modified\tSubject\n";
  const char* owners[] = {"ana@acme.example", "ben@acme.example"};
  for (int i = 0; i < 40; ++i) {
    const std::string when =
        fmt::format("3/{}/2024 {}:{:02} {}", 1 + i % 28, 1 + i % 12, i, i % 2 ? "PM" : "AM");
    text += fmt::format("{}\t{}\t{}\t{}\tInvoice question {}\n", 1000 + i / 2,
                        i % 7 == 0 ? "noreply@acme.example" : owners[i % 2],
                        i % 2 ? "Closed" : "Working", when, i);
  }
  return text;
}

TEST(MappingCliTest, AnUnknownExportGetsADraftThatIngests) {
  const std::string dir = FreshDir("mapping-init");
  const std::string export_path = WriteFile(dir + "/cases.tsv", UnknownExport());
  const std::string draft = dir + "/cases.yaml";
  const CommandRun init = RunRungs("mapping init " + ShellQuote(export_path) + " --out " +
                                   ShellQuote(draft) + " --name \"Acme cases\"");
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_TRUE(Contains(init.out, "Wrote " + draft)) << init.out;
  EXPECT_TRUE(Contains(init.out, "person: \"Owner Email\"")) << init.out;
  EXPECT_TRUE(Contains(init.out, "conversation: \"Case Number\"")) << init.out;
  EXPECT_TRUE(Contains(init.out, "time: \"Last Modified\"")) << init.out;
  EXPECT_TRUE(Contains(init.out, "status: \"Case Status\"")) << init.out;
  EXPECT_TRUE(Contains(init.out, "excluded: \"noreply@acme.example\"")) << init.out;
  EXPECT_TRUE(Contains(init.out, "time.zone: Which zone")) << init.out;
  const std::string yaml = ReadFile(draft);
  EXPECT_TRUE(Contains(yaml, "name: \"Acme cases\"\n")) << yaml;
  EXPECT_TRUE(Contains(yaml, "  delimiter: \"\\t\"\n")) << yaml;
  EXPECT_TRUE(Contains(yaml, "  format: \"m/d/yyyy h:MM AM/PM\"\n")) << yaml;
  EXPECT_TRUE(Contains(yaml, "# QUESTION: Which zone")) << yaml;

  // The draft reads the export as it is.
  const CommandRun dry = RunRungs("ingest " + ShellQuote(export_path) + " --mapping " +
                                  ShellQuote(draft) + " --dry-run");
  EXPECT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_TRUE(Contains(dry.out, "  read                        40\n")) << dry.out;
  EXPECT_TRUE(Contains(dry.out, "  with problems                0")) << dry.out;

  // --out never overwrites without --force.
  const CommandRun again =
      RunRungs("mapping init " + ShellQuote(export_path) + " --out " + ShellQuote(draft));
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(
      Contains(again.out, "rungs mapping init: " + draft + " exists; --force overwrites it"))
      << again.out;
  EXPECT_TRUE(Contains(ReadFile(draft), "Acme cases"));
  const CommandRun forced = RunRungs("mapping init " + ShellQuote(export_path) + " --out " +
                                     ShellQuote(draft) + " --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.out;
  EXPECT_TRUE(Contains(ReadFile(draft), "name: \"Draft mapping for cases.tsv\""));

  // Without --out the YAML goes to standard output and the summary to standard error.
  const std::string printed = dir + "/printed.yaml";
  const std::string summary = dir + "/summary.txt";
  // Not RunRungs: it sends stderr where stdout goes.
  const int status =
      std::system((std::string(RUNGS_BINARY) + " mapping init " + ShellQuote(export_path) + " >" +
                   ShellQuote(printed) + " 2>" + ShellQuote(summary))
                      .c_str());
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(ReadFile(summary).starts_with("rungs mapping init: " + export_path))
      << ReadFile(summary);
  EXPECT_TRUE(ReadFile(printed).starts_with("# A draft mapping for cases.tsv"))
      << ReadFile(printed);
  EXPECT_FALSE(Contains(ReadFile(printed), "rungs mapping init:"));
}

TEST(MappingCliTest, WhatIsNoExportIsAClearErrorNamingTheFile) {
  const std::string dir = FreshDir("mapping-bad");
  struct Case {
    std::string name;
    std::string bytes;
    std::string message;
  };
  const Case cases[] = {
      {"empty.csv", "", "empty.csv: the file is empty"},
      {"latin1.csv", "agent,ts\nJos\xE9,2024-03-04T09:00:00Z\n",
       "latin1.csv:2:4: not UTF-8 (byte 0xE9)"},
      {"binary.csv", std::string("agent,ts\n\x01\x02\0\x03", 13), "binary.csv:2:3: binary data"},
      {"book.xlsx", std::string("PK\x03\x04\x14\0\x06\0", 8), "book.xlsx: a ZIP archive"},
      {"utf16.csv",
       "\xFF\xFE"
       "a\0",
       "utf16.csv:1:1: the file is UTF-16"},
      {"one.csv", "agent\nana\n", "one.csv:1:1: the header has one column (\"agent\")"},
      {"data.csv", "ana,2024-03-04T09:00:00Z,3\n",
       "data.csv:1:5: the first row looks like data (\"2024-03-04T09:00:00Z\")"},
      {"header-only.csv", "who,what,when\n", "header-only.csv:2:1: no rows after the header"},
  };
  for (const Case& c : cases) {
    const std::string path = WriteFile(dir + "/" + c.name, c.bytes);
    const CommandRun run = RunRungs("mapping init " + ShellQuote(path));
    EXPECT_EQ(run.exit_code, 1) << c.name << ": " << run.out;
    EXPECT_TRUE(Contains(run.out, "rungs mapping init: " + dir + "/" + c.message))
        << c.name << ": " << run.out;
  }
  const CommandRun missing = RunRungs("mapping init " + ShellQuote(dir + "/nope.csv"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Contains(missing.out, "nope.csv: cannot open: No such file or directory"))
      << missing.out;
  const CommandRun folder = RunRungs("mapping init " + ShellQuote(dir));
  EXPECT_EQ(folder.exit_code, 1);
  EXPECT_TRUE(Contains(folder.out, "cannot read: Is a directory")) << folder.out;
  EXPECT_EQ(RunRungs("mapping").exit_code, 2);
  EXPECT_EQ(RunRungs("mapping init").exit_code, 2);
}

}  // namespace
}  // namespace rungs::test
