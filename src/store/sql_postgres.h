// The PostgreSQL driver of store/sql.h, on libpqxx: one connection to one database.
#ifndef RUNGS_STORE_SQL_POSTGRES_H_
#define RUNGS_STORE_SQL_POSTGRES_H_

#include <memory>
#include <string>

#include "store/sql.h"

namespace rungs::sql {

// Connects to `uri` (postgresql://... or a libpq keyword string). A write transaction takes the
// database's one write lock (an advisory lock), so writes from every instance run one at a time
// as on SQLite; a read transaction sees one snapshot (REPEATABLE READ, READ ONLY). Throws
// sql::Error.
std::unique_ptr<Connection> OpenPostgres(const std::string& uri);

// `sql` with its `?` placeholders numbered as PostgreSQL wants them ($1, $2, ...); a `?` inside
// a quoted literal or identifier is left alone.
std::string NumberPlaceholders(const std::string& sql);

// "\x..." as PostgreSQL writes and reads bytea in text, for the bytes `bytes`, and back (nullopt
// for text that is not such a value).
std::string ByteaText(std::string_view bytes);
std::optional<std::string> BytesOfByteaText(std::string_view text);

}  // namespace rungs::sql

#endif  // RUNGS_STORE_SQL_POSTGRES_H_
