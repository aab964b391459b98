// The frameworks pages' routes: the list, an upload's check, publishing it and removing an
// uploaded file. The Tracker says who may do each; every page here is for admins.
#include "web/http_message.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/base64.h"
#include "web/app_pages.h"
#include "web/app_routes_internal.h"
#include "web/http.h"
#include "web/multipart.h"
#include "web/site.h"
#include "web/url.h"

namespace rungs {
namespace {

// The page, or the refusal page.
void SendFrameworksPage(AppContext& app, HttpResponse& res, const Caller& caller,
                        const PageViewer& viewer, int status, const std::string& notice,
                        const std::string& error) {
  Result<FrameworkLibraryState> state = app.tracker.FrameworkFiles(caller.user);
  if (!state.ok()) return SendStatusPage(res, viewer, state.status());
  SendPage(res, status, RenderFrameworksAdminPage(viewer, *state, notice, error));
}

// What the redirect after a change asks the page to say. A name is only repeated when it is an
// uploaded file, so a link cannot put words on the page.
std::string NoticeFor(const HttpRequest& req, const FrameworkLibraryState& state) {
  if (req.HasParam("removed")) return "The file was removed; its frameworks are no longer served.";
  const std::string& name = req.Param("published");
  const auto file = std::find_if(state.uploads.begin(), state.uploads.end(),
                                 [&](const FrameworkFile& f) { return f.name == name; });
  if (name.empty() || file == state.uploads.end()) return "";
  std::string served;
  for (const FrameworkSummary& fw : state.served) {
    if (fw.file == std::string(kUploadedFolder) + "/" + name) {
      served +=
          fmt::format("{}{} at /f/{}/", served.empty() ? "" : ", ", fw.title, EncodePath(fw.id));
    }
  }
  return fmt::format("Published {}: {}.", name, served.empty() ? "served" : "served: " + served);
}

}  // namespace

void RegisterFrameworkPages(Router& http, AppContext& app) {
  http.Get(
      "/admin/frameworks",
      AdminSigned(app, false,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    Result<FrameworkLibraryState> state = app.tracker.FrameworkFiles(caller.user);
                    if (!state.ok()) return SendStatusPage(res, viewer, state.status());
                    SendPage(res, 200,
                             RenderFrameworksAdminPage(viewer, *state, NoticeFor(req, *state), ""));
                  }));
  http.Post("/admin/frameworks/check",
            AdminSigned(app, true,
                        [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                               const PageViewer& viewer) {
                          const auto part = req.parts.find("file");
                          if (part == req.parts.end() || !part->second.has_filename) {
                            return SendFrameworksPage(app, res, caller, viewer, 400, "",
                                                      "file: choose a framework file to check");
                          }
                          const FormPart& file = part->second;
                          Result<FrameworkUploadCheck> check = app.tracker.CheckFrameworkUpload(
                              caller.user, PlainFileName(file.filename, ""), file.content);
                          if (!check.ok()) return SendStatusPage(res, viewer, check.status());
                          SendPage(res, check->Acceptable() ? 200 : 400,
                                   RenderFrameworkCheckPage(viewer, *check, file.content));
                        }));
  http.Post("/admin/frameworks/publish",
            AdminSigned(
                app, true,
                [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                       const PageViewer& viewer) {
                  const std::string& name = req.FormField("name");
                  const std::optional<std::string> content = Base64Decode(req.FormField("content"));
                  if (!content) {
                    return SendFrameworksPage(app, res, caller, viewer, 400, "",
                                              "content: the form was damaged; upload "
                                              "the file again");
                  }
                  Result<FrameworkUploadCheck> published =
                      app.tracker.PublishFramework(caller.user, name, *content);
                  if (published.status().code == StatusCode::kInvalid) {
                    // Changed since its check (another admin's upload took its id):
                    // the check again, with what is wrong now.
                    Result<FrameworkUploadCheck> check =
                        app.tracker.CheckFrameworkUpload(caller.user, name, *content);
                    if (!check.ok()) return SendStatusPage(res, viewer, check.status());
                    return SendPage(res, 400, RenderFrameworkCheckPage(viewer, *check, *content));
                  }
                  if (!published.ok()) {
                    return SendStatusPage(res, viewer, published.status());
                  }
                  SeeOther(res, "/admin/frameworks?published=" + EncodeQueryParam(name));
                }));
  http.Post("/admin/frameworks/remove",
            AdminSigned(app, true,
                        [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                               const PageViewer& viewer) {
                          const Status removed =
                              app.tracker.RemoveFrameworkFile(caller.user, req.FormField("name"));
                          if (removed.code == StatusCode::kConflict ||
                              removed.code == StatusCode::kNotFound) {
                            return SendFrameworksPage(app, res, caller, viewer,
                                                      HttpStatusFor(removed.code), "",
                                                      FieldMessage(removed));
                          }
                          if (!removed.ok()) return SendStatusPage(res, viewer, removed);
                          SeeOther(res, "/admin/frameworks?removed=1");
                        }));
}

}  // namespace rungs
