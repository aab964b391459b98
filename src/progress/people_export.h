// A person's data, for `rungs people export` (and a person's own "download my data"): who they
// are and every check-in with its results, notes and evidence. JSON carries everything; CSV has
// one row per criterion result, for a spreadsheet.
//
//   {"format": "rungs-people", "version": 1, "team": {...} (team exports only),
//    "people": [{"email", "name", "role", "team", "manager_email", "framework",
//                "assigned_rung", "start_date", "probation_end", "active", "created_at",
//                "check_ins": [{"id", "framework_version_id", "state", "created_at",
//                               "updated_at", "frozen_at", "frozen_by", "self_notes",
//                               "manager_notes", "results": [...], "evidence": [...]}]}]}
//
// Times are ISO 8601 in UTC ("2026-03-01T09:30:00Z"); CSV dates are YYYY-MM-DD.
#ifndef RUNGS_PROGRESS_PEOPLE_EXPORT_H_
#define RUNGS_PROGRESS_PEOPLE_EXPORT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "store/store.h"

namespace rungs {

struct PersonData {
  User user;
  std::string team;                // the team's name; empty for none
  std::string manager_email;       // empty for none
  std::vector<CheckIn> check_ins;  // newest first
  // Emails of the people who froze check-ins or wrote evidence, by id.
  std::map<int64_t, std::string> emails;
};

// Reads everything the store holds about `user`.
Result<PersonData> LoadPerson(Store& store, const User& user);

struct TeamData {
  Team team;
  std::vector<PersonData> people;  // by name
};

// The team named `name` (exactly, else ignoring case) and every member of it.
Result<TeamData> LoadTeam(Store& store, const std::string& name);

nlohmann::json PersonToJson(const PersonData& person);
// The export documents: one person, or a team.
std::string PersonExportJson(const PersonData& person);
std::string TeamExportJson(const TeamData& team);

// email,checkin_id,state,created_at,frozen_at,criterion_key,self,manager,agreed: one row per
// criterion result, people in order, check-ins newest first. Cells that a spreadsheet would run
// as a formula (starting with = + - @) are prefixed with '.
std::string PeopleCsv(const std::vector<PersonData>& people);

// "2026-03-01T09:30:00Z" and "2026-03-01" for Unix seconds; empty for 0.
std::string IsoDateTime(int64_t unix_seconds);
std::string IsoDate(int64_t unix_seconds);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_PEOPLE_EXPORT_H_
