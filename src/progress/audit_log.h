// The audit log as people read it (Tracker::ReadAudit; the /admin/audit page and its CSV). The
// store keeps codes: "user.create" on "user:12" by actor 3. This says "Alex Admin added a person:
// Priya Shah", at a time in a named zone, and folds each run of one person's sign-ins and
// sign-outs into one row ("signed in 5 times"), which would otherwise bury everything else.
//
// Filters are read as typed in the page's form or URL, every one optional: who made the entries
// (a person, or rungs itself), whom they are about (a person: entries on them or on one of their
// check-ins), what was done (an action, or a family of them such as "checkin.*"), and when (the
// first and last day, both included, in the zone the times are shown in). Everything here is
// pure; the Tracker reads the store (tracker_audit.cc).
#ifndef RUNGS_PROGRESS_AUDIT_LOG_H_
#define RUNGS_PROGRESS_AUDIT_LOG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/time_format.h"
#include "store/store.h"
#include "util/status.h"

namespace rungs {

// Who made the entries that have no actor (Actor::System): the command line, and the server
// acting by itself (the first admin's setup, the demo team, framework versions, measured
// evidence). Also the value of the "who" filter that asks for them.
inline constexpr std::string_view kSystemActor = "rungs";

// An action in words, as the rest of a sentence about whoever did it: "added a person". An
// action this build does not know is returned as it is.
std::string AuditActionWords(std::string_view action);

// Every action the store writes, by family (the part before the dot), for the "what" list.
struct AuditActionFamily {
  std::string_view family;  // "checkin": "checkin.*" asks for each of its actions
  std::string_view label;   // "Check-ins"
  std::vector<std::string_view> actions;
};
const std::vector<AuditActionFamily>& AuditActionFamilies();

// What an admin asks of the log, as typed; empty fields ask nothing.
struct AuditQuery {
  std::string who;     // a person's id, or kSystemActor
  std::string whom;    // a person's id
  std::string what;    // an action ("user.create") or a family ("checkin.*")
  std::string from;    // YYYY-MM-DD, the first day
  std::string to;      // YYYY-MM-DD, the last day
  std::string before;  // an entry's id: only older entries (the page's "Older entries" link)
  int limit = 100;     // rows, 1..kMaxAuditRows; a folded run is one
  bool fold = true;    // fold runs of sign-ins (the CSV lists every entry)
};
// The most rows one read returns (a CSV), and the most entries a page reads beyond its rows to
// fold a run of sign-ins: a longer run goes on over the next page.
inline constexpr int kMaxAuditRows = 100000;
inline constexpr int kMaxAuditFolded = 5000;

// A query read: the store's filter (its targets still without whom's check-ins, which only the
// store knows) and whom.
struct AuditSelection {
  AuditFilter filter;
  std::optional<int64_t> person;
};
// kInvalid naming the field ("who", "whom", "what", "from", "to", "before") that does not read,
// or "to" when it is before "from". Days start at midnight in `zone`.
Result<AuditSelection> ParseAuditQuery(const AuditQuery& query, const TimeZone& zone);

// What names the people, teams and check-ins entries are about; what is not here was removed.
struct AuditNames {
  std::map<int64_t, std::string> people;
  std::map<int64_t, std::string> teams;
  struct CheckIn {
    int64_t person_id = 0;
    int number = 0;  // its place among the person's check-ins, 1 for the first
  };
  std::map<int64_t, CheckIn> checkins;
};

// A target as the store writes it: "user:12" is {"user", "12", 12}; the id is set when the key
// is a whole number.
struct AuditTarget {
  std::string kind;
  std::string key;
  std::optional<int64_t> id;
};
AuditTarget ParseAuditTarget(std::string_view target);

// "Priya Shah", kSystemActor without an actor, "person #12 (removed)" for someone gone.
std::string AuditActorName(const std::optional<int64_t>& actor_id, const AuditNames& names);
// "Priya Shah", "Priya Shah's check-in 2", "team Support", "helpdesk batch 4", "framework file
// support.md", "check-in #9 (removed)"; an unknown kind as it is written.
std::string AuditTargetName(std::string_view target, const AuditNames& names);

// "email: ana@example.com, role: member" for an entry's details (JSON); nested values as JSON;
// "" for none; the text itself when it is not a JSON object.
std::string AuditDetailsText(std::string_view details);

// "signed in 5 times", "signed out twice", "signed in 3 times and out once".
std::string SessionRunWords(int sign_ins, int sign_outs);

// One row of the readable log: one entry, or a run of sign-ins folded into one.
struct AuditRow {
  int64_t id = 0;         // the newest entry's
  int64_t oldest_id = 0;  // the oldest entry's (the same for one entry)
  int64_t at = 0;         // when the newest happened (Unix seconds)
  int64_t first_at = 0;   // when the oldest happened
  int entries = 1;
  std::optional<int64_t> actor_id;
  std::string actor;    // AuditActorName
  std::string action;   // the newest entry's code
  std::string words;    // AuditActionWords, or SessionRunWords for a run
  std::string target;   // AuditTargetName
  std::string details;  // AuditDetailsText; empty for a run
};

// Whether two entries, one right after the other, belong to one folded run: both are sign-ins
// or sign-outs (session.create, session.delete) of the same person.
bool FoldsWith(const AuditEntry& newer, const AuditEntry& older);
// How many rows `entries` (newest first) make, folded or not.
size_t CountAuditRows(const std::vector<AuditEntry>& entries, bool fold);
// The rows of `entries` (newest first), named by `names`.
std::vector<AuditRow> ReadableAuditRows(const std::vector<AuditEntry>& entries,
                                        const AuditNames& names, bool fold);

// A page of the readable log.
struct AuditPage {
  std::vector<AuditRow> rows;  // newest first
  int64_t older = 0;           // the next page's `before`; 0 when there is nothing older
  TimeZone zone;               // the zone the filters' days are in and times are shown in
  bool team_zone = false;      // the zone is the viewer's team's (else UTC: no team, or a bad zone)
  std::vector<User> people;    // everyone, by name, for the filters' lists
  // A filter that does not read (kInvalid naming it, ParseAuditQuery): then there are no rows.
  Status refusal;
};

// time,actor,action,target,details: a header and a line per row, the time as ISO 8601 with the
// zone's offset ("2026-03-02T09:13:27+01:00"), cells as a spreadsheet reads them safely.
std::string AuditCsv(const AuditPage& page);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_AUDIT_LOG_H_
