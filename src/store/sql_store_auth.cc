// The SQLite store's side of logging in: password hashes, sessions, API tokens, failed-login
// counts and one-time links. Only token digests are stored, and audit entries never carry a
// digest, a hash or a password. Bookkeeping that happens on every request or every failed
// attempt (touching a session, recording a use or a failure, deleting expired rows) is not
// audited; creating and ending credentials is.
#include <fmt/format.h>

#include "store/sql_store_impl.h"
#include "util/clock.h"

namespace rungs::sql_store {
namespace {

constexpr int64_t kDay = 24 * 60 * 60;

const char* PurposeName(LinkPurpose purpose) {
  return purpose == LinkPurpose::kInvite ? "invite" : "reset";
}

// The CHECK on one_time_links.purpose allows only the two names.
LinkPurpose ParsePurpose(const std::string& name) {
  return name == "invite" ? LinkPurpose::kInvite : LinkPurpose::kReset;
}

std::string UserTarget(int64_t user_id) { return fmt::format("user:{}", user_id); }

// Refuses a new session or token for someone inactive: the caller checked `active` before this
// write, and a deactivation in between must not be outlived by what it then creates.
Status CheckActive(sql::Connection& db, int64_t user_id) {
  sql::Query q = db.Prepare("SELECT active FROM users WHERE id = ?");
  q.Bind(1, user_id);
  if (q.Step() && q.Int(0) == 0) {
    return Status::Forbidden("this person is not active", "user_id");
  }
  return Status::Ok();  // an unknown user is the foreign key's to report
}

Session ReadSession(sql::Query& q) {
  return {q.Text(0), q.Int64(1), q.Text(2), q.Int64(3), q.Int64(4), q.Int64(5)};
}

constexpr const char* kTokenColumns =
    "id, user_id, name, token_digest, created_at, last_used_at, revoked";

ApiToken ReadToken(sql::Query& q) {
  return {q.Int64(0), q.Int64(1), q.Text(2), q.Text(3), q.Int64(4), q.Int64(5), q.Int(6) != 0};
}

}  // namespace

Status SqlStore::SetPasswordHash(int64_t user_id, const std::string& hash, const Actor& actor) {
  if (Status s = ValidateText(hash, "password_hash"); !s.ok()) return s;
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query q = db.Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    q.Bind(1, hash);
    q.Bind(2, user_id);
    if (q.Exec() == 0) return Status::NotFound(fmt::format("no user with id {}", user_id));
    Audit(db, actor, hash.empty() ? "user.password_clear" : "user.password_set",
          UserTarget(user_id), nlohmann::json::object());
    return Status::Ok();
  });
}

Result<std::string> SqlStore::PasswordHash(int64_t user_id) {
  return Read<std::string>([&](sql::Connection& db) -> Result<std::string> {
    sql::Query q = db.Prepare("SELECT password_hash FROM users WHERE id = ?");
    q.Bind(1, user_id);
    if (!q.Step()) return Status::NotFound(fmt::format("no user with id {}", user_id));
    return q.Text(0);
  });
}

Status SqlStore::CreateSession(const Session& input) {
  Session session = input;
  if (Status s = ValidateSession(session); !s.ok()) return s;
  if (session.created_at == 0) session.created_at = Now();
  if (session.last_seen_at == 0) session.last_seen_at = session.created_at;
  return WriteStatus(
      [&](sql::Connection& db) -> Status {
        if (Status s = CheckActive(db, session.user_id); !s.ok()) return s;
        // Logging in is when expired sessions nobody came back for are cleared away.
        sql::Query expired = db.Prepare("DELETE FROM sessions WHERE expires_at <= ?");
        expired.Bind(1, session.created_at);
        expired.Exec();
        sql::Query q = db.Prepare(
            "INSERT INTO sessions (token_digest, user_id, csrf_token, created_at, "
            "expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)");
        q.Bind(1, session.token_digest);
        q.Bind(2, session.user_id);
        q.Bind(3, session.csrf_token);
        q.Bind(4, session.created_at);
        q.Bind(5, session.expires_at);
        q.Bind(6, session.last_seen_at);
        q.Exec();
        Audit(db, Actor::Of(session.user_id), "session.create", UserTarget(session.user_id),
              nlohmann::json::object());
        return Status::Ok();
      },
      "user_id");
}

Result<Session> SqlStore::FindSession(const std::string& token_digest, int64_t now) {
  // Every signed-in request asks this, so the common case is a read; only an expired session
  // costs a write (its deletion).
  Result<Session> found = ReadOne<Session>([&](sql::Connection& db) -> Result<Session> {
    sql::Query q = db.Cached(
        "SELECT token_digest, user_id, csrf_token, created_at, expires_at, last_seen_at FROM "
        "sessions WHERE token_digest = ?");
    q.Bind(1, token_digest);
    if (!q.Step()) return Status::NotFound("no such session");
    return ReadSession(q);
  });
  if (!found.ok() || found->expires_at > now) return found;
  Status deleted = WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query expired = db.Prepare("DELETE FROM sessions WHERE token_digest = ?");
    expired.Bind(1, token_digest);
    expired.Exec();
    return Status::Ok();
  });
  if (!deleted.ok()) return deleted;
  return Status::NotFound("this session has expired");
}

Status SqlStore::TouchSession(const std::string& token_digest, int64_t now) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query q = db.Prepare("UPDATE sessions SET last_seen_at = ? WHERE token_digest = ?");
    q.Bind(1, now);
    q.Bind(2, token_digest);
    if (q.Exec() == 0) return Status::NotFound("no such session");
    return Status::Ok();
  });
}

Status SqlStore::DeleteSession(const std::string& token_digest) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query find = db.Prepare("SELECT user_id FROM sessions WHERE token_digest = ?");
    find.Bind(1, token_digest);
    if (!find.Step()) return Status::NotFound("no such session");
    const int64_t user_id = find.Int64(0);
    sql::Query q = db.Prepare("DELETE FROM sessions WHERE token_digest = ?");
    q.Bind(1, token_digest);
    q.Exec();
    Audit(db, Actor::Of(user_id), "session.delete", UserTarget(user_id), nlohmann::json::object());
    return Status::Ok();
  });
}

Status SqlStore::DeleteSessionsOf(int64_t user_id) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query q = db.Prepare("DELETE FROM sessions WHERE user_id = ?");
    q.Bind(1, user_id);
    const int ended = q.Exec();
    Audit(db, Actor::System(), "session.delete_all", UserTarget(user_id), {{"sessions", ended}});
    return Status::Ok();
  });
}

Result<ApiToken> SqlStore::CreateApiToken(const ApiToken& input, const Actor& actor) {
  ApiToken token = input;
  if (Status s = ValidateApiToken(token); !s.ok()) return s;
  return Write<ApiToken>(
      [&](sql::Connection& db) -> Result<ApiToken> {
        if (Status s = CheckActive(db, token.user_id); !s.ok()) return s;
        token.created_at = Now();
        token.last_used_at = 0;
        token.revoked = false;
        sql::Query q = db.Prepare(
            "INSERT INTO api_tokens (user_id, name, token_digest, created_at) "
            "VALUES (?, ?, ?, ?)");
        q.Bind(1, token.user_id);
        q.Bind(2, token.name);
        q.Bind(3, token.token_digest);
        q.Bind(4, token.created_at);
        q.Exec();
        token.id = db.LastInsertId();
        Audit(db, actor, "api_token.create", UserTarget(token.user_id),
              {{"token_id", token.id}, {"name", token.name}});
        return token;
      },
      "user_id");
}

Result<ApiToken> SqlStore::UseApiToken(const std::string& token_digest, int64_t now) {
  // Every API call asks this, so it is a read; the use is written only when the recorded one is
  // a minute old (a write per call took a scripted client to a third of the read rate).
  Result<ApiToken> token = Read<ApiToken>([&](sql::Connection& db) -> Result<ApiToken> {
    sql::Query q = db.Cached(fmt::format(
        "SELECT {} FROM api_tokens WHERE token_digest = ? AND revoked = 0", kTokenColumns));
    q.Bind(1, token_digest);
    if (!q.Step()) return Status::NotFound("no such token, or it was revoked");
    return ReadToken(q);
  });
  if (!token.ok() || (now >= token->last_used_at && now - token->last_used_at < kUseResolution)) {
    return token;
  }
  Status recorded = WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query used = db.Prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
    used.Bind(1, now);
    used.Bind(2, token->id);
    used.Exec();
    return Status::Ok();
  });
  if (!recorded.ok()) return recorded;
  ApiToken used = *token;
  used.last_used_at = now;
  return used;
}

Result<std::vector<ApiToken>> SqlStore::ListApiTokens(int64_t user_id) {
  return Read<std::vector<ApiToken>>([&](sql::Connection& db) -> Result<std::vector<ApiToken>> {
    std::vector<ApiToken> tokens;
    sql::Query q =
        db.Prepare(fmt::format("SELECT {} FROM api_tokens WHERE user_id = ? ORDER BY "
                               "created_at DESC, id DESC",
                               kTokenColumns));
    q.Bind(1, user_id);
    while (q.Step()) tokens.push_back(ReadToken(q));
    return tokens;
  });
}

Status SqlStore::RevokeApiToken(int64_t user_id, int64_t token_id, const Actor& actor) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    // Matching the owner too means a guessed token id of someone else's is simply not found.
    sql::Query q = db.Prepare("UPDATE api_tokens SET revoked = 1 WHERE id = ? AND user_id = ?");
    q.Bind(1, token_id);
    q.Bind(2, user_id);
    if (q.Exec() == 0) return Status::NotFound(fmt::format("no token with id {}", token_id));
    Audit(db, actor, "api_token.revoke", UserTarget(user_id), {{"token_id", token_id}});
    return Status::Ok();
  });
}

Result<CalendarFeed> SqlStore::SetCalendarFeed(int64_t user_id, const std::string& token_digest,
                                               const Actor& actor) {
  if (token_digest.empty() || token_digest.size() > 128) {
    return Status::Invalid("a calendar feed needs a token digest", "token_digest");
  }
  return Write<CalendarFeed>(
      [&](sql::Connection& db) -> Result<CalendarFeed> {
        if (Status s = CheckActive(db, user_id); !s.ok()) return s;
        CalendarFeed feed{user_id, token_digest, Now(), 0};
        sql::Query q = db.Prepare(
            "INSERT INTO calendar_feeds (user_id, token_digest, created_at) "
            "VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
            "token_digest = excluded.token_digest, "
            "created_at = excluded.created_at, last_used_at = 0");
        q.Bind(1, feed.user_id);
        q.Bind(2, feed.token_digest);
        q.Bind(3, feed.created_at);
        q.Exec();
        Audit(db, actor, "calendar_feed.create", UserTarget(user_id), nlohmann::json::object());
        return feed;
      },
      "user_id");
}

Status SqlStore::DeleteCalendarFeed(int64_t user_id, const Actor& actor) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query q = db.Prepare("DELETE FROM calendar_feeds WHERE user_id = ?");
    q.Bind(1, user_id);
    if (q.Exec() == 0) return Status::NotFound("there is no calendar feed to revoke");
    Audit(db, actor, "calendar_feed.revoke", UserTarget(user_id), nlohmann::json::object());
    return Status::Ok();
  });
}

namespace {
constexpr const char* kFeedColumns = "user_id, token_digest, created_at, last_used_at";
CalendarFeed ReadFeed(sql::Query& q) { return {q.Int64(0), q.Text(1), q.Int64(2), q.Int64(3)}; }
}  // namespace

Result<std::optional<CalendarFeed>> SqlStore::CalendarFeedOf(int64_t user_id) {
  return Read<std::optional<CalendarFeed>>(
      [&](sql::Connection& db) -> Result<std::optional<CalendarFeed>> {
        sql::Query q = db.Prepare(
            fmt::format("SELECT {} FROM calendar_feeds WHERE user_id = ?", kFeedColumns));
        q.Bind(1, user_id);
        if (!q.Step()) return std::optional<CalendarFeed>();
        return std::optional<CalendarFeed>(ReadFeed(q));
      });
}

Result<CalendarFeed> SqlStore::UseCalendarFeed(const std::string& token_digest, int64_t now) {
  // Calendar programs poll every few minutes to hours: a read, with the use written at most
  // once a minute, as for API tokens.
  Result<CalendarFeed> feed = Read<CalendarFeed>([&](sql::Connection& db) -> Result<CalendarFeed> {
    sql::Query q =
        db.Prepare(fmt::format("SELECT {} FROM calendar_feeds f JOIN users u ON "
                               "u.id = f.user_id WHERE f.token_digest = ? AND "
                               "u.active = 1",
                               "f.user_id, f.token_digest, f.created_at, "
                               "f.last_used_at"));
    q.Bind(1, token_digest);
    if (!q.Step()) return Status::NotFound("no such calendar feed, or it was revoked");
    return ReadFeed(q);
  });
  if (!feed.ok() || (now >= feed->last_used_at && now - feed->last_used_at < kUseResolution)) {
    return feed;
  }
  Status recorded = WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query used = db.Prepare("UPDATE calendar_feeds SET last_used_at = ? WHERE user_id = ?");
    used.Bind(1, now);
    used.Bind(2, feed->user_id);
    used.Exec();
    return Status::Ok();
  });
  if (!recorded.ok()) return recorded;
  CalendarFeed used = *feed;
  used.last_used_at = now;
  return used;
}

Status SqlStore::RecordLoginFailure(const std::string& key, int64_t now) {
  if (Status s = ValidateText(key, "key"); !s.ok()) return s;
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query old = db.Cached("DELETE FROM login_failures WHERE at < ?");
    old.Bind(1, now - kDay);
    old.Exec();
    sql::Query q = db.Cached("INSERT INTO login_failures (key, at) VALUES (?, ?)");
    q.Bind(1, key);
    q.Bind(2, now);
    q.Exec();
    // One key: beyond its newest kMaxLoginFailuresPerKey rows (read backwards along
    // login_failures_key, so this costs at most that many steps).
    sql::Query per_key = db.Cached(
        "DELETE FROM login_failures WHERE rowid IN (SELECT rowid FROM login_failures WHERE key = "
        "? ORDER BY at DESC, rowid DESC LIMIT 9223372036854775807 OFFSET ?)");
    per_key.Bind(1, key);
    per_key.Bind(2, kMaxLoginFailuresPerKey);
    per_key.Exec();
    // The whole table: rowids grow with each insert, so the rows above the newest rowid less
    // the limit are at most the limit, and this is a range delete on the rowid.
    sql::Query total = db.Cached(
        "DELETE FROM login_failures WHERE rowid <= (SELECT MAX(rowid) FROM login_failures) - ?");
    total.Bind(1, kMaxLoginFailureRows);
    total.Exec();
    return Status::Ok();
  });
}

Result<int> SqlStore::CountLoginFailures(const std::string& key, int64_t since) {
  return Read<int>([&](sql::Connection& db) -> Result<int> {
    // Answered from the index login_failures_key (key, at) alone.
    sql::Query q = db.Cached("SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?");
    q.Bind(1, key);
    q.Bind(2, since);
    q.Step();
    return q.Int(0);
  });
}

Status SqlStore::ClearLoginFailures(const std::string& key) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query q = db.Prepare("DELETE FROM login_failures WHERE key = ?");
    q.Bind(1, key);
    q.Exec();
    return Status::Ok();
  });
}

Status SqlStore::ClearLoginFailuresWithPrefix(const std::string& prefix) {
  if (prefix.empty()) return Status::Invalid("a prefix is required", "prefix");
  return WriteStatus([&](sql::Connection& db) -> Status {
    ClearLoginFailuresWithPrefixLocked(db, prefix);
    return Status::Ok();
  });
}

void SqlStore::ClearLoginFailuresWithPrefixLocked(sql::Connection& db, const std::string& prefix) {
  // A range on the key index rather than LIKE, whose '%' and '_' an email may contain and
  // which ignores case: the keys from `prefix` up to the first string past every extension of
  // it (the prefix with its last byte below 0xFF raised by one; none if all are 0xFF).
  std::string end = prefix;
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xFF) end.pop_back();
  if (end.empty()) {
    sql::Query q = db.Prepare("DELETE FROM login_failures WHERE key >= ?");
    q.Bind(1, prefix);
    q.Exec();
    return;
  }
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  sql::Query q = db.Prepare("DELETE FROM login_failures WHERE key >= ? AND key < ?");
  q.Bind(1, prefix);
  q.Bind(2, end);
  q.Exec();
}

Status SqlStore::CreateOneTimeLink(const OneTimeLink& link, const Actor& actor) {
  if (Status s = ValidateOneTimeLink(link); !s.ok()) return s;
  return WriteStatus(
      [&](sql::Connection& db) -> Status {
        const int64_t now = Now();
        sql::Query q = db.Prepare(
            "INSERT INTO one_time_links (token_digest, user_id, purpose, "
            "created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
        q.Bind(1, link.token_digest);
        q.Bind(2, link.user_id);
        q.Bind(3, PurposeName(link.purpose));
        q.Bind(4, now);
        q.Bind(5, link.expires_at);
        q.Exec();
        Audit(db, actor, "link.create", UserTarget(link.user_id),
              {{"purpose", PurposeName(link.purpose)}, {"expires_at", link.expires_at}});
        return Status::Ok();
      },
      "user_id");
}

Result<OneTimeLink> SqlStore::FindOneTimeLink(const std::string& token_digest, int64_t now) {
  return Read<OneTimeLink>([&](sql::Connection& db) -> Result<OneTimeLink> {
    sql::Query q = db.Cached(
        "SELECT user_id, purpose, expires_at FROM one_time_links WHERE token_digest = ? AND "
        "used_at IS NULL AND expires_at > ?");
    q.Bind(1, token_digest);
    q.Bind(2, now);
    if (!q.Step()) return Status::NotFound("this link is unknown, used or expired");
    return OneTimeLink{token_digest, q.Int64(0), ParsePurpose(q.Text(1)), q.Int64(2)};
  });
}

Result<User> SqlStore::RedeemOneTimeLink(const std::string& token_digest, LinkPurpose purpose,
                                         const std::string& password_hash, int64_t now) {
  if (password_hash.empty()) return Status::Invalid("a password is required", "password");
  if (Status s = ValidateText(password_hash, "password"); !s.ok()) return s;
  return Write<User>([&](sql::Connection& db) -> Result<User> {
    // The same answer for a link made for the other purpose as for an unknown one: the caller
    // learns nothing about tokens it was not given for this route.
    sql::Query link = db.Prepare(
        "SELECT user_id FROM one_time_links WHERE token_digest = ? AND "
        "purpose = ? AND used_at IS NULL AND expires_at > ?");
    link.Bind(1, token_digest);
    link.Bind(2, PurposeName(purpose));
    link.Bind(3, now);
    if (!link.Step()) return Status::NotFound("this link is unknown, used or expired");
    const int64_t user_id = link.Int64(0);
    sql::Query spend = db.Prepare("UPDATE one_time_links SET used_at = ? WHERE token_digest = ?");
    spend.Bind(1, now);
    spend.Bind(2, token_digest);
    spend.Exec();
    sql::Query password = db.Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    password.Bind(1, password_hash);
    password.Bind(2, user_id);
    password.Exec();
    // A new password logs the person out everywhere, and an older link (a reset mailed twice,
    // an invitation never used) must not set another one behind their back.
    const EndedAccess ended = EndAccessLocked(db, user_id, now);
    nlohmann::json details = {{"purpose", PurposeName(purpose)},
                              {"sessions_ended", ended.sessions},
                              {"api_tokens_revoked", ended.api_tokens},
                              {"links_spent", ended.links}};
    if (ended.calendar_feeds > 0) details["calendar_feed_removed"] = true;
    Audit(db, Actor::Of(user_id), "link.redeem", UserTarget(user_id), details);
    return GetUserLocked(db, user_id);
  });
}

SqlStore::EndedAccess SqlStore::EndAccessLocked(sql::Connection& db, int64_t user_id, int64_t now) {
  EndedAccess ended;
  sql::Query sessions = db.Prepare("DELETE FROM sessions WHERE user_id = ?");
  sessions.Bind(1, user_id);
  ended.sessions = sessions.Exec();
  sql::Query tokens =
      db.Prepare("UPDATE api_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0");
  tokens.Bind(1, user_id);
  ended.api_tokens = tokens.Exec();
  // Expired links are left as they are: they open nothing, and "spent" would misreport them.
  sql::Query links = db.Prepare(
      "UPDATE one_time_links SET used_at = ? WHERE user_id = ? AND used_at IS "
      "NULL AND expires_at > ?");
  links.Bind(1, now);
  links.Bind(2, user_id);
  links.Bind(3, now);
  ended.links = links.Exec();
  sql::Query feeds = db.Prepare("DELETE FROM calendar_feeds WHERE user_id = ?");
  feeds.Bind(1, user_id);
  ended.calendar_feeds = feeds.Exec();
  return ended;
}

}  // namespace rungs::sql_store
