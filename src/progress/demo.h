// Demo data, opt-in only (`rungs serve --demo`): a team "Demo team" with an admin, a manager and
// three members on one framework, each with a random password that is shown once, two agreed
// check-ins for one member, and sixteen weeks of helpdesk exports (demo_helpdesk.h) linked to the
// members and the manager, so the first screens have something to show, measured verdicts
// included. Addresses are under demo.rungs.invalid, which can never receive mail. A production
// store never gets these unless someone asks for them.
#ifndef RUNGS_PROGRESS_DEMO_H_
#define RUNGS_PROGRESS_DEMO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "framework/model.h"
#include "store/store.h"

namespace rungs {

inline constexpr const char* kDemoTeamName = "Demo team";
// The demo team checks in every six weeks, so the pages show when each check-in is due.
inline constexpr int kDemoCadenceWeeks = 6;

struct DemoAccount {
  std::string email;
  std::string name;
  Role role = Role::kMember;
  std::string password;  // shown once; the store keeps only its hash
};

// The framework the demo team progresses on: the first with at least two rungs and criteria
// (a single rung when none has two); nullptr when none has criteria.
const Framework* PickDemoFramework(const std::vector<Framework>& frameworks);

// Creates the demo team on `framework` (stored as `framework_version_id`) and returns the
// accounts with their passwords. `now` (seconds since the epoch) dates the start dates and the
// helpdesk weeks, which end with the last complete ISO week before it. Idempotent: when the demo
// team exists it writes nothing and returns an empty list. The team is created last, so an
// interrupted run is completed by the next one (people are found again by email and get new
// passwords; the same helpdesk files again are no-op batches).
Result<std::vector<DemoAccount>> CreateDemoTeam(Store& store, const Framework& framework,
                                                int64_t framework_version_id, int64_t now);

// What to print: the accounts and passwords, or that the demo team already existed.
std::string DescribeDemoAccounts(const std::vector<DemoAccount>& accounts);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_DEMO_H_
