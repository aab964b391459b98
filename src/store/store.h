// The Store keeps everything rungs learns about people: teams, users and their managers,
// passwords, sessions, API tokens and one-time links, the framework versions check-ins were
// made against, the check-ins themselves with their evidence, and the audit log of every
// write (helpdesk data follows). It is an
// interface because there are two real implementations that pass one test suite: SQLite, the
// embedded default (one file in the data directory), and PostgreSQL for several instances.
// Every write is one transaction that also appends its audit entry; errors are Status values.
#ifndef RUNGS_STORE_STORE_H_
#define RUNGS_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rungs {

struct Team {
  int64_t id = 0;
  std::string name;
  std::string time_zone = "UTC";  // IANA name; weeks of helpdesk data are counted in it
  int64_t created_at = 0;
  // Check in every this many weeks (1..kMaxCadenceWeeks); 0: the team keeps no cadence.
  int cadence_weeks = 0;
  // When the cadence was turned on (set by the store when cadence_weeks goes from 0 to more):
  // nobody is overdue the day a lead sets one. Changing the number of weeks keeps it.
  int64_t cadence_since = 0;
};
inline constexpr int kMaxCadenceWeeks = 52;

enum class Role { kAdmin, kManager, kMember };
const char* RoleName(Role role);  // "admin", "manager", "member"
std::optional<Role> ParseRole(const std::string& name);

struct User {
  int64_t id = 0;
  std::string email;  // stored lower-cased; unique without regard to (ASCII) case
  std::string name;
  Role role = Role::kMember;
  std::optional<int64_t> team_id;
  std::optional<int64_t> manager_id;
  std::string framework_id;   // the framework they progress on
  std::string assigned_rung;  // the rung they hold (what was agreed, not what is computed)
  std::string start_date;     // YYYY-MM-DD, or empty
  std::string probation_end;  // YYYY-MM-DD, or empty
  bool active = true;
  int64_t created_at = 0;

  bool operator==(const User&) const = default;
};

// One person's result on one criterion, as self, manager or agreed assessment.
enum class Assessment { kNone, kNotYet, kWorkingTowards, kMeeting, kExceeding };
const char* AssessmentName(Assessment a);  // "", "not_yet", "working_towards", "meeting", ...
std::optional<Assessment> ParseAssessment(std::string_view name);  // "" -> kNone
inline bool IsMet(Assessment a) { return a == Assessment::kMeeting || a == Assessment::kExceeding; }

// A framework as a check-in saw it: rungs' lossless JSON (json_format.h), stored once per
// distinct content, so a past check-in can always be shown as it was made.
struct FrameworkVersion {
  int64_t id = 0;
  std::string framework_id;
  std::string content_hash;  // hex SHA-256 of `json`
  std::string json;
  int64_t imported_at = 0;
};

// A framework file an admin uploaded in the browser, served beside the --frameworks folders
// (progress/framework_library.h). Its name gives the framework its id unless the file names one.
struct FrameworkFile {
  std::string name;          // "support.md": a file name, unique in the store
  std::string content;       // the bytes as uploaded (any encoding the importers read)
  std::string content_hash;  // hex SHA-256 of content
  int64_t uploaded_at = 0;
  std::optional<int64_t> uploaded_by;
};

// A helpdesk mapping an admin saved in the browser: a draft the upload's "detect" wrote, as the
// admin edited it. The upload offers it by name beside the shipped mappings.
struct SavedMapping {
  std::string name;  // unique whatever its case
  std::string yaml;
  int64_t saved_at = 0;
  std::optional<int64_t> saved_by;
};

// The results for one criterion in one check-in. The key and hash identify the criterion in
// the check-in's framework version (Criterion::key, Criterion::text_hash).
struct CriterionResult {
  std::string criterion_key;
  std::string text_hash;
  Assessment self = Assessment::kNone;
  Assessment manager = Assessment::kNone;
  Assessment agreed = Assessment::kNone;

  bool operator==(const CriterionResult&) const = default;
};

struct Evidence {
  int64_t id = 0;
  int64_t checkin_id = 0;
  int64_t author_id = 0;
  std::string text;                         // 1..4000 characters
  std::string link;                         // empty, or an http(s) URL
  std::vector<std::string> criterion_keys;  // at least one, sorted, each in the version
  int64_t created_at = 0;

  bool operator==(const Evidence&) const = default;
};

enum class CheckInState { kOpen, kFrozen };

// One review of one person against one framework version. Open while self and manager results
// are edited; frozen (read-only for ever) once the agreed results are recorded.
struct CheckIn {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t framework_version_id = 0;
  CheckInState state = CheckInState::kOpen;
  std::string self_notes;
  std::string manager_notes;
  std::vector<CriterionResult> results;  // sorted by criterion_key; only assessed criteria
  std::vector<Evidence> evidence;        // oldest first
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t frozen_at = 0;  // 0 while open
  std::optional<int64_t> frozen_by;
  // The person's answer to the agreed results, once frozen: 0 while they have not given one.
  int64_t acknowledged_at = 0;
  bool disagrees = false;
  std::string acknowledgement_comment;
};
const char* CheckInStateName(CheckInState state);  // "open", "frozen"
// "agree", "disagree", or nullptr while the person has not answered.
const char* AcknowledgementName(const CheckIn& checkin);

// Which side of a check-in a write fills in.
enum class Side { kSelf, kManager };

// The latest agreed result of one person on one criterion of one framework version: what level
// computation reads (a frozen check-in's results, the newest per criterion and version).
struct AgreedResult {
  int64_t user_id = 0;
  int64_t framework_version_id = 0;
  std::string criterion_key;
  std::string text_hash;
  Assessment result = Assessment::kNone;
  int64_t checkin_id = 0;
  int64_t agreed_at = 0;
};

// What the team views need of one person's check-ins, without reading them.
struct CheckInSummary {
  int64_t user_id = 0;
  int checkins = 0;
  int agreed = 0;               // frozen ones
  bool open = false;            // one is open
  int64_t last_created_at = 0;  // when the newest was started
  int64_t last_agreed_at = 0;   // when the newest was frozen; 0 for none
};

// Every agreed result, counted by who agreed it (CheckIn::frozen_by) and by the person's
// self-assessment beside it: what calibration compares, without reading every check-in.
struct AgreementTallies {
  struct Results {
    std::optional<int64_t> agreed_by;  // none: the command line, or someone since removed
    Assessment self = Assessment::kNone;
    Assessment agreed = Assessment::kNone;  // never kNone
    int64_t count = 0;
  };
  struct CheckIns {
    std::optional<int64_t> agreed_by;
    int64_t checkins = 0;  // frozen by them
    int64_t people = 0;    // whose
  };
  std::vector<Results> results;
  std::vector<CheckIns> checkins;
};

// A logged-in browser. The cookie holds the token; the store keeps its digest.
struct Session {
  std::string token_digest;
  int64_t user_id = 0;
  std::string csrf_token;  // sent back in every form and state-changing request
  int64_t created_at = 0;
  int64_t expires_at = 0;  // absolute; the server also ends idle sessions
  int64_t last_seen_at = 0;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;  // what the owner called it ("nightly export")
  std::string token_digest;
  int64_t created_at = 0;
  int64_t last_used_at = 0;
  bool revoked = false;
};

// A person's calendar feed: a secret URL (the token is in it, the store keeps its digest) that
// calendar programs read without signing in. One per person; making another replaces it.
struct CalendarFeed {
  int64_t user_id = 0;
  std::string token_digest;
  int64_t created_at = 0;
  int64_t last_used_at = 0;  // to the minute, like an API token's
};

// An invitation or password reset: a link an admin copies; it sets a password once.
enum class LinkPurpose { kInvite, kReset };
struct OneTimeLink {
  std::string token_digest;
  int64_t user_id = 0;
  LinkPurpose purpose = LinkPurpose::kInvite;
  int64_t expires_at = 0;
};

// One ingest of a helpdesk export (metrics/): listed, and undone by deleting it.
struct IngestBatch {
  int64_t id = 0;
  std::string source;  // identities are per source
  std::string file_name;
  std::string content_hash;  // SHA-256 hex of the file's bytes
  std::string mapping;
  int64_t imported_at = 0;
  std::optional<int64_t> imported_by;
  int64_t rows_read = 0;
  int64_t rows_used = 0;
  int64_t rows_excluded = 0;
  int64_t rows_with_problems = 0;
  int64_t first_week = 0;  // week indexes (metrics/iso_week.h)
  int64_t last_week = 0;
};

// A helpdesk identity's totals for one week, as one batch saw them.
struct IdentityWeek {
  std::string source;
  std::string space;  // the column that named them ("agent_id", "resolved_by", ...)
  std::string identity;
  int64_t week = 0;
  int64_t closed = 0;  // distinct conversations
  int64_t closed_events = 0;
  int64_t active_seconds = 0;
  int64_t away_seconds = 0;
  bool active_inferred = false;  // active time from event times, not status changes
  int64_t scheduled_seconds = 0;
  // Active time inside the schedule, when the batch had this identity's status intervals and
  // shifts both; nullopt when not measured.
  std::optional<int64_t> active_scheduled_seconds;
  int64_t qa_reviews = 0;
  double qa_score_sum = 0;  // sum of review scores (0-100)
  int64_t batch_id = 0;     // set when read back
};

struct HelpdeskIdentity {
  std::string source;
  std::string space;
  std::string identity;
  int64_t user_id = 0;
};

// A helpdesk identity that stored batches have weeks for and nobody is linked to: who to link
// next. Where batches overlap, the newest batch's row counts for a week, as in WeeksOf.
struct UnlinkedIdentity {
  std::string source;
  std::string space;
  std::string identity;
  int64_t weeks = 0;      // weeks with a row
  int64_t last_week = 0;  // week index of the newest
  int64_t closed = 0;     // conversations closed over those weeks
};

struct IngestOutcome {
  IngestBatch batch;
  bool created = false;  // false: the same file was ingested before, as `batch`
};

// What to do with a leaver who has check-ins: remove every trace, or keep the results
// without anything that names them (name, email, notes and evidence text are replaced).
enum class Removal { kErase, kAnonymise };

// Who makes a change, for the audit log: a user, or the system (the command line).
struct Actor {
  std::optional<int64_t> user_id;
  static Actor System() { return {}; }
  static Actor Of(int64_t id) { return {id}; }
};

struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;
  std::optional<int64_t> actor_id;
  std::string action;   // "user.create", "team.create", ...
  std::string target;   // "user:12"
  std::string details;  // JSON
};

// Which audit entries FindAudit reads: every condition that is set must hold.
struct AuditFilter {
  int64_t before_id = 0;             // only entries with a lower id; 0: from the newest
  std::optional<int64_t> actor_id;   // made by this user; 0: by the system (no actor)
  std::vector<std::string> targets;  // about one of these targets exactly; empty: any
  std::string action;                // this action, or when it ends in '.' any it starts
  std::optional<int64_t> from;       // at or after this time
  std::optional<int64_t> until;      // before this time
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<Team> CreateTeam(const Team& team, const Actor& actor) = 0;
  virtual Result<std::vector<Team>> ListTeams() = 0;

  // An email that differs from a stored one only by case is a kConflict on field "email".
  virtual Result<User> CreateUser(const User& user, const Actor& actor) = 0;
  // Replaces every field of the user with `user.id`. Making someone inactive also deletes
  // their sessions, revokes their API tokens and spends their unused links, in the same
  // transaction, so making them active again later revives none of it.
  virtual Result<User> UpdateUser(const User& user, const Actor& actor) = 0;
  virtual Result<User> GetUser(int64_t id) = 0;
  // Matches without regard to (ASCII) case: "Ana@Example.com" finds ana@example.com.
  virtual Result<User> FindUserByEmail(const std::string& email) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Everyone who reports to `manager_id`, directly or through their own managers.
  virtual Result<std::vector<User>> ReportsOf(int64_t manager_id) = 0;

  virtual Result<Team> UpdateTeam(const Team& team, const Actor& actor) = 0;
  // Deletes a user without check-ins; a user with check-ins is a kConflict (field
  // "check_ins") that asks for RemoveUser.
  virtual Status DeleteUser(int64_t id, const Actor& actor) = 0;
  virtual Status RemoveUser(int64_t id, Removal how, const Actor& actor) = 0;

  // The first admin, with their password, in one transaction: a kConflict on field "role" when
  // any admin exists already, so of two setups racing only one succeeds (a taken email is a
  // kConflict on "email", as in CreateUser). `user.role` is ignored (admin).
  virtual Result<User> CreateFirstAdmin(const User& user, const std::string& password_hash,
                                        const Actor& actor) = 0;
  // Whether any admin, active or not, exists: until then `rungs serve` offers the setup link.
  virtual Result<bool> HasAdmin() = 0;

  // Passwords (argon2id strings from auth/secrets.h). Empty when none is set yet.
  virtual Status SetPasswordHash(int64_t user_id, const std::string& hash, const Actor& actor) = 0;
  virtual Result<std::string> PasswordHash(int64_t user_id) = 0;

  // Sessions: expired ones are not found (and are deleted on the way). An inactive user gets
  // none (kForbidden), even when they were active when the caller checked.
  virtual Status CreateSession(const Session& session) = 0;
  virtual Result<Session> FindSession(const std::string& token_digest, int64_t now) = 0;
  virtual Status TouchSession(const std::string& token_digest, int64_t now) = 0;
  virtual Status DeleteSession(const std::string& token_digest) = 0;
  virtual Status DeleteSessionsOf(int64_t user_id) = 0;

  // An inactive user gets none (kForbidden).
  virtual Result<ApiToken> CreateApiToken(const ApiToken& token, const Actor& actor) = 0;
  // Revoked tokens are not found. Records the use, to the minute (kUseResolution seconds).
  static constexpr int64_t kUseResolution = 60;
  virtual Result<ApiToken> UseApiToken(const std::string& token_digest, int64_t now) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) = 0;
  virtual Status RevokeApiToken(int64_t user_id, int64_t token_id, const Actor& actor) = 0;

  // Calendar feeds: one per person, replaced by the next. An inactive user gets none
  // (kForbidden); ending a person's access (inactive, a new password) deletes theirs.
  virtual Result<CalendarFeed> SetCalendarFeed(int64_t user_id, const std::string& token_digest,
                                               const Actor& actor) = 0;
  // kNotFound when the person has none.
  virtual Status DeleteCalendarFeed(int64_t user_id, const Actor& actor) = 0;
  // nullopt when the person has none.
  virtual Result<std::optional<CalendarFeed>> CalendarFeedOf(int64_t user_id) = 0;
  // The feed with this digest, of an active person; kNotFound otherwise. Records the use, to
  // the minute.
  virtual Result<CalendarFeed> UseCalendarFeed(const std::string& token_digest, int64_t now) = 0;

  // Failed logins per key ("acct:ana@example.com|10.0.0.1", "addr:10.0.0.1"), for rate
  // limiting; kept in the store so several instances share them. Bounded whatever callers
  // send: recording one deletes rows older than a day; a key keeps at most
  // kMaxLoginFailuresPerKey rows and the table at most kMaxLoginFailureRows, the earliest
  // recorded going first. A count therefore tops out at kMaxLoginFailuresPerKey (far above any
  // useful limit), and only a flood of that many rows can push out another key's.
  static constexpr int kMaxLoginFailuresPerKey = 1000;
  static constexpr int64_t kMaxLoginFailureRows = 100000;
  virtual Status RecordLoginFailure(const std::string& key, int64_t now) = 0;
  // Failures of `key` at or after `since`: one indexed query.
  virtual Result<int> CountLoginFailures(const std::string& key, int64_t since) = 0;
  virtual Status ClearLoginFailures(const std::string& key) = 0;
  // Clears every key that starts with `prefix` (byte for byte: "acct:ana@example.com|" after a
  // reset). An empty prefix, which would clear everyone's, is kInvalid.
  virtual Status ClearLoginFailuresWithPrefix(const std::string& prefix) = 0;

  virtual Status CreateOneTimeLink(const OneTimeLink& link, const Actor& actor) = 0;
  // The unused, unexpired link with this digest, with its purpose and user (kNotFound
  // otherwise). Writes nothing, so a caller can refuse a bad token before hashing a password.
  virtual Result<OneTimeLink> FindOneTimeLink(const std::string& token_digest, int64_t now) = 0;
  // Sets the password and spends the link, in one transaction; returns the user. An unknown,
  // used or expired link, or one made for another purpose (an invitation at /reset), is
  // kNotFound. A new password ends everything the old one opened (a
  // reset is often because of a leak): the person's sessions are deleted, their API tokens
  // revoked and their other unused links, invitations and resets alike, spent; the audit entry
  // (link.redeem) counts each.
  virtual Result<User> RedeemOneTimeLink(const std::string& token_digest, LinkPurpose purpose,
                                         const std::string& password_hash, int64_t now) = 0;
  // Returns the stored version with the same content when there is one (nothing written).
  virtual Result<FrameworkVersion> PutFrameworkVersion(const FrameworkVersion& version,
                                                       const Actor& actor) = 0;
  virtual Result<FrameworkVersion> GetFrameworkVersion(int64_t id) = 0;
  virtual Result<FrameworkVersion> LatestFrameworkVersion(const std::string& framework_id) = 0;
  // Without their JSON, newest first.
  virtual Result<std::vector<FrameworkVersion>> ListFrameworkVersions(
      const std::string& framework_id) = 0;

  // Uploaded framework files by name; without their content unless `with_content`.
  virtual Result<std::vector<FrameworkFile>> ListFrameworkFiles(bool with_content) = 0;
  // Stores the file, replacing one of the same name (audited as framework_file.put).
  virtual Result<FrameworkFile> PutFrameworkFile(const FrameworkFile& file, const Actor& actor) = 0;
  // kNotFound when no file has the name.
  virtual Status DeleteFrameworkFile(const std::string& name, const Actor& actor) = 0;

  // Saved mappings by name, with their YAML.
  virtual Result<std::vector<SavedMapping>> ListSavedMappings() = 0;
  // Stores the mapping, replacing one whose name differs at most in case (audited as
  // saved_mapping.put).
  virtual Result<SavedMapping> PutSavedMapping(const SavedMapping& mapping, const Actor& actor) = 0;
  // kNotFound when no mapping has the name (in any case).
  virtual Status DeleteSavedMapping(const std::string& name, const Actor& actor) = 0;

  // A person has at most one open check-in; a second is a kConflict.
  virtual Result<CheckIn> CreateCheckIn(int64_t user_id, int64_t framework_version_id,
                                        const Actor& actor) = 0;
  virtual Result<CheckIn> GetCheckIn(int64_t id) = 0;
  // Newest first, with results and evidence.
  virtual Result<std::vector<CheckIn>> ListCheckIns(int64_t user_id) = 0;
  // Sets one side's results (only the listed criteria; kNone clears one) and notes (nullopt
  // keeps them) on an open check-in; a frozen one is a kConflict.
  virtual Result<CheckIn> UpdateResults(int64_t checkin_id, Side side,
                                        const std::vector<CriterionResult>& results,
                                        const std::optional<std::string>& notes,
                                        const Actor& actor) = 0;
  // Records the agreed results (`results[i].agreed`) and freezes the check-in.
  virtual Result<CheckIn> Agree(int64_t checkin_id, const std::vector<CriterionResult>& results,
                                const Actor& actor) = 0;
  // The person's answer to a frozen check-in's agreed results, given once: a kConflict while it
  // is open or once answered; a comment is needed to disagree (field "comment").
  virtual Result<CheckIn> Acknowledge(int64_t checkin_id, bool disagrees,
                                      const std::string& comment, const Actor& actor) = 0;
  virtual Result<Evidence> AddEvidence(const Evidence& evidence, const Actor& actor) = 0;
  virtual Status DeleteEvidence(int64_t evidence_id, const Actor& actor) = 0;

  // Helpdesk data. A batch and its weeks are stored in one transaction; the same file again
  // (same source and content hash) stores nothing and returns the earlier batch.
  virtual Result<IngestOutcome> PutIngestBatch(const IngestBatch& batch,
                                               const std::vector<IdentityWeek>& weeks,
                                               const Actor& actor) = 0;
  virtual Result<std::vector<IngestBatch>> ListIngestBatches() = 0;  // newest first
  virtual Status UndoIngestBatch(int64_t batch_id, const Actor& actor) = 0;
  // kConflict (field "identity") when the identity is another person's.
  virtual Status LinkIdentity(const HelpdeskIdentity& identity, const Actor& actor) = 0;
  virtual Status UnlinkIdentity(const HelpdeskIdentity& identity, const Actor& actor) = 0;
  virtual Result<std::vector<HelpdeskIdentity>> IdentitiesOf(int64_t user_id) = 0;
  // By source, space and identity.
  virtual Result<std::vector<UnlinkedIdentity>> UnlinkedIdentities() = 0;
  // Every identity a stored batch of `source` has a week for, linked or not (user_id 0), by
  // space and identity; every source's when `source` is empty.
  virtual Result<std::vector<HelpdeskIdentity>> IdentitiesWithData(const std::string& source) = 0;
  // Every week of every identity linked to the person, oldest first; where batches overlap,
  // the newest batch's row for an identity and week.
  virtual Result<std::vector<IdentityWeek>> WeeksOf(int64_t user_id) = 0;

  // A summary per person who has check-ins, by person; for every person when `user_ids` is
  // empty. One indexed query per person asked for (or one in all), nothing read per check-in.
  virtual Result<std::vector<CheckInSummary>> SummariseCheckIns(
      const std::vector<int64_t>& user_ids) = 0;
  // Every frozen check-in's agreed results, counted (two grouped queries).
  virtual Result<AgreementTallies> TallyAgreements() = 0;
  // The newest agreed result per person, framework version and criterion; for every person
  // when `user_ids` is empty.
  virtual Result<std::vector<AgreedResult>> LatestAgreed(const std::vector<int64_t>& user_ids) = 0;

  // Audit entries with an id above `after_id`, oldest first, at most `limit`.
  virtual Result<std::vector<AuditEntry>> AuditLog(int64_t after_id, int limit) = 0;
  // Entries matching `filter`, newest first, at most `limit`: what people page back through.
  virtual Result<std::vector<AuditEntry>> FindAudit(const AuditFilter& filter, int limit) = 0;
  // The store's generation, kept in the store itself: every write that is audited raises it in
  // its own transaction, so it changes whenever anything a page shows changes (sessions and
  // login counts are not audited and show nowhere), and restoring a backup sets it above every
  // value it had before (the restored data may be older, but the stamp never goes back or
  // repeats). A cache built at one stamp is current while the stamp is unchanged, whichever
  // instance made the write.
  virtual Result<int64_t> ChangeStamp() = 0;

  virtual int SchemaVersion() = 0;

  // Where writes take their times from: the wall clock (UnixNow) unless `clock` is set. The
  // demo sets one to write a history of check-ins on past days before the server starts; an
  // empty function restores the wall clock. Not for use while requests are being answered.
  virtual void SetClock(std::function<int64_t()> clock) = 0;
};

// What every Store implementation checks before it writes (and callers may check earlier).
// Each refuses with kInvalid naming the field; every text a store writes passes through
// ValidateText, so invalid UTF-8 never gets into a store (nothing is written).

// The one check of text: kInvalid "{field} is not valid UTF-8" unless `text` is valid UTF-8.
Status ValidateText(std::string_view text, std::string_view field);

// Text lengths, a link that is http(s), at least one criterion, valid UTF-8.
Status ValidateEvidence(Evidence& evidence);

// A plausible email, a name, dates as YYYY-MM-DD, valid UTF-8. Normalises the email to lower
// case.
Status ValidateUser(User& user);

// A name, a time zone that looks like an IANA name, and a cadence of 0..kMaxCadenceWeeks.
Status ValidateTeam(const Team& team);

// One side's results (each criterion once, keys present and short) and notes (nullopt: kept).
Status ValidateCheckInUpdate(const std::vector<CriterionResult>& results,
                             const std::optional<std::string>& notes);

// The person's answer: a comment of notes' length, and one to disagree.
Status ValidateAcknowledgement(bool disagrees, const std::string& comment);

// A framework id and JSON; sets content_hash to the JSON's SHA-256 (a different one given is
// kInvalid).
Status ValidateFrameworkVersion(FrameworkVersion& version);

// A file name (no folder, not hidden, valid UTF-8) of at most 200 bytes, and content of at most
// kMaxUploadedFrameworkBytes (nine times the largest framework of the corpus, and a form can
// carry it back for the publish step); sets content_hash.
// Whether the content is a framework is the loader's call (progress/framework_library.h).
inline constexpr size_t kMaxUploadedFrameworkBytes = size_t{512} << 10;
Status ValidateFrameworkFile(FrameworkFile& file);

// A name of 1 to 100 bytes of printable UTF-8 and YAML of at most kMaxSavedMappingBytes (the
// largest shipped mapping is under 4 KiB). Whether the YAML is a mapping is the mapping
// loader's call (metrics/mapping.h), which the Tracker asks.
inline constexpr size_t kMaxSavedMappingBytes = size_t{64} << 10;
Status ValidateSavedMapping(const SavedMapping& mapping);

Status ValidateIngest(const IngestBatch& batch, const std::vector<IdentityWeek>& weeks);
Status ValidateIdentity(const HelpdeskIdentity& identity);

// Token digests, and what else sessions, API tokens and links carry.
Status ValidateTokenDigest(const std::string& digest);
Status ValidateSession(const Session& session);
Status ValidateApiToken(const ApiToken& token);
Status ValidateOneTimeLink(const OneTimeLink& link);

}  // namespace rungs

#endif  // RUNGS_STORE_STORE_H_
