#include "progress/roster.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "util/csv.h"
#include "util/text.h"

namespace rungs {
namespace {

// "Manager Email", "manager-email" and "MANAGER_EMAIL" are all manager_email.
std::string NormaliseColumn(std::string_view name) {
  std::string out;
  for (char c : Trim(name)) {
    if (c == ' ' || c == '-') c = '_';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The header row decides: a tab, else semicolons without commas (a spreadsheet in a locale
// where the comma is the decimal separator), else commas.
char RosterDelimiter(std::string_view text) {
  const std::string_view header = text.substr(0, text.find('\n'));
  if (header.find('\t') != std::string_view::npos) return '\t';
  if (header.find(',') == std::string_view::npos && header.find(';') != std::string_view::npos) {
    return ';';
  }
  return ',';
}

// ValidateUser's messages start with the field's name, which the error shows already.
std::string WithoutFieldPrefix(const std::string& message, const std::string& field) {
  if (!field.empty() && StartsWith(message, field + " ")) return message.substr(field.size() + 1);
  return message;
}

const Framework* FindFramework(const std::vector<Framework>& frameworks, const std::string& id) {
  for (const Framework& fw : frameworks) {
    if (fw.id == id) return &fw;
  }
  return nullptr;
}

std::string RungList(const Framework& framework) {
  std::vector<std::string> ids;
  for (const Rung* rung : AllRungs(framework)) ids.push_back(rung->id);
  return Join(ids, ", ");
}

std::string FrameworkList(const std::vector<Framework>& frameworks) {
  std::vector<std::string> ids;
  for (const Framework& fw : frameworks) {
    if (fw.yaml && !fw.levels.empty()) ids.push_back(fw.id);
  }
  return ids.empty() ? "none" : Join(ids, ", ");
}

// Reads one data row; every problem goes to `errors`.
class RowReader {
 public:
  RowReader(const CsvRow& row, const std::map<std::string, size_t>& columns)
      : row_(row), columns_(columns) {}

  bool Has(const std::string& column) const { return columns_.count(column) > 0; }
  const CsvCell* Cell(const std::string& column) const {
    auto it = columns_.find(column);
    if (it == columns_.end() || it->second >= row_.cells.size()) return nullptr;
    return &row_.cells[it->second];
  }
  std::string Value(const std::string& column) const {
    const CsvCell* cell = Cell(column);
    return cell == nullptr ? "" : std::string(Trim(cell->text));
  }
  int LineOf(const std::string& column) const {
    const CsvCell* cell = Cell(column);
    return cell == nullptr ? row_.line : cell->line;
  }

 private:
  const CsvRow& row_;
  const std::map<std::string, size_t>& columns_;
};

}  // namespace

const std::vector<std::string>& RosterColumns() {
  static const std::vector<std::string> columns = {
      "email",     "name",          "role",       "team",         "manager_email",
      "framework", "assigned_rung", "start_date", "probation_end"};
  return columns;
}

std::string FormatRosterError(const std::string& file, const RosterError& error) {
  std::string out = file;
  if (error.line > 0) out += fmt::format(":{}", error.line);
  out += ": ";
  if (!error.field.empty()) out += error.field + ": ";
  return out + error.message;
}

const char* RosterActionName(RosterAction action) {
  switch (action) {
    case RosterAction::kCreate:
      return "create";
    case RosterAction::kUpdate:
      return "update";
    case RosterAction::kUnchanged:
      return "unchanged";
  }
  return "unchanged";
}

RosterPlanResult PlanRoster(std::string_view bytes, const std::string& file, Store& store,
                            const std::vector<Framework>* frameworks) {
  RosterPlanResult result;
  RosterPlan& plan = result.plan;
  plan.file = file;
  auto error = [&](int line, std::string field, std::string message) {
    result.errors.push_back({line, std::move(field), std::move(message)});
  };
  const std::string expected = Join(RosterColumns(), ",");

  if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (Trim(bytes).empty()) {
    error(0, "",
          fmt::format("the file is empty; its first row must name the columns ({})", expected));
    return result;
  }
  const CsvTable table = ParseDelimited(bytes, RosterDelimiter(bytes), file);
  for (const Diagnostic& d : table.diagnostics) error(d.line, "", d.message);
  if (!result.errors.empty()) return result;

  std::vector<const CsvRow*> rows;  // without blank rows
  for (const CsvRow& row : table.rows) {
    const bool blank = std::all_of(row.cells.begin(), row.cells.end(),
                                   [](const CsvCell& c) { return Trim(c.text).empty(); });
    if (!blank) rows.push_back(&row);
  }
  if (rows.empty()) {
    error(0, "",
          fmt::format("the file has no rows; its first row must name the columns ({})", expected));
    return result;
  }

  // The header.
  const CsvRow& header = *rows.front();
  const std::vector<std::string>& known = RosterColumns();
  std::map<std::string, size_t> columns;
  std::vector<std::string> unknown;
  for (size_t i = 0; i < header.cells.size(); ++i) {
    const std::string name = NormaliseColumn(header.cells[i].text);
    if (name.empty()) {
      // A trailing empty column is harmless as long as nobody wrote under it.
      for (size_t r = 1; r < rows.size(); ++r) {
        if (i < rows[r]->cells.size() && !Trim(rows[r]->cells[i].text).empty()) {
          error(rows[r]->cells[i].line, "",
                fmt::format("column {} has a value but no name in the header", i + 1));
          break;
        }
      }
      continue;
    }
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      unknown.push_back(fmt::format("\"{}\"", Trim(header.cells[i].text)));
      continue;
    }
    if (auto it = columns.find(name); it != columns.end()) {
      error(header.line, name,
            fmt::format("the column appears twice (columns {} and {})", it->second + 1, i + 1));
      continue;
    }
    columns[name] = i;
  }
  if (!unknown.empty()) {
    error(header.line, "",
          fmt::format("unknown column{} {}; a roster's columns are {}",
                      unknown.size() == 1 ? "" : "s", Join(unknown, ", "), Join(known, ", ")));
  }
  for (const char* required : {"email", "name"}) {
    if (columns.count(required) == 0) {
      error(header.line, required,
            fmt::format("the header has no {} column, which is required (the header row names "
                        "the columns: {})",
                        required, expected));
    }
  }
  if (!result.errors.empty()) return result;
  for (const std::string& column : known) {
    if (columns.count(column) > 0) plan.columns.push_back(column);
  }

  // What the store holds now.
  Result<std::vector<User>> users = store.ListUsers();
  if (!users.ok()) {
    error(0, "", "cannot read the people in the store: " + users.status().message);
    return result;
  }
  // Emails are matched without regard to case, as the store matches them: the file's are
  // lower-cased as they are read, and so are the store's here (already so in any store that
  // lower-cases on write, but the comparison must not depend on it).
  for (User& u : users.value()) u.email = ToLowerAscii(u.email);
  Result<std::vector<Team>> teams = store.ListTeams();
  if (!teams.ok()) {
    error(0, "", "cannot read the teams in the store: " + teams.status().message);
    return result;
  }
  std::map<std::string, const User*> user_by_email;
  std::map<int64_t, const User*> user_by_id;
  for (const User& u : *users) {
    user_by_email[u.email] = &u;
    user_by_id[u.id] = &u;
  }
  std::map<int64_t, const Team*> team_by_id;
  for (const Team& t : *teams) team_by_id[t.id] = &t;
  auto find_team = [&](const std::string& name) -> const Team* {
    for (const Team& t : *teams) {
      if (t.name == name) return &t;
    }
    for (const Team& t : *teams) {
      if (EqualsIgnoreCaseAscii(t.name, name)) return &t;
    }
    return nullptr;
  };
  std::map<std::string, std::string> new_team_by_lower;  // lower-case name -> first spelling

  std::map<std::string, int> line_by_email;  // where each email first appears in the file
  std::vector<int> manager_lines;            // per entry, the manager_email cell's line
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = *rows[r];
    if (row.cells.size() > header.cells.size()) {
      error(row.line, "",
            fmt::format("the row has {} cells but the header has {} columns (quote a cell that "
                        "contains the separator)",
                        row.cells.size(), header.cells.size()));
      continue;
    }
    const RowReader cells(row, columns);
    const size_t errors_before = result.errors.size();
    RosterEntry entry;
    entry.line = row.line;

    const std::string email = ToLowerAscii(cells.Value("email"));
    if (email.empty()) {
      error(cells.LineOf("email"), "email", "is empty; every person needs an email address");
      continue;
    }
    const auto existing_it = user_by_email.find(email);
    const User* existing = existing_it == user_by_email.end() ? nullptr : existing_it->second;
    User& u = entry.user;
    if (existing != nullptr) u = *existing;
    u.email = email;

    u.name = cells.Value("name");
    if (u.name.empty()) error(cells.LineOf("name"), "name", "is empty; every person needs a name");

    if (cells.Has("role")) {
      const std::string role = ToLowerAscii(cells.Value("role"));
      if (!role.empty()) {
        if (std::optional<Role> parsed = ParseRole(role)) {
          u.role = *parsed;
        } else {
          error(cells.LineOf("role"), "role",
                fmt::format("\"{}\" is not a role; use admin, manager or member",
                            cells.Value("role")));
        }
      }
    }

    if (cells.Has("team")) {
      const std::string team = cells.Value("team");
      u.team_id.reset();
      if (!team.empty()) {
        if (const Team* t = find_team(team)) {
          entry.team = t->name;
          u.team_id = t->id;
        } else if (team.size() > 200) {
          error(cells.LineOf("team"), "team", "a team name must be at most 200 characters");
        } else {
          auto [it, inserted] = new_team_by_lower.emplace(ToLowerAscii(team), team);
          if (inserted) plan.new_teams.push_back(team);
          entry.team = it->second;
        }
      }
    } else if (u.team_id && team_by_id.count(*u.team_id) > 0) {
      entry.team = team_by_id[*u.team_id]->name;
    }

    if (cells.Has("manager_email")) {
      entry.manager_email = ToLowerAscii(cells.Value("manager_email"));
    } else if (u.manager_id && user_by_id.count(*u.manager_id) > 0) {
      entry.manager_email = user_by_id[*u.manager_id]->email;
    }

    if (cells.Has("framework")) {
      u.framework_id = cells.Value("framework");
      if (frameworks != nullptr && !u.framework_id.empty() &&
          FindFramework(*frameworks, u.framework_id) == nullptr) {
        error(cells.LineOf("framework"), "framework",
              fmt::format("no framework with id \"{}\"; the frameworks are {}", u.framework_id,
                          FrameworkList(*frameworks)));
      }
    }

    if (cells.Has("assigned_rung")) u.assigned_rung = cells.Value("assigned_rung");
    if (!u.assigned_rung.empty() && (cells.Has("assigned_rung") || cells.Has("framework"))) {
      const std::string field = cells.Has("assigned_rung") ? "assigned_rung" : "framework";
      if (u.framework_id.empty()) {
        error(cells.LineOf(field), field,
              fmt::format("the rung \"{}\" needs a framework; add a framework column",
                          u.assigned_rung));
      } else if (frameworks != nullptr) {
        if (const Framework* fw = FindFramework(*frameworks, u.framework_id)) {
          if (const Rung* rung = FindRungByIdOrLabel(*fw, u.assigned_rung)) {
            u.assigned_rung = rung->id;
          } else {
            error(cells.LineOf(field), field,
                  fmt::format("\"{}\" is not a rung of {}; its rungs are {}", u.assigned_rung,
                              fw->id, RungList(*fw)));
          }
        } else if (!cells.Has("framework")) {
          error(cells.LineOf(field), field,
                fmt::format("this person's framework \"{}\" is not loaded, so the rung cannot be "
                            "checked; the frameworks are {}",
                            u.framework_id, FrameworkList(*frameworks)));
        }
      }
    }

    if (cells.Has("start_date")) u.start_date = cells.Value("start_date");
    if (cells.Has("probation_end")) u.probation_end = cells.Value("probation_end");

    User validated = u;
    if (Status s = ValidateUser(validated); !s.ok()) {
      // An empty name was reported above.
      if (!(s.field == "name" && u.name.empty())) {
        error(cells.LineOf(s.field), s.field, WithoutFieldPrefix(s.message, s.field));
      }
    } else {
      u = validated;
      if (!u.start_date.empty() && !u.probation_end.empty() && u.probation_end < u.start_date) {
        error(cells.LineOf(cells.Has("probation_end") ? "probation_end" : "start_date"),
              "probation_end",
              fmt::format("{} is before start_date {}", u.probation_end, u.start_date));
      }
    }

    if (auto [it, inserted] = line_by_email.emplace(u.email, row.line); !inserted) {
      error(cells.LineOf("email"), "email",
            fmt::format("{} is also on line {}; each person may appear once", u.email, it->second));
    }
    if (result.errors.size() != errors_before) continue;
    entry.action = existing == nullptr ? RosterAction::kCreate : RosterAction::kUpdate;
    manager_lines.push_back(cells.LineOf("manager_email"));
    plan.entries.push_back(std::move(entry));
  }

  // Managers: someone in the file or in the store, and no loops once everything is written.
  std::map<std::string, std::string> manager_of;  // email -> manager's email, as it will be
  for (const User& u : *users) {
    if (u.manager_id && user_by_id.count(*u.manager_id) > 0) {
      manager_of[u.email] = user_by_id[*u.manager_id]->email;
    }
  }
  for (const RosterEntry& entry : plan.entries) {
    if (entry.manager_email.empty()) {
      manager_of.erase(entry.user.email);
    } else {
      manager_of[entry.user.email] = entry.manager_email;
    }
  }
  std::set<std::string> reported_loops;
  for (size_t i = 0; i < plan.entries.size(); ++i) {
    const RosterEntry& entry = plan.entries[i];
    const std::string& manager = entry.manager_email;
    if (manager.empty()) continue;
    if (manager == entry.user.email) {
      error(manager_lines[i], "manager_email", "a person cannot be their own manager");
      continue;
    }
    if (line_by_email.count(manager) == 0) {
      auto it = user_by_email.find(manager);
      if (it == user_by_email.end()) {
        error(manager_lines[i], "manager_email",
              fmt::format("no person with email {} in the file or the store", manager));
        continue;
      }
      if (!it->second->active) {
        error(manager_lines[i], "manager_email",
              fmt::format("{} is no longer active and cannot manage anyone", manager));
        continue;
      }
    }
    std::vector<std::string> chain = {entry.user.email};
    std::string current = manager;
    while (chain.size() <= manager_of.size() + 1) {
      chain.push_back(current);
      if (current == entry.user.email) break;
      auto next = manager_of.find(current);
      if (next == manager_of.end()) break;
      current = next->second;
    }
    if (chain.size() > 1 && chain.back() == entry.user.email) {
      std::vector<std::string> members(chain.begin(), chain.end() - 1);
      std::sort(members.begin(), members.end());
      if (reported_loops.insert(Join(members, ",")).second) {
        error(manager_lines[i], "manager_email",
              fmt::format("managers would form a loop: {}", Join(chain, " → ")));
      }
    }
  }
  if (!result.errors.empty()) {
    std::stable_sort(result.errors.begin(), result.errors.end(),
                     [](const RosterError& a, const RosterError& b) { return a.line < b.line; });
    return result;
  }

  // What changes for people who exist.
  for (RosterEntry& entry : plan.entries) {
    if (entry.action == RosterAction::kCreate) {
      ++plan.creates;
      continue;
    }
    const User& before = *user_by_email[entry.user.email];
    const User& after = entry.user;
    std::string team_before;
    if (before.team_id && team_by_id.count(*before.team_id) > 0) {
      team_before = team_by_id[*before.team_id]->name;
    }
    std::string manager_before;
    if (before.manager_id && user_by_id.count(*before.manager_id) > 0) {
      manager_before = user_by_id[*before.manager_id]->email;
    }
    auto changed = [&](bool differs, const char* field) {
      if (differs) entry.changes.emplace_back(field);
    };
    changed(before.name != after.name, "name");
    changed(before.role != after.role, "role");
    changed(team_before != entry.team, "team");
    changed(manager_before != entry.manager_email, "manager_email");
    changed(before.framework_id != after.framework_id, "framework");
    changed(before.assigned_rung != after.assigned_rung, "assigned_rung");
    changed(before.start_date != after.start_date, "start_date");
    changed(before.probation_end != after.probation_end, "probation_end");
    if (entry.changes.empty()) {
      entry.action = RosterAction::kUnchanged;
      ++plan.unchanged;
    } else {
      ++plan.updates;
    }
  }
  return result;
}

Result<RosterApplied> ApplyRoster(const RosterPlan& plan, Store& store, const Actor& actor) {
  RosterApplied applied;
  int written = 0;
  auto failed = [&](int line, const std::string& what, const Status& s) -> Status {
    std::string message = fmt::format("{}:{}: could not {}: {}", plan.file, line, what, s.message);
    if (written > 0 || !applied.teams_created.empty()) {
      message += fmt::format(
          " ({} people and {} teams were written before it; import the file "
          "again once the cause is fixed)",
          written, applied.teams_created.size());
    }
    return Status{s.code, message, s.field};
  };

  Result<std::vector<Team>> teams = store.ListTeams();
  if (!teams.ok()) return failed(0, "read the teams", teams.status());
  std::map<std::string, int64_t> team_ids;
  for (const Team& t : *teams) team_ids[t.name] = t.id;
  for (const std::string& name : plan.new_teams) {
    if (team_ids.count(name) > 0) continue;  // created since the plan was made
    Team team;
    team.name = name;
    Result<Team> created = store.CreateTeam(team, actor);
    if (!created.ok()) {
      int line = 0;
      for (const RosterEntry& e : plan.entries) {
        if (e.team == name) {
          line = e.line;
          break;
        }
      }
      return failed(line, fmt::format("create the team \"{}\"", name), created.status());
    }
    team_ids[name] = created->id;
    applied.teams_created.push_back(name);
  }

  Result<std::vector<User>> users = store.ListUsers();
  if (!users.ok()) return failed(0, "read the people", users.status());
  std::map<std::string, int64_t> user_ids;
  for (const User& u : *users) user_ids[ToLowerAscii(u.email)] = u.id;  // as PlanRoster matches
  auto manager_id = [&](const RosterEntry& e) -> std::optional<int64_t> {
    if (e.manager_email.empty()) return std::nullopt;
    auto it = user_ids.find(e.manager_email);
    if (it == user_ids.end()) return std::nullopt;
    return it->second;
  };

  // Pass 1: everyone, keeping a manager only when it stays the same.
  std::vector<std::optional<User>> written_users(plan.entries.size());
  for (size_t i = 0; i < plan.entries.size(); ++i) {
    const RosterEntry& entry = plan.entries[i];
    if (entry.action == RosterAction::kUnchanged) {
      ++applied.unchanged;
      continue;
    }
    User u = entry.user;
    u.team_id.reset();
    if (!entry.team.empty()) u.team_id = team_ids[entry.team];
    Result<User> saved = Status::Ok();
    if (entry.action == RosterAction::kCreate) {
      u.manager_id.reset();
      saved = store.CreateUser(u, actor);
    } else {
      if (u.manager_id != manager_id(entry)) u.manager_id.reset();
      saved = store.UpdateUser(u, actor);
    }
    if (!saved.ok()) {
      return failed(
          entry.line,
          fmt::format("{} {}", entry.action == RosterAction::kCreate ? "create" : "update",
                      entry.user.email),
          saved.status());
    }
    ++written;
    user_ids[saved->email] = saved->id;
    written_users[i] = saved.value();
    if (entry.action == RosterAction::kCreate) {
      ++applied.created;
    } else {
      ++applied.updated;
    }
  }

  // Pass 2: the managers, now that everyone exists. Every edge added is one of the final
  // (loop-free) graph, so no intermediate state has a loop.
  for (size_t i = 0; i < plan.entries.size(); ++i) {
    if (!written_users[i]) continue;
    User u = *written_users[i];
    const std::optional<int64_t> wanted = manager_id(plan.entries[i]);
    if (u.manager_id == wanted) continue;
    u.manager_id = wanted;
    Result<User> saved = store.UpdateUser(u, actor);
    if (!saved.ok()) {
      return failed(plan.entries[i].line,
                    fmt::format("set the manager of {}", plan.entries[i].user.email),
                    saved.status());
    }
  }
  return applied;
}

}  // namespace rungs
