// Percent-encoding for request targets: decoding a path or a query string
// (application/x-www-form-urlencoded, where '+' is a space) and encoding a value for a query
// string. Decoding is strict: a malformed escape or, in a query, bytes that are not UTF-8 are
// refused rather than passed on to handlers that expect text.
#ifndef RUNGS_WEB_URL_H_
#define RUNGS_WEB_URL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rungs {

// Decodes each %XX (either case). nullopt when a '%' is not followed by two hex digits ("%",
// "%4", "%zz"). `plus_is_space` is true for query strings and false for paths, where '+' is
// itself. The result may hold any byte, NUL included; check it is text where that matters.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

struct QueryParam {
  std::string name;
  std::string value;
};

// "a=1&b=&c&a=2" (without the '?') -> (a, 1), (b, ""), (c, ""), (a, 2), in order, repeats kept.
// A segment is split at its first '='; empty segments are skipped. Names and values are decoded
// with '+' as a space and must be valid UTF-8. kInvalid otherwise, with `field` the parameter's
// name, or "query" when the name itself is at fault.
Result<std::vector<QueryParam>> ParseQuery(std::string_view query);

// Percent-encodes (upper-case hex) every byte but ALPHA, DIGIT and -_.!~*'(): the set
// cpp-httplib's encode_query_param keeps, so links keep the form they had.
std::string EncodeQueryParam(std::string_view s);

}  // namespace rungs

#endif  // RUNGS_WEB_URL_H_
