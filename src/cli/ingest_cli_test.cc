// `rungs ingest` run as a user would, on the real ServiceNow incident log and the shipped
// mappings.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/test_support.h"
#include "metrics/iso_week.h"
#include "progress/measured.h"
#include "store/sqlite_store.h"

namespace rungs::test {
namespace {

const std::string kServiceNow = std::string(RUNGS_SHARED_DIR) +
                                "/datasets/servicenow_incident_event_log/incident_event_log.csv";
const std::string kMapping = std::string(RUNGS_SOURCE_DIR) + "/mappings/servicenow-incident.yaml";

TEST(IngestCliTest, ServiceNowDryRunTellsTheRealFacts) {
  const std::string dir = FreshDir("ingest");
  const std::string table = dir + "/weekly.csv";
  const CommandRun dry = RunRungs("ingest " + ShellQuote(kServiceNow) + " --mapping " +
                                  ShellQuote(kMapping) + " --dry-run --out " + ShellQuote(table));
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  const std::string& out = dry.out;
  EXPECT_TRUE(Contains(out, "  read                   119,998\n")) << out;
  // Distinct (number, resolved_by, resolved_at) among rows that have a resolver.
  EXPECT_TRUE(Contains(out, "19,325 events from 119,998 matching rows; 97,741 repeat")) << out;
  // The automation account: a quarter of the rows, counted as excluded, never as problems.
  EXPECT_TRUE(Contains(out,
                       "\"Updated by 908\" in sys_updated_by (automation account): had "
                       "events in 29,625 rows (24.7%)"))
      << out;
  EXPECT_TRUE(Contains(out, "  with problems                0 (0.0%)")) << out;
  // Two identity spaces, never paired.
  EXPECT_TRUE(Contains(out, "  resolved_by                  190 identities     19,325 events"))
      << out;
  EXPECT_TRUE(Contains(out, "  sys_updated_by               713 identities")) << out;
  EXPECT_TRUE(Contains(out, "Conversations per hour: no data.")) << out;
  EXPECT_TRUE(Contains(out, "(inferred)")) << out;
  EXPECT_TRUE(Contains(out, "activity % is no data")) << out;
  // Day-first read right: 29/2/2016 is a Monday.
  EXPECT_TRUE(Contains(out, "at \"29/2/2016 11:29\" = Mon 29 Feb 2016 11:29")) << out;
  const std::string csv = ReadFile(table);
  EXPECT_TRUE(Contains(csv,
                       "identity,space,week,closed,active_hours,active_time,"
                       "conversations_per_hour,scheduled_hours,activity_pct,qa_reviews,qa_pct\n"));
  EXPECT_TRUE(Contains(csv, "Resolved by 15,resolved_by,")) << csv.substr(0, 400);
  EXPECT_FALSE(Contains(csv, "Updated by 908")) << "excluded accounts have no rows";
  // Resolvers have no active time and updaters no closes: no rate anywhere.
  for (size_t at = csv.find('\n') + 1; at < csv.size();) {
    const size_t end = csv.find('\n', at);
    const std::string row = csv.substr(at, end - at);
    EXPECT_EQ(row.back(), ',') << row;
    at = end + 1;
  }
}

TEST(IngestCliTest, MonthFirstMappingOnADayFirstFileReportsBadTimestamps) {
  const std::string dir = FreshDir("ingest-mf");
  std::string mapping = ReadFile(kMapping);
  const size_t at = mapping.find("\"d/m/yyyy H:MM\"");
  ASSERT_NE(at, std::string::npos);
  mapping.replace(at, 15, "\"m/d/yyyy H:MM\"");
  const std::string path = WriteFile(dir + "/month-first.yaml", mapping);
  const std::string report = dir + "/problems.txt";
  const CommandRun run = RunRungs("ingest " + ShellQuote(kServiceNow) + " --mapping " +
                                  ShellQuote(path) + " --dry-run --report " + ShellQuote(report));
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_TRUE(Contains(run.out, "    bad-timestamp                                72,092"))
      << run.out;
  EXPECT_TRUE(Contains(run.out,
                       "incident_event_log.csv:2:294: error: resolved_at \"29/2/2016 "
                       "11:29\" is not a time in the format \"m/d/yyyy H:MM\""))
      << run.out;
  EXPECT_TRUE(Contains(run.out, "day and month swapped")) << run.out;
  EXPECT_TRUE(Contains(run.out, "the mapping probably does not fit this export")) << run.out;
  const std::string all = ReadFile(report);
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 72092);
  EXPECT_TRUE(Contains(all, "[bad-timestamp]"));
}

// Storing: a batch per file, the same file again changes nothing, people are linked to
// identities, and a batch is undone whole.
TEST(IngestCliTest, StoresABatchOnceLinksIdentitiesAndUndoes) {
  const std::string dir = FreshDir("ingest-store");
  const std::string data = " --data " + ShellQuote(dir + "/data");
  const std::string ingest =
      "ingest " + ShellQuote(kServiceNow) + " --mapping " + ShellQuote(kMapping) + data;
  const CommandRun first = RunRungs(ingest);
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_TRUE(Contains(first.out,
                       "Stored batch 1 (servicenow-incident): 119,998 rows read, "
                       "98,031 used, 21,967 excluded, 0 with problems"))
      << first.out;
  const CommandRun again = RunRungs(ingest);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_TRUE(Contains(again.out,
                       "was already ingested for servicenow-incident as batch 1; "
                       "nothing changed"))
      << again.out;
  const CommandRun list = RunRungs("batches list" + data);
  EXPECT_TRUE(Contains(list.out, "servicenow-incident")) << list.out;
  EXPECT_TRUE(Contains(list.out, "2016-W09 to 2017-W06")) << list.out;

  ASSERT_EQ(RunRungs("user add res11@example.com --name \"Res Eleven\"" + data).exit_code, 0);
  const CommandRun link = RunRungs(
      "identity link res11@example.com \"Resolved by 11\" --source servicenow-incident "
      "--space resolved_by" +
      data);
  EXPECT_EQ(link.exit_code, 0) << link.out;
  ASSERT_EQ(RunRungs("user add other@example.com --name Other" + data).exit_code, 0);
  const CommandRun taken = RunRungs(
      "identity link other@example.com \"Resolved by 11\" --source servicenow-incident "
      "--space resolved_by" +
      data);
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_TRUE(Contains(taken.out, "identity: this helpdesk identity is linked to someone else"))
      << taken.out;
  EXPECT_TRUE(Contains(RunRungs("identity list res11@example.com" + data).out,
                       "servicenow-incident  resolved_by  Resolved by 11"));

  // A typo is refused with the nearest identities that have data; --force links it anyway.
  const std::string typo =
      "identity link other@example.com \"Resolvd by 11\" --source servicenow-incident "
      "--space resolved_by" +
      data;
  const CommandRun refused = RunRungs(typo);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.out,
                       "rungs identity link: identity: no stored helpdesk data has \"Resolvd by "
                       "11\" in servicenow-incident resolved_by (a typo, or an account the "
                       "mapping excludes?); nearest with data: \"Resolved by 11\""))
      << refused.out;
  EXPECT_TRUE(Contains(refused.out, "--force links it all the same")) << refused.out;
  EXPECT_FALSE(Contains(RunRungs("identity list other@example.com" + data).out, "Resolvd"));
  EXPECT_EQ(RunRungs(typo + " --force").exit_code, 0);
  EXPECT_TRUE(Contains(RunRungs("identity list other@example.com" + data).out,
                       "servicenow-incident  resolved_by  Resolvd by 11"));

  const CommandRun undo = RunRungs("batches undo 1" + data);
  EXPECT_EQ(undo.exit_code, 0) << undo.out;
  EXPECT_TRUE(Contains(RunRungs("batches list" + data).out, "No helpdesk data is stored yet"));
  EXPECT_EQ(RunRungs("batches undo 1" + data).exit_code, 1);
}

TEST(IngestCliTest, ACanonicalFileNeedsNoMappingAndAnExportNamesItsOwn) {
  const std::string dir = FreshDir("ingest-canonical");
  const std::string data = " --data " + ShellQuote(dir + "/data");
  const std::string status =
      std::string(RUNGS_SOURCE_DIR) + "/testdata/helpdesk/canonical_status.csv";
  const CommandRun stored = RunRungs("ingest " + ShellQuote(status) + data);
  ASSERT_EQ(stored.exit_code, 0) << stored.out;
  EXPECT_TRUE(Contains(stored.out, "Stored batch 1 (canonical-status)")) << stored.out;

  const std::string intercom =
      std::string(RUNGS_SOURCE_DIR) + "/testdata/helpdesk/intercom_parts.csv";
  const CommandRun refused = RunRungs("ingest " + ShellQuote(intercom) + data);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(
      Contains(refused.out, intercom + ":1: the header is not one of rungs' canonical files"))
      << refused.out;
  EXPECT_TRUE(Contains(refused.out, "--mapping")) << refused.out;
  EXPECT_TRUE(Contains(RunRungs("batches list" + data).out, "canonical_status.csv"));
  EXPECT_FALSE(Contains(RunRungs("batches list" + data).out, "intercom_parts.csv"));
}

TEST(IngestCliTest, MappingErrorsPointIntoTheMapping) {
  const std::string dir = FreshDir("ingest-bad");
  const std::string path = WriteFile(dir + "/bad.yaml",
                                     "time: {format: iso8601, zone: UTC}\n"
                                     "events:\n"
                                     "  - {type: closed, conversation: number, identity: "
                                     "resolved_by, time: resolved_on}\n");
  const CommandRun run = RunRungs("ingest " + ShellQuote(kServiceNow) + " --mapping " +
                                  ShellQuote(path) + " --dry-run");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.out,
                       "bad.yaml:3:71: events[0].time: column \"resolved_on\" is not in "
                       "the header of"))
      << run.out;
}

TEST(IngestCliTest, ShippedSampleExportsLoad) {
  for (const auto& [mapping, file] :
       {std::pair{"intercom", "intercom_parts"}, std::pair{"zendesk", "zendesk_audits"}}) {
    const CommandRun run =
        RunRungs("ingest " +
                 ShellQuote(std::string(RUNGS_SOURCE_DIR) + "/testdata/helpdesk/" + file + ".csv") +
                 " --mapping " +
                 ShellQuote(std::string(RUNGS_SOURCE_DIR) + "/mappings/" + mapping + ".yaml") +
                 " --dry-run");
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(Contains(run.out, "with problems                0")) << run.out;
  }
}

// The canonical status, schedule and QA files stored as three batches (three sources, as by
// default): a person linked in each gets one week with activity inside the schedule and QA.
TEST(IngestCliTest, CanonicalStatusSchedulesAndQaAddUpPerPerson) {
  const std::string dir = FreshDir("ingest-canonical");
  const std::string data = " --data " + ShellQuote(dir + "/data");
  const std::string samples = std::string(RUNGS_SOURCE_DIR) + "/testdata/helpdesk/";
  const CommandRun dry = RunRungs("ingest " + ShellQuote(samples + "canonical_qa.csv") +
                                  " --mapping canonical-qa --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_TRUE(Contains(dry.out, "review R1, Tone: 3 on 1 to 4 = 66.7%, weight 2")) << dry.out;
  EXPECT_TRUE(Contains(dry.out, "QA: 3 reviews scored")) << dry.out;
  EXPECT_TRUE(Contains(dry.out, "1 more rated every category N/A: no review")) << dry.out;
  const CommandRun shifts = RunRungs("ingest " + ShellQuote(samples + "canonical_schedules.csv") +
                                     " --mapping canonical-schedules --dry-run");
  ASSERT_EQ(shifts.exit_code, 0) << shifts.out;
  EXPECT_TRUE(Contains(shifts.out, "scheduled hours")) << shifts.out;
  EXPECT_TRUE(Contains(shifts.out,
                       "Activity % inside the schedule needs the same people's "
                       "status intervals"))
      << shifts.out;

  for (const char* kind : {"status", "schedules", "qa"}) {
    const std::string mapping = std::string("canonical-") + kind;
    std::string args = "ingest ";
    args += ShellQuote(samples + "canonical_" + kind + ".csv");
    args += " --mapping " + mapping;
    args += data;
    const CommandRun stored = RunRungs(args);
    ASSERT_EQ(stored.exit_code, 0) << stored.out;
    EXPECT_TRUE(Contains(stored.out, "(" + mapping + ")")) << stored.out;
  }
  ASSERT_EQ(RunRungs("user add ana@example.com --name Ana" + data).exit_code, 0);
  for (const char* kind : {"status", "schedules", "qa"}) {
    const CommandRun link = RunRungs("identity link ana@example.com ana --source canonical-" +
                                     std::string(kind) + " --space agent_id" + data);
    ASSERT_EQ(link.exit_code, 0) << link.out;
  }
  EXPECT_TRUE(Contains(RunRungs("identity list ana@example.com" + data).out,
                       "canonical-schedules  agent_id  ana"));

  Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir + "/data/rungs.db");
  ASSERT_TRUE(store.ok()) << store.status().message;
  const Result<User> ana = (*store)->FindUserByEmail("ana@example.com");
  ASSERT_TRUE(ana.ok());
  const Result<std::vector<IdentityWeek>> rows = (*store)->WeeksOf(ana->id);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 3u);  // one row per source
  const std::vector<WeekData> weeks = SumWeeks(*rows);
  ASSERT_EQ(weeks.size(), 1u);
  EXPECT_EQ(WeekIndexName(weeks[0].week), "2024-W10");
  EXPECT_EQ(weeks[0].active_seconds, 16 * 3600);
  EXPECT_EQ(weeks[0].scheduled_seconds, 17 * 3600);
  // Status and shifts came in two files: the overlap is bounded by both, never 0.
  EXPECT_EQ(weeks[0].active_scheduled_seconds, 16 * 3600);
  EXPECT_EQ(weeks[0].qa_reviews, 2);
  EXPECT_NEAR(weeks[0].qa_score_sum, (2 * 200.0 / 3 + 100) / 3, 1e-9);
}

}  // namespace
}  // namespace rungs::test
