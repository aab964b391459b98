// The Store on PostgreSQL, for several instances of rungs on one database: the same logic and
// migrations as the SQLite store (src/store/migrations/postgres/, the same versions), one
// transaction per write with its audit entry, and writes from every instance taking turns under
// one advisory lock, so each sees the database as SQLite's single writer would. Reads run on a
// pool of connections, each in a REPEATABLE READ snapshot. Sessions, throttles, one-time links,
// uploads and the change stamp live in the database, so any instance answers any request.
#ifndef RUNGS_STORE_POSTGRES_STORE_H_
#define RUNGS_STORE_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "store/store.h"

namespace rungs {

// True for what --database takes as PostgreSQL: "postgresql://..." or "postgres://...".
bool IsPostgresUri(const std::string& database);

// `uri` without its password, for messages and logs.
std::string RedactedUri(const std::string& uri);

// Connects to `uri` and applies the migrations the database has not seen.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri);

}  // namespace rungs

#endif  // RUNGS_STORE_POSTGRES_STORE_H_
