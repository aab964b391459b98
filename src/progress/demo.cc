#include "progress/demo.h"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "auth/secrets.h"
#include "metrics/iso_week.h"
#include "progress/demo_helpdesk.h"

namespace rungs {
namespace {

struct DemoPerson {
  const char* local;  // the part before @demo.rungs.invalid
  const char* name;
  Role role;
  int rung;  // index into the framework's rungs; -1 for none
  int started_days_ago;
};

constexpr DemoPerson kPeople[] = {
    {"admin", "Alex Admin", Role::kAdmin, -1, 900},
    {"manager", "Morgan Lee", Role::kManager, 3, 700},
    {"sam", "Sam Rivera", Role::kMember, 0, 120},
    {"priya", "Priya Shah", Role::kMember, 1, 400},
    {"jonas", "Jonas Berg", Role::kMember, 2, 650},
};

// The demo's history, in days before it is made.
constexpr int kSamFirstCheckInDaysAgo = 84;
constexpr int kSamSecondCheckInDaysAgo = 35;  // due in 7 days: soon
constexpr int kPriyaProbationCheckInDaysAgo = 300;
constexpr int kPriyaLastCheckInDaysAgo = 50;  // due 8 days ago: overdue
constexpr int kCadenceOnDaysAgo = 100;        // Jonas, never checked in: 58 days overdue

std::string DaysAgo(int64_t now, int days) { return IsoDateOfDay(DayOfSeconds(now) - days); }

// The criteria of `rung_id` in every topic, each once.
std::vector<const Criterion*> RungCriteria(const Framework& framework, const std::string& rung_id) {
  std::vector<const Criterion*> out;
  std::set<std::string> seen;
  for (const Topic& topic : framework.topics) {
    for (const AssessedCriterion& a : CriteriaForRung(framework, topic, rung_id)) {
      if (a.criterion != nullptr && seen.insert(a.criterion->key).second) {
        out.push_back(a.criterion);
      }
    }
  }
  return out;
}

// One check-in: self and manager results, then the agreed ones (the manager's). The first
// `met` criteria are met; the rest are being worked towards.
Status DemoCheckIn(Store& store, const User& member, const User& manager, int64_t version_id,
                   const std::vector<const Criterion*>& criteria, size_t met,
                   const std::string& self_notes, const std::string& manager_notes,
                   const std::string& evidence_text) {
  Result<CheckIn> checkin = store.CreateCheckIn(member.id, version_id, Actor::Of(member.id));
  if (!checkin.ok()) return checkin.status();
  std::vector<CriterionResult> self;
  std::vector<CriterionResult> managed;
  for (size_t i = 0; i < criteria.size(); ++i) {
    CriterionResult r;
    r.criterion_key = criteria[i]->key;
    r.text_hash = criteria[i]->text_hash;
    r.self = i < met + 1 ? Assessment::kMeeting : Assessment::kWorkingTowards;
    self.push_back(r);
    r.self = Assessment::kNone;
    r.manager = i < met ? Assessment::kMeeting : Assessment::kWorkingTowards;
    managed.push_back(r);
  }
  if (Result<CheckIn> r =
          store.UpdateResults(checkin->id, Side::kSelf, self, self_notes, Actor::Of(member.id));
      !r.ok()) {
    return r.status();
  }
  if (Result<CheckIn> r = store.UpdateResults(checkin->id, Side::kManager, managed, manager_notes,
                                              Actor::Of(manager.id));
      !r.ok()) {
    return r.status();
  }
  if (!evidence_text.empty() && !criteria.empty()) {
    Evidence e;
    e.checkin_id = checkin->id;
    e.author_id = member.id;
    e.text = evidence_text;
    e.criterion_keys = {criteria.front()->key};
    if (Result<Evidence> r = store.AddEvidence(e, Actor::Of(member.id)); !r.ok()) {
      return r.status();
    }
  }
  std::vector<CriterionResult> agreed = managed;
  for (size_t i = 0; i < agreed.size(); ++i) {
    agreed[i].self = self[i].self;
    agreed[i].agreed = agreed[i].manager;
  }
  if (Result<CheckIn> r = store.Agree(checkin->id, agreed, Actor::Of(manager.id)); !r.ok()) {
    return r.status();
  }
  return Status::Ok();
}

}  // namespace

const Framework* PickDemoFramework(const std::vector<Framework>& frameworks) {
  const Framework* single = nullptr;
  for (const Framework& fw : frameworks) {
    if (!fw.yaml || CountCriteria(fw) == 0) continue;
    if (AllRungs(fw).size() >= 2) return &fw;
    if (single == nullptr) single = &fw;
  }
  return single;
}

Result<std::vector<DemoAccount>> CreateDemoTeam(Store& store, const Framework& framework,
                                                int64_t framework_version_id, int64_t now) {
  Result<std::vector<Team>> teams = store.ListTeams();
  if (!teams.ok()) return teams.status();
  for (const Team& t : *teams) {
    if (t.name == kDemoTeamName) return std::vector<DemoAccount>{};
  }
  const std::vector<const Rung*> rungs = AllRungs(framework);
  if (rungs.empty()) {
    return Status::Invalid(
        fmt::format("the framework {} has no rungs to put the demo team on", framework.id),
        "framework");
  }
  if (!InitSecrets()) return Status::Internal("cannot initialise libsodium");

  // The demo's history happened on past days: writes take their times from `at` until the end.
  int64_t at = now;
  store.SetClock([&at] { return at; });
  struct WallClockAgain {
    Store& store;
    ~WallClockAgain() { store.SetClock(nullptr); }
  } wall_clock_again{store};
  auto days_ago = [&at, now](int days) { at = now - int64_t{days} * 86400; };

  std::vector<DemoAccount> accounts;
  std::vector<User> users;
  std::optional<int64_t> manager_id;
  for (const DemoPerson& p : kPeople) {
    User u;
    u.email = fmt::format("{}@demo.rungs.invalid", p.local);
    Result<User> found = store.FindUserByEmail(u.email);
    if (found.ok()) {
      u = found.value();  // left by an interrupted run
    } else if (found.status().code != StatusCode::kNotFound) {
      return found.status();
    }
    u.name = p.name;
    u.role = p.role;
    u.manager_id = p.role == Role::kMember ? manager_id : std::nullopt;
    if (p.rung >= 0) {
      u.framework_id = framework.id;
      u.assigned_rung = rungs[std::min<size_t>(p.rung, rungs.size() - 1)]->id;
    }
    u.start_date = DaysAgo(now, p.started_days_ago);
    u.active = true;
    days_ago(p.started_days_ago);
    Result<User> saved =
        u.id == 0 ? store.CreateUser(u, Actor::System()) : store.UpdateUser(u, Actor::System());
    if (!saved.ok()) return saved.status();
    if (p.role == Role::kManager) manager_id = saved->id;

    const std::string password = RandomToken().substr(0, 16);
    Result<std::string> hash = HashPassword(password);
    if (!hash.ok()) return hash.status();
    if (Status s = store.SetPasswordHash(saved->id, *hash, Actor::System()); !s.ok()) return s;
    accounts.push_back({saved->email, saved->name, saved->role, password});
    users.push_back(saved.value());
  }

  // Two agreed check-ins for Sam, on the rung above the one they hold.
  const User& manager = users[1];
  const User& sam = users[2];
  Result<std::vector<CheckIn>> existing = store.ListCheckIns(sam.id);
  if (!existing.ok()) return existing.status();
  const std::string next_rung = rungs[std::min<size_t>(1, rungs.size() - 1)]->id;
  const std::vector<const Criterion*> criteria = RungCriteria(framework, next_rung);
  if (existing->empty() && !criteria.empty()) {
    days_ago(kSamFirstCheckInDaysAgo);
    if (Status s = DemoCheckIn(store, sam, manager, framework_version_id, criteria,
                               criteria.size() / 3, "My first check-in on " + next_rung + ".",
                               "A good start; let's pick two criteria to focus on.", "");
        !s.ok()) {
      return s;
    }
    days_ago(kSamSecondCheckInDaysAgo);
    if (Status s = DemoCheckIn(
            store, sam, manager, framework_version_id, criteria, (criteria.size() * 2) / 3,
            "I've been working on the criteria we picked last time.",
            "Clear progress since the last check-in.",
            "Handled the weekend queue on my own and wrote up what I learned for the team.");
        !s.ok()) {
      return s;
    }
  }

  // Priya's check-in from when she passed probation: she holds that rung by it, and criteria
  // the rung above asks in the same words carry its results (levels.h).
  const User& priya = users[3];
  Result<std::vector<CheckIn>> priyas = store.ListCheckIns(priya.id);
  if (!priyas.ok()) return priyas.status();
  if (priyas->empty() && !criteria.empty() && priya.assigned_rung == next_rung) {
    // Alex agreed it, covering for Morgan: calibration has two managers to set side by side.
    days_ago(kPriyaProbationCheckInDaysAgo);
    if (Status s = DemoCheckIn(store, priya, users[0], framework_version_id, criteria,
                               criteria.size(), "Probation done: I think I meet all of these.",
                               "Agreed: welcome to the team for good.", "");
        !s.ok()) {
      return s;
    }
    days_ago(kPriyaLastCheckInDaysAgo);
    if (Status s = DemoCheckIn(store, priya, manager, framework_version_id, criteria,
                               criteria.size(), "Still meeting all of these; ready to aim higher.",
                               "Agreed. Next time we look at the rung above.", "");
        !s.ok()) {
      return s;
    }
  }

  // Every demo person with a rung has helpdesk weeks; the manager's few hours a week of queue
  // cover are never enough to judge, so the pages show met, not met and no data.
  at = now;
  if (Status s = SeedDemoHelpdesk(store, users, now); !s.ok()) return s;

  // The team last: it marks the demo as complete. Its cadence was turned on weeks ago, so the
  // pages show check-ins due soon (Sam) and overdue (Priya, and Jonas who never had one).
  days_ago(kCadenceOnDaysAgo);
  Team team;
  team.name = kDemoTeamName;
  team.cadence_weeks = kDemoCadenceWeeks;
  Result<Team> created = store.CreateTeam(team, Actor::System());
  if (!created.ok()) return created.status();
  for (User& u : users) {
    u.team_id = created->id;
    if (Result<User> saved = store.UpdateUser(u, Actor::System()); !saved.ok()) {
      return saved.status();
    }
  }
  return accounts;
}

std::string DescribeDemoAccounts(const std::vector<DemoAccount>& accounts) {
  if (accounts.empty()) {
    return fmt::format(
        "rungs: the demo team \"{}\" already exists, so nothing was created; its passwords were "
        "printed when it was made (`rungs user reset EMAIL` prints a link to set a new one)\n",
        kDemoTeamName);
  }
  std::string out = fmt::format(
      "rungs: created the demo team \"{}\". Sign in with these accounts; the passwords are "
      "shown only now:\n",
      kDemoTeamName);
  for (const DemoAccount& a : accounts) {
    out += fmt::format("  {:<8} {:<28} {}  ({})\n", RoleName(a.role), a.email, a.password, a.name);
  }
  return out;
}

}  // namespace rungs
