#include "web/request_auth.h"

#include "web/http_message.h"

#include <fmt/format.h>

#include "auth/secrets.h"
#include "util/clock.h"
#include "util/text.h"

namespace rungs {

const char kSessionCookie[] = "rungs_session";

std::string CookieValue(const HttpRequest& req, const std::string& name) {
  for (const std::string& header : req.headers.All("Cookie")) {
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

Result<Caller> RequestAuth::Identify(const HttpRequest& req, bool allow_bearer) {
  const int64_t now = UnixNow();
  const std::string authorization = req.Header("Authorization");
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
    // Ended either way: the idle check refuses it on every request until it is deleted.
    if (Status s = store_.DeleteSession(digest); !s.ok()) return s;
    return Status::NotFound("the session has ended after a long pause; sign in again");
  }
  Result<User> user = store_.GetUser(session->user_id);
  if (!user.ok() || !user->active) return Status::NotFound("this account is not active");
  // Touch at most once a minute: a page view should not always be a write.
  if (now - session->last_seen_at >= 60) {
    if (Status s = store_.TouchSession(digest, now); !s.ok()) return s;
  }
  return Caller{*user, *session, token};
}

bool RequestAuth::CsrfValid(const Caller& caller, const HttpRequest& req) const {
  if (caller.bearer()) return true;
  std::string sent = req.Header("X-CSRF-Token");
  // From the form body only: a token in the query string ends up in logs and referrers.
  if (sent.empty()) sent = req.FormField("csrf");
  return CsrfTokenValid(caller, sent);
}

bool RequestAuth::CsrfHeaderValid(const Caller& caller, const HttpRequest& req) const {
  return CsrfTokenValid(caller, req.Header("X-CSRF-Token"));
}

bool RequestAuth::CsrfTokenValid(const Caller& caller, const std::string& sent) {
  if (caller.bearer()) return true;
  return !sent.empty() && ConstantTimeEquals(sent, caller.session->csrf_token);
}

std::string RequestAuth::PairKey(const std::string& email, const std::string& address) {
  return "acct:" + ToLowerAscii(email) + "|" + address;
}

std::string RequestAuth::AddressKey(const std::string& address) { return "addr:" + address; }

namespace {

Status TooMany(std::string message) { return Status::Unavailable(std::move(message), "password"); }

std::string InWords(int64_t seconds) {
  if (seconds < 60) return fmt::format("{} second{}", seconds, seconds == 1 ? "" : "s");
  const int64_t minutes = (seconds + 59) / 60;
  return fmt::format("{} minute{}", minutes, minutes == 1 ? "" : "s");
}

}  // namespace

Result<std::string> RequestAuth::Login(const std::string& email, const std::string& password,
                                       const std::string& address, int64_t* retry_after) {
  const int64_t now = UnixNow();
  const int64_t since = now - options_.failure_window_seconds;
  const std::string lowered = ToLowerAscii(email);
  const std::string pair_key = PairKey(lowered, address);
  const std::string address_key = AddressKey(address);
  // The cheap checks come first: a refused attempt costs no Argon2.
  Result<int> by_address = store_.CountLoginFailures(address_key, since);
  if (!by_address.ok()) return by_address.status();
  if (*by_address >= options_.max_failures_per_address) {
    *retry_after = options_.failure_window_seconds;
    return TooMany(fmt::format("too many failed sign-ins from your address; wait {} and try again",
                               InWords(options_.failure_window_seconds)));
  }
  Result<int> by_pair = store_.CountLoginFailures(pair_key, since);
  if (!by_pair.ok()) return by_pair.status();
  if (*by_pair >= options_.free_failures) {
    const int doublings = std::min(*by_pair - options_.free_failures, 30);
    const int64_t delay =
        std::min(options_.max_delay_seconds, options_.first_delay_seconds << doublings);
    Result<int> recent = store_.CountLoginFailures(pair_key, now - delay);
    if (!recent.ok()) return recent.status();
    if (*recent > 0) {
      *retry_after = delay;
      return TooMany(fmt::format("too many wrong passwords for this email; wait {} and try again",
                                 InWords(delay)));
    }
  }
  Result<User> user = store_.FindUserByEmail(lowered);
  Result<std::string> hash = user.ok() ? store_.PasswordHash(user->id) : Result<std::string>("");
  // Verify even without a user, so timing does not tell which emails exist.
  static const Result<std::string> kDummy = HashPassword("not a real password at all");
  if (!kDummy.ok()) return kDummy.status();
  const std::string& check = hash.ok() && !hash->empty() ? *hash : kDummy.value();
  const Result<bool> verified = VerifyPassword(check, password);
  if (!verified.ok()) {
    *retry_after = 1;
    return verified.status();
  }
  if (!user.ok() || !user->active || !hash.ok() || hash->empty() || !*verified) {
    // Fails closed: a failure that cannot be counted refuses the sign-in.
    for (const std::string& key : {pair_key, address_key}) {
      if (Status s = store_.RecordLoginFailure(key, now); !s.ok()) {
        return Status::Unavailable("cannot sign in now; try again shortly");
      }
    }
    return Status::Invalid("the email or password is not right", "password");
  }
  if (Status s = store_.ClearLoginFailures(pair_key); !s.ok()) return s;
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

Status RequestAuth::Logout(const Caller& caller) {
  if (!caller.session) return Status::Ok();
  return store_.DeleteSession(caller.session->token_digest);
}

Status RequestAuth::ClearFailures(const std::string& email) {
  return store_.ClearLoginFailuresWithPrefix("acct:" + ToLowerAscii(email) + "|");
}

Status RequestAuth::CheckAddressBudget(const std::string& address, int64_t now,
                                       int64_t* retry_after) {
  Result<int> by_address =
      store_.CountLoginFailures(AddressKey(address), now - options_.failure_window_seconds);
  if (!by_address.ok()) return by_address.status();
  if (*by_address >= options_.max_failures_per_address) {
    *retry_after = options_.failure_window_seconds;
    return TooMany(fmt::format("too many failed attempts from your address; wait {} and try again",
                               InWords(options_.failure_window_seconds)));
  }
  return Status::Ok();
}

Status RequestAuth::RefuseLink(const std::string& address, int64_t now) {
  if (Status s = store_.RecordLoginFailure(AddressKey(address), now); !s.ok()) {
    return Status::Unavailable("cannot check the link now; try again shortly");
  }
  return Status::NotFound("this link was used already or has expired");
}

bool RequestAuth::SetupOpen(const std::string& token, const std::string& setup_digest) {
  if (setup_spent_ || setup_digest.empty() ||
      !ConstantTimeEquals(TokenDigest(token), setup_digest)) {
    return false;
  }
  Result<bool> has_admin = store_.HasAdmin();
  return has_admin.ok() && !*has_admin;
}

Result<User> RequestAuth::SetUpFirstAdmin(const std::string& token, const std::string& setup_digest,
                                          User admin, const std::string& password,
                                          const std::string& address, int64_t* retry_after) {
  const int64_t now = UnixNow();
  if (Status s = CheckAddressBudget(address, now, retry_after); !s.ok()) return s;
  if (!SetupOpen(token, setup_digest)) return RefuseLink(address, now);
  admin.role = Role::kAdmin;
  if (Status s = ValidateUser(admin); !s.ok()) return s;
  if (Status s = CheckPasswordStrength(password); !s.ok()) return s;
  Result<std::string> hash = HashPassword(password);
  if (!hash.ok()) {
    *retry_after = 1;
    return hash.status();
  }
  // Another setup may have won while this one hashed: the store refuses the second.
  Result<User> user = store_.CreateFirstAdmin(admin, *hash, Actor::System());
  if (user.ok()) setup_spent_ = true;
  if (!user.ok() && user.status().code == StatusCode::kConflict && user.status().field == "role") {
    return Status::NotFound("rungs has an admin already");
  }
  return user;
}

bool RequestAuth::LinkUsable(const std::string& token, LinkPurpose purpose) {
  Result<OneTimeLink> link = store_.FindOneTimeLink(TokenDigest(token), UnixNow());
  return link.ok() && link->purpose == purpose;
}

Result<User> RequestAuth::RedeemLink(const std::string& token, LinkPurpose purpose,
                                     const std::string& password, const std::string& address,
                                     int64_t* retry_after) {
  const int64_t now = UnixNow();
  if (Status s = CheckAddressBudget(address, now, retry_after); !s.ok()) return s;
  const std::string digest = TokenDigest(token);
  Result<OneTimeLink> link = store_.FindOneTimeLink(digest, now);
  if (!link.ok() || link->purpose != purpose) return RefuseLink(address, now);
  if (Status s = CheckPasswordStrength(password); !s.ok()) return s;
  Result<std::string> hash = HashPassword(password);
  if (!hash.ok()) {
    *retry_after = 1;
    return hash.status();
  }
  Result<User> user = store_.RedeemOneTimeLink(digest, purpose, *hash, now);
  if (!user.ok()) return user.status();
  if (purpose == LinkPurpose::kReset) {
    if (Status s = ClearFailures(user->email); !s.ok()) return s;
  }
  return user;
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
