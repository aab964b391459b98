// Passwords and tokens. Passwords are stored as libsodium argon2id strings (salt and cost
// inside); session, API and one-time-link tokens are random, shown to their owner once, and
// stored only as SHA-256 hashes, so a copy of the database opens no accounts.
#ifndef RUNGS_AUTH_SECRETS_H_
#define RUNGS_AUTH_SECRETS_H_

#include <string>
#include <string_view>

#include "util/status.h"

namespace rungs {

// Must be called once before any other function here (it initialises libsodium).
bool InitSecrets();

// Rejects passwords shorter than 10 characters or longer than 1024 bytes (field "password").
Status CheckPasswordStrength(std::string_view password);

// An argon2id hash string ("$argon2id$v=19$m=...") of `password`. Hashing and verifying take
// about 64 MiB and tens of milliseconds each, so at most `slots` run at once in the process and
// `queue` more wait (slots 0: one per core; queue -1: two per slot, the defaults); past that both
// return kUnavailable at once.
void SetPasswordWorkLimits(int slots, int queue);
Result<std::string> HashPassword(std::string_view password);
// Whether `password` matches `hash`.
Result<bool> VerifyPassword(const std::string& hash, std::string_view password);

// 32 random bytes as URL-safe base64 without padding (43 characters).
std::string RandomToken();
// What the store keeps of a token: hex SHA-256.
std::string TokenDigest(std::string_view token);
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace rungs

#endif  // RUNGS_AUTH_SECRETS_H_
