// Rosters: a CSV file of people, one per row, that creates or updates users by email and the
// teams they name. `rungs people import` reads one; an admin keeps it in a spreadsheet.
//
//   email,name,role,team,manager_email,framework,assigned_rung,start_date,probation_end
//
// Only email and name are required. A column that is in the file sets that field for every
// row (an empty cell clears it; an empty role keeps the person's role, "member" for someone
// new); a column that is not in the file leaves the field as it is. Column names are matched
// without regard to case, spaces or dashes ("Manager Email" is manager_email); any other
// column is an error. A BOM, CRLF line ends and a tab- or semicolon-separated file are fine.
//
// Planning validates the whole file against the store before anything is written, so a bad
// file writes nothing; every error names the file, the line and the column.
#ifndef RUNGS_PROGRESS_ROSTER_H_
#define RUNGS_PROGRESS_ROSTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "framework/model.h"
#include "store/store.h"

namespace rungs {

// The columns a roster may have, in their documented order.
const std::vector<std::string>& RosterColumns();

struct RosterError {
  int line = 0;       // 1-based; 0 when the message is about the whole file
  std::string field;  // the column at fault ("manager_email"); empty when none
  std::string message;
};

// "roster.csv:7: manager_email: no person with email x@y in the file or the store".
std::string FormatRosterError(const std::string& file, const RosterError& error);

enum class RosterAction { kCreate, kUpdate, kUnchanged };
const char* RosterActionName(RosterAction action);  // "create", "update", "unchanged"

// One row as it will be written.
struct RosterEntry {
  int line = 0;
  RosterAction action = RosterAction::kCreate;
  // The person as they will be: id 0 when new. team_id and manager_id hold the current ids,
  // which applying replaces with those of `team` and `manager_email`.
  User user;
  std::string team;                  // the team's name; empty for none
  std::string manager_email;         // empty for none
  std::vector<std::string> changes;  // for updates, the fields that change ("team", "role")
};

struct RosterPlan {
  std::string file;
  std::vector<std::string> columns;    // the columns the file has, normalised
  std::vector<RosterEntry> entries;    // in file order
  std::vector<std::string> new_teams;  // teams to create, in order of first mention
  int creates = 0;
  int updates = 0;
  int unchanged = 0;
};

struct RosterPlanResult {
  RosterPlan plan;
  std::vector<RosterError> errors;  // the plan may only be applied when this is empty
};

// Reads and validates `bytes` (the contents of `file`) against the people and teams in
// `store`. With `frameworks`, framework ids and assigned rungs (id or label) are checked
// against them; with nullptr they are taken as written. Writes nothing.
RosterPlanResult PlanRoster(std::string_view bytes, const std::string& file, Store& store,
                            const std::vector<Framework>* frameworks);

struct RosterApplied {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<std::string> teams_created;
};

// Writes a plan without errors: creates the new teams, then the people, then sets managers
// (in two passes, so that managers can be swapped without an intermediate loop). A store error
// stops it, naming the line; what was written before it stays written.
Result<RosterApplied> ApplyRoster(const RosterPlan& plan, Store& store, const Actor& actor);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_ROSTER_H_
