#include "progress/demo_helpdesk.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "metrics/bundled_mappings.h"
#include "metrics/iso_week.h"
#include "metrics/mapped_events.h"
#include "progress/demo.h"
#include "progress/tracker_test_support.h"

namespace rungs {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kHelpdeskNow = 1773223200;  // Wednesday 2026-03-11T10:00:00Z

MappedReading Read(const std::string& mapping_name, const std::string& text) {
  MappingLoad load = LoadMappingByNameOrPath(mapping_name);
  EXPECT_TRUE(load.mapping.has_value()) << mapping_name;
  if (!load.mapping) return {};
  Result<MappedReading> reading = ReadMappedEventText(text, mapping_name + ".csv", *load.mapping);
  EXPECT_TRUE(reading.ok()) << reading.status().message;
  return reading.ok() ? *reading : MappedReading{};
}

// One agent's weeks in a reading, by week index.
std::map<int64_t, AgentWeek> WeeksOf(const MappedReading& reading, const std::string& agent) {
  std::map<int64_t, AgentWeek> weeks;
  for (const IdentityWeeks& identity : reading.identities) {
    if (identity.name != agent) continue;
    for (const AgentWeek& w : identity.weeks) weeks[w.week_index] = w;
  }
  return weeks;
}

double PerHour(const AgentWeek& week) {
  return week.active_seconds > 0 ? static_cast<double>(week.closed) * 3600 / week.active_seconds
                                 : 0;
}

class DemoHelpdeskFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    files_ = new DemoHelpdeskFiles(GenerateDemoHelpdesk(kHelpdeskNow));
    events_ = new MappedReading(Read(kDemoEventsMapping, files_->events));
    schedules_ = new MappedReading(Read(kDemoSchedulesMapping, files_->schedules));
    qa_ = new MappedReading(Read(kDemoQaMapping, files_->qa));
  }
  static void TearDownTestSuite() {
    delete files_;
    delete events_;
    delete schedules_;
    delete qa_;
  }

  static DemoHelpdeskFiles* files_;
  static MappedReading* events_;
  static MappedReading* schedules_;
  static MappedReading* qa_;
};

DemoHelpdeskFiles* DemoHelpdeskFilesTest::files_ = nullptr;
MappedReading* DemoHelpdeskFilesTest::events_ = nullptr;
MappedReading* DemoHelpdeskFilesTest::schedules_ = nullptr;
MappedReading* DemoHelpdeskFilesTest::qa_ = nullptr;

TEST_F(DemoHelpdeskFilesTest, SameWeekGivesTheSameBytes) {
  // Wednesday and the Sunday after are in one week: the same files, to the byte.
  const DemoHelpdeskFiles sunday = GenerateDemoHelpdesk(kHelpdeskNow + (4 * kDay) + 3600);
  EXPECT_EQ(sunday.events, files_->events);
  EXPECT_EQ(sunday.schedules, files_->schedules);
  EXPECT_EQ(sunday.qa, files_->qa);

  // The weeks end with the last complete one: 2026-W10 for a Wednesday of W11.
  EXPECT_EQ(WeekIndexName(files_->last_week), "2026-W10");
  EXPECT_EQ(files_->last_week - files_->first_week + 1, kDemoWeeks);
  const DemoHelpdeskFiles next_monday = GenerateDemoHelpdesk(kHelpdeskNow + (5 * kDay));
  EXPECT_EQ(next_monday.last_week, files_->last_week + 1);
  EXPECT_NE(next_monday.events, files_->events);
}

TEST_F(DemoHelpdeskFilesTest, EveryRowReadsThroughItsShippedMapping) {
  for (const MappedReading* reading : {events_, schedules_, qa_}) {
    EXPECT_GT(reading->rows, 0);
    EXPECT_TRUE(reading->problems.empty())
        << FormatDiagnostic(DescribeMappedProblem("demo.csv", reading->problems.front()));
    EXPECT_EQ(reading->used, reading->rows);
    EXPECT_EQ(reading->fold_rejected, 0);
  }
  std::set<std::string> agents;
  for (const IdentityWeeks& identity : events_->identities) {
    agents.insert(identity.name);
    EXPECT_EQ(identity.space, "agent_id");
    EXPECT_FALSE(identity.active_inferred) << identity.name;
  }
  EXPECT_EQ(agents.size(), DemoAgents().size());
  EXPECT_GT(qa_->qa_reviews, 100);
}

TEST_F(DemoHelpdeskFilesTest, TheImprovingAgentReachesTwelveAnHour) {
  const std::map<int64_t, AgentWeek> weeks = WeeksOf(*events_, "sam.rivera");
  ASSERT_EQ(weeks.size(), static_cast<size_t>(kDemoWeeks));
  for (int w = 0; w < 4; ++w) {
    EXPECT_LT(PerHour(weeks.at(files_->first_week + w)), 10.0) << "week " << w;
  }
  for (int w = kDemoWeeks - 2; w < kDemoWeeks; ++w) {
    EXPECT_GE(PerHour(weeks.at(files_->first_week + w)), 12.0) << "week " << w;
  }
  // Activity and QA improve alongside: below 95% at first, above it at the end.
  const std::map<int64_t, AgentWeek> shifts = WeeksOf(*schedules_, "sam.rivera");
  const std::map<int64_t, AgentWeek> reviews = WeeksOf(*qa_, "sam.rivera");
  const int64_t first = files_->first_week;
  const int64_t last = files_->last_week;
  EXPECT_LT(weeks.at(first).active_seconds * 100.0 / shifts.at(first).scheduled_seconds, 95.0);
  EXPECT_GT(weeks.at(last).active_seconds * 100.0 / shifts.at(last).scheduled_seconds, 95.0);
  EXPECT_LT(reviews.at(first).qa_score_sum / reviews.at(first).qa_reviews, 95.0);
  EXPECT_GT(reviews.at(last).qa_score_sum / reviews.at(last).qa_reviews, 95.0);
}

TEST_F(DemoHelpdeskFilesTest, LeaveWeeksHaveNoRowsAndTheThinWeekTooLittleData) {
  const int64_t leave = files_->first_week + kDemoLeaveWeek;
  const int64_t thin = files_->first_week + kDemoThinWeek;
  for (const MappedReading* reading : {events_, schedules_, qa_}) {
    const std::map<int64_t, AgentWeek> weeks = WeeksOf(*reading, "jonas.berg");
    EXPECT_FALSE(weeks.empty());
    for (int64_t w = leave; w < leave + kDemoLeaveWeeks; ++w) {
      EXPECT_EQ(weeks.count(w), 0u) << WeekIndexName(w);
    }
    EXPECT_EQ(weeks.count(thin), 1u);
  }
  const TargetSettings minimum;
  EXPECT_LT(WeeksOf(*events_, "jonas.berg").at(thin).active_seconds,
            minimum.min_active_hours * 3600);
  EXPECT_LT(WeeksOf(*qa_, "jonas.berg").at(thin).qa_reviews, minimum.min_reviews);
  // The slow week back misses 12 an hour; the weeks after it are back above.
  const std::map<int64_t, AgentWeek> weeks = WeeksOf(*events_, "jonas.berg");
  EXPECT_LT(PerHour(weeks.at(files_->first_week + kDemoSlowWeek)), 12.0);
  EXPECT_GE(PerHour(weeks.at(files_->last_week)), 12.0);
}

TEST_F(DemoHelpdeskFilesTest, QaReviewsHaveNotApplicableAndOneFailedCritical) {
  EXPECT_NE(files_->qa.find(",n/a,"), std::string::npos);
  EXPECT_NE(files_->qa.find(",Process,,1,4,"), std::string::npos);  // N/A as an empty cell
  EXPECT_NE(files_->qa.find(",Data protection,0,0,1,1,true"), std::string::npos);
  const std::map<int64_t, AgentWeek> weeks = WeeksOf(*qa_, "sam.rivera");
  const AgentWeek& failed = weeks.at(files_->first_week + 3);
  EXPECT_LT(failed.qa_score_sum / failed.qa_reviews, 80.0);
}

class DemoSeedTest : public test::TrackerFixture {
 protected:
  DemoSeedTest() : TrackerFixture("rungs-demo-helpdesk") {}

  void SetUp() override {
    TrackerFixture::SetUp();
    if (HasFatalFailure()) return;
    Result<std::vector<DemoAccount>> accounts = CreateDemoTeam(
        *store_, v1_.front(), catalog_->Current(v1_.front().id).version_id, kHelpdeskNow);
    ASSERT_TRUE(accounts.ok()) << accounts.status().message;
    admin_ = store_->FindUserByEmail("admin@demo.rungs.invalid").value();
  }

  // Each measured criterion's verdict on the person's page.
  std::vector<Verdict> Verdicts(const std::string& email) {
    const User person = store_->FindUserByEmail(email).value();
    Result<PersonView> view = tracker_->Person(admin_, person.id);
    EXPECT_TRUE(view.ok()) << view.status().message;
    if (!view.ok()) return {};
    const MeasuredResults& measured = view->record->measured;
    EXPECT_EQ(measured.state, MeasuredResults::State::kEvaluated) << email;
    std::vector<Verdict> verdicts;
    for (const MeasuredCriterion& c : measured.criteria) {
      if (HasRates(c.rule)) verdicts.push_back(c.evaluation.verdict);
    }
    EXPECT_FALSE(verdicts.empty()) << email;
    return verdicts;
  }

  User admin_;
};

TEST_P(DemoSeedTest, PagesShowMetNotMetAndNoData) {
  using V = std::vector<Verdict>;
  // Sam met the probation targets two weeks in a row; Priya meets everything.
  EXPECT_EQ(Verdicts("sam@demo.rungs.invalid"), V({Verdict::kMet}));
  for (Verdict v : Verdicts("priya@demo.rungs.invalid")) EXPECT_EQ(v, Verdict::kMet);
  // Jonas's slow week back is one of his last four with data; the leave and thin weeks are not.
  for (Verdict v : Verdicts("jonas@demo.rungs.invalid")) EXPECT_EQ(v, Verdict::kNotMet);
  // The manager's queue cover never reaches the minimum hours.
  for (Verdict v : Verdicts("manager@demo.rungs.invalid")) EXPECT_EQ(v, Verdict::kNoData);
}

TEST_P(DemoSeedTest, EveryAgentIsLinkedInEverySource) {
  const User jonas = store_->FindUserByEmail("jonas@demo.rungs.invalid").value();
  Result<std::vector<HelpdeskIdentity>> linked = store_->IdentitiesOf(jonas.id);
  ASSERT_TRUE(linked.ok());
  std::set<std::string> sources;
  for (const HelpdeskIdentity& id : *linked) {
    EXPECT_EQ(id.identity, "jonas.berg");
    sources.insert(id.source);
  }
  EXPECT_EQ(sources,
            (std::set<std::string>{kDemoEventsMapping, kDemoSchedulesMapping, kDemoQaMapping}));
  EXPECT_TRUE(store_->UnlinkedIdentities().value().empty());
}

TEST_P(DemoSeedTest, SeedingAgainChangesNothing) {
  const std::vector<IngestBatch> before = store_->ListIngestBatches().value();
  ASSERT_EQ(before.size(), 3u);
  const std::vector<User> users = store_->ListUsers().value();
  ASSERT_TRUE(SeedDemoHelpdesk(*store_, users, kHelpdeskNow + kDay).ok());
  const std::vector<IngestBatch> after = store_->ListIngestBatches().value();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].id, before[i].id);
  const User sam = store_->FindUserByEmail("sam@demo.rungs.invalid").value();
  EXPECT_EQ(store_->IdentitiesOf(sam.id).value().size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Stores, DemoSeedTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
