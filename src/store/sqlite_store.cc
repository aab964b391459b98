// The SQLite store: the store's logic (sql_store_impl.h) on a SQLite file, with a writer
// connection and a pool of readers; the file kept private; backups and restores with SQLite's
// online backup.
#include "store/sqlite_store.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/sql_sqlite.h"
#include "store/sql_store_impl.h"

namespace rungs {
namespace {

// The generation of an open database: store_meta's, or for a schema from before it the newest
// audit id (what ChangeStamp returned then), or 0 for an empty file.
int64_t GenerationOf(SQLite::Database& db) {
  if (db.tableExists("store_meta")) {
    return db.execAndGet("SELECT generation FROM store_meta").getInt64();
  }
  if (db.tableExists("audit_log")) {
    return db.execAndGet("SELECT COALESCE(MAX(id), 0) FROM audit_log").getInt64();
  }
  return 0;
}

// Takes group and other permissions away from an existing `path`; a missing one is fine.
Status MakeOwnerOnly(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::Internal(
        fmt::format("cannot read the permissions of {}: {}", path, std::strerror(errno)));
  }
  if ((st.st_mode & 0077) == 0) return Status::Ok();
  if (::chmod(path.c_str(), 0600) != 0) {
    return Status::Internal(fmt::format("cannot make {} readable by its owner only (mode 0600): {}",
                                        path, std::strerror(errno)));
  }
  return Status::Ok();
}

// The database holds password hashes, token digests and people's reviews: it, its -wal and -shm
// files and every backup are the owner's alone. The file is created here, empty, with mode 0600
// (an empty file is an empty SQLite database) before SQLite writes a byte, and SQLite creates
// -wal, -shm and -journal files with the database file's permissions. Files an older build left
// readable by others are tightened. No umask is changed: it is the whole process's.
Status KeepPrivate(const std::string& path) {
  // SQLite's in-memory and temporary databases have no file to protect (and must not get one).
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return Status::Ok();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Unavailable(
        fmt::format("cannot open the database {}: {}", path, std::strerror(errno)));
  }
  ::close(fd);
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    if (Status s = MakeOwnerOnly(file); !s.ok()) return s;
  }
  return Status::Ok();
}

// A store on the file at `path`, not yet migrated. Throws sql::Error.
std::unique_ptr<sql_store::SqlStore> NewSqliteStore(const std::string& path) {
  sql_store::SqlConnections connections;
  connections.open_writer = [path] {
    std::unique_ptr<sql::Connection> db = sql::OpenSqlite(path, /*read_only=*/false, true);
    db->Execute("PRAGMA journal_mode = WAL");
    db->Execute("PRAGMA foreign_keys = ON");
    db->Execute("PRAGMA synchronous = NORMAL");
    // Erased and anonymised people's data is overwritten in the file, not just unlinked.
    db->Execute("PRAGMA secure_delete = ON");
    return db;
  };
  // Readers of their own need a file they can open (WAL lets them read beside the writer); a
  // database in memory is read through the writer.
  if (!path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0) {
    connections.open_reader = [path] { return sql::OpenSqlite(path, /*read_only=*/true, false); };
  }
  return std::make_unique<sql_store::SqlStore>(std::move(connections));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  if (Status s = KeepPrivate(path); !s.ok()) return s;
  try {
    std::unique_ptr<sql_store::SqlStore> store = NewSqliteStore(path);
    // A database that has data is backed up before its first new migration.
    auto back_up = [&path](int version) {
      return BackupSqlite(path, fmt::format("{}.before-v{}.bak", path, version));
    };
    if (Status s = store->Migrate(sql_store::MigrationsOf(SqliteMigrations()), path, back_up);
        !s.ok()) {
      return s;
    }
    return std::unique_ptr<Store>(std::move(store));
  } catch (const sql::Error& e) {
    return Status::Unavailable(fmt::format("cannot open the database {}: {}", path, e.what()));
  }
}

Status BackupSqlite(const std::string& path, const std::string& backup_path) {
  if (Status s = KeepPrivate(backup_path); !s.ok()) {
    return Status::Internal(
        fmt::format("cannot back up {} to {}: {}", path, backup_path, s.message));
  }
  try {
    SQLite::Database source(path, SQLite::OPEN_READONLY);
    SQLite::Database target(backup_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(target, source);
    backup.executeStep(-1);
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::Internal(
        fmt::format("cannot back up {} to {}: {}", path, backup_path, e.what()));
  }
}

Status RestoreSqlite(const std::string& backup_path, const std::string& path) {
  namespace fs = std::filesystem;
  // A private copy of the backup beside the database, migrated and given its generation
  // there, so that what the live database receives is complete in one copy.
  const std::string scratch = fmt::format("{}.restoring-{}", path, ::getpid());
  auto remove_scratch = [&] {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(scratch + suffix, ec);
  };
  auto failed = [&](const std::string& why) {
    remove_scratch();
    return Status::Internal(fmt::format("cannot restore {} from {}: {}", path, backup_path, why));
  };
  remove_scratch();
  if (Status s = BackupSqlite(backup_path, scratch); !s.ok()) {
    remove_scratch();
    return s;
  }
  int64_t restored = 0;
  try {
    std::unique_ptr<sql_store::SqlStore> copy = NewSqliteStore(scratch);
    // No backup of the scratch copy: the backup file itself is the original.
    if (Status s = copy->Migrate(sql_store::MigrationsOf(SqliteMigrations()), scratch, nullptr);
        !s.ok()) {
      remove_scratch();
      return s;
    }
    Result<int64_t> stamp = copy->ChangeStamp();
    if (!stamp.ok()) return failed(stamp.status().message);
    restored = *stamp;
  } catch (const sql::Error& e) {
    return failed(e.what());
  }

  std::error_code ec;
  const bool existed = fs::file_size(path, ec) > 0 && !ec;
  if (Status s = KeepPrivate(path); !s.ok()) return failed(s.message);
  try {
    SQLite::Database live(path, SQLite::OPEN_READWRITE);
    live.setBusyTimeout(5000);
    SQLite::Database source(scratch, SQLite::OPEN_READWRITE);
    SQLite::Backup backup(live, source);
    // Zero pages: this takes the live database's write lock, held until the copy commits, so
    // no write can land between reading its generation and replacing it (in WAL mode a second
    // connection still reads).
    int step = backup.executeStep(0);
    if (step == SQLITE_BUSY || step == SQLITE_LOCKED) return failed("the database is busy");
    int64_t current = 0;
    if (existed) {
      SQLite::Database reader(path, SQLite::OPEN_READONLY);
      reader.setBusyTimeout(5000);
      current = GenerationOf(reader);
    }
    {
      // The source changes before any page is copied, so the copy takes the new value.
      SQLite::Database edit(scratch, SQLite::OPEN_READWRITE);
      SQLite::Statement q(edit, "UPDATE store_meta SET generation = ?");
      q.bind(1, current + restored + 1);
      q.exec();
    }
    step = backup.executeStep(-1);
    if (step != SQLITE_DONE) return failed(fmt::format("the copy stopped ({})", step));
  } catch (const SQLite::Exception& e) {
    return failed(e.what());
  }
  remove_scratch();
  return Status::Ok();
}

}  // namespace rungs
