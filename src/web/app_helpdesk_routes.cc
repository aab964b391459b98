// The helpdesk pages' routes: uploading an export (streamed to disk, capped, the CSRF field
// checked before anything is read), undoing batches, and linking identities. The Tracker says
// who may do each; every page here is for admins.
#include "web/http_message.h"

#include <functional>
#include <map>
#include <memory>
#include <tuple>

#include <fmt/format.h>

#include "metrics/bundled_mappings.h"
#include "metrics/iso_week.h"
#include "util/text.h"
#include "web/app_helpdesk.h"
#include "web/app_pages.h"
#include "web/app_routes_internal.h"
#include "web/http.h"
#include "web/streamed_upload.h"

namespace rungs {
namespace {

// Everything the helpdesk page lists; the status of the first refusal (the Tracker's role
// check) when the viewer may not see it.
Result<HelpdeskPageData> PageData(AppContext& app, const User& viewer) {
  HelpdeskPageData data;
  Result<std::vector<IngestBatch>> batches = app.tracker.IngestBatches(viewer);
  if (!batches.ok()) return batches.status();
  data.batches = std::move(batches).value();
  Result<std::vector<UnlinkedIdentity>> unlinked = app.tracker.UnlinkedIdentities(viewer);
  if (!unlinked.ok()) return unlinked.status();
  data.unlinked = std::move(unlinked).value();
  Result<std::vector<User>> people = app.tracker.VisiblePeople(viewer);
  if (!people.ok()) return people.status();
  data.people = std::move(people).value();
  data.mappings = BundledMappingNames();
  Result<std::vector<SavedMapping>> saved = app.tracker.SavedMappings(viewer);
  if (!saved.ok()) return saved.status();
  data.saved = std::move(saved).value();
  data.upload_max_bytes = app.options.upload_max_bytes;
  return data;
}

// The helpdesk page, or the refusal page.
void SendHelpdeskPage(AppContext& app, HttpResponse& res, const Caller& caller,
                      const PageViewer& viewer, int status, const std::string& notice,
                      const HelpdeskUploadForm& upload = {},
                      const IdentityForm& identity_form = {}) {
  Result<HelpdeskPageData> data = PageData(app, caller.user);
  if (!data.ok()) return SendStatusPage(res, viewer, data.status());
  SendPage(res, status, RenderHelpdeskPage(viewer, *data, notice, upload, identity_form));
}

// What the redirect after an upload or an undo asks the page to say; numbers only, so a link
// cannot put words on the page.
std::string NoticeFor(const HttpRequest& req, const std::vector<IngestBatch>& batches,
                      const std::vector<SavedMapping>& saved) {
  if (req.Param("removed") == "1") return "The saved mapping was removed.";
  if (req.Param("saved") == "1") {
    // A name is only repeated when it is a saved mapping's.
    for (const SavedMapping& m : saved) {
      if (m.name == req.Param("mapping")) {
        return fmt::format(
            "Saved the mapping {}. It is chosen below: choose the export again to dry run or "
            "store it.",
            m.name);
      }
    }
    return "";
  }
  const auto number = [&req](const char* name) -> int64_t {
    try {
      return req.HasParam(name) ? std::stoll(req.Param(name)) : 0;
    } catch (const std::exception&) {
      return 0;
    }
  };
  if (const int64_t undone = number("undone"); undone > 0) {
    return fmt::format("Batch {} and its weekly rows are deleted.", undone);
  }
  const int64_t id = number("batch");
  for (const IngestBatch& b : batches) {
    if (b.id != id) continue;
    if (req.Param("created") != "1") {
      return fmt::format("{} was already ingested for {} as batch {}; nothing changed.",
                         b.file_name, b.source, b.id);
    }
    return fmt::format(
        "Stored batch {} ({}): {} rows read, {} used, {} excluded, {} with problems; weeks {} "
        "to {}. Link the identities below to people.",
        b.id, b.source, b.rows_read, b.rows_used, b.rows_excluded, b.rows_with_problems,
        WeekIndexName(b.first_week), WeekIndexName(b.last_week));
  }
  return "";
}

HelpdeskIdentity ReadIdentityForm(const HttpRequest& req, int64_t person_id) {
  // Typed by hand: stray spaces would make an identity no batch ever names.
  const auto field = [&req](const char* name) { return std::string(Trim(req.Param(name))); };
  return {field("source"), field("space"), field("identity"), person_id};
}

// The upload page's POST: not Signed, because the CSRF field is part of the streamed form.
// A refusal before the file is read leaves the body unread; the HTTP layer closes the
// connection after the answer.
void AnswerUpload(AppContext& app, const HttpRequest& req, HttpResponse& res) {
  SetSecurityHeaders(res);
  res.SetHeader("Cache-Control", "no-store");
  Result<Caller> caller = app.auth.Identify(req, /*allow_bearer=*/false);
  if (!caller.ok()) {
    return SendPage(res, 401,
                    RenderMessagePage({}, 401, "Please sign in", caller.status().message));
  }
  const PageViewer viewer{&caller->user, caller->session->csrf_token};
  if (Status s = app.tracker.CheckHelpdeskAdmin(caller->user); !s.ok()) {
    return SendStatusPage(res, viewer, s);
  }
  Result<std::unique_ptr<UploadFile>> file =
      UploadFile::Create(app.options.upload_dir, app.options.upload_max_bytes);
  if (!file.ok()) {
    return SendStatusPage(res, viewer, file.status());
  }
  const auto csrf_ok = [&](const UploadForm& form) {
    if (app.auth.CsrfHeaderValid(*caller, req)) return true;
    const auto sent = form.fields.find("csrf");
    return sent != form.fields.end() && RequestAuth::CsrfTokenValid(*caller, sent->second);
  };
  // The form sends the token first, so a wrong one stops the upload before a byte is written;
  // a token after the file is checked once it has arrived, before the file is read.
  const UploadRead read = ReadUpload(
      req, "file", /*raw_body_is_file=*/false, **file,
      [&](const UploadForm& form) { return form.fields.count("csrf") == 0 || csrf_ok(form); });
  switch (read.outcome) {
    case UploadOutcome::kRead:
      break;
    case UploadOutcome::kTooLarge:
      return SendPage(res, 413,
                      RenderMessagePage(viewer, 413, "The file is too large",
                                        read.message + " (The limit is RUNGS_MAX_UPLOAD.)"));
    case UploadOutcome::kRefused:
      return SendFormExpired(res, viewer);
    case UploadOutcome::kBadRequest:
      return SendStatusPage(res, viewer, Status::Invalid(read.message));
    case UploadOutcome::kFailed:
      return SendStatusPage(res, viewer, Status::Internal(read.message));
  }
  if (!csrf_ok(read.form)) return SendFormExpired(res, viewer);

  const auto field = [&read](const char* name) {
    const auto it = read.form.fields.find(name);
    return it == read.form.fields.end() ? std::string() : it->second;
  };
  HelpdeskUpload upload;
  upload.mapping = field("mapping");
  upload.source = field("source");
  upload.file_name = read.form.file_name;
  upload.dry_run = field("dry_run") == "1";
  // What is wrong with an upload is said on the form, with its choices kept (a browser never
  // fills in a file input again, so the message asks for the file).
  const auto check_upload = [&](Status refusal) {
    refusal.message += ". Nothing was stored";
    if (refusal.field == "file" && !upload.dry_run)
      refusal.message += "; a dry run lists the problems";
    refusal.message += refusal.field == "file" ? "." : ". Choose the file again to upload it.";
    SendHelpdeskPage(app, res, *caller, viewer, 400, "", {upload, std::move(refusal)});
  };
  if (!read.form.has_file || (*file)->size() == 0) {
    return check_upload(
        Status::Invalid("choose an export file to upload (it was empty or missing)", "file"));
  }
  Result<HelpdeskUploadResult> done =
      IngestUpload(app.tracker, caller->user, (*file)->path(), upload);
  if (!done.ok()) {
    const Status& s = done.status();
    if (s.code != StatusCode::kInvalid) return SendStatusPage(res, viewer, s);
    return check_upload(s);
  }
  if (done->upload.dry_run) {
    Result<HelpdeskPageData> data = PageData(app, caller->user);
    if (!data.ok()) return SendStatusPage(res, viewer, data.status());
    return SendPage(res, 200, RenderHelpdeskDryRunPage(viewer, *done, *data));
  }
  const IngestOutcome& stored = *done->stored;
  SeeOther(res, fmt::format("/admin/helpdesk?batch={}&created={}", stored.batch.id,
                            stored.created ? 1 : 0));
}

// Links from either form; a refusal the admin can fix shows the form again with the field
// marked, through `render`.
void AnswerLink(AppContext& app, const HttpRequest& req, HttpResponse& res, const Caller& caller,
                const PageViewer& viewer, const HelpdeskIdentity& identity,
                const std::function<void(int status, const IdentityForm&)>& render) {
  const WithoutData without_data =
      req.Param("force") == "1" ? WithoutData::kLinkAnyway : WithoutData::kRefuse;
  Status s = app.tracker.LinkIdentity(caller.user, identity, without_data);
  if (s.ok()) return SeeOther(res, fmt::format("/admin/people/{}#identities", identity.user_id));
  if (s.code != StatusCode::kInvalid && s.code != StatusCode::kConflict) {
    return SendStatusPage(res, viewer, s);
  }
  render(HttpStatusFor(s.code), IdentityForm{identity, s, RefusedForWantOfData(s, identity)});
}

}  // namespace

std::vector<LinkedIdentity> LinkedIdentitiesOf(AppContext& app, const User& viewer,
                                               int64_t person_id) {
  Result<std::vector<LinkedIdentity>> linked = app.tracker.LinkedIdentities(viewer, person_id);
  return linked.ok() ? std::move(linked).value() : std::vector<LinkedIdentity>();
}

void RegisterHelpdeskPages(Router& http, AppContext& app) {
  http.Get("/admin/helpdesk",
           Signed(app, false,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    Result<HelpdeskPageData> data = PageData(app, caller.user);
                    if (!data.ok()) return SendStatusPage(res, viewer, data.status());
                    // "Link to a person" in the unlinked list fills in the form.
                    IdentityForm form;
                    form.typed = ReadIdentityForm(req, 0);
                    // A new team's export is most likely none of the shipped ones.
                    HelpdeskUploadForm upload;
                    upload.typed.mapping = req.HasParam("mapping") ? req.Param("mapping")
                                                                   : std::string(kDetectMapping);
                    SendPage(res, 200,
                             RenderHelpdeskPage(viewer, *data,
                                                NoticeFor(req, data->batches, data->saved), upload,
                                                form));
                  }));
  http.PostStreamed(
      "/admin/helpdesk/upload",
      static_cast<uint64_t>(app.options.upload_max_bytes + kUploadFormRoom),
      [&app](const HttpRequest& req, HttpResponse& res) { AnswerUpload(app, req, res); });
  http.Get(R"(/admin/helpdesk/batches/(\d+)/undo)",
           Signed(app, false,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    Result<IngestBatch> batch =
                        app.tracker.FindIngestBatch(caller.user, IdParam(req, 1));
                    if (!batch.ok()) return SendStatusPage(res, viewer, batch.status());
                    SendPage(res, 200, RenderUndoBatchPage(viewer, *batch));
                  }));
  http.Post(R"(/admin/helpdesk/batches/(\d+)/undo)",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     const int64_t id = IdParam(req, 1);
                     if (Status s = app.tracker.UndoIngestBatch(caller.user, id); !s.ok()) {
                       return SendStatusPage(res, viewer, s);
                     }
                     SeeOther(res, fmt::format("/admin/helpdesk?undone={}", id));
                   }));
  http.Post("/admin/helpdesk/identities",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     int64_t person = 0;
                     try {
                       person = std::stoll(req.Param("person_id"));
                     } catch (const std::exception&) {
                       person = 0;
                     }
                     const HelpdeskIdentity identity = ReadIdentityForm(req, person);
                     if (person <= 0) {
                       if (Status s = app.tracker.CheckHelpdeskAdmin(caller.user); !s.ok()) {
                         return SendStatusPage(res, viewer, s);
                       }
                       return SendHelpdeskPage(
                           app, res, caller, viewer, 400, "", {},
                           {identity, Status::Invalid("choose a person", "person_id")});
                     }
                     AnswerLink(app, req, res, caller, viewer, identity,
                                [&](int status, const IdentityForm& form) {
                                  SendHelpdeskPage(app, res, caller, viewer, status, "", {}, form);
                                });
                   }));
  http.Post(
      R"(/admin/people/(\d+)/identities)",
      Signed(app, true,
             [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                    const PageViewer& viewer) {
               const HelpdeskIdentity identity = ReadIdentityForm(req, IdParam(req, 1));
               AnswerLink(
                   app, req, res, caller, viewer, identity,
                   [&](int status, const IdentityForm& form) {
                     Result<User> person = app.tracker.VisiblePerson(caller.user, identity.user_id);
                     if (!person.ok()) return SendStatusPage(res, viewer, person.status());
                     SendPage(res, status,
                              RenderPersonAdminPage(
                                  viewer, *person, AdminData(app, caller.user), Status::Ok(), "",
                                  LinkedIdentitiesOf(app, caller.user, person->id), form));
                   });
             }));
  http.Post(R"(/admin/people/(\d+)/identities/unlink)",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     // Exactly as stored: the form sends back what the page listed.
                     const HelpdeskIdentity identity{req.Param("source"), req.Param("space"),
                                                     req.Param("identity"), IdParam(req, 1)};
                     if (Status s = app.tracker.UnlinkIdentity(caller.user, identity); !s.ok()) {
                       return SendStatusPage(res, viewer, s);
                     }
                     SeeOther(res, fmt::format("/admin/people/{}#identities", identity.user_id));
                   }));
}

}  // namespace rungs
