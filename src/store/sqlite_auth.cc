// The SQLite store's side of logging in: password hashes, sessions, API tokens, failed-login
// counts and one-time links. Only token digests are stored, and audit entries never carry a
// digest, a hash or a password. Bookkeeping that happens on every request or every failed
// attempt (touching a session, recording a use or a failure, deleting expired rows) is not
// audited; creating and ending credentials is.
#include <fmt/format.h>

#include "store/sqlite_store_impl.h"
#include "util/clock.h"

namespace rungs::sqlite_impl {
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
Status CheckActive(SQLite::Database& db, int64_t user_id) {
  SQLite::Statement q(db, "SELECT active FROM users WHERE id = ?");
  q.bind(1, user_id);
  if (q.executeStep() && q.getColumn(0).getInt() == 0) {
    return Status::Forbidden("this person is not active", "user_id");
  }
  return Status::Ok();  // an unknown user is the foreign key's to report
}

Session ReadSession(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
          q.getColumn(3).getInt64(),  q.getColumn(4).getInt64(), q.getColumn(5).getInt64()};
}

constexpr const char* kTokenColumns =
    "id, user_id, name, token_digest, created_at, last_used_at, revoked";

ApiToken ReadToken(SQLite::Statement& q) {
  return {q.getColumn(0).getInt64(),   q.getColumn(1).getInt64(), q.getColumn(2).getString(),
          q.getColumn(3).getString(),  q.getColumn(4).getInt64(), q.getColumn(5).getInt64(),
          q.getColumn(6).getInt() != 0};
}

}  // namespace

Status SqliteStore::SetPasswordHash(int64_t user_id, const std::string& hash, const Actor& actor) {
  if (Status s = ValidateText(hash, "password_hash"); !s.ok()) return s;
  return WriteStatus([&]() -> Status {
    SQLite::Statement q(db_, "UPDATE users SET password_hash = ? WHERE id = ?");
    q.bind(1, hash);
    q.bind(2, user_id);
    if (q.exec() == 0) return Status::NotFound(fmt::format("no user with id {}", user_id));
    Audit(actor, hash.empty() ? "user.password_clear" : "user.password_set", UserTarget(user_id),
          nlohmann::json::object());
    return Status::Ok();
  });
}

Result<std::string> SqliteStore::PasswordHash(int64_t user_id) {
  return Read<std::string>([&]() -> Result<std::string> {
    SQLite::Statement q(db_, "SELECT password_hash FROM users WHERE id = ?");
    q.bind(1, user_id);
    if (!q.executeStep()) return Status::NotFound(fmt::format("no user with id {}", user_id));
    return q.getColumn(0).getString();
  });
}

Status SqliteStore::CreateSession(const Session& input) {
  Session session = input;
  if (Status s = ValidateSession(session); !s.ok()) return s;
  if (session.created_at == 0) session.created_at = Now();
  if (session.last_seen_at == 0) session.last_seen_at = session.created_at;
  return WriteStatus(
      [&]() -> Status {
        if (Status s = CheckActive(db_, session.user_id); !s.ok()) return s;
        // Logging in is when expired sessions nobody came back for are cleared away.
        SQLite::Statement expired(db_, "DELETE FROM sessions WHERE expires_at <= ?");
        expired.bind(1, session.created_at);
        expired.exec();
        SQLite::Statement q(db_,
                            "INSERT INTO sessions (token_digest, user_id, csrf_token, created_at, "
                            "expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, session.token_digest);
        q.bind(2, session.user_id);
        q.bind(3, session.csrf_token);
        q.bind(4, session.created_at);
        q.bind(5, session.expires_at);
        q.bind(6, session.last_seen_at);
        q.exec();
        Audit(Actor::Of(session.user_id), "session.create", UserTarget(session.user_id),
              nlohmann::json::object());
        return Status::Ok();
      },
      "user_id");
}

Result<Session> SqliteStore::FindSession(const std::string& token_digest, int64_t now) {
  // Every signed-in request asks this, so the common case is a read; only an expired session
  // costs a write (its deletion).
  Result<Session> found = Read<Session>([&]() -> Result<Session> {
    CachedStatement q = Cached(
        "SELECT token_digest, user_id, csrf_token, created_at, expires_at, last_seen_at FROM "
        "sessions WHERE token_digest = ?");
    q->bind(1, token_digest);
    if (!q->executeStep()) return Status::NotFound("no such session");
    return ReadSession(*q);
  });
  if (!found.ok() || found->expires_at > now) return found;
  Status deleted = WriteStatus([&]() -> Status {
    SQLite::Statement expired(db_, "DELETE FROM sessions WHERE token_digest = ?");
    expired.bind(1, token_digest);
    expired.exec();
    return Status::Ok();
  });
  if (!deleted.ok()) return deleted;
  return Status::NotFound("this session has expired");
}

Status SqliteStore::TouchSession(const std::string& token_digest, int64_t now) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement q(db_, "UPDATE sessions SET last_seen_at = ? WHERE token_digest = ?");
    q.bind(1, now);
    q.bind(2, token_digest);
    if (q.exec() == 0) return Status::NotFound("no such session");
    return Status::Ok();
  });
}

Status SqliteStore::DeleteSession(const std::string& token_digest) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement find(db_, "SELECT user_id FROM sessions WHERE token_digest = ?");
    find.bind(1, token_digest);
    if (!find.executeStep()) return Status::NotFound("no such session");
    const int64_t user_id = find.getColumn(0).getInt64();
    SQLite::Statement q(db_, "DELETE FROM sessions WHERE token_digest = ?");
    q.bind(1, token_digest);
    q.exec();
    Audit(Actor::Of(user_id), "session.delete", UserTarget(user_id), nlohmann::json::object());
    return Status::Ok();
  });
}

Status SqliteStore::DeleteSessionsOf(int64_t user_id) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement q(db_, "DELETE FROM sessions WHERE user_id = ?");
    q.bind(1, user_id);
    const int ended = q.exec();
    Audit(Actor::System(), "session.delete_all", UserTarget(user_id), {{"sessions", ended}});
    return Status::Ok();
  });
}

Result<ApiToken> SqliteStore::CreateApiToken(const ApiToken& input, const Actor& actor) {
  ApiToken token = input;
  if (Status s = ValidateApiToken(token); !s.ok()) return s;
  return Write<ApiToken>(
      [&]() -> Result<ApiToken> {
        if (Status s = CheckActive(db_, token.user_id); !s.ok()) return s;
        token.created_at = Now();
        token.last_used_at = 0;
        token.revoked = false;
        SQLite::Statement q(db_,
                            "INSERT INTO api_tokens (user_id, name, token_digest, created_at) "
                            "VALUES (?, ?, ?, ?)");
        q.bind(1, token.user_id);
        q.bind(2, token.name);
        q.bind(3, token.token_digest);
        q.bind(4, token.created_at);
        q.exec();
        token.id = db_.getLastInsertRowid();
        Audit(actor, "api_token.create", UserTarget(token.user_id),
              {{"token_id", token.id}, {"name", token.name}});
        return token;
      },
      "user_id");
}

Result<ApiToken> SqliteStore::UseApiToken(const std::string& token_digest, int64_t now) {
  // Every API call asks this, so it is a read; the use is written only when the recorded one is
  // a minute old (a write per call took a scripted client to a third of the read rate).
  Result<ApiToken> token = Read<ApiToken>([&]() -> Result<ApiToken> {
    CachedStatement q = Cached(fmt::format(
        "SELECT {} FROM api_tokens WHERE token_digest = ? AND revoked = 0", kTokenColumns));
    q->bind(1, token_digest);
    if (!q->executeStep()) return Status::NotFound("no such token, or it was revoked");
    return ReadToken(*q);
  });
  if (!token.ok() || (now >= token->last_used_at && now - token->last_used_at < kUseResolution)) {
    return token;
  }
  Status recorded = WriteStatus([&]() -> Status {
    SQLite::Statement used(db_, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
    used.bind(1, now);
    used.bind(2, token->id);
    used.exec();
    return Status::Ok();
  });
  if (!recorded.ok()) return recorded;
  ApiToken used = *token;
  used.last_used_at = now;
  return used;
}

Result<std::vector<ApiToken>> SqliteStore::ListApiTokens(int64_t user_id) {
  return Read<std::vector<ApiToken>>([&]() -> Result<std::vector<ApiToken>> {
    std::vector<ApiToken> tokens;
    SQLite::Statement q(db_, fmt::format("SELECT {} FROM api_tokens WHERE user_id = ? ORDER BY "
                                         "created_at DESC, id DESC",
                                         kTokenColumns));
    q.bind(1, user_id);
    while (q.executeStep()) tokens.push_back(ReadToken(q));
    return tokens;
  });
}

Status SqliteStore::RevokeApiToken(int64_t user_id, int64_t token_id, const Actor& actor) {
  return WriteStatus([&]() -> Status {
    // Matching the owner too means a guessed token id of someone else's is simply not found.
    SQLite::Statement q(db_, "UPDATE api_tokens SET revoked = 1 WHERE id = ? AND user_id = ?");
    q.bind(1, token_id);
    q.bind(2, user_id);
    if (q.exec() == 0) return Status::NotFound(fmt::format("no token with id {}", token_id));
    Audit(actor, "api_token.revoke", UserTarget(user_id), {{"token_id", token_id}});
    return Status::Ok();
  });
}

Result<CalendarFeed> SqliteStore::SetCalendarFeed(int64_t user_id, const std::string& token_digest,
                                                  const Actor& actor) {
  if (token_digest.empty() || token_digest.size() > 128) {
    return Status::Invalid("a calendar feed needs a token digest", "token_digest");
  }
  return Write<CalendarFeed>(
      [&]() -> Result<CalendarFeed> {
        if (Status s = CheckActive(db_, user_id); !s.ok()) return s;
        CalendarFeed feed{user_id, token_digest, Now(), 0};
        SQLite::Statement q(db_,
                            "INSERT INTO calendar_feeds (user_id, token_digest, created_at) "
                            "VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
                            "token_digest = excluded.token_digest, "
                            "created_at = excluded.created_at, last_used_at = 0");
        q.bind(1, feed.user_id);
        q.bind(2, feed.token_digest);
        q.bind(3, feed.created_at);
        q.exec();
        Audit(actor, "calendar_feed.create", UserTarget(user_id), nlohmann::json::object());
        return feed;
      },
      "user_id");
}

Status SqliteStore::DeleteCalendarFeed(int64_t user_id, const Actor& actor) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement q(db_, "DELETE FROM calendar_feeds WHERE user_id = ?");
    q.bind(1, user_id);
    if (q.exec() == 0) return Status::NotFound("there is no calendar feed to revoke");
    Audit(actor, "calendar_feed.revoke", UserTarget(user_id), nlohmann::json::object());
    return Status::Ok();
  });
}

namespace {
constexpr const char* kFeedColumns = "user_id, token_digest, created_at, last_used_at";
CalendarFeed ReadFeed(SQLite::Statement& q) {
  return {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
          q.getColumn(3).getInt64()};
}
}  // namespace

Result<std::optional<CalendarFeed>> SqliteStore::CalendarFeedOf(int64_t user_id) {
  return Read<std::optional<CalendarFeed>>([&]() -> Result<std::optional<CalendarFeed>> {
    SQLite::Statement q(
        db_, fmt::format("SELECT {} FROM calendar_feeds WHERE user_id = ?", kFeedColumns));
    q.bind(1, user_id);
    if (!q.executeStep()) return std::optional<CalendarFeed>();
    return std::optional<CalendarFeed>(ReadFeed(q));
  });
}

Result<CalendarFeed> SqliteStore::UseCalendarFeed(const std::string& token_digest, int64_t now) {
  // Calendar programs poll every few minutes to hours: a read, with the use written at most
  // once a minute, as for API tokens.
  Result<CalendarFeed> feed = Read<CalendarFeed>([&]() -> Result<CalendarFeed> {
    SQLite::Statement q(db_, fmt::format("SELECT {} FROM calendar_feeds f JOIN users u ON "
                                         "u.id = f.user_id WHERE f.token_digest = ? AND "
                                         "u.active = 1",
                                         "f.user_id, f.token_digest, f.created_at, "
                                         "f.last_used_at"));
    q.bind(1, token_digest);
    if (!q.executeStep()) return Status::NotFound("no such calendar feed, or it was revoked");
    return ReadFeed(q);
  });
  if (!feed.ok() || (now >= feed->last_used_at && now - feed->last_used_at < kUseResolution)) {
    return feed;
  }
  Status recorded = WriteStatus([&]() -> Status {
    SQLite::Statement used(db_, "UPDATE calendar_feeds SET last_used_at = ? WHERE user_id = ?");
    used.bind(1, now);
    used.bind(2, feed->user_id);
    used.exec();
    return Status::Ok();
  });
  if (!recorded.ok()) return recorded;
  CalendarFeed used = *feed;
  used.last_used_at = now;
  return used;
}

Status SqliteStore::RecordLoginFailure(const std::string& key, int64_t now) {
  if (Status s = ValidateText(key, "key"); !s.ok()) return s;
  return WriteStatus([&]() -> Status {
    CachedStatement old = Cached("DELETE FROM login_failures WHERE at < ?");
    old->bind(1, now - kDay);
    old->exec();
    CachedStatement q = Cached("INSERT INTO login_failures (key, at) VALUES (?, ?)");
    q->bind(1, key);
    q->bind(2, now);
    q->exec();
    // One key: beyond its newest kMaxLoginFailuresPerKey rows (read backwards along
    // login_failures_key, so this costs at most that many steps).
    CachedStatement per_key = Cached(
        "DELETE FROM login_failures WHERE rowid IN (SELECT rowid FROM login_failures WHERE key = "
        "? ORDER BY at DESC, rowid DESC LIMIT -1 OFFSET ?)");
    per_key->bind(1, key);
    per_key->bind(2, kMaxLoginFailuresPerKey);
    per_key->exec();
    // The whole table: rowids grow with each insert, so the rows above the newest rowid less
    // the limit are at most the limit, and this is a range delete on the rowid.
    CachedStatement total = Cached(
        "DELETE FROM login_failures WHERE rowid <= (SELECT MAX(rowid) FROM login_failures) - ?");
    total->bind(1, kMaxLoginFailureRows);
    total->exec();
    return Status::Ok();
  });
}

Result<int> SqliteStore::CountLoginFailures(const std::string& key, int64_t since) {
  return Read<int>([&]() -> Result<int> {
    // Answered from the index login_failures_key (key, at) alone.
    CachedStatement q = Cached("SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?");
    q->bind(1, key);
    q->bind(2, since);
    q->executeStep();
    return q->getColumn(0).getInt();
  });
}

Status SqliteStore::ClearLoginFailures(const std::string& key) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement q(db_, "DELETE FROM login_failures WHERE key = ?");
    q.bind(1, key);
    q.exec();
    return Status::Ok();
  });
}

Status SqliteStore::ClearLoginFailuresWithPrefix(const std::string& prefix) {
  if (prefix.empty()) return Status::Invalid("a prefix is required", "prefix");
  return WriteStatus([&]() -> Status {
    ClearLoginFailuresWithPrefixLocked(prefix);
    return Status::Ok();
  });
}

void SqliteStore::ClearLoginFailuresWithPrefixLocked(const std::string& prefix) {
  // A range on the key index rather than LIKE, whose '%' and '_' an email may contain and
  // which ignores case: the keys from `prefix` up to the first string past every extension of
  // it (the prefix with its last byte below 0xFF raised by one; none if all are 0xFF).
  std::string end = prefix;
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xFF) end.pop_back();
  if (end.empty()) {
    SQLite::Statement q(db_, "DELETE FROM login_failures WHERE key >= ?");
    q.bind(1, prefix);
    q.exec();
    return;
  }
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  SQLite::Statement q(db_, "DELETE FROM login_failures WHERE key >= ? AND key < ?");
  q.bind(1, prefix);
  q.bind(2, end);
  q.exec();
}

Status SqliteStore::CreateOneTimeLink(const OneTimeLink& link, const Actor& actor) {
  if (Status s = ValidateOneTimeLink(link); !s.ok()) return s;
  return WriteStatus(
      [&]() -> Status {
        const int64_t now = Now();
        SQLite::Statement q(db_,
                            "INSERT INTO one_time_links (token_digest, user_id, purpose, "
                            "created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
        q.bind(1, link.token_digest);
        q.bind(2, link.user_id);
        q.bind(3, PurposeName(link.purpose));
        q.bind(4, now);
        q.bind(5, link.expires_at);
        q.exec();
        Audit(actor, "link.create", UserTarget(link.user_id),
              {{"purpose", PurposeName(link.purpose)}, {"expires_at", link.expires_at}});
        return Status::Ok();
      },
      "user_id");
}

Result<OneTimeLink> SqliteStore::FindOneTimeLink(const std::string& token_digest, int64_t now) {
  return Read<OneTimeLink>([&]() -> Result<OneTimeLink> {
    CachedStatement q = Cached(
        "SELECT user_id, purpose, expires_at FROM one_time_links WHERE token_digest = ? AND "
        "used_at IS NULL AND expires_at > ?");
    q->bind(1, token_digest);
    q->bind(2, now);
    if (!q->executeStep()) return Status::NotFound("this link is unknown, used or expired");
    return OneTimeLink{token_digest, q->getColumn(0).getInt64(),
                       ParsePurpose(q->getColumn(1).getString()), q->getColumn(2).getInt64()};
  });
}

Result<User> SqliteStore::RedeemOneTimeLink(const std::string& token_digest, LinkPurpose purpose,
                                            const std::string& password_hash, int64_t now) {
  if (password_hash.empty()) return Status::Invalid("a password is required", "password");
  if (Status s = ValidateText(password_hash, "password"); !s.ok()) return s;
  return Write<User>([&]() -> Result<User> {
    // The same answer for a link made for the other purpose as for an unknown one: the caller
    // learns nothing about tokens it was not given for this route.
    SQLite::Statement link(db_,
                           "SELECT user_id FROM one_time_links WHERE token_digest = ? AND "
                           "purpose = ? AND used_at IS NULL AND expires_at > ?");
    link.bind(1, token_digest);
    link.bind(2, PurposeName(purpose));
    link.bind(3, now);
    if (!link.executeStep()) return Status::NotFound("this link is unknown, used or expired");
    const int64_t user_id = link.getColumn(0).getInt64();
    SQLite::Statement spend(db_, "UPDATE one_time_links SET used_at = ? WHERE token_digest = ?");
    spend.bind(1, now);
    spend.bind(2, token_digest);
    spend.exec();
    SQLite::Statement password(db_, "UPDATE users SET password_hash = ? WHERE id = ?");
    password.bind(1, password_hash);
    password.bind(2, user_id);
    password.exec();
    // A new password logs the person out everywhere, and an older link (a reset mailed twice,
    // an invitation never used) must not set another one behind their back.
    const EndedAccess ended = EndAccessLocked(user_id, now);
    nlohmann::json details = {{"purpose", PurposeName(purpose)},
                              {"sessions_ended", ended.sessions},
                              {"api_tokens_revoked", ended.api_tokens},
                              {"links_spent", ended.links}};
    if (ended.calendar_feeds > 0) details["calendar_feed_removed"] = true;
    Audit(Actor::Of(user_id), "link.redeem", UserTarget(user_id), details);
    return GetUserLocked(user_id);
  });
}

SqliteStore::EndedAccess SqliteStore::EndAccessLocked(int64_t user_id, int64_t now) {
  EndedAccess ended;
  SQLite::Statement sessions(db_, "DELETE FROM sessions WHERE user_id = ?");
  sessions.bind(1, user_id);
  ended.sessions = sessions.exec();
  SQLite::Statement tokens(db_,
                           "UPDATE api_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0");
  tokens.bind(1, user_id);
  ended.api_tokens = tokens.exec();
  // Expired links are left as they are: they open nothing, and "spent" would misreport them.
  SQLite::Statement links(db_,
                          "UPDATE one_time_links SET used_at = ? WHERE user_id = ? AND used_at IS "
                          "NULL AND expires_at > ?");
  links.bind(1, now);
  links.bind(2, user_id);
  links.bind(3, now);
  ended.links = links.exec();
  SQLite::Statement feeds(db_, "DELETE FROM calendar_feeds WHERE user_id = ?");
  feeds.bind(1, user_id);
  ended.calendar_feeds = feeds.exec();
  return ended;
}

}  // namespace rungs::sqlite_impl
