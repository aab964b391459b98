#include "store/store_copy.h"

#include <memory>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "store/postgres_store.h"
#include "store/sql.h"
#include "store/sql_postgres.h"
#include "store/sql_sqlite.h"
#include "store/sqlite_store.h"
#include "util/hash.h"

namespace rungs {
namespace {

struct TableSpec {
  const char* name;
  bool identity_id;  // PostgreSQL generates its ids: the sequence moves past the copied ones
};

// In an order where every reference points at a table copied before (users' managers are set
// once every user is in).
constexpr TableSpec kTables[] = {
    {"teams", true},
    {"users", true},
    {"audit_log", true},
    {"sessions", false},
    {"api_tokens", true},
    {"login_failures", false},
    {"one_time_links", false},
    {"framework_versions", true},
    {"checkins", true},
    {"checkin_results", false},
    {"evidence", true},
    {"evidence_criteria", false},
    {"agreed_latest", false},
    {"ingest_batches", true},
    {"identity_weeks", false},
    {"person_identities", false},
    {"framework_files", false},
    {"saved_mappings", false},
    {"calendar_feeds", false},
    {"store_meta", false},
};

enum class Type { kInteger, kReal, kText, kBlob };

struct Column {
  std::string name;
  Type type = Type::kText;
};

// A value read from one side, to be bound on the other.
struct Cell {
  bool null = false;
  int64_t integer = 0;
  double real = 0;
  std::string bytes;  // text or blob
};

std::vector<Column> ColumnsOf(sql::Connection& sqlite, const std::string& table) {
  std::vector<Column> columns;
  sql::Query q = sqlite.Prepare(fmt::format("PRAGMA table_info(\"{}\")", table));
  while (q.Step()) {
    const std::string type = q.Text(2);
    Column c{q.Text(1), Type::kText};
    if (type == "INTEGER") c.type = Type::kInteger;
    if (type == "REAL") c.type = Type::kReal;
    if (type == "BLOB") c.type = Type::kBlob;
    columns.push_back(std::move(c));
  }
  return columns;
}

Cell ReadCell(sql::Query& q, int i, Type type) {
  Cell cell;
  if (q.IsNull(i)) {
    cell.null = true;
    return cell;
  }
  switch (type) {
    case Type::kInteger:
      cell.integer = q.Int64(i);
      break;
    case Type::kReal:
      cell.real = q.Real(i);
      break;
    case Type::kText:
      cell.bytes = q.TextView(i);
      break;
    case Type::kBlob:
      cell.bytes = q.Blob(i);
      break;
  }
  return cell;
}

void BindCell(sql::Query& q, int index, const Cell& cell, Type type) {
  if (cell.null) {
    q.BindNull(index);
    return;
  }
  switch (type) {
    case Type::kInteger:
      q.Bind(index, cell.integer);
      break;
    case Type::kReal:
      q.Bind(index, cell.real);
      break;
    case Type::kText:
      q.Bind(index, std::string_view(cell.bytes));
      break;
    case Type::kBlob:
      q.BindBlob(index, cell.bytes);
      break;
  }
}

std::string ColumnList(const std::vector<Column>& columns) {
  std::string out;
  for (const Column& c : columns) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

// Every column, nulls first, so both databases give the rows in one order (PostgreSQL's text
// columns compare bytes, as SQLite's do).
std::string OrderBy(const std::vector<Column>& columns) {
  std::string out;
  for (const Column& c : columns) {
    out += fmt::format("{}CASE WHEN {} IS NULL THEN 0 ELSE 1 END, {}", out.empty() ? "" : ", ",
                       c.name, c.name);
  }
  return out;
}

// The table's rows in order, each value typed and delimited, hashed; and how many there are.
TableCopy Checksum(sql::Connection& db, const std::string& table,
                   const std::vector<Column>& columns) {
  Sha256 sha;
  TableCopy out{table, 0, ""};
  sql::Query q = db.Prepare(
      fmt::format("SELECT {} FROM {} ORDER BY {}", ColumnList(columns), table, OrderBy(columns)));
  while (q.Step()) {
    ++out.rows;
    for (size_t i = 0; i < columns.size(); ++i) {
      const Cell cell = ReadCell(q, static_cast<int>(i), columns[i].type);
      if (cell.null) {
        sha.Add("N;");
      } else if (columns[i].type == Type::kInteger) {
        sha.Add(fmt::format("I{};", cell.integer));
      } else if (columns[i].type == Type::kReal) {
        sha.Add(fmt::format("R{};", cell.real));
      } else {
        sha.Add(fmt::format("S{}:", cell.bytes.size()));
        sha.Add(cell.bytes);
      }
    }
    sha.Add("\n");
  }
  out.checksum = sha.Hex();
  return out;
}

// Copies `table`'s rows, a few hundred to a statement (one round trip each).
void CopyRows(sql::Connection& from, sql::Connection& to, const std::string& table,
              const std::vector<Column>& columns, bool without_managers) {
  constexpr size_t kRowsPerInsert = 200;
  const std::string list = ColumnList(columns);
  std::string one_row = "(";
  for (size_t i = 0; i < columns.size(); ++i) one_row += i == 0 ? "?" : ", ?";
  one_row += ")";
  auto insert = [&](const std::vector<std::vector<Cell>>& rows) {
    if (rows.empty()) return;
    std::string values;
    for (size_t r = 0; r < rows.size(); ++r) values += (r == 0 ? "" : ", ") + one_row;
    sql::Query q = to.Prepare(fmt::format("INSERT INTO {} ({}) VALUES {}", table, list, values));
    int index = 0;
    for (const std::vector<Cell>& row : rows) {
      for (size_t i = 0; i < columns.size(); ++i) BindCell(q, ++index, row[i], columns[i].type);
    }
    q.Exec();
  };
  std::vector<std::vector<Cell>> batch;
  sql::Query read = from.Prepare(fmt::format("SELECT {} FROM {}", list, table));
  while (read.Step()) {
    std::vector<Cell> row;
    row.reserve(columns.size());
    for (size_t i = 0; i < columns.size(); ++i) {
      row.push_back(ReadCell(read, static_cast<int>(i), columns[i].type));
      if (without_managers && columns[i].name == "manager_id") row.back().null = true;
    }
    batch.push_back(std::move(row));
    if (batch.size() == kRowsPerInsert) {
      insert(batch);
      batch.clear();
    }
  }
  insert(batch);
}

Result<std::vector<TableCopy>> Copy(sql::Connection& from, sql::Connection& to,
                                    const std::string& uri) {
  // Every table of the SQLite database must be one this build knows how to copy.
  std::set<std::string> known;
  for (const TableSpec& t : kTables) known.insert(t.name);
  {
    sql::Query q = from.Prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
        "name <> 'schema_migrations'");
    while (q.Step()) {
      if (!known.contains(q.Text(0))) {
        return Status::Internal(
            fmt::format("the SQLite database has a table this rungs cannot copy: {}", q.Text(0)));
      }
    }
  }
  for (const TableSpec& t : kTables) {
    if (std::string(t.name) == "store_meta") continue;
    sql::Query q = to.Prepare(fmt::format("SELECT COUNT(*) FROM {}", t.name));
    q.Step();
    if (q.Int64(0) > 0) {
      return Status::Conflict(fmt::format("{} already holds rungs data ({} rows in {}); "
                                          "migrate into an empty database",
                                          RedactedUri(uri), q.Int64(0), t.name),
                              "to");
    }
  }

  sql::Transaction read(from, /*write=*/false);
  sql::Transaction write(to, /*write=*/true);
  std::vector<TableCopy> copies;
  for (const TableSpec& t : kTables) {
    const std::string table = t.name;
    const std::vector<Column> columns = ColumnsOf(from, table);
    if (table == "store_meta") {
      // One row, made by the migration: it takes the SQLite store's generation, so caches keyed
      // by the stamp never take PostgreSQL's data for an older state.
      to.Execute("DELETE FROM store_meta");
    }
    CopyRows(from, to, table, columns, /*without_managers=*/table == "users");
    if (table == "users") {
      sql::Query managers =
          from.Prepare("SELECT id, manager_id FROM users WHERE manager_id IS NOT NULL");
      sql::Query set = to.Prepare("UPDATE users SET manager_id = ? WHERE id = ?");
      while (managers.Step()) {
        set.Bind(1, managers.Int64(1));
        set.Bind(2, managers.Int64(0));
        set.Exec();
        set.Reset();
      }
    }
    if (t.identity_id) {
      to.Execute(fmt::format(
          "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 "
          "FROM {0}), false)",
          table));
    }
    TableCopy source = Checksum(from, table, columns);
    TableCopy copied = Checksum(to, table, columns);
    if (source.rows != copied.rows || source.checksum != copied.checksum) {
      return Status::Internal(fmt::format(
          "the copy of {} differs from the original ({} rows, checksum {}; copied {} rows, "
          "checksum {}); nothing was written",
          table, source.rows, source.checksum.substr(0, 12), copied.rows,
          copied.checksum.substr(0, 12)));
    }
    copies.push_back(std::move(source));
  }
  write.Commit();
  read.Commit();
  // The planner's statistics of the tables just filled: without them it chose plans that read
  // whole tables, and a person's page took 250 ms instead of 2.
  to.Execute("ANALYZE");
  return copies;
}

}  // namespace

Result<std::vector<TableCopy>> CopySqliteToPostgres(const std::string& sqlite_path,
                                                    const std::string& uri) {
  // Both at this build's schema first, each the way opening it as a store does.
  {
    Result<std::unique_ptr<Store>> source = OpenSqliteStore(sqlite_path);
    if (!source.ok()) return source.status();
  }
  {
    Result<std::unique_ptr<Store>> target = OpenPostgresStore(uri);
    if (!target.ok()) return target.status();
  }
  try {
    std::unique_ptr<sql::Connection> from =
        sql::OpenSqlite(sqlite_path, /*read_only=*/true, /*create=*/false);
    std::unique_ptr<sql::Connection> to = sql::OpenPostgres(uri);
    return Copy(*from, *to, uri);
  } catch (const sql::Error& e) {
    return Status::Internal(fmt::format("the copy stopped, and nothing was written: {}", e.what()));
  }
}

}  // namespace rungs
