// `rungs backup FILE` and `rungs restore FILE`: the database as one file, copied with SQLite's
// online backup, so both work while `rungs serve` runs.
#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/data_store.h"
#include "store/migrations.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace rungs {
namespace {

namespace fs = std::filesystem;

// The newest schema version this build has a migration for ("0002_checkins.sql" -> 2).
int KnownSchemaVersion() {
  int known = 0;
  for (const EmbeddedFile& file : SqliteMigrations()) {
    const std::string name = fs::path(file.path).filename().string();
    if (name.size() > 4 && std::isdigit(static_cast<unsigned char>(name[0]))) {
      known = std::max(known, std::atoi(name.substr(0, 4).c_str()));
    }
  }
  return known;
}

std::string SizeText(const std::string& path) {
  std::error_code ec;
  const auto bytes = fs::file_size(path, ec);
  if (ec) return "?";
  if (bytes < 1024 * 1024) return fmt::format("{} KB", (bytes + 1023) / 1024);
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024 * 1024));
}

struct DatabaseSummary {
  int schema_version = 0;
  int64_t users = 0;
  int64_t teams = 0;
};

// Checks that `path` is a rungs database this build can open; the error says why not.
bool InspectDatabase(const std::string& path, DatabaseSummary* summary, std::string* error) {
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    std::vector<std::string> problems;
    {
      SQLite::Statement q(db, "PRAGMA integrity_check");
      while (q.executeStep() && problems.size() < 5) problems.push_back(q.getColumn(0).getString());
    }
    if (problems.size() != 1 || problems.front() != "ok") {
      std::string list;
      for (const std::string& p : problems) list += (list.empty() ? "" : "; ") + p;
      *error = fmt::format("the database is damaged (integrity check: {})", list);
      return false;
    }
    auto has_table = [&](const char* name) {
      SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
      q.bind(1, name);
      return q.executeStep();
    };
    if (!has_table("schema_migrations") || !has_table("users") || !has_table("teams")) {
      *error =
          "a SQLite database, but not one of rungs (it has no schema_migrations, users and "
          "teams tables)";
      return false;
    }
    SQLite::Statement v(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    v.executeStep();
    summary->schema_version = v.getColumn(0).getInt();
    const int known = KnownSchemaVersion();
    if (summary->schema_version < 1) {
      *error = "a rungs database that was never set up (schema_migrations is empty)";
      return false;
    }
    if (summary->schema_version > known) {
      *error = fmt::format(
          "its schema version is {}, newer than this rungs knows ({}); restore it with the "
          "rungs that wrote it",
          summary->schema_version, known);
      return false;
    }
    summary->users = db.execAndGet("SELECT COUNT(*) FROM users").getInt64();
    summary->teams = db.execAndGet("SELECT COUNT(*) FROM teams").getInt64();
    return true;
  } catch (const SQLite::Exception& e) {
    *error = fmt::format("not a SQLite database rungs can read ({})", e.what());
    return false;
  }
}

// Backs `source` up into `target`, which must not exist: the copy is made beside it and
// linked into place, so `target` is never half-written and never overwritten.
bool BackupToNewFile(const std::string& source, const std::string& target, std::string* error) {
  const std::string partial = fmt::format("{}.partial-{}", target, ::getpid());
  std::error_code ec;
  fs::remove(partial, ec);
  if (Status s = BackupSqlite(source, partial); !s.ok()) {
    fs::remove(partial, ec);
    *error = s.message;
    return false;
  }
  if (::link(partial.c_str(), target.c_str()) != 0) {
    const int link_errno = errno;
    if (link_errno == EEXIST) {
      fs::remove(partial, ec);
      *error = fmt::format("{} already exists", target);
      return false;
    }
    // A file system without hard links: rename, having checked just before.
    if (fs::exists(target, ec)) {
      fs::remove(partial, ec);
      *error = fmt::format("{} already exists", target);
      return false;
    }
    fs::rename(partial, target, ec);
    if (ec) {
      fs::remove(partial, ec);
      *error = fmt::format("cannot write {}: {}", target, std::strerror(link_errno));
      return false;
    }
    return true;
  }
  fs::remove(partial, ec);
  return true;
}

}  // namespace

namespace {

// Backups of a PostgreSQL store are PostgreSQL's own (README, "Backups").
bool RefusePostgres(const DataLocation& data, const std::string& command, std::ostream& err) {
  if (data.database.empty()) return false;
  err << fmt::format(
      "{}: works on the SQLite database in the data folder; for the PostgreSQL database {} use "
      "pg_dump --format=custom and pg_restore (README: Backups)\n",
      command, RedactedUri(data.database));
  return true;
}

}  // namespace

int RunBackup(const BackupOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs backup";
  if (RefusePostgres(options.data, command, err)) return kExitFailure;
  const std::string db = DatabasePath(options.data.dir);
  std::error_code ec;
  if (!fs::exists(db, ec)) {
    err << fmt::format(
        "{}: there is no database at {} to back up (--data or RUNGS_DATA names the data "
        "folder)\n",
        command, db);
    return kExitFailure;
  }
  if (fs::exists(options.file, ec) || fs::is_symlink(options.file, ec)) {
    err << fmt::format(
        "{}: {} already exists; backups never overwrite a file, so choose a new "
        "name\n",
        command, options.file);
    return kExitFailure;
  }
  const fs::path parent = fs::path(options.file).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    err << fmt::format("{}: {}: the folder {} does not exist\n", command, options.file,
                       parent.string());
    return kExitFailure;
  }
  std::string error;
  if (!BackupToNewFile(db, options.file, &error)) {
    err << fmt::format("{}: {}\n", command, error);
    return kExitFailure;
  }
  DatabaseSummary summary;
  if (!InspectDatabase(options.file, &summary, &error)) {
    err << fmt::format("{}: wrote {}, but it does not read back: {}\n", command, options.file,
                       error);
    return kExitFailure;
  }
  out << fmt::format(
      "backed up {} to {} ({}; schema version {}, {} users, {} teams). `rungs restore {}` puts "
      "it back.\n",
      db, options.file, SizeText(options.file), summary.schema_version, summary.users,
      summary.teams, options.file);
  return kExitOk;
}

int RunRestore(const RestoreOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs restore";
  if (RefusePostgres(options.data, command, err)) return kExitFailure;
  std::error_code ec;
  if (!fs::is_regular_file(options.file, ec)) {
    err << fmt::format("{}: {}: {}\n", command, options.file,
                       fs::exists(options.file, ec) ? "not a file" : "no such file");
    return kExitFailure;
  }
  DatabaseSummary summary;
  std::string error;
  if (!InspectDatabase(options.file, &summary, &error)) {
    err << fmt::format("{}: {}: {}; nothing was changed\n", command, options.file, error);
    return kExitFailure;
  }
  const std::string db = DatabasePath(options.data.dir);
  const bool had_database = fs::exists(db, ec);
  if (had_database && fs::equivalent(db, options.file, ec)) {
    err << fmt::format("{}: {} is the live database itself; nothing to restore\n", command,
                       options.file);
    return kExitFailure;
  }
  if (had_database) {
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    std::string saved = fmt::format("{}.before-restore-{}.bak", db, now);
    for (int n = 2; fs::exists(saved, ec); ++n) {
      saved = fmt::format("{}.before-restore-{}-{}.bak", db, now, n);
    }
    if (!BackupToNewFile(db, saved, &error)) {
      err << fmt::format(
          "{}: could not back up the current database first: {}; nothing was "
          "changed\n",
          command, error);
      return kExitFailure;
    }
    out << fmt::format("saved the current database as {}\n", saved);
  } else {
    fs::create_directories(options.data.dir, ec);
    if (ec) {
      err << fmt::format("{}: cannot create the data folder {}: {}\n", command, options.data.dir,
                         ec.message());
      return kExitFailure;
    }
  }
  // The backup API replaces the live database's pages in one transaction: readers see the old
  // or the new database, never a mix, and a failure leaves the old one in place. The restored
  // database is migrated first and its generation set above the current one, so a running
  // server's caches cannot take the older data for what they cached.
  if (Status s = RestoreSqlite(options.file, db); !s.ok()) {
    err << fmt::format("{}: {}; the current database was not changed\n", command, s.message);
    return kExitFailure;
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(db);
  if (!store.ok()) {
    err << fmt::format("{}: restored {} but cannot open it: {}\n", command, db,
                       store.status().message);
    return kExitFailure;
  }
  const int version = store.value()->SchemaVersion();
  out << fmt::format("restored {} from {} ({} users, {} teams; schema version {}{})\n", db,
                     options.file, summary.users, summary.teams, version,
                     version != summary.schema_version
                         ? fmt::format(", migrated from {}", summary.schema_version)
                         : "");
  return kExitOk;
}

}  // namespace rungs
