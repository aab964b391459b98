// `rungs people export` and `rungs people import`: a person's or a team's data out, a roster in.
#include <filesystem>
#include <optional>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/data_store.h"
#include "cli/site_loading.h"
#include "progress/framework_library.h"
#include "progress/people_export.h"
#include "progress/roster.h"
#include "store/sqlite_store.h"
#include "util/file.h"

namespace rungs {
namespace {

std::string Plural(size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

size_t CountCheckIns(const std::vector<PersonData>& people) {
  size_t n = 0;
  for (const PersonData& p : people) n += p.check_ins.size();
  return n;
}

}  // namespace

int RunPeopleExport(const PeopleExportOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs people export";
  if (options.person.empty() == options.team.empty()) {
    err << command << ": give one of --person EMAIL and --team NAME\n";
    return kExitUsage;
  }
  std::unique_ptr<Store> store = OpenDataStore(options.data, false, command, err);
  if (!store) return kExitFailure;

  std::vector<PersonData> people;
  std::string document;
  if (!options.person.empty()) {
    std::optional<User> user = FindUserOrReport(*store, options.person, "--person", command, err);
    if (!user) return kExitFailure;
    Result<PersonData> person = LoadPerson(*store, *user);
    if (!person.ok()) {
      err << fmt::format("{}: {}\n", command, person.status().message);
      return kExitFailure;
    }
    people.push_back(std::move(person).value());
    if (options.format == "json") document = PersonExportJson(people.front());
  } else {
    Result<TeamData> team = LoadTeam(*store, options.team);
    if (!team.ok()) {
      err << fmt::format("{}: --team: {}\n", command, team.status().message);
      return kExitFailure;
    }
    if (options.format == "json") document = TeamExportJson(*team);
    people = team->people;
  }
  if (options.format == "csv") document = PeopleCsv(people);

  if (options.out.empty()) {
    out << document;
    return kExitOk;
  }
  std::string error;
  if (!WriteFileAtomically(options.out, document, &error)) {
    err << fmt::format("{}: --out: {}: {}\n", command, options.out, error);
    return kExitFailure;
  }
  out << fmt::format("wrote {} ({}, {})\n", options.out, Plural(people.size(), "person", "people"),
                     Plural(CountCheckIns(people), "check-in", "check-ins"));
  return kExitOk;
}

int RunPeopleImport(const PeopleImportOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs people import";
  const FileContents file = ReadFileCapped(options.file, 16 << 20);
  if (!file.ok) {
    err << fmt::format("{}: {}\n", options.file, file.error);
    return kExitFailure;
  }
  // A dry run never creates a database: without one, it plans against an empty store.
  std::unique_ptr<Store> store;
  std::error_code ec;
  if (options.dry_run && options.data.database.empty() &&
      !std::filesystem::exists(DatabasePath(options.data.dir), ec)) {
    Result<std::unique_ptr<Store>> empty = OpenSqliteStore(":memory:");
    if (!empty.ok()) {
      err << fmt::format("{}: {}\n", command, empty.status().message);
      return kExitFailure;
    }
    store = std::move(empty).value();
  } else {
    store = OpenDataStore(options.data, true, command, err);
  }
  if (!store) return kExitFailure;
  // The frameworks `rungs serve` would serve: the folders and the uploaded files.
  Result<std::vector<FrameworkFile>> uploads = store->ListFrameworkFiles(true);
  if (!uploads.ok()) {
    err << fmt::format("{}: {}\n", command, uploads.status().message);
    return kExitFailure;
  }
  const LoadResult frameworks = LoadFrameworkSources(options.frameworks, *uploads);
  if (!ReportLoadErrors(frameworks.diagnostics, command, err)) return kExitFailure;

  const RosterPlanResult planned =
      PlanRoster(file.bytes, options.file, *store, &frameworks.frameworks);
  if (!planned.errors.empty()) {
    for (const RosterError& e : planned.errors) {
      err << FormatRosterError(options.file, e) << "\n";
    }
    err << fmt::format("{}: {}: {}; nothing was written\n", command, options.file,
                       Plural(planned.errors.size(), "error", "errors"));
    return kExitFailure;
  }
  const RosterPlan& plan = planned.plan;
  for (const RosterEntry& e : plan.entries) {
    if (e.action == RosterAction::kCreate) {
      out << fmt::format("{}:{}: create {} ({}, {}{})\n", options.file, e.line, e.user.email,
                         e.user.name, RoleName(e.user.role),
                         e.team.empty() ? "" : ", team " + e.team);
    } else if (e.action == RosterAction::kUpdate) {
      std::string changes;
      for (const std::string& c : e.changes) changes += (changes.empty() ? "" : ", ") + c;
      out << fmt::format("{}:{}: update {}: {}\n", options.file, e.line, e.user.email, changes);
    }
  }
  std::string teams;
  for (const std::string& t : plan.new_teams) teams += (teams.empty() ? "" : ", ") + t;
  const std::string teams_note =
      plan.new_teams.empty()
          ? ""
          : fmt::format("; new {}: {}", plan.new_teams.size() == 1 ? "team" : "teams", teams);
  if (options.dry_run) {
    out << fmt::format(
        "{}: {} to create, {} to update, {} unchanged{} (dry run: nothing was written)\n",
        options.file, plan.creates, plan.updates, plan.unchanged, teams_note);
    return kExitOk;
  }
  Result<RosterApplied> applied = ApplyRoster(plan, *store, Actor::System());
  if (!applied.ok()) {
    err << fmt::format("{}: {}\n", command, applied.status().message);
    return kExitFailure;
  }
  out << fmt::format("{}: created {}, updated {}, unchanged {}{}\n", options.file, applied->created,
                     applied->updated, applied->unchanged, teams_note);
  if (options.invite && applied->created > 0) {
    out << "Invitation links, to set a password (each works once, for 7 days, and is shown only "
           "now):\n";
    int failures = 0;
    for (const RosterEntry& e : plan.entries) {
      if (e.action != RosterAction::kCreate) continue;
      Result<User> user = store->FindUserByEmail(e.user.email);
      Result<IssuedLink> link = user.ok() ? IssueOneTimeLink(*store, user->id, LinkPurpose::kInvite)
                                          : Result<IssuedLink>(user.status());
      if (!link.ok()) {
        err << fmt::format("{}: no invitation link for {}: {}\n", command, e.user.email,
                           link.status().message);
        ++failures;
        continue;
      }
      out << fmt::format("  {}  {}\n", e.user.email, link->url);
    }
    if (failures > 0) return kExitFailure;
  }
  return kExitOk;
}

}  // namespace rungs
