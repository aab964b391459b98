// Moving a team from SQLite to PostgreSQL (`rungs migrate --to`): every row of every table of a
// SQLite store copied into an empty PostgreSQL database, and the copy checked table by table
// (rows counted and checksummed on both sides) before it is committed.
#ifndef RUNGS_STORE_STORE_COPY_H_
#define RUNGS_STORE_STORE_COPY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace rungs {

struct TableCopy {
  std::string table;
  int64_t rows = 0;
  std::string checksum;  // SHA-256 of the rows in order, the same on both sides
};

// Brings the SQLite database at `sqlite_path` to this build's schema (backing it up first, as
// opening it does), creates the schema in the PostgreSQL database at `uri`, which must hold no
// rungs data yet (kConflict otherwise), and copies every table in one transaction that commits
// only when each table's row count and checksum are equal on both sides. The SQLite database is
// only read. Ids are kept, and the store's change stamp carries over.
Result<std::vector<TableCopy>> CopySqliteToPostgres(const std::string& sqlite_path,
                                                    const std::string& uri);

}  // namespace rungs

#endif  // RUNGS_STORE_STORE_COPY_H_
