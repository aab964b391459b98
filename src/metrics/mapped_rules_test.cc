#include "metrics/mapped_rules.h"
#include "metrics/metrics_test_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rungs {
namespace {

CsvRecord Record(std::string_view line) {
  TextSource source(line);
  CsvStream stream(source, ',', '"');
  CsvRecord r;
  EXPECT_TRUE(stream.Next(r));
  return r;
}

const char* kMapping = R"(time: {format: iso8601, zone: UTC}
events:
  - type: closed
    conversation: c
    identity: who
    time: ts
    when: {kind: close}
  - type: replied
    conversation: c
    identity: who
    time: ts
    when: {kind: {in: [reply, close]}}
exclude:
  - {name: bot, reason: automation}
)";

TEST(MappedRulesTest, RowsBecomeCandidatesPerRule) {
  const Mapping m = test::LoadMappingYaml(kMapping);
  MappedRules rules(m, nullptr);
  MappedIdentities ids;
  ASSERT_TRUE(rules.Resolve({"kind", "who", "c", "ts"}, 1, "x.csv", ids).ok());
  std::vector<Candidate> out;
  bool excluded = false;
  const CsvRecord close = Record("close,ann,C1,2024-03-04T09:00:00Z\n");
  EXPECT_FALSE(rules.Evaluate(close, ids, out, excluded));
  ASSERT_EQ(out.size(), 2u);  // both rules hold
  EXPECT_EQ(out[0].rule, 0u);
  EXPECT_EQ(out[0].conversation, "C1");
  EXPECT_EQ(ids[out[0].identity].name, "ann");
  EXPECT_EQ(out[1].identity, out[0].identity);

  EXPECT_FALSE(rules.Evaluate(Record("reply,bot,C1,2024-03-04T09:00:00Z\n"), ids, out, excluded));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(excluded);
  EXPECT_EQ(rules.excluded_by()[0], 1);

  EXPECT_FALSE(rules.Evaluate(Record("reply,,C1,2024-03-04T09:00:00Z\n"), ids, out, excluded));
  EXPECT_EQ(rules.counts()[1].missing, 1);
}

TEST(MappedRulesTest, ProblemsNameTheirField) {
  const Mapping m = test::LoadMappingYaml(kMapping);
  MappedRules rules(m, nullptr);
  MappedIdentities ids;
  ASSERT_TRUE(rules.Resolve({"kind", "who", "c", "ts"}, 1, "x.csv", ids).ok());
  std::vector<Candidate> out;
  bool excluded = false;
  const std::optional<RuleProblem> time =
      rules.Evaluate(Record("close,ann,C1,yesterday\n"), ids, out, excluded);
  ASSERT_TRUE(time);
  EXPECT_EQ(time->problem, MappedProblem::kBadTimestamp);
  EXPECT_EQ(time->field, 3);
  const std::optional<RuleProblem> count =
      rules.Evaluate(Record("close;ann\n"), ids, out, excluded);
  ASSERT_TRUE(count);
  EXPECT_EQ(count->problem, MappedProblem::kFieldCount);
  EXPECT_NE(count->message.find("another delimiter"), std::string::npos);
}

TEST(MappedRulesTest, AMissingColumnPointsIntoTheMapping) {
  const Mapping m = test::LoadMappingYaml(kMapping);
  MappedRules rules(m, nullptr);
  MappedIdentities ids;
  const Status s = rules.Resolve({"kind", "who", "ts"}, 1, "x.csv", ids);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message.find("column \"c\" is not in the header of x.csv (line 1)"),
            std::string::npos);
}

}  // namespace
}  // namespace rungs
