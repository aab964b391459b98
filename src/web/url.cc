#include "web/url.h"

#include <utility>

#include "util/utf8.h"

namespace rungs {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A name fit to quote in a message and to return as `field`: an error body is JSON, which must
// be UTF-8, and an empty name would read as "no field".
bool UsableAsField(std::string_view name) { return !name.empty() && IsValidUtf8(name); }

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      const int high = i + 1 < s.size() ? HexValue(s[i + 1]) : -1;
      const int low = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::vector<QueryParam>> ParseQuery(std::string_view query) {
  std::vector<QueryParam> params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view segment = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (segment.empty()) continue;

    const size_t eq = segment.find('=');
    const std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : segment.substr(eq + 1);
    std::optional<std::string> name = PercentDecode(segment.substr(0, eq), true);
    if (!name) {
      return Status::Invalid(
          "the query string has a '%' that is not followed by two hexadecimal digits", "query");
    }
    if (!IsValidUtf8(*name)) {
      return Status::Invalid("a query parameter's name is not valid UTF-8", "query");
    }
    const bool named = UsableAsField(*name);
    const std::string field = named ? *name : "query";
    const std::string what = named ? "the query parameter '" + *name + "'" : "a query parameter";
    std::optional<std::string> value = PercentDecode(raw_value, true);
    if (!value) {
      return Status::Invalid(what + " has a '%' that is not followed by two hexadecimal digits",
                             field);
    }
    if (!IsValidUtf8(*value)) return Status::Invalid(what + " is not valid UTF-8", field);
    params.push_back({std::move(*name), std::move(*value)});
  }
  return params;
}

std::string EncodeQueryParam(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    const bool kept = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      std::string_view("-_.!~*'()").find(c) != std::string_view::npos;
    if (kept) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

}  // namespace rungs
