#include "util/regex.h"

#include <regex>
#include <string>

namespace rungs {

struct Regex::Compiled {
  std::regex regex;
};

Result<Regex> Regex::Compile(std::string_view pattern) {
  try {
    return Regex(std::make_shared<const Compiled>(
        Compiled{std::regex(std::string(pattern), std::regex::ECMAScript | std::regex::optimize)}));
  } catch (const std::regex_error& e) {
    return Status::Invalid(e.what());
  }
}

bool Regex::Search(std::string_view text) const {
  return std::regex_search(text.begin(), text.end(), compiled_->regex);
}

bool Regex::Match(std::string_view text, std::vector<std::string>* groups) const {
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(text.begin(), text.end(), match, compiled_->regex)) return false;
  groups->clear();
  for (const auto& group : match) groups->push_back(group.str());
  return true;
}

}  // namespace rungs
