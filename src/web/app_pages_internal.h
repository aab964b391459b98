// The markup every people page shares (app_pages.cc defines it), for the files that render the
// other pages (app_helpdesk_pages.cc).
#ifndef RUNGS_WEB_APP_PAGES_INTERNAL_H_
#define RUNGS_WEB_APP_PAGES_INTERNAL_H_

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "framework/model.h"
#include "metrics/mapping_draft.h"
#include "util/diagnostic.h"
#include "web/app_pages.h"
#include "web/html.h"

namespace rungs {

// The hidden field with the session's CSRF token, for every form that changes something.
Html CsrfField(const PageViewer& viewer);
// `<form method="post">` to `action`, of `css_class` (none when empty), with the CSRF field.
Html PostFormStart(const PageViewer& viewer, std::string_view css_class, const std::string& action);
// The whole page: the header with the viewer's navigation, `main`, the footer.
std::string Layout(const PageViewer& viewer, const std::string& title, const Html& main);
// A table's opening markup up to its body: the class and a column heading each.
Html TableStart(std::string_view css_class, std::initializer_list<std::string_view> headings);
// `<option>` of a select list, selected or not.
Html Option(std::string_view value, std::string_view label, bool selected);
// "Meeting", "Not yet", ... and an em dash for not assessed.
const char* AssessmentLabel(Assessment a);
// "1 criterion", "2 criteria".
std::string Criteria(int n);
// A rung's label in `fw` (its id when it has none or is unknown); "none yet" for no rung.
std::string RungName(const Framework* fw, const std::string& id);
// The opening of a form posting to `action` about a check-in: its CSRF field, and the rungs
// shown, so the page answering it shows them again.
Html CheckInFormStart(const PageViewer& viewer, std::string_view css_class,
                      const std::string& action, const std::vector<std::string>& rungs);
// A check-in's results, per rung of `rungs`: its heading and a table (Criterion, Self, Manager,
// Agreed) with a row per criterion (once per rung). The row's heading cell is open when `cells`
// is called: it may add to it, then closes it and writes the three result cells.
Html ResultsTables(const Framework& fw, const std::vector<std::string>& rungs,
                   const std::function<void(Html&, const AssessedCriterion&)>& cells);
// Whether the self and manager results are both given and differ.
bool SelfAndManagerDiffer(const CriterionResult& r);
// "self rated higher" / "self rated lower" as a tag when they differ; nothing otherwise.
Html DiffersTag(const CriterionResult& r);
// "2026-W10 to 2026-W11", one week's name, or "none" (app_helpdesk_pages.cc).
std::string WeekRange(int64_t first, int64_t last);
// An alert with `error`, or nothing when it is empty.
Html ErrorBox(const std::string& error);
// A refused form keeps what was typed and says what is wrong beside the field the refusal names
// (Status::field): InvalidAttrs goes inside that field's tag (aria-invalid, autofocus, and
// aria-describedby pointing at the message, then at the field's hint `hint_id` if it has one),
// FieldError right after it. For other fields only the hint is referred to.
Html InvalidAttrs(const Status& refusal, std::string_view field, std::string_view input_id,
                  std::string_view hint_id = {});
Html FieldError(const Status& refusal, std::string_view field, std::string_view input_id);
// The alert above a refused form: "field: message", or nothing when `refusal` is ok.
Html RefusalBox(const Status& refusal);
// A status message with `notice`, or nothing when it is empty.
Html Notice(const std::string& notice);

// Cadence (app_cadence_pages.cc). "overdue by 3 days (due 2026-02-16)", "due today (...)",
// "due in 5 days (...)".
std::string DueWords(const NextCheckIn& next);
// DueWords after a tag for overdue or due soon, and whether a check-in is open.
Html DueNote(const NextCheckIn& next);
// A section under `heading` listing the first `shown` of `due`, with a link to `all_href` for
// the rest.
Html DueCheckInsSection(std::string_view heading, const std::vector<DueCheckIn>& due, size_t shown,
                        const std::string& all_href);
// The links between the team views (app_team_pages.cc), each keeping the filter; `current` is
// the path of the page they are on.
Html TeamViewsNav(const TeamFilter& filter, std::string_view current);
// A team's name, time zone and cadence fields, `refusal`'s field marked.
Html TeamFields(const Team& team, const Status& refusal);

// Loader diagnostics in two columns, so the message keeps its width on a phone: where
// ("team.md:3:1"), and "error: message code" (app_framework_pages.cc).
Html DiagnosticsTable(const Diagnostics& diagnostics);

// What "detect" drafted from an export: its summary, its questions, and the form saving it as
// the mapping `name` (app_mapping_pages.cc).
Html DraftMappingSection(const PageViewer& viewer, const MappingDraft& draft,
                         const std::string& name);
// The saved mappings with their edit links and remove buttons; `people` names who saved them.
Html SavedMappingsSection(const PageViewer& viewer, const std::vector<SavedMapping>& saved,
                          const std::vector<User>& people);

// The person admin page's "Helpdesk identities": their links with unlink buttons and the form
// linking another (app_helpdesk_pages.cc).
Html PersonIdentitiesSection(const PageViewer& viewer, const User& person,
                             const std::vector<LinkedIdentity>& identities,
                             const IdentityForm& form);

}  // namespace rungs

#endif  // RUNGS_WEB_APP_PAGES_INTERNAL_H_
