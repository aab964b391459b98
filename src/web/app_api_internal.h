// Shared by the files of the JSON API for people, check-ins and teams (app.h):
//   app_api.cc           registration, who is calling (401, CSRF), reading bodies, answering
//   app_api_json.cc      the JSON form of users, check-ins, standings, teams, tokens
//   app_api_me.cc        /api/me, /api/tokens: the caller and their API tokens
//   app_api_people.cc    /api/people/...
//   app_api_checkins.cc  /api/check-ins/...
//   app_api_teams.cc     /api/teams, /api/overview, /api/audit
//   app_api_helpdesk.cc  /api/helpdesk/..., /api/people/{id}/identities
// Every handler receives an authenticated ApiCall: the wrapper in app_api.cc has already
// answered 401 to unknown callers and 403 to browser writes without the CSRF token in the
// X-CSRF-Token header (never read from a parameter). Role rules are the Tracker's.
#ifndef RUNGS_WEB_APP_API_INTERNAL_H_
#define RUNGS_WEB_APP_API_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "progress/tracker.h"
#include "store/store.h"
#include "web/app.h"
#include "web/request_auth.h"

namespace rungs::api {

using nlohmann::json;

// One request from a known caller.
struct ApiCall {
  const HttpRequest& req;
  HttpResponse& res;
  AppContext& app;
  Caller caller;

  const User& viewer() const { return caller.user; }
  Tracker& tracker() { return app.tracker; }
  // The id captured by the route's `index`th group ("(\d+)"). Ids too large for int64 read as
  // 0, which no row has, so they are answered like any other unknown id.
  int64_t PathId(size_t index) const;
};

using ApiHandler = std::function<void(ApiCall&)>;

// Registers routes whose handlers only run for authenticated callers (see the file comment).
class ApiRoutes {
 public:
  ApiRoutes(Router& http, AppContext& app) : http_(http), app_(app) {}

  void Get(const std::string& pattern, ApiHandler handler);
  void Post(const std::string& pattern, ApiHandler handler);
  // A POST whose body is not read before the handler runs: the handler streams it through
  // the request's BodyStream (streamed_upload.h), after the caller and CSRF checks.
  void PostStreamed(const std::string& pattern, ApiHandler handler);
  void Put(const std::string& pattern, ApiHandler handler);
  void Patch(const std::string& pattern, ApiHandler handler);
  void Delete(const std::string& pattern, ApiHandler handler);

 private:
  Router& http_;
  AppContext& app_;
};

void RegisterMeApi(ApiRoutes& routes);
void RegisterPeopleApi(ApiRoutes& routes);
void RegisterCheckInApi(ApiRoutes& routes);
void RegisterTeamApi(ApiRoutes& routes);
void RegisterHelpdeskApi(ApiRoutes& routes);

// --- Answers --------------------------------------------------------------------------------

void SendJson(ApiCall& call, int status, const json& body);
// 201 with the new resource; `location` is its URL, or empty when it has none of its own.
void SendCreated(ApiCall& call, const json& body, const std::string& location = "");
void SendNoContent(ApiCall& call);
void SendStatus(ApiCall& call, const Status& status);

// --- Reading request bodies -----------------------------------------------------------------

// The body as a JSON object, or nullopt after answering 400 (field "body") with the line and
// column of a syntax error.
std::optional<json> ReadBody(ApiCall& call);

// Reads fields of a request body one by one and keeps the first problem as a Status naming the
// field by its path ("results[2].result"), so a client learns exactly what to fix.
class BodyReader {
 public:
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  void Fail(const std::string& field, const std::string& message);

  // Absent fields read as nullopt (a Fail when `required`); a wrong type is a Fail.
  std::optional<std::string> String(const json& object, const std::string& path, const char* name,
                                    bool required = false);
  std::optional<bool> Bool(const json& object, const std::string& path, const char* name);
  // A whole number in [min, max]; anything else is a Fail.
  std::optional<int64_t> Int(const json& object, const std::string& path, const char* name,
                             int64_t min, int64_t max);
  // A whole number or null: the outer optional says whether the field is there at all.
  std::optional<std::optional<int64_t>> NullableId(const json& object, const std::string& path,
                                                   const char* name);
  const json* Array(const json& object, const std::string& path, const char* name,
                    bool required = false);
  // A Fail for the first member of `object` not in `known` (a typo must not be ignored).
  void OnlyKnown(const json& object, const std::string& path,
                 std::initializer_list<std::string_view> known);

  static std::string Join(const std::string& path, const char* name);
  static std::string At(const std::string& path, size_t index);

 private:
  const json* Field(const json& object, const std::string& path, const char* name, bool required);

  Status status_;
};

// A query parameter as a whole number in [min, max]; `fallback` when absent. nullopt after
// answering 400 naming the parameter.
std::optional<int64_t> QueryInt(ApiCall& call, const char* name, int64_t fallback, int64_t min,
                                int64_t max);

// --- The JSON forms (app_api_json.cc) -------------------------------------------------------

json UserJson(const User& user);
json EvidenceJson(const Evidence& evidence);
json CheckInJson(const CheckIn& checkin);
json CheckInViewJson(const CheckInView& view);
json StandingJson(const PersonRecord& view);
json TeamViewJson(const TeamView& view);
// When the next check-in is due ("due", "days_left", "state", "open_checkin"); null without a
// cadence.
json NextCheckInJson(const std::optional<NextCheckIn>& next);
json TeamJson(const Team& team);
json AuditEntryJson(const AuditEntry& entry);
json ApiTokenJson(const ApiToken& token);

}  // namespace rungs::api

#endif  // RUNGS_WEB_APP_API_INTERNAL_H_
