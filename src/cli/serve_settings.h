// The settings of `rungs serve` that come from the environment: the HTTP layer's threads,
// deadlines and limits (http_server.h) and the sign-in throttle (request_auth.h). Each has a
// default fit for a team server; tests shorten deadlines here instead of sleeping. The README's
// configuration table lists them all.
#ifndef RUNGS_CLI_SERVE_SETTINGS_H_
#define RUNGS_CLI_SERVE_SETTINGS_H_

#include <functional>
#include <string>
#include <string_view>

#include "util/status.h"
#include "web/http_server.h"
#include "web/request_auth.h"

namespace rungs {

// Looks up an environment variable; nullptr when it is not set.
using Getenv = std::function<const char*(const char*)>;

// "10s", "500ms", "2m", or a number of seconds. kInvalid naming `name` otherwise.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text, const char* name);

// Fills `http` and `auth` from RUNGS_* variables; the first bad value is kInvalid naming it.
Status ReadServeSettings(const Getenv& getenv, HttpServerOptions& http, AuthOptions& auth);

}  // namespace rungs

#endif  // RUNGS_CLI_SERVE_SETTINGS_H_
