// The team views on the demo team in a real store (three reports of one manager, with helpdesk
// data), and the filters, sorting and paging on top of it.
#include "progress/team.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "progress/demo.h"
#include "progress/tracker.h"
#include "progress/tracker_test_support.h"
#include "util/clock.h"

namespace rungs {
namespace {

class TeamTest : public test::TrackerFixture {
 protected:
  TeamTest() : TrackerFixture("rungs-team") {}

  void SetUp() override {
    TrackerFixture::SetUp();
    if (HasFatalFailure()) return;
    const CurrentFramework current = catalog_->Current(test::kCustomerOperations);
    ASSERT_NE(current.framework, nullptr);
    Result<std::vector<DemoAccount>> accounts =
        CreateDemoTeam(*store_, *current.framework, current.version_id, UnixNow());
    ASSERT_TRUE(accounts.ok()) << accounts.status().message;
    for (const DemoAccount& a : *accounts) {
      Result<User> u = store_->FindUserByEmail(a.email);
      ASSERT_TRUE(u.ok());
      if (a.role == Role::kManager) manager_ = *u;
      if (a.role == Role::kAdmin) admin_ = *u;
      if (a.email.starts_with("sam@")) sam_ = *u;
    }
  }

  std::vector<std::string> Names(const TeamView& view) {
    std::vector<std::string> names;
    for (const TeamRow& row : view.rows) names.push_back(row.person.name);
    return names;
  }

  TeamView Team(const User& viewer, const TeamFilter& filter) {
    Result<std::shared_ptr<const TeamView>> view = tracker_->TeamOverview(viewer, filter);
    EXPECT_TRUE(view.ok()) << view.status().message;
    return view.ok() ? **view : TeamView{};
  }

  User admin_;
  User manager_;
  User sam_;
};

TEST_P(TeamTest, EachCountSaysWhatItCountsAndAHeldTargetNotMetIsAtRisk) {
  const TeamView view = Team(manager_, {});
  ASSERT_EQ(Names(view), (std::vector<std::string>{"Jonas Berg", "Priya Shah", "Sam Rivera"}));
  EXPECT_EQ(view.matching, 3);
  EXPECT_EQ(view.pages, 1);

  const TeamRow& jonas = view.rows[0];
  EXPECT_EQ(jonas.manager_name, "Morgan Lee");
  EXPECT_EQ(jonas.demonstrated_rung, "1B");
  EXPECT_EQ(jonas.next_rung, "1C");
  EXPECT_EQ(jonas.measured_state, MeasuredResults::State::kEvaluated);
  // 1B's target is not met: he holds 1B, so it is at risk. 1C's is not met either, but 1C is
  // the next rung: that is "not yet", not a risk.
  ASSERT_FALSE(jonas.at_risk.empty());
  for (const AtRisk& a : jonas.at_risk) EXPECT_EQ(a.rung, "1B") << a.rule;
  EXPECT_GE(jonas.measured.not_met, 1);

  // Priya meets every measured target: her data says so, beside the one criterion agreed.
  const TeamRow& priya = view.rows[1];
  EXPECT_EQ(priya.next_rung, "1B");
  EXPECT_EQ(priya.next_met, 1);
  EXPECT_EQ(priya.next_total, 7);
  EXPECT_GE(priya.measured.met, 1);
  EXPECT_EQ(priya.measured.not_met, 0);
  EXPECT_TRUE(priya.at_risk.empty());

  // People per rung, in rung order.
  std::vector<std::string> rungs;
  for (const RungCount& r : view.rungs) rungs.push_back(r.rung);
  EXPECT_EQ(rungs, (std::vector<std::string>{"1A", "1A-after-probation", "1B"}));
  for (const RungCount& r : view.rungs) {
    EXPECT_EQ(r.assigned, 1) << r.rung;
    EXPECT_EQ(r.demonstrated, 1) << r.rung;
  }
}

TEST_P(TeamTest, FiltersSortAndRefuseMembers) {
  TeamFilter filter;
  filter.rung = "1b";  // any case
  EXPECT_EQ(Names(Team(manager_, filter)), (std::vector<std::string>{"Jonas Berg"}));
  EXPECT_EQ(Team(manager_, filter).rungs.size(), 3u);  // counted before the rung filter

  filter = {};
  filter.readiness = Readiness::kReady;
  EXPECT_TRUE(Team(manager_, filter).rows.empty());
  filter.readiness = Readiness::kNotReady;
  EXPECT_EQ(Team(manager_, filter).matching, 3);

  filter = {};
  filter.manager_id = manager_.id;
  EXPECT_EQ(Team(admin_, filter).matching, 3);
  filter.manager_id = sam_.id;  // manages nobody
  EXPECT_EQ(Team(admin_, filter).matching, 0);
  filter = {};
  filter.team_id = 999999;
  EXPECT_EQ(Team(admin_, filter).matching, 0);

  filter = {};
  filter.sort = TeamSort::kDemonstrated;
  EXPECT_EQ(Names(Team(manager_, filter)),
            (std::vector<std::string>{"Sam Rivera", "Priya Shah", "Jonas Berg"}));
  filter.descending = true;
  EXPECT_EQ(Names(Team(manager_, filter)),
            (std::vector<std::string>{"Jonas Berg", "Priya Shah", "Sam Rivera"}));

  EXPECT_EQ(tracker_->TeamOverview(sam_, {}).status().code, StatusCode::kForbidden);
}

TEST_P(TeamTest, AViewIsServedAgainUntilAWriteAndNeverToAnotherViewerOrFilter) {
  Result<std::shared_ptr<const TeamView>> first = tracker_->TeamOverview(manager_, {});
  Result<std::shared_ptr<const TeamView>> again = tracker_->TeamOverview(manager_, {});
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->get(), again->get());  // nothing changed: the same view, not rebuilt

  // The admin sees everyone else (the manager too); a filter is its own view.
  Result<std::shared_ptr<const TeamView>> admins = tracker_->TeamOverview(admin_, {});
  ASSERT_TRUE(admins.ok());
  EXPECT_NE(admins->get(), first->get());
  EXPECT_EQ((*admins)->matching, 4);
  TeamFilter only_1b;
  only_1b.rung = "1B";
  EXPECT_EQ(Names(Team(manager_, only_1b)), (std::vector<std::string>{"Jonas Berg"}));
  TeamFilter only_1a;
  only_1a.rung = "1A";
  EXPECT_EQ(Names(Team(manager_, only_1a)), (std::vector<std::string>{"Sam Rivera"}));

  // Any write retires it: the next view shows the change.
  User renamed = sam_;
  renamed.name = "Sam Okafor";
  ASSERT_TRUE(store_->UpdateUser(renamed, Actor::System()).ok());
  EXPECT_EQ(Names(Team(manager_, {})),
            (std::vector<std::string>{"Jonas Berg", "Priya Shah", "Sam Okafor"}));
}

TEST_P(TeamTest, PagesOfTwoHundredAndAnExportOfEveryone) {
  for (int i = 0; i < 230; ++i) {
    User u;
    u.name = "Person " + std::to_string(1000 + i);
    u.email = "p" + std::to_string(i) + "@example.com";
    u.manager_id = manager_.id;
    ASSERT_TRUE(store_->CreateUser(u, Actor::System()).ok());
  }
  TeamFilter filter;
  TeamView first = Team(manager_, filter);
  EXPECT_EQ(first.matching, 233);
  EXPECT_EQ(first.pages, 2);
  EXPECT_EQ(first.rows.size(), 200u);
  filter.page = 2;
  TeamView second = Team(manager_, filter);
  EXPECT_EQ(second.page, 2);
  ASSERT_EQ(second.rows.size(), 33u);
  EXPECT_EQ(second.rows.back().person.name, "Sam Rivera");
  filter.page = 99;  // past the end: the last page
  EXPECT_EQ(Team(manager_, filter).page, 2);
  filter.page = 0;
  EXPECT_EQ(Team(manager_, filter).rows.size(), 233u);
}

TEST_P(TeamTest, TheHeatmapCountsTheNextRungsCriteriaMetPerTopic) {
  const TeamView view = Team(manager_, {});
  const TeamHeatmap heatmap = BuildHeatmap(view.rows);
  ASSERT_EQ(heatmap.rows.size(), 3u);
  ASSERT_EQ(heatmap.topics.size(), 3u);
  for (const HeatmapRow& row : heatmap.rows) {
    int met = 0;
    int total = 0;
    for (const HeatmapCell& cell : row.cells) {
      EXPECT_LE(cell.met, cell.total);
      met += cell.met;
      total += cell.total;
    }
    // The cells add up to the overview's count.
    EXPECT_EQ(met, row.row->next_met) << row.row->person.name;
    EXPECT_EQ(total, row.row->next_total) << row.row->person.name;
  }
  const HeatmapRow& sam = heatmap.rows[2];
  EXPECT_EQ(sam.row->person.name, "Sam Rivera");
  EXPECT_EQ(sam.cells[0].met, sam.cells[0].total);  // a topic done
}

TEST_P(TeamTest, TheAdminOverviewCountsAndListsWhatNeedsDoing) {
  EXPECT_EQ(tracker_->AdminOverview(manager_).status().code, StatusCode::kForbidden);
  Result<AdminSummary> summary = tracker_->AdminOverview(admin_);
  ASSERT_TRUE(summary.ok()) << summary.status().message;
  EXPECT_EQ(summary->people, 5);
  EXPECT_EQ(summary->managers, 1);
  EXPECT_EQ(summary->admins, 1);
  EXPECT_EQ(summary->teams, 1);
  EXPECT_EQ(summary->agreed_checkins, 4);
  EXPECT_EQ(summary->recent_batches.size(), 3u);
  EXPECT_TRUE(summary->without_identity.empty());
  // The demo team checks in every six weeks: Jonas never has, Priya's is 8 days late. The
  // manager never has either.
  ASSERT_EQ(summary->overdue.size(), 3u);
  EXPECT_EQ(summary->overdue[2].person.name, "Priya Shah");
  EXPECT_EQ(summary->overdue[2].next.days_left, -8);
  EXPECT_EQ(summary->overdue[2].manager_name, "Morgan Lee");

  User newcomer;
  newcomer.name = "Newcomer";
  newcomer.email = "new@example.com";
  ASSERT_TRUE(store_->CreateUser(newcomer, Actor::System()).ok());
  summary = tracker_->AdminOverview(admin_);
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->without_identity.size(), 1u);
  EXPECT_EQ(summary->without_identity[0].name, "Newcomer");
}

// Two people on the demo framework with made-up histories: one moved up twice, one is still on
// the first rung.
TEST_P(TeamTest, TrendsCountPeoplePerRungWeekByWeekAndTimeInEachRung) {
  const CurrentFramework current = catalog_->Current(test::kCustomerOperations);
  constexpr int64_t kDay = 86400;
  const int64_t start = 20000 * kDay;  // a Thursday
  auto row = [&](int64_t id, std::vector<std::pair<int64_t, std::string>> steps) {
    auto record = std::make_shared<PersonRecord>();
    for (const auto& [day, rung] : steps) {
      RungStep step;
      step.at = start + day * kDay;
      step.demonstrated_rung = rung;
      record->history.push_back(step);
    }
    TeamRow r;
    r.person.id = id;
    r.framework = current.framework;
    r.framework_title = current.framework->title;
    r.record = record;
    return r;
  };
  std::vector<TeamRow> rows = {
      row(1, {{0, "1A"}, {30, "1A-after-probation"}, {100, "1B"}}),
      row(2, {{10, "1A"}}),
  };
  TeamRow elsewhere;  // no framework: left out
  elsewhere.person.id = 3;
  rows.push_back(elsewhere);

  const TeamTrends trends = BuildTrends(rows, start + 120 * kDay);
  ASSERT_EQ(trends.framework, current.framework);
  EXPECT_EQ(trends.people, 2);
  EXPECT_EQ(trends.left_out, 1);
  ASSERT_EQ(trends.stays.size(), 3u);
  EXPECT_EQ(trends.stays[0].rung, "1A");
  EXPECT_EQ(trends.stays[0].people, 2);
  EXPECT_EQ(trends.stays[0].moved_on, 1);
  EXPECT_EQ(trends.stays[0].min_days, 30);
  EXPECT_EQ(trends.stays[0].max_days, 110);  // still on it: the time so far
  EXPECT_EQ(trends.stays[0].median_days, 70);
  EXPECT_EQ(trends.stays[1].rung, "1A-after-probation");
  EXPECT_EQ(trends.stays[1].median_days, 70);
  EXPECT_EQ(trends.stays[2].rung, "1B");
  EXPECT_EQ(trends.stays[2].moved_on, 0);
  EXPECT_EQ(trends.stays[2].median_days, 20);

  // From the first agreed check-in's week to now's, a count per rung each week.
  ASSERT_GE(trends.weeks.size(), 17u);
  ASSERT_LE(trends.weeks.size(), 19u);
  const size_t last = trends.weeks.size() - 1;
  const size_t one_a = 0;
  const size_t one_b = 2;
  EXPECT_EQ(trends.people_per_rung[one_a][0], 1);     // the first week: person 1 on 1A
  EXPECT_EQ(trends.people_per_rung[one_a][last], 1);  // person 2 never moved
  EXPECT_EQ(trends.people_per_rung[one_b][last], 1);
  int people_last_week = 0;
  for (const std::vector<int>& counts : trends.people_per_rung) people_last_week += counts[last];
  EXPECT_EQ(people_last_week, 2);
}

INSTANTIATE_TEST_SUITE_P(Stores, TeamTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
