#include "web/router.h"

#include <cstdio>
#include <cstdlib>
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
  Result<Regex> compiled = Regex::Compile(pattern);
  // The patterns are literals in the source: a bad one is a bug, found by any test that starts
  // a server.
  if (!compiled.ok()) {
    std::fprintf(stderr, "rungs: route pattern %s: %s\n", pattern.c_str(),
                 compiled.status().message.c_str());
    std::abort();
  }
  route.pattern = std::move(compiled).value();
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
  for (const Route& route : routes_) {
    if (route.method != method || !path.starts_with(route.literal_prefix)) continue;
    if (route.pattern->Match(path, matches)) return &route;
  }
  return nullptr;
}

}  // namespace rungs
