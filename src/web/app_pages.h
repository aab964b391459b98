// The people pages: sign-in, set-password, a person's standing and history, a check-in form,
// the team overview, the admin's people list and person form, helpdesk data, API tokens, and a
// message page for refusals. Each returns a complete HTML document; every user-supplied string goes
// through Html's escaping. Forms that change something carry the session's CSRF token.
#ifndef RUNGS_WEB_APP_PAGES_H_
#define RUNGS_WEB_APP_PAGES_H_

#include <optional>
#include <string>
#include <vector>

#include "progress/tracker.h"
#include "store/store.h"
#include "web/app_helpdesk.h"

namespace rungs {

// Who is looking, for the header and the forms. `user` null: not signed in.
struct PageViewer {
  const User* user = nullptr;
  std::string csrf;
};

std::string RenderLoginPage(const std::string& email, const std::string& error,
                            const std::string& next, const std::string& notice);
// The first admin's form, behind the setup link; `typed` keeps what was typed after a refusal.
std::string RenderSetupPage(const std::string& action, const User& typed, const std::string& error);
std::string RenderSetPasswordPage(const std::string& action, const std::string& title,
                                  const std::string& error);
std::string RenderMessagePage(const PageViewer& viewer, int status, const std::string& title,
                              const std::string& message);

std::string RenderPersonPage(const PageViewer& viewer, const PersonView& view);

// The check-in page's forms as they were sent, when one was refused (its field marked).
struct CheckInForms {
  Evidence evidence;
  Status evidence_refusal;
  std::string comment;  // the person's answer to the agreed results
  Status acknowledgement_refusal;
};
// `rungs`: the rungs whose criteria the form lists.
std::string RenderCheckInPage(const PageViewer& viewer, const CheckInView& view,
                              const std::vector<std::string>& rungs, const std::string& notice,
                              const CheckInForms& forms = {});

// The agreement step: `agreed` as the manager is about to record it, and what it changes.
std::string RenderAgreementPage(const PageViewer& viewer, const std::vector<std::string>& rungs,
                                const std::vector<CriterionResult>& agreed,
                                const AgreementPreview& preview);

// Where an admin lands (app_admin_pages.cc).
std::string RenderAdminOverviewPage(const PageViewer& viewer, const AdminSummary& summary);
// The team views (app_team_pages.cc). `refusal`: a filter that could not be read.
std::string RenderTeamPage(const PageViewer& viewer, const TeamView& view, const TeamFilter& filter,
                           const std::vector<Team>& teams, const Status& refusal);
std::string RenderTeamTrendsPage(const PageViewer& viewer, const TeamView& view,
                                 const TeamTrends& trends, const TeamFilter& filter,
                                 const std::vector<Team>& teams, const Status& refusal);
// How managers agree results (app_calibration_pages.cc).
std::string RenderTeamCalibrationPage(const PageViewer& viewer, const Calibration& calibration);
// The team overview's rows as CSV (a header line, then a row per person).
std::string TeamCsv(const TeamView& view);
std::string RenderTeamHeatmapPage(const PageViewer& viewer, const TeamView& view,
                                  const TeamHeatmap& heatmap, const TeamFilter& filter,
                                  const std::vector<Team>& teams, const Status& refusal);

struct PeopleAdminData {
  std::vector<User> people;
  std::vector<Team> teams;
  std::vector<CurrentFramework> frameworks;
};
// What the people page shows beside its list: a notice, a roster's dry run row by row, and the
// add-a-person and add-a-team forms, as typed when one was refused (its field marked).
struct PeopleAdminForms {
  std::string notice;
  const RosterPlan* plan = nullptr;
  User person;
  Status person_refusal;
  Team team;
  Status team_refusal;
};
std::string RenderPeopleAdminPage(const PageViewer& viewer, const PeopleAdminData& data,
                                  const PeopleAdminForms& forms = {});
// A person's linked helpdesk identity, with how many weeks of stored data it has (none hints
// at a typo in the name, source or space).
// The form that links a helpdesk identity, as it was sent, when it was refused.
struct IdentityForm {
  HelpdeskIdentity typed;
  Status refusal;                  // its field is marked on the form
  bool offer_link_anyway = false;  // refused for having no data: a box links it all the same
};

// `person` as typed, with `refusal`'s field marked when saving it was refused. `link`: a one-time
// link just made, shown once. `identities`: the person's helpdesk identities, with
// `identity_form` for linking another.
std::string RenderPersonAdminPage(const PageViewer& viewer, const User& person,
                                  const PeopleAdminData& data, const Status& refusal,
                                  const std::string& link,
                                  const std::vector<LinkedIdentity>& identities = {},
                                  const IdentityForm& identity_form = {});

// --- Helpdesk data (app_helpdesk_pages.cc), for admins ------------------------------------------

struct HelpdeskPageData {
  std::vector<IngestBatch> batches;        // newest first
  std::vector<UnlinkedIdentity> unlinked;  // identities with data that nobody is linked to
  std::vector<User> people;                // to link them to
  std::vector<std::string> mappings;       // the shipped mappings' names
  std::vector<SavedMapping> saved;         // the mappings admins saved
  int64_t upload_max_bytes = 0;
};

// The upload form as it was sent, when the upload was refused (its field marked).
struct HelpdeskUploadForm {
  HelpdeskUpload typed;
  Status refusal;
};

// The upload form (with `upload`'s values), the batches with their undo buttons, the identities
// nobody is linked to, and the form linking one (`identity_form`).
std::string RenderHelpdeskPage(const PageViewer& viewer, const HelpdeskPageData& data,
                               const std::string& notice, const HelpdeskUploadForm& upload = {},
                               const IdentityForm& identity_form = {});
// What a dry run made of an upload, and the form again to store it.
std::string RenderHelpdeskDryRunPage(const PageViewer& viewer, const HelpdeskUploadResult& result,
                                     const HelpdeskPageData& data);
// A saved mapping's form (`typed`, a new one when its name is empty) with why it was not saved:
// the loader's diagnostics when the YAML has errors, else `refusal`.
std::string RenderMappingEditPage(const PageViewer& viewer, const SavedMapping& typed,
                                  const Status& refusal, const Diagnostics& diagnostics);
// "Undo batch N?": what it deletes, a confirm button and a way back.
std::string RenderUndoBatchPage(const PageViewer& viewer, const IngestBatch& batch);

// --- Cadence (app_cadence_pages.cc) -------------------------------------------------------------

// A team's settings (name, time zone, cadence) for admins, as typed when `refusal` refused them.
std::string RenderTeamEditPage(const PageViewer& viewer, const Team& team, const Status& refusal,
                               const std::string& notice);
// The viewer's calendar feed (nullopt: none), its new address right after it was made (shown
// once), and their own next check-in when their team keeps a cadence.
std::string RenderCalendarPage(const PageViewer& viewer, const std::optional<CalendarFeed>& feed,
                               const std::string& new_url, const std::optional<NextCheckIn>& own);

// `new_token`: shown once right after it was made.
std::string RenderTokensPage(const PageViewer& viewer, const std::vector<ApiToken>& tokens,
                             const std::string& new_token, const std::string& error);

// --- The audit log (app_audit_pages.cc), for admins ---------------------------------------------

// The filter form as typed in `query` (the field `page.refusal` names marked), the page's rows,
// links to older entries and to the same entries as CSV.
std::string RenderAuditPage(const PageViewer& viewer, const AuditQuery& query,
                            const AuditPage& page);

// --- Frameworks (app_framework_pages.cc), for admins --------------------------------------------

// What is served and from where, the uploaded files, a refused folder edit, the upload form.
std::string RenderFrameworksAdminPage(const PageViewer& viewer, const FrameworkLibraryState& state,
                                      const std::string& notice, const std::string& error);
// An upload's check: what the file holds and its diagnostics, and the publish button when it
// may be published (carrying `content` back).
std::string RenderFrameworkCheckPage(const PageViewer& viewer, const FrameworkUploadCheck& check,
                                     const std::string& content);

// The rungs of `fw` whose criteria `checkin` has results for, in rung order (none when its
// results are of another version whose keys `fw` does not have).
std::vector<std::string> AssessedRungs(const Framework& fw, const CheckIn& checkin);

// "?rung=1A&rung=1B" for a check-in page showing `rungs`; "" for none.
std::string RungsQuery(const std::vector<std::string>& rungs);

// A refusal in words: "field: message", or the message when it names no field; "" when ok.
std::string FieldMessage(const Status& s);

// "2026-11-23", in UTC; empty for 0.
std::string FormatDate(int64_t unix_seconds);

}  // namespace rungs

#endif  // RUNGS_WEB_APP_PAGES_H_
