// The store's logic on any SQL database (sql.h): migrating, teams and people, removing people,
// the audit log.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "store/sql_store_impl.h"
#include "util/clock.h"
#include "util/json_text.h"

namespace rungs {
namespace sql_store {
namespace {

// BindUser binds the columns after the id, in this order.
constexpr const char* kUserFields =
    "email, name, role, team_id, manager_id, framework_id, assigned_rung, start_date, "
    "probation_end, active, created_at";
constexpr const char* kUserColumns =
    "id, email, name, role, team_id, manager_id, framework_id, assigned_rung, start_date, "
    "probation_end, active, created_at";

User ReadUser(sql::Query& q) {
  User u;
  u.id = q.Int64(0);
  u.email = q.Text(1);
  u.name = q.Text(2);
  u.role = ParseRole(q.Text(3)).value_or(Role::kMember);
  u.team_id = q.OptionalInt(4);
  u.manager_id = q.OptionalInt(5);
  u.framework_id = q.Text(6);
  u.assigned_rung = q.Text(7);
  u.start_date = q.Text(8);
  u.probation_end = q.Text(9);
  u.active = q.Int(10) != 0;
  u.created_at = q.Int64(11);
  return u;
}

void BindUser(sql::Query& q, const User& u) {
  q.Bind(1, u.email);
  q.Bind(2, u.name);
  q.Bind(3, RoleName(u.role));
  q.Bind(4, u.team_id);
  q.Bind(5, u.manager_id);
  q.Bind(6, u.framework_id);
  q.Bind(7, u.assigned_rung);
  q.Bind(8, u.start_date);
  q.Bind(9, u.probation_end);
  q.Bind(10, u.active ? 1 : 0);
  q.Bind(11, u.created_at);
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

}  // namespace

Assessment ReadAssessment(sql::Query& q, int column) {
  // Read in place: a page reads hundreds of these, and copying each into a string showed.
  return ParseAssessment(q.TextView(column)).value_or(Assessment::kNone);
}

Status FromException(const sql::Error& e, const char* fk_field) {
  const std::string& subject = e.subject();
  switch (e.kind()) {
    case sql::ErrorKind::kUnique:
      for (const UniqueMessage& m : kUniqueMessages) {
        if (subject.find(m.columns) != std::string::npos) {
          return Status::Conflict(m.message, m.field);
        }
      }
      return Status::Conflict(e.what(), ConstraintColumn(subject));
    case sql::ErrorKind::kForeignKey: {
      const std::string field = fk_field;
      return Status::Invalid(field.empty() ? "refers to something that does not exist"
                                           : field + " refers to something that does not exist",
                             field);
    }
    case sql::ErrorKind::kNotNull: {
      const std::string field = ConstraintColumn(subject);
      return Status::Invalid(field + " is required", field);
    }
    case sql::ErrorKind::kCheck: {
      const std::string field = ConstraintColumn(subject);
      return Status::Invalid(field + " has a value that is not allowed", field);
    }
    case sql::ErrorKind::kBusy:
      return Status::Unavailable("the database is busy; try again");
    case sql::ErrorKind::kOther:
      break;
  }
  return Status::Internal(e.what());
}

std::vector<Migration> MigrationsOf(const std::vector<EmbeddedFile>& files) {
  std::vector<Migration> out;
  for (const EmbeddedFile& file : files) {
    const std::string name = std::filesystem::path(file.path).filename().string();
    if (name.size() < 5 || name.substr(name.size() - 4) != ".sql") continue;
    out.push_back({std::stoi(name.substr(0, 4)), name, std::string(file.bytes)});
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

SqlStore::SqlStore(SqlConnections connections)
    : open_writer_(std::move(connections.open_writer)), writer_(open_writer_()) {
  if (connections.open_reader) readers_.emplace(connections.readers, connections.open_reader);
}

Status SqlStore::Migrate(const std::vector<Migration>& migrations, const std::string& database,
                         const std::function<Status(int version)>& before_upgrade) {
  std::lock_guard lock(mutex_);
  try {
    sql::Connection& db = *writer_;
    {
      sql::Transaction tx(db, /*write=*/true);
      db.Execute(db.dialect() == sql::Dialect::kSqlite
                     ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
                       "KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"
                     : "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY "
                       "KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
      tx.Commit();
    }
    const int current = SchemaVersionLocked(db);
    const int known = migrations.empty() ? 0 : migrations.back().version;
    if (current > known) {
      return Status::Unavailable(
          fmt::format("the database {} has schema version {}, newer than this rungs knows "
                      "({}); run a newer rungs, or restore a backup",
                      database, current, known));
    }
    bool prepared = current == 0 || !before_upgrade;  // a new database has nothing to lose
    for (const Migration& m : migrations) {
      if (m.version <= current) continue;
      if (!prepared) {
        if (Status s = before_upgrade(m.version); !s.ok()) return s;
        prepared = true;
      }
      // The version is read again under the write lock: another instance starting on the same
      // database may have applied this one meanwhile.
      sql::Transaction tx(db, /*write=*/true);
      if (SchemaVersionLocked(db) >= m.version) continue;
      db.Execute(m.sql);
      sql::Query q =
          db.Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      q.Bind(1, m.version);
      q.Bind(2, m.name);
      q.Bind(3, Now());
      q.Exec();
      tx.Commit();
    }
    return Status::Ok();
  } catch (const sql::Error& e) {
    return Status::Unavailable(
        fmt::format("cannot migrate the database {}: {}", database, e.what()));
  }
}

int SqlStore::SchemaVersionLocked(sql::Connection& db) {
  sql::Query q = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  q.Step();
  return q.Int(0);
}

void SqlStore::SetClock(std::function<int64_t()> clock) {
  std::lock_guard lock(mutex_);
  clock_ = std::move(clock);
}

int SqlStore::SchemaVersion() {
  std::lock_guard lock(mutex_);
  try {
    return SchemaVersionLocked(*writer_);
  } catch (const sql::Error&) {
    return 0;  // no schema_migrations table: nothing applied
  }
}

Result<Team> SqlStore::CreateTeam(const Team& input, const Actor& actor) {
  Team team = input;
  if (Status s = ValidateTeam(team); !s.ok()) return s;
  return Write<Team>([&](sql::Connection& db) -> Result<Team> {
    team.created_at = Now();
    team.cadence_since = team.cadence_weeks > 0 ? team.created_at : 0;
    sql::Query q = db.Prepare(
        "INSERT INTO teams (name, time_zone, created_at, cadence_weeks, "
        "cadence_since) VALUES (?, ?, ?, ?, ?)");
    q.Bind(1, team.name);
    q.Bind(2, team.time_zone);
    q.Bind(3, team.created_at);
    q.Bind(4, team.cadence_weeks);
    q.Bind(5, team.cadence_since);
    q.Exec();
    team.id = db.LastInsertId();
    nlohmann::json details = {{"name", team.name}};
    if (team.cadence_weeks > 0) details["cadence_weeks"] = team.cadence_weeks;
    Audit(db, actor, "team.create", fmt::format("team:{}", team.id), details);
    return team;
  });
}

Result<std::vector<Team>> SqlStore::ListTeams() {
  return ReadOne<std::vector<Team>>([&](sql::Connection& db) -> Result<std::vector<Team>> {
    std::vector<Team> teams;
    sql::Query q = db.Prepare(
        "SELECT id, name, time_zone, created_at, cadence_weeks, cadence_since "
        "FROM teams ORDER BY name");
    while (q.Step()) {
      teams.push_back({q.Int64(0), q.Text(1), q.Text(2), q.Int64(3), q.Int(4), q.Int64(5)});
    }
    return teams;
  });
}

Result<Team> SqlStore::UpdateTeam(const Team& input, const Actor& actor) {
  Team team = input;
  if (Status s = ValidateTeam(team); !s.ok()) return s;
  return Write<Team>([&](sql::Connection& db) -> Result<Team> {
    sql::Query before = db.Prepare(
        "SELECT name, time_zone, created_at, cadence_weeks, cadence_since "
        "FROM teams WHERE id = ?");
    before.Bind(1, team.id);
    if (!before.Step()) return Status::NotFound(fmt::format("no team with id {}", team.id));
    nlohmann::json changes = nlohmann::json::object();
    if (before.Text(0) != team.name) changes["name"] = team.name;
    if (before.Text(1) != team.time_zone) changes["time_zone"] = team.time_zone;
    team.created_at = before.Int64(2);
    const int cadence_before = before.Int(3);
    if (cadence_before != team.cadence_weeks) changes["cadence_weeks"] = team.cadence_weeks;
    if (team.cadence_weeks == 0) {
      team.cadence_since = 0;
    } else if (cadence_before == 0) {
      team.cadence_since = Now();
    } else {
      team.cadence_since = before.Int64(4);
    }
    sql::Query q = db.Prepare(
        "UPDATE teams SET name = ?, time_zone = ?, cadence_weeks = ?, "
        "cadence_since = ? WHERE id = ?");
    q.Bind(1, team.name);
    q.Bind(2, team.time_zone);
    q.Bind(3, team.cadence_weeks);
    q.Bind(4, team.cadence_since);
    q.Bind(5, team.id);
    q.Exec();
    Audit(db, actor, "team.update", fmt::format("team:{}", team.id), changes);
    return team;
  });
}

Status SqlStore::InsertUserLocked(sql::Connection& db, User& user, const Actor& actor,
                                  const char* action) {
  if (Status s = CheckReferences(db, user); !s.ok()) return s;
  user.created_at = Now();
  sql::Query q = db.Prepare(
      fmt::format("INSERT INTO users ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kUserFields));
  BindUser(q, user);
  q.Exec();
  user.id = db.LastInsertId();
  Audit(db, actor, action, fmt::format("user:{}", user.id),
        {{"email", user.email}, {"role", RoleName(user.role)}});
  return Status::Ok();
}

Result<User> SqlStore::CreateUser(const User& input, const Actor& actor) {
  User user = input;
  user.id = 0;
  if (Status s = ValidateUser(user); !s.ok()) return s;
  return Write<User>([&](sql::Connection& db) -> Result<User> {
    if (Status s = InsertUserLocked(db, user, actor, "user.create"); !s.ok()) return s;
    return user;
  });
}

Result<User> SqlStore::CreateFirstAdmin(const User& input, const std::string& password_hash,
                                        const Actor& actor) {
  User user = input;
  user.id = 0;
  user.role = Role::kAdmin;
  if (Status s = ValidateUser(user); !s.ok()) return s;
  if (Status s = ValidateText(password_hash, "password_hash"); !s.ok()) return s;
  if (password_hash.empty()) return Status::Invalid("a password is required", "password");
  return Write<User>([&](sql::Connection& db) -> Result<User> {
    if (AdminExistsLocked(db)) {
      return Status::Conflict("rungs has an admin already; sign in instead", "role");
    }
    if (Status s = InsertUserLocked(db, user, actor, "user.create_first_admin"); !s.ok()) return s;
    sql::Query password = db.Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    password.Bind(1, password_hash);
    password.Bind(2, user.id);
    password.Exec();
    return user;
  });
}

bool SqlStore::AdminExistsLocked(sql::Connection& db) {
  sql::Query q = db.Prepare("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1");
  return q.Step();
}

Result<bool> SqlStore::HasAdmin() {
  return Read<bool>([&](sql::Connection& db) -> Result<bool> { return AdminExistsLocked(db); });
}

Result<User> SqlStore::UpdateUser(const User& input, const Actor& actor) {
  User user = input;
  if (Status s = ValidateUser(user); !s.ok()) return s;
  return Write<User>([&](sql::Connection& db) -> Result<User> {
    Result<User> before = GetUserLocked(db, user.id);
    if (!before.ok()) return before.status();
    if (Status s = CheckReferences(db, user); !s.ok()) return s;
    if (user.manager_id && ManagesTransitively(db, user.id, *user.manager_id)) {
      return Status::Invalid("that manager reports to this person; managers cannot form a loop",
                             "manager_id");
    }
    user.created_at = before->created_at;
    sql::Query q = db.Prepare(
        "UPDATE users SET email = ?, name = ?, role = ?, team_id = ?, "
        "manager_id = ?, framework_id = ?, assigned_rung = ?, start_date = ?, "
        "probation_end = ?, active = ?, created_at = ? WHERE id = ?");
    BindUser(q, user);
    q.Bind(12, user.id);
    q.Exec();
    nlohmann::json changes = nlohmann::json::object();
    if (before->role != user.role) changes["role"] = RoleName(user.role);
    if (before->manager_id != user.manager_id) {
      changes["manager_id"] = user.manager_id ? nlohmann::json(*user.manager_id) : nullptr;
    }
    if (before->assigned_rung != user.assigned_rung) changes["assigned_rung"] = user.assigned_rung;
    if (before->active != user.active) changes["active"] = user.active;
    if (!user.active) {
      // Whoever deactivates someone means every way in to stop now, not only while inactive.
      const EndedAccess ended = EndAccessLocked(db, user.id, Now());
      if (before->active || ended.sessions > 0 || ended.api_tokens > 0 || ended.links > 0) {
        changes["sessions_ended"] = ended.sessions;
        changes["api_tokens_revoked"] = ended.api_tokens;
        changes["links_spent"] = ended.links;
      }
      if (ended.calendar_feeds > 0) changes["calendar_feed_removed"] = true;
    }
    Audit(db, actor, "user.update", fmt::format("user:{}", user.id), changes);
    return user;
  });
}

Result<User> SqlStore::GetUser(int64_t id) {
  return ReadOne<User>([&](sql::Connection& db) { return GetUserLocked(db, id); });
}

Result<User> SqlStore::FindUserByEmail(const std::string& email) {
  return ReadOne<User>([&](sql::Connection& db) -> Result<User> {
    // Each dialect's case-blind match is the one its unique index on email uses, so the index
    // answers: NOCASE (SQLite's 0005) folds ASCII letters as ValidateUser does; PostgreSQL's
    // index is on lower(email).
    const char* match = db.dialect() == sql::Dialect::kSqlite ? "email = ? COLLATE NOCASE"
                                                              : "lower(email) = lower(?)";
    sql::Query q = db.Prepare(fmt::format("SELECT {} FROM users WHERE {}", kUserColumns, match));
    q.Bind(1, email);
    if (!q.Step()) return Status::NotFound("no user with that email");
    return ReadUser(q);
  });
}

Result<std::vector<User>> SqlStore::ListUsers() {
  return ReadOne<std::vector<User>>([&](sql::Connection& db) -> Result<std::vector<User>> {
    std::vector<User> users;
    sql::Query q = db.Prepare(fmt::format("SELECT {} FROM users ORDER BY name, id", kUserColumns));
    while (q.Step()) users.push_back(ReadUser(q));
    return users;
  });
}

Result<std::vector<User>> SqlStore::ReportsOf(int64_t manager_id) {
  return ReadOne<std::vector<User>>([&](sql::Connection& db) -> Result<std::vector<User>> {
    std::vector<User> users;
    // UNION (not UNION ALL) stops at a loop, should one ever get into the data.
    sql::Query q =
        db.Prepare(fmt::format("WITH RECURSIVE reports(id) AS (SELECT id FROM users "
                               "WHERE manager_id = ? UNION SELECT u.id FROM users u "
                               "JOIN reports r ON u.manager_id = r.id) SELECT {} "
                               "FROM users WHERE id IN (SELECT id FROM reports) "
                               "ORDER BY name, id",
                               kUserColumns));
    q.Bind(1, manager_id);
    while (q.Step()) users.push_back(ReadUser(q));
    return users;
  });
}

Status SqlStore::DeleteUser(int64_t id, const Actor& actor) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    Result<User> user = GetUserLocked(db, id);
    if (!user.ok()) return user.status();
    if (const int n = CountCheckIns(db, id); n > 0) {
      return Status::Conflict(fmt::format("this person has {} check-in{}; erase or anonymise "
                                          "them instead of deleting",
                                          n, n == 1 ? "" : "s"),
                              "check_ins");
    }
    ForgetCredentials(db, *user);
    ScrubAuditOf(db, id);
    // Sessions, tokens and links go with the row (ON DELETE CASCADE); reports lose their
    // manager and evidence they wrote its author (ON DELETE SET NULL).
    sql::Query q = db.Prepare("DELETE FROM users WHERE id = ?");
    q.Bind(1, id);
    q.Exec();
    Audit(db, actor, "user.delete", fmt::format("user:{}", id), nlohmann::json::object());
    return Status::Ok();
  });
}

Status SqlStore::RemoveUser(int64_t id, Removal how, const Actor& actor) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    Result<User> user = GetUserLocked(db, id);
    if (!user.ok()) return user.status();
    return how == Removal::kErase ? EraseLocked(db, *user, actor)
                                  : AnonymiseLocked(db, *user, actor);
  });
}

Result<std::vector<AuditEntry>> SqlStore::AuditLog(int64_t after_id, int limit) {
  return Read<std::vector<AuditEntry>>([&](sql::Connection& db) -> Result<std::vector<AuditEntry>> {
    std::vector<AuditEntry> entries;
    sql::Query q = db.Prepare(
        "SELECT id, at, actor_id, action, target, details FROM audit_log WHERE "
        "id > ? ORDER BY id LIMIT ?");
    q.Bind(1, after_id);
    q.Bind(2, limit);
    while (q.Step()) {
      entries.push_back(
          {q.Int64(0), q.Int64(1), q.OptionalInt(2), q.Text(3), q.Text(4), q.Text(5)});
    }
    return entries;
  });
}

Result<std::vector<AuditEntry>> SqlStore::FindAudit(const AuditFilter& filter, int limit) {
  return Read<std::vector<AuditEntry>>([&](sql::Connection& db) -> Result<std::vector<AuditEntry>> {
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
    sql::Query q =
        db.Prepare(fmt::format("SELECT id, at, actor_id, action, target, details FROM "
                               "audit_log WHERE {} ORDER BY id DESC LIMIT ?",
                               where));
    int n = 0;
    if (filter.before_id > 0) q.Bind(++n, filter.before_id);
    if (filter.actor_id && *filter.actor_id != 0) q.Bind(++n, *filter.actor_id);
    for (const std::string& target : filter.targets) q.Bind(++n, target);
    if (family) q.Bind(++n, static_cast<int64_t>(filter.action.size()));
    if (!filter.action.empty()) q.Bind(++n, filter.action);
    if (filter.from) q.Bind(++n, *filter.from);
    if (filter.until) q.Bind(++n, *filter.until);
    q.Bind(++n, limit);
    std::vector<AuditEntry> entries;
    while (q.Step()) {
      entries.push_back(
          {q.Int64(0), q.Int64(1), q.OptionalInt(2), q.Text(3), q.Text(4), q.Text(5)});
    }
    return entries;
  });
}

Result<int64_t> SqlStore::ChangeStamp() {
  return ReadOne<int64_t>([&](sql::Connection& db) -> Result<int64_t> {
    sql::Query q = db.Cached("SELECT generation FROM store_meta");
    q.Step();
    return q.Int64(0);
  });
}

Result<User> SqlStore::GetUserLocked(sql::Connection& db, int64_t id) {
  sql::Query q = db.Cached(fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns));
  q.Bind(1, id);
  if (!q.Step()) return Status::NotFound(fmt::format("no user with id {}", id));
  return ReadUser(q);
}

bool SqlStore::ManagesTransitively(sql::Connection& db, int64_t person, int64_t candidate) {
  sql::Query q = db.Prepare(
      "WITH RECURSIVE up(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT u.manager_id "
      "FROM users "
      "u JOIN up ON u.id = up.id WHERE u.manager_id IS NOT NULL) SELECT 1 FROM "
      "up WHERE id = ?");
  q.Bind(1, candidate);
  q.Bind(2, person);
  return q.Step();
}

bool SqlStore::Exists(sql::Connection& db, const char* table, int64_t id) {
  sql::Query q = db.Prepare(fmt::format("SELECT 1 FROM {} WHERE id = ?", table));
  q.Bind(1, id);
  return q.Step();
}

// SQLite's foreign key errors do not say which key failed; checking first names the field.
Status SqlStore::CheckReferences(sql::Connection& db, const User& user) {
  if (user.team_id && !Exists(db, "teams", *user.team_id)) {
    return Status::Invalid(fmt::format("there is no team with id {}", *user.team_id), "team_id");
  }
  if (user.manager_id && !Exists(db, "users", *user.manager_id)) {
    return Status::Invalid(fmt::format("there is no user with id {}", *user.manager_id),
                           "manager_id");
  }
  return Status::Ok();
}

void SqlStore::ForgetCredentials(sql::Connection& db, const User& user) {
  for (const char* sql :
       {"DELETE FROM sessions WHERE user_id = ?", "DELETE FROM api_tokens WHERE user_id = ?",
        "DELETE FROM one_time_links WHERE user_id = ?",
        "DELETE FROM calendar_feeds WHERE user_id = ?"}) {
    sql::Query q = db.Prepare(sql);
    q.Bind(1, user.id);
    q.Exec();
  }
  // Rate-limit keys carry the email: "email:{email}" before the web layer's throttle keyed
  // them "acct:{email}|{address}".
  sql::Query q = db.Prepare("DELETE FROM login_failures WHERE key = ?");
  q.Bind(1, "email:" + user.email);
  q.Exec();
  ClearLoginFailuresWithPrefixLocked(db, "acct:" + user.email + "|");
  // Helpdesk identities name the person (often by email), and so do their weekly rows.
  for (const char* sql :
       {"DELETE FROM identity_weeks WHERE EXISTS (SELECT 1 FROM person_identities p WHERE "
        "p.user_id = ? AND p.source = identity_weeks.source AND p.space = identity_weeks.space "
        "AND p.identity = identity_weeks.identity)",
        "DELETE FROM person_identities WHERE user_id = ?"}) {
    sql::Query forget = db.Prepare(sql);
    forget.Bind(1, user.id);
    forget.Exec();
  }
}

// Audit entries are otherwise never changed; this is the one exception, because a removal that
// left the person's email in "user.create" would not have removed it. Only the values go: the
// log still says what happened, when and by whom.
void SqlStore::ScrubAuditOf(sql::Connection& db, int64_t user_id) {
  sql::Query q = db.Prepare("SELECT id, details FROM audit_log WHERE target = ?");
  q.Bind(1, fmt::format("user:{}", user_id));
  std::vector<std::pair<int64_t, std::string>> scrubbed;
  while (q.Step()) {
    nlohmann::json details = nlohmann::json::parse(q.Text(1), nullptr, false);
    if (!details.is_object()) continue;
    bool changed = false;
    for (const char* key : {"email", "name"}) {
      if (details.contains(key)) {
        details[key] = kRemoved;
        changed = true;
      }
    }
    if (changed) scrubbed.emplace_back(q.Int64(0), JsonText(details));
  }
  sql::Query update = db.Prepare("UPDATE audit_log SET details = ? WHERE id = ?");
  for (const auto& [id, details] : scrubbed) {
    update.Bind(1, details);
    update.Bind(2, id);
    update.Exec();
    update.Reset();
  }
}

int SqlStore::CountCheckIns(sql::Connection& db, int64_t user_id) {
  sql::Query q = db.Prepare("SELECT COUNT(*) FROM checkins WHERE user_id = ?");
  q.Bind(1, user_id);
  q.Step();
  return q.Int(0);
}

Status SqlStore::EraseLocked(sql::Connection& db, const User& user, const Actor& actor) {
  const int checkins = CountCheckIns(db, user.id);
  ForgetCredentials(db, user);
  ScrubAuditOf(db, user.id);
  // Results, evidence and agreed_latest rows go with the check-ins (ON DELETE CASCADE).
  sql::Query delete_checkins = db.Prepare("DELETE FROM checkins WHERE user_id = ?");
  delete_checkins.Bind(1, user.id);
  delete_checkins.Exec();
  sql::Query delete_user = db.Prepare("DELETE FROM users WHERE id = ?");
  delete_user.Bind(1, user.id);
  delete_user.Exec();
  Audit(db, actor, "user.erase", fmt::format("user:{}", user.id), {{"check_ins", checkins}});
  return Status::Ok();
}

Status SqlStore::AnonymiseLocked(sql::Connection& db, const User& user, const Actor& actor) {
  const int checkins = CountCheckIns(db, user.id);
  ForgetCredentials(db, user);
  ScrubAuditOf(db, user.id);
  // "@invalid" cannot be entered (ValidateUser wants a dot in the domain), so never collides.
  sql::Query q = db.Prepare(
      "UPDATE users SET name = ?, email = ?, password_hash = '', active = 0, "
      "start_date = '', probation_end = '' WHERE id = ?");
  q.Bind(1, fmt::format("Former employee {}", user.id));
  q.Bind(2, fmt::format("former-{}@invalid", user.id));
  q.Bind(3, user.id);
  q.Exec();
  sql::Query reports = db.Prepare("UPDATE users SET manager_id = NULL WHERE manager_id = ?");
  reports.Bind(1, user.id);
  const int unassigned = reports.Exec();
  sql::Query notes = db.Prepare(
      "UPDATE checkins SET self_notes = '', manager_notes = '', "
      "acknowledgement_comment = '' WHERE "
      "user_id = ?");
  notes.Bind(1, user.id);
  notes.Exec();
  sql::Query evidence = db.Prepare(
      "UPDATE evidence SET text = ?, link = '' WHERE checkin_id IN "
      "(SELECT id FROM checkins WHERE user_id = ?)");
  evidence.Bind(1, kRemoved);
  evidence.Bind(2, user.id);
  const int evidence_removed = evidence.Exec();
  Audit(db, actor, "user.anonymise", fmt::format("user:{}", user.id),
        {{"check_ins_kept", checkins},
         {"evidence_texts_removed", evidence_removed},
         {"reports_unassigned", unassigned},
         {"cleared",
          {"name", "email", "password", "start_date", "probation_end", "notes", "evidence",
           "sessions", "api_tokens", "links"}}});
  return Status::Ok();
}

void SqlStore::Audit(sql::Connection& db, const Actor& actor, const std::string& action,
                     const std::string& target, const nlohmann::json& details) {
  sql::Query q = db.Prepare(
      "INSERT INTO audit_log (at, actor_id, action, target, details) VALUES (?, "
      "?, ?, ?, ?)");
  q.Bind(1, Now());
  q.Bind(2, actor.user_id);
  q.Bind(3, action);
  q.Bind(4, target);
  q.Bind(5, JsonText(details));
  q.Exec();
  // In the write's transaction: the generation moves exactly when the write is committed.
  sql::Query generation = db.Cached("UPDATE store_meta SET generation = generation + 1");
  generation.Exec();
}

}  // namespace sql_store

}  // namespace rungs
