// Repairs "mojibake": UTF-8 text that was once decoded as Mac OS Roman and saved again, so
// that "💬" reads "üí¨" (with U+F8FF, the Apple logo, in front). Glibc's iconv has no
// U+F8FF, so the reverse mapping is Apple's own table, built in.
#ifndef RUNGS_UTIL_MAC_ROMAN_H_
#define RUNGS_UTIL_MAC_ROMAN_H_

#include <optional>
#include <string>
#include <string_view>

namespace rungs {

// Maps a code point to its Mac OS Roman byte (0x80-0xFF), or -1 when Mac Roman lacks it.
int MacRomanByte(char32_t code_point);

// Returns the repaired text when `text` holds at least one run of non-ASCII characters that,
// mapped back to Mac Roman bytes, is valid UTF-8 of plausible characters (letters, punctuation,
// symbols, emoji); std::nullopt when there is nothing to repair. Runs that do not decode stay
// as they are, so real accented text is never touched.
std::optional<std::string> RepairMacRomanMojibake(std::string_view text);

}  // namespace rungs

#endif  // RUNGS_UTIL_MAC_ROMAN_H_
