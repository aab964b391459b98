#include <gtest/gtest.h>

#include "metrics/iso_week.h"
#include "metrics/mapped_events.h"

namespace rungs {
namespace {

MappedReading Reading() {
  MappedReading r;
  IdentityWeeks ana;
  ana.name = "=ana";  // a formula to a spreadsheet
  ana.space = "who";
  ana.events = 3;
  ana.closes_measured = true;
  ana.active_measured = true;
  AgentWeek w;
  w.week_index = WeekIndexOfDay(19786);  // 2024-03-04
  w.closed = 6;
  w.closed_events = 6;
  w.active_seconds = 2 * 3600;
  ana.weeks.push_back(w);
  IdentityWeeks bo = ana;
  bo.name = "bo";
  bo.events = 5;
  r.identities = {ana, bo};
  return r;
}

TEST(MappedSummaryTest, WeeklyTableTotalsAndBusiestIdentities) {
  const MappedReading r = Reading();
  EXPECT_EQ(MappedWeeklyTableCsv(r),
            "identity,space,week,closed,active_hours,active_time,conversations_per_hour,"
            "scheduled_hours,activity_pct,qa_reviews,qa_pct\n"
            "'=ana,who,2024-W10,6,2.000000,status,3.000000,,100.00,,\n"
            "bo,who,2024-W10,6,2.000000,status,3.000000,,100.00,,\n");
  const ReadingTotals totals = TotalsOf(r);
  ASSERT_EQ(totals.weeks.size(), 1u);
  EXPECT_EQ(totals.weeks[0].closed, 12);
  EXPECT_EQ(totals.weeks[0].identities, 2);
  const std::vector<const IdentityWeeks*> top = MostActiveIdentities(r, "who", 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0]->name, "bo");
}

TEST(MappedSummaryTest, ProblemsReadAsDiagnostics) {
  MappedProblemRow p;
  p.line = 12;
  p.column = 31;
  p.problem = MappedProblem::kBadTimestamp;
  p.message = "at \"x\" is not a time";
  EXPECT_EQ(FormatDiagnostic(DescribeMappedProblem("export.csv", p)),
            "export.csv:12:31: error: at \"x\" is not a time [bad-timestamp]");
  MappedReading r;
  r.used = 1;
  r.skipped = 2;
  EXPECT_TRUE(MappingDoesNotFit(r));
}

}  // namespace
}  // namespace rungs
