#include "store/postgres_store.h"

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/sql_postgres.h"
#include "store/sql_store_impl.h"

namespace rungs {
std::string RedactedUri(const std::string& uri) {
  const size_t scheme = uri.find("://");
  const size_t at = uri.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return uri;
  const size_t colon = uri.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return uri;
  return uri.substr(0, colon) + ":***" + uri.substr(at);
}

bool IsPostgresUri(const std::string& database) {
  return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri) {
  try {
    sql_store::SqlConnections connections;
    // Every connection, writer and readers, is the same kind.
    connections.open_writer = [uri] { return sql::OpenPostgres(uri); };
    connections.open_reader = connections.open_writer;
    auto store = std::make_unique<sql_store::SqlStore>(std::move(connections));
    if (Status s = store->Migrate(sql_store::MigrationsOf(PostgresMigrations()), RedactedUri(uri),
                                  nullptr);
        !s.ok()) {
      return s;
    }
    return std::unique_ptr<Store>(std::move(store));
  } catch (const sql::Error& e) {
    return Status::Unavailable(
        fmt::format("cannot open the database {}: {}", RedactedUri(uri), e.what()));
  }
}

}  // namespace rungs
