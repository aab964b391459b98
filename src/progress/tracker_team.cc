// The Tracker's team views (team.h): for managers, the people who report to them, directly or
// further down; for admins, everyone else.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "progress/tracker.h"
#include "util/clock.h"

namespace rungs {
namespace {

// `people` under `manager_id`, directly or further down (manager ids followed in memory: the
// list is everyone the viewer may see already).
std::set<int64_t> Under(const std::vector<User>& people, int64_t manager_id) {
  std::map<int64_t, std::vector<int64_t>> reports;
  for (const User& u : people) {
    if (u.manager_id) reports[*u.manager_id].push_back(u.id);
  }
  std::set<int64_t> under;
  std::vector<int64_t> todo = {manager_id};
  while (!todo.empty()) {
    const int64_t id = todo.back();
    todo.pop_back();
    for (int64_t report : reports[id]) {
      if (under.insert(report).second) todo.push_back(report);
    }
  }
  return under;
}

// Everything a team view depends on besides the store (its stamp): who asks, the filter, the
// frameworks, and the quarter hour. Due dates are counted in days of each team's time zone, and
// every zone's offset from UTC is a whole number of quarter hours, so a local day never starts
// inside a UTC quarter hour: a view built in one holds the same due dates for all of it.
std::string TeamViewKey(const User& viewer, const TeamFilter& filter, int64_t catalog_generation,
                        int64_t now) {
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", viewer.id, static_cast<int>(viewer.role),
                     filter.manager_id.value_or(0), filter.team_id.value_or(0),
                     static_cast<int>(filter.readiness), static_cast<int>(filter.sort),
                     filter.descending, filter.page, catalog_generation, now / 900, filter.rung);
}

}  // namespace

Result<std::shared_ptr<const TeamView>> Tracker::TeamOverview(const User& viewer,
                                                              const TeamFilter& filter) {
  if (viewer.role == Role::kMember) {
    return Status::Forbidden("the team overview is for managers and admins");
  }
  // The stamp first, as for a person's page: records built below are at least this new.
  Result<int64_t> stamp = store_.ChangeStamp();
  if (!stamp.ok()) return stamp.status();
  const int64_t now = UnixNow();
  const std::string key = TeamViewKey(viewer, filter, catalog_.Generation(), now);
  return team_views_.FindOrBuild(key, *stamp, [&]() -> Result<std::shared_ptr<const TeamView>> {
    Result<TeamView> built = BuildTeamView(viewer, filter, *stamp, now);
    if (!built.ok()) return built.status();
    return std::make_shared<const TeamView>(std::move(built).value());
  });
}

Result<TeamView> Tracker::BuildTeamView(const User& viewer, const TeamFilter& filter, int64_t stamp,
                                        int64_t now) {
  Result<std::vector<User>> visible = VisiblePeople(viewer);
  if (!visible.ok()) return visible.status();

  TeamView view;
  std::map<int64_t, const User*> by_id;
  std::set<int64_t> managing;
  for (const User& u : *visible) {
    by_id[u.id] = &u;
    if (u.manager_id) managing.insert(*u.manager_id);
  }
  for (const User& u : *visible) {
    if (managing.contains(u.id)) view.managers.push_back(u);
  }
  std::sort(view.managers.begin(), view.managers.end(),
            [](const User& a, const User& b) { return a.name < b.name; });

  std::set<int64_t> under;
  if (filter.manager_id) under = Under(*visible, *filter.manager_id);
  std::vector<const User*> people;
  for (const User& person : *visible) {
    if (person.id == viewer.id && visible->size() > 1) continue;
    if (filter.manager_id && !under.contains(person.id)) continue;
    if (filter.team_id && person.team_id != filter.team_id) continue;
    people.push_back(&person);
  }

  // One read of everyone's agreed results and one plan per framework, not one per person: the
  // page may list a whole organisation.
  std::vector<int64_t> ids;
  ids.reserve(people.size());
  for (const User* person : people) ids.push_back(person->id);
  Result<std::vector<AgreedResult>> agreed = store_.LatestAgreed(ids);
  if (!agreed.ok()) return agreed.status();
  Result<std::map<int64_t, CriterionMap>> maps = catalog_.MapsFor(*agreed);
  if (!maps.ok()) return maps.status();
  std::map<int64_t, std::vector<AgreedResult>> agreed_by_person;
  for (AgreedResult& a : agreed.value()) agreed_by_person[a.user_id].push_back(std::move(a));
  std::map<int64_t, StandingPlan> plans;  // by framework version

  Result<std::vector<Team>> teams = store_.ListTeams();
  if (!teams.ok()) return teams.status();
  const TeamCadences cadences(*teams, now);
  Result<std::vector<CheckInSummary>> summaries = store_.SummariseCheckIns(ids);
  if (!summaries.ok()) return summaries.status();
  std::map<int64_t, CheckInSummary> summary_of;
  for (const CheckInSummary& summary : *summaries) summary_of[summary.user_id] = summary;

  std::vector<TeamRow> rows;
  for (const User* person : people) {
    TeamRow row;
    row.person = *person;
    if (person->manager_id) {
      auto manager = by_id.find(*person->manager_id);
      if (manager != by_id.end()) row.manager_name = manager->second->name;
    }
    row.assigned_rung = person->assigned_rung;
    const CurrentFramework current = catalog_.Current(person->framework_id);
    row.framework = current.framework;
    const CheckInSummary& summary = summary_of[person->id];
    row.open_checkin = summary.open;
    row.last_checkin_at = std::max(summary.last_created_at, summary.last_agreed_at);
    row.next_checkin = cadences.Next(*person, summary.last_agreed_at, summary.open);
    if (current.framework != nullptr) {
      row.framework_title = current.framework->title;
      auto plan_at = plans.find(current.version_id);
      if (plan_at == plans.end()) {
        const std::shared_ptr<const FrameworkTargets> targets = catalog_.Targets(current);
        plan_at = plans
                      .try_emplace(current.version_id, *current.framework, current.version_id,
                                   &*maps, targets.get())
                      .first;
      }
      PersonResults results;
      results.assigned_rung = person->assigned_rung;
      results.agreed = &agreed_by_person[person->id];
      const Standing standing = ComputeStanding(plan_at->second, results);
      row.demonstrated_rung = standing.demonstrated_rung;
      row.next_rung = standing.next_rung;
      row.next_met = standing.next_met;
      row.next_total = standing.next_total;
      row.ready = standing.ready_for_promotion(*current.framework);
    }
    rows.push_back(std::move(row));
  }
  // Counted before the rung and readiness filters, so the counts show the whole group and
  // offer every rung to filter by.
  view.rungs = CountRungs(rows);
  std::erase_if(rows, [&filter](const TeamRow& row) { return !MatchesStanding(row, filter); });
  view.matching = static_cast<int>(rows.size());
  for (const TeamRow& row : rows) {
    if (!row.next_checkin || row.next_checkin->state == DueState::kLater) continue;
    view.overdue += row.next_checkin->state == DueState::kOverdue ? 1 : 0;
    view.due.push_back(
        {row.person, row.manager_name, cadences.TeamName(row.person), *row.next_checkin});
  }
  SortByDue(view.due);
  SortTeamRows(rows, filter);
  size_t first = 0;
  size_t last = rows.size();
  if (filter.page == 0) {
    if (view.matching > kTeamExportRows) {
      return Status::Invalid(fmt::format("{} people match, more than the {} an export holds: "
                                         "choose a manager or a team",
                                         view.matching, kTeamExportRows),
                             "manager");
    }
  } else {
    view.pages = std::max(1, (view.matching + kTeamPageRows - 1) / kTeamPageRows);
    view.page = std::clamp(filter.page, 1, view.pages);
    first = static_cast<size_t>(view.page - 1) * kTeamPageRows;
    last = std::min(rows.size(), first + kTeamPageRows);
  }
  for (size_t i = first; i < last; ++i) {
    TeamRow& row = rows[i];
    Result<std::shared_ptr<const PersonRecord>> record = RecordOf(row.person, stamp);
    if (!record.ok()) return record.status();
    row.record = *std::move(record);
    AddMeasured(row);
    view.rows.push_back(std::move(row));
  }
  return view;
}

Result<Calibration> Tracker::TeamCalibration(const User& viewer) {
  if (viewer.role == Role::kMember) {
    return Status::Forbidden("calibration is for managers and admins");
  }
  Result<std::vector<User>> everyone = store_.ListUsers();
  if (!everyone.ok()) return everyone.status();
  std::set<int64_t> under;
  if (viewer.role != Role::kAdmin) under = Under(*everyone, viewer.id);
  std::map<int64_t, User> shown;
  for (const User& person : *everyone) {
    if (viewer.role == Role::kAdmin || person.id == viewer.id || under.contains(person.id)) {
      shown[person.id] = person;
    }
  }
  // Counting every agreed result reads every one of them: done once per change to the store.
  Result<int64_t> stamp = store_.ChangeStamp();
  if (!stamp.ok()) return stamp.status();
  std::shared_ptr<const AgreementTallies> tallies = tallies_.Find(0, *stamp);
  if (tallies == nullptr) {
    Result<AgreementTallies> counted = store_.TallyAgreements();
    if (!counted.ok()) return counted.status();
    tallies = std::make_shared<const AgreementTallies>(std::move(counted).value());
    tallies_.Put(0, *stamp, tallies);
  }
  return BuildCalibration(*tallies, shown);
}

}  // namespace rungs
