// The Tracker's admin overview (tracker.h): counts and what needs doing, for admins only.
#include <algorithm>
#include <map>

#include "progress/tracker.h"
#include "util/clock.h"

namespace rungs {

Result<AdminSummary> Tracker::AdminOverview(const User& viewer) {
  if (Status s = CheckAdmin(viewer, "see the admin overview"); !s.ok()) return s;
  AdminSummary summary;
  Result<std::vector<User>> people = store_.ListUsers();
  if (!people.ok()) return people.status();
  Result<std::vector<Team>> teams = store_.ListTeams();
  if (!teams.ok()) return teams.status();
  summary.teams = static_cast<int>(teams->size());
  const TeamCadences cadences(*teams, UnixNow());
  std::map<int64_t, std::string> names;
  for (const User& person : *people) names[person.id] = person.name;
  Result<std::vector<CheckInSummary>> summaries = store_.SummariseCheckIns({});
  if (!summaries.ok()) return summaries.status();
  std::map<int64_t, CheckInSummary> summary_of;
  for (const CheckInSummary& summary : *summaries) summary_of[summary.user_id] = summary;
  Result<std::vector<IngestBatch>> batches = store_.ListIngestBatches();
  if (!batches.ok()) return batches.status();
  const bool any_data = !batches->empty();
  const size_t recent = std::min<size_t>(5, batches->size());
  summary.recent_batches.assign(batches->begin(), batches->begin() + static_cast<long>(recent));
  for (const User& person : *people) {
    if (!person.active) {
      ++summary.inactive;
      continue;
    }
    ++summary.people;
    summary.managers += person.role == Role::kManager ? 1 : 0;
    summary.admins += person.role == Role::kAdmin ? 1 : 0;
    const CheckInSummary& checkins = summary_of[person.id];
    summary.open_checkins += checkins.checkins - checkins.agreed;
    summary.agreed_checkins += checkins.agreed;
    const std::optional<NextCheckIn> next =
        cadences.Next(person, checkins.last_agreed_at, checkins.open);
    if (next && next->state == DueState::kOverdue) {
      summary.overdue.push_back({person, person.manager_id ? names[*person.manager_id] : "",
                                 cadences.TeamName(person), *next});
    }
    if (any_data && person.role == Role::kMember) {
      Result<std::vector<HelpdeskIdentity>> linked = store_.IdentitiesOf(person.id);
      if (!linked.ok()) return linked.status();
      if (linked->empty()) summary.without_identity.push_back(person);
    }
  }
  SortByDue(summary.overdue);
  return summary;
}

}  // namespace rungs
