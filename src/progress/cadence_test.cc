#include "progress/cadence.h"

#include <gtest/gtest.h>

#include "metrics/iso_week.h"
#include "progress/tracker_test_support.h"
#include "util/clock.h"

namespace rungs {
namespace {

constexpr int64_t kDay = 86400;

int64_t NoonUtc(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d) * kDay + 12 * 3600; }

Team EverySixWeeks(const std::string& zone = "UTC") {
  Team team;
  team.id = 1;
  team.name = "Tier 1";
  team.time_zone = zone;
  team.cadence_weeks = 6;
  team.cadence_since = NoonUtc(2026, 1, 5);
  return team;
}

TEST(CadenceTest, NoCadenceMeansNoDueDate) {
  Team team = EverySixWeeks();
  team.cadence_weeks = 0;
  EXPECT_FALSE(CheckInCadence::Of(team, NoonUtc(2026, 3, 1)).has_value());
  EXPECT_FALSE(NextCheckInOf(std::nullopt, User{}, {}, NoonUtc(2026, 3, 1)).has_value());
}

TEST(CadenceTest, CountsFromTheLatestOfCadenceStartStartDateAndLastAgreedCheckIn) {
  const std::optional<CheckInCadence> c = CheckInCadence::Of(EverySixWeeks(), NoonUtc(2026, 2, 9));
  ASSERT_TRUE(c.has_value());
  User veteran;
  veteran.start_date = "2019-04-01";  // long before the cadence: counted from 5 January
  NextCheckIn next = c->Next(veteran, 0, false);
  EXPECT_EQ(next.due_day, DaysFromCivil(2026, 2, 16));
  EXPECT_EQ(next.days_left, 7);
  EXPECT_EQ(next.state, DueState::kSoon);

  User newcomer;
  newcomer.start_date = "2026-02-02";
  EXPECT_EQ(c->Next(newcomer, 0, false).due_day, DaysFromCivil(2026, 3, 16));
  EXPECT_EQ(c->Next(newcomer, 0, false).state, DueState::kLater);

  // Agreed on 1 February: due six weeks on, whatever came before.
  EXPECT_EQ(c->Next(veteran, NoonUtc(2026, 2, 1), false).due_day, DaysFromCivil(2026, 3, 15));

  const std::optional<CheckInCadence> later =
      CheckInCadence::Of(EverySixWeeks(), NoonUtc(2026, 2, 20));
  next = later->Next(veteran, 0, true);
  EXPECT_EQ(next.state, DueState::kOverdue);
  EXPECT_EQ(next.days_left, -4);
  EXPECT_TRUE(next.open);  // under way, and still overdue until it is agreed
}

TEST(CadenceTest, DaysTurnOverAtTheTeamsMidnight) {
  // 23:30 UTC on 15 February is already 16 February in Auckland (UTC+13 in summer).
  const int64_t now = DaysFromCivil(2026, 2, 15) * kDay + 23 * 3600 + 1800;
  EXPECT_EQ(CheckInCadence::Of(EverySixWeeks("UTC"), now)->today(), DaysFromCivil(2026, 2, 15));
  EXPECT_EQ(CheckInCadence::Of(EverySixWeeks("Pacific/Auckland"), now)->today(),
            DaysFromCivil(2026, 2, 16));
  // A zone the database does not know counts in UTC rather than failing the page.
  EXPECT_EQ(CheckInCadence::Of(EverySixWeeks("Mars/Olympus"), now)->today(),
            DaysFromCivil(2026, 2, 15));
}

TEST(CadenceTest, OnlyAgreedCheckInsMoveTheDate) {
  CheckIn open;
  open.state = CheckInState::kOpen;
  open.created_at = NoonUtc(2026, 2, 1);
  CheckIn agreed;
  agreed.state = CheckInState::kFrozen;
  agreed.frozen_at = NoonUtc(2026, 1, 20);
  EXPECT_EQ(LastAgreedAt({open, agreed}), agreed.frozen_at);
  EXPECT_TRUE(HasOpenCheckIn({open, agreed}));
  User person;
  person.framework_id = "customer-operations";
  const std::optional<NextCheckIn> next =
      NextCheckInOf(EverySixWeeks(), person, {open, agreed}, NoonUtc(2026, 2, 9));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->due_day, DaysFromCivil(2026, 3, 3));
  EXPECT_TRUE(next->open);
}

class CadenceTrackerTest : public test::TrackerFixture {
 protected:
  CadenceTrackerTest() : TrackerFixture("rungs-cadence") {}

  // The cadence as if it had been turned on `days` ago.
  void TurnedOnDaysAgo(int64_t team_id, int64_t days) {
    std::unique_ptr<sql::Connection> db = OpenDirect();
    sql::Query q = db->Prepare("UPDATE teams SET cadence_since = ? WHERE id = ?");
    q.Bind(1, UnixNow() - days * kDay);
    q.Bind(2, team_id);
    q.Exec();
  }
};

TEST_P(CadenceTrackerTest, TeamAdminAndCalendarListWhatIsDue) {
  const User admin = AddPerson("ada@example.com", Role::kAdmin, std::nullopt);
  const User lead = AddPerson("lee@example.com", Role::kManager, std::nullopt);
  Team input;
  input.name = "Tier 1";
  input.cadence_weeks = 1;
  Result<Team> team = tracker_->CreateTeam(admin, input);
  ASSERT_TRUE(team.ok()) << team.status().message;
  TurnedOnDaysAgo(team->id, 30);

  User overdue = AddPerson("olga@example.com", Role::kMember, lead.id, test::kCustomerOperations);
  overdue.team_id = team->id;
  overdue.start_date = "2020-01-06";
  ASSERT_TRUE(store_->UpdateUser(overdue, Actor::System()).ok());
  User soon = AddPerson("sven@example.com", Role::kMember, lead.id, test::kCustomerOperations);
  soon.team_id = team->id;
  soon.start_date = IsoDateOfDay(UnixNow() / kDay - 3);
  ASSERT_TRUE(store_->UpdateUser(soon, Actor::System()).ok());
  const User no_team =
      AddPerson("nia@example.com", Role::kMember, lead.id, test::kCustomerOperations);
  // In the team but without a framework: no check-ins to hold, so nothing is due.
  User no_framework = AddPerson("nils@example.com", Role::kMember, lead.id);
  no_framework.team_id = team->id;
  ASSERT_TRUE(store_->UpdateUser(no_framework, Actor::System()).ok());

  Result<std::shared_ptr<const TeamView>> overview = tracker_->TeamOverview(lead, TeamFilter{});
  ASSERT_TRUE(overview.ok()) << overview.status().message;
  const TeamView* view = overview->get();
  ASSERT_EQ(view->due.size(), 2u);
  EXPECT_EQ(view->overdue, 1);
  EXPECT_EQ(view->due[0].person.id, overdue.id);
  EXPECT_EQ(view->due[0].next.state, DueState::kOverdue);
  EXPECT_EQ(view->due[0].next.days_left, -23);
  EXPECT_EQ(view->due[0].manager_name, "lee");
  EXPECT_EQ(view->due[0].team_name, "Tier 1");
  EXPECT_EQ(view->due[1].person.id, soon.id);
  EXPECT_EQ(view->due[1].next.days_left, 4);
  for (const TeamRow& row : view->rows) {
    const bool due = row.person.id == overdue.id || row.person.id == soon.id;
    EXPECT_EQ(row.next_checkin.has_value(), due) << row.person.name;
  }
  TeamFilter by_due;
  by_due.sort = TeamSort::kNextCheckIn;
  Result<std::shared_ptr<const TeamView>> sorted_overview = tracker_->TeamOverview(lead, by_due);
  ASSERT_TRUE(sorted_overview.ok());
  const TeamView* sorted = sorted_overview->get();
  ASSERT_EQ(sorted->rows.size(), 4u);
  EXPECT_EQ(sorted->rows[0].person.id, overdue.id);
  EXPECT_EQ(sorted->rows[1].person.id, soon.id);
  EXPECT_FALSE(sorted->rows[3].next_checkin.has_value());  // no cadence: last

  Result<AdminSummary> summary = tracker_->AdminOverview(admin);
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->overdue.size(), 1u);
  EXPECT_EQ(summary->overdue[0].person.id, overdue.id);

  // The lead's calendar: their reports with a cadence (the lead has no team).
  Result<std::vector<DueCheckIn>> calendar = tracker_->CalendarCheckIns(lead, UnixNow());
  ASSERT_TRUE(calendar.ok());
  ASSERT_EQ(calendar->size(), 2u);
  EXPECT_EQ((*calendar)[0].person.id, overdue.id);
  // A member's own: just theirs.
  EXPECT_EQ(tracker_->CalendarCheckIns(soon, UnixNow())->size(), 1u);
  EXPECT_TRUE(tracker_->CalendarCheckIns(no_team, UnixNow())->empty());

  // The person page says when theirs is due.
  Result<PersonView> page = tracker_->Person(soon, soon.id);
  ASSERT_TRUE(page.ok());
  ASSERT_TRUE(page->next_checkin.has_value());
  EXPECT_EQ(page->next_checkin->days_left, 4);
}

TEST_P(CadenceTrackerTest, FeedsAreTheirOwnersAndTeamsNeedARealZone) {
  const User admin = AddPerson("ada@example.com", Role::kAdmin, std::nullopt);
  const User ana = AddPerson("ana@example.com", Role::kMember, std::nullopt);
  Result<NewCalendarFeed> feed = tracker_->CreateCalendarFeed(ana);
  ASSERT_TRUE(feed.ok()) << feed.status().message;
  EXPECT_EQ(tracker_->CalendarFeedOwner(feed->secret, UnixNow())->id, ana.id);
  EXPECT_EQ(tracker_->CalendarFeedOwner("nope", UnixNow()).status().code, StatusCode::kNotFound);
  EXPECT_EQ(tracker_->CalendarFeedOwner(std::string(500, 'a'), UnixNow()).status().code,
            StatusCode::kNotFound);
  Result<NewCalendarFeed> again = tracker_->CreateCalendarFeed(ana);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(tracker_->CalendarFeedOwner(feed->secret, UnixNow()).ok());
  ASSERT_TRUE(tracker_->RevokeCalendarFeed(ana).ok());
  EXPECT_FALSE(tracker_->CalendarFeedOwner(again->secret, UnixNow()).ok());
  EXPECT_FALSE(tracker_->CalendarFeedOf(ana)->has_value());

  Team team;
  team.name = "Tier 1";
  team.time_zone = "Europe/Lundon";
  Result<Team> refused = tracker_->CreateTeam(admin, team);
  EXPECT_EQ(refused.status().field, "time_zone");
  EXPECT_NE(refused.status().message.find("Europe/Lundon"), std::string::npos);
  team.time_zone = "Europe/London";
  Result<Team> made = tracker_->CreateTeam(admin, team);
  ASSERT_TRUE(made.ok());
  Team every3 = *made;
  every3.cadence_weeks = 3;
  EXPECT_EQ(tracker_->UpdateTeam(ana, every3).status().code, StatusCode::kForbidden);
  EXPECT_EQ(tracker_->UpdateTeam(admin, every3)->cadence_weeks, 3);
}

INSTANTIATE_TEST_SUITE_P(Stores, CadenceTrackerTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
