// The HTTP server behind `rungs serve`: for now the frameworks as JSON (GET /api/frameworks,
// GET /api/frameworks/{id}) and /healthz. Responses are rendered once at start-up, since the
// loaded frameworks do not change while the server runs.
#ifndef RUNGS_WEB_SERVER_H_
#define RUNGS_WEB_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "framework/model.h"

namespace rungs {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  int threads = 16;
};

class Server {
 public:
  Server(const std::vector<Framework>& frameworks, const ServerOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the port; returns false with `error` set when it cannot.
  bool Bind(std::string* error);
  int port() const;
  // Serves until Stop() is called (from another thread or a signal handler's thread).
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rungs

#endif  // RUNGS_WEB_SERVER_H_
