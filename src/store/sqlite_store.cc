#include "store/sqlite_store.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/migrations.h"

namespace rungs {
namespace {

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

std::vector<Migration> Migrations() {
  std::vector<Migration> out;
  for (const EmbeddedFile& file : SqliteMigrations()) {
    const std::string name = std::filesystem::path(file.path).filename().string();
    if (name.size() < 5 || name.substr(name.size() - 4) != ".sql") continue;
    out.push_back({std::stoi(name.substr(0, 4)), name, std::string(file.bytes)});
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

void BindOptional(SQLite::Statement& q, int index, const std::optional<int64_t>& value) {
  if (value) {
    q.bind(index, *value);
  } else {
    q.bind(index);
  }
}

std::optional<int64_t> OptionalInt(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

constexpr const char* kUserColumns =
    "id, email, name, role, team_id, manager_id, framework_id, assigned_rung, start_date, "
    "probation_end, active, created_at";

User ReadUser(SQLite::Statement& q) {
  User u;
  u.id = q.getColumn(0).getInt64();
  u.email = q.getColumn(1).getString();
  u.name = q.getColumn(2).getString();
  u.role = ParseRole(q.getColumn(3).getString()).value_or(Role::kMember);
  u.team_id = OptionalInt(q.getColumn(4));
  u.manager_id = OptionalInt(q.getColumn(5));
  u.framework_id = q.getColumn(6).getString();
  u.assigned_rung = q.getColumn(7).getString();
  u.start_date = q.getColumn(8).getString();
  u.probation_end = q.getColumn(9).getString();
  u.active = q.getColumn(10).getInt() != 0;
  u.created_at = q.getColumn(11).getInt64();
  return u;
}

// Turns SQLite's constraint failures into statuses that name the field.
Status FromException(const SQLite::Exception& e) {
  const std::string what = e.what();
  if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE) {
    if (what.find("users.email") != std::string::npos) {
      return Status::Conflict("a user with this email already exists", "email");
    }
    if (what.find("teams.name") != std::string::npos) {
      return Status::Conflict("a team with this name already exists", "name");
    }
    return Status::Conflict(what);
  }
  if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return Status::Invalid("refers to a team or manager that does not exist");
  }
  if (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED) {
    return {StatusCode::kUnavailable, "the database is busy; try again", ""};
  }
  return Status::Internal(what);
}

class SqliteStore : public Store {
 public:
  explicit SqliteStore(const std::string& path)
      : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA foreign_keys = ON");
    db_.exec("PRAGMA synchronous = NORMAL");
    db_.setBusyTimeout(5000);
  }

  Status Migrate(const std::string& path) {
    db_.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT "
        "NOT NULL, applied_at INTEGER NOT NULL)");
    const int current = SchemaVersion();
    const std::vector<Migration> migrations = Migrations();
    const int known = migrations.empty() ? 0 : migrations.back().version;
    if (current > known) {
      return {StatusCode::kUnavailable,
              fmt::format("the database {} has schema version {}, newer than this rungs knows "
                          "({}); run a newer rungs, or restore a backup",
                          path, current, known),
              ""};
    }
    bool backed_up = current == 0;  // a new database has nothing to lose
    for (const Migration& m : migrations) {
      if (m.version <= current) continue;
      if (!backed_up) {
        const std::string backup = fmt::format("{}.before-v{}.bak", path, m.version);
        if (Status s = BackupSqlite(path, backup); !s.ok()) return s;
        backed_up = true;
      }
      SQLite::Transaction tx(db_);
      db_.exec(m.sql);
      SQLite::Statement q(
          db_, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      q.bind(1, m.version);
      q.bind(2, m.name);
      q.bind(3, Now());
      q.exec();
      tx.commit();
    }
    return Status::Ok();
  }

  int SchemaVersion() override {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    q.executeStep();
    return q.getColumn(0).getInt();
  }

  Result<Team> CreateTeam(const Team& input, const Actor& actor) override {
    Team team = input;
    if (team.name.empty() || team.name.size() > 200) {
      return Status::Invalid("team name must be between 1 and 200 characters", "name");
    }
    return Write<Team>([&]() -> Result<Team> {
      team.created_at = Now();
      SQLite::Statement q(db_, "INSERT INTO teams (name, time_zone, created_at) VALUES (?, ?, ?)");
      q.bind(1, team.name);
      q.bind(2, team.time_zone);
      q.bind(3, team.created_at);
      q.exec();
      team.id = db_.getLastInsertRowid();
      Audit(actor, "team.create", fmt::format("team:{}", team.id), {{"name", team.name}});
      return team;
    });
  }

  Result<std::vector<Team>> ListTeams() override {
    return Read<std::vector<Team>>([&]() -> Result<std::vector<Team>> {
      std::vector<Team> teams;
      SQLite::Statement q(db_, "SELECT id, name, time_zone, created_at FROM teams ORDER BY name");
      while (q.executeStep()) {
        teams.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                         q.getColumn(2).getString(), q.getColumn(3).getInt64()});
      }
      return teams;
    });
  }

  Result<User> CreateUser(const User& input, const Actor& actor) override {
    User user = input;
    user.id = 0;
    if (Status s = ValidateUser(user); !s.ok()) return s;
    return Write<User>([&]() -> Result<User> {
      user.created_at = Now();
      SQLite::Statement q(db_, fmt::format("INSERT INTO users ({}) VALUES (NULL, ?, ?, ?, ?, ?, "
                                           "?, ?, ?, ?, ?, ?)",
                                           kUserColumns));
      BindUser(q, user);
      q.exec();
      user.id = db_.getLastInsertRowid();
      Audit(actor, "user.create", fmt::format("user:{}", user.id),
            {{"email", user.email}, {"role", RoleName(user.role)}});
      return user;
    });
  }

  Result<User> UpdateUser(const User& input, const Actor& actor) override {
    User user = input;
    if (Status s = ValidateUser(user); !s.ok()) return s;
    return Write<User>([&]() -> Result<User> {
      Result<User> before = GetUserLocked(user.id);
      if (!before.ok()) return before.status();
      if (user.manager_id && ManagesTransitively(user.id, *user.manager_id)) {
        return Status::Invalid("that manager reports to this person; managers cannot form a loop",
                               "manager_id");
      }
      user.created_at = before->created_at;
      SQLite::Statement q(db_,
                          "UPDATE users SET email = ?, name = ?, role = ?, team_id = ?, "
                          "manager_id = ?, framework_id = ?, assigned_rung = ?, start_date = ?, "
                          "probation_end = ?, active = ?, created_at = ? WHERE id = ?");
      BindUser(q, user);
      q.bind(12, user.id);
      q.exec();
      nlohmann::json changes = nlohmann::json::object();
      if (before->role != user.role) changes["role"] = RoleName(user.role);
      if (before->manager_id != user.manager_id) {
        changes["manager_id"] = user.manager_id ? nlohmann::json(*user.manager_id) : nullptr;
      }
      if (before->assigned_rung != user.assigned_rung)
        changes["assigned_rung"] = user.assigned_rung;
      if (before->active != user.active) changes["active"] = user.active;
      Audit(actor, "user.update", fmt::format("user:{}", user.id), changes);
      return user;
    });
  }

  Result<User> GetUser(int64_t id) override {
    return Read<User>([&] { return GetUserLocked(id); });
  }

  Result<User> FindUserByEmail(const std::string& email) override {
    return Read<User>([&]() -> Result<User> {
      SQLite::Statement q(db_, fmt::format("SELECT {} FROM users WHERE email = ?", kUserColumns));
      q.bind(1, ToLower(email));
      if (!q.executeStep()) return Status::NotFound("no user with that email");
      return ReadUser(q);
    });
  }

  Result<std::vector<User>> ListUsers() override {
    return Read<std::vector<User>>([&]() -> Result<std::vector<User>> {
      std::vector<User> users;
      SQLite::Statement q(db_, fmt::format("SELECT {} FROM users ORDER BY name, id", kUserColumns));
      while (q.executeStep()) users.push_back(ReadUser(q));
      return users;
    });
  }

  Result<std::vector<User>> ReportsOf(int64_t manager_id) override {
    return Read<std::vector<User>>([&]() -> Result<std::vector<User>> {
      std::vector<User> users;
      // UNION (not UNION ALL) stops at a loop, should one ever get into the data.
      SQLite::Statement q(db_, fmt::format("WITH RECURSIVE reports(id) AS (SELECT id FROM users "
                                           "WHERE manager_id = ? UNION SELECT u.id FROM users u "
                                           "JOIN reports r ON u.manager_id = r.id) SELECT {} "
                                           "FROM users WHERE id IN (SELECT id FROM reports) "
                                           "ORDER BY name, id",
                                           kUserColumns));
      q.bind(1, manager_id);
      while (q.executeStep()) users.push_back(ReadUser(q));
      return users;
    });
  }

  // Issue 5, being implemented.
  Result<Team> UpdateTeam(const Team& /*team*/, const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Status DeleteUser(int64_t /*id*/, const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Status RemoveUser(int64_t /*id*/, Removal /*how*/, const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Status SetPasswordHash(int64_t /*user_id*/, const std::string& /*hash*/,
                         const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<std::string> PasswordHash(int64_t /*user_id*/) override {
    return Status::Internal("not implemented yet");
  }
  Status CreateSession(const Session& /*session*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<Session> FindSession(const std::string& /*token_digest*/, int64_t /*now*/) override {
    return Status::Internal("not implemented yet");
  }
  Status TouchSession(const std::string& /*token_digest*/, int64_t /*now*/) override {
    return Status::Internal("not implemented yet");
  }
  Status DeleteSession(const std::string& /*token_digest*/) override {
    return Status::Internal("not implemented yet");
  }
  Status DeleteSessionsOf(int64_t /*user_id*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<ApiToken> CreateApiToken(const ApiToken& /*token*/, const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<ApiToken> UseApiToken(const std::string& /*token_digest*/, int64_t /*now*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<std::vector<ApiToken>> ListApiTokens(int64_t /*user_id*/) override {
    return Status::Internal("not implemented yet");
  }
  Status RevokeApiToken(int64_t /*user_id*/, int64_t /*token_id*/,
                        const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Status RecordLoginFailure(const std::string& /*key*/, int64_t /*now*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<int> CountLoginFailures(const std::string& /*key*/, int64_t /*since*/) override {
    return Status::Internal("not implemented yet");
  }
  Status ClearLoginFailures(const std::string& /*key*/) override {
    return Status::Internal("not implemented yet");
  }
  Status CreateOneTimeLink(const OneTimeLink& /*link*/, const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<User> RedeemOneTimeLink(const std::string& /*token_digest*/,
                                 const std::string& /*password_hash*/, int64_t /*now*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<FrameworkVersion> PutFrameworkVersion(const FrameworkVersion& /*version*/,
                                               const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<FrameworkVersion> GetFrameworkVersion(int64_t /*id*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<FrameworkVersion> LatestFrameworkVersion(const std::string& /*framework_id*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<std::vector<FrameworkVersion>> ListFrameworkVersions(
      const std::string& /*framework_id*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<CheckIn> CreateCheckIn(int64_t /*user_id*/, int64_t /*framework_version_id*/,
                                const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<CheckIn> GetCheckIn(int64_t /*id*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<std::vector<CheckIn>> ListCheckIns(int64_t /*user_id*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<CheckIn> UpdateResults(int64_t /*checkin_id*/, Side /*side*/,
                                const std::vector<CriterionResult>& /*results*/,
                                const std::string& /*notes*/, const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<CheckIn> Agree(int64_t /*checkin_id*/, const std::vector<CriterionResult>& /*results*/,
                        const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<Evidence> AddEvidence(const Evidence& /*evidence*/, const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Status DeleteEvidence(int64_t /*evidence_id*/, const Actor& /*actor*/) override {
    return Status::Internal("not implemented yet");
  }
  Result<std::vector<AgreedResult>> LatestAgreed(
      const std::vector<int64_t>& /*user_ids*/) override {
    return Status::Internal("not implemented yet");
  }

  Result<std::vector<AuditEntry>> AuditLog(int64_t after_id, int limit) override {
    return Read<std::vector<AuditEntry>>([&]() -> Result<std::vector<AuditEntry>> {
      std::vector<AuditEntry> entries;
      SQLite::Statement q(db_,
                          "SELECT id, at, actor_id, action, target, details FROM audit_log WHERE "
                          "id > ? ORDER BY id LIMIT ?");
      q.bind(1, after_id);
      q.bind(2, limit);
      while (q.executeStep()) {
        entries.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                           OptionalInt(q.getColumn(2)), q.getColumn(3).getString(),
                           q.getColumn(4).getString(), q.getColumn(5).getString()});
      }
      return entries;
    });
  }

 private:
  static std::string ToLower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  void BindUser(SQLite::Statement& q, const User& u) {
    q.bind(1, u.email);
    q.bind(2, u.name);
    q.bind(3, RoleName(u.role));
    BindOptional(q, 4, u.team_id);
    BindOptional(q, 5, u.manager_id);
    q.bind(6, u.framework_id);
    q.bind(7, u.assigned_rung);
    q.bind(8, u.start_date);
    q.bind(9, u.probation_end);
    q.bind(10, u.active ? 1 : 0);
    q.bind(11, u.created_at);
  }

  Result<User> GetUserLocked(int64_t id) {
    SQLite::Statement q(db_, fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns));
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound(fmt::format("no user with id {}", id));
    return ReadUser(q);
  }

  // True when `person` is `candidate`'s manager, directly or further up.
  bool ManagesTransitively(int64_t person, int64_t candidate) {
    SQLite::Statement q(db_,
                        "WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT u.manager_id FROM users "
                        "u JOIN up ON u.id = up.id WHERE u.manager_id IS NOT NULL) SELECT 1 FROM "
                        "up WHERE id = ?");
    q.bind(1, candidate);
    q.bind(2, person);
    return q.executeStep();
  }

  void Audit(const Actor& actor, const std::string& action, const std::string& target,
             const nlohmann::json& details) {
    SQLite::Statement q(db_,
                        "INSERT INTO audit_log (at, actor_id, action, target, details) VALUES (?, "
                        "?, ?, ?, ?)");
    q.bind(1, Now());
    BindOptional(q, 2, actor.user_id);
    q.bind(3, action);
    q.bind(4, target);
    q.bind(5, details.dump());
    q.exec();
  }

  // Runs `fn` in a transaction under the lock; any SQLite error rolls it back.
  template <typename T, typename Fn>
  Result<T> Write(Fn fn) {
    std::lock_guard lock(mutex_);
    try {
      SQLite::Transaction tx(db_);
      Result<T> result = fn();
      if (result.ok()) tx.commit();
      return result;
    } catch (const SQLite::Exception& e) {
      return FromException(e);
    }
  }

  template <typename T, typename Fn>
  Result<T> Read(Fn fn) {
    std::lock_guard lock(mutex_);
    try {
      return fn();
    } catch (const SQLite::Exception& e) {
      return FromException(e);
    }
  }

  std::mutex mutex_;
  SQLite::Database db_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  try {
    auto store = std::make_unique<SqliteStore>(path);
    if (Status s = store->Migrate(path); !s.ok()) return s;
    return std::unique_ptr<Store>(std::move(store));
  } catch (const SQLite::Exception& e) {
    return Status{StatusCode::kUnavailable,
                  fmt::format("cannot open the database {}: {}", path, e.what()), ""};
  }
}

Status BackupSqlite(const std::string& path, const std::string& backup_path) {
  try {
    SQLite::Database source(path, SQLite::OPEN_READONLY);
    SQLite::Database target(backup_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(target, source);
    backup.executeStep(-1);
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::Internal(
        fmt::format("cannot back up {} to {}: {}", path, backup_path, e.what()));
  }
}

}  // namespace rungs
