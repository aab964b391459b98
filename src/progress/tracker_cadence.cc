// The Tracker's calendar feeds and due check-ins (tracker.h, cadence.h): everyone keeps their
// own feed; a feed lists the person's next check-in and those of the people they manage.
#include <map>

#include "auth/secrets.h"
#include "progress/tracker.h"

namespace rungs {

Result<std::optional<CalendarFeed>> Tracker::CalendarFeedOf(const User& viewer) {
  return store_.CalendarFeedOf(viewer.id);
}

Result<NewCalendarFeed> Tracker::CreateCalendarFeed(const User& viewer) {
  NewCalendarFeed made;
  made.secret = RandomToken();
  Result<CalendarFeed> stored =
      store_.SetCalendarFeed(viewer.id, TokenDigest(made.secret), ActorOf(viewer));
  if (!stored.ok()) return stored.status();
  made.feed = std::move(stored).value();
  return made;
}

Status Tracker::RevokeCalendarFeed(const User& viewer) {
  return store_.DeleteCalendarFeed(viewer.id, ActorOf(viewer));
}

Result<User> Tracker::CalendarFeedOwner(std::string_view secret, int64_t now) {
  // Cheap checks before the store: a feed's secret is a RandomToken, short and plain.
  if (secret.empty() || secret.size() > 128) return Status::NotFound("no such calendar feed");
  Result<CalendarFeed> feed = store_.UseCalendarFeed(TokenDigest(std::string(secret)), now);
  if (!feed.ok()) return feed.status();
  Result<User> owner = store_.GetUser(feed->user_id);
  if (!owner.ok() || !owner->active) return Status::NotFound("no such calendar feed");
  return owner;
}

Result<std::vector<DueCheckIn>> Tracker::CalendarCheckIns(const User& person, int64_t now) {
  Result<std::vector<User>> everyone = store_.ListUsers();
  if (!everyone.ok()) return everyone.status();
  Result<std::vector<User>> reports = store_.ReportsOf(person.id);
  if (!reports.ok()) return reports.status();
  std::vector<User> people = {person};
  for (const User& report : *reports) {
    if (report.active) people.push_back(report);
  }
  Result<std::vector<Team>> teams = store_.ListTeams();
  if (!teams.ok()) return teams.status();
  const TeamCadences cadences(*teams, now);
  std::map<int64_t, const User*> by_id;
  for (const User& u : *everyone) by_id[u.id] = &u;
  std::vector<int64_t> ids;
  ids.reserve(people.size());
  for (const User& person : people) ids.push_back(person.id);
  Result<std::vector<CheckInSummary>> summaries = store_.SummariseCheckIns(ids);
  if (!summaries.ok()) return summaries.status();
  std::map<int64_t, CheckInSummary> summary_of;
  for (const CheckInSummary& summary : *summaries) summary_of[summary.user_id] = summary;
  std::vector<DueCheckIn> due;
  for (const User& person : people) {
    const CheckInSummary& checkins = summary_of[person.id];
    const std::optional<NextCheckIn> next =
        cadences.Next(person, checkins.last_agreed_at, checkins.open);
    if (!next) continue;
    DueCheckIn entry{person, "", cadences.TeamName(person), *next};
    if (person.manager_id) {
      auto manager = by_id.find(*person.manager_id);
      if (manager != by_id.end()) entry.manager_name = manager->second->name;
    }
    due.push_back(std::move(entry));
  }
  SortByDue(due);
  return due;
}

}  // namespace rungs
