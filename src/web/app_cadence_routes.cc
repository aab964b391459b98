// A team's settings (/admin/teams/ID), the calendar feed's settings (/settings/calendar) and the
// feed itself (/me/checkins.ics?token=...), which calendar programs read without a session.
#include <algorithm>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "util/clock.h"
#include "util/text.h"
#include "web/app_pages_internal.h"
#include "web/app_routes_internal.h"
#include "web/http.h"
#include "web/icalendar.h"

namespace rungs {
namespace {

// The team with `id` among those the viewer may see; kNotFound otherwise.
std::vector<CalendarEvent> EventsOf(const std::vector<DueCheckIn>& due, const User& owner,
                                    const std::string& public_url) {
  std::vector<CalendarEvent> events;
  events.reserve(due.size());
  for (const DueCheckIn& d : due) {
    CalendarEvent e;
    // One event per person and due date: a newly agreed check-in makes a new event.
    e.uid = fmt::format("checkin-{}-{}@rungs", d.person.id, IsoDateOfDay(d.next.due_day));
    // An overdue check-in sits on today (in the team's zone), where it is seen, until agreed.
    const int64_t today = d.next.due_day - d.next.days_left;
    e.day = std::max(d.next.due_day, today);
    const bool own = d.person.id == owner.id;
    e.summary = own ? "Your check-in" : "Check-in: " + d.person.name;
    if (d.next.state == DueState::kOverdue) e.summary += " (overdue)";
    e.description = fmt::format(
        "{} {}", own ? "Your check-in is" : d.person.name + "'s check-in is", DueWords(d.next));
    if (d.next.open) e.description += "; a check-in is open";
    e.description += ".";
    e.url = fmt::format("{}/people/{}", public_url, d.person.id);
    events.push_back(std::move(e));
  }
  return events;
}

void SendCalendar(AppContext& app, const HttpRequest& req, HttpResponse& res) {
  SetSecurityHeaders(res);
  res.SetHeader("Cache-Control", "private, no-cache");
  const int64_t now = UnixNow();
  Result<User> owner = app.tracker.CalendarFeedOwner(req.Param("token"), now);
  if (!owner.ok()) {
    // The same answer for a missing, unknown or revoked token: nothing to learn by guessing.
    return SendPage(res, 404,
                    RenderMessagePage({}, 404, "No such calendar feed",
                                      "No calendar feed has this address; it may have been "
                                      "revoked. Make a new one on the Settings page."));
  }
  Result<std::vector<DueCheckIn>> due = app.tracker.CalendarCheckIns(*owner, now);
  if (!due.ok()) {
    return SendPage(res, HttpStatusFor(due.status().code),
                    RenderMessagePage({}, HttpStatusFor(due.status().code),
                                      "The calendar could not be read", due.status().message));
  }
  res.status = 200;
  res.SetHeader("Content-Type", "text/calendar; charset=utf-8");
  res.body = WriteICalendar("rungs check-ins: " + owner->name,
                            EventsOf(*due, *owner, app.options.public_url), now);
}

}  // namespace

Status ReadTeamForm(const HttpRequest& req, Team& team) {
  if (req.HasParam("name")) team.name = req.Param("name");
  if (req.HasParam("time_zone")) team.time_zone = std::string(Trim(req.Param("time_zone")));
  if (team.time_zone.empty()) team.time_zone = "UTC";
  if (req.HasParam("cadence_weeks")) {
    const std::string_view typed = Trim(req.Param("cadence_weeks"));
    const std::optional<int64_t> weeks = typed.empty() ? 0 : ParseInt64(typed);
    if (!weeks || *weeks < 0 || *weeks > kMaxCadenceWeeks) {
      return Status::Invalid(fmt::format("write a whole number of weeks from 1 to {}, or 0 for no "
                                         "cadence",
                                         kMaxCadenceWeeks),
                             "cadence_weeks");
    }
    team.cadence_weeks = static_cast<int>(*weeks);
  }
  return Status::Ok();
}

void RegisterCadencePages(Router& http, AppContext& app) {
  http.Get(R"(/admin/teams/(\d+))",
           AdminSigned(app, false,
                       [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                              const PageViewer& viewer) {
                         Result<Team> team = app.tracker.FindTeam(caller.user, IdParam(req, 1));
                         if (!team.ok()) return SendStatusPage(res, viewer, team.status());
                         SendPage(res, 200,
                                  RenderTeamEditPage(viewer, *team, Status::Ok(),
                                                     req.Param("saved") == "1" ? "Saved." : ""));
                       }));
  http.Post(R"(/admin/teams/(\d+))",
            AdminSigned(app, true,
                        [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                               const PageViewer& viewer) {
                          Result<Team> team = app.tracker.FindTeam(caller.user, IdParam(req, 1));
                          if (!team.ok()) return SendStatusPage(res, viewer, team.status());
                          Team typed = *team;
                          Status read = ReadTeamForm(req, typed);
                          Result<Team> saved =
                              read.ok() ? app.tracker.UpdateTeam(caller.user, typed) : read;
                          if (saved.status().code == StatusCode::kInvalid) {
                            return SendPage(res, 400,
                                            RenderTeamEditPage(viewer, typed, saved.status(), ""));
                          }
                          if (!saved.ok()) return SendStatusPage(res, viewer, saved.status());
                          SeeOther(res, fmt::format("/admin/teams/{}?saved=1", saved->id));
                        }));

  auto render = [&app](HttpResponse& res, const Caller& caller, const PageViewer& viewer,
                       const std::string& new_url) {
    Result<std::optional<CalendarFeed>> feed = app.tracker.CalendarFeedOf(caller.user);
    if (!feed.ok()) return SendStatusPage(res, viewer, feed.status());
    Result<PersonView> own = app.tracker.Person(caller.user, caller.user.id);
    if (!own.ok()) return SendStatusPage(res, viewer, own.status());
    SendPage(res, 200, RenderCalendarPage(viewer, *feed, new_url, own->next_checkin));
  };
  http.Get("/settings/calendar",
           Signed(app, false,
                  [render](const HttpRequest&, HttpResponse& res, const Caller& caller,
                           const PageViewer& viewer) { render(res, caller, viewer, ""); }));
  http.Post("/settings/calendar",
            Signed(app, true,
                   [&app, render](const HttpRequest&, HttpResponse& res, const Caller& caller,
                                  const PageViewer& viewer) {
                     Result<NewCalendarFeed> made = app.tracker.CreateCalendarFeed(caller.user);
                     if (!made.ok()) return SendStatusPage(res, viewer, made.status());
                     render(res, caller, viewer,
                            fmt::format("{}/me/checkins.ics?token={}", app.options.public_url,
                                        made->secret));
                   }));
  http.Post("/settings/calendar/revoke",
            Signed(app, true,
                   [&app](const HttpRequest&, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     Status s = app.tracker.RevokeCalendarFeed(caller.user);
                     if (!s.ok() && s.code != StatusCode::kNotFound) {
                       return SendStatusPage(res, viewer, s);
                     }
                     SeeOther(res, "/settings/calendar");
                   }));
  http.Get("/me/checkins.ics",
           [&app](const HttpRequest& req, HttpResponse& res) { SendCalendar(app, req, res); });
}

}  // namespace rungs
