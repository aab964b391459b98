#include "store/sql_sqlite.h"

#include <sqlite3.h>

#include <unordered_map>
#include <utility>

namespace rungs::sql {
namespace {

// "UNIQUE constraint failed: users.email" -> "users.email"; "CHECK constraint failed: role IN
// (...)" -> "role IN (...)": what follows the colon names the table and column, or the check.
std::string SubjectOf(const std::string& message) {
  const size_t colon = message.find("failed: ");
  return colon == std::string::npos ? "" : message.substr(colon + 8);
}

Error ErrorOf(sqlite3* db, int code) {
  const std::string message = sqlite3_errmsg(db);
  const int extended = sqlite3_extended_errcode(db);
  ErrorKind kind = ErrorKind::kOther;
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      kind = ErrorKind::kUnique;
      break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      kind = ErrorKind::kForeignKey;
      break;
    case SQLITE_CONSTRAINT_NOTNULL:
      kind = ErrorKind::kNotNull;
      break;
    case SQLITE_CONSTRAINT_CHECK:
      kind = ErrorKind::kCheck;
      break;
    default:
      if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) kind = ErrorKind::kBusy;
  }
  return Error(kind, kind == ErrorKind::kOther ? "" : SubjectOf(message), message);
}

[[noreturn]] void Throw(sqlite3* db, int code) { throw ErrorOf(db, code); }

class SqliteStatement : public Statement {
 public:
  SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
    const int rc =
        sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) Throw(db, rc);
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void BindInt(int index, int64_t value) override {
    Check(sqlite3_bind_int64(stmt_, index, value));
  }
  void BindReal(int index, double value) override {
    Check(sqlite3_bind_double(stmt_, index, value));
  }
  void BindText(int index, std::string_view value) override {
    Check(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                              SQLITE_UTF8));
  }
  void BindBlob(int index, std::string_view bytes) override {
    Check(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  }
  void BindNull(int index) override { Check(sqlite3_bind_null(stmt_, index)); }

  bool Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    // Read before the reset, which ends the error.
    Error error = ErrorOf(db_, rc);
    sqlite3_reset(stmt_);
    throw error;
  }
  int64_t Changes() override { return changes_; }
  bool IsNull(int column) override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int64_t Int64(int column) override { return sqlite3_column_int64(stmt_, column); }
  double Real(int column) override { return sqlite3_column_double(stmt_, column); }
  std::string_view TextView(int column) override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (text == nullptr) return {};
    return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }
  std::string_view BlobView(int column) override {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    if (bytes == nullptr) return {};
    return {bytes, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    changes_ = 0;
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) Throw(db_, rc);
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int64_t changes_ = 0;
};

class SqliteConnection : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    cached_.clear();  // statements are finalized before the connection closes
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Query Prepare(const std::string& sql) override {
    return Query::Owning(std::make_unique<SqliteStatement>(db_, sql));
  }
  Query Cached(const std::string& sql) override {
    auto found = cached_.find(sql);
    if (found == cached_.end()) {
      found = cached_.emplace(sql, std::make_unique<SqliteStatement>(db_, sql)).first;
    }
    return Query::Borrowing(found->second.get());
  }
  void Execute(const std::string& sql) override {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    sqlite3_free(error);
    if (rc != SQLITE_OK) Throw(db_, rc);
  }
  void InsertMany(const std::string& table, const std::vector<std::string>& columns,
                  const std::vector<TextRow>& rows) override {
    std::string names;
    std::string marks;
    for (const std::string& c : columns) {
      names += (names.empty() ? "" : ", ") + c;
      marks += marks.empty() ? "?" : ", ?";
    }
    SqliteStatement insert(db_, "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")");
    for (const TextRow& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        if (row[i]) {
          insert.BindText(index, *row[i]);
        } else {
          insert.BindNull(index);
        }
      }
      while (insert.Step()) {
      }
      insert.Reset();
    }
  }
  int64_t LastInsertId() override { return sqlite3_last_insert_rowid(db_); }
  // A write takes the write lock at once (IMMEDIATE): one that read first and then found
  // another process had written since could not wait its way out, only fail.
  void Begin(bool write) override { Cached(write ? "BEGIN IMMEDIATE" : "BEGIN").Exec(); }
  void Commit() override { Cached("COMMIT").Exec(); }
  void Rollback() override { Cached("ROLLBACK").Exec(); }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cached_;
};

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path, bool read_only, bool create) {
  sqlite3* db = nullptr;
  // NOMUTEX: each connection is used by one thread at a time (the store's lock or pool), and
  // SQLite's own lock around every call cost a fifth of the time of reading every agreed result.
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    throw Error(ErrorKind::kOther, "", message);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  return std::make_unique<SqliteConnection>(db);
}

}  // namespace rungs::sql
