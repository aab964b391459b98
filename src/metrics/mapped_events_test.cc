#include "metrics/mapped_events.h"

#include <gtest/gtest.h>

#include <string>

namespace rungs {
namespace {

Mapping Load(const std::string& yaml) {
  const MappingLoad load = ParseMapping(yaml, "m.yaml");
  std::string all;
  for (const Diagnostic& d : load.diagnostics) all += FormatDiagnostic(d) + "\n";
  EXPECT_TRUE(load.mapping) << all;
  return load.mapping ? *load.mapping : Mapping();
}

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

TEST(MappedEventsTest, SnapshotColumnsGiveOneResolution) {
  const Mapping m = Load(kSnapshotMapping);
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
  const Mapping m = Load(kSnapshotMapping);
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
  EXPECT_NE(table.find("Resolved by 11,resolved_by,2016-W01,1,,,\n"), std::string::npos) << table;
  EXPECT_NE(table.find("Updated by 11,sys_updated_by,2016-W01,,0.500000,inferred,\n"),
            std::string::npos)
      << table;
}

TEST(MappedEventsTest, AnIdentityMapJoinsSpacesIntoPersons) {
  const Mapping m = Load(kSnapshotMapping);
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
  EXPECT_NE(table.find("ana,person,2016-W01,1,0.500000,inferred,2.000000\n"), std::string::npos)
      << table;
}

TEST(MappedEventsTest, Rfc4180QuotingAndCrlf) {
  const Mapping m = Load(R"(time: {format: iso8601, zone: UTC}
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
  const Mapping m = Load(R"(time: {format: "m/d/yyyy H:MM", zone: UTC}
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
      "c5;ann;1/13/2024 09:00\n";    // another delimiter
  const Result<MappedReading> r = ReadMappedEventText(text, "x.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  ASSERT_EQ(r->problems.size(), 5u);
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
  EXPECT_EQ(r->problem_counts[static_cast<size_t>(MappedProblem::kFieldCount)], 2);
  EXPECT_EQ(r->used, 1);
  const Diagnostic d = DescribeMappedProblem("x.csv", r->problems[0]);
  EXPECT_EQ(FormatDiagnostic(d).rfind("x.csv:3:8: error: at \"13/1/2024 09:00\" is not a time", 0),
            0u);
}

TEST(MappedEventsTest, StatusIntervalsAndNegativeDurations) {
  const Mapping m = Load(R"(time: {format: iso8601, zone: UTC}
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
  const Mapping m = Load(R"(time: {format: iso8601, zone: UTC}
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
  const Mapping m = Load(R"(time: {format: iso8601, zone: UTC}
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

}  // namespace
}  // namespace rungs
