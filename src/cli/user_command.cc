// `rungs user add|reset|list|remove`: people and their sign-in links, from the command line.
#include <map>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/data_store.h"
#include "progress/people_export.h"
#include "progress/tracker.h"
#include "util/json_text.h"

namespace rungs {
namespace {

// Columns in code points, so names with accents line up.
size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Pad(const std::string& s, size_t width) {
  const size_t w = DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string ExpiryText(int64_t expires_at) {
  const std::string iso = IsoDateTime(expires_at);
  return fmt::format("{} {} UTC", iso.substr(0, 10), iso.substr(11, 5));
}

}  // namespace

int RunUserAdd(const UserAddOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs user add";
  std::optional<Role> role = options.admin ? Role::kAdmin : ParseRole(options.role);
  if (!role) {
    err << fmt::format("{}: --role: \"{}\" is not a role; use admin, manager or member\n", command,
                       options.role);
    return kExitUsage;
  }
  User user;
  user.email = options.email;
  user.name =
      options.name.empty() ? options.email.substr(0, options.email.find('@')) : options.name;
  user.role = *role;
  if (Status s = ValidateUser(user); !s.ok()) {
    err << fmt::format("{}: {}: {}\n", command, s.field == "name" ? "--name" : s.field, s.message);
    return kExitFailure;
  }
  std::unique_ptr<Store> store = OpenDataStore(options.data, true, command, err);
  if (!store) return kExitFailure;
  Result<User> created = store->CreateUser(user, Actor::System());
  if (!created.ok()) {
    if (created.status().code == StatusCode::kConflict && created.status().field == "email") {
      err << fmt::format(
          "{}: email: a user with email {} already exists; `rungs user reset {}` prints a new "
          "link to set their password\n",
          command, user.email, user.email);
    } else {
      err << fmt::format("{}: {}\n", command, created.status().message);
    }
    return kExitFailure;
  }
  out << fmt::format("created {} {} ({})\n", RoleName(created->role), created->email,
                     created->name);
  Result<IssuedLink> link = IssueOneTimeLink(*store, created->id, LinkPurpose::kInvite);
  if (!link.ok()) {
    err << fmt::format(
        "{}: created {} but could not make the invitation link: {}; `rungs user reset {}` "
        "makes one\n",
        command, created->email, link.status().message, created->email);
    return kExitFailure;
  }
  out << fmt::format(
      "Invitation link for {}, to set a password. It works once, until {}, and is shown only "
      "now:\n  {}\n",
      created->email, ExpiryText(link->expires_at), link->url);
  return kExitOk;
}

int RunUserReset(const UserResetOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs user reset";
  std::unique_ptr<Store> store = OpenDataStore(options.data, false, command, err);
  if (!store) return kExitFailure;
  std::optional<User> user = FindUserOrReport(*store, options.email, "email", command, err);
  if (!user) return kExitFailure;
  if (!user->active) {
    err << fmt::format("{}: {} is no longer active and cannot sign in\n", command, user->email);
    return kExitFailure;
  }
  Result<IssuedLink> link = IssueOneTimeLink(*store, user->id, LinkPurpose::kReset);
  if (!link.ok()) {
    err << fmt::format("{}: could not make the link: {}\n", command, link.status().message);
    return kExitFailure;
  }
  out << fmt::format(
      "Password reset link for {}. It works once, until {}, and is shown only now:\n  {}\n",
      user->email, ExpiryText(link->expires_at), link->url);
  return kExitOk;
}

int RunUserList(const UserListOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs user list";
  std::unique_ptr<Store> store = OpenDataStore(options.data, false, command, err);
  if (!store) return kExitFailure;
  Result<std::vector<User>> users = store->ListUsers();
  Result<std::vector<Team>> teams = store->ListTeams();
  if (!users.ok() || !teams.ok()) {
    err << fmt::format("{}: {}\n", command,
                       (!users.ok() ? users.status() : teams.status()).message);
    return kExitFailure;
  }
  std::map<int64_t, std::string> team_names;
  for (const Team& t : *teams) team_names[t.id] = t.name;
  std::map<int64_t, std::string> emails;
  for (const User& u : *users) emails[u.id] = u.email;
  auto team_of = [&](const User& u) { return u.team_id ? team_names[*u.team_id] : ""; };
  auto manager_of = [&](const User& u) { return u.manager_id ? emails[*u.manager_id] : ""; };

  if (options.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const User& u : *users) {
      j.push_back({{"email", u.email},
                   {"name", u.name},
                   {"role", RoleName(u.role)},
                   {"team", team_of(u)},
                   {"manager_email", manager_of(u)},
                   {"framework", u.framework_id},
                   {"assigned_rung", u.assigned_rung},
                   {"start_date", u.start_date},
                   {"probation_end", u.probation_end},
                   {"active", u.active}});
    }
    out << JsonText(j, 2) << "\n";
    return kExitOk;
  }
  if (users->empty()) {
    out << "No users yet. `rungs user add --admin EMAIL` creates the first admin.\n";
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows = {
      {"EMAIL", "NAME", "ROLE", "TEAM", "MANAGER", "FRAMEWORK", "RUNG"}};
  for (const User& u : *users) {
    std::string role = RoleName(u.role);
    if (!u.active) role += " (inactive)";
    rows.push_back(
        {u.email, u.name, role, team_of(u), manager_of(u), u.framework_id, u.assigned_rung});
  }
  std::vector<size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += i + 1 == row.size() ? row[i] : Pad(row[i], widths[i] + 2);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  out << fmt::format("{} {}\n", users->size(), users->size() == 1 ? "user" : "users");
  return kExitOk;
}

int RunUserRemove(const UserRemoveOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs user remove";
  if (options.erase && options.anonymise) {
    err << command << ": choose one of --erase and --anonymise\n";
    return kExitUsage;
  }
  std::unique_ptr<Store> store = OpenDataStore(options.data, false, command, err);
  if (!store) return kExitFailure;
  std::optional<User> user = FindUserOrReport(*store, options.email, "email", command, err);
  if (!user) return kExitFailure;
  Result<std::vector<User>> users = store->ListUsers();
  size_t reports = 0;
  if (users.ok()) {
    for (const User& u : *users) reports += u.manager_id == user->id ? 1 : 0;
  }
  const std::string reports_note =
      reports == 0
          ? ""
          : fmt::format(" ({} {} reported to them and now {} no manager)", reports,
                        reports == 1 ? "person who" : "people who", reports == 1 ? "has" : "have");

  // Through the Tracker, like a removal on the admin pages, as an admin the audit log names as
  // the command line.
  FrameworkCatalog catalog(*store);
  Tracker tracker(*store, catalog);
  const User admin = CommandLineAdmin();
  if (!options.erase && !options.anonymise) {
    Status s = tracker.RemovePerson(admin, user->id, std::nullopt);
    if (s.ok()) {
      out << fmt::format("removed {} ({}){}\n", user->email, user->name, reports_note);
      return kExitOk;
    }
    if (s.code != StatusCode::kConflict) {
      err << fmt::format("{}: {}\n", command, s.message);
      return kExitFailure;
    }
    Result<std::vector<CheckIn>> check_ins = tracker.CheckIns(admin, user->id);
    const std::string count = check_ins.ok() ? fmt::format("{} check-in{}", check_ins->size(),
                                                           check_ins->size() == 1 ? "" : "s")
                                             : "check-ins";
    err << fmt::format(
        "{}: {} has {}; say what happens to them:\n"
        "  --erase      delete {} and every check-in, result, note and piece of evidence\n"
        "  --anonymise  keep the results for the team's history, without anything that names "
        "them\n"
        "               (name, email, notes and evidence text are replaced)\n"
        "Export their data first if it should be kept: rungs people export --person {} --out "
        "FILE\n",
        command, user->email, count, user->email, user->email);
    return kExitFailure;
  }
  const Removal how = options.erase ? Removal::kErase : Removal::kAnonymise;
  if (Status s = tracker.RemovePerson(admin, user->id, how); !s.ok()) {
    err << fmt::format("{}: {}\n", command, s.message);
    return kExitFailure;
  }
  if (how == Removal::kErase) {
    out << fmt::format("erased {} ({}) and their check-ins{}\n", user->email, user->name,
                       reports_note);
  } else {
    out << fmt::format(
        "anonymised {} ({}): their results are kept without their name, email, notes or "
        "evidence text{}\n",
        user->email, user->name, reports_note);
  }
  return kExitOk;
}

}  // namespace rungs
