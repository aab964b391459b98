// Small pieces every HTTP handler shares: content types, the security headers, and the JSON
// error body {"error": {"code", "message", "field"}} with the status code a Status maps to.
#ifndef RUNGS_WEB_HTTP_H_
#define RUNGS_WEB_HTTP_H_

#include <string>
#include <utility>
#include <vector>

#include "util/status.h"
#include "web/http_message.h"

namespace rungs {

extern const std::string kJsonType;  // "application/json; charset=utf-8"
extern const std::string kHtmlType;  // "text/html; charset=utf-8"

// Content-Security-Policy (no inline script or style), nosniff, same-origin referrers.
const std::vector<std::pair<std::string, std::string>>& SecurityHeaders();
void SetSecurityHeaders(HttpResponse& res);

std::string ErrorJson(const std::string& code, const std::string& message,
                      const std::string& field = "");
// 400 invalid, 404 not found, 409 conflict, 403 forbidden, 503 unavailable, 500 internal.
int HttpStatusFor(StatusCode code);
// Answers with the status's JSON error body and its HTTP status.
void SendError(HttpResponse& res, const Status& status);

struct PersonData;
// The export documents of progress/people_export.h for one person, as a download named
// rungs-person-{id}.csv or .json.
void SendPersonExport(HttpResponse& res, const PersonData& data, bool csv);

}  // namespace rungs

#endif  // RUNGS_WEB_HTTP_H_
