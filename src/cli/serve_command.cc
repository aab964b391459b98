#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "auth/secrets.h"
#include "cli/commands.h"
#include "cli/data_store.h"
#include "cli/serve_settings.h"
#include "cli/site_loading.h"
#include "progress/catalog.h"
#include "progress/demo.h"
#include "progress/framework_library.h"
#include "store/postgres_store.h"
#include "util/clock.h"
#include "web/app.h"
#include "web/server.h"
#include "web/streamed_upload.h"

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
  std::unique_ptr<Store> store = OpenDataStore(options.data, true, "rungs serve", err);
  if (store == nullptr) return kExitFailure;
  // The folders and the frameworks admins uploaded (kept in the store).
  FrameworkCatalog catalog(*store);
  FrameworkLibrary library(options.frameworks, *store, catalog);
  Diagnostics diagnostics;
  const Status loaded = library.Load(diagnostics);
  if (!ReportLoadErrors(diagnostics, "rungs serve", err)) return kExitFailure;
  if (!loaded.ok()) {
    err << "rungs serve: " << loaded.message << "\n";
    return kExitFailure;
  }
  std::optional<std::vector<Framework>> previous =
      LoadPreviousFrameworks(options.previous, "rungs serve", err);
  if (!previous) return kExitFailure;
  const size_t count = library.Current()->size();
  AppOptions app_options;
  // Without RUNGS_PUBLIC_URL, links name the address bound (set below, once the port is known).
  const char* public_url_env = std::getenv("RUNGS_PUBLIC_URL");
  const bool public_url_set = public_url_env != nullptr && *public_url_env != '\0';
  if (public_url_set) app_options.public_url = PublicBaseUrl();
  app_options.auth.secure_cookies = app_options.public_url.rfind("https://", 0) == 0;
  app_options.upload_dir = options.data.dir;
  if (const char* max_upload = std::getenv("RUNGS_MAX_UPLOAD"); max_upload != nullptr) {
    Result<int64_t> bytes = ParseByteSize(max_upload);
    if (!bytes.ok()) {
      err << "rungs serve: RUNGS_MAX_UPLOAD: " << bytes.status().message << "\n";
      return kExitFailure;
    }
    app_options.upload_max_bytes = *bytes;
  }
  ServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  if (Status s = ReadServeSettings(std::getenv, server_options, app_options.auth); !s.ok()) {
    err << "rungs serve: " << s.message << "\n";
    return kExitFailure;
  }
  SetPasswordWorkLimits(app_options.auth.hash_slots, app_options.auth.hash_queue);
  AppContext app(*store, catalog, app_options, &library);
  Server server(*library.Current(), SiteOptions{*std::move(previous)}, server_options, &app);
  library.OnChange([&server](const auto& set) { server.ReplaceFrameworks(*set); });
  // Before anything is written: a second server on a port in use changes nothing.
  if (Status s = server.Bind(); !s.ok()) {
    err << "rungs serve: " << s.message << "\n";
    return kExitFailure;
  }
  // --port 0 binds a free port: the address names the one bound.
  const std::string local_url = fmt::format(
      "http://{}:{}", options.host == "0.0.0.0" ? "localhost" : options.host, server.port());
  if (!public_url_set) app.options.public_url = local_url;
  if (options.demo) {
    const Framework* demo_fw = PickDemoFramework(*library.Current());
    if (demo_fw == nullptr) {
      err << "rungs serve: --demo needs a framework with criteria\n";
      return kExitFailure;
    }
    Result<std::vector<DemoAccount>> accounts =
        CreateDemoTeam(*store, *demo_fw, catalog.Current(demo_fw->id).version_id, UnixNow());
    if (!accounts.ok()) {
      err << "rungs serve: cannot create the demo team: " << accounts.status().message << "\n";
      return kExitFailure;
    }
    out << DescribeDemoAccounts(*accounts);
  }
  StopOnSignal(server);
  out << fmt::format(
             "rungs: serving {} frameworks on {}/ (data in {})\n", count, local_url,
             options.data.database.empty() ? options.data.dir : RedactedUri(options.data.database))
      << std::flush;
  // Without an admin nobody could sign in: a one-time link, for whoever reads this terminal,
  // creates the first one in the browser.
  if (Result<bool> has_admin = store->HasAdmin(); has_admin.ok() && !*has_admin) {
    const std::string token = RandomToken();
    app.options.setup_digest = TokenDigest(token);
    out << fmt::format(
        "rungs: no admin yet; open this link to create the first one (it works once, until this "
        "server stops):\n  {}/setup/{}\n",
        app.options.public_url, token);
  } else if (!has_admin.ok()) {
    err << "rungs serve: " << has_admin.status().message << "\n";
    return kExitFailure;
  }
  out << std::flush;
  // Edits in the folders, and uploads made on another instance, are served within seconds.
  library.Watch(std::chrono::seconds(1));
  server.Run();
  library.OnChange(nullptr);  // the server goes first
  out << "rungs: stopped\n";
  return kExitOk;
}

}  // namespace rungs
