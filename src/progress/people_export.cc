#include "progress/people_export.h"

#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/csv.h"
#include "util/json_text.h"
#include "util/text.h"

namespace rungs {
namespace {

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

nlohmann::json OrNull(const char* s) {
  return s == nullptr ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

std::string IsoDateTime(int64_t unix_seconds) {
  if (unix_seconds == 0) return "";
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string IsoDate(int64_t unix_seconds) { return IsoDateTime(unix_seconds).substr(0, 10); }

Result<PersonData> LoadPerson(Store& store, const User& user) {
  PersonData person;
  person.user = user;
  if (user.team_id) {
    Result<std::vector<Team>> teams = store.ListTeams();
    if (!teams.ok()) return teams.status();
    for (const Team& t : *teams) {
      if (t.id == *user.team_id) person.team = t.name;
    }
  }
  auto email_of = [&](int64_t id) -> Status {
    if (person.emails.count(id) > 0) return Status::Ok();
    Result<User> u = store.GetUser(id);
    if (u.ok()) {
      person.emails[id] = u->email;
    } else if (u.status().code != StatusCode::kNotFound) {
      return u.status();
    }
    return Status::Ok();
  };
  if (user.manager_id) {
    if (Status s = email_of(*user.manager_id); !s.ok()) return s;
    if (person.emails.count(*user.manager_id) > 0) {
      person.manager_email = person.emails[*user.manager_id];
    }
  }
  Result<std::vector<CheckIn>> check_ins = store.ListCheckIns(user.id);
  if (!check_ins.ok()) return check_ins.status();
  person.check_ins = std::move(check_ins).value();
  for (const CheckIn& c : person.check_ins) {
    if (c.frozen_by) {
      if (Status s = email_of(*c.frozen_by); !s.ok()) return s;
    }
    for (const Evidence& e : c.evidence) {
      if (Status s = email_of(e.author_id); !s.ok()) return s;
    }
  }
  return person;
}

Result<TeamData> LoadTeam(Store& store, const std::string& name) {
  Result<std::vector<Team>> teams = store.ListTeams();
  if (!teams.ok()) return teams.status();
  const Team* found = nullptr;
  for (const Team& t : *teams) {
    if (t.name == name) found = &t;
  }
  if (found == nullptr) {
    for (const Team& t : *teams) {
      if (EqualsIgnoreCaseAscii(t.name, name)) found = &t;
    }
  }
  if (found == nullptr) {
    std::string names;
    for (const Team& t : *teams) names += (names.empty() ? "" : ", ") + t.name;
    return Status::NotFound(fmt::format("no team named \"{}\"; the teams are: {}", name,
                                        names.empty() ? "none yet" : names));
  }
  TeamData data;
  data.team = *found;
  Result<std::vector<User>> users = store.ListUsers();
  if (!users.ok()) return users.status();
  for (const User& u : *users) {
    if (u.team_id != found->id) continue;
    Result<PersonData> person = LoadPerson(store, u);
    if (!person.ok()) return person.status();
    data.people.push_back(std::move(person).value());
  }
  return data;
}

nlohmann::json PersonToJson(const PersonData& person) {
  const User& u = person.user;
  auto email_or_null = [&](const std::optional<int64_t>& id) -> nlohmann::json {
    if (!id) return nullptr;
    auto it = person.emails.find(*id);
    return it == person.emails.end() ? nlohmann::json(nullptr) : nlohmann::json(it->second);
  };
  nlohmann::json j = {
      {"email", u.email},
      {"name", u.name},
      {"role", RoleName(u.role)},
      {"team", OrNull(person.team)},
      {"manager_email", OrNull(person.manager_email)},
      {"framework", OrNull(u.framework_id)},
      {"assigned_rung", OrNull(u.assigned_rung)},
      {"start_date", OrNull(u.start_date)},
      {"probation_end", OrNull(u.probation_end)},
      {"active", u.active},
      {"created_at", IsoDateTime(u.created_at)},
  };
  nlohmann::json check_ins = nlohmann::json::array();
  for (const CheckIn& c : person.check_ins) {
    nlohmann::json results = nlohmann::json::array();
    for (const CriterionResult& r : c.results) {
      results.push_back({{"criterion_key", r.criterion_key},
                         {"text_hash", r.text_hash},
                         {"self", OrNull(AssessmentName(r.self))},
                         {"manager", OrNull(AssessmentName(r.manager))},
                         {"agreed", OrNull(AssessmentName(r.agreed))}});
    }
    nlohmann::json evidence = nlohmann::json::array();
    for (const Evidence& e : c.evidence) {
      evidence.push_back({{"id", e.id},
                          {"author_email", email_or_null(e.author_id)},
                          {"text", e.text},
                          {"link", OrNull(e.link)},
                          {"criterion_keys", e.criterion_keys},
                          {"created_at", IsoDateTime(e.created_at)}});
    }
    check_ins.push_back({{"id", c.id},
                         {"framework_version_id", c.framework_version_id},
                         {"state", CheckInStateName(c.state)},
                         {"created_at", IsoDateTime(c.created_at)},
                         {"updated_at", IsoDateTime(c.updated_at)},
                         {"frozen_at", OrNull(IsoDateTime(c.frozen_at))},
                         {"frozen_by", email_or_null(c.frozen_by)},
                         {"self_notes", c.self_notes},
                         {"manager_notes", c.manager_notes},
                         {"acknowledged_at", OrNull(IsoDateTime(c.acknowledged_at))},
                         {"acknowledgement", OrNull(AcknowledgementName(c))},
                         {"acknowledgement_comment", c.acknowledgement_comment},
                         {"results", std::move(results)},
                         {"evidence", std::move(evidence)}});
  }
  j["check_ins"] = std::move(check_ins);
  return j;
}

std::string PersonExportJson(const PersonData& person) {
  nlohmann::json j = {{"format", "rungs-people"}, {"version", 1}};
  j["people"] = nlohmann::json::array({PersonToJson(person)});
  return JsonText(j, 2) + "\n";
}

std::string TeamExportJson(const TeamData& team) {
  nlohmann::json j = {{"format", "rungs-people"}, {"version", 1}};
  j["team"] = {{"name", team.team.name}, {"time_zone", team.team.time_zone}};
  j["people"] = nlohmann::json::array();
  for (const PersonData& p : team.people) j["people"].push_back(PersonToJson(p));
  return JsonText(j, 2) + "\n";
}

std::string PeopleCsv(const std::vector<PersonData>& people) {
  std::string out =
      "email,checkin_id,state,created_at,frozen_at,criterion_key,self,manager,agreed\n";
  for (const PersonData& p : people) {
    for (const CheckIn& c : p.check_ins) {
      for (const CriterionResult& r : c.results) {
        out += fmt::format("{},{},{},{},{},{},{},{},{}\n", SpreadsheetCsvCell(p.user.email), c.id,
                           CheckInStateName(c.state), IsoDate(c.created_at), IsoDate(c.frozen_at),
                           SpreadsheetCsvCell(r.criterion_key), AssessmentName(r.self),
                           AssessmentName(r.manager), AssessmentName(r.agreed));
      }
    }
  }
  return out;
}

}  // namespace rungs
