#include "metrics/targets.h"

#include <gtest/gtest.h>

#include "framework/loader.h"
#include "framework/monzo_format.h"

namespace rungs {
namespace {

MeasuredRule RuleOf(std::string_view text) {
  TextTargets read = ParseTargetText(text);
  EXPECT_EQ(read.kind, TextTargets::Kind::kRule) << text << ": " << read.reason;
  return read.rule;
}

void ExpectNotMeasured(std::string_view text) {
  TextTargets read = ParseTargetText(text);
  EXPECT_EQ(read.kind, TextTargets::Kind::kNotMeasured) << text << ": " << read.reason;
}

TextTargets Unreadable(std::string_view text) {
  TextTargets read = ParseTargetText(text);
  EXPECT_EQ(read.kind, TextTargets::Kind::kUnreadable) << text;
  return read;
}

TEST(TargetTextTest, ProbationTargetsHeldForTwoWeeks) {
  const MeasuredRule r = RuleOf(
      "At least 2 weeks performance at expected probation targets for core scaling "
      "tasks: 10 conversations per hour, 95% activity and 95% QA");
  EXPECT_EQ(r.conversations_per_hour, 10);
  EXPECT_EQ(r.activity_pct, 95);
  EXPECT_EQ(r.qa_pct, 95);
  EXPECT_EQ(r.weeks_in_a_row, 2);
  EXPECT_FALSE(r.consistently);
  EXPECT_FALSE(r.core_targets);
  EXPECT_EQ(r.advanced_tasks, 0);
  EXPECT_EQ(r.source, "text");
}

TEST(TargetTextTest, ConsistentlyPerforms) {
  const MeasuredRule r = RuleOf(
      "Consistently performs expected targets for core scaling tasks: 12 conversations per "
      "hour, 95% activity and 95% QA");
  EXPECT_EQ(r.conversations_per_hour, 12);
  EXPECT_EQ(r.activity_pct, 95);
  EXPECT_EQ(r.qa_pct, 95);
  EXPECT_EQ(r.weeks_in_a_row, 0);
  EXPECT_TRUE(r.consistently);
  EXPECT_EQ(DescribeRule(r, {}),
            "12 conversations/h \u00B7 \u226595% activity \u00B7 \u226595% QA \u00B7 4 of the "
            "last 4 weeks");
}

TEST(TargetTextTest, AdvancedTasksAndCoreTargets) {
  MeasuredRule r = RuleOf(
      "Consistently able to competently perform at least three advanced tasks as well as "
      "maintaining all 'core' scaling task targets");
  EXPECT_EQ(r.advanced_tasks, 3);
  EXPECT_TRUE(r.core_targets);
  EXPECT_TRUE(r.consistently);
  EXPECT_FALSE(HasRates(r));
  r = RuleOf(
      "Consistently able to competently perform at least five advanced tasks whilst "
      "maintaining performance in all \u2018core\u2019 scaling task targets");
  EXPECT_EQ(r.advanced_tasks, 5);
  EXPECT_TRUE(r.core_targets);
}

TEST(TargetTextTest, WorkingTowardsIsNotARule) {
  ExpectNotMeasured("Working towards probation targets (outlined below)");
  ExpectNotMeasured("Working towards 1B standards");
  ExpectNotMeasured("Working towards 12 conversations per hour");
}

TEST(TargetTextTest, OrdinaryTextIsNotMeasured) {
  ExpectNotMeasured("Performs an advanced task like activity leading or holds a badge");
  ExpectNotMeasured("tackles the biggest unknowns first; validates ideas with 10% effort");
  ExpectNotMeasured("Instituted and ensured success of a 20% time policy");
  ExpectNotMeasured("Reviewed individual group member progression every 6 weeks");
  ExpectNotMeasured("You bring major crises under control in days where others might take weeks.");
  ExpectNotMeasured("Gives feedback across disciplines e.g. UX, QA.");
  ExpectNotMeasured("Runs QA stand-ups and keeps the team on target");
  ExpectNotMeasured("Writes 2 help articles per month");
  ExpectNotMeasured("Spends 1 hour per week on learning");
  ExpectNotMeasured("All criteria from level 2");
  ExpectNotMeasured("Within 1-2 weeks of joining, shadows 2 weeks of calls then 4 weeks of chats");
}

TEST(TargetTextTest, VariantsTeamsWrite) {
  MeasuredRule r = RuleOf("7.5 tickets/h, 90 % activity and a QA score of 92%");
  EXPECT_EQ(r.conversations_per_hour, 7.5);
  EXPECT_EQ(r.rate_noun, "tickets");
  EXPECT_EQ(r.activity_pct, 90);
  EXPECT_EQ(r.qa_pct, 92);
  EXPECT_TRUE(r.consistently);

  r = RuleOf("Hits eight chats an hour for three consecutive weeks");
  EXPECT_EQ(r.conversations_per_hour, 8);
  EXPECT_EQ(r.rate_noun, "chats");
  EXPECT_EQ(r.weeks_in_a_row, 3);
  EXPECT_EQ(DescribeRule(r, {}), "8 chats/h \u00B7 3 weeks in a row");

  r = RuleOf("Closes 11 conversations per hour with 95 percent QA, 3 of the last 4 weeks");
  EXPECT_EQ(r.conversations_per_hour, 11);
  EXPECT_EQ(r.qa_pct, 95);
  EXPECT_TRUE(r.consistently);
  EXPECT_EQ(r.window_meeting, 3);
  EXPECT_EQ(r.window_weeks, 4);
  EXPECT_EQ(DescribeRule(r, {}),
            "11 conversations/h \u00B7 \u226595% QA \u00B7 3 of the last 4 weeks");

  r = RuleOf("Conversations per hour: 9; activity: 90%");
  EXPECT_EQ(r.conversations_per_hour, 9);
  EXPECT_EQ(r.activity_pct, 90);

  r = RuleOf("95% activity and QA over at least 2 weeks");
  EXPECT_EQ(r.activity_pct, 95);
  EXPECT_EQ(r.qa_pct, 95);
  EXPECT_EQ(r.weeks_in_a_row, 2);

  r = RuleOf("\u226590% QA and 10 closed tickets per hour");
  EXPECT_EQ(r.qa_pct, 90);
  EXPECT_EQ(r.conversations_per_hour, 10);

  r = RuleOf("Activity 95%, QA 95%, 12+ cph");
  EXPECT_EQ(r.conversations_per_hour, 12);
  EXPECT_EQ(r.activity_pct, 95);
  EXPECT_EQ(r.qa_pct, 95);

  r = RuleOf("Completes 2 or more advanced tasks");
  EXPECT_EQ(r.advanced_tasks, 2);
  EXPECT_FALSE(r.consistently);
  EXPECT_EQ(DescribeRule(r, {}), "\u22652 advanced tasks");
}

TEST(TargetTextTest, UnreadableSaysWhyAndWhere) {
  TextTargets r = Unreadable("12 conversations per hour and 90% CSAT");
  EXPECT_NE(r.reason.find("'CSAT'"), std::string::npos) << r.reason;
  EXPECT_EQ(r.excerpt, "90% CSAT");
  EXPECT_EQ(r.first_column, 31);
  EXPECT_EQ(r.last_column, 38);

  r = Unreadable("Handles 10-12 conversations per hour");
  EXPECT_EQ(r.excerpt, "10-12 conversations per hour");
  EXPECT_NE(r.reason.find("range"), std::string::npos);

  r = Unreadable("Closes 40 tickets per day");
  EXPECT_NE(r.reason.find("per day"), std::string::npos);

  r = Unreadable("10 calls per hour, 95% QA and 98%");
  EXPECT_NE(r.reason.find("names no metric"), std::string::npos);

  r = Unreadable("At least 4 weeks at expected targets");
  EXPECT_EQ(r.excerpt, "4 weeks");

  r = Unreadable("Keeps QA below 80% in the first month");
  EXPECT_NE(r.reason.find("minimums"), std::string::npos);

  r = Unreadable("Handles 12 articles per hour");
  EXPECT_NE(r.reason.find("'articles'"), std::string::npos);

  r = Unreadable("Resolves 80% of tickets within 24 hours");
  EXPECT_EQ(r.excerpt, "80% of tickets");
  r = Unreadable("Between 10 and 12 conversations per hour");
  EXPECT_NE(r.reason.find("range"), std::string::npos);
  r = Unreadable("Reaches a 4.5/5 CSAT");
  EXPECT_EQ(r.excerpt, "4.5/5 CSAT");
  r = Unreadable("Keeps average handle time under 8 minutes");
  EXPECT_NE(r.reason.find("'handle time'"), std::string::npos) << r.reason;
  ExpectNotMeasured("Knows the 3 main CSAT drivers");
  ExpectNotMeasured("Understands our SLAs and escalation paths");
  ExpectNotMeasured("Spends 10% of time on projects");

  // Columns count code points, not bytes.
  r = Unreadable("\u2018Core\u2019 work: 95% CSAT");
  EXPECT_EQ(r.first_column, 14);
}

Framework LoadMonzo(const std::string& yaml) {
  ImportResult imported = ImportMonzo("---\n" + yaml + "---\n", "team.md");
  EXPECT_TRUE(imported.framework);
  Framework fw = *imported.framework;
  fw.id = "team";
  Diagnostics ignored;
  ResolveReferences(fw, ignored);
  AssignCriterionKeys(fw);
  return fw;
}

TEST(ResolveTargetsTest, BundledCustomerOperations) {
  const LoadResult loaded = LoadFrameworks(BundledSourceFiles());
  const Framework& fw = loaded.frameworks.at(0);
  ASSERT_EQ(fw.id, "customer-operations");
  const FrameworkTargets targets = ResolveTargets(fw);
  EXPECT_TRUE(targets.diagnostics.empty()) << FormatDiagnostic(targets.diagnostics.at(0));
  const std::string k = "customer-operations/knowledgeandimpact/";
  EXPECT_EQ(targets.Find(k + "1A/1"), nullptr);
  EXPECT_EQ(targets.Find(k + "1A-after-probation/2"), nullptr);
  ASSERT_NE(targets.Find(k + "1A-after-probation/1"), nullptr);
  EXPECT_EQ(targets.Find(k + "1A-after-probation/1")->weeks_in_a_row, 2);
  ASSERT_NE(targets.Find(k + "1B/1"), nullptr);
  EXPECT_EQ(DescribeRule(*targets.Find(k + "1B/1"), targets.settings),
            "12 conversations/h \u00B7 \u226595% activity \u00B7 \u226595% QA \u00B7 4 of the "
            "last 4 weeks");
  EXPECT_EQ(targets.Find(k + "1C/2"), nullptr);  // "Performs an advanced task ... or a badge"
  const MeasuredRule* two_a = targets.Find(k + "2A/1");
  ASSERT_NE(two_a, nullptr);
  EXPECT_EQ(two_a->core_from, k + "1C/1");
  EXPECT_EQ(two_a->conversations_per_hour, 12);
  EXPECT_EQ(DescribeRule(*two_a, targets.settings),
            "\u22653 advanced tasks \u00B7 core targets: 12 conversations/h \u00B7 \u226595% "
            "activity \u00B7 \u226595% QA \u00B7 4 of the last 4 weeks");
  ASSERT_NE(targets.Find(k + "2B/1"), nullptr);
  EXPECT_EQ(targets.Find(k + "2B/1")->advanced_tasks, 5);
  EXPECT_EQ(targets.rules.size(), 5u);
}

TEST(ResolveTargetsTest, DeclarationsOverrideText) {
  const Framework fw = LoadMonzo(
      "title: Team\n"
      "rungs:\n"
      "  window: {weeks: 6, meeting: 5}\n"
      "  targets:\n"
      "    support/1/1: {conversations_per_hour: 14, qa: 90}\n"
      "    team/support/1/2: {measured: false}\n"
      "    support/2/1: {activity: 93, weeks: 3}\n"
      "topics:\n"
      "  - name: support\n"
      "    title: Support\n"
      "    content:\n"
      "      - level: 1\n"
      "        criteria:\n"
      "          - \"12 conversations per hour\"\n"
      "          - \"90% CSAT\"\n"
      "      - level: 2\n"
      "        criteria:\n"
      "          - \"Mentors others\"\n"
      "          - \"Maintains the core targets\"\n");
  const FrameworkTargets targets = ResolveTargets(fw);
  EXPECT_TRUE(targets.diagnostics.empty()) << FormatDiagnostic(targets.diagnostics.at(0));
  EXPECT_EQ(targets.settings.window_weeks, 6);
  EXPECT_EQ(targets.settings.window_meeting, 5);
  const MeasuredRule* one = targets.Find("team/support/1/1");
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->source, "declared");
  EXPECT_EQ(one->conversations_per_hour, 14);
  EXPECT_EQ(one->qa_pct, 90);
  EXPECT_TRUE(one->consistently);
  EXPECT_EQ(DescribeRule(*one, targets.settings),
            "14 conversations/h \u00B7 \u226590% QA \u00B7 5 of the last 6 weeks");
  EXPECT_EQ(targets.Find("team/support/1/2"), nullptr);  // unreadable text, declared unmeasured
  EXPECT_EQ(targets.Find("team/support/2/1")->weeks_in_a_row, 3);
  const MeasuredRule* core = targets.Find("team/support/2/2");
  ASSERT_NE(core, nullptr);
  EXPECT_EQ(core->core_from, "team/support/1/1");
  EXPECT_EQ(core->conversations_per_hour, 14);  // the declared numbers, not the text's
}

TEST(ResolveTargetsTest, WarnsAboutUnreadableTextAndMissingCore) {
  const Framework fw = LoadMonzo(
      "title: Team\n"
      "topics:\n"
      "  - name: support\n"
      "    title: Support\n"
      "    content:\n"
      "      - level: 1\n"
      "        criteria:\n"
      "          - \"Keeps 90% CSAT\"\n"
      "          - \"Maintains all core targets\"\n");
  const FrameworkTargets targets = ResolveTargets(fw);
  ASSERT_EQ(targets.diagnostics.size(), 2u);
  EXPECT_EQ(targets.diagnostics[0].code, "core-targets-missing");
  EXPECT_EQ(targets.diagnostics[0].line, 10);
  EXPECT_EQ(targets.diagnostics[1].code, "target-unreadable");
  EXPECT_EQ(targets.diagnostics[1].severity, Severity::kWarning);
  EXPECT_EQ(targets.diagnostics[1].file, "team.md");
  EXPECT_EQ(targets.diagnostics[1].line, 9);
  EXPECT_EQ(targets.diagnostics[1].column, 13);
  EXPECT_NE(targets.diagnostics[1].message.find("support/1/1"), std::string::npos);
  EXPECT_NE(targets.diagnostics[1].message.find("\"90% CSAT\" (columns 7-14"), std::string::npos)
      << targets.diagnostics[1].message;
  // The rule is still shown, marked as having no numbers.
  EXPECT_EQ(DescribeRule(*targets.Find("team/support/1/2"), targets.settings),
            "core targets (not stated below) \u00B7 4 of the last 4 weeks");
}

TEST(ResolveTargetsTest, UnknownCriterionIsAnError) {
  const Framework fw = LoadMonzo(
      "title: Team\n"
      "rungs:\n"
      "  targets:\n"
      "    support/3/1: {qa: 90}\n"
      "topics:\n"
      "  - name: support\n"
      "    title: Support\n"
      "    content:\n"
      "      - level: 1\n"
      "        criteria: [\"Helps\"]\n");
  const FrameworkTargets targets = ResolveTargets(fw);
  ASSERT_EQ(targets.diagnostics.size(), 1u);
  const Diagnostic& d = targets.diagnostics[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.code, "settings-criterion");
  EXPECT_EQ(d.line, 5);
  EXPECT_EQ(d.column, 5);
  EXPECT_NE(d.message.find("'support/3/1'"), std::string::npos) << d.message;
}

TEST(DescribeRuleTest, DecimalsAndSingleWeek) {
  MeasuredRule r;
  r.conversations_per_hour = 7.5;
  r.weeks_in_a_row = 1;
  EXPECT_EQ(DescribeRule(r, {}), "7.5 conversations/h \u00B7 1 week in a row");
}

}  // namespace
}  // namespace rungs
