// /api/teams, /api/overview and /api/audit: what managers and admins look at across people.
#include "web/http_message.h"

#include <algorithm>

#include <fmt/format.h>

#include "web/app_api_internal.h"
#include "web/team_query.h"

namespace rungs::api {
namespace {

// Who may see and add teams and read the log is the Tracker's rule (Teams, CreateTeam, Audit).
void ListTeams(ApiCall& call) {
  Result<std::vector<Team>> teams = call.tracker().Teams(call.viewer());
  if (!teams.ok()) return SendStatus(call, teams.status());
  json list = json::array();
  for (const Team& t : *teams) list.push_back(TeamJson(t));
  SendJson(call, 200, {{"teams", std::move(list)}});
}

// The fields a body may set; absent ones keep `team`'s values.
Status ReadTeamFields(const json& body, bool creating, Team& team) {
  BodyReader r;
  r.OnlyKnown(body, "", {"name", "time_zone", "cadence_weeks"});
  team.name = r.String(body, "", "name", creating).value_or(team.name);
  team.time_zone = r.String(body, "", "time_zone").value_or(team.time_zone);
  team.cadence_weeks = static_cast<int>(
      r.Int(body, "", "cadence_weeks", 0, kMaxCadenceWeeks).value_or(team.cadence_weeks));
  return r.status();
}

void CreateTeam(ApiCall& call) {
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  Team team;
  if (Status s = ReadTeamFields(*body, /*creating=*/true, team); !s.ok()) {
    return SendStatus(call, s);
  }
  Result<Team> created = call.tracker().CreateTeam(call.viewer(), team);
  if (!created.ok()) return SendStatus(call, created.status());
  SendCreated(call, TeamJson(*created));
}

void UpdateTeam(ApiCall& call) {
  Result<Team> team = call.tracker().FindTeam(call.viewer(), call.PathId(1));
  if (!team.ok()) return SendStatus(call, team.status());
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  Team changed = *team;
  if (Status s = ReadTeamFields(*body, /*creating=*/false, changed); !s.ok()) {
    return SendStatus(call, s);
  }
  Result<Team> updated = call.tracker().UpdateTeam(call.viewer(), changed);
  if (!updated.ok()) return SendStatus(call, updated.status());
  SendJson(call, 200, TeamJson(*updated));
}

// The team overview with the /team page's filters (web/team_query.h), a page at a time.
void GetOverview(ApiCall& call) {
  Result<TeamFilter> filter = ReadTeamFilter(call.req);
  if (!filter.ok()) return SendStatus(call, filter.status());
  Result<std::shared_ptr<const TeamView>> view =
      call.tracker().TeamOverview(call.viewer(), *filter);
  if (!view.ok()) return SendStatus(call, view.status());
  SendJson(call, 200, TeamViewJson(**view));
}

// Pages through the log: pass the last entry's id as `after` to read on.
void GetAudit(ApiCall& call) {
  const std::optional<int64_t> after = QueryInt(call, "after", 0, 0, INT64_MAX);
  if (!after) return;
  const std::optional<int64_t> limit = QueryInt(call, "limit", 100, 1, 1000);
  if (!limit) return;
  Result<std::vector<AuditEntry>> entries =
      call.tracker().Audit(call.viewer(), *after, static_cast<int>(*limit));
  if (!entries.ok()) return SendStatus(call, entries.status());
  json list = json::array();
  for (const AuditEntry& e : *entries) list.push_back(AuditEntryJson(e));
  const int64_t next = entries->empty() ? *after : entries->back().id;
  SendJson(call, 200, {{"entries", std::move(list)}, {"next_after", next}});
}

}  // namespace

void RegisterTeamApi(ApiRoutes& routes) {
  routes.Get("/api/teams", ListTeams);
  routes.Post("/api/teams", CreateTeam);
  routes.Patch(R"(/api/teams/(\d+))", UpdateTeam);
  routes.Get("/api/overview", GetOverview);
  routes.Get("/api/audit", GetAudit);
}

}  // namespace rungs::api
