// JSON as text for answers, exports and the audit log. nlohmann::json throws on a string that
// is not UTF-8; rungs refuses such text at every door now, but a store written by an older
// version may hold some, and an export must never fail (or abort a command) because of it:
// bad bytes become U+FFFD.
#ifndef RUNGS_UTIL_JSON_TEXT_H_
#define RUNGS_UTIL_JSON_TEXT_H_

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace rungs {

// Compact when `indent` is negative, else pretty-printed with that many spaces.
std::string JsonText(const nlohmann::json& value, int indent = -1);

}  // namespace rungs

#endif  // RUNGS_UTIL_JSON_TEXT_H_
