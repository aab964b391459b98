#include "auth/secrets.h"

#include <sodium.h>

#include "util/hash.h"

namespace rungs {

bool InitSecrets() { return sodium_init() >= 0; }

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < 10)
    return Status::Invalid("password must be at least 10 characters", "password");
  if (password.size() > 1024)
    return Status::Invalid("password must be at most 1024 bytes", "password");
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  if (Status s = CheckPasswordStrength(password); !s.ok()) return s;
  char out[crypto_pwhash_STRBYTES];
  // INTERACTIVE limits: about 64 MiB and a fraction of a second, as libsodium recommends for
  // logins.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (password.size() > 1024) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string TokenDigest(std::string_view token) { return Sha256Hex(token); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace rungs
