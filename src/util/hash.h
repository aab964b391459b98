// Content hashes and name-based UUIDs, used for stable criterion keys and CASE identifiers, and
// a fast non-cryptographic hash for in-memory tables of short ids.
#ifndef RUNGS_UTIL_HASH_H_
#define RUNGS_UTIL_HASH_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace rungs {

std::string Sha256Hex(std::string_view data);

// SHA-256 of data given in parts.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Add(std::string_view data);
  // The digest in hex; the object is spent afterwards.
  std::string Hex();

 private:
  void* ctx_;  // EVP_MD_CTX, kept out of this header
};
// The SHA-256 of a file's bytes, read in blocks (files may be gigabytes); empty when the file
// cannot be read.
std::string Sha256HexOfFile(const std::string& path);

// RFC 4122 version 5 (SHA-1) UUID of `name` in `namespace_uuid` ("xxxxxxxx-xxxx-...").
// Returns an empty string when `namespace_uuid` is not a UUID.
std::string UuidV5(std::string_view namespace_uuid, std::string_view name);

// FNV-1a over 8-byte words with a final mix: for hash tables of short ids (agents,
// conversations), never for anything an attacker could exploit to collide on purpose at scale.
inline uint64_t FastHash64(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, s.data() + i, 8);
    h = (h ^ word) * 0x100000001b3ULL;
  }
  for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

}  // namespace rungs

#endif  // RUNGS_UTIL_HASH_H_
