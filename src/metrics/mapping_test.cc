#include "metrics/mapping.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST(MappingTest, QaScheduleAndIntervalRules) {
  const std::string text = R"(time: {format: iso8601, zone: UTC}
events:
  - type: qa_rating
    identity: agent
    time: ts
    review: review
    category: category
    rating: score
    scale: {min: 1, max: lowest}
    weight: 2.5
    critical: [Compliance, Security]
    critical_fail_below_pct: 50
    na: [N/A, "-"]
  - type: qa_rating
    identity: agent
    time: ts
    review: review
    rating: score
    scale: {min: {column: "0"}, max: 4}
    weight: w
    critical: is_critical
  - {type: scheduled, identity: agent, time: from, until: to}
  - {type: status_away, identity: agent, time: from, until: to}
)";
  const MappingLoad load = ParseMapping(text, "m.yaml");
  ASSERT_TRUE(load.mapping) << Messages(load);
  const Mapping& m = *load.mapping;
  ASSERT_EQ(m.events.size(), 4u);
  const QaRule& qa = m.events[0].qa;
  EXPECT_EQ(m.events[0].type, MappedType::kQaRating);
  EXPECT_EQ(qa.review.name, "review");
  EXPECT_EQ(qa.rating.name, "score");
  EXPECT_TRUE(qa.scale_min.column.name.empty());
  EXPECT_EQ(qa.scale_min.value, 1);
  EXPECT_EQ(qa.scale_max.column.name, "lowest");  // not a number: a column
  EXPECT_EQ(qa.weight.value, 2.5);
  EXPECT_EQ(qa.critical_categories, (std::vector<std::string>{"Compliance", "Security"}));
  EXPECT_EQ(qa.critical_fail_below_pct, 50);
  EXPECT_EQ(qa.na, (std::vector<std::string>{"N/A", "-"}));
  const QaRule& second = m.events[1].qa;
  EXPECT_EQ(second.scale_min.column.name, "0");  // {column: ...} for a name that reads as one
  EXPECT_EQ(second.weight.column.name, "w");
  EXPECT_EQ(second.critical.name, "is_critical");
  EXPECT_EQ(second.critical_fail_below_pct, 0);  // fails only at the minimum
  EXPECT_EQ(m.events[2].type, MappedType::kScheduled);
  EXPECT_EQ(m.events[2].until.name, "to");
  EXPECT_EQ(m.events[3].until.name, "to");
  EXPECT_EQ(m.activity.from, ActivitySettings::From::kStatus);
}

TEST(MappingTest, QaAndScheduleMistakesPointAtTheField) {
  const std::string text = R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: c, identity: who, time: at, review: r}
  - type: qa_rating
    identity: who
    time: at
    rating: score
    scale: {min: 4, max: 1}
    weight: -1
    critical_fail_below_pct: 150
  - {type: qa_rating, identity: who, time: at, review: r, rating: s, critical: [Tone]}
  - {type: scheduled, identity: who, time: at}
  - {type: replied, conversation: c, identity: who, time: at, until: end}
  - {type: qa_rating, identity: who, time: at, review: r, rating: s, scale: {min: 1}}
)";
  const MappingLoad load = ParseMapping(text, "m.yaml");
  ASSERT_FALSE(load.mapping);
  const std::string all = Messages(load);
  for (const char* expected : {
           "m.yaml:3:70: error: events[0].review: only qa_rating rules take it",
           "m.yaml:4:5: error: events[1]: needs `review:`",
           "m.yaml:8:12: error: events[1].scale: min 4 must be below max 1",
           "m.yaml:9:13: error: events[1].weight: must not be negative",
           "m.yaml:10:30: error: events[1].critical_fail_below_pct: must be a percentage",
           "events[2]: needs `scale: {min: ..., max: ...}`",
           "events[2]: a list of critical categories needs `category:`",
           "events[3]: needs `until:` (the column with the shift's end)",
           "events[4].until: only status_active, status_away and scheduled rules take `until`",
           "events[5].scale: give both ends",
       }) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
  }
}

TEST(MappingTest, ShippedMappingsLoad) {
  for (const char* name :
       {"servicenow-incident", "intercom", "zendesk", "zendesk-qa", "canonical-events",
        "canonical-status", "canonical-schedules", "canonical-qa"}) {
    const MappingLoad load =
        LoadMapping(fmt::format("{}/mappings/{}.yaml", RUNGS_SOURCE_DIR, name));
    EXPECT_TRUE(load.mapping) << name << "\n" << Messages(load);
  }
}

// Each mistake is said once, where it is: a bad regex or type is not also "missing".
TEST(MappingTest, EachMistakeHasOneMessage) {
  const std::string text = R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closd, conversation: c, identity: who, time: when}
  - {type: closed, conversation: c, identity: who, time: when}
exclude:
  - regex: "(unclosed"
)";
  const MappingLoad load = ParseMapping(text, "m.yaml");
  ASSERT_FALSE(load.mapping);
  ASSERT_EQ(load.diagnostics.size(), 2u) << Messages(load);
  EXPECT_EQ(FormatDiagnostic(load.diagnostics[0]).rfind("m.yaml:3:12: error: events[0].type", 0),
            0u)
      << Messages(load);
  EXPECT_EQ(FormatDiagnostic(load.diagnostics[1]).rfind("m.yaml:6:12: error: exclude[0].regex", 0),
            0u)
      << Messages(load);
}

// An exclude rule or identity-map row for a space no rule reads would do nothing, silently.
TEST(MappingTest, SpacesNoRuleReadsAreErrorsAtTheirPlace) {
  const std::string text = R"(time: {format: iso8601, zone: UTC}
events:
  - {type: closed, conversation: c, identity: who, time: when}
  - {type: status_active, identity: agent, time: when, space: status}
exclude:
  - {name: bot, space: whoo}
)";
  const MappingLoad load = ParseMapping(text, "m.yaml");
  ASSERT_FALSE(load.mapping);
  ASSERT_EQ(load.diagnostics.size(), 1u) << Messages(load);
  EXPECT_EQ(FormatDiagnostic(load.diagnostics[0]),
            "m.yaml:6:24: error: exclude[0].space: \"whoo\" is not a space of this mapping's "
            "rules (status, who), so the rule would exclude nothing [mapping-invalid]");

  const MappingLoad fixed = ParseMapping(text.substr(0, text.find("exclude:")), "m.yaml");
  ASSERT_TRUE(fixed.mapping) << Messages(fixed);
  const Result<IdentityMap> map =
      ParseIdentityMap("space,name,person\nwho,Ann,ana\nstatus,ann,ana\nstats,an,ana\n", "ids.csv");
  ASSERT_TRUE(map.ok()) << map.status().message;
  const Status s = CheckIdentityMapSpaces(*map, *fixed.mapping);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message,
            "ids.csv:4:1: the space \"stats\" is not one the mapping's rules read (status, who), "
            "so its rows would join nothing");
  const Result<IdentityMap> good =
      ParseIdentityMap("space,name,person\nwho,Ann,ana\nstatus,ann,ana\n", "ids.csv");
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(CheckIdentityMapSpaces(*good, *fixed.mapping).ok());
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
