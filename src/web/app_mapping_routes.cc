// The helpdesk mapping routes: saving a mapping (a draft "detect" wrote, as edited), its edit
// page, and removing one. The Tracker says who may do each (admins) and checks the YAML.
#include "web/http_message.h"

#include <fmt/format.h>

#include "web/app_pages.h"
#include "web/app_routes_internal.h"
#include "web/http.h"
#include "web/url.h"

namespace rungs {

void RegisterMappingPages(Router& http, AppContext& app) {
  http.Get("/admin/helpdesk/mappings/edit",
           Signed(app, false,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    Result<std::vector<SavedMapping>> saved =
                        app.tracker.SavedMappings(caller.user);
                    if (!saved.ok()) return SendStatusPage(res, viewer, saved.status());
                    const std::string& name = req.Param("name");
                    SavedMapping typed;
                    for (const SavedMapping& m : *saved) {
                      if (m.name == name) typed = m;
                    }
                    if (!name.empty() && typed.name.empty()) {
                      return SendStatusPage(res, viewer,
                                            Status::NotFound("no saved mapping has that name"));
                    }
                    SendPage(res, 200, RenderMappingEditPage(viewer, typed, Status::Ok(), {}));
                  }));
  http.Post(
      "/admin/helpdesk/mappings",
      Signed(app, true,
             [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                    const PageViewer& viewer) {
               SavedMapping typed;
               typed.name = req.Param("name");
               typed.yaml = req.Param("yaml");
               Diagnostics diagnostics;
               Result<SavedMapping> saved =
                   app.tracker.SaveMapping(caller.user, typed, &diagnostics);
               if (saved.ok()) {
                 return SeeOther(res, "/admin/helpdesk?saved=1&mapping=" +
                                          EncodeQueryParam(saved->name) + "#upload");
               }
               const Status& s = saved.status();
               if (s.code != StatusCode::kInvalid) return SendStatusPage(res, viewer, s);
               // Only errors: the warnings of a YAML that failed would bury them.
               std::erase_if(diagnostics,
                             [](const Diagnostic& d) { return d.severity != Severity::kError; });
               SendPage(res, 400,
                        RenderMappingEditPage(viewer, typed, s,
                                              s.field == "yaml" ? diagnostics : Diagnostics()));
             }));
  http.Post("/admin/helpdesk/mappings/remove",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     if (Status s = app.tracker.DeleteSavedMapping(caller.user, req.Param("name"));
                         !s.ok()) {
                       return SendStatusPage(res, viewer, s);
                     }
                     SeeOther(res, "/admin/helpdesk?removed=1#saved-mappings");
                   }));
}

}  // namespace rungs
