// The SQLite driver of store/sql.h, on SQLite's C interface: one connection to one database file.
#ifndef RUNGS_STORE_SQL_SQLITE_H_
#define RUNGS_STORE_SQL_SQLITE_H_

#include <memory>
#include <string>

#include "store/sql.h"

namespace rungs::sql {

// Opens (and with `create`, creates) the database file at `path`; `read_only` connections
// refuse every write. Waits up to 5 s for a lock another connection holds. Throws sql::Error.
std::unique_ptr<Connection> OpenSqlite(const std::string& path, bool read_only, bool create);

}  // namespace rungs::sql

#endif  // RUNGS_STORE_SQL_SQLITE_H_
