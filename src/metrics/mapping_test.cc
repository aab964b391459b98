#include "metrics/mapping.h"

#include <gtest/gtest.h>

#include <string>

namespace rungs {
namespace {

const char* kGood = R"(name: test
csv:
  delimiter: ";"
  missing: ["?", "n/a"]
time:
  format: "d/m/yyyy H:MM"
  zone: Europe/London
events:
  - type: closed
    conversation: ticket
    identity: resolver
    time: resolved
    distinct: [ticket, resolver, resolved]
    when:
      state: {in: [Resolved, Closed]}
      channel: {not: spam}
      subject: {regex: "^Re:"}
  - type: activity
    identity: updater
    space: updaters
    time: updated
exclude:
  - name: bot 1
  - {regex: "^System", space: updaters, reason: automation}
activity:
  from: inferred
  idle_gap_minutes: 20
  allowance_minutes: 4
)";

std::string Messages(const MappingLoad& load) {
  std::string out;
  for (const Diagnostic& d : load.diagnostics) out += FormatDiagnostic(d) + "\n";
  return out;
}

TEST(MappingTest, ParsesAFullMapping) {
  const MappingLoad load = ParseMapping(kGood, "m.yaml");
  ASSERT_TRUE(load.mapping) << Messages(load);
  const Mapping& m = *load.mapping;
  EXPECT_EQ(m.name, "test");
  EXPECT_EQ(m.csv.delimiter, ';');
  EXPECT_EQ(m.csv.missing.size(), 2u);
  EXPECT_EQ(m.zone.name(), "Europe/London");
  EXPECT_EQ(m.weeks_zone.name(), "Europe/London");
  ASSERT_EQ(m.events.size(), 2u);
  EXPECT_EQ(m.events[0].type, MappedType::kClosed);
  EXPECT_EQ(m.events[0].space, "resolver");  // the identity column by default
  EXPECT_EQ(m.events[0].distinct.size(), 3u);
  ASSERT_EQ(m.events[0].when.size(), 3u);
  EXPECT_EQ(m.events[0].when[0].op, Condition::Op::kIn);
  EXPECT_EQ(m.events[0].when[1].op, Condition::Op::kNotIn);
  EXPECT_EQ(m.events[0].when[2].op, Condition::Op::kRegex);
  EXPECT_EQ(m.events[0].time.place.line, 12);
  EXPECT_EQ(m.events[1].space, "updaters");
  ASSERT_EQ(m.exclude.size(), 2u);
  EXPECT_EQ(m.exclude[0].name, "bot 1");
  EXPECT_EQ(m.exclude[1].space, "updaters");
  EXPECT_EQ(m.activity.from, ActivitySettings::From::kInferred);
  EXPECT_EQ(m.activity.idle_gap_seconds, 20 * 60);
  EXPECT_EQ(m.activity.allowance_seconds, 4 * 60);
}

TEST(MappingTest, YamlSyntaxErrorsHaveAPosition) {
  const MappingLoad load = ParseMapping("csv: [unclosed\n", "m.yaml");
  ASSERT_FALSE(load.mapping);
  ASSERT_EQ(load.diagnostics.size(), 1u);
  EXPECT_EQ(load.diagnostics[0].code, "mapping-yaml");
  EXPECT_GE(load.diagnostics[0].line, 1);
}

TEST(MappingTest, UnknownKeysAndBadValuesPointAtTheField) {
  const std::string text = R"(time:
  format: "d/m/yyyy H:MM"
  zone: Mars/Base
events:
  - type: closd
    identity: who
    time: when
    colour: red
)";
  const MappingLoad load = ParseMapping(text, "m.yaml");
  ASSERT_FALSE(load.mapping);
  const std::string all = Messages(load);
  EXPECT_NE(all.find("m.yaml:3:9: error: time.zone: \"Mars/Base\" is not a time zone"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("m.yaml:5:11: error: events[0].type: \"closd\" is not an event type"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("m.yaml:8:5: error: events[0].colour: unknown key"), std::string::npos) << all;
  EXPECT_NE(all.find("[mapping-unknown-key]"), std::string::npos);
}

TEST(MappingTest, MissingPiecesAreNamed) {
  const std::string text = R"(time:
  format: "d/m/yyyy H:MM"
events:
  - type: closed
    identity: who
    time: when
)";
  const MappingLoad load = ParseMapping(text, "m.yaml");
  ASSERT_FALSE(load.mapping);
  const std::string all = Messages(load);
  EXPECT_NE(all.find("time.zone: the times carry no zone"), std::string::npos) << all;
  EXPECT_NE(all.find("events[0]: needs `conversation:`"), std::string::npos) << all;
}

TEST(MappingTest, BadPatternsAndRegexesAreErrors) {
  const std::string text = R"(time:
  format: "d/m/yyyy h:MM"
  zone: UTC
events:
  - type: closed
    conversation: c
    identity: who
    time: when
exclude:
  - regex: "(unclosed"
  - {name: x, regex: y}
)";
  const MappingLoad load = ParseMapping(text, "m.yaml");
  ASSERT_FALSE(load.mapping);
  const std::string all = Messages(load);
  EXPECT_NE(all.find("m.yaml:2:11: error: time.format"), std::string::npos) << all;
  EXPECT_NE(all.find("exclude[0].regex: \"(unclosed\" is not a regular expression"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("exclude[1]: give either"), std::string::npos) << all;
}

TEST(MappingTest, ActivityEventsNeedInferredActivity) {
  const std::string text = R"(time: {format: iso8601, zone: UTC}
events:
  - {type: activity, identity: who, time: when}
)";
  const MappingLoad load = ParseMapping(text, "m.yaml");
  ASSERT_FALSE(load.mapping);
  EXPECT_NE(Messages(load).find("activity events only feed inferred active time"),
            std::string::npos);
}

TEST(MappingTest, ShippedMappingsLoad) {
  for (const char* name : {"servicenow-incident", "intercom", "zendesk"}) {
    const MappingLoad load =
        LoadMapping(std::string(RUNGS_SOURCE_DIR) + "/mappings/" + name + ".yaml");
    EXPECT_TRUE(load.mapping) << name << "\n" << Messages(load);
  }
}

TEST(MappingTest, IdentityMapJoinsSpaces) {
  const Result<IdentityMap> map = ParseIdentityMap(
      "space,name,person\nresolved_by,Resolved by 11,ana\nsys_updated_by,Updated by 40,ana\n",
      "ids.csv");
  ASSERT_TRUE(map.ok()) << map.status().message;
  ASSERT_NE(map->Find("resolved_by", "Resolved by 11"), nullptr);
  EXPECT_EQ(*map->Find("sys_updated_by", "Updated by 40"), "ana");
  EXPECT_EQ(map->Find("sys_updated_by", "Updated by 11"), nullptr);
  EXPECT_FALSE(ParseIdentityMap("who,person\n", "ids.csv").ok());
  EXPECT_FALSE(
      ParseIdentityMap("space,name,person\na,b,c\na,b,d\n", "ids.csv").ok());  // conflicting
}

}  // namespace
}  // namespace rungs
