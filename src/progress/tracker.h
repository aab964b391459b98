// What people can do with check-ins, and who may do it. The web pages, the JSON API and the
// command line all go through a Tracker, so each rule is written once:
//   - admins see and change everything;
//   - managers see the people who report to them (directly or further down) and assess and
//     agree their check-ins;
//   - everyone sees their own page, starts their own check-in, fills in the self side and adds
//     evidence to it; nobody agrees their own check-in.
// A refused action is a kForbidden Status. For anyone but an admin, a person or check-in that
// does not exist is refused with the same words as one they may not see, so a refusal never
// confirms who exists.
#ifndef RUNGS_PROGRESS_TRACKER_H_
#define RUNGS_PROGRESS_TRACKER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "metrics/mapped_events.h"
#include "progress/audit_log.h"
#include "progress/cadence.h"
#include "progress/calibration.h"
#include "progress/catalog.h"
#include "progress/framework_library.h"
#include "progress/helpdesk_ingest.h"
#include "progress/history.h"
#include "progress/identity_link.h"
#include "progress/levels.h"
#include "progress/measured.h"
#include "progress/people_export.h"
#include "progress/person_record.h"
#include "progress/roster.h"
#include "progress/stamped_cache.h"
#include "progress/team.h"
#include "store/store.h"

namespace rungs {

// The helpdesk upload's choice that drafts a mapping from the export itself; no saved mapping
// may have this name.
inline constexpr std::string_view kDetectMapping = "detect";

// A person's page as one viewer sees it.
struct PersonView {
  std::shared_ptr<const PersonRecord> record;  // never null in a returned view
  bool can_manage = false;  // the viewer assesses and agrees this person's check-ins
  std::optional<NextCheckIn> next_checkin;  // when their team keeps a cadence
};

struct CheckInView {
  CheckIn checkin;
  User person;
  std::shared_ptr<const Framework> framework;  // the version the check-in was made against
  bool can_self = false;         // the viewer fills in the self side (open check-ins only)
  bool can_manage = false;       // the viewer fills in the manager side and agrees
  bool can_acknowledge = false;  // the viewer is the person, and the agreed results await them
  // Its place among the person's check-ins, 1 for the first; 0 when the caller did not count.
  int number = 0;
  // The person's measured verdicts when the check-in is of their current framework version
  // and the caller asked for them (Tracker::GetCheckIn leaves it null; pages fill it in).
  std::shared_ptr<const MeasuredResults> measured;
};

// What agreeing a check-in's results would change: the person's standing now and after.
struct AgreementPreview {
  CheckInView checkin;  // the check-in it is about, as the viewer sees it
  Standing now;
  Standing after;
};

// A new API token: its stored form and the secret, shown once (the store keeps only its digest).
struct NewApiToken {
  ApiToken token;
  std::string secret;
};

// A helpdesk identity linked to a person, with how many weeks of data are stored for it.
struct LinkedIdentity {
  HelpdeskIdentity identity;
  int64_t weeks = 0;
  // No batch of the identity's source is stored (none was uploaded, or every one was undone):
  // no weeks then says nothing about the identity's spelling.
  bool source_empty = false;
};

// What an admin sees first: how many people and check-ins there are, the newest helpdesk batches,
// and who needs something done.
struct AdminSummary {
  int people = 0;  // active
  int managers = 0;
  int admins = 0;
  int inactive = 0;
  int teams = 0;
  int open_checkins = 0;
  int agreed_checkins = 0;
  std::vector<IngestBatch> recent_batches;  // newest first, at most 5
  // Active people with no helpdesk identity linked, while some helpdesk data is stored (their
  // measured criteria cannot be judged), by name.
  std::vector<User> without_identity;
  // Active people whose check-in is overdue (cadence.h), most overdue first.
  std::vector<DueCheckIn> overdue;
};

// A new calendar feed: the secret for its URL, shown once (the store keeps only its digest).
struct NewCalendarFeed {
  CalendarFeed feed;
  std::string secret;
};

// The command line acts as this viewer: an admin who is nobody (id 0), so its changes are
// audited as the system's, which the audit log names as the command line.
User CommandLineAdmin();

class Tracker {
 public:
  // `library`, when given, lets admins change the served frameworks (framework_library.h).
  Tracker(Store& store, FrameworkCatalog& catalog, FrameworkLibrary* library = nullptr)
      : store_(store), catalog_(catalog), library_(library) {}

  FrameworkCatalog& catalog() { return catalog_; }

  // Ok for admins; else kForbidden saying "only admins {what}". For pages that are admin-only
  // as a whole; every Tracker method checks its own rule as well.
  static Status CheckAdmin(const User& viewer, std::string_view what);

  // True when `viewer` is an admin or manages `person` (directly or further up).
  bool Manages(const User& viewer, const User& person);
  bool CanView(const User& viewer, const User& person);
  // The person; kForbidden when the viewer may not see them (or, for non-admins, when there is
  // no such person), kNotFound for admins asking for someone who does not exist.
  Result<User> VisiblePerson(const User& viewer, int64_t person_id);
  // Everyone the viewer may see, themselves first.
  Result<std::vector<User>> VisiblePeople(const User& viewer);

  // Served from a cache of records while the store's change stamp stays the same: a person's
  // page is read far more often than anything on it changes, and building the record reads and
  // plans every agreed result they have.
  Result<PersonView> Person(const User& viewer, int64_t person_id);
  // `evidence`: the person's evidence in their current framework version, newest first; the
  // Standing points into it.
  Result<Standing> StandingOf(const User& person, const std::vector<Evidence>& evidence);
  // Managers and admins (tracker_team.cc): the people the viewer manages (admins: everyone
  // else), as team.h describes. Served from a cache while the store's change stamp stays the
  // same: a lead reopens the views far more often than anything on them changes, and building
  // one reads and plans the agreed results of everyone on it.
  Result<std::shared_ptr<const TeamView>> TeamOverview(const User& viewer,
                                                       const TeamFilter& filter);
  // Managers and admins (tracker_team.cc): how managers agree results (calibration.h). Admins
  // see every manager; a manager sees themselves and the managers under them, beside the
  // organisation's totals (counts only, nobody named).
  Result<Calibration> TeamCalibration(const User& viewer);
  // The person's check-ins, newest first.
  Result<std::vector<CheckIn>> CheckIns(const User& viewer, int64_t person_id);
  // Everything stored about the person (people_export.h), for "Download my data".
  Result<PersonData> ExportPerson(const User& viewer, int64_t person_id);

  // Each measured criterion the person's helpdesk data shows as met gets an evidence item on
  // the new check-in (no author: rungs wrote it; MeasuredEvidenceText). Nothing is agreed: the
  // manager still decides.
  Result<CheckIn> StartCheckIn(const User& viewer, int64_t person_id);
  Result<CheckInView> GetCheckIn(const User& viewer, int64_t checkin_id);
  // Results must name criteria of the check-in's framework version (field "results").
  // `notes` nullopt keeps that side's notes as they are.
  Result<CheckIn> SaveResults(const User& viewer, int64_t checkin_id, Side side,
                              std::vector<CriterionResult> results,
                              const std::optional<std::string>& notes);
  // The agreed results freeze the check-in. Agreeing is its own step: PreviewAgreement says
  // first, with the same checks and without writing, what the results would change.
  Result<CheckIn> Agree(const User& viewer, int64_t checkin_id,
                        std::vector<CriterionResult> results);
  Result<AgreementPreview> PreviewAgreement(const User& viewer, int64_t checkin_id,
                                            std::vector<CriterionResult> results);
  // The person's answer to their check-in's agreed results, once it is frozen: they agree, or
  // disagree with a comment. Nobody answers for them.
  Result<CheckIn> Acknowledge(const User& viewer, int64_t checkin_id, bool disagrees,
                              const std::string& comment);
  Result<Evidence> AddEvidence(const User& viewer, int64_t checkin_id, Evidence evidence);
  Status DeleteEvidence(const User& viewer, int64_t checkin_id, int64_t evidence_id);

  // Admin only. A person's framework_id must be empty or a loaded framework, and their
  // assigned_rung empty or a rung of it, given by id or label and stored as the id (kInvalid
  // naming "framework_id" or "assigned_rung"), so a typo cannot leave someone unable to start
  // a check-in. An update checks them only when they change, so someone whose framework is no
  // longer loaded can still be renamed or moved.
  Result<User> CreatePerson(const User& viewer, const User& person);
  Result<User> UpdatePerson(const User& viewer, const User& person);
  // A roster CSV (roster.h), checked whole before anything is written; with `dry_run` or any
  // error nothing is. Admin only.
  Result<RosterPlanResult> PlanRosterImport(const User& viewer, std::string_view bytes,
                                            const std::string& file);
  Result<RosterApplied> ApplyRosterImport(const User& viewer, const RosterPlan& plan);
  // `how` empty: delete a person without check-ins, or a kConflict asking which removal.
  Status RemovePerson(const User& viewer, int64_t person_id, std::optional<Removal> how);

  // The served frameworks and uploaded files (tracker_frameworks.cc). Admin only; kUnavailable
  // when this tracker has no library (tools that serve nothing).
  Result<FrameworkLibraryState> FrameworkFiles(const User& viewer);
  Result<FrameworkUploadCheck> CheckFrameworkUpload(const User& viewer, const std::string& name,
                                                    const std::string& bytes);
  Result<FrameworkUploadCheck> PublishFramework(const User& viewer, const std::string& name,
                                                const std::string& bytes);
  Status RemoveFrameworkFile(const User& viewer, const std::string& name);

  // Sign-in (tracker_accounts.cc). Everyone manages their own API tokens; a token's name is
  // trimmed, then checked as ValidateApiToken does (kInvalid, field "name").
  Result<std::vector<ApiToken>> ApiTokens(const User& viewer);
  Result<NewApiToken> CreateApiToken(const User& viewer, std::string_view name);
  // Only the viewer's own: someone else's token id is kNotFound.
  Status RevokeApiToken(const User& viewer, int64_t token_id);
  // Admin only: the token of a new invitation (valid 7 days) or password reset (1 day) link
  // for the person.
  Result<std::string> CreatePasswordLink(const User& viewer, int64_t person_id,
                                         LinkPurpose purpose);

  // Admin only (tracker_admin.cc).
  Result<AdminSummary> AdminOverview(const User& viewer);

  // Admins and managers.
  Result<std::vector<Team>> Teams(const User& viewer);
  // Admins and managers: one team (kNotFound when there is none with this id).
  Result<Team> FindTeam(const User& viewer, int64_t team_id);
  // Admin only. The time zone must be one the time zone database knows (kInvalid, field
  // "time_zone"); the store checks the rest (ValidateTeam).
  Result<Team> CreateTeam(const User& viewer, const Team& team);
  Result<Team> UpdateTeam(const User& viewer, const Team& team);

  // Calendar feeds (tracker_cadence.cc): everyone keeps their own, one at a time.
  Result<std::optional<CalendarFeed>> CalendarFeedOf(const User& viewer);
  // Replaces the viewer's feed, if any: the old URL stops working.
  Result<NewCalendarFeed> CreateCalendarFeed(const User& viewer);
  Status RevokeCalendarFeed(const User& viewer);
  // Whose feed the secret opens (an active person), recording the use; kNotFound otherwise.
  Result<User> CalendarFeedOwner(std::string_view secret, int64_t now);
  // What the person's calendar feed lists: their own next check-in and those of everyone who
  // reports to them (directly or further down), for teams that keep a cadence, soonest first.
  Result<std::vector<DueCheckIn>> CalendarCheckIns(const User& person, int64_t now);
  // Admin only: entries with an id above `after` (>= 0), oldest first, at most `limit`
  // (1..1000).
  Result<std::vector<AuditEntry>> Audit(const User& viewer, int64_t after, int limit);
  // Admin only (tracker_audit.cc): the log as people read it (audit_log.h), newest first, its
  // times and days in the viewer's team's time zone (UTC when they have none). A filter that
  // does not read is the page's `refusal`; a limit out of range is kInvalid.
  Result<AuditPage> ReadAudit(const User& viewer, const AuditQuery& query);

  // Helpdesk data (tracker_helpdesk.cc). Uploading exports, undoing batches and linking
  // identities are for admins only: measured targets feed promotions, so saying which helpdesk
  // identity is whose stays with the people who run the data, not with a manager whose reports'
  // numbers it would decide. A person's links are shown to whoever may see the person.
  //
  // kForbidden unless the viewer may do all of that: the upload routes ask before reading a
  // byte, and the API before saying what a request got wrong.
  Status CheckHelpdeskAdmin(const User& viewer);
  Result<IngestOutcome> StoreHelpdeskReading(const User& viewer, const MappedReading& reading,
                                             const IngestSource& source);
  Result<std::vector<IngestBatch>> IngestBatches(const User& viewer);  // newest first
  Result<IngestBatch> FindIngestBatch(const User& viewer, int64_t batch_id);
  Status UndoIngestBatch(const User& viewer, int64_t batch_id);
  Result<std::vector<HelpdeskIdentity>> IdentitiesOf(const User& viewer, int64_t person_id);
  // IdentitiesOf, with what is stored for each.
  Result<std::vector<LinkedIdentity>> LinkedIdentities(const User& viewer, int64_t person_id);
  // `identity.user_id` names the person (kNotFound when there is none); kConflict (field
  // "identity", naming its person) when the identity is someone else's.
  Status LinkIdentity(const User& viewer, const HelpdeskIdentity& identity,
                      WithoutData without_data);
  Status UnlinkIdentity(const User& viewer, const HelpdeskIdentity& identity);
  Result<std::vector<UnlinkedIdentity>> UnlinkedIdentities(const User& viewer);

  // Helpdesk mappings (tracker_mappings.cc), admins only like the rest of helpdesk data: the
  // shipped ones and those saved in the browser. A name never opens a file on the server.
  Result<std::vector<SavedMapping>> SavedMappings(const User& viewer);
  // A shipped mapping by its exact name, else a saved one; kInvalid (field
  // "mapping") listing every name for anything else.
  Result<Mapping> HelpdeskMapping(const User& viewer, const std::string& name);
  // The name (trimmed) may not be a shipped mapping's or kDetectMapping; the YAML must load
  // with the mapping loader without errors and may not name a file (identities.map): kInvalid
  // (field "yaml") with every error, one per line as "NAME.yaml:LINE:COLUMN: error: ...", and
  // the loader's diagnostics in `diagnostics` when it is not null.
  Result<SavedMapping> SaveMapping(const User& viewer, SavedMapping mapping,
                                   Diagnostics* diagnostics = nullptr);
  Status DeleteSavedMapping(const User& viewer, const std::string& name);

 private:
  // Who the store's audit entry names for a change the viewer makes.
  static Actor ActorOf(const User& viewer);
  // The person's standing on their current framework (`current`) from `agreed` (any versions,
  // mapped by `maps`).
  Standing StandingFrom(const User& person, const CurrentFramework& current,
                        const std::vector<AgreedResult>& agreed,
                        const std::map<int64_t, CriterionMap>& maps,
                        const std::vector<Evidence>& evidence);
  Status CheckFramework(const User& person);
  // A team's fields (ValidateTeam) and that its time zone exists.
  static Status CheckTimeZone(const Team& team);
  // The framework_id and assigned_rung rules of CreatePerson; sets the rung to its id.
  Status CheckPlacement(User& person);
  Status CheckKeys(const Framework& fw, std::vector<CriterionResult>& results);
  // The check-in, when `viewer` may record `results` as its agreed results now (Agree and
  // PreviewAgreement); the results get their criteria's text hashes.
  Result<CheckInView> AgreeableCheckIn(const User& viewer, int64_t checkin_id,
                                       std::vector<CriterionResult>& results);
  // The person's record from the cache, or built and remembered at `stamp` (Store::ChangeStamp,
  // read before anything else).
  Result<std::shared_ptr<const PersonRecord>> RecordOf(const User& person, int64_t stamp);
  Result<std::shared_ptr<const PersonRecord>> BuildRecord(const User& person,
                                                          int64_t catalog_generation);
  // The team view as of `stamp`, with due dates as of `now`.
  Result<TeamView> BuildTeamView(const User& viewer, const TeamFilter& filter, int64_t stamp,
                                 int64_t now);

  // Records of the people whose pages were read most recently (a record of someone with a
  // dozen check-ins of fifty criteria is about 100 KB).
  static constexpr size_t kRecordsCached = 256;

  Store& store_;
  FrameworkCatalog& catalog_;
  FrameworkLibrary* library_;
  StampedCache<PersonRecord> records_{kRecordsCached};
  // The organisation's agreed results counted (TeamCalibration), under key 0.
  StampedCache<AgreementTallies> tallies_{1};
  // Team views by viewer, filter, frameworks and quarter hour (tracker_team.cc): a few leads'
  // pages and their filters; an export of 2,000 rows is about 1 MB.
  StampedCache<TeamView, std::string> team_views_{32};
};

// The check-in's place among `checkins` (any order), 1 for the first made; 0 when absent.
int CheckInNumber(const std::vector<CheckIn>& checkins, int64_t checkin_id);

// Every criterion of a framework by key, for checking what a form or API call names.
const Criterion* FindCriterionByKey(const Framework& fw, const std::string& key);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_TRACKER_H_
