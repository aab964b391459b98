// Who is asking. A browser proves it with the session cookie (a random token; the store keeps
// its digest), a script with an API token in "Authorization: Bearer ...". State-changing
// requests from a browser must also carry the session's CSRF token (the HTML forms' hidden
// field "csrf"; the JSON API only takes the header X-CSRF-Token, never a parameter, which could
// end up in logs); bearer calls are exempt and never read cookies, so a page on another
// site cannot ride on a logged-in browser. Failed logins are counted in the store per email and
// per client address and refused beyond a limit, so several instances share the count.
#ifndef RUNGS_WEB_REQUEST_AUTH_H_
#define RUNGS_WEB_REQUEST_AUTH_H_

#include <cstdint>
#include <optional>
#include <string>

#include "store/store.h"

namespace httplib {
struct Request;
}

namespace rungs {

struct AuthOptions {
  bool secure_cookies = false;              // RUNGS_PUBLIC_URL is https
  int64_t session_seconds = 7 * 24 * 3600;  // absolute lifetime
  int64_t idle_seconds = 12 * 3600;         // ended when unused this long
  int max_failures_per_email = 5;           // within failure_window_seconds
  int max_failures_per_address = 30;
  int64_t failure_window_seconds = 15 * 60;
};

struct Caller {
  User user;
  std::optional<Session> session;  // absent for bearer calls
  std::string session_token;       // the cookie's token, for logging out
  bool bearer() const { return !session.has_value(); }
};

extern const char kSessionCookie[];  // "rungs_session"

int64_t UnixNow();

class RequestAuth {
 public:
  RequestAuth(Store& store, AuthOptions options) : store_(store), options_(options) {}

  // The caller, from a bearer token when `allow_bearer` (API routes) and the header is there,
  // else from the session cookie. kNotFound when there is neither or it is not valid: the
  // handler answers 401 (API) or sends the browser to the login page.
  Result<Caller> Identify(const httplib::Request& req, bool allow_bearer);

  // True for bearer calls; for sessions, when the request carries the session's CSRF token in
  // the X-CSRF-Token header or the form field "csrf" (the HTML forms).
  bool CsrfValid(const Caller& caller, const httplib::Request& req) const;
  // The same, but only from the X-CSRF-Token header (the JSON API): a token in a query or form
  // parameter is not accepted.
  bool CsrfHeaderValid(const Caller& caller, const httplib::Request& req) const;
  // Whether `sent` is the session's token (bearer calls need none): for a form whose fields are
  // read as they stream in, where the request holds no parameters.
  static bool CsrfTokenValid(const Caller& caller, const std::string& sent);

  // Checks the password and opens a session; returns the session token for the cookie.
  // Refused (kUnavailable, "too many attempts") once the failure limit is reached.
  Result<std::string> Login(const std::string& email, const std::string& password,
                            const std::string& address, int64_t* retry_after);
  void Logout(const Caller& caller);

  std::string SessionCookieHeader(const std::string& token) const;
  std::string ClearedCookieHeader() const;

 private:
  Store& store_;
  AuthOptions options_;
};

// The value of cookie `name` in the request's Cookie headers, or empty.
std::string CookieValue(const httplib::Request& req, const std::string& name);

}  // namespace rungs

#endif  // RUNGS_WEB_REQUEST_AUTH_H_
