// The Store on SQLite: one file in the data directory, WAL journal, foreign keys on, every
// write in a transaction. Opening it applies the numbered migrations it has not seen
// (src/store/migrations/NNNN_name.sql, compiled in), after backing the file up, and refuses a
// database whose schema is newer than this build knows.
#ifndef RUNGS_STORE_SQLITE_STORE_H_
#define RUNGS_STORE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "store/store.h"

namespace rungs {

// Opens (creating if needed) the database at `path`. The file and its -wal and -shm files are
// made readable by their owner only (mode 0600), as is every backup BackupSqlite writes.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// An online backup of the database at `path` into `backup_path` (SQLite's backup API: a
// consistent copy while the server keeps running).
Status BackupSqlite(const std::string& path, const std::string& backup_path);

// Replaces the database at `path` (created if missing) with the backup at `backup_path`,
// brought up to this build's schema first, in one transaction that a server using `path` sees
// whole or not at all. The restored store's generation (Store::ChangeStamp) is set to the
// current one + the backup's + 1, read while the copy holds the database's write lock, so it
// is above every stamp anyone saw before the restore.
Status RestoreSqlite(const std::string& backup_path, const std::string& path);

}  // namespace rungs

#endif  // RUNGS_STORE_SQLITE_STORE_H_
