// The part of the server that knows people: sign-in, the person, check-in, team and admin pages
// (app_pages.cc renders them, app_routes.cc answers them) and the JSON API under /api for
// people, check-ins and teams (app_api.cc). Framework pages stay pre-rendered (server.h); these
// are rendered per request because they depend on who asks. Every route checks the caller's
// role through the Tracker; every state change from a browser checks the CSRF token.
#ifndef RUNGS_WEB_APP_H_
#define RUNGS_WEB_APP_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "progress/catalog.h"
#include "progress/tracker.h"
#include "store/store.h"
#include "web/request_auth.h"
#include "web/router.h"

namespace rungs {

struct AppOptions {
  std::string public_url;  // RUNGS_PUBLIC_URL: the base of invitation links; https => Secure
  AuthOptions auth;
  // Helpdesk exports are streamed to a file here while they are read (the data directory; empty:
  // the system's temporary folder), up to this size (RUNGS_MAX_UPLOAD).
  std::string upload_dir;
  int64_t upload_max_bytes = int64_t{1} << 30;
  // The digest of the setup link's token, while the store has no admin (rungs serve prints the
  // link); empty: no setup link.
  std::string setup_digest;
};

struct AppContext {
  // `library`, when given, lets admins upload frameworks (framework_library.h).
  AppContext(Store& s, FrameworkCatalog& c, AppOptions o, FrameworkLibrary* library = nullptr)
      : catalog(c), tracker(s, c, library), auth(s, o.auth), options(std::move(o)) {}
  FrameworkCatalog& catalog;
  Tracker tracker;
  RequestAuth auth;
  AppOptions options;
};

// True for the paths the app answers (the pre-rendered site answers the others).
bool IsAppPath(std::string_view path);

// HTML pages and forms.
void RegisterAppPages(Router& http, AppContext& app);
// The JSON API for people, check-ins and teams.
void RegisterAppApi(Router& http, AppContext& app);

}  // namespace rungs

#endif  // RUNGS_WEB_APP_H_
