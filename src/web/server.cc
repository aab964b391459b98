#include "web/server.h"

#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "framework/compare.h"
#include "framework/json_format.h"
#include "web/app.h"
#include "web/assets.h"
#include "web/http.h"
#include "web/pages.h"
#include "web/streamed_upload.h"

namespace rungs {
namespace {

using nlohmann::json;

const std::string& kJson = kJsonType;
const std::string& kHtml = kHtmlType;

json Summary(const Framework& fw) {
  json rungs = json::array();
  for (const Rung* rung : AllRungs(fw)) rungs.push_back({{"id", rung->id}, {"label", rung->label}});
  return {{"id", fw.id},
          {"title", fw.title},
          {"sidebar_title", fw.sidebar_title},
          {"sidebar_group", fw.sidebar_group},
          {"source_format", fw.format},
          {"page", !fw.yaml || fw.topics.empty()},
          {"levels", fw.levels.size()},
          {"rungs", rungs},
          {"topics", fw.topics.size()},
          {"criteria", CountCriteria(fw)},
          {"url", "/api/frameworks/" + EncodePath(fw.id)},
          {"html", "/" + FrameworkPath(fw)}};
}

// Idle keep-alive connections are closed after this many seconds. Each open connection holds
// one of the pool's threads, so an idle browser must not keep one for long. It is also the read
// timeout (cpp-httplib's default), so one socket timeout serves both.
constexpr int kKeepAliveSeconds = 5;
constexpr size_t kKeepAliveMaxRequests = 100000;

// The headers every page carries. Pages load nothing but their own stylesheet and scripts.
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// --- Response bodies and compression --------------------------------------------------------
//
// cpp-httplib compresses a response body on every request when the client accepts it, with
// brotli at its highest quality: 10 ms of CPU for a 10 KB page and most of a second for the
// search index, for every browser request. Pages and JSON documents do not change while the
// server runs, so rungs compresses each once, the first time a client asks for that coding,
// and keeps the result. Bodies are handed to httplib through a content provider that points
// at the kept bytes: no copy per request, and httplib leaves a provider's bytes as they are.
// The compressors are cpp-httplib's own (libcpp-httplib exports them), so the bytes are the
// ones httplib would have produced.

enum class Coding { kIdentity, kGzip, kBrotli };

// Smaller bodies are sent as they are: compressing them saves less than a packet.
constexpr size_t kMinCompressSize = 256;

bool Compressible(std::string_view type) {
  return type.starts_with("text/") || type.starts_with("application/json") ||
         type.starts_with("application/javascript") || type.starts_with("image/svg+xml");
}

// The codings an Accept-Encoding header allows ("gzip, deflate, br", "br;q=1, *;q=0").
struct AcceptedCodings {
  bool gzip = false;
  bool brotli = false;
};

AcceptedCodings ParseAcceptEncoding(std::string_view header) {
  double gzip = -1;
  double brotli = -1;
  double any = -1;
  while (!header.empty()) {
    const size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const size_t semicolon = item.find(';');
    std::string name(Trim(item.substr(0, semicolon)));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    double q = 1;
    if (semicolon != std::string_view::npos) {
      std::string_view params = Trim(item.substr(semicolon + 1));
      if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
        q = std::strtod(std::string(params.substr(2)).c_str(), nullptr);
      }
    }
    if (name == "gzip" || name == "x-gzip") gzip = q;
    if (name == "br") brotli = q;
    if (name == "*") any = q;
  }
  return {(gzip >= 0 ? gzip : any) > 0, (brotli >= 0 ? brotli : any) > 0};
}

AcceptedCodings Accepted(const httplib::Request& req) {
  const auto it = req.headers.find("Accept-Encoding");
  return it == req.headers.end() ? AcceptedCodings{} : ParseAcceptEncoding(it->second);
}

// `bytes` compressed with `coding`, or "" when that fails.
std::string Compress(Coding coding, std::string_view bytes) {
  std::unique_ptr<httplib::detail::compressor> compressor;
  if (coding == Coding::kBrotli) {
    compressor = std::make_unique<httplib::detail::brotli_compressor>();
  } else {
    compressor = std::make_unique<httplib::detail::gzip_compressor>();
  }
  std::string out;
  const bool ok =
      compressor->compress(bytes.data(), bytes.size(), true, [&out](const char* data, size_t size) {
        out.append(data, size);
        return true;
      });
  if (!ok) out.clear();
  return out;
}

// Sends `bytes` as the body without copying them. They must outlive the response: they belong
// to the server, or `owner` keeps them alive.
void SendBytes(const httplib::Request& req, httplib::Response& res, std::string_view bytes,
               const std::string& type, Coding coding,
               std::shared_ptr<const std::string> owner = nullptr) {
  if (bytes.empty() || !req.ranges.empty()) {
    // httplib answers ranges (206, 416) from a body it owns, as it always has.
    res.set_content(bytes.data(), bytes.size(), type);
    return;
  }
  if (coding == Coding::kGzip) res.set_header("Content-Encoding", "gzip");
  if (coding == Coding::kBrotli) res.set_header("Content-Encoding", "br");
  res.set_content_provider(
      bytes.size(), type,
      [bytes, owner = std::move(owner)](size_t offset, size_t length, httplib::DataSink& sink) {
        if (offset >= bytes.size()) return false;
        return sink.write(bytes.data() + offset, std::min(length, bytes.size() - offset));
      });
}

// The status line and headers of a page sent as it is by the fast path (see HttpServer), in
// cpp-httplib's order (sorted by name), with the headers httplib sends for the same response.
std::string PageHead(const std::string& type, size_t length, Coding coding, bool vary, bool close) {
  std::vector<std::pair<std::string, std::string>> headers = SecurityHeaders();
  headers.emplace_back("Content-Length", std::to_string(length));
  headers.emplace_back("Content-Type", type);
  if (coding == Coding::kGzip) headers.emplace_back("Content-Encoding", "gzip");
  if (coding == Coding::kBrotli) headers.emplace_back("Content-Encoding", "br");
  if (vary) headers.emplace_back("Vary", "Accept-Encoding");
  if (close) {
    headers.emplace_back("Connection", "close");
  } else {
    headers.emplace_back(
        "Keep-Alive", fmt::format("timeout={}, max={}", kKeepAliveSeconds, kKeepAliveMaxRequests));
  }
  std::sort(headers.begin(), headers.end(),
            [](const auto& a, const auto& b) { return httplib::detail::ci()(a.first, b.first); });
  std::string head = "HTTP/1.1 200 OK\r\n";
  for (const auto& [name, value] : headers) {
    head.append(name).append(": ").append(value).append("\r\n");
  }
  head += "\r\n";
  return head;
}

// A body that does not change while the server runs (a page, a JSON document), with its
// compressed forms made on first use. A page also keeps the status line and headers the fast
// path sends with it.
class StaticBody {
 public:
  StaticBody(std::string_view bytes, std::string type, bool page = false)
      : bytes_(bytes),
        type_(std::move(type)),
        compressible_(bytes.size() >= kMinCompressSize && Compressible(type_)),
        page_(page && !bytes.empty()) {
    if (page_) MakeHeads(identity_);
  }
  StaticBody(const StaticBody&) = delete;
  StaticBody& operator=(const StaticBody&) = delete;

  // Through cpp-httplib.
  void Send(const httplib::Request& req, httplib::Response& res) const {
    if (compressible_) {
      res.set_header("Vary", "Accept-Encoding");
      if (req.ranges.empty()) {
        const AcceptedCodings accepted = Accepted(req);
        if (accepted.brotli && SendEncoded(req, res, Encode(Coding::kBrotli))) return;
        if (accepted.gzip && SendEncoded(req, res, Encode(Coding::kGzip))) return;
      }
    }
    SendBytes(req, res, bytes_, type_, Coding::kIdentity);
  }

  // For the fast path (pages only): the head and body to send for a GET whose Accept-Encoding
  // header is `accept_encoding` (nullptr: none).
  struct Prepared {
    std::string_view head;
    std::string_view body;
  };
  Prepared Prepare(const std::string_view* accept_encoding, bool close) const {
    const Form* form = &identity_;
    if (compressible_ && accept_encoding != nullptr) {
      const AcceptedCodings accepted = ParseAcceptEncoding(*accept_encoding);
      const Form* brotli = accepted.brotli ? &Encode(Coding::kBrotli) : nullptr;
      const Form* gzip = accepted.gzip ? &Encode(Coding::kGzip) : nullptr;
      if (brotli != nullptr && !brotli->bytes.empty()) {
        form = brotli;
      } else if (gzip != nullptr && !gzip->bytes.empty()) {
        form = gzip;
      }
    }
    return {close ? form->head_close : form->head_keep,
            form == &identity_ ? bytes_ : std::string_view(form->bytes)};
  }

  bool page() const { return page_; }

 private:
  struct Form {
    Coding coding = Coding::kIdentity;
    std::once_flag once;
    std::string bytes;  // compressed; empty when compressing does not pay
    std::string head_keep;
    std::string head_close;
  };

  void MakeHeads(Form& form) const {
    const size_t length = form.coding == Coding::kIdentity ? bytes_.size() : form.bytes.size();
    form.head_keep = PageHead(type_, length, form.coding, compressible_, false);
    form.head_close = PageHead(type_, length, form.coding, compressible_, true);
  }

  const Form& Encode(Coding coding) const {
    Form& form = coding == Coding::kBrotli ? brotli_ : gzip_;
    std::call_once(form.once, [&] {
      form.coding = coding;
      form.bytes = Compress(coding, bytes_);
      if (form.bytes.size() >= bytes_.size()) form.bytes.clear();
      if (page_ && !form.bytes.empty()) MakeHeads(form);
    });
    return form;
  }

  bool SendEncoded(const httplib::Request& req, httplib::Response& res, const Form& form) const {
    if (form.bytes.empty()) return false;
    SendBytes(req, res, form.bytes, type_, form.coding);
    return true;
  }

  std::string_view bytes_;
  std::string type_;
  bool compressible_;
  bool page_;
  mutable Form identity_;
  mutable Form gzip_;
  mutable Form brotli_;
};

// A body made for one request (search results, a comparison): gzip when the client accepts it,
// since it is fast; brotli's best quality costs more CPU than it saves on the wire here.
void SendDynamic(const httplib::Request& req, httplib::Response& res, int status, std::string body,
                 const std::string& type) {
  res.status = status;
  auto owned = std::make_shared<const std::string>(std::move(body));
  Coding coding = Coding::kIdentity;
  if (owned->size() >= kMinCompressSize && Compressible(type)) {
    res.set_header("Vary", "Accept-Encoding");
    if (req.ranges.empty() && Accepted(req).gzip) {
      std::string compressed = Compress(Coding::kGzip, *owned);
      if (!compressed.empty() && compressed.size() < owned->size()) {
        owned = std::make_shared<const std::string>(std::move(compressed));
        coding = Coding::kGzip;
      }
    }
  }
  SendBytes(req, res, *owned, type, coding, owned);
}

void SendJson(const httplib::Request& req, httplib::Response& res, int status, std::string body) {
  SendDynamic(req, res, status, std::move(body), kJson);
}

using Pages = std::unordered_map<std::string, StaticBody>;

// The bytes received on one connection and not yet consumed.
class Connection {
 public:
  explicit Connection(socket_t sock) : sock_(sock), buffer_(kBufferSize) {}

  socket_t sock() const { return sock_; }
  std::string_view data() const { return {buffer_.data() + begin_, end_ - begin_}; }
  bool full() const { return begin_ == 0 && end_ == buffer_.size(); }
  // Reads and drops `n` bytes; false when the connection ends first.
  bool Skip(uint64_t n) {
    while (n > 0) {
      if (data().empty() && Receive() <= 0) return false;
      const size_t count = static_cast<size_t>(std::min<uint64_t>(n, data().size()));
      Consume(count);
      n -= count;
    }
    return true;
  }
  void Consume(size_t n) {
    begin_ += n;
    if (begin_ == end_) begin_ = end_ = 0;
  }

  // Receives what has arrived, waiting at most the socket's receive timeout: > 0 bytes,
  // 0 at the end of the stream, < 0 on a timeout or an error.
  ssize_t Receive() {
    if (end_ == buffer_.size() && begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == buffer_.size()) return -1;
    for (;;) {
      const ssize_t n = ::recv(sock_, buffer_.data() + end_, buffer_.size() - end_, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) end_ += static_cast<size_t>(n);
      return n;
    }
  }

  // Sends every byte of `iov` (the socket's send timeout bounds each wait).
  bool SendAll(iovec* iov, int count) const {
    while (count > 0) {
      msghdr message{};
      message.msg_iov = iov;
      message.msg_iovlen = static_cast<size_t>(count);
      const ssize_t n = ::sendmsg(sock_, &message, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      auto left = static_cast<size_t>(n);
      while (count > 0 && left >= iov->iov_len) {
        left -= iov->iov_len;
        ++iov;
        --count;
      }
      if (count > 0) {
        iov->iov_base = static_cast<char*>(iov->iov_base) + left;
        iov->iov_len -= left;
      }
    }
    return true;
  }

 private:
  // A request head larger than this is left to cpp-httplib.
  static constexpr size_t kBufferSize = 16 * 1024;
  socket_t sock_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
};

void AddressOf(socket_t sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t length = sizeof(addr);
  auto* address = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? ::getpeername(sock, address, &length) : ::getsockname(sock, address, &length)) != 0) {
    return;
  }
  char host[NI_MAXHOST];
  if (::getnameinfo(address, length, host, sizeof(host), nullptr, 0, NI_NUMERICHOST) == 0) {
    ip = host;
  }
  if (addr.ss_family == AF_INET) port = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6) port = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
}

// A connection as cpp-httplib reads and writes it: first the bytes the fast path has received
// already, then the socket.
class ConnectionStream final : public httplib::Stream {
 public:
  explicit ConnectionStream(Connection& connection) : connection_(connection) {}

  bool is_readable() const override {
    if (!connection_.data().empty()) return true;
    pollfd fd{connection_.sock(), POLLIN, 0};
    return ::poll(&fd, 1, kKeepAliveSeconds * 1000) > 0;
  }
  bool is_writable() const override {
    pollfd fd{connection_.sock(), POLLOUT, 0};
    return ::poll(&fd, 1, kKeepAliveSeconds * 1000) > 0 && (fd.revents & POLLOUT) != 0;
  }
  ssize_t read(char* ptr, size_t size) override {
    if (connection_.data().empty()) {
      const ssize_t n = connection_.Receive();
      if (n <= 0) return n;
    }
    const std::string_view data = connection_.data();
    const size_t count = std::min(size, data.size());
    std::memcpy(ptr, data.data(), count);
    connection_.Consume(count);
    return static_cast<ssize_t>(count);
  }
  ssize_t write(const char* ptr, size_t size) override {
    iovec iov{const_cast<char*>(ptr), size};
    return connection_.SendAll(&iov, 1) ? static_cast<ssize_t>(size) : -1;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    AddressOf(connection_.sock(), true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    AddressOf(connection_.sock(), false, ip, port);
  }
  socket_t socket() const override { return connection_.sock(); }

 private:
  Connection& connection_;
};

bool PlainPathChar(char c) {  // a character EncodePath leaves as it is
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~' || c == '/';
}

// The body of the request being answered that the connection's loop must still read and drop:
// set by the pre-routing handler, which runs on the connection's thread.
thread_local uint64_t body_to_skip = 0;

// cpp-httplib, with its connection loop replaced.
//
// cpp-httplib 0.11 spends most of a request's time in system calls: a poll() before every read
// and every write, getpeername() and getsockname(), separate sends for the head and the body,
// and a keep-alive wait that polls every 10 ms: about 30 us of CPU per page request against
// nginx's 12, which held `rungs serve` to about half of nginx's rate at 64 connections (see
// bench/http_bench.sh). Here each connection is read into a buffer with one recv(); a plain GET
// of a pre-rendered page (no query, no Range, no body) is answered straight from memory with
// one sendmsg() of the pre-built head and the page; every other request is handed, bytes and
// all, to cpp-httplib's own request processing, so routes, errors and headers stay
// cpp-httplib's. Bytes received past a request stay in the buffer for the next one, so
// pipelined requests are answered too (cpp-httplib 0.11 dropped them).
//
// It also listens with a larger backlog: cpp-httplib's is 5, and when a browser or a load
// generator opens many connections at once the accept queue overflows, the kernel drops the
// handshakes and the clients retry a second later (wrk at 64 connections: p99 over a second).
class HttpServer : public httplib::Server {
 public:
  void set_pages(const Pages* pages) { pages_ = pages; }

  void RaiseBacklog() {
    const socket_t sock = svr_sock_;
    if (sock != INVALID_SOCKET) ::listen(sock, SOMAXCONN);
  }

  // Stops listening and ends the open connections: a connection waiting for its next request
  // would otherwise keep Run() from returning until its keep-alive timeout.
  void StopAndCloseConnections() {
    stop();
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (const socket_t sock : open_) ::shutdown(sock, SHUT_RD);
  }

 private:
  enum class Outcome { kServed, kDelegate, kClose };

  bool process_and_close_socket(socket_t sock) override {
    if (Register(sock)) {
      try {
        Connection connection(sock);
        for (size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
          const bool last = left == 1;
          const Outcome outcome = ServeFast(connection, last);
          if (outcome == Outcome::kClose) break;
          if (outcome == Outcome::kServed) continue;
          ConnectionStream stream(connection);
          bool closed = false;
          body_to_skip = 0;
          const bool answered = process_request(stream, last, closed, nullptr);
          // A body refused before it was read (see the pre-routing handler) is read and dropped,
          // as cpp-httplib skips one over its limit, so the client, still sending, gets the
          // answer, even when it asked to close the connection after it.
          if (answered && body_to_skip > 0 && !connection.Skip(std::exchange(body_to_skip, 0))) {
            break;
          }
          if (!answered || closed) break;
        }
      } catch (const std::exception&) {
        // Out of memory on this connection: drop it, keep serving the others.
      }
      Unregister(sock);
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return true;
  }

  // Waits for the next request's head and answers it when it is a plain GET of a page;
  // kDelegate leaves it, unconsumed, to cpp-httplib.
  Outcome ServeFast(Connection& connection, bool close) const {
    size_t head_size = 0;
    for (;;) {
      const std::string_view data = connection.data();
      const size_t end = data.find("\r\n\r\n");
      if (end != std::string_view::npos) {
        head_size = end + 4;
        break;
      }
      // A request line without CR LF: cpp-httplib answers it (400).
      const size_t first_line = data.find('\n');
      if (first_line != std::string_view::npos &&
          (first_line == 0 || data[first_line - 1] != '\r')) {
        return Outcome::kDelegate;
      }
      if (connection.full()) return Outcome::kDelegate;
      if (connection.Receive() <= 0) {
        return connection.data().empty() ? Outcome::kClose : Outcome::kDelegate;
      }
    }
    if (pages_ == nullptr) return Outcome::kDelegate;
    const std::string_view head = connection.data().substr(0, head_size - 2);

    // The request line: METHOD SP TARGET SP HTTP/1.1
    size_t line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const size_t space1 = line.find(' ');
    const size_t space2 = space1 == std::string_view::npos ? space1 : line.find(' ', space1 + 1);
    if (space2 == std::string_view::npos) return Outcome::kDelegate;
    const std::string_view method = line.substr(0, space1);
    const std::string_view target = line.substr(space1 + 1, space2 - space1 - 1);
    if (method != "GET" || line.substr(space2 + 1) != "HTTP/1.1") {
      return Outcome::kDelegate;
    }
    // The routes Server::Server gives to handlers other than the page handler.
    if (target.empty() || target[0] != '/' || target == "/healthz" || target.starts_with("/api/")) {
      return Outcome::kDelegate;
    }
    // Only targets EncodePath would leave unchanged: no query, no %-escapes.
    if (!std::all_of(target.begin(), target.end(), PlainPathChar)) return Outcome::kDelegate;

    std::string_view accept_encoding;
    bool has_accept_encoding = false;
    bool has_connection = false;
    for (size_t at = line_end + 2; at < head.size(); at = line_end + 2) {
      line_end = head.find("\r\n", at);
      const std::string_view header = head.substr(at, line_end - at);
      const size_t colon = header.find(':');
      if (colon == 0 || colon == std::string_view::npos || header[0] == ' ' || header[0] == '\t') {
        return Outcome::kDelegate;
      }
      const std::string_view name = header.substr(0, colon);
      const std::string_view value = Trim(header.substr(colon + 1));
      if (EqualsIgnoreCase(name, "Accept-Encoding")) {
        if (!has_accept_encoding) accept_encoding = value;
        has_accept_encoding = true;
      } else if (EqualsIgnoreCase(name, "Connection")) {
        // Like cpp-httplib: the first Connection header, compared as it is.
        if (!has_connection && value == "close") close = true;
        has_connection = true;
      } else if (EqualsIgnoreCase(name, "Content-Length")) {
        if (value != "0") return Outcome::kDelegate;
      } else if (EqualsIgnoreCase(name, "Range") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
                 EqualsIgnoreCase(name, "Expect")) {
        return Outcome::kDelegate;
      }
    }

    std::string path(target.substr(1));
    if (path.empty() || path.back() == '/') path += "index.html";
    const auto page = pages_->find(path);
    if (page == pages_->end() || !page->second.page()) return Outcome::kDelegate;
    const StaticBody::Prepared prepared =
        page->second.Prepare(has_accept_encoding ? &accept_encoding : nullptr, close);
    connection.Consume(head_size);
    iovec iov[2] = {{const_cast<char*>(prepared.head.data()), prepared.head.size()},
                    {const_cast<char*>(prepared.body.data()), prepared.body.size()}};
    if (!connection.SendAll(iov, 2)) return Outcome::kClose;
    return close ? Outcome::kClose : Outcome::kServed;
  }

  bool Register(socket_t sock) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return false;
    try {
      open_.insert(sock);
    } catch (const std::exception&) {
      return false;
    }
    return true;
  }
  void Unregister(socket_t sock) {
    const std::lock_guard<std::mutex> lock(mutex_);
    open_.erase(sock);
  }

  const Pages* pages_ = nullptr;
  std::mutex mutex_;
  bool stopping_ = false;
  std::set<socket_t> open_;
};

}  // namespace

struct Server::Impl {
  Impl(std::vector<Framework> frameworks, const SiteOptions& site_options,
       const ServerOptions& server_options)
      : options(server_options), site(std::move(frameworks), site_options) {}

  const Framework* FindFramework(const std::string& id) const {
    for (const Framework& fw : site.frameworks()) {
      if (fw.id == id) return &fw;
    }
    return nullptr;
  }

  // GET /api/frameworks/{id}[/compare | /rungs/{rung}]
  void Api(const httplib::Request& req, httplib::Response& res, const std::string& rest) const {
    if (rest == "frameworks") {
      index_body->Send(req, res);
      return;
    }
    if (rest == "search") {
      size_t total = 0;
      const auto hits = site.search().Find(req.get_param_value("q"), 200, &total);
      json list = json::array();
      for (const SearchEntry* e : hits) {
        list.push_back({{"framework", e->framework_id},
                        {"rung", e->rung},
                        {"topic", e->topic_title},
                        {"text", e->text},
                        {"html", "/" + e->path}});
      }
      SendJson(req, res, 200,
               json{{"query", req.get_param_value("q")}, {"total", total}, {"hits", list}}.dump());
      return;
    }
    const std::string prefix = "frameworks/";
    if (rest.compare(0, prefix.size(), prefix) != 0) {
      SendJson(req, res, 404, ErrorJson("not_found", "no such API path"));
      return;
    }
    std::string id = rest.substr(prefix.size());
    std::string action;
    std::string rung;
    // Ids may contain '/', so try the longest id first.
    const Framework* fw = FindFramework(id);
    if (fw == nullptr) {
      for (const std::string suffix : {"/compare"}) {
        if (id.size() > suffix.size() &&
            id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0) {
          fw = FindFramework(id.substr(0, id.size() - suffix.size()));
          action = "compare";
        }
      }
      const size_t rungs_at = id.rfind("/rungs/");
      if (fw == nullptr && rungs_at != std::string::npos) {
        fw = FindFramework(id.substr(0, rungs_at));
        action = "rung";
        rung = id.substr(rungs_at + 7);
      }
    }
    if (fw == nullptr) {
      SendJson(req, res, 404, ErrorJson("not_found", fmt::format("no framework with id '{}'", id)));
      return;
    }
    if (action.empty()) {
      framework_bodies.at(fw->id).Send(req, res);
      return;
    }
    if (action == "compare") {
      CompareResult result =
          CompareRungs(*fw, req.get_param_value("from"), req.get_param_value("to"));
      if (!result.comparison) {
        SendJson(req, res, 400,
                 json{{"error",
                       {{"code", "invalid_rungs"}, {"message", result.error}, {"field", "from"}}}}
                     .dump());
        return;
      }
      SendJson(req, res, 200, ComparisonToJson(*result.comparison).dump());
      return;
    }
    const Rung* found = FindRung(*fw, rung);
    if (found == nullptr) {
      SendJson(req, res, 404,
               ErrorJson("not_found", fmt::format("no rung '{}' in {}; rungs: {}", rung, fw->id,
                                                  ListRungIds(*fw))));
      return;
    }
    json topics = json::array();
    for (const Topic& topic : fw->topics) {
      json criteria = json::array();
      for (const AssessedCriterion& a : CriteriaForRung(*fw, topic, rung)) {
        criteria.push_back({{"key", a.criterion->key},
                            {"text", a.criterion->text},
                            {"via", a.via_reference.empty() ? json() : json(a.via_reference)}});
      }
      topics.push_back({{"name", topic.name}, {"title", topic.title}, {"criteria", criteria}});
    }
    SendJson(req, res, 200,
             json{{"framework", fw->id},
                  {"rung", {{"id", found->id}, {"label", found->label}}},
                  {"topics", topics}}
                 .dump());
  }

  void Page(const httplib::Request& req, httplib::Response& res) const {
    std::string path = req.path.substr(1);
    if (path.empty() || path.back() == '/') path += "index.html";
    const std::string key = EncodePath(path);
    if (key == "search.html" && req.has_param("q")) {
      SendDynamic(req, res, 200, site.SearchPage(req.get_param_value("q")), kHtml);
      return;
    }
    // The compare form posts its choice as a query; without JavaScript the server turns it
    // into the pre-rendered page's address.
    const std::string compare = "/compare.html";
    if (key.size() > compare.size() &&
        key.compare(key.size() - compare.size(), compare.size(), compare) == 0 &&
        req.has_param("from") && req.has_param("to")) {
      const std::string target = key.substr(0, key.size() - compare.size()) + "/compare/" +
                                 EncodePath(req.get_param_value("from")) + ".." +
                                 EncodePath(req.get_param_value("to")) + ".html";
      if (site.Find(target) != nullptr) {
        res.set_redirect("/" + target);
        return;
      }
    }
    const auto page = pages.find(key);
    if (page == pages.end()) {
      res.status = 404;
      not_found_body->Send(req, res);
      return;
    }
    page->second.Send(req, res);
  }

  ServerOptions options;
  Site site;
  HttpServer http;
  std::string index_json;
  std::map<std::string, std::string> framework_json;
  std::string openapi_json;
  std::string not_found_html;
  // The bodies above and the site's pages, as sent. Built once all of them are in place: they
  // point into those strings.
  Pages pages;
  std::map<std::string, StaticBody> framework_bodies;
  std::unique_ptr<StaticBody> index_body;
  std::unique_ptr<StaticBody> openapi_body;
  std::unique_ptr<StaticBody> not_found_body;
  int bound_port = 0;
};

Server::Server(std::vector<Framework> frameworks, const SiteOptions& site,
               const ServerOptions& options, AppContext* app)
    : impl_(std::make_unique<Impl>(std::move(frameworks), site, options)) {
  json index = json::array();
  for (const Framework& fw : impl_->site.frameworks()) {
    index.push_back(Summary(fw));
    impl_->framework_json[fw.id] = FrameworkToJson(fw).dump();
  }
  impl_->index_json = json{{"frameworks", index}}.dump();
  for (const EmbeddedFile& asset : WebAssets()) {
    if (std::string_view(asset.path) == "assets/openapi.json") impl_->openapi_json = asset.bytes;
  }
  impl_->not_found_html =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found · rungs"
      "</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main id=\"main\">"
      "<h1>Not found</h1><p>There is no page here. <a href=\"/index.html\">All frameworks</a></p>"
      "</main></body></html>\n";
  for (const auto& [path, page] : impl_->site.pages()) {
    impl_->pages.try_emplace(path, page.body, page.content_type, true);
  }
  for (const auto& [id, body] : impl_->framework_json) {
    impl_->framework_bodies.try_emplace(id, body, kJson);
  }
  impl_->index_body = std::make_unique<StaticBody>(impl_->index_json, kJson);
  impl_->openapi_body = std::make_unique<StaticBody>(impl_->openapi_json, kJson);
  impl_->not_found_body = std::make_unique<StaticBody>(impl_->not_found_html, kHtml);

  httplib::Server& http = impl_->http;
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(kKeepAliveMaxRequests);
  http.set_keep_alive_timeout(kKeepAliveSeconds);
  http.set_read_timeout(kKeepAliveSeconds);
  // cpp-httplib's body limit is one number for every route. Streamed uploads (app.h) write their
  // bodies to disk and check their own cap, so the limit is theirs; every other body is read into
  // memory and is held to kMaxBufferedBody before routing, below.
  const bool streams = app != nullptr;
  http.set_payload_max_length(
      streams
          ? std::max<uint64_t>(kMaxBufferedBody, app->options.upload_max_bytes + kUploadFormRoom)
          : kMaxBufferedBody);
  const int threads = options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  impl_->http.set_pages(&impl_->pages);

  Impl* impl = impl_.get();
  // Pages, the common case, skip the route table (a regular expression match per route).
  http.set_pre_routing_handler(
      [impl, streams](const httplib::Request& req, httplib::Response& res) {
        const uint64_t length = req.get_header_value<uint64_t>("Content-Length");
        if (length > kMaxBufferedBody && !(streams && IsStreamedUpload(req.method, req.path))) {
          SetSecurityHeaders(res);
          res.status = 413;
          res.set_content(ErrorJson("too_large", "the request body is larger than 1 MiB", "body"),
                          kJson);
          body_to_skip = length;
          return httplib::Server::HandlerResponse::Handled;
        }
        if ((req.method != "GET" && req.method != "HEAD") || req.path == "/healthz" ||
            req.path.rfind("/api/", 0) == 0 || IsAppPath(req.path)) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        SetSecurityHeaders(res);
        impl->Page(req, res);
        return httplib::Server::HandlerResponse::Handled;
      });
  // Before the catch-all routes below: cpp-httplib takes the first route that matches.
  if (app != nullptr) {
    RegisterAppPages(http, *app);
    RegisterAppApi(http, *app);
  }
  http.Get("/healthz", [impl](const httplib::Request& req, httplib::Response& res) {
    SendJson(req, res, 200,
             json{{"status", "ok"}, {"frameworks", impl->site.frameworks().size()}}.dump());
  });
  http.Get("/api/openapi.json", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->openapi_body->Send(req, res);
  });
  http.Get(R"(/api/(.+))", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->Api(req, res, req.matches[1]);
  });
  http.Get(R"(/.*)", [impl](const httplib::Request& req, httplib::Response& res) {
    SetSecurityHeaders(res);
    impl->Page(req, res);
  });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    // Responses rungs made (bodies, or providers) carry a Content-Type; leave those alone.
    if (!res.body.empty() || res.has_header("Content-Type")) return;
    if (req.path.rfind("/api/", 0) == 0) {
      res.set_content(ErrorJson(res.status == 404 ? "not_found" : "http_error",
                                fmt::format("HTTP {}", res.status)),
                      kJson);
    }
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        res.status = 500;
        res.set_content(ErrorJson("internal", "internal error"), kJson);
      });
}

Server::~Server() = default;

bool Server::Bind(std::string* error) {
  if (impl_->options.port == 0) {
    impl_->bound_port = impl_->http.bind_to_any_port(impl_->options.host);
  } else if (impl_->http.bind_to_port(impl_->options.host, impl_->options.port)) {
    impl_->bound_port = impl_->options.port;
  }
  if (impl_->bound_port <= 0) {
    *error = fmt::format("cannot listen on {}:{} (is another server using the port?)",
                         impl_->options.host, impl_->options.port);
    return false;
  }
  impl_->http.RaiseBacklog();
  return true;
}

int Server::port() const { return impl_->bound_port; }

const std::vector<Framework>& Server::frameworks() const { return impl_->site.frameworks(); }

void Server::Run() { impl_->http.listen_after_bind(); }

void Server::Stop() { impl_->http.StopAndCloseConnections(); }

}  // namespace rungs
