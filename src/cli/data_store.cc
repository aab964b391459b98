#include "cli/data_store.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "auth/secrets.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace rungs {

std::string DatabasePath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "rungs.db").string();
}

std::unique_ptr<Store> OpenDataStore(const DataLocation& data, bool create,
                                     const std::string& command, std::ostream& err) {
  namespace fs = std::filesystem;
  if (!data.database.empty()) {
    if (!IsPostgresUri(data.database)) {
      err << fmt::format(
          "{}: --database: {} is not a PostgreSQL address (postgresql://...); "
          "without --database the data folder's rungs.db is used\n",
          command, data.database);
      return nullptr;
    }
    Result<std::unique_ptr<Store>> opened = OpenPostgresStore(data.database);
    if (!opened.ok()) {
      err << fmt::format("{}: {}\n", command, opened.status().message);
      return nullptr;
    }
    return std::move(opened).value();
  }
  const std::string& data_dir = data.dir;
  const std::string path = DatabasePath(data_dir);
  std::error_code ec;
  if (create) {
    fs::create_directories(data_dir, ec);
    if (ec) {
      err << fmt::format("{}: cannot create the data folder {}: {}\n", command, data_dir,
                         ec.message());
      return nullptr;
    }
  } else if (!fs::exists(path, ec)) {
    err << fmt::format(
        "{}: there is no database at {} (--data or RUNGS_DATA names the data folder; `rungs "
        "user add --admin EMAIL` or `rungs serve` creates one)\n",
        command, path);
    return nullptr;
  }
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path);
  if (!opened.ok()) {
    err << fmt::format("{}: {}\n", command, opened.status().message);
    return nullptr;
  }
  return std::move(opened).value();
}

std::string PublicBaseUrl() {
  const char* env = std::getenv("RUNGS_PUBLIC_URL");
  std::string base = env != nullptr && *env != '\0' ? env : "http://localhost:8080";
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

Result<IssuedLink> IssueOneTimeLink(Store& store, int64_t user_id, LinkPurpose purpose) {
  if (!InitSecrets()) return Status::Internal("cannot initialise libsodium");
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string token = RandomToken();
  OneTimeLink link;
  link.token_digest = TokenDigest(token);
  link.user_id = user_id;
  link.purpose = purpose;
  link.expires_at = now + (purpose == LinkPurpose::kInvite ? 7 * 24 * 3600 : 24 * 3600);
  if (Status s = store.CreateOneTimeLink(link, Actor::System()); !s.ok()) return s;
  return IssuedLink{fmt::format("{}/{}/{}", PublicBaseUrl(),
                                purpose == LinkPurpose::kInvite ? "invite" : "reset", token),
                    link.expires_at};
}

std::optional<User> FindUserOrReport(Store& store, const std::string& email,
                                     const std::string& field, const std::string& command,
                                     std::ostream& err) {
  Result<User> user = store.FindUserByEmail(email);
  if (user.ok()) return std::move(user).value();
  if (user.status().code == StatusCode::kNotFound) {
    err << fmt::format("{}: {}: no user with email {} (`rungs user list` shows everyone)\n",
                       command, field, email);
  } else {
    err << fmt::format("{}: {}\n", command, user.status().message);
  }
  return std::nullopt;
}

}  // namespace rungs
