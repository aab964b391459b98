#include "store/sql_postgres.h"

#include <array>
#include <charconv>
#include <optional>
#include <pqxx/pqxx>
#include <utility>

#include <fmt/format.h>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rungs::sql {
namespace {

// Serialises writes across every instance on the database, held until the transaction ends.
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(7262011)";
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

// The text between `after` and the next double quote: `constraint "users.email"` -> users.email.
std::string QuotedAfter(const std::string& message, const std::string& after) {
  const size_t at = message.find(after);
  if (at == std::string::npos) return "";
  const size_t start = at + after.size();
  const size_t end = message.find('"', start);
  return end == std::string::npos ? "" : message.substr(start, end - start);
}

Error ErrorOf(const pqxx::sql_error& e) {
  const std::string& state = e.sqlstate();
  const std::string message = e.what();
  // The migrations name unique and check constraints "table.column" (for a check, the column),
  // as SQLite's messages name them.
  if (state == "23505")
    return Error(ErrorKind::kUnique, QuotedAfter(message, "constraint \""), message);
  if (state == "23503") return Error(ErrorKind::kForeignKey, "", message);
  if (state == "23514")
    return Error(ErrorKind::kCheck, QuotedAfter(message, "constraint \""), message);
  if (state == "23502") {
    // null value in column "name" of relation "users" violates not-null constraint
    return Error(ErrorKind::kNotNull,
                 QuotedAfter(message, "relation \"") + "." + QuotedAfter(message, "column \""),
                 message);
  }
  // Serialization failure, deadlock, lock not available, statement timeout.
  if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014") {
    return Error(ErrorKind::kBusy, "", message);
  }
  return Error(ErrorKind::kOther, "", message);
}

// libpqxx's COPY stream writes a row from a tuple (or an array) of fields, so its size is
// fixed when compiling: one writer per column count, chosen at run time.
template <size_t N>
void WriteCopyRows(pqxx::stream_to& copy, const std::vector<Connection::TextRow>& rows) {
  std::array<const char*, N> fields{};
  for (const Connection::TextRow& row : rows) {
    for (size_t i = 0; i < N; ++i) fields[i] = row.at(i) ? row[i]->c_str() : nullptr;
    copy << fields;
  }
}
using CopyWriter = void (*)(pqxx::stream_to&, const std::vector<Connection::TextRow>&);
template <size_t... I>
constexpr std::array<CopyWriter, sizeof...(I)> CopyWriters(std::index_sequence<I...>) {
  return {&WriteCopyRows<I + 1>...};
}
constexpr auto kCopyWriters = CopyWriters(std::make_index_sequence<24>{});

class PgConnection;

class PgStatement : public Statement {
 public:
  // `name` empty: run unnamed (parsed at each run), for SQL used once.
  PgStatement(PgConnection& connection, std::string name, std::string sql)
      : connection_(connection), name_(std::move(name)), sql_(std::move(sql)) {}

  void BindInt(int index, int64_t value) override { Set(index, std::to_string(value)); }
  void BindReal(int index, double value) override {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    Set(index, std::string(buffer, ec == std::errc() ? end : buffer));
  }
  void BindText(int index, std::string_view value) override { Set(index, std::string(value)); }
  void BindBlob(int index, std::string_view bytes) override { Set(index, ByteaText(bytes)); }
  void BindNull(int index) override { Set(index, std::nullopt); }

  bool Step() override;
  int64_t Changes() override { return ran_ ? static_cast<int64_t>(result_.affected_rows()) : 0; }
  bool IsNull(int column) override { return Field(column).is_null(); }
  int64_t Int64(int column) override {
    const std::string_view text = TextView(column);
    if (text == "t") return 1;  // a boolean read as a number, as SQLite's are
    int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  double Real(int column) override {
    const std::string_view text = TextView(column);
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  std::string_view TextView(int column) override {
    const pqxx::field f = Field(column);
    if (f.is_null()) return {};
    return {f.c_str(), f.size()};
  }
  std::string_view BlobView(int column) override {
    blob_ = BytesOfByteaText(TextView(column)).value_or("");
    return blob_;
  }
  void Reset() override {
    values_.clear();
    result_ = pqxx::result();
    ran_ = false;
    next_row_ = 0;
    in_use_ = false;
  }
  bool in_use() const { return in_use_; }
  void set_in_use() { in_use_ = true; }
  const std::string& name() const { return name_; }
  const std::string& sql() const { return sql_; }

 private:
  void Set(int index, std::optional<std::string> value) {
    if (index < 1) throw Error(ErrorKind::kOther, "", "a parameter index starts at 1");
    if (values_.size() < static_cast<size_t>(index)) values_.resize(static_cast<size_t>(index));
    values_[static_cast<size_t>(index) - 1] = std::move(value);
  }
  pqxx::field Field(int column) {
    return result_[static_cast<pqxx::result::size_type>(row_)]
                  [static_cast<pqxx::row::size_type>(column)];
  }

  PgConnection& connection_;
  const std::string name_;
  const std::string sql_;
  std::vector<std::optional<std::string>> values_;
  pqxx::result result_;
  bool ran_ = false;
  size_t next_row_ = 0;
  size_t row_ = 0;
  std::string blob_;
  bool in_use_ = false;  // lent to a Query (Connection::Cached) that has not reset it
};

class PgConnection : public Connection {
 public:
  explicit PgConnection(const std::string& uri) : connection_(uri), work_(connection_) {}

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool Broken() const override { return broken_ || !connection_.is_open(); }

  // Prepared on the server and kept too, while there are not many: parsing and planning each
  // statement again was a third of PostgreSQL's time for a person's page. SQL made for one call
  // (an IN list of its length) could grow the set without end, so past kMaxPrepared statements
  // run unnamed.
  Query Prepare(const std::string& sql) override {
    if (cached_.size() < kMaxPrepared || cached_.contains(sql)) return Cached(sql);
    return Query::Owning(std::make_unique<PgStatement>(*this, "", NumberPlaceholders(sql)));
  }
  Query Cached(const std::string& sql) override {
    auto found = cached_.find(sql);
    if (found == cached_.end()) {
      std::string name = "rungs_" + std::to_string(cached_.size() + 1);
      const std::string numbered = NumberPlaceholders(sql);
      Guard([&] { connection_.prepare(name, numbered); });
      found = cached_.emplace(sql, std::make_unique<PgStatement>(*this, name, numbered)).first;
    }
    PgStatement& statement = *found->second;
    // The same SQL again while a query still reads it (one nested in another's loop): a
    // statement of its own, so the first keeps its rows.
    if (statement.in_use()) {
      return Query::Owning(std::make_unique<PgStatement>(*this, statement.name(), statement.sql()));
    }
    statement.set_in_use();
    return Query::Borrowing(&statement);
  }
  void Execute(const std::string& sql) override {
    Guard([&] { work_.exec(sql); });
  }
  void InsertMany(const std::string& table, const std::vector<std::string>& columns,
                  const std::vector<TextRow>& rows) override {
    if (columns.empty() || columns.size() > kCopyWriters.size()) {
      throw Error(
          ErrorKind::kOther, "",
          fmt::format("a COPY of {} columns is more than {}", columns.size(), kCopyWriters.size()));
    }
    Guard([&] {
      pqxx::stream_to copy(work_, table, columns);
      kCopyWriters[columns.size() - 1](copy, rows);
      copy.complete();
    });
  }
  int64_t LastInsertId() override {
    int64_t id = 0;
    Guard([&] { id = work_.exec1("SELECT lastval()")[0].as<int64_t>(); });
    return id;
  }
  void Begin(bool write) override { Execute(write ? kBeginWrite : kBeginRead); }
  void Commit() override { Execute("COMMIT"); }
  void Rollback() override { Execute("ROLLBACK"); }

  pqxx::result Run(const std::string& name, const std::string& sql,
                   const std::vector<std::optional<std::string>>& values) {
    std::vector<const char*> params;
    params.reserve(values.size());
    for (const std::optional<std::string>& v : values) params.push_back(v ? v->c_str() : nullptr);
    pqxx::result result;
    Guard([&] {
      result = name.empty() ? work_.exec_params(sql, pqxx::prepare::make_dynamic_params(params))
                            : work_.exec_prepared(name, pqxx::prepare::make_dynamic_params(params));
    });
    return result;
  }

 private:
  // Runs `fn`, turning libpqxx's errors into sql::Error.
  template <typename Fn>
  void Guard(Fn fn) {
    try {
      fn();
    } catch (const pqxx::sql_error& e) {
      throw ErrorOf(e);
    } catch (const pqxx::broken_connection& e) {
      broken_ = true;
      throw Error(ErrorKind::kBusy, "",
                  std::string("the database connection was lost: ") + e.what());
    } catch (const pqxx::failure& e) {
      broken_ = true;  // in doubt: a new connection is the safe next step
      throw Error(ErrorKind::kOther, "", e.what());
    }
  }

  static constexpr size_t kMaxPrepared = 512;

  pqxx::connection connection_;
  // Every statement runs through one non-transaction; BEGIN and COMMIT are sent as SQL, so the
  // store decides where transactions begin and end, as it does on SQLite.
  pqxx::nontransaction work_;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>> cached_;
  bool broken_ = false;
};

bool PgStatement::Step() {
  if (!ran_) {
    result_ = connection_.Run(name_, sql_, values_);
    ran_ = true;
    next_row_ = 0;
  }
  if (next_row_ >= result_.size()) return false;
  row_ = next_row_++;
  return true;
}

}  // namespace

std::string NumberPlaceholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

std::string ByteaText(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

std::optional<std::string> BytesOfByteaText(std::string_view text) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) {
    return std::nullopt;
  }
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve((text.size() - 2) / 2);
  for (size_t i = 2; i < text.size(); i += 2) {
    const int hi = nibble(text[i]);
    const int lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi << 4 | lo);
  }
  return out;
}

std::unique_ptr<Connection> OpenPostgres(const std::string& uri) {
  try {
    return std::make_unique<PgConnection>(uri);
  } catch (const pqxx::broken_connection& e) {
    throw Error(ErrorKind::kBusy, "", std::string("cannot connect to PostgreSQL: ") + e.what());
  } catch (const pqxx::failure& e) {
    throw Error(ErrorKind::kOther, "", std::string("cannot connect to PostgreSQL: ") + e.what());
  }
}

}  // namespace rungs::sql
