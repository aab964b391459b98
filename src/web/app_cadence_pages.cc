// The pages of a team's cadence: what is due (on the team page, a person's page and the admin
// overview), a team's settings, and the calendar feed a person subscribes to.
#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "web/app_pages_internal.h"

namespace rungs {
namespace {

std::string Days(int64_t n) { return n == 1 ? "1 day" : fmt::format("{} days", n); }

}  // namespace

std::string DueWords(const NextCheckIn& next) {
  const std::string date = IsoDateOfDay(next.due_day);
  if (next.days_left < 0) return fmt::format("overdue by {} (due {})", Days(-next.days_left), date);
  if (next.days_left == 0) return fmt::format("due today ({})", date);
  return fmt::format("due in {} ({})", Days(next.days_left), date);
}

Html DueNote(const NextCheckIn& next) {
  Html html;
  const std::string date = IsoDateOfDay(next.due_day);
  if (next.days_left < 0) {
    html.Raw("<span class=\"status status-not_yet\">Overdue</span> by ")
        .Text(fmt::format("{} (due {})", Days(-next.days_left), date));
  } else if (next.days_left == 0) {
    html.Raw("<span class=\"status status-working_towards\">Due today</span> (")
        .Text(date)
        .Raw(")");
  } else if (next.state == DueState::kSoon) {
    html.Raw("<span class=\"status status-working_towards\">Due soon</span> in ")
        .Text(fmt::format("{} ({})", Days(next.days_left), date));
  } else {
    html.Text(fmt::format("due {} (in {})", date, Days(next.days_left)));
  }
  if (next.open) html.Raw(" \xC2\xB7 a check-in is open");
  return html;
}

Html DueCheckInsSection(std::string_view heading, const std::vector<DueCheckIn>& due, size_t shown,
                        const std::string& all_href) {
  Html html;
  html.Raw("<section class=\"due\" aria-labelledby=\"due-heading\"><h2 id=\"due-heading\">")
      .Text(heading);
  html.Raw("</h2><ul class=\"due-list\">");
  for (size_t i = 0; i < due.size() && i < shown; ++i) {
    const DueCheckIn& d = due[i];
    html.Raw("<li><a")
        .Attr("href", fmt::format("/people/{}", d.person.id))
        .Raw(">")
        .Text(d.person.name)
        .Raw("</a>: ")
        .Append(DueNote(d.next));
    if (!d.manager_name.empty()) html.Raw(" \xC2\xB7 manager ").Text(d.manager_name);
    html.Raw("</li>");
  }
  html.Raw("</ul>");
  if (due.size() > shown) {
    html.Raw("<p>").Int(static_cast<int64_t>(due.size() - shown)).Raw(" more: <a");
    html.Attr("href", all_href).Raw(">see them all</a></p>");
  }
  return html.Raw("</section>");
}

Html TeamFields(const Team& team, const Status& refusal) {
  Html html;
  html.Raw(
          "<label for=\"team-name\">Team name</label><input id=\"team-name\" name=\"name\" "
          "required")
      .Attr("value", team.name)
      .Append(InvalidAttrs(refusal, "name", "team-name"))
      .Raw(">")
      .Append(FieldError(refusal, "name", "team-name"))
      .Raw("<label for=\"team-tz\">Time zone</label><input id=\"team-tz\" name=\"time_zone\"")
      .Attr("value", team.time_zone.empty() ? "UTC" : team.time_zone)
      .Append(InvalidAttrs(refusal, "time_zone", "team-tz", "team-tz-hint"))
      .Raw(
          "><p class=\"hint\" id=\"team-tz-hint\">A name such as Europe/London: weeks of "
          "helpdesk data and due dates are counted in it.</p>")
      .Append(FieldError(refusal, "time_zone", "team-tz"))
      .Raw(
          "<label for=\"team-cadence\">Check in every (weeks)</label><input id=\"team-cadence\" "
          "name=\"cadence_weeks\" type=\"number\" min=\"0\"")
      .Attr("max", std::to_string(kMaxCadenceWeeks))
      .Attr("value", std::to_string(team.cadence_weeks))
      .Append(InvalidAttrs(refusal, "cadence_weeks", "team-cadence", "team-cadence-hint"))
      .Raw(
          "><p class=\"hint\" id=\"team-cadence-hint\">0 for no cadence. A check-in is due "
          "this many weeks after the last agreed one (or the start date); turning a cadence on "
          "starts everyone's clock that day.</p>")
      .Append(FieldError(refusal, "cadence_weeks", "team-cadence"));
  return html;
}

std::string RenderTeamEditPage(const PageViewer& viewer, const Team& team, const Status& refusal,
                               const std::string& notice) {
  Html main;
  main.Raw("<p><a href=\"/admin/people#teams\">Teams</a></p><h1>")
      .Text(team.name)
      .Raw("</h1>")
      .Append(Notice(notice))
      .Append(RefusalBox(refusal))
      .Append(PostFormStart(viewer, "stack", fmt::format("/admin/teams/{}", team.id)))
      .Append(TeamFields(team, refusal))
      .Raw("<button type=\"submit\">Save team</button></form>");
  if (team.cadence_weeks > 0 && team.cadence_since > 0) {
    main.Raw("<p class=\"hint\">Cadence on since ").Text(FormatDate(team.cadence_since));
    main.Raw(".</p>");
  }
  return Layout(viewer, team.name, main);
}

std::string RenderCalendarPage(const PageViewer& viewer, const std::optional<CalendarFeed>& feed,
                               const std::string& new_url, const std::optional<NextCheckIn>& own) {
  Html main;
  main.Raw("<h1>Settings</h1>")
      .Raw(
          "<nav class=\"views\" aria-label=\"Settings\"><a href=\"/settings/calendar\" "
          "aria-current=\"page\">Calendar feed</a> <a href=\"/settings/tokens\">API "
          "tokens</a></nav>")
      .Raw(
          "<h2>Calendar feed</h2><p>Subscribe to this address in the calendar you use (Google "
          "Calendar: Other calendars, From URL; Outlook: Add calendar, Subscribe from web) and "
          "your next check-in appears there, with those of the people you manage. Anyone with "
          "the address sees those dates and names: keep it to yourself, and make a new one if "
          "it gets out (the old one stops working).</p>");
  if (own) {
    main.Raw("<p>Your next check-in: ").Append(DueNote(*own)).Raw(".</p>");
  } else {
    main.Raw(
        "<p class=\"hint\">Your team keeps no check-in cadence, so the feed lists only the "
        "people you manage whose teams keep one.</p>");
  }
  if (!new_url.empty()) {
    main.Raw(
            "<div class=\"notice\" role=\"status\"><p>Your feed's address (shown once):</p><p>"
            "<code data-testid=\"calendar-url\">")
        .Text(new_url)
        .Raw("</code></p></div>");
  }
  if (feed) {
    main.Raw("<p>You have a feed, made ")
        .Text(FormatDate(feed->created_at))
        .Raw(" \xC2\xB7 last read ")
        .Text(feed->last_used_at ? FormatDate(feed->last_used_at) : "never")
        .Raw(".</p>")
        .Append(PostFormStart(viewer, "inline", "/settings/calendar/revoke"))
        .Raw("<button type=\"submit\" class=\"danger\">Revoke the feed</button></form> ")
        .Append(PostFormStart(viewer, "inline", "/settings/calendar"))
        .Raw("<button type=\"submit\">Make a new address</button></form>");
  } else {
    main.Append(PostFormStart(viewer, "inline", "/settings/calendar"))
        .Raw("<button type=\"submit\">Make a calendar feed</button></form>");
  }
  return Layout(viewer, "Calendar feed", main);
}

}  // namespace rungs
