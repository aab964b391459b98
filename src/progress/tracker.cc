#include "progress/tracker.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "framework/compare.h"
#include "metrics/time_format.h"
#include "util/clock.h"

namespace rungs {
namespace {

// Refusals say the same whether the person exists or not, so they tell nobody who is here.
Status CannotSeePerson() {
  return Status::Forbidden("you can see your own page and the pages of people who report to you");
}
Status CannotSeeCheckIn() {
  return Status::Forbidden("you can see your own check-ins and those of people who report to you");
}

bool IsAdmin(const User& u) { return u.role == Role::kAdmin; }

}  // namespace

User CommandLineAdmin() {
  User admin;
  admin.name = "the command line";
  admin.role = Role::kAdmin;
  return admin;
}

Status Tracker::CheckAdmin(const User& viewer, std::string_view what) {
  if (IsAdmin(viewer)) return Status::Ok();
  return Status::Forbidden(fmt::format("only admins {}", what));
}

Actor Tracker::ActorOf(const User& viewer) {
  return viewer.id == 0 ? Actor::System() : Actor::Of(viewer.id);
}

const Criterion* FindCriterionByKey(const Framework& fw, const std::string& key) {
  for (const Topic& topic : fw.topics) {
    for (const TopicRung& tr : topic.rungs) {
      for (const Criterion& c : tr.criteria) {
        if (c.key == key) return &c;
      }
    }
  }
  return nullptr;
}

int CheckInNumber(const std::vector<CheckIn>& checkins, int64_t checkin_id) {
  const auto at = std::find_if(checkins.begin(), checkins.end(),
                               [checkin_id](const CheckIn& c) { return c.id == checkin_id; });
  if (at == checkins.end()) return 0;
  int earlier = 0;
  for (const CheckIn& c : checkins) {
    if (std::tie(c.created_at, c.id) < std::tie(at->created_at, at->id)) ++earlier;
  }
  return earlier + 1;
}

bool Tracker::Manages(const User& viewer, const User& person) {
  if (IsAdmin(viewer)) return true;
  if (viewer.id == person.id) return false;
  // Up the person's chain of managers rather than down the viewer's reports: a chain is a few
  // people, a manager's reports may be hundreds (ReportsOf was 40% of a person page).
  std::optional<int64_t> up = person.manager_id;
  for (int depth = 0; up && depth < 64; ++depth) {  // the store refuses loops; 64 bounds anyway
    if (*up == viewer.id) return true;
    Result<User> manager = store_.GetUser(*up);
    if (!manager.ok()) return false;
    up = manager->manager_id;
  }
  return false;
}

bool Tracker::CanView(const User& viewer, const User& person) {
  return viewer.id == person.id || Manages(viewer, person);
}

Result<User> Tracker::VisiblePerson(const User& viewer, int64_t person_id) {
  Result<User> person = store_.GetUser(person_id);
  if (!IsAdmin(viewer) && (!person.ok() || !CanView(viewer, *person))) return CannotSeePerson();
  return person;
}

Result<std::vector<User>> Tracker::VisiblePeople(const User& viewer) {
  if (IsAdmin(viewer)) {
    Result<std::vector<User>> all = store_.ListUsers();
    if (!all.ok()) return all;
    std::vector<User> people = {viewer};
    for (const User& u : *all) {
      if (u.id != viewer.id) people.push_back(u);
    }
    return people;
  }
  Result<std::vector<User>> reports = store_.ReportsOf(viewer.id);
  if (!reports.ok()) return reports;
  std::vector<User> people = {viewer};
  people.insert(people.end(), reports->begin(), reports->end());
  return people;
}

namespace {

// Evidence of the check-ins made against `version_id`, newest first.
std::vector<Evidence> EvidenceFor(const std::vector<CheckIn>& checkins, int64_t version_id) {
  std::vector<Evidence> evidence;
  for (const CheckIn& c : checkins) {
    if (c.framework_version_id != version_id) continue;
    evidence.insert(evidence.end(), c.evidence.begin(), c.evidence.end());
  }
  std::sort(evidence.begin(), evidence.end(), [](const Evidence& a, const Evidence& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
  });
  return evidence;
}

// The criteria listed at the rungs from the assigned one (the first when none or unknown) up to
// and including the next one (the top when there is none), in rung then topic order.
std::vector<MeasuredListing> MeasuredListings(const StandingPlan& plan, const Standing& standing) {
  const auto& rungs = plan.rungs();
  const int first = std::max(0, plan.RungPosition(standing.assigned_rung));
  const int next = plan.RungPosition(standing.next_rung);
  const int last = next >= 0 ? next : static_cast<int>(rungs.size()) - 1;
  std::vector<MeasuredListing> listings;
  for (int i = first; i <= last && i < static_cast<int>(rungs.size()); ++i) {
    for (const StandingPlan::Listing& l : rungs[static_cast<size_t>(i)].criteria) {
      listings.push_back({l.criterion, l.topic != nullptr ? *l.topic : "",
                          rungs[static_cast<size_t>(i)].rung->id});
    }
  }
  return listings;
}

}  // namespace

Standing Tracker::StandingFrom(const User& person, const CurrentFramework& current,
                               const std::vector<AgreedResult>& agreed,
                               const std::map<int64_t, CriterionMap>& maps,
                               const std::vector<Evidence>& evidence) {
  const std::shared_ptr<const FrameworkTargets> targets = catalog_.Targets(current);
  StandingInput input;
  input.framework = current.framework;
  input.framework_version_id = current.version_id;
  input.assigned_rung = person.assigned_rung;
  input.agreed = &agreed;
  input.older = &maps;
  input.targets = targets.get();
  input.evidence = &evidence;
  return ComputeStanding(input);
}

Result<Standing> Tracker::StandingOf(const User& person, const std::vector<Evidence>& evidence) {
  const CurrentFramework current = catalog_.Current(person.framework_id);
  if (current.framework == nullptr) return Standing{};
  Result<std::vector<AgreedResult>> agreed = store_.LatestAgreed({person.id});
  if (!agreed.ok()) return agreed.status();
  Result<std::map<int64_t, CriterionMap>> maps = catalog_.MapsFor(*agreed);
  if (!maps.ok()) return maps.status();
  return StandingFrom(person, current, *agreed, *maps, evidence);
}

Result<PersonView> Tracker::Person(const User& viewer, int64_t person_id) {
  // The stamp is read before anything else, so a write racing this call leaves a record that
  // is at least as new as its stamp says.
  Result<int64_t> stamp = store_.ChangeStamp();
  if (!stamp.ok()) return stamp.status();
  Result<User> person = VisiblePerson(viewer, person_id);
  if (!person.ok()) return person.status();
  PersonView view;
  view.can_manage = viewer.id != person->id && Manages(viewer, *person);
  Result<std::shared_ptr<const PersonRecord>> record = RecordOf(*person, *stamp);
  if (!record.ok()) return record.status();
  view.record = *std::move(record);
  const PersonRecord& r = *view.record;
  view.next_checkin = NextCheckInOf(r.team, r.person, r.checkins, UnixNow());
  return view;
}

Result<std::shared_ptr<const PersonRecord>> Tracker::RecordOf(const User& person, int64_t stamp) {
  // Frameworks reloaded since the record was built (it points into the older set) retire it,
  // as a write does.
  const int64_t catalog_generation = catalog_.Generation();
  std::shared_ptr<const PersonRecord> record = records_.Find(person.id, stamp);
  if (record != nullptr && record->catalog_generation == catalog_generation) return record;
  Result<std::shared_ptr<const PersonRecord>> built = BuildRecord(person, catalog_generation);
  if (!built.ok()) return built.status();
  records_.Put(person.id, stamp, *built);
  return built;
}

Result<std::shared_ptr<const PersonRecord>> Tracker::BuildRecord(const User& person,
                                                                 int64_t catalog_generation) {
  // Built in place: Standing points into the record's evidence.
  auto record = std::make_shared<PersonRecord>();
  PersonRecord& out = *record;
  out.catalog_generation = catalog_generation;
  out.person = person;
  if (person.manager_id) {
    Result<User> manager = store_.GetUser(*person.manager_id);
    if (manager.ok()) out.manager = *manager;
  }
  if (person.team_id) {
    Result<std::vector<Team>> teams = store_.ListTeams();
    if (!teams.ok()) return teams.status();
    for (const Team& t : *teams) {
      if (t.id == *person.team_id) out.team = t;
    }
  }
  out.framework = catalog_.Current(person.framework_id);
  Result<std::vector<CheckIn>> checkins = store_.ListCheckIns(person.id);
  if (!checkins.ok()) return checkins.status();
  out.checkins = std::move(checkins).value();
  out.evidence = EvidenceFor(out.checkins, out.framework.version_id);
  if (out.framework.framework != nullptr) {
    // One plan serves the standing and every step of the history.
    Result<std::vector<AgreedResult>> agreed = store_.LatestAgreed({person.id});
    if (!agreed.ok()) return agreed.status();
    std::vector<AgreedResult> versions = *agreed;
    for (const CheckIn& c : out.checkins) {
      AgreedResult marker;  // only its version matters to MapsFor
      marker.framework_version_id = c.framework_version_id;
      versions.push_back(marker);
    }
    Result<std::map<int64_t, CriterionMap>> maps = catalog_.MapsFor(versions);
    if (!maps.ok()) return maps.status();
    const std::shared_ptr<const FrameworkTargets> targets = catalog_.Targets(out.framework);
    const StandingPlan plan(*out.framework.framework, out.framework.version_id, &*maps,
                            targets.get());
    PersonResults results;
    results.assigned_rung = person.assigned_rung;
    results.agreed = &*agreed;
    results.evidence = &out.evidence;
    out.standing = ComputeStanding(plan, results);
    out.history = RungHistory(plan, person.assigned_rung, out.checkins);
    Result<MeasuredResults> measured =
        MeasurePerson(store_, person, *targets, MeasuredListings(plan, out.standing), out.checkins,
                      out.framework.version_id);
    if (!measured.ok()) return measured.status();
    out.measured = std::move(measured).value();
  }
  // Criteria that past check-ins assessed in an older version and that no longer exist.
  std::set<int64_t> older;
  for (const CheckIn& c : out.checkins) {
    if (c.framework_version_id != out.framework.version_id) older.insert(c.framework_version_id);
  }
  std::set<std::string> listed;
  for (int64_t version : older) {
    Result<std::shared_ptr<const CriterionMap>> map = catalog_.MapToCurrent(version);
    if (!map.ok()) continue;
    for (const CheckIn& c : out.checkins) {
      if (c.framework_version_id != version) continue;
      for (const CriterionResult& r : c.results) {
        for (const UnmatchedCriterion& u : (*map)->unmatched) {
          if (u.key == r.criterion_key && listed.insert(u.key + "\n" + u.text).second) {
            out.unmatched.push_back(u);
          }
        }
      }
    }
  }
  return std::shared_ptr<const PersonRecord>(std::move(record));
}

Result<std::vector<CheckIn>> Tracker::CheckIns(const User& viewer, int64_t person_id) {
  Result<User> person = VisiblePerson(viewer, person_id);
  if (!person.ok()) return person.status();
  return store_.ListCheckIns(person->id);
}

Result<PersonData> Tracker::ExportPerson(const User& viewer, int64_t person_id) {
  Result<User> person = VisiblePerson(viewer, person_id);
  if (!person.ok()) return person.status();
  return LoadPerson(store_, *person);
}

Status Tracker::CheckFramework(const User& person) {
  if (person.framework_id.empty()) {
    return Status::Invalid(
        fmt::format("{} has no framework yet; an admin sets it first", person.name),
        "framework_id");
  }
  if (catalog_.Current(person.framework_id).framework == nullptr) {
    return Status::Invalid(
        fmt::format("the framework '{}' is not loaded by this server", person.framework_id),
        "framework_id");
  }
  return Status::Ok();
}

Result<CheckIn> Tracker::StartCheckIn(const User& viewer, int64_t person_id) {
  Result<User> person = VisiblePerson(viewer, person_id);
  if (!person.ok()) return person.status();
  if (Status s = CheckFramework(*person); !s.ok()) return s;
  Result<PersonView> view = Person(viewer, person_id);
  if (!view.ok()) return view.status();
  const CurrentFramework current = catalog_.Current(person->framework_id);
  Result<CheckIn> checkin = store_.CreateCheckIn(person->id, current.version_id, ActorOf(viewer));
  if (!checkin.ok()) return checkin;
  CheckIn started = std::move(checkin).value();
  const PersonRecord& record = *view->record;
  if (record.framework.version_id != current.version_id ||
      record.measured.state != MeasuredResults::State::kEvaluated) {
    return started;
  }
  for (const MeasuredCriterion& m : record.measured.criteria) {
    if (m.verdict != Verdict::kMet) continue;
    Evidence evidence;
    evidence.checkin_id = started.id;
    evidence.text = MeasuredEvidenceText(m);
    evidence.criterion_keys = {m.criterion->key};
    // The system writes it: no author (Store::AddEvidence would make a user actor the author).
    Result<Evidence> added = store_.AddEvidence(evidence, Actor::System());
    if (!added.ok()) return added.status();
    started.evidence.push_back(std::move(added).value());
  }
  return started;
}

Result<CheckInView> Tracker::GetCheckIn(const User& viewer, int64_t checkin_id) {
  Result<CheckIn> checkin = store_.GetCheckIn(checkin_id);
  if (!checkin.ok()) {
    const bool missing = checkin.status().code == StatusCode::kNotFound;
    return missing && !IsAdmin(viewer) ? CannotSeeCheckIn() : checkin.status();
  }
  Result<User> person = store_.GetUser(checkin->user_id);
  if (!person.ok()) return person.status();
  if (!CanView(viewer, *person)) return CannotSeeCheckIn();
  Result<std::shared_ptr<const Framework>> fw = catalog_.Version(checkin->framework_version_id);
  if (!fw.ok()) return fw.status();
  CheckInView view;
  view.checkin = std::move(checkin).value();
  view.person = *person;
  view.framework = *fw;
  const bool open = view.checkin.state == CheckInState::kOpen;
  view.can_self = open && viewer.id == person->id;
  view.can_manage = open && viewer.id != person->id && Manages(viewer, *person);
  view.can_acknowledge = !open && viewer.id == person->id && view.checkin.acknowledged_at == 0;
  return view;
}

Status Tracker::CheckKeys(const Framework& fw, std::vector<CriterionResult>& results) {
  for (CriterionResult& r : results) {
    const Criterion* c = FindCriterionByKey(fw, r.criterion_key);
    if (c == nullptr || c->reference) {
      return Status::Invalid(
          fmt::format("'{}' is not a criterion of this check-in's framework", r.criterion_key),
          "results");
    }
    r.text_hash = c->text_hash;
  }
  return Status::Ok();
}

Result<CheckIn> Tracker::SaveResults(const User& viewer, int64_t checkin_id, Side side,
                                     std::vector<CriterionResult> results,
                                     const std::optional<std::string>& notes) {
  Result<CheckInView> view = GetCheckIn(viewer, checkin_id);
  if (!view.ok()) return view.status();
  if (view->checkin.state == CheckInState::kFrozen) {
    return Status::Conflict("this check-in is frozen: its results were agreed");
  }
  if (side == Side::kSelf && !view->can_self) {
    return Status::Forbidden("only the person themselves fills in the self-assessment");
  }
  if (side == Side::kManager && !view->can_manage) {
    return Status::Forbidden(
        "only the person's manager or an admin fills in the manager assessment");
  }
  if (notes && notes->size() > 20000)
    return Status::Invalid("notes are limited to 20000 characters", "notes");
  if (Status s = CheckKeys(*view->framework, results); !s.ok()) return s;
  return store_.UpdateResults(checkin_id, side, results, notes, ActorOf(viewer));
}

Result<CheckInView> Tracker::AgreeableCheckIn(const User& viewer, int64_t checkin_id,
                                              std::vector<CriterionResult>& results) {
  Result<CheckInView> view = GetCheckIn(viewer, checkin_id);
  if (!view.ok()) return view.status();
  if (view->checkin.state == CheckInState::kFrozen) {
    return Status::Conflict("this check-in is frozen: its results were agreed");
  }
  if (!view->can_manage) {
    return Status::Forbidden("only the person's manager or an admin records the agreed results");
  }
  if (Status s = CheckKeys(*view->framework, results); !s.ok()) return s;
  return view;
}

Result<CheckIn> Tracker::Agree(const User& viewer, int64_t checkin_id,
                               std::vector<CriterionResult> results) {
  Result<CheckInView> view = AgreeableCheckIn(viewer, checkin_id, results);
  if (!view.ok()) return view.status();
  return store_.Agree(checkin_id, results, ActorOf(viewer));
}

Result<AgreementPreview> Tracker::PreviewAgreement(const User& viewer, int64_t checkin_id,
                                                   std::vector<CriterionResult> results) {
  Result<CheckInView> view = AgreeableCheckIn(viewer, checkin_id, results);
  if (!view.ok()) return view.status();
  AgreementPreview preview;
  preview.checkin = *view;
  const User& person = view->person;
  const CurrentFramework current = catalog_.Current(person.framework_id);
  if (current.framework == nullptr) return preview;
  // One read of the stored results serves both standings: after is now with the results to
  // agree in place of older ones of the same criterion and version (the newest counts, as
  // Store::LatestAgreed says), so its versions include all of now's.
  Result<std::vector<AgreedResult>> stored = store_.LatestAgreed({person.id});
  if (!stored.ok()) return stored.status();
  std::vector<AgreedResult> after = *stored;
  for (const CriterionResult& r : results) {
    if (r.agreed == Assessment::kNone) continue;
    std::erase_if(after, [&](const AgreedResult& a) {
      return a.framework_version_id == view->checkin.framework_version_id &&
             a.criterion_key == r.criterion_key;
    });
    after.push_back({person.id, view->checkin.framework_version_id, r.criterion_key, r.text_hash,
                     r.agreed, checkin_id, UnixNow()});
  }
  Result<std::map<int64_t, CriterionMap>> maps = catalog_.MapsFor(after);
  if (!maps.ok()) return maps.status();
  preview.now = StandingFrom(person, current, *stored, *maps, {});
  preview.after = StandingFrom(person, current, after, *maps, {});
  return preview;
}

Result<CheckIn> Tracker::Acknowledge(const User& viewer, int64_t checkin_id, bool disagrees,
                                     const std::string& comment) {
  Result<CheckInView> view = GetCheckIn(viewer, checkin_id);
  if (!view.ok()) return view.status();
  if (viewer.id != view->person.id) {
    return Status::Forbidden("only the person acknowledges their check-in's agreed results");
  }
  return store_.Acknowledge(checkin_id, disagrees, comment, ActorOf(viewer));
}

Result<Evidence> Tracker::AddEvidence(const User& viewer, int64_t checkin_id, Evidence evidence) {
  Result<CheckInView> view = GetCheckIn(viewer, checkin_id);
  if (!view.ok()) return view.status();
  if (view->checkin.state == CheckInState::kFrozen) {
    return Status::Conflict("this check-in is frozen: its results were agreed");
  }
  if (!view->can_self && !view->can_manage) {
    return Status::Forbidden("only the person and their manager add evidence");
  }
  for (const std::string& key : evidence.criterion_keys) {
    const Criterion* c = FindCriterionByKey(*view->framework, key);
    if (c == nullptr || c->reference) {
      return Status::Invalid(
          fmt::format("'{}' is not a criterion of this check-in's framework", key), "criteria");
    }
  }
  evidence.checkin_id = checkin_id;
  evidence.author_id = viewer.id;
  return store_.AddEvidence(evidence, ActorOf(viewer));
}

Status Tracker::DeleteEvidence(const User& viewer, int64_t checkin_id, int64_t evidence_id) {
  Result<CheckInView> view = GetCheckIn(viewer, checkin_id);
  if (!view.ok()) return view.status();
  const auto& items = view->checkin.evidence;
  auto found = std::find_if(items.begin(), items.end(),
                            [&](const Evidence& e) { return e.id == evidence_id; });
  if (found == items.end())
    return Status::NotFound(fmt::format("no evidence with id {}", evidence_id));
  if (view->checkin.state == CheckInState::kFrozen) {
    return Status::Conflict("this check-in is frozen: its results were agreed");
  }
  if (found->author_id != viewer.id && !view->can_manage) {
    return Status::Forbidden("only its author or the person's manager removes evidence");
  }
  return store_.DeleteEvidence(evidence_id, ActorOf(viewer));
}

Status Tracker::CheckPlacement(User& person) {
  if (person.framework_id.empty()) {
    if (person.assigned_rung.empty()) return Status::Ok();
    return Status::Invalid("assigned_rung needs a framework_id", "assigned_rung");
  }
  const Framework* fw = catalog_.Current(person.framework_id).framework;
  if (fw == nullptr) {
    return Status::Invalid(
        fmt::format("framework_id '{}' is not a framework this server has loaded",
                    person.framework_id),
        "framework_id");
  }
  if (person.assigned_rung.empty()) return Status::Ok();
  // The id is what is kept, whatever names the rung.
  if (const Rung* rung = FindRungByIdOrLabel(*fw, person.assigned_rung)) {
    person.assigned_rung = rung->id;
    return Status::Ok();
  }
  return Status::Invalid(fmt::format("assigned_rung '{}' is not a rung of {}; its rungs are {}",
                                     person.assigned_rung, fw->id, ListRungIds(*fw)),
                         "assigned_rung");
}

Result<User> Tracker::CreatePerson(const User& viewer, const User& person) {
  if (Status s = CheckAdmin(viewer, "add people"); !s.ok()) return s;
  User checked = person;
  if (Status s = CheckPlacement(checked); !s.ok()) return s;
  return store_.CreateUser(checked, ActorOf(viewer));
}

Result<User> Tracker::UpdatePerson(const User& viewer, const User& person) {
  if (Status s = CheckAdmin(viewer, "change people"); !s.ok()) return s;
  if (viewer.id == person.id && person.role != Role::kAdmin) {
    return Status::Invalid("you cannot take away your own admin role", "role");
  }
  User checked = person;
  // Unchanged values pass as they are; an unknown id is the store's kNotFound.
  Result<User> stored = store_.GetUser(person.id);
  if (!stored.ok() || stored->framework_id != checked.framework_id ||
      stored->assigned_rung != checked.assigned_rung) {
    if (Status s = CheckPlacement(checked); !s.ok()) return s;
  }
  return store_.UpdateUser(checked, ActorOf(viewer));
}

Status Tracker::RemovePerson(const User& viewer, int64_t person_id, std::optional<Removal> how) {
  if (Status s = CheckAdmin(viewer, "remove people"); !s.ok()) return s;
  if (viewer.id == person_id) return Status::Invalid("you cannot remove yourself", "id");
  if (!how) return store_.DeleteUser(person_id, ActorOf(viewer));
  return store_.RemoveUser(person_id, *how, ActorOf(viewer));
}

Result<std::vector<Team>> Tracker::Teams(const User& viewer) {
  if (viewer.role != Role::kAdmin && viewer.role != Role::kManager) {
    return Status::Forbidden("only admins and managers see the teams");
  }
  return store_.ListTeams();
}

Result<Team> Tracker::FindTeam(const User& viewer, int64_t team_id) {
  Result<std::vector<Team>> teams = Teams(viewer);
  if (!teams.ok()) return teams.status();
  for (const Team& team : *teams) {
    if (team.id == team_id) return team;
  }
  return Status::NotFound(fmt::format("there is no team with id {}", team_id));
}

Result<Team> Tracker::CreateTeam(const User& viewer, const Team& team) {
  if (Status s = CheckAdmin(viewer, "add teams"); !s.ok()) return s;
  if (Status s = CheckTimeZone(team); !s.ok()) return s;
  return store_.CreateTeam(team, ActorOf(viewer));
}

Result<Team> Tracker::UpdateTeam(const User& viewer, const Team& team) {
  if (Status s = CheckAdmin(viewer, "change teams"); !s.ok()) return s;
  if (Status s = CheckTimeZone(team); !s.ok()) return s;
  return store_.UpdateTeam(team, ActorOf(viewer));
}

Status Tracker::CheckTimeZone(const Team& team) {
  // The store checks the name's characters; only the time zone database knows the zones.
  if (Status s = ValidateTeam(team); !s.ok()) return s;
  if (!TimeZone::Parse(team.time_zone).ok()) {
    return Status::Invalid(fmt::format("there is no time zone named \"{}\"; use a name such "
                                       "as Europe/London or America/New_York",
                                       team.time_zone),
                           "time_zone");
  }
  return Status::Ok();
}

Result<std::vector<AuditEntry>> Tracker::Audit(const User& viewer, int64_t after, int limit) {
  if (Status s = CheckAdmin(viewer, "read the audit log"); !s.ok()) return s;
  if (after < 0) return Status::Invalid("after must be 0 or an entry's id", "after");
  if (limit < 1 || limit > 1000) {
    return Status::Invalid("limit must be a whole number from 1 to 1000", "limit");
  }
  return store_.AuditLog(after, limit);
}

Result<RosterPlanResult> Tracker::PlanRosterImport(const User& viewer, std::string_view bytes,
                                                   const std::string& file) {
  if (Status s = CheckAdmin(viewer, "import rosters"); !s.ok()) return s;
  const std::shared_ptr<const FrameworkCatalog::FrameworkSet> frameworks = catalog_.Frameworks();
  return PlanRoster(bytes, file, store_, frameworks.get());
}

Result<RosterApplied> Tracker::ApplyRosterImport(const User& viewer, const RosterPlan& plan) {
  if (Status s = CheckAdmin(viewer, "import rosters"); !s.ok()) return s;
  return ApplyRoster(plan, store_, ActorOf(viewer));
}

}  // namespace rungs
