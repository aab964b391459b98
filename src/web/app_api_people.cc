// /api/people/...: the people the caller may see, a person's standing, check-ins and data
// export. Who may see and change whom is the Tracker's rule; every route asks it about the
// person first, so a refusal reads the same whether or not the person exists.
#include "web/http_message.h"

#include <fmt/format.h>

#include "progress/people_export.h"
#include "progress/roster.h"
#include "web/app_api_internal.h"
#include "web/http.h"

namespace rungs::api {
namespace {

std::string PersonUrl(int64_t id) { return fmt::format("/api/people/{}", id); }

// Applies the fields present in `body` onto `person`: a create starts from a new User (email
// and name required), a PATCH from the stored one, so absent fields keep their value. Whether
// the framework and rung exist is the Tracker's check (CreatePerson, UpdatePerson).
Status ApplyPersonFields(const json& body, bool creating, User& person) {
  BodyReader r;
  r.OnlyKnown(body, "",
              {"email", "name", "role", "team_id", "manager_id", "framework_id", "assigned_rung",
               "start_date", "probation_end", "active"});
  if (auto v = r.String(body, "", "email", creating)) person.email = *v;
  if (auto v = r.String(body, "", "name", creating)) person.name = *v;
  if (auto v = r.String(body, "", "role")) {
    const std::optional<Role> role = ParseRole(*v);
    if (role) person.role = *role;
    if (!role) r.Fail("role", "must be admin, manager or member");
  }
  if (auto v = r.NullableId(body, "", "team_id")) person.team_id = *v;
  if (auto v = r.NullableId(body, "", "manager_id")) person.manager_id = *v;
  if (auto v = r.String(body, "", "framework_id")) person.framework_id = *v;
  if (auto v = r.String(body, "", "assigned_rung")) person.assigned_rung = *v;
  if (auto v = r.String(body, "", "start_date")) person.start_date = *v;
  if (auto v = r.String(body, "", "probation_end")) person.probation_end = *v;
  if (auto v = r.Bool(body, "", "active")) person.active = *v;
  return r.status();
}

// ?removal=erase|anonymise into `how` (left empty when absent).
Status ReadRemoval(const HttpRequest& req, std::optional<Removal>& how) {
  if (!req.HasParam("removal")) return Status::Ok();
  const std::string& value = req.Param("removal");
  if (value == "erase") {
    how = Removal::kErase;
  } else if (value == "anonymise" || value == "anonymize") {
    how = Removal::kAnonymise;
  } else {
    return Status::Invalid("removal must be erase or anonymise", "removal");
  }
  return Status::Ok();
}

void ListPeople(ApiCall& call) {
  Result<std::vector<User>> people = call.tracker().VisiblePeople(call.viewer());
  if (!people.ok()) return SendStatus(call, people.status());
  json list = json::array();
  for (const User& u : *people) list.push_back(UserJson(u));
  SendJson(call, 200, {{"people", std::move(list)}});
}

void CreatePerson(ApiCall& call) {
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  User person;
  if (Status s = ApplyPersonFields(*body, /*creating=*/true, person); !s.ok()) {
    return SendStatus(call, s);
  }
  Result<User> created = call.tracker().CreatePerson(call.viewer(), person);
  if (!created.ok()) return SendStatus(call, created.status());
  SendCreated(call, UserJson(*created), PersonUrl(created->id));
}

void GetPerson(ApiCall& call) {
  Result<User> person = call.tracker().VisiblePerson(call.viewer(), call.PathId(1));
  if (!person.ok()) return SendStatus(call, person.status());
  SendJson(call, 200, UserJson(*person));
}

void UpdatePerson(ApiCall& call) {
  Result<User> person = call.tracker().VisiblePerson(call.viewer(), call.PathId(1));
  if (!person.ok()) return SendStatus(call, person.status());
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  User changed = *person;
  if (Status s = ApplyPersonFields(*body, /*creating=*/false, changed); !s.ok()) {
    return SendStatus(call, s);
  }
  Result<User> updated = call.tracker().UpdatePerson(call.viewer(), changed);
  if (!updated.ok()) return SendStatus(call, updated.status());
  SendJson(call, 200, UserJson(*updated));
}

void DeletePerson(ApiCall& call) {
  Result<User> person = call.tracker().VisiblePerson(call.viewer(), call.PathId(1));
  if (!person.ok()) return SendStatus(call, person.status());
  std::optional<Removal> how;
  if (Status s = ReadRemoval(call.req, how); !s.ok()) return SendStatus(call, s);
  if (Status s = call.tracker().RemovePerson(call.viewer(), person->id, how); !s.ok()) {
    return SendStatus(call, s);
  }
  SendNoContent(call);
}

void GetStanding(ApiCall& call) {
  Result<PersonView> view = call.tracker().Person(call.viewer(), call.PathId(1));
  if (!view.ok()) return SendStatus(call, view.status());
  json standing = StandingJson(*view->record);
  standing["next_checkin"] = NextCheckInJson(view->next_checkin);
  SendJson(call, 200, standing);
}

void ListCheckIns(ApiCall& call) {
  Result<std::vector<CheckIn>> checkins = call.tracker().CheckIns(call.viewer(), call.PathId(1));
  if (!checkins.ok()) return SendStatus(call, checkins.status());
  json list = json::array();
  for (const CheckIn& c : *checkins) list.push_back(CheckInJson(c));
  SendJson(call, 200, {{"check_ins", std::move(list)}});
}

void StartCheckIn(ApiCall& call) {
  Result<CheckIn> started = call.tracker().StartCheckIn(call.viewer(), call.PathId(1));
  if (!started.ok()) return SendStatus(call, started.status());
  SendCreated(call, CheckInJson(*started), fmt::format("/api/check-ins/{}", started->id));
}

// The export documents of progress/people_export.h, as a download.
void ExportPerson(ApiCall& call) {
  const std::string format = call.req.HasParam("format") ? call.req.Param("format") : "json";
  if (format != "json" && format != "csv") {
    return SendStatus(call, Status::Invalid("format must be json or csv", "format"));
  }
  Result<PersonData> data = call.tracker().ExportPerson(call.viewer(), call.PathId(1));
  if (!data.ok()) return SendStatus(call, data.status());
  SendPersonExport(call.res, *data, format == "csv");
}

// A roster CSV as the body (text/csv). Checked whole first; any error, or ?dry_run=1, writes
// nothing. Errors list every line at fault.
void ImportRoster(ApiCall& call) {
  Result<RosterPlanResult> planned =
      call.tracker().PlanRosterImport(call.viewer(), call.req.body, "roster.csv");
  if (!planned.ok()) return SendStatus(call, planned.status());
  if (!planned->errors.empty()) {
    json errors = json::array();
    for (const RosterError& e : planned->errors) {
      errors.push_back({{"line", e.line}, {"field", e.field}, {"message", e.message}});
    }
    const RosterError& first = planned->errors.front();
    SendJson(call, 400,
             {{"error",
               {{"code", "invalid"},
                {"message", FormatRosterError("roster.csv", first)},
                {"field", first.field.empty() ? "body" : first.field}}},
              {"errors", errors}});
    return;
  }
  const RosterPlan& plan = planned->plan;
  if (call.req.Param("dry_run") == "1") {
    SendJson(call, 200,
             {{"dry_run", true},
              {"created", plan.creates},
              {"updated", plan.updates},
              {"unchanged", plan.unchanged},
              {"teams_created", plan.new_teams}});
    return;
  }
  Result<RosterApplied> applied = call.tracker().ApplyRosterImport(call.viewer(), plan);
  if (!applied.ok()) return SendStatus(call, applied.status());
  SendJson(call, 200,
           {{"dry_run", false},
            {"created", applied->created},
            {"updated", applied->updated},
            {"unchanged", applied->unchanged},
            {"teams_created", applied->teams_created}});
}

}  // namespace

void RegisterPeopleApi(ApiRoutes& routes) {
  routes.Get("/api/people", ListPeople);
  routes.Post("/api/people", CreatePerson);
  routes.Post("/api/people/import", ImportRoster);
  routes.Get(R"(/api/people/(\d+))", GetPerson);
  routes.Patch(R"(/api/people/(\d+))", UpdatePerson);
  routes.Delete(R"(/api/people/(\d+))", DeletePerson);
  routes.Get(R"(/api/people/(\d+)/standing)", GetStanding);
  routes.Get(R"(/api/people/(\d+)/check-ins)", ListCheckIns);
  routes.Post(R"(/api/people/(\d+)/check-ins)", StartCheckIn);
  routes.Get(R"(/api/people/(\d+)/export)", ExportPerson);
}

}  // namespace rungs::api
