// Who is asking. A browser proves it with the session cookie (a random token; the store keeps
// its digest), a script with an API token in "Authorization: Bearer ...". State-changing
// requests from a browser must also carry the session's CSRF token (the HTML forms' hidden
// field "csrf"; the JSON API only takes the header X-CSRF-Token, never a parameter, which could
// end up in logs); bearer calls are exempt and never read cookies, so a page on another
// site cannot ride on a logged-in browser. Failed sign-ins are counted in the store per
// (account, client address) and per address, so several instances share the counts; each
// further try of the same pair waits longer, and an address is refused beyond a limit.
#ifndef RUNGS_WEB_REQUEST_AUTH_H_
#define RUNGS_WEB_REQUEST_AUTH_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "store/store.h"
#include "web/http_message.h"

namespace rungs {

struct AuthOptions {
  bool secure_cookies = false;              // RUNGS_PUBLIC_URL is https
  int64_t session_seconds = 7 * 24 * 3600;  // absolute lifetime
  int64_t idle_seconds = 12 * 3600;         // ended when unused this long
  // Wrong passwords for one account from one address: the first free_failures are free, then
  // each attempt waits first_delay_seconds, doubling up to max_delay_seconds. Nobody elsewhere
  // is slowed down, so an attacker cannot lock a person out.
  int free_failures = 3;
  int64_t first_delay_seconds = 1;
  int64_t max_delay_seconds = 5 * 60;
  // From one address, whatever the accounts: refused beyond this many.
  int max_failures_per_address = 30;
  // Failures older than this are forgotten.
  int64_t failure_window_seconds = 15 * 60;
  // Argon2 at once, and waiting (auth/secrets.h); 0: one per core, two waiting per slot.
  int hash_slots = 0;
  int hash_queue = -1;
};

struct Caller {
  User user;
  std::optional<Session> session;  // absent for bearer calls
  std::string session_token;       // the cookie's token, for logging out
  bool bearer() const { return !session.has_value(); }
};

extern const char kSessionCookie[];  // "rungs_session"

class RequestAuth {
 public:
  RequestAuth(Store& store, AuthOptions options) : store_(store), options_(options) {}

  // The caller, from a bearer token when `allow_bearer` (API routes) and the header is there,
  // else from the session cookie. kNotFound when there is neither or it is not valid: the
  // handler answers 401 (API) or sends the browser to the login page.
  Result<Caller> Identify(const HttpRequest& req, bool allow_bearer);

  // True for bearer calls; for sessions, when the request carries the session's CSRF token in
  // the X-CSRF-Token header or the form field "csrf" (the HTML forms).
  bool CsrfValid(const Caller& caller, const HttpRequest& req) const;
  // The same, but only from the X-CSRF-Token header (the JSON API): a token in a query or form
  // parameter is not accepted.
  bool CsrfHeaderValid(const Caller& caller, const HttpRequest& req) const;
  // Whether `sent` is the session's token (bearer calls need none): for a form whose fields are
  // read as they stream in, where the request holds no parameters.
  static bool CsrfTokenValid(const Caller& caller, const std::string& sent);

  // Checks the password and opens a session; returns the session token for the cookie.
  // Refused (kUnavailable with `retry_after` set) while the pair must wait or the address is
  // over its limit, before any password is hashed.
  Result<std::string> Login(const std::string& email, const std::string& password,
                            const std::string& address, int64_t* retry_after);
  // Ends the caller's session (bearer calls have none).
  Status Logout(const Caller& caller);
  // True while a one-time link of `purpose` can set a password (unused and unexpired), so a
  // page asks for one only when typing it would not be wasted.
  bool LinkUsable(const std::string& token, LinkPurpose purpose);
  // Sets a password through a one-time link (`token` from /invite/{token} or /reset/{token}).
  // The cheap checks come first, so a flood of made-up tokens costs no Argon2: the address's
  // failure budget (shared with sign-in; kUnavailable with `retry_after`), the token (kNotFound,
  // counted as a failure of the address), the password's strength (kInvalid). A reset also
  // forgets the account's failed sign-ins.
  Result<User> RedeemLink(const std::string& token, LinkPurpose purpose,
                          const std::string& password, const std::string& address,
                          int64_t* retry_after);
  // Creates the first admin through the setup link `rungs serve` prints while the store has no
  // admin (`setup_digest`: its token's digest; empty when there is none). The same cheap checks
  // come first as for RedeemLink: the address's budget, the token (kNotFound, counted), an admin
  // already there (kNotFound), the name and email (kInvalid), the password's strength.
  Result<User> SetUpFirstAdmin(const std::string& token, const std::string& setup_digest,
                               User admin, const std::string& password, const std::string& address,
                               int64_t* retry_after);
  // Whether `token` is the setup link's, it was not used, and no admin exists yet (nothing
  // counted). Once used it stays spent, even if the admins are later removed.
  bool SetupOpen(const std::string& token, const std::string& setup_digest);
  // Forgets the failed sign-ins of `email` from every address (a reset proved the owner).
  Status ClearFailures(const std::string& email);

  // The store's keys for the counters.
  static std::string PairKey(const std::string& email, const std::string& address);
  static std::string AddressKey(const std::string& address);

  std::string SessionCookieHeader(const std::string& token) const;
  std::string ClearedCookieHeader() const;

 private:
  // kUnavailable (with `retry_after`) when the address is over its failure budget.
  Status CheckAddressBudget(const std::string& address, int64_t now, int64_t* retry_after);
  // Counts a bad link against the address; kNotFound.
  Status RefuseLink(const std::string& address, int64_t now);

  Store& store_;
  AuthOptions options_;
  std::atomic<bool> setup_spent_{false};
};

// The value of cookie `name` in the request's Cookie headers, or empty.
std::string CookieValue(const HttpRequest& req, const std::string& name);

}  // namespace rungs

#endif  // RUNGS_WEB_REQUEST_AUTH_H_
