// A team's cadence and the calendar feed against a real server on a real SQLite store: the team
// form, what is due on the pages, and the feed a calendar program reads without a session.
#include <httplib.h>

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "metrics/iso_week.h"
#include "util/clock.h"
#include "web/app.h"
#include "web/app_test_support.h"

namespace rungs {
namespace {

using test::Cast;
using test::Has;
using test::Person;

class AppCadenceTest : public test::AppServerTest {
 protected:
  // `person` in the cast's team (every six weeks, turned on just now).
  void JoinTeam(const Cast& cast, const Person& person) {
    User u = store_->GetUser(person.user.id).value();
    u.team_id = cast.team;
    ASSERT_TRUE(store_->UpdateUser(u, Actor::System()).ok());
  }

  // The token of the feed address the calendar page shows once.
  static std::string FeedToken(const httplib::Result& res) {
    const std::string marker = "checkins.ics?token=";
    if (!res) return "";
    const size_t at = res->body.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    return res->body.substr(start, res->body.find('<', start) - start);
  }
};

TEST_P(AppCadenceTest, ACalendarFeedListsDueCheckInsWithoutASessionUntilRevoked) {
  const Cast cast = MakeCast();
  JoinTeam(cast, cast.member);
  const std::string due = IsoDateOfDay(UnixNow() / 86400 + 42);

  auto page = PostForm(cast.member, "/settings/calendar", {});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_TRUE(Has(page, "data-testid=\"calendar-url\""));
  EXPECT_TRUE(Has(page, "Your next check-in: "));
  const std::string token = FeedToken(page);
  ASSERT_FALSE(token.empty()) << page->body;

  auto feed = client_->Get("/me/checkins.ics?token=" + token);
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->status, 200) << feed->body;
  EXPECT_EQ(feed->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  EXPECT_TRUE(Has(feed, "BEGIN:VCALENDAR\r\n"));
  EXPECT_TRUE(Has(feed, "SUMMARY:Your check-in\r\n")) << feed->body;
  EXPECT_TRUE(Has(feed, "DTSTART;VALUE=DATE:" + ReplaceAll(due, "-", ""))) << feed->body;
  EXPECT_TRUE(Has(feed, fmt::format("URL:{}/people/{}", options_.public_url, cast.member.user.id)));

  // The manager's feed lists the check-ins they hold.
  const std::string manager_token = FeedToken(PostForm(cast.manager, "/settings/calendar", {}));
  auto managers = client_->Get("/me/checkins.ics?token=" + manager_token);
  ASSERT_TRUE(managers);
  EXPECT_TRUE(Has(managers, "SUMMARY:Check-in: " + cast.member.user.name)) << managers->body;

  // A new address replaces the old one; revoking ends it.
  const std::string second = FeedToken(PostForm(cast.member, "/settings/calendar", {}));
  ASSERT_FALSE(second.empty());
  EXPECT_EQ(client_->Get("/me/checkins.ics?token=" + token)->status, 404);
  EXPECT_EQ(client_->Get("/me/checkins.ics?token=" + second)->status, 200);
  auto revoked = PostForm(cast.member, "/settings/calendar/revoke", {});
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 303);
  auto gone = client_->Get("/me/checkins.ics?token=" + second);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
  EXPECT_FALSE(Has(gone, cast.member.user.name));
  EXPECT_EQ(client_->Get("/me/checkins.ics")->status, 404);
}

TEST_P(AppCadenceTest, PagesSayWhenTheNextCheckInIsDue) {
  const Cast cast = MakeCast();
  JoinTeam(cast, cast.member);
  auto own = As(cast.member, "GET", fmt::format("/people/{}", cast.member.user.id));
  ASSERT_TRUE(own);
  const std::string due = IsoDateOfDay(UnixNow() / 86400 + 42);
  EXPECT_TRUE(Has(own, "data-testid=\"next-checkin\">Next check-in: due " + due + " (in 42 days)"))
      << own->body;
  EXPECT_TRUE(Has(own, "href=\"/settings/calendar\""));
  auto team = As(cast.manager, "GET", "/team");
  ASSERT_TRUE(team);
  EXPECT_TRUE(Has(team, "Next check-in")) << team->body;
  EXPECT_TRUE(Has(team, "(in 42 days)"));
  EXPECT_FALSE(Has(team, "Check-ins due"));  // nothing within 14 days
  auto sorted = As(cast.manager, "GET", "/team?sort=next_check_in");
  ASSERT_TRUE(sorted);
  EXPECT_EQ(sorted->status, 200);
  EXPECT_TRUE(
      Has(sorted, "aria-sort=\"ascending\"><a href=\"/team?sort=next_check_in&amp;order=desc\""))
      << sorted->body;
}

TEST_P(AppCadenceTest, TheTeamFormKeepsWhatWasTypedAndSaysWhatIsWrong) {
  const Cast cast = MakeCast();
  const std::string path = fmt::format("/admin/teams/{}", cast.team);
  auto form = As(cast.admin, "GET", path);
  ASSERT_TRUE(form);
  ASSERT_EQ(form->status, 200) << form->body;
  EXPECT_TRUE(Has(form, "name=\"cadence_weeks\" type=\"number\" min=\"0\" max=\"52\" value=\"6\""))
      << form->body;

  auto too_many = PostForm(cast.admin, path,
                           {{"name", "Renamed"}, {"time_zone", "UTC"}, {"cadence_weeks", "99"}});
  ASSERT_TRUE(too_many);
  EXPECT_EQ(too_many->status, 400);
  EXPECT_TRUE(Has(too_many, "value=\"Renamed\"")) << too_many->body;
  EXPECT_TRUE(Has(too_many, "id=\"team-cadence-error\"")) << too_many->body;
  EXPECT_TRUE(Has(too_many, "from 1 to 52"));

  auto bad_zone = PostForm(
      cast.admin, path, {{"name", "Renamed"}, {"time_zone", "Mars/Base"}, {"cadence_weeks", "4"}});
  ASSERT_TRUE(bad_zone);
  EXPECT_EQ(bad_zone->status, 400);
  EXPECT_TRUE(Has(bad_zone, "there is no time zone named &quot;Mars/Base&quot;")) << bad_zone->body;
  EXPECT_EQ(store_->ListTeams().value()[0].name, "Cast team 1");  // nothing saved

  auto saved =
      PostForm(cast.admin, path,
               {{"name", "Renamed"}, {"time_zone", "Europe/Dublin"}, {"cadence_weeks", "4"}});
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303);
  const Team team = store_->ListTeams().value()[0];
  EXPECT_EQ(team.name, "Renamed");
  EXPECT_EQ(team.cadence_weeks, 4);
  EXPECT_EQ(team.time_zone, "Europe/Dublin");
  auto listed = As(cast.admin, "GET", "/admin/people");
  EXPECT_TRUE(Has(listed, "every 4 weeks")) << listed->body;
}

INSTANTIATE_TEST_SUITE_P(Stores, AppCadenceTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
