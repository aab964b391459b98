// Standard base64 (RFC 4648, with padding), for carrying a file's exact bytes through an HTML
// form between a check and the step that stores it.
#ifndef RUNGS_UTIL_BASE64_H_
#define RUNGS_UTIL_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace rungs {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not base64 (a wrong character, length or padding).
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace rungs

#endif  // RUNGS_UTIL_BASE64_H_
