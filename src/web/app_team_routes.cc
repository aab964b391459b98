// The team views' pages and their CSV: /team, /team/heatmap, /team/trends, /team/calibration,
// /team.csv, for managers and admins (the Tracker refuses anyone else). Filters come in the query
// (web/team_query.h).
#include "progress/tracker.h"
#include "util/clock.h"
#include "web/app_routes_internal.h"
#include "web/team_query.h"

namespace rungs {
namespace {

using TeamPageRenderer =
    std::function<std::string(const PageViewer&, const TeamView&, const TeamFilter&,
                              const std::vector<Team>&, const Status&)>;

// Reads the filter and builds the view; a filter it cannot read is the page again, unfiltered,
// with the message beside the field. `every_row`: the view holds every matching row (at most
// kTeamExportRows), not a page; past that, the page asks for a narrower filter.
void SendTeamView(AppContext& app, const HttpRequest& req, HttpResponse& res, const Caller& caller,
                  const PageViewer& viewer, const TeamPageRenderer& render,
                  bool every_row = false) {
  Result<TeamFilter> filter = ReadTeamFilter(req);
  Status refusal = filter.ok() ? Status::Ok() : filter.status();
  TeamFilter used = filter.ok() ? *filter : TeamFilter{};
  if (every_row) used.page = 0;
  Result<std::shared_ptr<const TeamView>> view = app.tracker.TeamOverview(caller.user, used);
  if (!view.ok() && view.status().code == StatusCode::kInvalid && refusal.ok()) {
    refusal = view.status();
    view = std::make_shared<const TeamView>();
  }
  if (!view.ok()) return SendStatusPage(res, viewer, view.status());
  Result<std::vector<Team>> teams = app.tracker.Teams(caller.user);
  if (!teams.ok()) return SendStatusPage(res, viewer, teams.status());
  SendPage(res, refusal.ok() ? 200 : 400, render(viewer, **view, used, *teams, refusal));
}

}  // namespace

void RegisterTeamPages(Router& http, AppContext& app) {
  http.Get("/team", Signed(app, false,
                           [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                                  const PageViewer& viewer) {
                             SendTeamView(app, req, res, caller, viewer, RenderTeamPage);
                           }));
  http.Get("/team/heatmap",
           Signed(app, false,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    SendTeamView(
                        app, req, res, caller, viewer,
                        [](const PageViewer& v, const TeamView& view, const TeamFilter& filter,
                           const std::vector<Team>& teams, const Status& refusal) {
                          return RenderTeamHeatmapPage(v, view, BuildHeatmap(view.rows), filter,
                                                       teams, refusal);
                        });
                  }));
  http.Get("/team/trends",
           Signed(app, false,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    SendTeamView(
                        app, req, res, caller, viewer,
                        [](const PageViewer& v, const TeamView& view, const TeamFilter& filter,
                           const std::vector<Team>& teams, const Status& refusal) {
                          return RenderTeamTrendsPage(v, view, BuildTrends(view.rows, UnixNow()),
                                                      filter, teams, refusal);
                        },
                        /*every_row=*/true);
                  }));
  http.Get("/team/calibration",
           Signed(app, false,
                  [&app](const HttpRequest&, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    Result<Calibration> calibration = app.tracker.TeamCalibration(caller.user);
                    if (!calibration.ok()) return SendStatusPage(res, viewer, calibration.status());
                    SendPage(res, 200, RenderTeamCalibrationPage(viewer, *calibration));
                  }));
  http.Get("/team.csv", Signed(app, false,
                               [&app](const HttpRequest& req, HttpResponse& res,
                                      const Caller& caller, const PageViewer& viewer) {
                                 Result<TeamFilter> read = ReadTeamFilter(req);
                                 if (!read.ok()) return SendStatusPage(res, viewer, read.status());
                                 TeamFilter filter = *read;
                                 filter.page = 0;  // every row
                                 Result<std::shared_ptr<const TeamView>> view =
                                     app.tracker.TeamOverview(caller.user, filter);
                                 if (!view.ok()) return SendStatusPage(res, viewer, view.status());
                                 res.SetHeader("Content-Disposition",
                                               "attachment; filename=\"rungs-team.csv\"");
                                 res.SetContent(TeamCsv(**view), "text/csv; charset=utf-8");
                               }));
}

}  // namespace rungs
