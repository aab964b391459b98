// The HTTP/1.1 layer under `rungs serve`, on Boost.Beast (which only http_server.cc includes:
// each file that does takes half a minute to compile). A fixed set of I/O threads reads requests
// and writes answers for every connection; handlers that may block (the store, Argon2, an
// upload) run on a bounded worker pool, and what answers from memory (the pre-rendered site,
// /healthz) stays on the I/O thread. Nothing a client does can hold more than its share: the
// request head has a deadline, idle keep-alive connections close, headers and bodies have
// limits checked before the bytes are read (chunked bodies too), and connections are capped per
// client address and in all. Requests are answered in order on each connection (pipelining is
// safe), HEAD like GET without the body, a single Range on fixed bodies, and owned bodies are
// gzipped for clients that accept it.
#ifndef RUNGS_WEB_HTTP_SERVER_H_
#define RUNGS_WEB_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "util/status.h"
#include "web/client_address.h"
#include "web/router.h"

namespace rungs {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;     // 0 picks a free port
  int io_threads = 0;  // 0: one per core
  // Threads for handlers that block; 0: one per core plus one, so a worker is free while
  // every password-hashing slot (one per core) is busy. More oversubscribes the cores: on two,
  // with 16 connections on a person page, 4 workers gave p99 3.1 ms, 3 gave 2.1 ms, and 8 gave
  // 18 ms. Requests beyond the queue are answered 503 with Retry-After.
  int worker_threads = 0;
  int worker_queue = 256;
  std::chrono::milliseconds head_timeout{10'000};  // for the whole request head
  std::chrono::milliseconds idle_timeout{5'000};   // between requests on a connection
  std::chrono::milliseconds body_timeout{30'000};  // for each piece of a body
  std::chrono::milliseconds write_timeout{30'000};
  uint32_t max_header_bytes = 16 * 1024;
  int max_connections = 4096;
  int max_connections_per_address = 128;  // trusted proxies are exempt
  TrustedProxies trusted_proxies;
};

class HttpServer {
 public:
  // `router` must outlive the server.
  HttpServer(const Router& router, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on the host and port; kUnavailable naming them when the port is taken.
  Status Bind();
  int port() const;
  // Serves until Stop() is called from another thread.
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rungs

#endif  // RUNGS_WEB_HTTP_SERVER_H_
