// `rungs migrate --to postgresql://...` (commands.h).
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/data_store.h"
#include "store/postgres_store.h"
#include "store/store_copy.h"

namespace rungs {

int RunMigrate(const MigrateOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs migrate";
  if (!IsPostgresUri(options.to)) {
    err << fmt::format("{}: --to: {} is not a PostgreSQL address (postgresql://...)\n", command,
                       options.to);
    return kExitUsage;
  }
  const std::string db = DatabasePath(options.data.dir);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(db, ec)) {
    err << fmt::format(
        "{}: there is no database at {} to copy (--data or RUNGS_DATA names the data folder)\n",
        command, db);
    return kExitFailure;
  }
  out << fmt::format(
             "copying {} into {} (stop rungs serve first: what it writes after the "
             "copy begins is not in the copy)\n",
             db, RedactedUri(options.to))
      << std::flush;
  Result<std::vector<TableCopy>> copied = CopySqliteToPostgres(db, options.to);
  if (!copied.ok()) {
    err << fmt::format("{}: {}\n", command, copied.status().message);
    return kExitFailure;
  }
  int64_t rows = 0;
  for (const TableCopy& t : *copied) {
    out << fmt::format("  {:<20} {:>10} rows  sha256 {}\n", t.table, t.rows, t.checksum);
    rows += t.rows;
  }
  out << fmt::format(
      "copied {} rows in {} tables; each table's rows and checksum match the SQLite "
      "database's.\nRun rungs with --database {} (or RUNGS_DATABASE) from now on; {} is left as "
      "it was.\n",
      rows, copied->size(), RedactedUri(options.to), db);
  return kExitOk;
}

}  // namespace rungs
