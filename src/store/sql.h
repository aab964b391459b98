// The SQL the store speaks, whatever database answers it: a connection prepares statements
// (`?` placeholders, bound from 1), steps through their rows and reads columns by index (from 0).
// The store's logic (validation, audit entries, what a removal forgets) is written once against
// this; sql_sqlite.h and sql_postgres.h are the two drivers. Drivers throw sql::Error, which
// says what kind of constraint failed and on which table and column, so the store turns it into
// a status that names the field the same way on both.
#ifndef RUNGS_STORE_SQL_H_
#define RUNGS_STORE_SQL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rungs::sql {

enum class ErrorKind {
  kUnique,      // a unique index or primary key
  kForeignKey,  // a reference to a row that does not exist
  kNotNull,
  kCheck,
  kBusy,  // locked by someone else past the wait; trying again may succeed
  kOther,
};

class Error : public std::runtime_error {
 public:
  // `subject`: what failed, "table.column" for unique and not-null constraints ("users.email"),
  // the column for a check ("role"); empty when the database did not say.
  Error(ErrorKind kind, std::string subject, const std::string& message)
      : std::runtime_error(message), kind_(kind), subject_(std::move(subject)) {}
  ErrorKind kind() const { return kind_; }
  const std::string& subject() const { return subject_; }

 private:
  ErrorKind kind_;
  std::string subject_;
};

// A driver's prepared statement. Query is the handle the store uses.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindReal(int index, double value) = 0;
  virtual void BindText(int index, std::string_view value) = 0;
  virtual void BindBlob(int index, std::string_view bytes) = 0;
  virtual void BindNull(int index) = 0;
  // Runs the statement on the first call; true while there is a row to read.
  virtual bool Step() = 0;
  // Rows the statement inserted, changed or deleted (after it ran).
  virtual int64_t Changes() = 0;
  virtual bool IsNull(int column) = 0;
  virtual int64_t Int64(int column) = 0;
  virtual double Real(int column) = 0;
  // Valid until the next Step or Reset.
  virtual std::string_view TextView(int column) = 0;
  virtual std::string_view BlobView(int column) = 0;
  // Ready to run again, its bindings cleared.
  virtual void Reset() = 0;
};

// A statement being bound and stepped. One the connection keeps (Connection::Cached) is reset
// when its Query goes, so it never holds a read open afterwards.
class Query {
 public:
  static Query Owning(std::unique_ptr<Statement> statement) {
    Query q(statement.get());
    q.owned_ = std::move(statement);
    return q;
  }
  static Query Borrowing(Statement* statement) { return Query(statement); }
  Query(Query&& other) noexcept : statement_(other.statement_), owned_(std::move(other.owned_)) {
    other.statement_ = nullptr;
  }
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  ~Query();

  Query& Bind(int index, int64_t value) {
    statement_->BindInt(index, value);
    return *this;
  }
  Query& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Query& Bind(int index, double value) {
    statement_->BindReal(index, value);
    return *this;
  }
  Query& Bind(int index, std::string_view value) {
    statement_->BindText(index, value);
    return *this;
  }
  Query& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Query& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Query& Bind(int index, const std::optional<int64_t>& value) {
    if (value) return Bind(index, *value);
    statement_->BindNull(index);
    return *this;
  }
  Query& BindBlob(int index, std::string_view bytes) {
    statement_->BindBlob(index, bytes);
    return *this;
  }
  Query& BindNull(int index) {
    statement_->BindNull(index);
    return *this;
  }

  bool Step() { return statement_->Step(); }
  // Runs a statement that returns no rows; the rows it changed.
  int64_t Exec();
  void Reset() { statement_->Reset(); }

  bool IsNull(int column) { return statement_->IsNull(column); }
  int64_t Int64(int column) { return statement_->Int64(column); }
  int Int(int column) { return static_cast<int>(statement_->Int64(column)); }
  bool Bool(int column) { return statement_->Int64(column) != 0; }
  double Real(int column) { return statement_->Real(column); }
  std::string Text(int column) { return std::string(statement_->TextView(column)); }
  std::string_view TextView(int column) { return statement_->TextView(column); }
  std::string Blob(int column) { return std::string(statement_->BlobView(column)); }
  std::optional<int64_t> OptionalInt(int column) {
    if (IsNull(column)) return std::nullopt;
    return Int64(column);
  }

 private:
  explicit Query(Statement* statement) : statement_(statement) {}
  Statement* statement_;
  std::unique_ptr<Statement> owned_;
};

// Where the SQL the two understand differs (a handful of statements), the store asks.
enum class Dialect { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // True once the connection is lost: a pool closes it rather than lending it again.
  virtual bool Broken() const { return false; }
  // A statement for this use only (SQL built for the call, an IN list of its length).
  virtual Query Prepare(const std::string& sql) = 0;
  // A statement kept for the connection's life, for SQL run on every request: parsing it again
  // each time was a third of a person page's store time.
  virtual Query Cached(const std::string& sql) = 0;
  // Runs `sql` (one or more statements, no parameters, no rows).
  virtual void Execute(const std::string& sql) = 0;
  // Inserts `rows` into `table`, each a value per column of `columns` as text (nullopt: NULL),
  // which the database reads as the column's type: PostgreSQL's COPY, a prepared INSERT
  // repeated on SQLite. For many rows at once (a helpdesk batch's weeks).
  using TextRow = std::vector<std::optional<std::string>>;
  virtual void InsertMany(const std::string& table, const std::vector<std::string>& columns,
                          const std::vector<TextRow>& rows) = 0;
  // The id of the row the last INSERT on this connection added.
  virtual int64_t LastInsertId() = 0;
  // A transaction: `write` for one that changes data; a read one sees one snapshot throughout.
  virtual void Begin(bool write) = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
};

// Rolls back unless committed.
class Transaction {
 public:
  Transaction(Connection& db, bool write) : db_(db) { db_.Begin(write); }
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit() {
    db_.Commit();
    done_ = true;
  }

 private:
  Connection& db_;
  bool done_ = false;
};

}  // namespace rungs::sql

#endif  // RUNGS_STORE_SQL_H_
