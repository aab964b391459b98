// What a handler sees of an HTTP request and fills in for its answer: plain values, no library
// types, so pages and the API do not depend on the HTTP layer (http_server.h, the one file that
// includes Boost.Beast). By the time a handler runs, the layer has checked the request: the
// path and every parameter are decoded and valid UTF-8, the body is within its route's limit.
#ifndef RUNGS_WEB_HTTP_MESSAGE_H_
#define RUNGS_WEB_HTTP_MESSAGE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/url.h"

namespace rungs {

// Header names compare case-insensitively; values keep their order of arrival.
class HttpHeaders {
 public:
  struct Field {
    std::string name;
    std::string value;
  };

  void Add(std::string name, std::string value);
  // Replaces every field of that name.
  void Set(const std::string& name, std::string value);
  void Remove(std::string_view name);
  bool Has(std::string_view name) const { return Find(name) != nullptr; }
  // The first value, or nullptr / "".
  const std::string* Find(std::string_view name) const;
  std::string Get(std::string_view name) const;
  std::vector<std::string> All(std::string_view name) const;

  std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Field>::const_iterator end() const { return fields_.end(); }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Field> fields_;
};

// A part of a multipart form held in memory (a small file such as a roster, or a field).
struct FormPart {
  std::string filename;
  std::string content_type;
  std::string content;
  bool has_filename = false;
};

// The body of a streamed route (a helpdesk upload), read while it arrives rather than held in
// memory. The layer enforces the route's size limit and a deadline per piece.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Calls `sink` with each piece of the body until it ends; false when the body was cut short
  // (the client went away, a deadline passed, the size limit was passed: see too_large()) or
  // `sink` returned false. The rest of a body not read is never drained: the connection closes.
  virtual bool Read(const std::function<bool(std::string_view)>& sink) = 0;
  virtual bool too_large() const = 0;
};

struct HttpRequest {
  std::string method;  // "GET"; a HEAD request is routed as a GET
  std::string target;  // as sent: "/search.html?q=a%20b"
  std::string path;    // decoded, without the query: "/search.html"
  HttpHeaders headers;
  // The query's parameters (the first query_params of them), then, for buffered routes, the
  // fields of a urlencoded or multipart form body.
  std::vector<QueryParam> params;
  size_t query_params = 0;
  // A multipart form's parts by name (the first of each), for buffered routes.
  std::map<std::string, FormPart> parts;
  std::string body;                  // buffered routes only
  BodyStream* stream = nullptr;      // streamed routes only
  std::vector<std::string> matches;  // the route's captures; [0] is the whole path
  std::string peer_address;          // the TCP peer
  // The peer, or the address a trusted proxy (RUNGS_TRUSTED_PROXIES) says it forwards for.
  std::string client_address;

  std::string Header(std::string_view name) const { return headers.Get(name); }
  bool HasHeader(std::string_view name) const { return headers.Has(name); }
  bool HasParam(std::string_view name) const;
  // The first value of the parameter, or "".
  const std::string& Param(std::string_view name) const;
  size_t ParamCount(std::string_view name) const;
  const std::string& Param(std::string_view name, size_t index) const;
  // The first value of a field of the form body (never of the query), or "".
  const std::string& FormField(std::string_view name) const;
};

// A complete status line and header block for a fixed body (a pre-rendered page), built once:
// the layer sends it and the body as they are, without building headers per request.
struct PreparedHead {
  std::string keep_alive;  // ends with "\r\n\r\n"
  std::string close;       // the same with "Connection: close"
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;
  // A body that outlives the response (a pre-rendered page), sent as it is without a copy;
  // `owner`, when set, keeps it alive until it is sent. Takes the place of `body`.
  std::string_view fixed_body;
  std::shared_ptr<const void> owner;
  // For a 200 with a fixed body: the head to send instead of `status` and `headers`, which must
  // say the same. Not used for HEAD or Range requests.
  const PreparedHead* prepared_head = nullptr;
  // Whether the layer may gzip `body` for a client that accepts it. Fixed bodies come
  // compressed already (see Content-Encoding) when they should be.
  bool compress = true;

  void SetContent(std::string content, std::string_view type);
  void SetFixed(std::string_view content, std::string_view type,
                std::shared_ptr<const void> keep = nullptr);
  void SetHeader(const std::string& name, std::string value) {
    headers.Set(name, std::move(value));
  }
  void AddHeader(std::string name, std::string value) {
    headers.Add(std::move(name), std::move(value));
  }
  // 303 See Other, or another redirect status.
  void Redirect(const std::string& location, int code = 303);
  std::string_view Body() const { return fixed_body.data() != nullptr ? fixed_body : body; }
};

using HttpHandler = std::function<void(const HttpRequest&, HttpResponse&)>;

}  // namespace rungs

#endif  // RUNGS_WEB_HTTP_MESSAGE_H_
