// The Tracker's sign-in rules (tracker.h): everyone keeps their own API tokens; only admins
// make the links that set a password.
#include <fmt/format.h>

#include "auth/secrets.h"
#include "progress/tracker.h"
#include "util/clock.h"
#include "util/text.h"

namespace rungs {
namespace {

constexpr int64_t kInvitationSeconds = 7 * 24 * 3600;
constexpr int64_t kResetSeconds = 24 * 3600;

}  // namespace

Result<std::vector<ApiToken>> Tracker::ApiTokens(const User& viewer) {
  return store_.ListApiTokens(viewer.id);
}

Result<NewApiToken> Tracker::CreateApiToken(const User& viewer, std::string_view name) {
  NewApiToken made;
  made.secret = RandomToken();
  made.token.user_id = viewer.id;
  made.token.name = std::string(Trim(name));  // ValidateApiToken checks the rest
  made.token.token_digest = TokenDigest(made.secret);
  Result<ApiToken> stored = store_.CreateApiToken(made.token, ActorOf(viewer));
  if (!stored.ok()) return stored.status();
  made.token = std::move(stored).value();
  return made;
}

Status Tracker::RevokeApiToken(const User& viewer, int64_t token_id) {
  return store_.RevokeApiToken(viewer.id, token_id, ActorOf(viewer));
}

Result<std::string> Tracker::CreatePasswordLink(const User& viewer, int64_t person_id,
                                                LinkPurpose purpose) {
  if (Status s = CheckAdmin(viewer, "make sign-in links"); !s.ok()) return s;
  Result<User> person = store_.GetUser(person_id);
  if (!person.ok()) return person.status();
  std::string token = RandomToken();
  OneTimeLink link;
  link.token_digest = TokenDigest(token);
  link.user_id = person->id;
  link.purpose = purpose;
  link.expires_at =
      UnixNow() + (purpose == LinkPurpose::kInvite ? kInvitationSeconds : kResetSeconds);
  if (Status s = store_.CreateOneTimeLink(link, ActorOf(viewer)); !s.ok()) return s;
  return token;
}

}  // namespace rungs
