// The team views' filter as a query string, one way for the pages, the CSV and the JSON API:
//   manager=ID team=ID rung=ID ready=yes|no sort=name|assigned|demonstrated|progress|last_check_in
//   order=asc|desc page=N
// An empty parameter means "any"; anything else unreadable is kInvalid naming the parameter.
#ifndef RUNGS_WEB_TEAM_QUERY_H_
#define RUNGS_WEB_TEAM_QUERY_H_

#include <string>

#include "progress/team.h"
#include "util/status.h"
#include "web/http_message.h"

namespace rungs {

Result<TeamFilter> ReadTeamFilter(const HttpRequest& req);

// The query string (without "?", URL-encoded) that reads back as `filter`; parameters at their
// defaults are left out.
std::string TeamQuery(const TeamFilter& filter);

const char* TeamSortName(TeamSort sort);

}  // namespace rungs

#endif  // RUNGS_WEB_TEAM_QUERY_H_
