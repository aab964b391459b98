// Small string helpers shared by every module: trimming, case folding, slugs, and the
// whitespace normalisation that criterion keys and comparisons use.
#ifndef RUNGS_UTIL_TEXT_H_
#define RUNGS_UTIL_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rungs {

std::string_view Trim(std::string_view s);
std::string ToLowerAscii(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EqualsIgnoreCaseAscii(std::string_view a, std::string_view b);

// Collapses runs of white space to one space and trims, so "a  b " and "a b" compare equal.
std::string NormalizeSpace(std::string_view s);

// Lower-case ASCII letters and digits joined by '-', for ids and URLs ("1:1s" -> "1-1s").
// Non-ASCII characters are dropped; an empty result becomes "item".
std::string Slugify(std::string_view s);

std::vector<std::string_view> SplitLines(std::string_view text);

// Replaces every occurrence of `from` with `to`.
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to);

// The whole of `text` as a whole number (digits, an optional leading '-'), or nullopt.
std::optional<int64_t> ParseInt64(std::string_view text);

// 1234567 -> "1,234,567": row counts in reports, whatever the machine's locale.
std::string GroupThousands(int64_t n);

// The items, in order, with `separator` between them: {"a", "b"} and ", " give "a, b".
template <typename Strings>
std::string Join(const Strings& items, std::string_view separator) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    out += item;
    first = false;
  }
  return out;
}

}  // namespace rungs

#endif  // RUNGS_UTIL_TEXT_H_
