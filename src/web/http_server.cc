#include "web/http_server.h"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "util/text.h"
#include "util/utf8.h"
#include "web/compression.h"
#include "web/html.h"
#include "web/http.h"
#include "web/multipart.h"
#include "web/url.h"
#include "web/worker_pool.h"

namespace rungs {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// Owned bodies smaller than this are sent as they are: compressing saves less than a packet.
constexpr size_t kMinCompressSize = 256;
// Each read of a body hands the handler at most this much.
constexpr size_t kPieceSize = 64 * 1024;
// After an answer that closes the connection while the client may still be sending (413), what
// arrives is read and dropped for a moment, up to a few MiB: a client that sends its whole body
// before reading (curl, most libraries) then sees the answer rather than a reset, while a
// gigabyte body is not drained.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 4 << 20;

// Open connections per client address and in all.
class ConnectionCounter {
 public:
  ConnectionCounter(int max_total, int max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}

  bool TryAcquire(const std::string& address, bool exempt) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (total_ >= max_total_) return false;
    int& count = by_address_[address];
    if (!exempt && count >= max_per_address_) {
      if (count == 0) by_address_.erase(address);
      return false;
    }
    ++count;
    ++total_;
    return true;
  }

  void Release(const std::string& address) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = by_address_.find(address);
    if (it == by_address_.end()) return;
    if (--it->second == 0) by_address_.erase(it);
    --total_;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, int> by_address_;
  int total_ = 0;
  int max_total_;
  int max_per_address_;
};

struct Shared {
  Shared(const Router& r, HttpServerOptions o)
      : router(r),
        options(std::move(o)),
        counter(options.max_connections, options.max_connections_per_address),
        workers(options.worker_threads, static_cast<size_t>(options.worker_queue)) {}
  const Router& router;
  HttpServerOptions options;
  ConnectionCounter counter;
  std::atomic<bool> stopping{false};
  WorkerPool workers;
};

// "bytes=A-B", "bytes=A-", "bytes=-N" on a body of `size` bytes: the [first, last] range, or
// nullopt when it cannot be satisfied. Several ranges are answered with the whole body, which
// RFC 9110 allows.
struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;
};
enum class RangeKind { kNone, kOne, kUnsatisfiable };

uint64_t ParseNumber(std::string_view s, bool* ok) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  *ok = error == std::errc() && end == s.data() + s.size() && !s.empty();
  return value;
}

RangeKind ParseRange(std::string_view header, uint64_t size, ByteRange* range) {
  if (!header.starts_with("bytes=")) return RangeKind::kNone;
  header.remove_prefix(6);
  if (header.find(',') != std::string_view::npos) return RangeKind::kNone;
  const size_t dash = header.find('-');
  if (dash == std::string_view::npos) return RangeKind::kNone;
  bool ok_first = false;
  bool ok_last = false;
  const uint64_t first = ParseNumber(header.substr(0, dash), &ok_first);
  const uint64_t last = ParseNumber(header.substr(dash + 1), &ok_last);
  if (!ok_first && !ok_last) return RangeKind::kNone;
  if (!ok_first) {  // a suffix: the last N bytes
    if (last == 0 || size == 0) return RangeKind::kUnsatisfiable;
    *range = {size - std::min(last, size), size - 1};
    return RangeKind::kOne;
  }
  if (!header.substr(dash + 1).empty() && (!ok_last || last < first)) return RangeKind::kNone;
  if (first >= size) return RangeKind::kUnsatisfiable;
  *range = {first, ok_last ? std::min(last, size - 1) : size - 1};
  return RangeKind::kOne;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Shared& shared, std::string peer)
      : stream_(std::move(socket)),
        shared_(shared),
        peer_(std::move(peer)),
        buffer_(std::max<size_t>(shared.options.max_header_bytes + 4096, kPieceSize)),
        piece_(kPieceSize) {}

  ~Connection() { shared_.counter.Release(peer_); }

  void Start() {
    head_deadline_ = Clock::now() + shared_.options.head_timeout;
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Connection::ReadHead, shared_from_this()));
  }

  // From a worker thread, for a streamed body: the next piece, waiting for it to arrive.
  enum class PieceState { kWaiting, kData, kEnd, kFailed };
  PieceState NextPiece(std::string_view* data) {
    std::unique_lock<std::mutex> lock(piece_mutex_);
    piece_state_ = PieceState::kWaiting;
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->ReadPiece([self](PieceState state) {
        {
          const std::lock_guard<std::mutex> lock(self->piece_mutex_);
          self->piece_state_ = state;
        }
        self->piece_ready_.notify_all();
      });
    });
    while (!piece_ready_.wait_for(lock, std::chrono::milliseconds(200),
                                  [this] { return piece_state_ != PieceState::kWaiting; })) {
      if (shared_.stopping) return PieceState::kFailed;
    }
    *data = std::string_view(piece_.data(), piece_size_);
    return piece_state_;
  }
  bool too_large() const { return too_large_; }

 private:
  class Stream : public BodyStream {
   public:
    explicit Stream(Connection& c) : connection_(c) {}
    bool Read(const std::function<bool(std::string_view)>& sink) override {
      if (connection_.too_large()) return false;
      for (;;) {
        std::string_view data;
        const PieceState state = connection_.NextPiece(&data);
        if (state == PieceState::kEnd) return true;
        if (state != PieceState::kData) return false;
        if (!sink(data)) return false;
      }
    }
    bool too_large() const override { return connection_.too_large(); }

   private:
    Connection& connection_;
  };

  // Waits for the next request; its head must be complete by head_deadline_.
  void ReadHead() {
    parser_.emplace();
    parser_->header_limit(shared_.options.max_header_bytes);
    // The limit is the route's, set once the head says which route it is.
    parser_->body_limit(boost::none);
    stream_.expires_at(head_deadline_);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Connection::OnHead, shared_from_this()));
  }

  // Between requests: an idle connection may wait idle_timeout for the next one to begin, and
  // its head then has head_timeout. One deadline for both spares an operation (and a timer) per
  // request on a busy keep-alive connection; a pipelined head that is here already gets only
  // head_timeout.
  void AwaitNextRequest() {
    head_deadline_ = Clock::now() + shared_.options.head_timeout;
    if (buffer_.size() == 0) head_deadline_ += shared_.options.idle_timeout;
    ReadHead();
  }

  void OnHead(beast::error_code ec, size_t /*bytes*/) {
    if (ec == http::error::header_limit) {
      return Refuse(431, "too_large", "the request head is larger than the limit", "headers");
    }
    if (ec == http::error::body_limit) {
      return Refuse(413, "too_large", "the request body is too large", "body");
    }
    if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset) {
      return Close();
    }
    if (ec) return Refuse(400, "bad_request", "the request is not valid HTTP/1.1", "");

    auto& head = parser_->get();
    request_ = HttpRequest();
    response_ = HttpResponse();
    route_ = nullptr;
    too_large_ = false;
    body_left_ = false;
    linger_ = false;
    head_only_ = head.method() == http::verb::head;
    keep_alive_ = head.keep_alive();
    request_.method = head_only_ ? "GET" : std::string(head.method_string());
    request_.target = std::string(head.target());
    request_.peer_address = peer_;
    std::vector<std::string> forwarded_for;
    for (const auto& field : head) {
      request_.headers.Add(std::string(field.name_string()), std::string(field.value()));
      if (EqualsIgnoreCaseAscii(field.name_string(), "X-Forwarded-For")) {
        forwarded_for.emplace_back(field.value());
      }
    }
    request_.client_address = ClientAddress(peer_, forwarded_for, shared_.options.trusted_proxies);

    if (Status s = ReadTarget(); !s.ok()) {
      keep_alive_ = false;  // the body, if any, is not read
      return Refuse(400, "bad_request", s.message, s.field);
    }
    if (request_.method == "GET" && shared_.router.front()) {
      bool answered = false;
      try {
        answered = shared_.router.front()(request_, response_);
      } catch (const std::exception& e) {
        AnswerInternalError(e);
        keep_alive_ = false;
        return Send();
      }
      if (answered) return SkipBodyThenSend();
    }
    route_ = shared_.router.Match(request_.method, request_.path, &request_.matches);
    if (route_ == nullptr) {
      const bool api = request_.path.starts_with("/api/");
      response_ = HttpResponse();
      response_.status = 404;
      if (api) {
        response_.SetContent(ErrorJson("not_found", "no such API path"), kJsonType);
      } else {
        response_.SetContent("Not found\n", "text/plain; charset=utf-8");
      }
      return SkipBodyThenSend();
    }
    const auto length = parser_->content_length();
    const bool chunked = parser_->chunked();
    if (length && *length > route_->max_body) {
      if (route_->streamed) {
        // The handler answers (its own page), reading nothing; the connection then closes.
        too_large_ = true;
        body_left_ = true;
        return ReadBodyOrDispatch(false);
      }
      return Refuse(
          413, "too_large",
          fmt::format("the request body is larger than the limit of {} bytes", route_->max_body),
          "body");
    }
    parser_->body_limit(route_->max_body);
    const bool has_body = chunked || (length && *length > 0);
    if (has_body && EqualsIgnoreCaseAscii(request_.Header("Expect"), "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(shared_.options.write_timeout);
      net::async_write(stream_, net::buffer(kContinue),
                       [self = shared_from_this(), has_body](beast::error_code ec, size_t) {
                         if (ec) return self->Close();
                         self->ReadBodyOrDispatch(has_body);
                       });
      return;
    }
    ReadBodyOrDispatch(has_body);
  }

  void ReadBodyOrDispatch(bool has_body) {
    if (route_->streamed) {
      stream_body_ = std::make_unique<Stream>(*this);
      request_.stream = stream_body_.get();
      return Dispatch();
    }
    if (!has_body) return Dispatch();
    body_deadline_ = Clock::now() + shared_.options.body_timeout;
    ReadBufferedBody();
  }

  // The path decoded and valid UTF-8; the query's parameters likewise.
  Status ReadTarget() {
    const std::string& target = request_.target;
    if (target.empty() || target[0] != '/') {
      return Status::Invalid("the request target must be a path starting with /", "path");
    }
    const size_t question = target.find('?');
    std::optional<std::string> path =
        PercentDecode(std::string_view(target).substr(0, question), /*plus_is_space=*/false);
    if (!path) return Status::Invalid("the path has a malformed %-escape", "path");
    if (!IsValidUtf8(*path) || path->find('\0') != std::string::npos) {
      return Status::Invalid("the path is not valid UTF-8", "path");
    }
    request_.path = std::move(*path);
    if (question == std::string::npos) return Status::Ok();
    Result<std::vector<QueryParam>> params =
        ParseQuery(std::string_view(target).substr(question + 1));
    if (!params.ok()) return params.status();
    request_.params = std::move(params).value();
    request_.query_params = request_.params.size();
    return Status::Ok();
  }

  // Reads one piece of the body into piece_, then calls `done` on the strand.
  void ReadPiece(std::function<void(PieceState)> done) {
    if (parser_->is_done()) {
      piece_size_ = 0;
      return done(PieceState::kEnd);
    }
    parser_->get().body().data = piece_.data();
    parser_->get().body().size = piece_.size();
    stream_.expires_after(shared_.options.body_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this(), done = std::move(done)](beast::error_code ec, size_t) {
          if (ec == http::error::need_buffer) ec = {};
          self->piece_size_ = self->piece_.size() - self->parser_->get().body().size;
          if (ec == http::error::body_limit) self->too_large_ = true;
          if (ec) {
            self->body_left_ = true;
            return done(PieceState::kFailed);
          }
          if (self->piece_size_ == 0 && self->parser_->is_done()) {
            return done(PieceState::kEnd);
          }
          done(PieceState::kData);
        });
  }

  void ReadBufferedBody() {
    if (Clock::now() > body_deadline_) return Close();
    ReadPiece([self = shared_from_this()](PieceState state) {
      if (state == PieceState::kFailed) {
        if (self->too_large_) {
          return self->Refuse(413, "too_large",
                              fmt::format("the request body is larger than the limit of {} bytes",
                                          self->route_->max_body),
                              "body");
        }
        return self->Close();
      }
      if (state == PieceState::kData) {
        self->request_.body.append(self->piece_.data(), self->piece_size_);
        return self->ReadBufferedBody();
      }
      if (Status s = self->ReadForm(); !s.ok()) {
        return self->Refuse(400, "bad_request", s.message, s.field);
      }
      self->Dispatch();
    });
  }

  // The fields of a urlencoded or multipart form body; every field must be UTF-8 text.
  Status ReadForm() {
    const std::string type = request_.Header("Content-Type");
    const std::string_view media = std::string_view(type).substr(0, type.find(';'));
    if (EqualsIgnoreCaseAscii(media, "application/x-www-form-urlencoded")) {
      Result<std::vector<QueryParam>> fields = ParseQuery(request_.body);
      if (!fields.ok()) return fields.status();
      for (QueryParam& field : fields.value()) request_.params.push_back(std::move(field));
      return Status::Ok();
    }
    if (!EqualsIgnoreCaseAscii(media, "multipart/form-data")) return Status::Ok();
    Result<std::vector<MultipartPart>> parts = ParseMultipart(type, request_.body);
    if (!parts.ok()) return parts.status();
    for (MultipartPart& part : parts.value()) {
      if (!part.header.has_filename) {
        if (!IsValidUtf8(part.content)) {
          return Status::Invalid(
              fmt::format("the form field '{}' is not valid UTF-8", part.header.name),
              part.header.name);
        }
        request_.params.push_back({part.header.name, part.content});
      }
      FormPart form_part{part.header.filename, part.header.content_type, std::move(part.content),
                         part.header.has_filename};
      request_.parts.try_emplace(part.header.name, std::move(form_part));
    }
    return Status::Ok();
  }

  // Runs the route's handler: here when it answers from memory, else on a worker.
  void Dispatch() {
    if (route_->nonblocking) {
      RunHandler();
      return Send();
    }
    const bool accepted = shared_.workers.TrySubmit([self = shared_from_this()] {
      self->RunHandler();
      // A streamed body's reads run on the I/O thread; its answer is written there too.
      if (self->route_->streamed || self->shared_.stopping) {
        net::post(self->stream_.get_executor(), [self] { self->Send(); });
      } else {
        self->SendFromWorker();
      }
    });
    if (!accepted) {
      response_ = HttpResponse();
      response_.status = 503;
      response_.SetHeader("Retry-After", "1");
      response_.SetContent(ErrorJson("unavailable", "the server is busy; try again in a moment"),
                           kJsonType);
      if (route_->streamed) keep_alive_ = false;
      Send();
    }
  }

  void RunHandler() {
    try {
      route_->handler(request_, response_);
    } catch (const std::exception& e) {
      AnswerInternalError(e);
    }
    if (route_->streamed && (stream_body_ == nullptr || body_left_ || !parser_->is_done())) {
      keep_alive_ = false;  // the rest of the body is not drained
    }
    Compress();
  }

  // A handler that throws is a bug: it is logged, and the client gets an error rather than a
  // dropped connection.
  void AnswerInternalError(const std::exception& e) {
    std::fprintf(stderr, "rungs: %s %s: %s\n", request_.method.c_str(), request_.path.c_str(),
                 e.what());
    response_ = HttpResponse();
    response_.status = 500;
    response_.SetContent(ErrorJson("internal", "internal error"), kJsonType);
  }

  void Compress() {
    HttpResponse& res = response_;
    if (!res.compress || res.fixed_body.data() != nullptr || res.body.size() < kMinCompressSize ||
        res.headers.Has("Content-Encoding") || !Compressible(res.headers.Get("Content-Type"))) {
      return;
    }
    res.headers.Set("Vary", "Accept-Encoding");
    if (!ParseAcceptEncoding(request_.Header("Accept-Encoding")).gzip) return;
    std::string compressed = rungs::Compress(Coding::kGzip, res.body);
    if (compressed.empty() || compressed.size() >= res.body.size()) return;
    res.body = std::move(compressed);
    res.headers.Set("Content-Encoding", "gzip");
  }

  // An answer given without reading the request's body: the connection closes after it, as
  // the body is not drained.
  void SkipBodyThenSend() {
    const auto length = parser_->content_length();
    if (parser_->chunked() || (length && *length > 0)) {
      keep_alive_ = false;
      linger_ = true;
    }
    Compress();
    Send();
  }

  // Answers an error and closes the connection (the rest of the request is not read).
  void Refuse(int status, const std::string& code, const std::string& message,
              const std::string& field) {
    response_ = HttpResponse();
    response_.status = status;
    if (request_.path.starts_with("/api/") || request_.path.empty()) {
      response_.SetContent(ErrorJson(code, message, field), kJsonType);
    } else {
      response_.SetContent(
          fmt::format("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<meta name=\"color-scheme\" content=\"light dark\">"
                      "<title>Request refused · rungs</title>"
                      "<link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body>"
                      "<main id=\"main\" class=\"app\"><h1>Request refused</h1><p>{}{}.</p>"
                      "<p><a href=\"/index.html\">All frameworks</a></p></main></body></html>\n",
                      field.empty() ? "" : EscapeHtml(field) + ": ", EscapeHtml(message)),
          kHtmlType);
    }
    keep_alive_ = false;
    linger_ = true;
    Send();
  }

  using Response = http::response<http::span_body<const char>>;

  // Answers from the I/O thread.
  void Send() {
    Prepare();
    WriteRest();
  }

  // Answers from a worker: what the socket takes at once is written here, sparing the answer a
  // hand-off to an I/O thread (which cost the person page's p99 most on two cores); the rest,
  // and reading the next request, go back to the I/O thread. Nothing else uses the connection
  // while its handler runs, so the worker may write to the socket.
  void SendFromWorker() {
    Prepare();
    beast::error_code ec;
    const bool done = WriteNow(ec);
    net::post(stream_.get_executor(), [self = shared_from_this(), done, ec] {
      if (done || ec) return self->OnWritten(ec);
      self->WriteRest();
    });
  }

  // Turns response_ into what goes on the wire: a prepared head and the fixed body, or Beast's
  // serializer over a message made from the response.
  void Prepare() {
    HttpResponse& res = response_;
    if (shared_.stopping) keep_alive_ = false;
    if (res.prepared_head != nullptr && res.status == 200 && !head_only_ &&
        !request_.HasHeader("Range")) {
      const std::string& head =
          keep_alive_ ? res.prepared_head->keep_alive : res.prepared_head->close;
      wire_.emplace(std::array<net::const_buffer, 2>{
          net::buffer(head), net::buffer(res.fixed_body.data(), res.fixed_body.size())});
      return;
    }
    Response& out = message_.emplace();
    out.version(11);
    out.result(static_cast<unsigned>(res.status));
    for (const auto& [name, value] : SecurityHeaders()) {
      if (!res.headers.Has(name)) out.set(name, value);
    }
    for (const HttpHeaders::Field& field : res.headers) out.insert(field.name, field.value);
    std::string_view body = res.Body();
    if (res.status == 200 && res.fixed_body.data() != nullptr && !head_only_ &&
        request_.HasHeader("Range")) {
      ByteRange range;
      switch (ParseRange(request_.Header("Range"), body.size(), &range)) {
        case RangeKind::kNone:
          break;
        case RangeKind::kOne:
          out.result(http::status::partial_content);
          out.set(http::field::content_range,
                  fmt::format("bytes {}-{}/{}", range.first, range.last, body.size()));
          body = body.substr(range.first, range.last - range.first + 1);
          break;
        case RangeKind::kUnsatisfiable:
          out.result(http::status::range_not_satisfiable);
          out.set(http::field::content_range, fmt::format("bytes */{}", body.size()));
          body = {};
          break;
      }
    }
    const bool no_body =
        res.status == 204 || res.status == 304 || (res.status >= 100 && res.status < 200);
    if (!no_body) out.content_length(body.size());
    if (!head_only_ && !no_body)
      out.body() = http::span_body<const char>::value_type(body.data(), body.size());
    out.keep_alive(keep_alive_);
    serializer_.emplace(out);
  }

  // Writes without waiting; true when the whole answer went (or `ec` when it failed).
  bool WriteNow(beast::error_code& ec) {
    tcp::socket& socket = stream_.socket();
    socket.non_blocking(true, ec);
    if (ec) return false;
    if (wire_) {
      while (beast::buffer_bytes(*wire_) > 0) {
        const size_t n = socket.write_some(*wire_, ec);
        if (ec) break;
        wire_->consume(n);
      }
    } else {
      while (!serializer_->is_done()) {
        http::write_some(socket, *serializer_, ec);
        if (ec) break;
      }
    }
    if (ec == net::error::would_block || ec == net::error::try_again) {
      ec = {};
      return false;
    }
    return true;
  }

  // Writes what is left of the prepared answer, on the I/O thread, under the write deadline.
  void WriteRest() {
    stream_.expires_after(shared_.options.write_timeout);
    if (wire_) {
      net::async_write(stream_, *wire_, [self = shared_from_this()](beast::error_code ec, size_t) {
        self->OnWritten(ec);
      });
      return;
    }
    http::async_write(
        stream_, *serializer_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnWritten(ec); });
  }

  void OnWritten(beast::error_code ec) {
    const bool again = !ec && keep_alive_;
    wire_.reset();
    serializer_.reset();
    message_.reset();
    response_ = HttpResponse();
    request_ = HttpRequest();
    stream_body_.reset();
    if (!again) return linger_ && !ec ? Linger() : Close();
    AwaitNextRequest();
  }

  // Closes the sending side, then reads and drops what the client still sends for a moment.
  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    linger_deadline_ = Clock::now() + kLinger;
    LingerRead();
  }
  void LingerRead() {
    if (lingered_ >= kLingerBytes || Clock::now() >= linger_deadline_) return Close();
    stream_.expires_at(linger_deadline_);
    stream_.async_read_some(net::buffer(piece_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->Close();
                              self->lingered_ += n;
                              self->LingerRead();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  std::string peer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::buffer_body>> parser_;
  Clock::time_point head_deadline_;
  Clock::time_point body_deadline_;
  Clock::time_point linger_deadline_;
  size_t lingered_ = 0;

  HttpRequest request_;
  HttpResponse response_;
  // The answer in wire form (Prepare): a prepared head with its body, or a message and its
  // serializer; what is written is consumed from them.
  std::optional<beast::buffers_suffix<std::array<net::const_buffer, 2>>> wire_;
  std::optional<Response> message_;
  std::optional<http::serializer<false, http::span_body<const char>>> serializer_;
  const Route* route_ = nullptr;
  bool head_only_ = false;
  bool keep_alive_ = true;
  bool linger_ = false;

  std::vector<char> piece_;
  size_t piece_size_ = 0;
  bool too_large_ = false;
  bool body_left_ = false;
  std::unique_ptr<Stream> stream_body_;
  std::mutex piece_mutex_;
  std::condition_variable piece_ready_;
  PieceState piece_state_ = PieceState::kWaiting;
};

}  // namespace

struct HttpServer::Impl {
  Impl(const Router& router, HttpServerOptions options)
      : shared(router, std::move(options)), acceptor(ioc) {}

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || shared.stopping) return;
      if (ec) {
        // Out of file descriptors, most likely: wait a moment rather than spin.
        backoff.expires_after(std::chrono::milliseconds(50));
        backoff.async_wait([this](beast::error_code) { Accept(); });
        return;
      }
      Admit(std::move(socket));
      Accept();
    });
  }

  void Admit(tcp::socket socket) {
    beast::error_code ec;
    const tcp::endpoint peer = socket.remote_endpoint(ec);
    if (ec) return;
    net::ip::address address = peer.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
      address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
    }
    std::string peer_address = address.to_string();
    const bool exempt = shared.options.trusted_proxies.Contains(peer_address);
    if (!shared.counter.TryAcquire(peer_address, exempt)) {
      // Refused, not queued: a short answer if the socket takes it at once, then close.
      static const std::string kBusy =
          "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
          "Connection: close\r\n\r\n";
      socket.non_blocking(true, ec);
      socket.write_some(net::buffer(kBusy), ec);
      socket.close(ec);
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::make_shared<Connection>(std::move(socket), shared, std::move(peer_address))->Start();
  }

  Shared shared;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::steady_timer backoff{ioc};
  int bound_port = 0;
};

namespace {
int Cores() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

HttpServerOptions WithDefaults(HttpServerOptions options) {
  if (options.io_threads <= 0) options.io_threads = Cores();
  if (options.worker_threads <= 0) options.worker_threads = Cores() + 1;
  options.worker_queue = std::max(1, options.worker_queue);
  return options;
}
}  // namespace

HttpServer::HttpServer(const Router& router, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(router, WithDefaults(std::move(options)))) {}

HttpServer::~HttpServer() {
  Stop();
  impl_->shared.workers.Shutdown();
}

Status HttpServer::Bind() {
  // A client that goes away mid-answer is an error code on that connection, not a signal that
  // ends the process.
  std::signal(SIGPIPE, SIG_IGN);
  // Every connection is a file descriptor; the soft limit is often 1024.
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  const HttpServerOptions& options = impl_->shared.options;
  const std::string where = fmt::format("{}:{}", options.host, options.port);
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(options.host, ec);
  if (ec) return Status::Invalid(fmt::format("'{}' is not an IP address", options.host), "host");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  // SO_REUSEADDR lets a restarted server bind while old connections linger in TIME_WAIT; unlike
  // SO_REUSEPORT it does not let a second server share a port that is in use.
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    if (ec == net::error::address_in_use) {
      return Status::Unavailable(
          fmt::format("cannot listen on {}: the port is in use by another program", where), "port");
    }
    return Status::Unavailable(fmt::format("cannot listen on {}: {}", where, ec.message()), "port");
  }
  impl_->bound_port = acceptor.local_endpoint(ec).port();
  return Status::Ok();
}

int HttpServer::port() const { return impl_->bound_port; }

void HttpServer::Run() {
  if (impl_->shared.stopping) return;
  impl_->Accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->shared.options.io_threads; ++i) {
    threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (std::thread& t : threads) t.join();
}

void HttpServer::Stop() {
  impl_->shared.stopping = true;
  net::post(impl_->ioc, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->ioc.stop();
}

}  // namespace rungs
