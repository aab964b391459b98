#include "store/store.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "util/hash.h"
#include "util/text.h"
#include "util/utf8.h"

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

constexpr size_t kMaxNotes = 20000;
constexpr size_t kMaxKey = 500;

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

const char* CheckInStateName(CheckInState state) {
  return state == CheckInState::kFrozen ? "frozen" : "open";
}

const char* AcknowledgementName(const CheckIn& checkin) {
  if (checkin.acknowledged_at == 0) return nullptr;
  return checkin.disagrees ? "disagree" : "agree";
}

std::optional<Assessment> ParseAssessment(std::string_view name) {
  for (Assessment a : {Assessment::kNone, Assessment::kNotYet, Assessment::kWorkingTowards,
                       Assessment::kMeeting, Assessment::kExceeding}) {
    if (name == AssessmentName(a)) return a;
  }
  return std::nullopt;
}

Status ValidateText(std::string_view text, std::string_view field) {
  if (IsValidUtf8(text)) return Status::Ok();
  return Status::Invalid(fmt::format("{} is not valid UTF-8", field), std::string(field));
}

Status ValidateEvidence(Evidence& evidence) {
  if (Status s = ValidateText(evidence.text, "text"); !s.ok()) return s;
  if (Status s = ValidateText(evidence.link, "link"); !s.ok()) return s;
  for (const std::string& key : evidence.criterion_keys) {
    if (Status s = ValidateText(key, "criteria"); !s.ok()) return s;
  }
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
  for (const std::string& key : evidence.criterion_keys) {
    if (key.empty() || key.size() > kMaxKey) {
      return Status::Invalid("every criterion needs a key", "criteria");
    }
  }
  std::sort(evidence.criterion_keys.begin(), evidence.criterion_keys.end());
  evidence.criterion_keys.erase(
      std::unique(evidence.criterion_keys.begin(), evidence.criterion_keys.end()),
      evidence.criterion_keys.end());
  return Status::Ok();
}

Status ValidateUser(User& user) {
  for (const auto& [value, field] :
       {std::pair{&user.email, "email"}, std::pair{&user.name, "name"},
        std::pair{&user.framework_id, "framework_id"},
        std::pair{&user.assigned_rung, "assigned_rung"}, std::pair{&user.start_date, "start_date"},
        std::pair{&user.probation_end, "probation_end"}}) {
    if (Status s = ValidateText(*value, field); !s.ok()) return s;
  }
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

Status ValidateTeam(const Team& team) {
  if (Status s = ValidateText(team.name, "name"); !s.ok()) return s;
  if (team.name.empty() || team.name.size() > 200) {
    return Status::Invalid("team name must be between 1 and 200 characters", "name");
  }
  // An IANA name ("Europe/London", "Etc/GMT+1"); the zone itself is checked where it is used.
  if (team.time_zone.empty() || team.time_zone.size() > 64 ||
      team.time_zone.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                       "0123456789/_+-") != std::string::npos) {
    return Status::Invalid("time_zone must be a zone name such as Europe/London", "time_zone");
  }
  if (team.cadence_weeks < 0 || team.cadence_weeks > kMaxCadenceWeeks) {
    return Status::Invalid(
        fmt::format("cadence_weeks must be between 1 and {} (0: no cadence)", kMaxCadenceWeeks),
        "cadence_weeks");
  }
  return Status::Ok();
}

Status ValidateCheckInUpdate(const std::vector<CriterionResult>& results,
                             const std::optional<std::string>& notes) {
  std::set<std::string> seen;
  for (const CriterionResult& r : results) {
    if (Status s = ValidateText(r.criterion_key, "results"); !s.ok()) return s;
    if (Status s = ValidateText(r.text_hash, "results"); !s.ok()) return s;
    if (r.criterion_key.empty() || r.criterion_key.size() > kMaxKey) {
      return Status::Invalid("every result needs a criterion key", "results");
    }
    if (!seen.insert(r.criterion_key).second) {
      return Status::Invalid(fmt::format("criterion {} is listed twice", r.criterion_key),
                             "results");
    }
  }
  if (notes) {
    if (Status s = ValidateText(*notes, "notes"); !s.ok()) return s;
    if (notes->size() > kMaxNotes) {
      return Status::Invalid(fmt::format("notes must be at most {} characters", kMaxNotes),
                             "notes");
    }
  }
  return Status::Ok();
}

Status ValidateAcknowledgement(bool disagrees, const std::string& comment) {
  if (Status s = ValidateText(comment, "comment"); !s.ok()) return s;
  if (comment.size() > kMaxNotes) {
    return Status::Invalid(fmt::format("a comment must be at most {} characters", kMaxNotes),
                           "comment");
  }
  if (disagrees && comment.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Invalid("say what you disagree with", "comment");
  }
  return Status::Ok();
}

Status ValidateFrameworkVersion(FrameworkVersion& version) {
  if (Status s = ValidateText(version.framework_id, "framework_id"); !s.ok()) return s;
  if (Status s = ValidateText(version.json, "json"); !s.ok()) return s;
  if (version.framework_id.empty() || version.framework_id.size() > 200) {
    return Status::Invalid("a framework id is required", "framework_id");
  }
  if (version.json.empty()) return Status::Invalid("the framework's JSON is required", "json");
  const std::string hash = Sha256Hex(version.json);
  if (!version.content_hash.empty() && ToLowerAscii(version.content_hash) != hash) {
    return Status::Invalid("content_hash is not the SHA-256 of json", "content_hash");
  }
  version.content_hash = hash;
  return Status::Ok();
}

Status ValidateFrameworkFile(FrameworkFile& file) {
  if (Status s = ValidateText(file.name, "name"); !s.ok()) return s;
  if (file.name.empty() || file.name.size() > 200) {
    return Status::Invalid("a file name of 1 to 200 bytes is required", "name");
  }
  if (file.name.front() == '.' || file.name.find_first_of("/\\") != std::string::npos ||
      std::any_of(file.name.begin(), file.name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return Status::Invalid(
        fmt::format("\"{}\" is not a plain file name (no folder, not hidden)", file.name), "name");
  }
  if (file.content.empty()) return Status::Invalid("the file is empty", "file");
  if (file.content.size() > kMaxUploadedFrameworkBytes) {
    return Status::Invalid(fmt::format("the file has {} bytes; the limit is {}",
                                       file.content.size(), kMaxUploadedFrameworkBytes),
                           "file");
  }
  file.content_hash = Sha256Hex(file.content);
  return Status::Ok();
}

Status ValidateSavedMapping(const SavedMapping& mapping) {
  if (Status s = ValidateText(mapping.name, "name"); !s.ok()) return s;
  if (Trim(mapping.name).empty() || mapping.name.size() > 100) {
    return Status::Invalid("a name of 1 to 100 bytes is required", "name");
  }
  if (std::any_of(mapping.name.begin(), mapping.name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return Status::Invalid("the name has a control character", "name");
  }
  if (Status s = ValidateText(mapping.yaml, "yaml"); !s.ok()) return s;
  if (Trim(mapping.yaml).empty()) return Status::Invalid("the mapping is empty", "yaml");
  if (mapping.yaml.size() > kMaxSavedMappingBytes) {
    return Status::Invalid(fmt::format("the mapping has {} bytes; the limit is {}",
                                       mapping.yaml.size(), kMaxSavedMappingBytes),
                           "yaml");
  }
  return Status::Ok();
}

Status ValidateIngest(const IngestBatch& batch, const std::vector<IdentityWeek>& weeks) {
  for (const auto& [value, field] :
       {std::pair{&batch.source, "source"}, std::pair{&batch.file_name, "file_name"},
        std::pair{&batch.content_hash, "content_hash"}, std::pair{&batch.mapping, "mapping"}}) {
    if (Status s = ValidateText(*value, field); !s.ok()) return s;
  }
  if (batch.source.empty() || batch.source.size() > 100) {
    return Status::Invalid("source must be between 1 and 100 characters", "source");
  }
  if (batch.content_hash.size() != 64) {
    return Status::Invalid("content_hash must be a SHA-256 in hex", "content_hash");
  }
  if (batch.first_week > batch.last_week) {
    return Status::Invalid("first_week is after last_week", "first_week");
  }
  for (const IdentityWeek& w : weeks) {
    if (Status s = ValidateText(w.space, "weeks"); !s.ok()) return s;
    if (Status s = ValidateText(w.identity, "weeks"); !s.ok()) return s;
    if (w.space.empty() || w.identity.empty()) {
      return Status::Invalid("every weekly row needs a space and an identity", "weeks");
    }
    if (w.active_scheduled_seconds &&
        (*w.active_scheduled_seconds < 0 || *w.active_scheduled_seconds > w.scheduled_seconds)) {
      return Status::Invalid("active time inside the schedule must be within scheduled time",
                             "weeks");
    }
  }
  return Status::Ok();
}

Status ValidateIdentity(const HelpdeskIdentity& identity) {
  for (const auto& [value, field] :
       {std::pair{&identity.source, "source"}, std::pair{&identity.space, "space"},
        std::pair{&identity.identity, "identity"}}) {
    if (Status s = ValidateText(*value, field); !s.ok()) return s;
    if (value->empty() || value->size() > 320) {
      return Status::Invalid(fmt::format("{} must be between 1 and 320 characters", field), field);
    }
  }
  return Status::Ok();
}

Status ValidateTokenDigest(const std::string& digest) {
  if (Status s = ValidateText(digest, "token_digest"); !s.ok()) return s;
  if (digest.empty() || digest.size() > 200) {
    return Status::Invalid("a token digest is required", "token_digest");
  }
  return Status::Ok();
}

Status ValidateSession(const Session& session) {
  if (Status s = ValidateTokenDigest(session.token_digest); !s.ok()) return s;
  if (Status s = ValidateText(session.csrf_token, "csrf_token"); !s.ok()) return s;
  if (session.expires_at <= 0 ||
      (session.created_at != 0 && session.expires_at <= session.created_at)) {
    return Status::Invalid("a session must expire after it starts", "expires_at");
  }
  return Status::Ok();
}

Status ValidateApiToken(const ApiToken& token) {
  if (Status s = ValidateTokenDigest(token.token_digest); !s.ok()) return s;
  if (Status s = ValidateText(token.name, "name"); !s.ok()) return s;
  if (token.name.empty() || CountCodePoints(token.name) > 100) {
    return Status::Invalid("a token's name must be between 1 and 100 characters", "name");
  }
  return Status::Ok();
}

Status ValidateOneTimeLink(const OneTimeLink& link) {
  if (Status s = ValidateTokenDigest(link.token_digest); !s.ok()) return s;
  // Not checked against the clock: callers (and their tests) choose the time, and a link that
  // has already expired is simply never redeemed.
  if (link.expires_at <= 0) return Status::Invalid("a link needs an expiry time", "expires_at");
  return Status::Ok();
}

}  // namespace rungs
