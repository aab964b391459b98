// The JSON API's plumbing: who is calling, CSRF for browser writes, reading bodies, answering.
// The routes themselves are in the other app_api_*.cc files (app_api_internal.h lists them).
#include "web/http_message.h"

#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "util/json_reader.h"
#include "util/json_text.h"
#include "util/text.h"
#include "util/utf8.h"
#include "web/app.h"
#include "web/app_api_internal.h"
#include "web/http.h"
#include "web/streamed_upload.h"

namespace rungs {
namespace api {
namespace {

// Writes need the CSRF token from a browser; reads never change anything, so they do not.
bool ChangesState(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

void SendUnauthenticated(HttpResponse& res, const std::string& reason) {
  res.status = 401;
  // RFC 6750: scripts authenticate with a bearer token (browsers with the session cookie).
  res.SetHeader("WWW-Authenticate", "Bearer realm=\"rungs\"");
  res.SetContent(ErrorJson("unauthenticated", reason), kJsonType);
}

void SendCsrfRefused(HttpResponse& res) {
  res.status = 403;
  res.SetContent(ErrorJson("csrf",
                           "this change needs the session's CSRF token in the X-CSRF-Token "
                           "header (GET /api/me returns it as csrf_token)",
                           "X-CSRF-Token"),
                 kJsonType);
}

// The caller, when known and, for a browser's write, with its CSRF token; nullopt after
// answering 401 or 403.
std::optional<Caller> Admit(AppContext& app, const HttpRequest& req, HttpResponse& res) {
  SetSecurityHeaders(res);
  // Every answer depends on who asks and may name people: no cache may keep it.
  res.SetHeader("Cache-Control", "no-store");
  Result<Caller> caller = app.auth.Identify(req, /*allow_bearer=*/true);
  if (!caller.ok()) {
    SendUnauthenticated(res, caller.status().message);
    return std::nullopt;
  }
  // Only from the header: a token in the URL or body could be logged along the way.
  if (ChangesState(req.method) && !app.auth.CsrfHeaderValid(*caller, req)) {
    SendCsrfRefused(res);
    return std::nullopt;
  }
  return std::move(caller).value();
}

// Runs `handler` only for a known caller, and for a browser's write only with its CSRF token.
HttpHandler Authenticated(AppContext& app, ApiHandler handler) {
  return [&app, handler = std::move(handler)](const HttpRequest& req, HttpResponse& res) {
    std::optional<Caller> caller = Admit(app, req, res);
    if (!caller) return;
    ApiCall call{req, res, app, std::move(*caller)};
    handler(call);
  };
}

}  // namespace

int64_t ApiCall::PathId(size_t index) const {
  return index < req.matches.size() ? ParseInt64(req.matches[index]).value_or(0) : 0;
}

void ApiRoutes::Get(const std::string& pattern, ApiHandler handler) {
  http_.Get(pattern, Authenticated(app_, std::move(handler)));
}
void ApiRoutes::Post(const std::string& pattern, ApiHandler handler) {
  http_.Post(pattern, Authenticated(app_, std::move(handler)));
}
void ApiRoutes::PostStreamed(const std::string& pattern, ApiHandler handler) {
  http_.PostStreamed(pattern,
                     static_cast<uint64_t>(app_.options.upload_max_bytes + kUploadFormRoom),
                     Authenticated(app_, std::move(handler)));
}
void ApiRoutes::Put(const std::string& pattern, ApiHandler handler) {
  http_.Put(pattern, Authenticated(app_, std::move(handler)));
}
void ApiRoutes::Patch(const std::string& pattern, ApiHandler handler) {
  http_.Patch(pattern, Authenticated(app_, std::move(handler)));
}
void ApiRoutes::Delete(const std::string& pattern, ApiHandler handler) {
  http_.Delete(pattern, Authenticated(app_, std::move(handler)));
}

void SendJson(ApiCall& call, int status, const json& body) {
  call.res.status = status;
  // Text that came in through other doors (a roster, the command line) might not be UTF-8;
  // replacing bad bytes beats failing the whole answer.
  call.res.SetContent(JsonText(body), kJsonType);
}

void SendCreated(ApiCall& call, const json& body, const std::string& location) {
  if (!location.empty()) call.res.SetHeader("Location", location);
  SendJson(call, 201, body);
}

void SendNoContent(ApiCall& call) { call.res.status = 204; }

void SendStatus(ApiCall& call, const Status& status) { SendError(call.res, status); }

namespace {

// A marker no client sends (U+FFFF is a noncharacter) in place of each byte that is not UTF-8,
// so the document can still be parsed to name the field at fault.
constexpr std::string_view kBadByte = "\xEF\xBF\xBF";

std::string MarkInvalidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t start = at;
    char32_t code_point = 0;
    if (DecodeUtf8(text, at, code_point)) {
      out.append(text.substr(start, at - start));
    } else {
      out.append(kBadByte);
    }
  }
  return out;
}

// The path of the first key or string holding the marker ("results[2].notes"), or "".
std::string MarkedField(const json& value, const std::string& path) {
  if (value.is_string()) {
    return value.get_ref<const std::string&>().find(kBadByte) != std::string::npos ? path : "";
  }
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      std::string found = MarkedField(value[i], BodyReader::At(path, i));
      if (!found.empty()) return found;
    }
  }
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      const std::string here = BodyReader::Join(path, key.c_str());
      if (key.find(kBadByte) != std::string::npos) return path.empty() ? "body" : path;
      std::string found = MarkedField(member, here);
      if (!found.empty()) return found;
    }
  }
  return "";
}

}  // namespace

std::optional<json> ReadBody(ApiCall& call) {
  if (!IsValidUtf8(call.req.body)) {
    const json marked = json::parse(MarkInvalidUtf8(call.req.body), nullptr, false);
    std::string field = marked.is_discarded() ? "" : MarkedField(marked, "");
    if (field.empty()) field = "body";
    SendStatus(call, Status::Invalid(fmt::format("{} is not valid UTF-8", field), field));
    return std::nullopt;
  }
  Diagnostics diagnostics;
  std::optional<json> body = ParseJsonDocument(call.req.body, "body", diagnostics);
  if (!body) {
    const Diagnostic& d = diagnostics.front();
    SendStatus(call, Status::Invalid(fmt::format("the body is not valid JSON: line {}, column {}: "
                                                 "{}",
                                                 d.line, d.column, d.message),
                                     "body"));
    return std::nullopt;
  }
  if (!body->is_object()) {
    SendStatus(call, Status::Invalid("the body must be a JSON object", "body"));
    return std::nullopt;
  }
  return body;
}

void BodyReader::Fail(const std::string& field, const std::string& message) {
  if (!ok()) return;  // the first problem is the useful one
  status_ = Status::Invalid(fmt::format("{} {}", field, message), field);
}

const json* BodyReader::Field(const json& object, const std::string& path, const char* name,
                              bool required) {
  const auto it = object.find(name);
  if (it == object.end()) {
    if (required) Fail(Join(path, name), "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> BodyReader::String(const json& object, const std::string& path,
                                              const char* name, bool required) {
  const json* value = Field(object, path, name, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    Fail(Join(path, name), "must be a string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<bool> BodyReader::Bool(const json& object, const std::string& path,
                                     const char* name) {
  const json* value = Field(object, path, name, false);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    Fail(Join(path, name), "must be true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<int64_t> BodyReader::Int(const json& object, const std::string& path,
                                       const char* name, int64_t min, int64_t max) {
  const json* value = Field(object, path, name, false);
  if (value == nullptr) return std::nullopt;
  std::optional<int64_t> number;
  if (value->is_number_unsigned()) {
    // Unsigned values above INT64_MAX would wrap if read as signed.
    if (value->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX)) number = value->get<int64_t>();
  } else if (value->is_number_integer()) {
    number = value->get<int64_t>();
  }
  if (!number || *number < min || *number > max) {
    Fail(Join(path, name), fmt::format("must be a whole number from {} to {}", min, max));
    return std::nullopt;
  }
  return number;
}

std::optional<std::optional<int64_t>> BodyReader::NullableId(const json& object,
                                                             const std::string& path,
                                                             const char* name) {
  const json* value = Field(object, path, name, false);
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::optional<int64_t>();
  // Unsigned values above INT64_MAX would wrap if read as signed.
  const bool fits =
      value->is_number_integer() &&
      (!value->is_number_unsigned() || value->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX));
  if (!fits) {
    Fail(Join(path, name), "must be an id (a whole number) or null");
    return std::nullopt;
  }
  return std::optional<int64_t>(value->get<int64_t>());
}

const json* BodyReader::Array(const json& object, const std::string& path, const char* name,
                              bool required) {
  const json* value = Field(object, path, name, required);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    Fail(Join(path, name), "must be an array");
    return nullptr;
  }
  return value;
}

void BodyReader::OnlyKnown(const json& object, const std::string& path,
                           std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object.items()) {
    bool found = false;
    for (std::string_view name : known) found = found || key == name;
    if (!found) {
      Fail(Join(path, key.c_str()), "is not a field here (read-only or unknown)");
      return;
    }
  }
}

std::string BodyReader::Join(const std::string& path, const char* name) {
  return path.empty() ? name : path + "." + name;
}

std::string BodyReader::At(const std::string& path, size_t index) {
  return fmt::format("{}[{}]", path, index);
}

std::optional<int64_t> QueryInt(ApiCall& call, const char* name, int64_t fallback, int64_t min,
                                int64_t max) {
  if (!call.req.HasParam(name)) return fallback;
  const std::optional<int64_t> value = ParseInt64(call.req.Param(name));
  if (!value || *value < min || *value > max) {
    SendStatus(call,
               Status::Invalid(
                   fmt::format("{} must be a whole number from {} to {}", name, min, max), name));
    return std::nullopt;
  }
  return value;
}

}  // namespace api

void RegisterAppApi(Router& http, AppContext& app) {
  api::ApiRoutes routes(http, app);
  api::RegisterMeApi(routes);
  api::RegisterPeopleApi(routes);
  api::RegisterCheckInApi(routes);
  api::RegisterTeamApi(routes);
  api::RegisterHelpdeskApi(routes);
}

}  // namespace rungs
