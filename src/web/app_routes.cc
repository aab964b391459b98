// The people pages' routes: who is asking (request_auth.h), what they may do (Tracker), and
// which page answers (app_pages.h). Forms post back and are answered with a redirect (303), so
// reloading a page never repeats a change; the one exception is a check-in's agreement step,
// a page answering the form that saved the manager's side (saving it again changes nothing).
#include "util/text.h"
#include "web/http_message.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "auth/secrets.h"
#include "progress/people_export.h"
#include "progress/roster.h"
#include "util/clock.h"
#include "web/app.h"
#include "web/app_pages.h"
#include "web/app_routes_internal.h"
#include "web/http.h"

namespace rungs {

void SendPage(HttpResponse& res, int status, const std::string& body) {
  res.status = status;
  res.SetContent(body, kHtmlType);
}

void SeeOther(HttpResponse& res, const std::string& location) {
  res.status = 303;
  res.SetHeader("Location", location);
}

void SendStatusPage(HttpResponse& res, const PageViewer& viewer, const Status& status) {
  const int code = HttpStatusFor(status.code);
  const char* title = code == 403   ? "Not allowed"
                      : code == 404 ? "Not found"
                      : code == 409 ? "Cannot do that now"
                      : code == 400 ? "Please check the form"
                                    : "Something went wrong";
  SendPage(res, code, RenderMessagePage(viewer, code, title, status.message));
}

namespace {

using Handler = PageHandler;

// "https://rungs.example.com" of "https://rungs.example.com/base/": scheme, host and port.
std::string OriginOf(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const size_t path = url.find('/', scheme + 3);
  return url.substr(0, path);
}

// True when the request has no Origin header (not a browser form, or an old browser) or its
// Origin is this site: the public URL's origin (behind a proxy that rewrites Host, as nginx
// does by default, that is the only match), or the host the request was sent to.
bool SameOrigin(const HttpRequest& req, const AppOptions& options) {
  const std::string origin = req.Header("Origin");
  if (origin.empty()) return true;
  const std::string public_origin = OriginOf(options.public_url);
  if (!public_origin.empty() && EqualsIgnoreCaseAscii(origin, public_origin)) return true;
  const size_t scheme = origin.find("://");
  return scheme != std::string::npos && origin.substr(scheme + 3) == req.Header("Host");
}

// Only paths on this site: "/people/3", never "//evil.example", "https://...", or what a browser
// turns into one: it drops tabs and newlines ("/\t/evil.example") and reads "\\" as "/".
bool LocalPath(std::string_view path) {
  if (path.size() < 2 || path[0] != '/') return false;
  if (path.size() > 1 && (path[1] == '/' || path[1] == '\\')) return false;
  return std::none_of(path.begin(), path.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f || c == '\\';
  });
}

std::string SafeNext(const std::string& next) {
  // Encoded slashes ("/%2F/evil.example") are checked as the browser may decode them.
  const std::optional<std::string> decoded = PercentDecode(next, /*plus_is_space=*/false);
  if (LocalPath(next) && decoded && LocalPath(*decoded)) return next;
  return "/home";
}

}  // namespace

int64_t IdParam(const HttpRequest& req, size_t group) {
  try {
    return std::stoll(req.matches[group]);
  } catch (const std::exception&) {
    return 0;
  }
}

void SendFormExpired(HttpResponse& res, const PageViewer& viewer) {
  SendPage(res, 403,
           RenderMessagePage(viewer, 403, "This form has expired",
                             "The form was missing its security token or it was from an "
                             "older session. Go back, reload the page and try again."));
}

HttpHandler Signed(AppContext& app, bool state_change, Handler handler) {
  return [&app, state_change, handler = std::move(handler)](const HttpRequest& req,
                                                            HttpResponse& res) {
    SetSecurityHeaders(res);
    res.SetHeader("Cache-Control", "no-store");
    Result<Caller> caller = app.auth.Identify(req, /*allow_bearer=*/false);
    if (!caller.ok()) {
      if (!state_change) {
        SeeOther(res, "/login?next=" + EncodeQueryParam(req.target));
      } else {
        SendPage(res, 401, RenderMessagePage({}, 401, "Please sign in", caller.status().message));
      }
      return;
    }
    const PageViewer viewer{&caller->user, caller->session->csrf_token};
    if (state_change && !app.auth.CsrfValid(*caller, req)) return SendFormExpired(res, viewer);
    handler(req, res, *caller, viewer);
  };
}

PeopleAdminData AdminData(AppContext& app, const User& viewer) {
  PeopleAdminData data;
  if (Result<std::vector<User>> people = app.tracker.VisiblePeople(viewer); people.ok()) {
    data.people = std::move(people).value();
    std::sort(data.people.begin(), data.people.end(), [](const User& a, const User& b) {
      return std::tie(a.name, a.id) < std::tie(b.name, b.id);
    });
  }
  if (Result<std::vector<Team>> teams = app.tracker.Teams(viewer); teams.ok()) {
    data.teams = std::move(teams).value();
  }
  data.frameworks = app.catalog.All();
  return data;
}

namespace {

std::optional<int64_t> OptionalId(const std::string& value) {
  if (value.empty()) return std::nullopt;
  try {
    return std::stoll(value);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The person form's fields onto `person`.
Status ReadPersonForm(const HttpRequest& req, User& person) {
  person.name = req.Param("name");
  person.email = req.Param("email");
  std::optional<Role> role = ParseRole(req.Param("role"));
  if (!role) return Status::Invalid("role must be admin, manager or member", "role");
  person.role = *role;
  person.team_id = OptionalId(req.Param("team_id"));
  person.manager_id = OptionalId(req.Param("manager_id"));
  person.framework_id = req.Param("framework_id");
  person.assigned_rung = req.Param("assigned_rung");
  person.start_date = req.Param("start_date");
  person.probation_end = req.Param("probation_end");
  return Status::Ok();
}

}  // namespace

namespace {

// The rungs a check-in page lists: those asked for, else the person's next rung.
std::vector<std::string> CheckInRungs(AppContext& app, const HttpRequest& req,
                                      const CheckInView& view) {
  std::vector<std::string> rungs;
  for (size_t i = 0; i < req.ParamCount("rung"); ++i) {
    const std::string& id = req.Param("rung", i);
    if (FindRung(*view.framework, id) != nullptr) rungs.push_back(id);
  }
  if (!rungs.empty()) return rungs;
  // A check-in with results: the rungs it assessed.
  rungs = AssessedRungs(*view.framework, view.checkin);
  if (!rungs.empty()) return rungs;
  Result<Standing> standing = app.tracker.StandingOf(view.person, {});
  if (standing.ok() && !standing->next_rung.empty() &&
      FindRung(*view.framework, standing->next_rung) != nullptr) {
    return {standing->next_rung};
  }
  if (!view.person.assigned_rung.empty() &&
      FindRung(*view.framework, view.person.assigned_rung) != nullptr) {
    return {view.person.assigned_rung};
  }
  const std::vector<const Rung*> all = AllRungs(*view.framework);
  if (!all.empty()) rungs.push_back(all.front()->id);
  return rungs;
}

// "self:KEY" = "meeting", ... for one side of the check-in form.
Result<std::vector<CriterionResult>> ReadResults(const HttpRequest& req, const std::string& side) {
  std::vector<CriterionResult> results;
  const std::string prefix = side + ":";
  for (const auto& [name, value] : req.params) {
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    std::optional<Assessment> a = ParseAssessment(value);
    if (!a) return Status::Invalid(fmt::format("'{}' is not a result", value), name);
    CriterionResult r;
    r.criterion_key = name.substr(prefix.size());
    if (side == "self") r.self = *a;
    if (side == "manager") r.manager = *a;
    if (side == "agreed") r.agreed = *a;
    results.push_back(std::move(r));
  }
  return results;
}

std::string RungsQuery(const HttpRequest& req) {
  std::vector<std::string> rungs;
  for (size_t i = 0; i < req.ParamCount("rung"); ++i) rungs.push_back(req.Param("rung", i));
  return ::rungs::RungsQuery(rungs);
}

// The agreement step for the Agreed column of the posted check-in form: what it would record
// and what that changes, with the one button that freezes the check-in.
void SendAgreementStep(AppContext& app, const HttpRequest& req, HttpResponse& res,
                       const Caller& caller, const PageViewer& viewer) {
  const int64_t id = IdParam(req, 1);
  Result<std::vector<CriterionResult>> read = ReadResults(req, "agreed");
  if (!read.ok()) return SendStatusPage(res, viewer, read.status());
  std::vector<CriterionResult> agreed = std::move(read).value();
  // The Agreed column is the manager's unless changed: a Manager result chosen just before
  // pressing review (not saved before, so the Agreed select could not show it) is proposed too.
  Result<std::vector<CriterionResult>> manager = ReadResults(req, "manager");
  if (!manager.ok()) return SendStatusPage(res, viewer, manager.status());
  for (const CriterionResult& m : manager.value()) {
    auto it = std::find_if(agreed.begin(), agreed.end(), [&m](const CriterionResult& a) {
      return a.criterion_key == m.criterion_key;
    });
    if (it == agreed.end()) {
      CriterionResult r;
      r.criterion_key = m.criterion_key;
      r.agreed = m.manager;
      agreed.push_back(std::move(r));
    } else if (it->agreed == Assessment::kNone) {
      it->agreed = m.manager;
    }
  }
  Result<AgreementPreview> preview = app.tracker.PreviewAgreement(caller.user, id, agreed);
  if (!preview.ok()) return SendStatusPage(res, viewer, preview.status());
  const CheckInView& view = preview->checkin;
  SendPage(res, 200, RenderAgreementPage(viewer, CheckInRungs(app, req, view), agreed, *preview));
}

void RegisterSignIn(Router& http, AppContext& app) {
  http.Get("/login", [&app](const HttpRequest& req, HttpResponse& res) {
    SetSecurityHeaders(res);
    if (app.auth.Identify(req, false).ok()) return SeeOther(res, SafeNext(req.Param("next")));
    const std::string notice =
        req.Param("notice") == "password-set"    ? "Your password is set. Sign in."
        : req.Param("notice") == "admin-created" ? "You are rungs' first admin. Sign in."
                                                 : "";
    SendPage(res, 200, RenderLoginPage("", "", req.Param("next"), notice));
  });
  http.Post("/login", [&app](const HttpRequest& req, HttpResponse& res) {
    SetSecurityHeaders(res);
    // There is no session yet to carry a CSRF token; a browser names the page a form came
    // from, so a sign-in posted from another site (to sign the victim into the attacker's
    // account) is refused.
    if (!SameOrigin(req, app.options)) {
      SendPage(res, 403,
               RenderMessagePage({}, 403, "Sign in from this site",
                                 "The sign-in form was sent from another site."));
      return;
    }
    const std::string& email = req.Param("email");
    int64_t retry_after = 0;
    Result<std::string> token =
        app.auth.Login(email, req.Param("password"), req.client_address, &retry_after);
    if (!token.ok()) {
      if (retry_after > 0) res.SetHeader("Retry-After", std::to_string(retry_after));
      SendPage(res, retry_after > 0 ? 429 : 400,
               RenderLoginPage(email, token.status().message, req.Param("next"), ""));
      return;
    }
    res.SetHeader("Set-Cookie", app.auth.SessionCookieHeader(*token));
    SeeOther(res, SafeNext(req.Param("next")));
  });
  http.Post("/logout", Signed(app, true,
                              [&app](const HttpRequest&, HttpResponse& res, const Caller& caller,
                                     const PageViewer& viewer) {
                                if (Status s = app.auth.Logout(caller); !s.ok()) {
                                  return SendStatusPage(res, viewer, s);
                                }
                                res.SetHeader("Set-Cookie", app.auth.ClearedCookieHeader());
                                SeeOther(res, "/login");
                              }));
  // The first admin, through the link rungs serve prints while there is none.
  const auto setup_spent = [](HttpResponse& res) {
    SendPage(
        res, 404,
        RenderMessagePage({}, 404, "This link cannot be used",
                          "This setup link was used already, or this server was restarted "
                          "(it prints a new link while rungs has no admin). Sign in instead."));
  };
  const char* setup_pattern = R"(/setup/([A-Za-z0-9_-]{20,100}))";
  http.Get(setup_pattern, [&app, setup_spent](const HttpRequest& req, HttpResponse& res) {
    SetSecurityHeaders(res);
    res.SetHeader("Cache-Control", "no-store");
    if (!app.auth.SetupOpen(req.matches[1], app.options.setup_digest)) return setup_spent(res);
    SendPage(res, 200, RenderSetupPage(req.path, {}, ""));
  });
  http.Post(setup_pattern, [&app, setup_spent](const HttpRequest& req, HttpResponse& res) {
    SetSecurityHeaders(res);
    res.SetHeader("Cache-Control", "no-store");
    User admin;
    admin.name = std::string(Trim(req.Param("name")));
    admin.email = std::string(Trim(req.Param("email")));
    int64_t retry_after = 0;
    Result<User> user =
        app.auth.SetUpFirstAdmin(req.matches[1], app.options.setup_digest, admin,
                                 req.Param("password"), req.client_address, &retry_after);
    if (user.ok()) return SeeOther(res, "/login?notice=admin-created");
    const Status& s = user.status();
    if (s.code == StatusCode::kNotFound) return setup_spent(res);
    if (retry_after > 0) res.SetHeader("Retry-After", std::to_string(retry_after));
    const int code = s.code == StatusCode::kInvalid || s.code == StatusCode::kConflict ? 400
                     : retry_after > 1                                                 ? 429
                                                                                       : 503;
    // Over the address's budget the token was not checked: the form only for a live link.
    if (!app.auth.SetupOpen(req.matches[1], app.options.setup_digest)) {
      return SendPage(res, code, RenderMessagePage({}, code, "Please wait", FieldMessage(s)));
    }
    SendPage(res, code, RenderSetupPage(req.path, admin, FieldMessage(s)));
  });
  for (const LinkPurpose purpose : {LinkPurpose::kInvite, LinkPurpose::kReset}) {
    const bool invite = purpose == LinkPurpose::kInvite;
    const std::string pattern =
        fmt::format(R"(/{}/([A-Za-z0-9_-]{{20,100}}))", invite ? "invite" : "reset");
    const std::string title = invite ? "Welcome: choose a password" : "Choose a new password";
    // No form for a link that cannot work: typing a password there would be wasted.
    const auto spent = [](const HttpRequest&, HttpResponse& res) {
      SendPage(res, 404,
               RenderMessagePage({}, 404, "This link cannot be used",
                                 "This link was used already or has expired. Ask an admin "
                                 "for a new one."));
    };
    http.Get(pattern, [&app, title, purpose, spent](const HttpRequest& req, HttpResponse& res) {
      SetSecurityHeaders(res);
      res.SetHeader("Cache-Control", "no-store");
      if (!app.auth.LinkUsable(req.matches[1], purpose)) return spent(req, res);
      SendPage(res, 200, RenderSetPasswordPage(req.path, title, ""));
    });
    http.Post(pattern, [&app, title, purpose, spent](const HttpRequest& req, HttpResponse& res) {
      SetSecurityHeaders(res);
      res.SetHeader("Cache-Control", "no-store");
      int64_t retry_after = 0;
      Result<User> user = app.auth.RedeemLink(req.matches[1], purpose, req.Param("password"),
                                              req.client_address, &retry_after);
      if (user.ok()) return SeeOther(res, "/login?notice=password-set");
      const Status& s = user.status();
      if (s.code == StatusCode::kNotFound) return spent(req, res);
      if (retry_after > 0) res.SetHeader("Retry-After", std::to_string(retry_after));
      const int code = s.code == StatusCode::kInvalid ? 400 : retry_after > 1 ? 429 : 503;
      SendPage(res, code, RenderSetPasswordPage(req.path, title, s.message));
    });
  }
}

void RegisterPersonPages(Router& http, AppContext& app) {
  // Where signing in leads without a page to return to: a member to their progress, a manager
  // to their team, an admin to the admin overview.
  http.Get("/home", Signed(app, false,
                           [](const HttpRequest&, HttpResponse& res, const Caller& caller,
                              const PageViewer&) {
                             switch (caller.user.role) {
                               case Role::kAdmin:
                                 return SeeOther(res, "/admin");
                               case Role::kManager:
                                 return SeeOther(res, "/team");
                               case Role::kMember:
                                 break;
                             }
                             SeeOther(res, fmt::format("/people/{}", caller.user.id));
                           }));
  http.Get("/me", Signed(app, false,
                         [](const HttpRequest&, HttpResponse& res, const Caller& caller,
                            const PageViewer&) {
                           SeeOther(res, fmt::format("/people/{}", caller.user.id));
                         }));
  http.Get(R"(/people/(\d+))", Signed(app, false,
                                      [&app](const HttpRequest& req, HttpResponse& res,
                                             const Caller& caller, const PageViewer& viewer) {
                                        Result<PersonView> view =
                                            app.tracker.Person(caller.user, IdParam(req, 1));
                                        if (!view.ok())
                                          return SendStatusPage(res, viewer, view.status());
                                        SendPage(res, 200, RenderPersonPage(viewer, *view));
                                      }));
  http.Post(R"(/people/(\d+)/check-ins)",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     Result<CheckIn> checkin =
                         app.tracker.StartCheckIn(caller.user, IdParam(req, 1));
                     if (!checkin.ok()) return SendStatusPage(res, viewer, checkin.status());
                     SeeOther(res, fmt::format("/check-ins/{}", checkin->id));
                   }));
  // "Download my data": the same documents as `rungs people export`.
  http.Get(R"(/people/(\d+)/export\.(json|csv))",
           Signed(app, false,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    Result<PersonData> data =
                        app.tracker.ExportPerson(caller.user, IdParam(req, 1));
                    if (!data.ok()) return SendStatusPage(res, viewer, data.status());
                    SendPersonExport(res, *data, req.matches[2] == "csv");
                  }));
}

// The check-in page; after a refused form, with `forms` as sent and `refusal`'s HTTP status.
void SendCheckInPage(AppContext& app, const HttpRequest& req, HttpResponse& res,
                     const Caller& caller, const PageViewer& viewer, const CheckInForms& forms = {},
                     const Status& refusal = Status::Ok()) {
  Result<CheckInView> found = app.tracker.GetCheckIn(caller.user, IdParam(req, 1));
  if (!found.ok()) return SendStatusPage(res, viewer, found.status());
  CheckInView view = std::move(found).value();
  // The measured verdicts beside the criteria, when it is of the current version (the record
  // is the person page's, cached).
  Result<PersonView> person = app.tracker.Person(caller.user, view.person.id);
  if (person.ok() && person->record->framework.version_id == view.checkin.framework_version_id) {
    view.measured =
        std::shared_ptr<const MeasuredResults>(person->record, &person->record->measured);
  }
  if (person.ok()) view.number = CheckInNumber(person->record->checkins, view.checkin.id);
  const std::string notice = !refusal.ok()                      ? ""
                             : req.Param("acknowledged") == "1" ? "Your answer is recorded."
                             : req.Param("agreed") == "1"       ? "Agreed and frozen."
                             : req.Param("saved") == "1"        ? "Saved."
                                                                : "";
  SendPage(res, refusal.ok() ? 200 : HttpStatusFor(refusal.code),
           RenderCheckInPage(viewer, view, CheckInRungs(app, req, view), notice, forms));
}

void RegisterCheckInPages(Router& http, AppContext& app) {
  http.Get(R"(/check-ins/(\d+))", Signed(app, false,
                                         [&app](const HttpRequest& req, HttpResponse& res,
                                                const Caller& caller, const PageViewer& viewer) {
                                           SendCheckInPage(app, req, res, caller, viewer);
                                         }));
  http.Post(R"(/check-ins/(\d+))",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     const int64_t id = IdParam(req, 1);
                     const std::string& action = req.Param("action");
                     // "review": the manager's side is saved, then the agreement step shows what
                     // the Agreed column would record; nothing is frozen here.
                     if (action != "self" && action != "manager" && action != "review") {
                       return SendStatusPage(
                           res, viewer,
                           Status::Invalid("action must be self, manager or review", "action"));
                     }
                     const std::string side = action == "self" ? "self" : "manager";
                     Result<std::vector<CriterionResult>> results = ReadResults(req, side);
                     if (!results.ok()) return SendStatusPage(res, viewer, results.status());
                     Result<CheckIn> saved = app.tracker.SaveResults(
                         caller.user, id, side == "self" ? Side::kSelf : Side::kManager,
                         std::move(results).value(), req.Param("notes"));
                     if (!saved.ok()) return SendStatusPage(res, viewer, saved.status());
                     if (action == "review")
                       return SendAgreementStep(app, req, res, caller, viewer);
                     const std::string query = RungsQuery(req);
                     SeeOther(res, fmt::format("/check-ins/{}{}{}saved=1", id, query,
                                               query.empty() ? "?" : "&"));
                   }));
  http.Post(
      R"(/check-ins/(\d+)/acknowledge)",
      Signed(app, true,
             [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                    const PageViewer& viewer) {
               const int64_t id = IdParam(req, 1);
               const std::string& answer = req.Param("answer");
               if (answer != "agree" && answer != "disagree") {
                 return SendStatusPage(
                     res, viewer, Status::Invalid("answer must be agree or disagree", "answer"));
               }
               Result<CheckIn> answered = app.tracker.Acknowledge(
                   caller.user, id, answer == "disagree", req.Param("comment"));
               if (!answered.ok() && answered.status().code == StatusCode::kInvalid) {
                 CheckInForms forms;
                 forms.comment = req.Param("comment");
                 forms.acknowledgement_refusal = answered.status();
                 return SendCheckInPage(app, req, res, caller, viewer, forms, answered.status());
               }
               if (!answered.ok()) return SendStatusPage(res, viewer, answered.status());
               SeeOther(res, fmt::format("/check-ins/{}?acknowledged=1", id));
             }));
  http.Post(R"(/check-ins/(\d+)/agree)",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     const int64_t id = IdParam(req, 1);
                     Result<std::vector<CriterionResult>> results = ReadResults(req, "agreed");
                     if (!results.ok()) return SendStatusPage(res, viewer, results.status());
                     Result<CheckIn> agreed =
                         app.tracker.Agree(caller.user, id, std::move(results).value());
                     if (!agreed.ok()) return SendStatusPage(res, viewer, agreed.status());
                     const std::string query = RungsQuery(req);
                     SeeOther(res, fmt::format("/check-ins/{}{}{}agreed=1", id, query,
                                               query.empty() ? "?" : "&"));
                   }));
  http.Post(R"(/check-ins/(\d+)/evidence)",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     const int64_t id = IdParam(req, 1);
                     Evidence evidence;
                     evidence.text = req.Param("text");
                     evidence.link = req.Param("link");
                     for (size_t i = 0; i < req.ParamCount("criteria"); ++i) {
                       evidence.criterion_keys.push_back(req.Param("criteria", i));
                     }
                     Result<Evidence> added = app.tracker.AddEvidence(caller.user, id, evidence);
                     if (!added.ok() && added.status().code == StatusCode::kInvalid) {
                       CheckInForms forms;
                       forms.evidence = evidence;
                       forms.evidence_refusal = added.status();
                       return SendCheckInPage(app, req, res, caller, viewer, forms, added.status());
                     }
                     if (!added.ok()) return SendStatusPage(res, viewer, added.status());
                     const std::string query = RungsQuery(req);
                     SeeOther(res, fmt::format("/check-ins/{}{}{}saved=1#evidence", id, query,
                                               query.empty() ? "?" : "&"));
                   }));
  http.Post(R"(/check-ins/(\d+)/evidence/(\d+)/delete)",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     const int64_t id = IdParam(req, 1);
                     Status s = app.tracker.DeleteEvidence(caller.user, id, IdParam(req, 2));
                     if (!s.ok()) return SendStatusPage(res, viewer, s);
                     SeeOther(res, fmt::format("/check-ins/{}#evidence", id));
                   }));
}

}  // namespace

HttpHandler AdminSigned(AppContext& app, bool state_change, Handler handler) {
  return Signed(app, state_change,
                [handler = std::move(handler)](const HttpRequest& req, HttpResponse& res,
                                               const Caller& caller, const PageViewer& viewer) {
                  if (Status s = Tracker::CheckAdmin(caller.user, "manage people"); !s.ok()) {
                    return SendStatusPage(res, viewer, s);
                  }
                  handler(req, res, caller, viewer);
                });
}

namespace {

using PersonHandler = std::function<void(const HttpRequest&, HttpResponse&, const Caller&,
                                         const PageViewer&, const User& person)>;

// AdminSigned, for /admin/people/{id}: the handler gets the person, or the caller the status
// page when there is none.
HttpHandler AdminPersonSigned(AppContext& app, bool state_change, PersonHandler handler) {
  return AdminSigned(
      app, state_change,
      [&app, handler = std::move(handler)](const HttpRequest& req, HttpResponse& res,
                                           const Caller& caller, const PageViewer& viewer) {
        Result<User> person = app.tracker.VisiblePerson(caller.user, IdParam(req, 1));
        if (!person.ok()) return SendStatusPage(res, viewer, person.status());
        handler(req, res, caller, viewer, *person);
      });
}

// The people page after a roster import or its dry run.
PeopleAdminForms RosterNotice(std::string notice, const RosterPlan* plan = nullptr) {
  PeopleAdminForms forms;
  forms.notice = std::move(notice);
  forms.plan = plan;
  return forms;
}

void RegisterAdminPages(Router& http, AppContext& app) {
  http.Get("/admin", AdminSigned(app, false,
                                 [&app](const HttpRequest&, HttpResponse& res, const Caller& caller,
                                        const PageViewer& viewer) {
                                   Result<AdminSummary> summary =
                                       app.tracker.AdminOverview(caller.user);
                                   if (!summary.ok())
                                     return SendStatusPage(res, viewer, summary.status());
                                   SendPage(res, 200, RenderAdminOverviewPage(viewer, *summary));
                                 }));
  http.Get("/admin/people",
           AdminSigned(app, false,
                       [&app](const HttpRequest&, HttpResponse& res, const Caller& caller,
                              const PageViewer& viewer) {
                         SendPage(res, 200,
                                  RenderPeopleAdminPage(viewer, AdminData(app, caller.user)));
                       }));
  http.Post(
      "/admin/people",
      AdminSigned(app, true,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    User person;
                    Status s = ReadPersonForm(req, person);
                    Result<User> created =
                        s.ok() ? app.tracker.CreatePerson(caller.user, person) : Result<User>(s);
                    if (!created.ok()) {
                      PeopleAdminForms forms;
                      forms.person = person;
                      forms.person_refusal = created.status();
                      SendPage(res, HttpStatusFor(created.status().code),
                               RenderPeopleAdminPage(viewer, AdminData(app, caller.user), forms));
                      return;
                    }
                    SeeOther(res, fmt::format("/admin/people/{}", created->id));
                  }));
  http.Post("/admin/people/import",
            AdminSigned(
                app, true,
                [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                       const PageViewer& viewer) {
                  const auto part = req.parts.find("roster");
                  const FormPart file = part == req.parts.end() ? FormPart() : part->second;
                  const std::string name = file.filename.empty() ? "roster.csv" : file.filename;
                  Result<RosterPlanResult> planned =
                      app.tracker.PlanRosterImport(caller.user, file.content, name);
                  if (!planned.ok()) return SendStatusPage(res, viewer, planned.status());
                  std::string errors;
                  for (const RosterError& e : planned->errors) {
                    errors += FormatRosterError(name, e) + "\n";
                  }
                  if (!errors.empty()) {
                    SendPage(res, 400,
                             RenderMessagePage(viewer, 400, "The roster has errors",
                                               errors + "Nothing was changed. Fix the "
                                                        "file and import it again."));
                    return;
                  }
                  const RosterPlan& plan = planned->plan;
                  if (req.FormField("dry_run") == "1") {
                    SendPage(res, 200,
                             RenderPeopleAdminPage(
                                 viewer, AdminData(app, caller.user),
                                 RosterNotice(
                                     fmt::format("{} is valid: it would create {}, update {} "
                                                 "and leave {} unchanged. Nothing was changed.",
                                                 name, plan.creates, plan.updates, plan.unchanged),
                                     &plan)));
                    return;
                  }
                  Result<RosterApplied> applied = app.tracker.ApplyRosterImport(caller.user, plan);
                  if (!applied.ok()) return SendStatusPage(res, viewer, applied.status());
                  SendPage(res, 200,
                           RenderPeopleAdminPage(
                               viewer, AdminData(app, caller.user),
                               RosterNotice(fmt::format("Imported {}: {} created, {} updated, {} "
                                                        "unchanged.",
                                                        name, applied->created, applied->updated,
                                                        applied->unchanged))));
                }));
  http.Post(
      "/admin/teams",
      AdminSigned(app, true,
                  [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                         const PageViewer& viewer) {
                    Team team;
                    if (Status read = ReadTeamForm(req, team); !read.ok()) {
                      PeopleAdminForms forms;
                      forms.team = team;
                      forms.team_refusal = read;
                      SendPage(res, 400,
                               RenderPeopleAdminPage(viewer, AdminData(app, caller.user), forms));
                      return;
                    }
                    Result<Team> created = app.tracker.CreateTeam(caller.user, team);
                    if (!created.ok()) {
                      PeopleAdminForms forms;
                      forms.team = team;
                      forms.team_refusal = created.status();
                      SendPage(res, HttpStatusFor(created.status().code),
                               RenderPeopleAdminPage(viewer, AdminData(app, caller.user), forms));
                      return;
                    }
                    SeeOther(res, "/admin/people");
                  }));
  http.Get(R"(/admin/people/(\d+))",
           AdminPersonSigned(app, false,
                             [&app](const HttpRequest&, HttpResponse& res, const Caller& caller,
                                    const PageViewer& viewer, const User& person) {
                               SendPage(
                                   res, 200,
                                   RenderPersonAdminPage(
                                       viewer, person, AdminData(app, caller.user), Status::Ok(),
                                       "", LinkedIdentitiesOf(app, caller.user, person.id)));
                             }));
  http.Post(R"(/admin/people/(\d+))",
            AdminPersonSigned(
                app, true,
                [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                       const PageViewer& viewer, const User& person) {
                  User edited = person;
                  Status s = ReadPersonForm(req, edited);
                  edited.active = req.Param("active") == "1";
                  Result<User> saved =
                      s.ok() ? app.tracker.UpdatePerson(caller.user, edited) : Result<User>(s);
                  if (!saved.ok()) {
                    SendPage(res, HttpStatusFor(saved.status().code),
                             RenderPersonAdminPage(
                                 viewer, edited, AdminData(app, caller.user), saved.status(), "",
                                 LinkedIdentitiesOf(app, caller.user, person.id)));
                    return;
                  }
                  SeeOther(res, fmt::format("/admin/people/{}", saved->id));
                }));
  http.Post(R"(/admin/people/(\d+)/link)",
            AdminPersonSigned(
                app, true,
                [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                       const PageViewer& viewer, const User& person) {
                  const bool invite = req.Param("purpose") != "reset";
                  Result<std::string> token = app.tracker.CreatePasswordLink(
                      caller.user, person.id, invite ? LinkPurpose::kInvite : LinkPurpose::kReset);
                  if (!token.ok()) return SendStatusPage(res, viewer, token.status());
                  const std::string url = fmt::format("{}/{}/{}", app.options.public_url,
                                                      invite ? "invite" : "reset", *token);
                  SendPage(res, 200,
                           RenderPersonAdminPage(viewer, person, AdminData(app, caller.user),
                                                 Status::Ok(), url,
                                                 LinkedIdentitiesOf(app, caller.user, person.id)));
                }));
  http.Post(R"(/admin/people/(\d+)/remove)",
            AdminSigned(app, true,
                        [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                               const PageViewer& viewer) {
                          const std::string& removal = req.Param("removal");
                          std::optional<Removal> how;
                          if (removal == "erase") how = Removal::kErase;
                          if (removal == "anonymise") how = Removal::kAnonymise;
                          Status s = app.tracker.RemovePerson(caller.user, IdParam(req, 1), how);
                          if (!s.ok()) return SendStatusPage(res, viewer, s);
                          SeeOther(res, "/admin/people");
                        }));
  // The audit log as people read it (app_audit_routes.cc); /api/audit pages through all of it.
  RegisterAuditPages(http, app);
}

void RegisterTokenPages(Router& http, AppContext& app) {
  auto render = [&app](HttpResponse& res, const Caller& caller, const PageViewer& viewer,
                       int status, const std::string& token, const std::string& error) {
    Result<std::vector<ApiToken>> tokens = app.tracker.ApiTokens(caller.user);
    if (!tokens.ok()) return SendStatusPage(res, viewer, tokens.status());
    SendPage(res, status, RenderTokensPage(viewer, *tokens, token, error));
  };
  http.Get("/settings/tokens", Signed(app, false,
                                      [render](const HttpRequest&, HttpResponse& res,
                                               const Caller& caller, const PageViewer& viewer) {
                                        render(res, caller, viewer, 200, "", "");
                                      }));
  http.Post("/settings/tokens",
            Signed(app, true,
                   [&app, render](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                                  const PageViewer& viewer) {
                     Result<NewApiToken> made =
                         app.tracker.CreateApiToken(caller.user, req.Param("name"));
                     if (made.status().code == StatusCode::kInvalid) {
                       return render(res, caller, viewer, 400, "", FieldMessage(made.status()));
                     }
                     if (!made.ok()) return SendStatusPage(res, viewer, made.status());
                     render(res, caller, viewer, 200, made->secret, "");
                   }));
  http.Post(R"(/settings/tokens/(\d+)/revoke)",
            Signed(app, true,
                   [&app](const HttpRequest& req, HttpResponse& res, const Caller& caller,
                          const PageViewer& viewer) {
                     Status s = app.tracker.RevokeApiToken(caller.user, IdParam(req, 1));
                     if (!s.ok()) return SendStatusPage(res, viewer, s);
                     SeeOther(res, "/settings/tokens");
                   }));
}

}  // namespace

bool IsAppPath(std::string_view path) {
  for (std::string_view prefix :
       {"/login", "/logout", "/setup/", "/invite/", "/reset/", "/me", "/home", "/people",
        "/check-ins", "/team", "/team.csv", "/admin", "/settings"}) {
    if (path.substr(0, prefix.size()) != prefix) continue;
    if (path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/') {
      return true;
    }
  }
  return false;
}

void RegisterAppPages(Router& http, AppContext& app) {
  RegisterSignIn(http, app);
  RegisterPersonPages(http, app);
  RegisterCheckInPages(http, app);
  RegisterAdminPages(http, app);
  RegisterTeamPages(http, app);
  RegisterFrameworkPages(http, app);
  RegisterHelpdeskPages(http, app);
  RegisterMappingPages(http, app);
  RegisterTokenPages(http, app);
  RegisterCadencePages(http, app);
}

}  // namespace rungs
