// Which handler answers a request: routes by method and a regular expression over the decoded
// path (captures end up in HttpRequest::matches), with what the HTTP layer must know before it
// reads a body: whether the route streams its body and how large it may be, and whether the
// handler may run on an I/O thread because it never blocks (it answers from memory).
#ifndef RUNGS_WEB_ROUTER_H_
#define RUNGS_WEB_ROUTER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/regex.h"
#include "web/http_message.h"

namespace rungs {

// Every buffered request body (forms, JSON) is held to this.
inline constexpr uint64_t kMaxBufferedBody = 1 << 20;

struct Route {
  std::string method;
  std::string literal_prefix;    // the pattern's text before its first special character
  std::optional<Regex> pattern;  // set by Router::Add
  HttpHandler handler;
  bool streamed = false;  // the body is read through HttpRequest::stream
  uint64_t max_body = kMaxBufferedBody;
  bool nonblocking = false;  // answered on the I/O thread
};

class Router {
 public:
  void Get(const std::string& pattern, HttpHandler handler) {
    Add("GET", pattern, std::move(handler));
  }
  void Post(const std::string& pattern, HttpHandler handler) {
    Add("POST", pattern, std::move(handler));
  }
  void Put(const std::string& pattern, HttpHandler handler) {
    Add("PUT", pattern, std::move(handler));
  }
  void Patch(const std::string& pattern, HttpHandler handler) {
    Add("PATCH", pattern, std::move(handler));
  }
  void Delete(const std::string& pattern, HttpHandler handler) {
    Add("DELETE", pattern, std::move(handler));
  }
  // A POST whose body streams to the handler, up to `max_body` bytes.
  void PostStreamed(const std::string& pattern, uint64_t max_body, HttpHandler handler);
  // A GET answered from memory on an I/O thread.
  void GetNonblocking(const std::string& pattern, HttpHandler handler);

  // Answers GET requests before the routes are tried, on an I/O thread (the pre-rendered site,
  // the common case, skips a regular expression per route); returns false to go on routing.
  using Front = std::function<bool(const HttpRequest&, HttpResponse&)>;
  void SetFront(Front front) { front_ = std::move(front); }
  const Front& front() const { return front_; }

  // The first route for `method` whose pattern matches all of `path`, its captures in
  // `matches`; nullptr when none does.
  const Route* Match(std::string_view method, const std::string& path,
                     std::vector<std::string>* matches) const;

 private:
  Route& Add(std::string method, const std::string& pattern, HttpHandler handler);

  std::vector<Route> routes_;
  Front front_;
};

}  // namespace rungs

#endif  // RUNGS_WEB_ROUTER_H_
