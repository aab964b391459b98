// A compiled regular expression (ECMAScript syntax, searched anywhere in a text) behind a small
// value type. Headers that hold one (metrics/mapping.h) need not include <regex>, which made
// every file including them parse and lint about 15,000 more lines.
#ifndef RUNGS_UTIL_REGEX_H_
#define RUNGS_UTIL_REGEX_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace rungs {

class Regex {
 public:
  // kInvalid with the library's reason for a pattern that is not a regular expression.
  static Result<Regex> Compile(std::string_view pattern);

  // Whether the pattern matches anywhere in `text`.
  bool Search(std::string_view text) const;
  // Whether the pattern matches all of `text`; `groups` gets the whole match and each capture.
  bool Match(std::string_view text, std::vector<std::string>* groups) const;

 private:
  struct Compiled;
  explicit Regex(std::shared_ptr<const Compiled> compiled) : compiled_(std::move(compiled)) {}
  std::shared_ptr<const Compiled> compiled_;  // shared: mappings are copied, patterns are not
};

}  // namespace rungs

#endif  // RUNGS_UTIL_REGEX_H_
