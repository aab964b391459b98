#include "auth/secrets.h"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "util/hash.h"

namespace rungs {
namespace {

// Argon2 takes about 64 MiB and tens of milliseconds per call: a flood of sign-in or reset
// requests must not run hundreds at once. At most `slots` run, `queue` more wait; the rest are
// refused at once. The limit is the process's, as memory and cores are.
class PasswordWorkGate {
 public:
  void SetLimits(int slots, int queue) {
    const std::lock_guard<std::mutex> lock(mutex_);
    slots_ = slots > 0 ? slots : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    queue_ = queue >= 0 ? queue : 2 * slots_;
  }
  bool Enter() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (running_ >= slots_) {
      if (waiting_ >= queue_) return false;
      ++waiting_;
      free_.wait(lock, [this] { return running_ < slots_; });
      --waiting_;
    }
    ++running_;
    return true;
  }
  void Leave() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      --running_;
    }
    free_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable free_;
  int slots_ = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  int queue_ = 2 * slots_;
  int running_ = 0;
  int waiting_ = 0;
};

PasswordWorkGate& Gate() {
  static auto* gate = new PasswordWorkGate();
  return *gate;
}

class GateSlot {
 public:
  GateSlot() : entered_(Gate().Enter()) {}
  ~GateSlot() {
    if (entered_) Gate().Leave();
  }
  GateSlot(const GateSlot&) = delete;
  GateSlot& operator=(const GateSlot&) = delete;
  bool entered() const { return entered_; }

 private:
  bool entered_;
};

Status Busy() {
  return Status::Unavailable("the server is busy checking passwords; try again shortly");
}

}  // namespace

void SetPasswordWorkLimits(int slots, int queue) { Gate().SetLimits(slots, queue); }

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
  const GateSlot slot;
  if (!slot.entered()) return Busy();
  // INTERACTIVE limits: about 64 MiB and a fraction of a second, as libsodium recommends for
  // logins.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("out of memory while hashing a password");
  }
  return std::string(out);
}

Result<bool> VerifyPassword(const std::string& hash, std::string_view password) {
  if (password.size() > 1024) return false;
  const GateSlot slot;
  if (!slot.entered()) return Busy();
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
