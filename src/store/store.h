// The Store keeps everything rungs learns about people: teams, users and their managers, and
// the audit log of every write (check-ins, sessions and helpdesk data follow). It is an
// interface because there are two real implementations that pass one test suite: SQLite, the
// embedded default (one file in the data directory), and PostgreSQL for several instances.
// Every write is one transaction that also appends its audit entry; errors are Status values.
#ifndef RUNGS_STORE_STORE_H_
#define RUNGS_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace rungs {

struct Team {
  int64_t id = 0;
  std::string name;
  std::string time_zone = "UTC";  // IANA name; weeks of helpdesk data are counted in it
  int64_t created_at = 0;
};

enum class Role { kAdmin, kManager, kMember };
const char* RoleName(Role role);  // "admin", "manager", "member"
std::optional<Role> ParseRole(const std::string& name);

struct User {
  int64_t id = 0;
  std::string email;  // unique, stored lower-cased
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

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<Team> CreateTeam(const Team& team, const Actor& actor) = 0;
  virtual Result<std::vector<Team>> ListTeams() = 0;

  virtual Result<User> CreateUser(const User& user, const Actor& actor) = 0;
  // Replaces every field of the user with `user.id`.
  virtual Result<User> UpdateUser(const User& user, const Actor& actor) = 0;
  virtual Result<User> GetUser(int64_t id) = 0;
  virtual Result<User> FindUserByEmail(const std::string& email) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Everyone who reports to `manager_id`, directly or through their own managers.
  virtual Result<std::vector<User>> ReportsOf(int64_t manager_id) = 0;

  // Audit entries with an id above `after_id`, oldest first, at most `limit`.
  virtual Result<std::vector<AuditEntry>> AuditLog(int64_t after_id, int limit) = 0;

  virtual int SchemaVersion() = 0;
};

// Checks what a store cannot: a plausible email, a name, dates as YYYY-MM-DD. Normalises the
// email to lower case.
Status ValidateUser(User& user);

}  // namespace rungs

#endif  // RUNGS_STORE_STORE_H_
