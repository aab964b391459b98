#include "store/store.h"

#include <algorithm>

#include "util/text.h"

namespace rungs {
namespace {

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = std::stoi(s.substr(5, 2));
  const int day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kManager:
      return "manager";
    case Role::kMember:
      return "member";
  }
  return "member";
}

std::optional<Role> ParseRole(const std::string& name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "manager") return Role::kManager;
  if (name == "member") return Role::kMember;
  return std::nullopt;
}

const char* AssessmentName(Assessment a) {
  switch (a) {
    case Assessment::kNone:
      return "";
    case Assessment::kNotYet:
      return "not_yet";
    case Assessment::kWorkingTowards:
      return "working_towards";
    case Assessment::kMeeting:
      return "meeting";
    case Assessment::kExceeding:
      return "exceeding";
  }
  return "";
}

std::optional<Assessment> ParseAssessment(std::string_view name) {
  for (Assessment a : {Assessment::kNone, Assessment::kNotYet, Assessment::kWorkingTowards,
                       Assessment::kMeeting, Assessment::kExceeding}) {
    if (name == AssessmentName(a)) return a;
  }
  return std::nullopt;
}

Result<User> Store::RedeemOneTimeLink(const std::string& token_digest,
                                      const std::string& password_hash, int64_t now) {
  if (password_hash.empty()) return Status::Invalid("a password is required", "password");
  Result<OneTimeLink> link = FindOneTimeLink(token_digest, now);
  if (!link.ok()) return link.status();
  return RedeemOneTimeLink(token_digest, link->purpose, password_hash, now);
}

Status ValidateEvidence(Evidence& evidence) {
  evidence.text = std::string(Trim(evidence.text));
  evidence.link = std::string(Trim(evidence.link));
  if (evidence.text.empty() || evidence.text.size() > 4000) {
    return Status::Invalid("evidence text must be between 1 and 4000 characters", "text");
  }
  if (!evidence.link.empty() &&
      ((evidence.link.rfind("https://", 0) != 0 && evidence.link.rfind("http://", 0) != 0) ||
       evidence.link.size() > 2000 ||
       evidence.link.find_first_of(" \t\r\n<>\"") != std::string::npos)) {
    return Status::Invalid("link must be an http:// or https:// address", "link");
  }
  if (evidence.criterion_keys.empty()) {
    return Status::Invalid("tag the evidence with at least one criterion", "criteria");
  }
  std::sort(evidence.criterion_keys.begin(), evidence.criterion_keys.end());
  evidence.criterion_keys.erase(
      std::unique(evidence.criterion_keys.begin(), evidence.criterion_keys.end()),
      evidence.criterion_keys.end());
  return Status::Ok();
}

Status ValidateUser(User& user) {
  user.email = ToLowerAscii(Trim(user.email));
  user.name = std::string(Trim(user.name));
  const size_t at = user.email.find('@');
  if (user.email.empty() || user.email.size() > 254 || at == std::string::npos || at == 0 ||
      user.email.find('.', at) == std::string::npos || user.email.back() == '.' ||
      user.email.find_first_of(" \t\r\n<>\"'") != std::string::npos) {
    return Status::Invalid("email must be an address such as name@example.com", "email");
  }
  if (user.name.empty() || user.name.size() > 200) {
    return Status::Invalid("name must be between 1 and 200 characters", "name");
  }
  if (!user.start_date.empty() && !IsDate(user.start_date)) {
    return Status::Invalid("start_date must be a date as YYYY-MM-DD", "start_date");
  }
  if (!user.probation_end.empty() && !IsDate(user.probation_end)) {
    return Status::Invalid("probation_end must be a date as YYYY-MM-DD", "probation_end");
  }
  if (user.manager_id && user.id != 0 && *user.manager_id == user.id) {
    return Status::Invalid("a person cannot be their own manager", "manager_id");
  }
  return Status::Ok();
}

}  // namespace rungs
