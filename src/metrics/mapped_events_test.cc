#include "metrics/mapped_events.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "metrics/metrics_test_support.h"

namespace rungs {
namespace {

// Snapshot rows like ServiceNow's: a resolver copied onto every row, updaters per row.
const char* kSnapshotMapping = R"(csv: {missing: ["?"]}
time: {format: "d/m/yyyy H:MM", zone: UTC}
events:
  - type: closed
    conversation: number
    identity: resolved_by
    time: resolved_at
    distinct: [number, resolved_by, resolved_at]
  - type: activity
    conversation: number
    identity: sys_updated_by
    time: sys_updated_at
exclude:
  - {name: Updated by 908, reason: automation}
activity: {from: inferred}
)";

const char* kSnapshotRows =
    "number,state,sys_updated_by,sys_updated_at,resolved_by,resolved_at\n"
    "INC1,New,Updated by 11,4/1/2016 09:00,Resolved by 11,4/1/2016 10:00\n"
    "INC1,Active,Updated by 11,4/1/2016 09:20,Resolved by 11,4/1/2016 10:00\n"
    "INC1,Resolved,Updated by 11,4/1/2016 10:00,Resolved by 11,4/1/2016 10:00\n"
    "INC1,Closed,Updated by 908,9/1/2016 10:07,Resolved by 11,4/1/2016 10:00\n"
    "INC2,New,Updated by 908,5/1/2016 10:07,?,?\n"
    "\n"
    "INC2,Active,Updated by 12,5/1/2016 11:00,?,?\n";

// A Windows export ends with CRLF lines, often with an empty one at the end: it is no row (it
// was a field-count problem while the CR of an empty line was taken for a character).
TEST(MappedEventsTest, EmptyCrlfLinesAreNoRows) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: c, identity: who, time: ts}
)");
  const Result<MappedReading> r =
      ReadMappedEventText("who,c,ts\r\nann,C1,2024-03-04T09:00:00Z\r\n\r\n", "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r->rows, 1);
  EXPECT_EQ(r->used, 1);
  EXPECT_TRUE(r->problems.empty());
}

TEST(MappedEventsTest, SnapshotColumnsGiveOneResolution) {
  const Mapping m = test::LoadMappingYaml(kSnapshotMapping);
  const Result<MappedReading> r = ReadMappedEventText(kSnapshotRows, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r->rows, 6);  // the blank line is not a row
  EXPECT_EQ(r->rules[0].events, 1);
  EXPECT_EQ(r->rules[0].repeats, 3);
  EXPECT_EQ(r->rules[0].missing, 2);
  EXPECT_EQ(r->rules[1].events, 4);
  EXPECT_EQ(r->rules[1].excluded, 2);
  EXPECT_EQ(r->excluded_by[0], 2);
  // INC1's Closed row: its only event is excluded. INC2's first row too.
  EXPECT_EQ(r->excluded, 2);
  EXPECT_EQ(r->used, 4);
  EXPECT_EQ(r->without_event, 0);
  EXPECT_TRUE(r->problems.empty());
  EXPECT_EQ(r->used + r->excluded + r->without_event + static_cast<int64_t>(r->problems.size()),
            r->rows);
}

TEST(MappedEventsTest, SpacesAreNeverPairedWithoutAMap) {
  const Mapping m = test::LoadMappingYaml(kSnapshotMapping);
  const Result<MappedReading> r = ReadMappedEventText(kSnapshotRows, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  ASSERT_EQ(r->spaces.size(), 2u);
  EXPECT_EQ(r->spaces[0].name, "resolved_by");
  EXPECT_EQ(r->spaces[1].name, "sys_updated_by");
  EXPECT_EQ(r->spaces[1].identities, 2);  // 908 is excluded before it becomes an identity
  const std::string table = MappedWeeklyTableCsv(*r);
  // Resolver: closes, no active time. Updater: inferred active time (09:00-09:20 + 5 min, then
  // 10:00 after a 40-minute gap + 5 min), no
  // closes. Neither gets a rate.
  EXPECT_NE(table.find("Resolved by 11,resolved_by,2016-W01,1,,,,,,,\n"), std::string::npos)
      << table;
  EXPECT_NE(table.find("Updated by 11,sys_updated_by,2016-W01,,0.500000,inferred,,,,,\n"),
            std::string::npos)
      << table;
}

TEST(MappedEventsTest, AnIdentityMapJoinsSpacesIntoPersons) {
  const Mapping m = test::LoadMappingYaml(kSnapshotMapping);
  const Result<IdentityMap> map = ParseIdentityMap(
      "space,name,person\nresolved_by,Resolved by 11,ana\nsys_updated_by,Updated by 11,ana\n",
      "ids.csv");
  ASSERT_TRUE(map.ok());
  ReadMappedOptions options;
  options.identities = &*map;
  const Result<MappedReading> r = ReadMappedEventText(kSnapshotRows, "x.csv", m, options);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_TRUE(r->joined);
  // "Updated by 12" is not in the map.
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].problem, MappedProblem::kUnknownIdentity);
  EXPECT_EQ(r->problems[0].line, 8);
  EXPECT_EQ(r->problems[0].column, 13);
  const std::string table = MappedWeeklyTableCsv(*r);
  EXPECT_NE(table.find("ana,person,2016-W01,1,0.500000,inferred,2.000000,,,,\n"), std::string::npos)
      << table;
}

TEST(MappedEventsTest, Rfc4180QuotingAndCrlf) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - {type: replied, conversation: id, identity: who, time: at}
  - {type: closed, conversation: id, identity: who, time: at, when: {kind: close}}
)");
  const std::string text =
      "id,kind,body,who,at\r\n"
      "c1,reply,\"Hello, \"\"friend\"\"\r\nsecond line\",\"Ann, B.\",2024-03-04T09:00:00Z\r\n"
      "c1,close,,\"Ann, B.\",2024-03-04T09:05:00Z\r\n";
  const Result<MappedReading> r = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r->rows, 2);
  EXPECT_TRUE(r->problems.empty());
  ASSERT_EQ(r->identities.size(), 1u);
  EXPECT_EQ(r->identities[0].name, "Ann, B.");
  ASSERT_EQ(r->samples.size(), 3u);
  EXPECT_EQ(r->samples[0].line, 2);
  EXPECT_EQ(r->samples.back().line, 4);  // after the row with a line break inside
  EXPECT_EQ(r->identities[0].weeks.at(0).closed, 1);
}

TEST(MappedEventsTest, ProblemsHaveLinesColumnsAndCodes) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: "m/d/yyyy H:MM", zone: UTC}
events:
  - {type: closed, conversation: id, identity: who, time: at}
)");
  const std::string text =
      "id,who,at\n"
      "c1,ann,1/13/2024 09:00\n"     // fine
      "c2,ann,13/1/2024 09:00\n"     // day-first in a month-first mapping
      "c3,ann\n"                     // a field short
      "c4,\xE9ve,1/14/2024 09:00\n"  // Latin-1
      "c1,ann,1/13/2024 09:00\n"     // the same close again
      "c5;ann;1/13/2024 09:00\n"     // another delimiter
      // A cut sequence ending one field and a continuation byte starting the next: together
      // they read as "é", apart neither is UTF-8.
      "c6\xC3,\xA9ve,1/14/2024 09:00\n";
  const Result<MappedReading> r = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  ASSERT_EQ(r->problems.size(), 6u);
  EXPECT_EQ(r->problems[0].problem, MappedProblem::kBadTimestamp);
  EXPECT_EQ(r->problems[0].line, 3);
  EXPECT_EQ(r->problems[0].column, 8);
  EXPECT_NE(r->problems[0].message.find("day and month swapped"), std::string::npos);
  EXPECT_EQ(r->problems[1].problem, MappedProblem::kFieldCount);
  EXPECT_EQ(r->problems[2].problem, MappedProblem::kNotUtf8);
  EXPECT_EQ(r->problems[2].column, 4);
  EXPECT_EQ(r->problems[3].problem, MappedProblem::kDuplicate);
  EXPECT_EQ(r->problems[4].problem, MappedProblem::kFieldCount);
  EXPECT_NE(r->problems[4].message.find("another delimiter"), std::string::npos);
  EXPECT_EQ(r->problems[5].problem, MappedProblem::kNotUtf8);
  EXPECT_EQ(r->problems[5].line, 8);
  EXPECT_EQ(r->problems[5].column, 1);
  EXPECT_EQ(r->problem_counts[static_cast<size_t>(MappedProblem::kFieldCount)], 2);
  EXPECT_EQ(r->used, 1);
  const Diagnostic d = DescribeMappedProblem("x.csv", r->problems[0]);
  EXPECT_EQ(FormatDiagnostic(d).rfind("x.csv:3:8: error: at \"13/1/2024 09:00\" is not a time", 0),
            0u);
}

TEST(MappedEventsTest, StatusIntervalsAndNegativeDurations) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - {type: status_active, identity: agent, time: start, until: end, when: {status: online}}
)");
  const std::string text =
      "agent,status,start,end\n"
      "ann,online,2024-03-04T09:00:00Z,2024-03-04T11:30:00Z\n"
      "ann,online,2024-03-04T13:00:00Z,2024-03-04T12:00:00Z\n"
      "ann,offline,2024-03-04T11:30:00Z,2024-03-04T13:00:00Z\n";
  const Result<MappedReading> r = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].problem, MappedProblem::kNegativeDuration);
  EXPECT_EQ(r->without_event, 1);
  ASSERT_EQ(r->identities.size(), 1u);
  EXPECT_FALSE(r->identities[0].active_inferred);
  EXPECT_EQ(r->identities[0].weeks.at(0).active_seconds, 150 * 60);
}

TEST(MappedEventsTest, AMissingColumnPointsIntoTheMapping) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - type: closed
    conversation: ticket
    identity: agent
    time: solved_at
)");
  const Result<MappedReading> r =
      ReadMappedEventText("ticket;agent;solved_at\n1;ann;2024-03-04T09:00:00Z\n", "x.csv", m);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message.find("m.yaml:4:19: events[0].conversation: column \"ticket\""),
            std::string::npos)
      << r.status().message;
  EXPECT_NE(r.status().message.find("semicolon-separated"), std::string::npos);
}

TEST(MappedEventsTest, NoUsableRowIsAnError) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: id, identity: who, time: at}
)");
  EXPECT_FALSE(ReadMappedEventText("id,who,at\nc1,ann,yesterday\n", "x.csv", m).ok());
  EXPECT_FALSE(ReadMappedEventText("id,who,at\n", "x.csv", m).ok());
  EXPECT_FALSE(ReadMappedEventText("", "x.csv", m).ok());
  EXPECT_FALSE(ReadMappedEventText("\xFF\xFEi\0d", "x.csv", m).ok());
  const Result<MappedReading> unclosed =
      ReadMappedEventText("id,who,at\nc1,ann,2024-03-04T09:00:00Z\n\"c2,ann,x\n", "x.csv", m);
  ASSERT_TRUE(unclosed.ok());
  ASSERT_EQ(unclosed->problems.size(), 1u);
  EXPECT_EQ(unclosed->problems[0].problem, MappedProblem::kUnclosedQuote);
}

TEST(MappedEventsTest, ShippedSamplesLoad) {
  const std::string root = RUNGS_SOURCE_DIR;
  for (const auto& [mapping, file] :
       {std::pair{"intercom", "intercom_parts"}, std::pair{"zendesk", "zendesk_audits"}}) {
    const MappingLoad load = LoadMapping(root + "/mappings/" + mapping + ".yaml");
    ASSERT_TRUE(load.mapping) << mapping;
    const Result<MappedReading> r =
        ReadMappedEvents(root + "/testdata/helpdesk/" + file + ".csv", *load.mapping);
    ASSERT_TRUE(r.ok()) << r.status().message;
    EXPECT_TRUE(r->problems.empty()) << mapping;
    EXPECT_EQ(r->rules[0].events, 2 + (std::string(mapping) == "intercom")) << mapping;
    EXPECT_EQ(r->excluded, 1) << mapping;
    EXPECT_TRUE(r->active_inferred);
  }
}

// --- Canonical status intervals, schedules and QA reviews ------------------------------------

Mapping Shipped(const std::string& name) {
  const MappingLoad load =
      LoadMapping(std::string(RUNGS_SOURCE_DIR) + "/mappings/" + name + ".yaml");
  std::string all;
  for (const Diagnostic& d : load.diagnostics) all += FormatDiagnostic(d) + "\n";
  EXPECT_TRUE(load.mapping) << name << "\n" << all;
  return load.mapping ? *load.mapping : Mapping();
}

std::string Sample(const std::string& file) {
  std::ifstream in(std::string(RUNGS_SOURCE_DIR) + "/testdata/helpdesk/" + file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const IdentityWeeks* Find(const MappedReading& r, const std::string& name) {
  for (const IdentityWeeks& id : r.identities) {
    if (id.name == name) return &id;
  }
  return nullptr;
}

const AgentWeek* WeekOf(const IdentityWeeks& id, const std::string& week) {
  for (const AgentWeek& w : id.weeks) {
    if (WeekIndexName(w.week_index) == week) return &w;
  }
  return nullptr;
}

const MappedProblemRow* ProblemOnLine(const MappedReading& r, int64_t line) {
  for (const MappedProblemRow& p : r.problems) {
    if (p.line == line) return &p;
  }
  return nullptr;
}

// A missed log-off counts up to the mapping's cap and is a warning at the row that ended it,
// found after the events are sorted; the row still counts. Intervals are split at the start
// of a week in weeks_zone.
TEST(MappedEventsTest, ALongActiveIntervalIsCappedAndAWarningAtItsLine) {
  const Mapping m =
      test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC, weeks_zone: "+02:00"}
events:
  - {type: status_active, identity: agent, time: ts, when: {status: online}}
  - {type: status_away, identity: agent, time: ts, when: {status: away}}
activity: {from: status, max_interval_hours: 20}
)");
  const std::string text =
      "agent,status,ts\n"
      "ann,away,2024-03-11T09:00:00Z\n"    // after the long interval in time, before in file
      "ann,online,2024-03-04T09:00:00Z\n"  // a Monday; active for a week
      "bob,online,2024-03-10T20:00:00Z\n"  // Sunday 22:00 at +02:00
      "bob,away,2024-03-11T02:00:00Z\n";   // Monday 04:00 at +02:00
  const Result<MappedReading> r = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  ASSERT_EQ(r->problems.size(), 1u);
  const MappedProblemRow& p = r->problems[0];
  EXPECT_EQ(p.problem, MappedProblem::kLongInterval);
  EXPECT_EQ(p.severity, Severity::kWarning);
  EXPECT_EQ(p.line, 2);
  EXPECT_NE(p.message.find("active for 168.0 hours"), std::string::npos) << p.message;
  EXPECT_NE(p.message.find("counted as 20 hours"), std::string::npos) << p.message;
  // The warning's row is used, not skipped: every row is used, excluded, without an event or
  // skipped, once (fuzz_mapped found the warning counted as a skipped row too).
  EXPECT_EQ(r->used, 4);
  EXPECT_EQ(r->skipped, 0);
  EXPECT_EQ(r->warnings, 1);
  EXPECT_FALSE(MappingDoesNotFit(*r));
  const IdentityWeeks* ann = Find(*r, "ann");
  ASSERT_NE(ann, nullptr);
  ASSERT_NE(WeekOf(*ann, "2024-W10"), nullptr);
  EXPECT_EQ(WeekOf(*ann, "2024-W10")->active_seconds, 20 * 3600);
  const IdentityWeeks* bob = Find(*r, "bob");
  ASSERT_NE(bob, nullptr);
  ASSERT_NE(WeekOf(*bob, "2024-W10"), nullptr);
  ASSERT_NE(WeekOf(*bob, "2024-W11"), nullptr);
  EXPECT_EQ(WeekOf(*bob, "2024-W10")->active_seconds, 2 * 3600);
  EXPECT_EQ(WeekOf(*bob, "2024-W11")->active_seconds, 4 * 3600);

  const MappingLoad bad = ParseMapping(
      "events:\n  - {type: closed, identity: a, time: t, conversation: c}\n"
      "activity: {max_interval_hours: 0}\n",
      "m.yaml");
  ASSERT_FALSE(bad.diagnostics.empty());
  EXPECT_NE(FormatDiagnostic(bad.diagnostics[0]).find("max_interval_hours"), std::string::npos)
      << FormatDiagnostic(bad.diagnostics[0]);
}

TEST(CanonicalFilesTest, QaReviewsAreWeightedWithNaDroppedAndCriticalFailuresZero) {
  const Result<MappedReading> r =
      ReadMappedEventText(Sample("canonical_qa.csv"), "qa.csv", Shipped("canonical-qa"));
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_TRUE(r->problems.empty());
  EXPECT_EQ(r->used, 9);
  EXPECT_EQ(r->qa_reviews, 3);
  EXPECT_EQ(r->qa_reviews_unrated, 1);  // R3: every category N/A
  const IdentityWeeks* ana = Find(*r, "ana");
  ASSERT_NE(ana, nullptr);
  EXPECT_TRUE(ana->qa_measured);
  EXPECT_FALSE(ana->active_measured);
  const AgentWeek* w10 = WeekOf(*ana, "2024-W10");
  ASSERT_NE(w10, nullptr);
  // R1: Tone 3 of 1-4 (66.7%) weighs 2, Solution 4 (100%) weighs 1, Compliance N/A: 77.8.
  // R2: Compliance is critical and rated at the minimum: 0 whatever Tone says.
  EXPECT_EQ(w10->qa_reviews, 2);
  EXPECT_NEAR(w10->qa_score_sum, (2 * 200.0 / 3 + 100) / 3, 1e-9);
  EXPECT_EQ(WeekOf(*ana, "2024-W11"), nullptr);  // R3 is no review
  const IdentityWeeks* ben = Find(*r, "ben");
  ASSERT_NE(ben, nullptr);
  // An empty weight weighs 1; a binary category 0-1 rated 1 is 100%.
  EXPECT_NEAR(WeekOf(*ben, "2024-W10")->qa_score_sum, (100.0 / 3 + 100) / 2, 1e-9);
  const std::string table = MappedWeeklyTableCsv(*r);
  EXPECT_NE(table.find("ana,agent_id,2024-W10,,,,,,,2,38.89\n"), std::string::npos) << table;
}

TEST(CanonicalFilesTest, BadQaNumbersAreProblemsWithLineAndColumn) {
  const std::string text = Sample("canonical_qa.csv") +
                           "R5,ben,C201,2024-03-07T11:00:00Z,Tone,5,1,4,1,false\n"
                           "R5,ben,C201,2024-03-07T11:00:00Z,Solution,3,4,1,1,false\n"
                           "R5,ben,C201,2024-03-07T11:00:00Z,Empathy,3,1,4,-1,false\n"
                           "R5,ben,C201,2024-03-07T11:00:00Z,Grammar,good,1,4,1,false\n"
                           "R5,ben,C201,2024-03-07T11:00:00Z,Policy,2,1,4,1,maybe\n"
                           "R4,ben,C200,2024-03-06T11:00:00Z,Tone,3,1,4,1,false\n";
  const Result<MappedReading> r = ReadMappedEventText(text, "qa.csv", Shipped("canonical-qa"));
  ASSERT_TRUE(r.ok()) << r.status().message;
  ASSERT_EQ(r->problems.size(), 6u);
  const auto expect = [&](int64_t line, int column, MappedProblem problem, const char* words) {
    const MappedProblemRow* p = ProblemOnLine(*r, line);
    ASSERT_NE(p, nullptr) << line;
    EXPECT_EQ(p->column, column) << p->message;
    EXPECT_EQ(p->problem, problem) << p->message;
    EXPECT_NE(p->message.find(words), std::string::npos) << p->message;
  };
  expect(11, 39, MappedProblem::kBadValue, "rating 5 is outside the scale 1 to 4");
  expect(12, 47, MappedProblem::kBadValue, "minimum must be below its maximum");
  expect(13, 48, MappedProblem::kBadValue, "weight -1 is negative");
  expect(14, 42, MappedProblem::kBadValue, "\"good\" is neither a number nor N/A");
  expect(15, 49, MappedProblem::kBadValue, "critical \"maybe\" is not true or false");
  expect(16, 34, MappedProblem::kDuplicate, "rates category \"Tone\" again");
  EXPECT_EQ(r->problem_counts[static_cast<size_t>(MappedProblem::kBadValue)], 5);
  EXPECT_EQ(FormatDiagnostic(DescribeMappedProblem("qa.csv", r->problems[0]))
                .rfind("qa.csv:11:39: error: rating 5", 0),
            0u);
  EXPECT_EQ(r->qa_reviews, 3);  // R5's rows all have problems: no review
}

TEST(CanonicalFilesTest, StatusIntervalsLeaveGapsUncountedAndOverlapsAreProblems) {
  const std::string text = Sample("canonical_status.csv") +
                           "ana,active,2024-03-04T16:00:00Z,2024-03-04T17:00:00Z\n"
                           "ana,away,2024-03-04T07:00:00Z,2024-03-04T08:00:00Z\n"
                           "ana,active,2024-03-05T07:00:00Z,2024-03-05T07:00:00Z\n";
  const Result<MappedReading> r =
      ReadMappedEventText(text, "status.csv", Shipped("canonical-status"));
  ASSERT_TRUE(r.ok()) << r.status().message;
  ASSERT_EQ(r->problems.size(), 1u);
  const MappedProblemRow& p = r->problems[0];
  EXPECT_EQ(p.problem, MappedProblem::kOverlapping);
  EXPECT_EQ(p.line, 8);
  EXPECT_EQ(p.column, 12);
  EXPECT_NE(p.message.find("on line 4"), std::string::npos) << p.message;
  EXPECT_EQ(r->problem_counts[static_cast<size_t>(MappedProblem::kOverlapping)], 1);
  EXPECT_EQ(r->without_event, 1);  // "offline" is neither active nor away
  const IdentityWeeks* ana = Find(*r, "ana");
  ASSERT_NE(ana, nullptr);
  EXPECT_TRUE(ana->active_measured);
  EXPECT_FALSE(ana->active_inferred);
  const AgentWeek* w = WeekOf(*ana, "2024-W10");
  ASSERT_NE(w, nullptr);
  // Monday 4 + 4 hours, Tuesday 8; away only its two explicit intervals, not the night.
  EXPECT_EQ(w->active_seconds, 16 * 3600);
  EXPECT_EQ(w->away_seconds, 90 * 60);
  const std::string table = MappedWeeklyTableCsv(*r);
  EXPECT_NE(table.find("ana,agent_id,2024-W10,,16.000000,status,,,91.43,,\n"), std::string::npos)
      << table;
}

TEST(CanonicalFilesTest, SchedulesCountTheirUnionInTheWeekTheyStart) {
  const std::string text = Sample("canonical_schedules.csv") +
                           // Sunday night into Monday: the previous ISO week's.
                           "ana,2024-03-10T22:00:00Z,2024-03-11T02:00:00Z\n"
                           "ana,2024-03-11T01:00:00Z,2024-03-11T03:00:00Z\n";
  const Result<MappedReading> r =
      ReadMappedEventText(text, "shifts.csv", Shipped("canonical-schedules"));
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_TRUE(r->problems.empty());
  const IdentityWeeks* ana = Find(*r, "ana");
  const IdentityWeeks* ben = Find(*r, "ben");
  ASSERT_TRUE(ana != nullptr && ben != nullptr);
  EXPECT_TRUE(ana->schedule_measured);
  EXPECT_FALSE(ana->overlap_measured);  // no status in this file
  EXPECT_EQ(WeekOf(*ana, "2024-W10")->scheduled_seconds, (17 + 5) * 3600);
  EXPECT_EQ(WeekOf(*ana, "2024-W11"), nullptr);
  EXPECT_EQ(WeekOf(*ben, "2024-W10")->scheduled_seconds, 8 * 3600 + 1800);  // 09:00-17:30 once
  const std::string table = MappedWeeklyTableCsv(*r);
  EXPECT_NE(table.find("ben,agent_id,2024-W10,,,,,8.500000,,,\n"), std::string::npos) << table;
}

TEST(CanonicalFilesTest, ActiveTimeInsideShiftsIsMeasuredWhenOneFileHasBoth) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - {type: status_active, identity: agent, time: start, until: end, when: {kind: active}}
  - {type: status_away, identity: agent, time: start, until: end, when: {kind: away}}
  - {type: scheduled, identity: agent, time: start, until: end, when: {kind: shift}}
)");
  const std::string text =
      "agent,kind,start,end\n"
      "ann,shift,2024-03-04T09:00:00Z,2024-03-04T13:00:00Z\n"
      "ann,shift,2024-03-04T12:00:00Z,2024-03-04T17:00:00Z\n"
      "ann,active,2024-03-04T08:00:00Z,2024-03-04T10:00:00Z\n"
      "ann,away,2024-03-04T10:00:00Z,2024-03-04T11:00:00Z\n"
      "ann,active,2024-03-04T16:00:00Z,2024-03-04T18:00:00Z\n"
      "ann,shift,2024-03-05T09:00:00Z,\n";  // a shift without an end gives nothing
  const Result<MappedReading> r = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_TRUE(r->problems.empty());
  EXPECT_EQ(r->without_event, 1);
  ASSERT_EQ(r->identities.size(), 1u);
  const IdentityWeeks& ann = r->identities[0];
  EXPECT_TRUE(ann.overlap_measured);
  ASSERT_EQ(ann.weeks.size(), 1u);
  EXPECT_EQ(ann.weeks[0].scheduled_seconds, 8 * 3600);         // 09:00-17:00, once
  EXPECT_EQ(ann.weeks[0].active_seconds, 4 * 3600);            // 08-10 and 16-18
  EXPECT_EQ(ann.weeks[0].active_scheduled_seconds, 2 * 3600);  // 09-10 and 16-17
  const std::string table = MappedWeeklyTableCsv(*r);
  EXPECT_NE(table.find("ann,agent,2024-W10,,4.000000,status,,8.000000,25.00,,\n"),
            std::string::npos)
      << table;
}

TEST(CanonicalFilesTest, ZendeskQaSampleFollowsItsCriticalRule) {
  const Result<MappedReading> r =
      ReadMappedEventText(Sample("zendesk_qa_reviews.csv"), "zqa.csv", Shipped("zendesk-qa"));
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_TRUE(r->problems.empty());
  EXPECT_EQ(r->excluded, 1);  // the bot's review
  EXPECT_EQ(r->qa_reviews, 3);
  EXPECT_EQ(r->qa_reviews_unrated, 1);
  const IdentityWeeks* ana = Find(*r, "ana@acme.example");
  ASSERT_NE(ana, nullptr);
  // 8810231: (100 x 2 + 50 + 100) / 4; 8810244 fails GDPR (0%, critical): 0.
  EXPECT_EQ(WeekOf(*ana, "2024-W10")->qa_reviews, 2);
  EXPECT_DOUBLE_EQ(WeekOf(*ana, "2024-W10")->qa_score_sum, 87.5);
}

// --- Events sorted in spilled runs -------------------------------------------------------------

// Everything a reading says, as text, to compare two readings whole.
std::string Dump(const MappedReading& r) {
  std::string out = fmt::format(
      "rows {} used {} excluded {} without {} skipped {} warnings {} "
      "bytes {} qa {} unrated {} rejected {}\n",
      r.rows, r.used, r.excluded, r.without_event, r.skipped, r.warnings, r.bytes, r.qa_reviews,
      r.qa_reviews_unrated, r.fold_rejected);
  for (const MappedProblemRow& p : r.problems) {
    out += FormatDiagnostic(DescribeMappedProblem("x.csv", p)) + "\n";
  }
  for (int64_t n : r.problem_counts) out += fmt::format("{} ", n);
  for (const RuleCounts& c : r.rules) {
    out += fmt::format("\n{} {} {} {} {} {} {}", c.label, c.summary, c.matched, c.events, c.missing,
                       c.repeats, c.excluded);
  }
  for (int64_t n : r.excluded_by) out += fmt::format(" {}", n);
  for (const SampleEvent& s : r.samples) {
    out += fmt::format("\nsample {} {} {} {} {} {} {} {}", s.line, s.raw, s.rule, s.identity,
                       s.conversation, s.time_text, s.utc, s.detail);
  }
  for (const SpaceSummary& s : r.spaces) {
    out += fmt::format("\nspace {} {} {} {}", s.name, s.identities, s.events, s.feeds.size());
  }
  for (const IdentityWeeks& id : r.identities) {
    out += fmt::format("\nidentity {} {} {}", id.name, id.space, id.events);
  }
  return out + "\n" + MappedWeeklyTableCsv(r);
}

// Reads `text` with every event in memory and with a budget so small that each event is a run
// of its own (hundreds of runs, merged into one whenever 64 pile up): the readings are equal,
// and no file is left in the spill folder.
void ExpectSpillChangesNothing(const std::string& text, const Mapping& m, const std::string& what) {
  // Its own folder: another test process (or checkout) may spill at the same time.
  const std::string dir = testing::TempDir() + "mapped_spill_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  ReadMappedOptions spilled;
  spilled.spill_dir = dir;
  spilled.sort_memory_bytes = 1;
  const Result<MappedReading> a = ReadMappedEventText(text, "x.csv", m);
  const Result<MappedReading> b = ReadMappedEventText(text, "x.csv", m, spilled);
  ASSERT_EQ(a.ok(), b.ok()) << what;
  if (a.ok()) {
    EXPECT_EQ(Dump(*a), Dump(*b)) << what;
  } else {
    EXPECT_EQ(a.status().message, b.status().message) << what;
  }
  EXPECT_EQ(test::FilesIn(dir), 0u) << what;
  std::filesystem::remove_all(dir);
}

// Rows of a Zendesk-style export in ticket order, not agent order, with repeated events, a
// row with a problem, an excluded account and touches for inferred time.
std::string ZendeskLike(int tickets) {
  std::string text =
      "audit_id,ticket_id,created_at,author_id,author_name,author_role,via_channel,event_id,"
      "event_type,field_name,previous_value,value,public\n";
  for (int t = 0; t < tickets; ++t) {
    const int agent = 100 + t % 7;
    const int minute = (t * 37) % (60 * 24 * 9);
    auto at = [minute](int plus) {
      const int m = minute + plus;
      return fmt::format("2024-03-{:02}T{:02}:{:02}:00Z", 1 + m / (60 * 24), m / 60 % 24, m % 60);
    };
    text +=
        fmt::format("1,{},{},-1,Zendesk,system,rule,1,Change,assignee_id,,{},\n", t, at(0), agent);
    text += fmt::format("2,{},{},{},A,agent,web,2,Comment,,,,true\n", t, at(3), agent);
    text += fmt::format("3,{},{},{},A,agent,web,3,Comment,,,,false\n", t, at(9), agent);
    if (t % 11 == 0)
      text += fmt::format("4,{},{},{},A,agent,web,4,Comment,,,,true\n", t, at(3), agent);
    if (t % 13 == 0)
      text += fmt::format("5,{},yesterday,{},A,agent,web,5,Comment,,,,true\n", t, agent);
    text += fmt::format("6,{},{},{},A,agent,web,6,Change,status,open,solved,\n", t, at(12),
                        t % 17 == 0 ? -1 : agent);
    if (t % 5 == 0) {
      text +=
          fmt::format("7,{},{},{},A,agent,web,7,Change,status,open,solved,\n", t, at(12), agent);
    }
  }
  return text;
}

TEST(MappedSpillTest, SpilledRunsReadAsInMemory) {
  ExpectSpillChangesNothing(ZendeskLike(300), Shipped("zendesk"), "zendesk-like");
  ExpectSpillChangesNothing(kSnapshotRows, test::LoadMappingYaml(kSnapshotMapping), "snapshot");
  for (const auto& [mapping, file] :
       {std::pair{"zendesk", "zendesk_audits.csv"}, std::pair{"intercom", "intercom_parts.csv"},
        std::pair{"zendesk-qa", "zendesk_qa_reviews.csv"},
        std::pair{"canonical-status", "canonical_status.csv"},
        std::pair{"canonical-schedules", "canonical_schedules.csv"},
        std::pair{"canonical-qa", "canonical_qa.csv"}}) {
    ExpectSpillChangesNothing(Sample(file), Shipped(mapping), file);
  }
  // Status intervals with a long one (a warning found while folding) and back-to-back ones.
  std::string status = "agent_id,status,start,end\n";
  for (int d = 1; d <= 20; ++d) {
    status +=
        fmt::format("a{},active,2024-03-{:02}T08:00:00Z,2024-03-{:02}T12:00:00Z\n", d % 3, d, d);
    status +=
        fmt::format("a{},away,2024-03-{:02}T12:00:00Z,2024-03-{:02}T12:30:00Z\n", d % 3, d, d);
    status += fmt::format("a{},active,2024-03-{:02}T12:30:00Z,{}\n", d % 3, d,
                          d % 4 == 0 ? "" : fmt::format("2024-03-{:02}T23:59:00Z", d + 1));
  }
  ExpectSpillChangesNothing(status, Shipped("canonical-status"), "status");
}

// An exclude entry counts the rows it left out, not the events: a bot's row that two rules
// read is one row.
TEST(MappedEventsTest, AnExcludeEntryCountsRowsNotEvents) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: c, identity: who, time: ts, when: {kind: close}}
  - {type: activity, conversation: c, identity: who, time: ts}
activity: {from: inferred}
exclude:
  - {space: who, name: bot}
)");
  const std::string text =
      "kind,who,c,ts\n"
      "close,bot,C1,2024-03-04T09:00:00Z\n"
      "touch,bot,C2,2024-03-04T09:10:00Z\n"
      "close,ann,C3,2024-03-04T09:30:00Z\n";
  const Result<MappedReading> r = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r->excluded, 2);
  ASSERT_EQ(r->excluded_by.size(), 1u);
  EXPECT_EQ(r->excluded_by[0], 2);  // two rows, three excluded events
  EXPECT_EQ(r->rules[0].excluded + r->rules[1].excluded, 3);
}

// `text` read with `budget` bytes to sort its events in (1: every event a run of its own).
Result<MappedReading> ReadSorting(const std::string& text, const Mapping& m, size_t budget) {
  ReadMappedOptions options;
  options.sort_memory_bytes = budget;
  options.spill_dir = testing::TempDir();
  return ReadMappedEventText(text, "x.csv", m, options);
}

// A repeated event is found once the events are sorted: the later row is a duplicate-event
// problem at its time field, counted as skipped instead of used, gives nothing, and its sample
// gives way to the next row's.
TEST(MappedSpillTest, RepeatedEventsAreFoundOnceSorted) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: c, identity: who, time: ts, when: {kind: close}}
  - {type: activity, conversation: c, identity: who, time: ts}
activity: {from: inferred}
)");
  const std::string text =
      "kind,who,c,ts\n"
      "close,ann,C1,2024-03-04T09:00:00Z\n"
      "close,bo,C2,2024-03-04T09:00:00Z\n"
      "close,ann,C1,2024-03-04T09:00:00Z\n"  // again: a duplicate
      "close,ann,C3,2024-03-04T09:30:00Z\n"
      "close,ann,C1,2024-03-04T09:00:00Z\n";  // and again
  for (size_t budget : {size_t{64} << 20, size_t{1}}) {
    const Result<MappedReading> r = ReadSorting(text, m, budget);
    ASSERT_TRUE(r.ok()) << r.status().message;
    EXPECT_EQ(r->used, 3);
    EXPECT_EQ(r->skipped, 2);
    ASSERT_EQ(r->problems.size(), 2u);
    EXPECT_EQ(FormatDiagnostic(DescribeMappedProblem("x.csv", r->problems[0])),
              "x.csv:4:14: error: the same closed event as an earlier row (who \"ann\", "
              "2024-03-04T09:00:00Z at events[0] (closed)) [duplicate-event]");
    EXPECT_EQ(r->problems[1].line, 6);
    EXPECT_EQ(r->rules[0].events, 3);
    EXPECT_EQ(r->rules[1].events, 3);
    ASSERT_EQ(r->samples.size(), 4u);  // two per rule, none from a repeated row
    EXPECT_EQ(r->samples[0].line, 2);
    EXPECT_EQ(r->samples[1].line, 2);
    EXPECT_EQ(r->samples[2].line, 3);
    EXPECT_EQ(r->samples[3].line, 3);
    const IdentityWeeks* ann = Find(*r, "ann");
    ASSERT_NE(ann, nullptr);
    EXPECT_EQ(ann->events, 4);  // two rows of two events
    EXPECT_EQ(ann->weeks.at(0).closed, 2);
    EXPECT_EQ(ann->weeks.at(0).closed_events, 2);
  }
}

// When every row gives one event, repeats are found in the same merge that folds the weeks
// (above, rows give two, and a merge of its own finds them first): the same counts either way.
TEST(MappedSpillTest, RepeatsOfOneEventRowsAreFoundWhileFolding) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: c, identity: who, time: ts, when: {kind: close}}
  - {type: replied, conversation: c, identity: who, time: ts, when: {kind: note}}
activity: {from: inferred}
)");
  const std::string text =
      "kind,who,c,ts\n"
      "close,ann,C1,2024-03-04T09:00:00Z\n"
      "note,ann,C1,2024-03-04T09:00:00Z\n"
      "close,ann,C1,2024-03-04T09:00:00Z\n"  // again: a duplicate
      "close,ann,C3,2024-03-04T09:30:00Z\n"
      "note,ann,C1,2024-03-04T09:00:00Z\n";  // a duplicate too
  for (size_t budget : {size_t{64} << 20, size_t{1}}) {
    const Result<MappedReading> r = ReadSorting(text, m, budget);
    ASSERT_TRUE(r.ok()) << r.status().message;
    EXPECT_EQ(r->used, 3);
    EXPECT_EQ(r->skipped, 2);
    ASSERT_EQ(r->problems.size(), 2u);
    EXPECT_EQ(r->problems[0].line, 4);
    EXPECT_EQ(r->problems[1].line, 6);
    EXPECT_EQ(r->rules[0].events, 2);
    EXPECT_EQ(r->rules[1].events, 1);
    const IdentityWeeks* ann = Find(*r, "ann");
    ASSERT_NE(ann, nullptr);
    EXPECT_EQ(ann->events, 3);
    EXPECT_EQ(ann->weeks.at(0).closed, 2);
    EXPECT_EQ(ann->weeks.at(0).closed_events, 2);
  }
}

// --- Exports read in slices at once ----------------------------------------------------------

// `text` read in `slices` slices (each a byte or more), its events sorted with `budget` bytes,
// from memory or (with `path`) from a file.
Result<MappedReading> ReadSliced(const std::string& text, const Mapping& m, size_t slices,
                                 size_t budget, const std::string& path = "") {
  ReadMappedOptions options;
  options.slices = slices;
  options.slice_bytes = 1;
  options.sort_memory_bytes = budget;
  options.spill_dir = testing::TempDir();
  if (path.empty()) return ReadMappedEventText(text, "x.csv", m, options);
  return ReadMappedEvents(path, m, options);
}

// A mapping whose rows are independent of each other (the shipped zendesk one) is read in
// slices on threads of their own; from text or a file, in any number of slices, with events in
// memory or in runs, the reading is the one a single slice makes: counts, problems at their
// lines (repeated events across slices included), samples and the table.
TEST(MappedSlicesTest, SlicesReadAsOne) {
  std::string text = ZendeskLike(500);
  // Quoted names with a comma, read in place, and one with a doubled quote, read the long way.
  for (size_t at = text.find("A,agent"); at != std::string::npos && at < text.size() / 2;
       at = text.find("A,agent", at + 4000)) {
    text.replace(at, 1, at % 3 == 0 ? "\"Lee, A\"" : "\"Lee \"\"A\"\"\"");
  }
  const Mapping m = Shipped("zendesk");
  const Result<MappedReading> one = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(one.ok()) << one.status().message;
  ASSERT_GT(one->skipped, 10);  // duplicates and bad times: problems in every slice
  const std::string path = testing::TempDir() + "sliced_" + std::to_string(getpid()) + ".csv";
  std::ofstream(path, std::ios::binary) << text;
  for (size_t slices : {2, 3, 5, 8}) {
    for (size_t budget : {size_t{64} << 20, size_t{4} << 10}) {
      const std::string what = fmt::format("{} slices, {} bytes to sort", slices, budget);
      const Result<MappedReading> text_read = ReadSliced(text, m, slices, budget);
      ASSERT_TRUE(text_read.ok()) << what << ": " << text_read.status().message;
      EXPECT_EQ(Dump(*one), Dump(*text_read)) << what;
      const Result<MappedReading> file_read = ReadSliced(text, m, slices, budget, path);
      ASSERT_TRUE(file_read.ok()) << what << ": " << file_read.status().message;
      EXPECT_EQ(Dump(*one), Dump(*file_read)) << what;
    }
  }
  std::filesystem::remove(path);
  // Without a header the first slice starts at the first byte.
  const Mapping headerless = test::LoadMappingYaml(R"(csv: {header: false, columns: [who, c, ts]}
time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: c, identity: who, time: ts}
)");
  std::string rows;
  for (int i = 0; i < 300; ++i) {
    rows += fmt::format("a{},C{},2024-03-0{}T09:{:02}:00Z\n", i % 4, i % 50, 1 + i % 7, i % 60);
  }
  const Result<MappedReading> whole = ReadMappedEventText(rows, "x.csv", headerless);
  ASSERT_TRUE(whole.ok()) << whole.status().message;
  for (size_t slices : {2, 6}) {
    const Result<MappedReading> sliced = ReadSliced(rows, headerless, slices, size_t{64} << 20);
    ASSERT_TRUE(sliced.ok()) << sliced.status().message;
    EXPECT_EQ(Dump(*whole), Dump(*sliced)) << slices;
  }
}

// Line breaks inside quoted fields make most places a slice could start wrong: the slice
// before it does not end there, and the export is read again in one slice, to the same result.
TEST(MappedSlicesTest, ASliceStartingInsideAQuotedFieldIsReadAgainWhole) {
  std::string text = ZendeskLike(200);
  const std::string note(300, 'x');
  for (size_t at = text.find("A,agent"); at != std::string::npos;
       at = text.find("A,agent", at + 2 * note.size())) {
    text.replace(at, 1, "\"line one\n" + note + "\nline three\"");
  }
  const Mapping m = Shipped("zendesk");
  const Result<MappedReading> one = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(one.ok()) << one.status().message;
  for (size_t slices : {2, 4, 7}) {
    const Result<MappedReading> sliced = ReadSliced(text, m, slices, size_t{64} << 20);
    ASSERT_TRUE(sliced.ok()) << sliced.status().message;
    EXPECT_EQ(Dump(*one), Dump(*sliced)) << slices;
  }
}

// Many events at one instant of one identity (a bulk import): repeats are still found.
TEST(MappedSpillTest, RepeatsAmongManyEventsAtOneInstant) {
  const Mapping m = test::LoadMappingYaml(R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: c, identity: who, time: ts}
)");
  std::string text = "who,c,ts\n";
  for (int i = 0; i < 40; ++i) text += fmt::format("ann,C{},2024-03-04T09:00:00Z\n", i);
  text += "ann,C5,2024-03-04T09:00:00Z\nann,C35,2024-03-04T09:00:00Z\n";
  const Result<MappedReading> r = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r->used, 40);
  ASSERT_EQ(r->problems.size(), 2u);
  EXPECT_EQ(r->problems[0].line, 42);
  EXPECT_EQ(r->problems[1].line, 43);
  EXPECT_EQ(r->identities.at(0).weeks.at(0).closed, 40);
  ExpectSpillChangesNothing(text, m, "one instant");
}

}  // namespace
}  // namespace rungs
