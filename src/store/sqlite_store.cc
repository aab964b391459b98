// Opening and migrating the SQLite store, teams and people, removing people, the audit log.
#include "store/sqlite_store.h"

#include <SQLiteCpp/Backup.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/sqlite_store_impl.h"
#include "util/clock.h"
#include "util/json_text.h"

namespace rungs {
namespace sqlite_impl {
namespace {

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

// The first column a constraint message names: "UNIQUE constraint failed: users.email" and
// "NOT NULL constraint failed: users.name" give the column, "CHECK constraint failed: role IN
// (...)" the first word of the expression.
std::string ConstraintColumn(const std::string& what) {
  const size_t colon = what.find(": ");
  if (colon == std::string::npos) return "";
  size_t start = colon + 2;
  const size_t end = what.find_first_not_of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.", start);
  std::string name = what.substr(start, end == std::string::npos ? end : end - start);
  const size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

struct UniqueMessage {
  const char* columns;  // as SQLite names them in the message
  const char* message;
  const char* field;
};

constexpr UniqueMessage kUniqueMessages[] = {
    {"users.email", "a user with this email already exists", "email"},
    {"teams.name", "a team with this name already exists", "name"},
    {"checkins.user_id", "this person already has an open check-in", "user_id"},
    {"sessions.token_digest", "that session already exists", "token_digest"},
    {"api_tokens.token_digest", "that token already exists", "token_digest"},
    {"one_time_links.token_digest", "that link already exists", "token_digest"},
    {"framework_versions.framework_id", "that framework version is already stored", "content_hash"},
};

// What ScrubAuditOf writes instead of a removed person's data, and what anonymised evidence says.
constexpr const char* kRemoved = "(removed)";

// The generation of an open database: store_meta's, or for a schema from before it the newest
// audit id (what ChangeStamp returned then), or 0 for an empty file.
int64_t GenerationOf(SQLite::Database& db) {
  if (db.tableExists("store_meta")) {
    return db.execAndGet("SELECT generation FROM store_meta").getInt64();
  }
  if (db.tableExists("audit_log")) {
    return db.execAndGet("SELECT COALESCE(MAX(id), 0) FROM audit_log").getInt64();
  }
  return 0;
}

// Takes group and other permissions away from an existing `path`; a missing one is fine.
Status MakeOwnerOnly(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::Internal(
        fmt::format("cannot read the permissions of {}: {}", path, std::strerror(errno)));
  }
  if ((st.st_mode & 0077) == 0) return Status::Ok();
  if (::chmod(path.c_str(), 0600) != 0) {
    return Status::Internal(fmt::format("cannot make {} readable by its owner only (mode 0600): {}",
                                        path, std::strerror(errno)));
  }
  return Status::Ok();
}

}  // namespace

// The database holds password hashes, token digests and people's reviews: it, its -wal and -shm
// files and every backup are the owner's alone. The file is created here, empty, with mode 0600
// (an empty file is an empty SQLite database) before SQLite writes a byte, and SQLite creates
// -wal, -shm and -journal files with the database file's permissions. Files an older build left
// readable by others are tightened. No umask is changed: it is the whole process's.
Status KeepPrivate(const std::string& path) {
  // SQLite's in-memory and temporary databases have no file to protect (and must not get one).
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return Status::Ok();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Unavailable(
        fmt::format("cannot open the database {}: {}", path, std::strerror(errno)));
  }
  ::close(fd);
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    if (Status s = MakeOwnerOnly(file); !s.ok()) return s;
  }
  return Status::Ok();
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

Assessment ReadAssessment(const SQLite::Column& column) {
  // Read in place: a page reads hundreds of these, and copying each into a string showed.
  const std::string_view name(column.getText(), static_cast<size_t>(column.getBytes()));
  return ParseAssessment(name).value_or(Assessment::kNone);
}

Status FromException(const SQLite::Exception& e, const char* fk_field) {
  const std::string what = e.what();
  const int code = e.getExtendedErrorCode();
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    for (const UniqueMessage& m : kUniqueMessages) {
      if (what.find(m.columns) != std::string::npos) return Status::Conflict(m.message, m.field);
    }
    return Status::Conflict(what, ConstraintColumn(what));
  }
  if (code == SQLITE_CONSTRAINT_FOREIGNKEY) {
    const std::string field = fk_field;
    return Status::Invalid(field.empty() ? "refers to something that does not exist"
                                         : field + " refers to something that does not exist",
                           field);
  }
  if (code == SQLITE_CONSTRAINT_NOTNULL) {
    const std::string field = ConstraintColumn(what);
    return Status::Invalid(field + " is required", field);
  }
  if (code == SQLITE_CONSTRAINT_CHECK) {
    const std::string field = ConstraintColumn(what);
    return Status::Invalid(field + " has a value that is not allowed", field);
  }
  if (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED) {
    return Status::Unavailable("the database is busy; try again");
  }
  return Status::Internal(what);
}

// NOMUTEX: mutex_ already serialises every use of the connection, and SQLite's own lock around
// each call cost a fifth of the time of reading every agreed result.
SqliteStore::SqliteStore(const std::string& path)
    : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {
  db_.exec("PRAGMA journal_mode = WAL");
  db_.exec("PRAGMA foreign_keys = ON");
  db_.exec("PRAGMA synchronous = NORMAL");
  // Erased and anonymised people's data is overwritten in the file, not just unlinked.
  db_.exec("PRAGMA secure_delete = ON");
  db_.setBusyTimeout(5000);
}

SqliteStore::CachedStatement SqliteStore::Cached(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    found = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  return CachedStatement(*found->second);
}

Status SqliteStore::Migrate(const std::string& path, bool back_up_first) {
  db_.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT "
      "NOT NULL, applied_at INTEGER NOT NULL)");
  const int current = SchemaVersion();
  const std::vector<Migration> migrations = Migrations();
  const int known = migrations.empty() ? 0 : migrations.back().version;
  if (current > known) {
    return Status::Unavailable(
        fmt::format("the database {} has schema version {}, newer than this rungs knows "
                    "({}); run a newer rungs, or restore a backup",
                    path, current, known));
  }
  bool backed_up = current == 0 || !back_up_first;  // a new database has nothing to lose
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

void SqliteStore::SetClock(std::function<int64_t()> clock) {
  std::lock_guard lock(mutex_);
  clock_ = std::move(clock);
}

int SqliteStore::SchemaVersion() {
  std::lock_guard lock(mutex_);
  SQLite::Statement q(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  q.executeStep();
  return q.getColumn(0).getInt();
}

Result<Team> SqliteStore::CreateTeam(const Team& input, const Actor& actor) {
  Team team = input;
  if (Status s = ValidateTeam(team); !s.ok()) return s;
  return Write<Team>([&]() -> Result<Team> {
    team.created_at = Now();
    team.cadence_since = team.cadence_weeks > 0 ? team.created_at : 0;
    SQLite::Statement q(db_,
                        "INSERT INTO teams (name, time_zone, created_at, cadence_weeks, "
                        "cadence_since) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, team.name);
    q.bind(2, team.time_zone);
    q.bind(3, team.created_at);
    q.bind(4, team.cadence_weeks);
    q.bind(5, team.cadence_since);
    q.exec();
    team.id = db_.getLastInsertRowid();
    nlohmann::json details = {{"name", team.name}};
    if (team.cadence_weeks > 0) details["cadence_weeks"] = team.cadence_weeks;
    Audit(actor, "team.create", fmt::format("team:{}", team.id), details);
    return team;
  });
}

Result<std::vector<Team>> SqliteStore::ListTeams() {
  return Read<std::vector<Team>>([&]() -> Result<std::vector<Team>> {
    std::vector<Team> teams;
    SQLite::Statement q(db_,
                        "SELECT id, name, time_zone, created_at, cadence_weeks, cadence_since "
                        "FROM teams ORDER BY name");
    while (q.executeStep()) {
      teams.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                       q.getColumn(2).getString(), q.getColumn(3).getInt64(),
                       q.getColumn(4).getInt(), q.getColumn(5).getInt64()});
    }
    return teams;
  });
}

Result<Team> SqliteStore::UpdateTeam(const Team& input, const Actor& actor) {
  Team team = input;
  if (Status s = ValidateTeam(team); !s.ok()) return s;
  return Write<Team>([&]() -> Result<Team> {
    SQLite::Statement before(db_,
                             "SELECT name, time_zone, created_at, cadence_weeks, cadence_since "
                             "FROM teams WHERE id = ?");
    before.bind(1, team.id);
    if (!before.executeStep()) return Status::NotFound(fmt::format("no team with id {}", team.id));
    nlohmann::json changes = nlohmann::json::object();
    if (before.getColumn(0).getString() != team.name) changes["name"] = team.name;
    if (before.getColumn(1).getString() != team.time_zone) changes["time_zone"] = team.time_zone;
    team.created_at = before.getColumn(2).getInt64();
    const int cadence_before = before.getColumn(3).getInt();
    if (cadence_before != team.cadence_weeks) changes["cadence_weeks"] = team.cadence_weeks;
    if (team.cadence_weeks == 0) {
      team.cadence_since = 0;
    } else if (cadence_before == 0) {
      team.cadence_since = Now();
    } else {
      team.cadence_since = before.getColumn(4).getInt64();
    }
    SQLite::Statement q(db_,
                        "UPDATE teams SET name = ?, time_zone = ?, cadence_weeks = ?, "
                        "cadence_since = ? WHERE id = ?");
    q.bind(1, team.name);
    q.bind(2, team.time_zone);
    q.bind(3, team.cadence_weeks);
    q.bind(4, team.cadence_since);
    q.bind(5, team.id);
    q.exec();
    Audit(actor, "team.update", fmt::format("team:{}", team.id), changes);
    return team;
  });
}

Status SqliteStore::InsertUserLocked(User& user, const Actor& actor, const char* action) {
  if (Status s = CheckReferences(user); !s.ok()) return s;
  user.created_at = Now();
  SQLite::Statement q(db_, fmt::format("INSERT INTO users ({}) VALUES (NULL, ?, ?, ?, ?, ?, "
                                       "?, ?, ?, ?, ?, ?)",
                                       kUserColumns));
  BindUser(q, user);
  q.exec();
  user.id = db_.getLastInsertRowid();
  Audit(actor, action, fmt::format("user:{}", user.id),
        {{"email", user.email}, {"role", RoleName(user.role)}});
  return Status::Ok();
}

Result<User> SqliteStore::CreateUser(const User& input, const Actor& actor) {
  User user = input;
  user.id = 0;
  if (Status s = ValidateUser(user); !s.ok()) return s;
  return Write<User>([&]() -> Result<User> {
    if (Status s = InsertUserLocked(user, actor, "user.create"); !s.ok()) return s;
    return user;
  });
}

Result<User> SqliteStore::CreateFirstAdmin(const User& input, const std::string& password_hash,
                                           const Actor& actor) {
  User user = input;
  user.id = 0;
  user.role = Role::kAdmin;
  if (Status s = ValidateUser(user); !s.ok()) return s;
  if (Status s = ValidateText(password_hash, "password_hash"); !s.ok()) return s;
  if (password_hash.empty()) return Status::Invalid("a password is required", "password");
  return Write<User>([&]() -> Result<User> {
    if (AdminExistsLocked()) {
      return Status::Conflict("rungs has an admin already; sign in instead", "role");
    }
    if (Status s = InsertUserLocked(user, actor, "user.create_first_admin"); !s.ok()) return s;
    SQLite::Statement password(db_, "UPDATE users SET password_hash = ? WHERE id = ?");
    password.bind(1, password_hash);
    password.bind(2, user.id);
    password.exec();
    return user;
  });
}

bool SqliteStore::AdminExistsLocked() {
  SQLite::Statement q(db_, "SELECT 1 FROM users WHERE role = 'admin' LIMIT 1");
  return q.executeStep();
}

Result<bool> SqliteStore::HasAdmin() {
  return Read<bool>([&]() -> Result<bool> { return AdminExistsLocked(); });
}

Result<User> SqliteStore::UpdateUser(const User& input, const Actor& actor) {
  User user = input;
  if (Status s = ValidateUser(user); !s.ok()) return s;
  return Write<User>([&]() -> Result<User> {
    Result<User> before = GetUserLocked(user.id);
    if (!before.ok()) return before.status();
    if (Status s = CheckReferences(user); !s.ok()) return s;
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
    if (before->assigned_rung != user.assigned_rung) changes["assigned_rung"] = user.assigned_rung;
    if (before->active != user.active) changes["active"] = user.active;
    if (!user.active) {
      // Whoever deactivates someone means every way in to stop now, not only while inactive.
      const EndedAccess ended = EndAccessLocked(user.id, Now());
      if (before->active || ended.sessions > 0 || ended.api_tokens > 0 || ended.links > 0) {
        changes["sessions_ended"] = ended.sessions;
        changes["api_tokens_revoked"] = ended.api_tokens;
        changes["links_spent"] = ended.links;
      }
      if (ended.calendar_feeds > 0) changes["calendar_feed_removed"] = true;
    }
    Audit(actor, "user.update", fmt::format("user:{}", user.id), changes);
    return user;
  });
}

Result<User> SqliteStore::GetUser(int64_t id) {
  return Read<User>([&] { return GetUserLocked(id); });
}

Result<User> SqliteStore::FindUserByEmail(const std::string& email) {
  return Read<User>([&]() -> Result<User> {
    // NOCASE folds ASCII letters as ValidateUser does, and is the collation of the unique index
    // users_email_nocase (0005), which answers this.
    SQLite::Statement q(
        db_, fmt::format("SELECT {} FROM users WHERE email = ? COLLATE NOCASE", kUserColumns));
    q.bind(1, email);
    if (!q.executeStep()) return Status::NotFound("no user with that email");
    return ReadUser(q);
  });
}

Result<std::vector<User>> SqliteStore::ListUsers() {
  return Read<std::vector<User>>([&]() -> Result<std::vector<User>> {
    std::vector<User> users;
    SQLite::Statement q(db_, fmt::format("SELECT {} FROM users ORDER BY name, id", kUserColumns));
    while (q.executeStep()) users.push_back(ReadUser(q));
    return users;
  });
}

Result<std::vector<User>> SqliteStore::ReportsOf(int64_t manager_id) {
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

Status SqliteStore::DeleteUser(int64_t id, const Actor& actor) {
  return WriteStatus([&]() -> Status {
    Result<User> user = GetUserLocked(id);
    if (!user.ok()) return user.status();
    if (const int n = CountCheckIns(id); n > 0) {
      return Status::Conflict(fmt::format("this person has {} check-in{}; erase or anonymise "
                                          "them instead of deleting",
                                          n, n == 1 ? "" : "s"),
                              "check_ins");
    }
    ForgetCredentials(*user);
    ScrubAuditOf(id);
    // Sessions, tokens and links go with the row (ON DELETE CASCADE); reports lose their
    // manager and evidence they wrote its author (ON DELETE SET NULL).
    SQLite::Statement q(db_, "DELETE FROM users WHERE id = ?");
    q.bind(1, id);
    q.exec();
    Audit(actor, "user.delete", fmt::format("user:{}", id), nlohmann::json::object());
    return Status::Ok();
  });
}

Status SqliteStore::RemoveUser(int64_t id, Removal how, const Actor& actor) {
  return WriteStatus([&]() -> Status {
    Result<User> user = GetUserLocked(id);
    if (!user.ok()) return user.status();
    return how == Removal::kErase ? EraseLocked(*user, actor) : AnonymiseLocked(*user, actor);
  });
}

Result<std::vector<AuditEntry>> SqliteStore::AuditLog(int64_t after_id, int limit) {
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

Result<std::vector<AuditEntry>> SqliteStore::FindAudit(const AuditFilter& filter, int limit) {
  return Read<std::vector<AuditEntry>>([&]() -> Result<std::vector<AuditEntry>> {
    // The conditions that are set, each with its values bound in order: nothing typed is ever
    // part of the SQL.
    std::string where = "1 = 1";
    if (filter.before_id > 0) where += " AND id < ?";
    if (filter.actor_id)
      where += *filter.actor_id == 0 ? " AND actor_id IS NULL" : " AND actor_id = ?";
    if (!filter.targets.empty()) {
      where += " AND target IN (?";
      for (size_t i = 1; i < filter.targets.size(); ++i) where += ", ?";
      where += ")";
    }
    const bool family = !filter.action.empty() && filter.action.back() == '.';
    if (!filter.action.empty())
      where += family ? " AND substr(action, 1, ?) = ?" : " AND action = ?";
    if (filter.from) where += " AND at >= ?";
    if (filter.until) where += " AND at < ?";
    SQLite::Statement q(db_, fmt::format("SELECT id, at, actor_id, action, target, details FROM "
                                         "audit_log WHERE {} ORDER BY id DESC LIMIT ?",
                                         where));
    int n = 0;
    if (filter.before_id > 0) q.bind(++n, filter.before_id);
    if (filter.actor_id && *filter.actor_id != 0) q.bind(++n, *filter.actor_id);
    for (const std::string& target : filter.targets) q.bind(++n, target);
    if (family) q.bind(++n, static_cast<int64_t>(filter.action.size()));
    if (!filter.action.empty()) q.bind(++n, filter.action);
    if (filter.from) q.bind(++n, *filter.from);
    if (filter.until) q.bind(++n, *filter.until);
    q.bind(++n, limit);
    std::vector<AuditEntry> entries;
    while (q.executeStep()) {
      entries.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                         OptionalInt(q.getColumn(2)), q.getColumn(3).getString(),
                         q.getColumn(4).getString(), q.getColumn(5).getString()});
    }
    return entries;
  });
}

Result<int64_t> SqliteStore::ChangeStamp() {
  return Read<int64_t>([&]() -> Result<int64_t> {
    CachedStatement q = Cached("SELECT generation FROM store_meta");
    q->executeStep();
    return q->getColumn(0).getInt64();
  });
}

Result<User> SqliteStore::GetUserLocked(int64_t id) {
  CachedStatement q = Cached(fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns));
  q->bind(1, id);
  if (!q->executeStep()) return Status::NotFound(fmt::format("no user with id {}", id));
  return ReadUser(*q);
}

bool SqliteStore::ManagesTransitively(int64_t person, int64_t candidate) {
  SQLite::Statement q(db_,
                      "WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT u.manager_id FROM users "
                      "u JOIN up ON u.id = up.id WHERE u.manager_id IS NOT NULL) SELECT 1 FROM "
                      "up WHERE id = ?");
  q.bind(1, candidate);
  q.bind(2, person);
  return q.executeStep();
}

bool SqliteStore::Exists(const char* table, int64_t id) {
  SQLite::Statement q(db_, fmt::format("SELECT 1 FROM {} WHERE id = ?", table));
  q.bind(1, id);
  return q.executeStep();
}

// SQLite's foreign key errors do not say which key failed; checking first names the field.
Status SqliteStore::CheckReferences(const User& user) {
  if (user.team_id && !Exists("teams", *user.team_id)) {
    return Status::Invalid(fmt::format("there is no team with id {}", *user.team_id), "team_id");
  }
  if (user.manager_id && !Exists("users", *user.manager_id)) {
    return Status::Invalid(fmt::format("there is no user with id {}", *user.manager_id),
                           "manager_id");
  }
  return Status::Ok();
}

void SqliteStore::ForgetCredentials(const User& user) {
  for (const char* sql :
       {"DELETE FROM sessions WHERE user_id = ?", "DELETE FROM api_tokens WHERE user_id = ?",
        "DELETE FROM one_time_links WHERE user_id = ?",
        "DELETE FROM calendar_feeds WHERE user_id = ?"}) {
    SQLite::Statement q(db_, sql);
    q.bind(1, user.id);
    q.exec();
  }
  // Rate-limit keys carry the email: "email:{email}" before the web layer's throttle keyed
  // them "acct:{email}|{address}".
  SQLite::Statement q(db_, "DELETE FROM login_failures WHERE key = ?");
  q.bind(1, "email:" + user.email);
  q.exec();
  ClearLoginFailuresWithPrefixLocked("acct:" + user.email + "|");
  // Helpdesk identities name the person (often by email), and so do their weekly rows.
  for (const char* sql :
       {"DELETE FROM identity_weeks WHERE EXISTS (SELECT 1 FROM person_identities p WHERE "
        "p.user_id = ? AND p.source = identity_weeks.source AND p.space = identity_weeks.space "
        "AND p.identity = identity_weeks.identity)",
        "DELETE FROM person_identities WHERE user_id = ?"}) {
    SQLite::Statement forget(db_, sql);
    forget.bind(1, user.id);
    forget.exec();
  }
}

// Audit entries are otherwise never changed; this is the one exception, because a removal that
// left the person's email in "user.create" would not have removed it. Only the values go: the
// log still says what happened, when and by whom.
void SqliteStore::ScrubAuditOf(int64_t user_id) {
  SQLite::Statement q(db_, "SELECT id, details FROM audit_log WHERE target = ?");
  q.bind(1, fmt::format("user:{}", user_id));
  std::vector<std::pair<int64_t, std::string>> scrubbed;
  while (q.executeStep()) {
    nlohmann::json details = nlohmann::json::parse(q.getColumn(1).getString(), nullptr, false);
    if (!details.is_object()) continue;
    bool changed = false;
    for (const char* key : {"email", "name"}) {
      if (details.contains(key)) {
        details[key] = kRemoved;
        changed = true;
      }
    }
    if (changed) scrubbed.emplace_back(q.getColumn(0).getInt64(), JsonText(details));
  }
  SQLite::Statement update(db_, "UPDATE audit_log SET details = ? WHERE id = ?");
  for (const auto& [id, details] : scrubbed) {
    update.bind(1, details);
    update.bind(2, id);
    update.exec();
    update.reset();
  }
}

int SqliteStore::CountCheckIns(int64_t user_id) {
  SQLite::Statement q(db_, "SELECT COUNT(*) FROM checkins WHERE user_id = ?");
  q.bind(1, user_id);
  q.executeStep();
  return q.getColumn(0).getInt();
}

Status SqliteStore::EraseLocked(const User& user, const Actor& actor) {
  const int checkins = CountCheckIns(user.id);
  ForgetCredentials(user);
  ScrubAuditOf(user.id);
  // Results, evidence and agreed_latest rows go with the check-ins (ON DELETE CASCADE).
  SQLite::Statement delete_checkins(db_, "DELETE FROM checkins WHERE user_id = ?");
  delete_checkins.bind(1, user.id);
  delete_checkins.exec();
  SQLite::Statement delete_user(db_, "DELETE FROM users WHERE id = ?");
  delete_user.bind(1, user.id);
  delete_user.exec();
  Audit(actor, "user.erase", fmt::format("user:{}", user.id), {{"check_ins", checkins}});
  return Status::Ok();
}

Status SqliteStore::AnonymiseLocked(const User& user, const Actor& actor) {
  const int checkins = CountCheckIns(user.id);
  ForgetCredentials(user);
  ScrubAuditOf(user.id);
  // "@invalid" cannot be entered (ValidateUser wants a dot in the domain), so never collides.
  SQLite::Statement q(db_,
                      "UPDATE users SET name = ?, email = ?, password_hash = '', active = 0, "
                      "start_date = '', probation_end = '' WHERE id = ?");
  q.bind(1, fmt::format("Former employee {}", user.id));
  q.bind(2, fmt::format("former-{}@invalid", user.id));
  q.bind(3, user.id);
  q.exec();
  SQLite::Statement reports(db_, "UPDATE users SET manager_id = NULL WHERE manager_id = ?");
  reports.bind(1, user.id);
  const int unassigned = reports.exec();
  SQLite::Statement notes(db_,
                          "UPDATE checkins SET self_notes = '', manager_notes = '', "
                          "acknowledgement_comment = '' WHERE "
                          "user_id = ?");
  notes.bind(1, user.id);
  notes.exec();
  SQLite::Statement evidence(db_,
                             "UPDATE evidence SET text = ?, link = '' WHERE checkin_id IN "
                             "(SELECT id FROM checkins WHERE user_id = ?)");
  evidence.bind(1, kRemoved);
  evidence.bind(2, user.id);
  const int evidence_removed = evidence.exec();
  Audit(actor, "user.anonymise", fmt::format("user:{}", user.id),
        {{"check_ins_kept", checkins},
         {"evidence_texts_removed", evidence_removed},
         {"reports_unassigned", unassigned},
         {"cleared",
          {"name", "email", "password", "start_date", "probation_end", "notes", "evidence",
           "sessions", "api_tokens", "links"}}});
  return Status::Ok();
}

void SqliteStore::Audit(const Actor& actor, const std::string& action, const std::string& target,
                        const nlohmann::json& details) {
  SQLite::Statement q(db_,
                      "INSERT INTO audit_log (at, actor_id, action, target, details) VALUES (?, "
                      "?, ?, ?, ?)");
  q.bind(1, Now());
  BindOptional(q, 2, actor.user_id);
  q.bind(3, action);
  q.bind(4, target);
  q.bind(5, JsonText(details));
  q.exec();
  // In the write's transaction: the generation moves exactly when the write is committed.
  CachedStatement generation = Cached("UPDATE store_meta SET generation = generation + 1");
  generation->exec();
}

}  // namespace sqlite_impl

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  if (Status s = sqlite_impl::KeepPrivate(path); !s.ok()) return s;
  try {
    auto store = std::make_unique<sqlite_impl::SqliteStore>(path);
    if (Status s = store->Migrate(path, true); !s.ok()) return s;
    return std::unique_ptr<Store>(std::move(store));
  } catch (const SQLite::Exception& e) {
    return Status::Unavailable(fmt::format("cannot open the database {}: {}", path, e.what()));
  }
}

Status BackupSqlite(const std::string& path, const std::string& backup_path) {
  if (Status s = sqlite_impl::KeepPrivate(backup_path); !s.ok()) {
    return Status::Internal(
        fmt::format("cannot back up {} to {}: {}", path, backup_path, s.message));
  }
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

Status RestoreSqlite(const std::string& backup_path, const std::string& path) {
  namespace fs = std::filesystem;
  // A private copy of the backup beside the database, migrated and given its generation
  // there, so that what the live database receives is complete in one copy.
  const std::string scratch = fmt::format("{}.restoring-{}", path, ::getpid());
  auto remove_scratch = [&] {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(scratch + suffix, ec);
  };
  auto failed = [&](const std::string& why) {
    remove_scratch();
    return Status::Internal(fmt::format("cannot restore {} from {}: {}", path, backup_path, why));
  };
  remove_scratch();
  if (Status s = BackupSqlite(backup_path, scratch); !s.ok()) {
    remove_scratch();
    return s;
  }
  int64_t restored = 0;
  try {
    sqlite_impl::SqliteStore copy(scratch);
    // No backup of the scratch copy: the backup file itself is the original.
    if (Status s = copy.Migrate(scratch, false); !s.ok()) {
      remove_scratch();
      return s;
    }
    Result<int64_t> stamp = copy.ChangeStamp();
    if (!stamp.ok()) return failed(stamp.status().message);
    restored = *stamp;
  } catch (const SQLite::Exception& e) {
    return failed(e.what());
  }

  std::error_code ec;
  const bool existed = fs::file_size(path, ec) > 0 && !ec;
  if (Status s = sqlite_impl::KeepPrivate(path); !s.ok()) return failed(s.message);
  try {
    SQLite::Database live(path, SQLite::OPEN_READWRITE);
    live.setBusyTimeout(5000);
    SQLite::Database source(scratch, SQLite::OPEN_READWRITE);
    SQLite::Backup backup(live, source);
    // Zero pages: this takes the live database's write lock, held until the copy commits, so
    // no write can land between reading its generation and replacing it (in WAL mode a second
    // connection still reads).
    int step = backup.executeStep(0);
    if (step == SQLITE_BUSY || step == SQLITE_LOCKED) return failed("the database is busy");
    int64_t current = 0;
    if (existed) {
      SQLite::Database reader(path, SQLite::OPEN_READONLY);
      reader.setBusyTimeout(5000);
      current = sqlite_impl::GenerationOf(reader);
    }
    {
      // The source changes before any page is copied, so the copy takes the new value.
      SQLite::Database edit(scratch, SQLite::OPEN_READWRITE);
      SQLite::Statement q(edit, "UPDATE store_meta SET generation = ?");
      q.bind(1, current + restored + 1);
      q.exec();
    }
    step = backup.executeStep(-1);
    if (step != SQLITE_DONE) return failed(fmt::format("the copy stopped ({})", step));
  } catch (const SQLite::Exception& e) {
    return failed(e.what());
  }
  remove_scratch();
  return Status::Ok();
}

}  // namespace rungs
