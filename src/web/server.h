// The HTTP server behind `rungs serve`: the framework site (see site.h) from memory, the same
// bytes `rungs site` writes, plus what only a server can do (search answered on the server,
// compare forms without JavaScript) and the JSON API under /api (documented in
// /api/openapi.json). Pages are rendered once per set of frameworks: at start-up, and again
// when the set is replaced (an admin's upload, an edit in a --frameworks folder).
#ifndef RUNGS_WEB_SERVER_H_
#define RUNGS_WEB_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "framework/model.h"
#include "util/status.h"
#include "web/http_server.h"
#include "web/site.h"

namespace rungs {

// Where to listen, threads, deadlines and limits (http_server.h).
using ServerOptions = HttpServerOptions;

// For tests: 127.0.0.1, a free port, two I/O threads.
inline ServerOptions TestServerOptions() {
  ServerOptions options;
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 8;
  return options;
}

struct AppContext;

class Server {
 public:
  // `app`, when given, adds sign-in, people, check-ins and their API (app.h); it must outlive
  // the server.
  Server(std::vector<Framework> frameworks, const SiteOptions& site, const ServerOptions& options,
         AppContext* app = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Listens on the port; kUnavailable naming host and port when it cannot.
  Status Bind();
  int port() const;
  // The frameworks served now, in site order.
  std::shared_ptr<const std::vector<Framework>> frameworks() const;
  // Serves `frameworks` from now on: the site is rendered again beside the one served, then
  // swapped in whole (a request in flight finishes with the pages it started with). The
  // earlier versions given at construction stay.
  void ReplaceFrameworks(std::vector<Framework> frameworks);
  // Serves until Stop() is called (from another thread or a signal handler's thread).
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rungs

#endif  // RUNGS_WEB_SERVER_H_
