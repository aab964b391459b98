#include "web/request_auth.h"

#include <httplib.h>

#include <chrono>

#include <fmt/format.h>

#include "auth/secrets.h"

namespace rungs {

const char kSessionCookie[] = "rungs_session";

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  const size_t count = req.get_header_value_count("Cookie");
  for (size_t i = 0; i < count; ++i) {
    const std::string header = req.get_header_value("Cookie", i);
    size_t at = 0;
    while (at < header.size()) {
      size_t end = header.find(';', at);
      if (end == std::string::npos) end = header.size();
      std::string_view pair(header.data() + at, end - at);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        return std::string(pair.substr(eq + 1));
      }
      at = end + 1;
    }
  }
  return "";
}

Result<Caller> RequestAuth::Identify(const httplib::Request& req, bool allow_bearer) {
  const int64_t now = UnixNow();
  const std::string authorization = req.get_header_value("Authorization");
  if (allow_bearer && !authorization.empty()) {
    const std::string prefix = "Bearer ";
    if (authorization.compare(0, prefix.size(), prefix) != 0) {
      return Status::NotFound("the Authorization header must be \"Bearer TOKEN\"");
    }
    Result<ApiToken> token =
        store_.UseApiToken(TokenDigest(authorization.substr(prefix.size())), now);
    if (!token.ok()) return Status::NotFound("the API token is not valid (revoked or unknown)");
    Result<User> user = store_.GetUser(token->user_id);
    if (!user.ok() || !user->active) return Status::NotFound("the API token's owner is inactive");
    return Caller{*user, std::nullopt, ""};
  }
  const std::string token = CookieValue(req, kSessionCookie);
  if (token.empty()) return Status::NotFound("not signed in");
  const std::string digest = TokenDigest(token);
  Result<Session> session = store_.FindSession(digest, now);
  if (!session.ok()) return Status::NotFound("the session has ended; sign in again");
  if (now - session->last_seen_at > options_.idle_seconds) {
    store_.DeleteSession(digest);
    return Status::NotFound("the session has ended after a long pause; sign in again");
  }
  Result<User> user = store_.GetUser(session->user_id);
  if (!user.ok() || !user->active) return Status::NotFound("this account is not active");
  // Touch at most once a minute: a page view should not always be a write.
  if (now - session->last_seen_at >= 60) store_.TouchSession(digest, now);
  return Caller{*user, *session, token};
}

bool RequestAuth::CsrfValid(const Caller& caller, const httplib::Request& req) const {
  if (caller.bearer()) return true;
  std::string sent = req.get_header_value("X-CSRF-Token");
  if (sent.empty() && req.has_param("csrf")) sent = req.get_param_value("csrf");
  // A multipart form (a file upload) carries its fields as parts.
  if (sent.empty() && req.has_file("csrf")) sent = req.get_file_value("csrf").content;
  return CsrfTokenValid(caller, sent);
}

bool RequestAuth::CsrfHeaderValid(const Caller& caller, const httplib::Request& req) const {
  return CsrfTokenValid(caller, req.get_header_value("X-CSRF-Token"));
}

bool RequestAuth::CsrfTokenValid(const Caller& caller, const std::string& sent) {
  if (caller.bearer()) return true;
  return !sent.empty() && ConstantTimeEquals(sent, caller.session->csrf_token);
}

Result<std::string> RequestAuth::Login(const std::string& email, const std::string& password,
                                       const std::string& address, int64_t* retry_after) {
  const int64_t now = UnixNow();
  const int64_t since = now - options_.failure_window_seconds;
  std::string lowered = email;
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string email_key = "email:" + lowered;
  const std::string address_key = "ip:" + address;
  Result<int> by_email = store_.CountLoginFailures(email_key, since);
  Result<int> by_address = store_.CountLoginFailures(address_key, since);
  if (!by_email.ok()) return by_email.status();
  if (!by_address.ok()) return by_address.status();
  if (*by_email >= options_.max_failures_per_email ||
      *by_address >= options_.max_failures_per_address) {
    *retry_after = options_.failure_window_seconds;
    return Status{StatusCode::kUnavailable,
                  "too many failed sign-in attempts; wait 15 minutes and try again", "password"};
  }
  Result<User> user = store_.FindUserByEmail(lowered);
  Result<std::string> hash = user.ok() ? store_.PasswordHash(user->id) : Result<std::string>("");
  // Verify even without a user, so timing does not tell which emails exist.
  static const Result<std::string> kDummy = HashPassword("not a real password at all");
  const std::string& check = hash.ok() && !hash->empty() ? *hash : kDummy.value();
  const bool verified = VerifyPassword(check, password);
  if (!user.ok() || !user->active || !hash.ok() || hash->empty() || !verified) {
    store_.RecordLoginFailure(email_key, now);
    store_.RecordLoginFailure(address_key, now);
    return Status::Invalid("the email or password is not right", "password");
  }
  store_.ClearLoginFailures(email_key);
  Session session;
  const std::string token = RandomToken();
  session.token_digest = TokenDigest(token);
  session.user_id = user->id;
  session.csrf_token = RandomToken();
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = now + options_.session_seconds;
  if (Status s = store_.CreateSession(session); !s.ok()) return s;
  return token;
}

void RequestAuth::Logout(const Caller& caller) {
  if (caller.session) store_.DeleteSession(caller.session->token_digest);
}

std::string RequestAuth::SessionCookieHeader(const std::string& token) const {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}", kSessionCookie, token,
                     options_.session_seconds, options_.secure_cookies ? "; Secure" : "");
}

std::string RequestAuth::ClearedCookieHeader() const {
  return fmt::format("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}", kSessionCookie,
                     options_.secure_cookies ? "; Secure" : "");
}

}  // namespace rungs
