// Shared by the files that answer the people pages: app_routes.cc (sign-in, people, check-ins,
// admin, tokens) and app_helpdesk_routes.cc (helpdesk data). Forms post back and are answered
// with a redirect (303), so reloading a page never repeats a change.
#ifndef RUNGS_WEB_APP_ROUTES_INTERNAL_H_
#define RUNGS_WEB_APP_ROUTES_INTERNAL_H_

#include "web/http_message.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "web/app.h"
#include "web/app_pages.h"
#include "web/request_auth.h"

namespace rungs {

using PageHandler =
    std::function<void(const HttpRequest&, HttpResponse&, const Caller&, const PageViewer&)>;

void SendPage(HttpResponse& res, int status, const std::string& body);
void SeeOther(HttpResponse& res, const std::string& location);
// The message page for a refusal or an error, with the HTTP status the Status maps to.
void SendStatusPage(HttpResponse& res, const PageViewer& viewer, const Status& status);
// 403: the form's CSRF token was missing or wrong.
void SendFormExpired(HttpResponse& res, const PageViewer& viewer);
// The id captured by the route's `group`th group; 0 when it is not a number that fits.
int64_t IdParam(const HttpRequest& req, size_t group);

// Wraps a handler with sign-in, the CSRF check on posts, and the common headers.
HttpHandler Signed(AppContext& app, bool state_change, PageHandler handler);
// Signed, for the pages only admins may use: anyone else gets the refusal page.
HttpHandler AdminSigned(AppContext& app, bool state_change, PageHandler handler);

// The people, teams and frameworks the person forms offer.
// The people, teams and frameworks the admin pages choose from, as `viewer` may see them.
PeopleAdminData AdminData(AppContext& app, const User& viewer);

// The frameworks pages (app_framework_routes.cc).
void RegisterFrameworkPages(Router& http, AppContext& app);
// The team views (app_team_routes.cc).
void RegisterTeamPages(Router& http, AppContext& app);
// The helpdesk pages (app_helpdesk_routes.cc).
void RegisterHelpdeskPages(Router& http, AppContext& app);
// Saving, editing and removing helpdesk mappings (app_mapping_routes.cc).
void RegisterMappingPages(Router& http, AppContext& app);
// A team's settings, the calendar feed's settings and the feed itself (app_cadence_routes.cc).
void RegisterCadencePages(Router& http, AppContext& app);
// The team form's fields into `team` (fields not sent keep their values); kInvalid naming
// cadence_weeks when it is not a whole number.
Status ReadTeamForm(const HttpRequest& req, Team& team);
// The audit log and its CSV (app_audit_routes.cc).
void RegisterAuditPages(Router& http, AppContext& app);
// A person's linked identities with their weeks of data, for their admin page; empty when the
// viewer may not see them.
std::vector<LinkedIdentity> LinkedIdentitiesOf(AppContext& app, const User& viewer,
                                               int64_t person_id);

}  // namespace rungs

#endif  // RUNGS_WEB_APP_ROUTES_INTERNAL_H_
