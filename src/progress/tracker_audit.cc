// The Tracker's audit log as people read it (tracker.h, audit_log.h): admins only, like the log
// itself, since it names everyone and what was done to them.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "progress/tracker.h"

namespace rungs {
namespace {

// The viewer's team's zone; UTC when they have no team or its zone cannot be read here.
Result<bool> ZoneOf(Store& store, const User& viewer, TimeZone& zone) {
  zone = TimeZone::Parse("UTC").value();
  if (!viewer.team_id) return false;
  Result<std::vector<Team>> teams = store.ListTeams();
  if (!teams.ok()) return teams.status();
  for (const Team& team : *teams) {
    if (team.id != *viewer.team_id) continue;
    Result<TimeZone> parsed = TimeZone::Parse(team.time_zone);
    if (!parsed.ok()) return false;
    zone = *parsed;
    return true;
  }
  return false;
}

// The names `entries` need: every person and team, and the check-ins they are about (each read
// once, with its person's others to number it).
Result<AuditNames> NamesFor(Store& store, const std::vector<User>& people,
                            const std::vector<AuditEntry>& entries) {
  AuditNames names;
  for (const User& u : people) names.people[u.id] = u.name;
  Result<std::vector<Team>> teams = store.ListTeams();
  if (!teams.ok()) return teams.status();
  for (const Team& t : *teams) names.teams[t.id] = t.name;
  std::set<int64_t> checkins;
  for (const AuditEntry& e : entries) {
    const AuditTarget target = ParseAuditTarget(e.target);
    if (target.kind == "checkin" && target.id) checkins.insert(*target.id);
  }
  std::map<int64_t, std::vector<CheckIn>> of_person;
  for (const int64_t id : checkins) {
    Result<CheckIn> checkin = store.GetCheckIn(id);
    if (checkin.status().code == StatusCode::kNotFound) continue;  // erased with its person
    if (!checkin.ok()) return checkin.status();
    auto listed = of_person.find(checkin->user_id);
    if (listed == of_person.end()) {
      Result<std::vector<CheckIn>> all = store.ListCheckIns(checkin->user_id);
      if (!all.ok()) return all.status();
      listed = of_person.emplace(checkin->user_id, std::move(all).value()).first;
    }
    names.checkins[id] = {checkin->user_id, CheckInNumber(listed->second, id)};
  }
  return names;
}

}  // namespace

Result<AuditPage> Tracker::ReadAudit(const User& viewer, const AuditQuery& query) {
  if (viewer.role != Role::kAdmin) return Status::Forbidden("only admins read the audit log");
  if (query.limit < 1 || query.limit > kMaxAuditRows) {
    return Status::Invalid(fmt::format("limit must be a whole number from 1 to {}", kMaxAuditRows),
                           "limit");
  }
  AuditPage page;
  Result<bool> team_zone = ZoneOf(store_, viewer, page.zone);
  if (!team_zone.ok()) return team_zone.status();
  page.team_zone = *team_zone;
  Result<std::vector<User>> people = store_.ListUsers();
  if (!people.ok()) return people.status();
  page.people = std::move(people).value();
  std::sort(page.people.begin(), page.people.end(), [](const User& a, const User& b) {
    return std::tie(a.name, a.id) < std::tie(b.name, b.id);
  });

  Result<AuditSelection> selection = ParseAuditQuery(query, page.zone);
  if (!selection.ok()) {
    page.refusal = selection.status();
    return page;
  }
  AuditFilter filter = selection->filter;
  if (selection->person) {
    // About a person: entries on them, and on each of their check-ins (a removed person's are
    // gone, and so is what named them).
    filter.targets.push_back(fmt::format("user:{}", *selection->person));
    Result<std::vector<CheckIn>> checkins = store_.ListCheckIns(*selection->person);
    if (!checkins.ok() && checkins.status().code != StatusCode::kNotFound) {
      return checkins.status();
    }
    if (checkins.ok()) {
      for (const CheckIn& c : *checkins) filter.targets.push_back(fmt::format("checkin:{}", c.id));
    }
  }

  // Read newest first until there is a row more than asked for (so the last row's run is known
  // to have ended), the log ends, or a run of sign-ins has gone on for kMaxAuditFolded entries
  // beyond the rows: bounded work per page, whatever the log holds.
  const size_t limit = static_cast<size_t>(query.limit);
  const int chunk = std::clamp(query.limit + 1, 100, 1000);
  std::vector<AuditEntry> entries;
  bool ended = false;
  for (;;) {
    Result<std::vector<AuditEntry>> more = store_.FindAudit(filter, chunk);
    if (!more.ok()) return more.status();
    ended = more->size() < static_cast<size_t>(chunk);
    entries.insert(entries.end(), more->begin(), more->end());
    if (ended || CountAuditRows(entries, query.fold) > limit ||
        entries.size() >= limit + kMaxAuditFolded) {
      break;
    }
    filter.before_id = entries.back().id;
  }
  Result<AuditNames> names = NamesFor(store_, page.people, entries);
  if (!names.ok()) return names.status();
  page.rows = ReadableAuditRows(entries, *names, query.fold);
  if (page.rows.size() > limit) {
    page.rows.resize(limit);
    page.older = page.rows.back().oldest_id;
  } else if (!ended && !entries.empty()) {
    page.older = entries.back().id;
  }
  return page;
}

}  // namespace rungs
