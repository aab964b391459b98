// The HTTP server behind `rungs serve`: the framework site (see site.h) from memory, the same
// bytes `rungs site` writes, plus what only a server can do (search answered on the server,
// compare forms without JavaScript) and the JSON API under /api (documented in
// /api/openapi.json). Pages are rendered once at start-up: the frameworks do not change while
// the server runs.
#ifndef RUNGS_WEB_SERVER_H_
#define RUNGS_WEB_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "framework/model.h"
#include "web/site.h"

namespace rungs {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  // Each open connection has a thread of the pool for its lifetime (it waits in recv(), using no
  // CPU while idle; idle connections close after 5 s), so the pool must be larger than the
  // number of connections expected at once: a browser opens up to 6.
  int threads = 256;
};

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

  // Binds the port; returns false with `error` set when it cannot.
  bool Bind(std::string* error);
  int port() const;
  // The frameworks served, in site order; they live as long as the server.
  const std::vector<Framework>& frameworks() const;
  // Serves until Stop() is called (from another thread or a signal handler's thread).
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rungs

#endif  // RUNGS_WEB_SERVER_H_
