// Content hashes and name-based UUIDs, used for stable criterion keys and CASE identifiers.
#ifndef RUNGS_UTIL_HASH_H_
#define RUNGS_UTIL_HASH_H_

#include <string>
#include <string_view>

namespace rungs {

std::string Sha256Hex(std::string_view data);

// RFC 4122 version 5 (SHA-1) UUID of `name` in `namespace_uuid` ("xxxxxxxx-xxxx-...").
// Returns an empty string when `namespace_uuid` is not a UUID.
std::string UuidV5(std::string_view namespace_uuid, std::string_view name);

}  // namespace rungs

#endif  // RUNGS_UTIL_HASH_H_
