// The store's logic, written once on the SQL layer (sql.h) and shared by the files that
// implement it; sqlite_store.cc and postgres_store.cc open it on their database (callers include
// store/sqlite_store.h or store/postgres_store.h instead):
//   sql_store.cc          migrating, teams and people, removing people, the audit log
//   sql_store_auth.cc     passwords, sessions, API tokens, login failures, one-time links
//   sql_store_checkins.cc framework versions, check-ins, evidence, agreed results
//   sql_store_helpdesk.cc helpdesk ingest batches, their weekly rows, people's identities
//   sql_store_helpdesk_identities.cc  identities nobody is linked to yet
//   sql_store_framework_files.cc  framework files uploaded in the browser
//   sql_store_saved_mappings.cc   helpdesk mappings saved in the browser
// One writer connection guarded by one mutex, and a pool of reader connections: every method
// takes a connection once (through Write or Read) and passes it to the *Locked helpers, which
// may call each other freely. Writes of several instances on one database take turns under
// the database's write lock (SQLite's own; an advisory lock on PostgreSQL, sql_postgres.h).
#ifndef RUNGS_STORE_SQL_STORE_IMPL_H_
#define RUNGS_STORE_SQL_STORE_IMPL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/connection_pool.h"
#include "store/sql.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/embedded.h"

namespace rungs::sql_store {

// The assessment stored in `column`; an unknown name (impossible given the CHECK) reads as none.
Assessment ReadAssessment(sql::Query& q, int column);

struct Migration {
  int version = 0;
  std::string name;  // "0003_helpdesk.sql"
  std::string sql;
};
// The "NNNN_what.sql" files of `files` in version order.
std::vector<Migration> MigrationsOf(const std::vector<EmbeddedFile>& files);

// How a store reaches its database: the writer (opened at once, and again if it is lost), and
// readers for the pool (none: reads go through the writer). Each throws sql::Error.
struct SqlConnections {
  std::function<std::unique_ptr<sql::Connection>()> open_writer;
  std::function<std::unique_ptr<sql::Connection>()> open_reader;
  // Connections that read at once: as many as the cores that build pages, and a few waiting on
  // the disk or the network.
  size_t readers = 4;
};

// Turns constraint failures into statuses that name the field. SQLite does not say which
// foreign key failed, so a write passes `fk_field`, the input its references come from.
Status FromException(const sql::Error& e, const char* fk_field);

class SqlStore : public Store {
 public:
  // Opens the writer. Throws sql::Error.
  explicit SqlStore(SqlConnections connections);
  // Applies the `migrations` the database has not seen, each in a write transaction; first,
  // when the database has some already, `before_upgrade` (when set) with the first version to
  // apply (SQLite backs the file up). `database` names it in messages.
  Status Migrate(const std::vector<Migration>& migrations, const std::string& database,
                 const std::function<Status(int version)>& before_upgrade);
  int SchemaVersion() override;
  void SetClock(std::function<int64_t()> clock) override;

  // sqlite_store.cc
  Result<Team> CreateTeam(const Team& input, const Actor& actor) override;
  Result<std::vector<Team>> ListTeams() override;
  Result<Team> UpdateTeam(const Team& input, const Actor& actor) override;
  Result<User> CreateUser(const User& input, const Actor& actor) override;
  Result<User> UpdateUser(const User& input, const Actor& actor) override;
  Result<User> GetUser(int64_t id) override;
  Result<User> FindUserByEmail(const std::string& email) override;
  Result<std::vector<User>> ListUsers() override;
  Result<std::vector<User>> ReportsOf(int64_t manager_id) override;
  Status DeleteUser(int64_t id, const Actor& actor) override;
  Status RemoveUser(int64_t id, Removal how, const Actor& actor) override;
  Result<std::vector<AuditEntry>> AuditLog(int64_t after_id, int limit) override;
  Result<std::vector<AuditEntry>> FindAudit(const AuditFilter& filter, int limit) override;
  Result<int64_t> ChangeStamp() override;

  // sqlite_auth.cc
  Result<User> CreateFirstAdmin(const User& input, const std::string& password_hash,
                                const Actor& actor) override;
  Result<bool> HasAdmin() override;
  Status SetPasswordHash(int64_t user_id, const std::string& hash, const Actor& actor) override;
  Result<std::string> PasswordHash(int64_t user_id) override;
  Status CreateSession(const Session& input) override;
  Result<Session> FindSession(const std::string& token_digest, int64_t now) override;
  Status TouchSession(const std::string& token_digest, int64_t now) override;
  Status DeleteSession(const std::string& token_digest) override;
  Status DeleteSessionsOf(int64_t user_id) override;
  Result<ApiToken> CreateApiToken(const ApiToken& input, const Actor& actor) override;
  Result<ApiToken> UseApiToken(const std::string& token_digest, int64_t now) override;
  Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) override;
  Status RevokeApiToken(int64_t user_id, int64_t token_id, const Actor& actor) override;
  Result<CalendarFeed> SetCalendarFeed(int64_t user_id, const std::string& token_digest,
                                       const Actor& actor) override;
  Status DeleteCalendarFeed(int64_t user_id, const Actor& actor) override;
  Result<std::optional<CalendarFeed>> CalendarFeedOf(int64_t user_id) override;
  Result<CalendarFeed> UseCalendarFeed(const std::string& token_digest, int64_t now) override;
  Status RecordLoginFailure(const std::string& key, int64_t now) override;
  Result<int> CountLoginFailures(const std::string& key, int64_t since) override;
  Status ClearLoginFailures(const std::string& key) override;
  Status ClearLoginFailuresWithPrefix(const std::string& prefix) override;
  Status CreateOneTimeLink(const OneTimeLink& link, const Actor& actor) override;
  Result<OneTimeLink> FindOneTimeLink(const std::string& token_digest, int64_t now) override;
  using Store::RedeemOneTimeLink;  // the transitional overload, not hidden by this one
  Result<User> RedeemOneTimeLink(const std::string& token_digest, LinkPurpose purpose,
                                 const std::string& password_hash, int64_t now) override;

  // sqlite_checkins.cc
  Result<FrameworkVersion> PutFrameworkVersion(const FrameworkVersion& input,
                                               const Actor& actor) override;
  Result<FrameworkVersion> GetFrameworkVersion(int64_t id) override;
  Result<FrameworkVersion> LatestFrameworkVersion(const std::string& framework_id) override;
  Result<std::vector<FrameworkVersion>> ListFrameworkVersions(
      const std::string& framework_id) override;
  Result<CheckIn> CreateCheckIn(int64_t user_id, int64_t framework_version_id,
                                const Actor& actor) override;
  Result<CheckIn> GetCheckIn(int64_t id) override;
  Result<std::vector<CheckIn>> ListCheckIns(int64_t user_id) override;
  Result<CheckIn> UpdateResults(int64_t checkin_id, Side side,
                                const std::vector<CriterionResult>& results,
                                const std::optional<std::string>& notes,
                                const Actor& actor) override;
  Result<CheckIn> Agree(int64_t checkin_id, const std::vector<CriterionResult>& results,
                        const Actor& actor) override;
  Result<CheckIn> Acknowledge(int64_t checkin_id, bool disagrees, const std::string& comment,
                              const Actor& actor) override;
  Result<Evidence> AddEvidence(const Evidence& input, const Actor& actor) override;
  Status DeleteEvidence(int64_t evidence_id, const Actor& actor) override;
  Result<std::vector<CheckInSummary>> SummariseCheckIns(
      const std::vector<int64_t>& user_ids) override;
  Result<AgreementTallies> TallyAgreements() override;
  Result<std::vector<AgreedResult>> LatestAgreed(const std::vector<int64_t>& user_ids) override;

  // sqlite_helpdesk.cc
  Result<IngestOutcome> PutIngestBatch(const IngestBatch& batch,
                                       const std::vector<IdentityWeek>& weeks,
                                       const Actor& actor) override;
  Result<std::vector<IngestBatch>> ListIngestBatches() override;
  Status UndoIngestBatch(int64_t batch_id, const Actor& actor) override;
  Status LinkIdentity(const HelpdeskIdentity& identity, const Actor& actor) override;
  Status UnlinkIdentity(const HelpdeskIdentity& identity, const Actor& actor) override;
  Result<std::vector<HelpdeskIdentity>> IdentitiesOf(int64_t user_id) override;
  Result<std::vector<IdentityWeek>> WeeksOf(int64_t user_id) override;

  // sqlite_helpdesk_identities.cc
  Result<std::vector<UnlinkedIdentity>> UnlinkedIdentities() override;
  Result<std::vector<HelpdeskIdentity>> IdentitiesWithData(const std::string& source) override;

  // sqlite_framework_files.cc
  Result<std::vector<FrameworkFile>> ListFrameworkFiles(bool with_content) override;
  Result<FrameworkFile> PutFrameworkFile(const FrameworkFile& input, const Actor& actor) override;
  Status DeleteFrameworkFile(const std::string& name, const Actor& actor) override;

  // sqlite_saved_mappings.cc
  Result<std::vector<SavedMapping>> ListSavedMappings() override;
  Result<SavedMapping> PutSavedMapping(const SavedMapping& input, const Actor& actor) override;
  Status DeleteSavedMapping(const std::string& name, const Actor& actor) override;

 private:
  // sqlite_store.cc
  Result<User> GetUserLocked(sql::Connection& db, int64_t id);
  bool ManagesTransitively(sql::Connection& db, int64_t person, int64_t candidate);
  // Whether a row with `id` exists in `table` (a name from the code, never from input).
  bool Exists(sql::Connection& db, const char* table, int64_t id);
  Status CheckReferences(sql::Connection& db, const User& user);
  bool AdminExistsLocked(sql::Connection& db);
  // Inserts `user` (validated) and sets its id and created_at; audited as `action`.
  Status InsertUserLocked(sql::Connection& db, User& user, const Actor& actor, const char* action);
  // Deletes what a person leaves behind whichever way they are removed, and takes their email
  // and name out of earlier audit entries (the log must not keep what the removal removes).
  void ForgetCredentials(sql::Connection& db, const User& user);
  void ScrubAuditOf(sql::Connection& db, int64_t user_id);
  int CountCheckIns(sql::Connection& db, int64_t user_id);
  Status EraseLocked(sql::Connection& db, const User& user, const Actor& actor);
  Status AnonymiseLocked(sql::Connection& db, const User& user, const Actor& actor);
  void Audit(sql::Connection& db, const Actor& actor, const std::string& action,
             const std::string& target, const nlohmann::json& details);

  // sqlite_auth.cc
  // What EndAccessLocked ended, for the audit entry of the write that asked for it.
  struct EndedAccess {
    int sessions = 0;
    int api_tokens = 0;
    int links = 0;
    int calendar_feeds = 0;
  };
  // Deletes the user's sessions and calendar feed, revokes their API tokens and spends their
  // unused, unexpired one-time links: nothing issued before this point opens the account (or
  // shows their calendar) afterwards.
  EndedAccess EndAccessLocked(sql::Connection& db, int64_t user_id, int64_t now);
  void ClearLoginFailuresWithPrefixLocked(sql::Connection& db, const std::string& prefix);

  // sqlite_checkins.cc
  Result<CheckIn> GetCheckInLocked(sql::Connection& db, int64_t id);
  CheckIn ReadCheckInRow(sql::Query& q);
  // The check-in's state, refusing frozen (kConflict) and unknown (kNotFound) ones.
  Status CheckOpen(sql::Connection& db, int64_t checkin_id);
  std::vector<CriterionResult> ReadResults(sql::Connection& db, int64_t checkin_id);
  std::vector<Evidence> ReadEvidence(sql::Connection& db, int64_t checkin_id);

  // Runs `fn` on the writer connection in a transaction under the lock; a Status that is not
  // ok, or any SQL error, rolls it back, so a failed write leaves nothing behind (audit entry
  // included).
  template <typename T, typename Fn>
  Result<T> Write(Fn fn, const char* fk_field = "") {
    std::lock_guard lock(mutex_);
    try {
      if (writer_->Broken()) writer_ = open_writer_();  // the server went away and came back
      sql::Transaction tx(*writer_, /*write=*/true);
      Result<T> result = fn(*writer_);
      if (result.ok()) tx.Commit();
      return result;
    } catch (const sql::Error& e) {
      return FromException(e, fk_field);
    } catch (const nlohmann::json::exception& e) {
      // An audit entry that cannot be written (invalid UTF-8 in its details, which the
      // Validate* functions should have refused earlier): the write is refused, not half-done.
      return Status::Internal(std::string("cannot write the audit entry: ") + e.what());
    }
  }

  // Write for the methods that return only a Status.
  template <typename Fn>
  Status WriteStatus(Fn fn, const char* fk_field = "") {
    Result<bool> done = Write<bool>(
        [&](sql::Connection& db) -> Result<bool> {
          if (Status s = fn(db); !s.ok()) return s;
          return true;
        },
        fk_field);
    return done.ok() ? Status::Ok() : done.status();
  }

  // Runs `fn` on a reader connection of the pool, in a read transaction so that every
  // statement sees the same snapshot; readers do not wait for each other or for the writer (WAL).
  // A database in memory has only the writer.
  template <typename T, typename Fn>
  Result<T> Read(Fn fn) {
    return ReadOn<T>(fn, /*snapshot=*/true);
  }

  // Read for a lambda that runs one statement, which sees one snapshot by itself: no
  // transaction around it, so two round trips fewer on PostgreSQL, where every request asks for
  // its session and the store's stamp.
  template <typename T, typename Fn>
  Result<T> ReadOne(Fn fn) {
    return ReadOn<T>(fn, /*snapshot=*/false);
  }

  template <typename T, typename Fn>
  Result<T> ReadOn(Fn fn, bool snapshot) {
    try {
      if (!readers_) {
        std::lock_guard lock(mutex_);
        return fn(*writer_);
      }
      sql::ConnectionPool::Lease db = readers_->Acquire();
      if (!snapshot) return fn(*db);
      sql::Transaction tx(*db, /*write=*/false);
      Result<T> result = fn(*db);
      tx.Commit();
      return result;
    } catch (const sql::Error& e) {
      return FromException(e, "");
    }
  }

  std::mutex mutex_;  // the writer's
  // SetClock's; empty: the wall clock.
  std::function<int64_t()> clock_;
  // The time a write stamps.
  int64_t Now() const { return clock_ ? clock_() : UnixNow(); }
  int SchemaVersionLocked(sql::Connection& db);

  const std::function<std::unique_ptr<sql::Connection>()> open_writer_;
  std::unique_ptr<sql::Connection> writer_;
  std::optional<sql::ConnectionPool> readers_;
};

}  // namespace rungs::sql_store

#endif  // RUNGS_STORE_SQL_STORE_IMPL_H_
