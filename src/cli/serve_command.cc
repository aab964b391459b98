#include <csignal>
#include <filesystem>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/site_loading.h"
#include "web/server.h"

namespace rungs {
namespace {

// Waits for SIGINT or SIGTERM on its own thread, so the handler needs no async-signal-safe
// tricks, then stops the server.
void StopOnSignal(Server& server) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    server.Stop();
  }).detach();
}

}  // namespace

int RunServe(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<LoadedSite> loaded =
      LoadSiteFrameworks(options.frameworks, options.previous, "rungs serve", err);
  if (!loaded) return kExitFailure;
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    err << fmt::format("rungs serve: cannot create the data folder {}: {}\n", options.data_dir,
                       ec.message());
    return kExitFailure;
  }
  const size_t count = loaded->frameworks.size();
  Server server(std::move(loaded->frameworks), SiteOptions{std::move(loaded->previous)},
                {options.host, options.port});
  std::string error;
  if (!server.Bind(&error)) {
    err << "rungs serve: " << error << "\n";
    return kExitFailure;
  }
  StopOnSignal(server);
  out << fmt::format("rungs: serving {} frameworks on http://{}:{}/ (data in {})\n", count,
                     options.host == "0.0.0.0" ? "localhost" : options.host, server.port(),
                     options.data_dir)
      << std::flush;
  server.Run();
  out << "rungs: stopped\n";
  return kExitOk;
}

}  // namespace rungs
