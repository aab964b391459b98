// The audit log pages: /admin/audit and the same entries as CSV, /admin/audit.csv. The Tracker
// says who may read them (admins) and reads the filters (audit_log.h).
#include "web/http_message.h"

#include "web/app_pages.h"
#include "web/app_routes_internal.h"

namespace rungs {
namespace {

// The filters as the page's form (or a link) sends them.
AuditQuery QueryOf(const HttpRequest& req) {
  AuditQuery query;
  query.who = req.Param("who");
  query.whom = req.Param("whom");
  query.what = req.Param("what");
  query.from = req.Param("from");
  query.to = req.Param("to");
  query.before = req.Param("before");
  return query;
}

// The page, or the form again with what is wrong beside the field (400).
void SendAuditPage(AppContext& app, HttpResponse& res, const Caller& caller,
                   const PageViewer& viewer, const AuditQuery& query) {
  Result<AuditPage> page = app.tracker.ReadAudit(caller.user, query);
  if (!page.ok()) return SendStatusPage(res, viewer, page.status());
  SendPage(res, page->refusal.ok() ? 200 : 400, RenderAuditPage(viewer, query, *page));
}

}  // namespace

void RegisterAuditPages(Router& http, AppContext& app) {
  http.Get("/admin/audit", Signed(app, false,
                                  [&app](const HttpRequest& req, HttpResponse& res,
                                         const Caller& caller, const PageViewer& viewer) {
                                    SendAuditPage(app, res, caller, viewer, QueryOf(req));
                                  }));
  // Every entry, not folded: a spreadsheet sorts and counts for itself.
  http.Get(R"(/admin/audit\.csv)",
           Signed(app, false,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    AuditQuery query = QueryOf(req);
                    query.limit = kMaxAuditRows;
                    query.fold = false;
                    Result<AuditPage> page = app.tracker.ReadAudit(caller.user, query);
                    if (!page.ok()) return SendStatusPage(res, viewer, page.status());
                    if (!page->refusal.ok()) {
                      return SendPage(res, 400, RenderAuditPage(viewer, query, *page));
                    }
                    res.SetHeader("Content-Disposition",
                                  "attachment; filename=\"rungs-audit.csv\"");
                    res.SetContent(AuditCsv(*page), "text/csv; charset=utf-8");
                  }));
}

}  // namespace rungs
