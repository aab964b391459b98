#include "web/http.h"

#include "web/http_message.h"

#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "progress/people_export.h"
#include "util/json_text.h"

namespace rungs {

const std::string kJsonType = "application/json; charset=utf-8";
const std::string kHtmlType = "text/html; charset=utf-8";

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
  static const auto* headers = new std::vector<std::pair<std::string, std::string>>{
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"},
      {"Referrer-Policy", "same-origin"},
      {"X-Content-Type-Options", "nosniff"},
  };
  return *headers;
}

void SetSecurityHeaders(HttpResponse& res) {
  for (const auto& [name, value] : SecurityHeaders()) res.SetHeader(name, value);
}

std::string ErrorJson(const std::string& code, const std::string& message,
                      const std::string& field) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  return JsonText(nlohmann::json{{"error", error}});
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalid:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kForbidden:
      return 403;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

void SendError(HttpResponse& res, const Status& status) {
  res.status = HttpStatusFor(status.code);
  res.SetContent(ErrorJson(StatusCodeName(status.code), status.message, status.field), kJsonType);
}

void SendPersonExport(HttpResponse& res, const PersonData& data, bool csv) {
  res.SetHeader("Content-Disposition", fmt::format("attachment; filename=\"rungs-person-{}.{}\"",
                                                   data.user.id, csv ? "csv" : "json"));
  res.SetContent(csv ? PeopleCsv({data}) : PersonExportJson(data),
                 csv ? "text/csv; charset=utf-8" : kJsonType);
}

}  // namespace rungs
