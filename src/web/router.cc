#include "web/router.h"

#include <utility>

namespace rungs {

Route& Router::Add(std::string method, const std::string& pattern, HttpHandler handler) {
  Route route;
  route.method = std::move(method);
  const size_t special = pattern.find_first_of("\\^$.|?*+()[]{}");
  route.literal_prefix = pattern.substr(0, special);
  // A quantifier makes the character before it optional.
  if (special != std::string::npos &&
      std::string_view("?*{").find(pattern[special]) != std::string_view::npos &&
      !route.literal_prefix.empty()) {
    route.literal_prefix.pop_back();
  }
  route.pattern = std::regex(pattern, std::regex::ECMAScript | std::regex::optimize);
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
  return routes_.back();
}

void Router::PostStreamed(const std::string& pattern, uint64_t max_body, HttpHandler handler) {
  Route& route = Add("POST", pattern, std::move(handler));
  route.streamed = true;
  route.max_body = max_body;
}

void Router::GetNonblocking(const std::string& pattern, HttpHandler handler) {
  Add("GET", pattern, std::move(handler)).nonblocking = true;
}

const Route* Router::Match(std::string_view method, const std::string& path,
                           std::vector<std::string>* matches) const {
  std::smatch match;
  for (const Route& route : routes_) {
    if (route.method != method || !path.starts_with(route.literal_prefix)) continue;
    if (!std::regex_match(path, match, route.pattern)) continue;
    matches->clear();
    for (const auto& group : match) matches->push_back(group.str());
    return &route;
  }
  return nullptr;
}

}  // namespace rungs
