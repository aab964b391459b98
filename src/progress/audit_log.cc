#include "progress/audit_log.h"

#include <charconv>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "metrics/iso_week.h"
#include "util/csv.h"
#include "util/json_text.h"

namespace rungs {
namespace {

struct ActionWords {
  std::string_view action;
  std::string_view words;
};

// Every action the store writes (src/store/*.cc, and migration 0005's user.email_duplicate),
// as the rest of a sentence about whoever did it.
constexpr ActionWords kActionWords[] = {
    {"user.create", "added a person"},
    {"user.create_first_admin", "set up the first admin"},
    {"user.update", "changed a person's details"},
    {"user.password_set", "set a password"},
    {"user.password_clear", "cleared a password"},
    {"user.delete", "deleted a person"},
    {"user.anonymise", "anonymised a person"},
    {"user.erase", "erased a person"},
    {"user.email_duplicate", "set aside an account whose email another one kept"},
    {"team.create", "added a team"},
    {"team.update", "changed a team"},
    {"session.create", "signed in"},
    {"session.delete", "signed out"},
    {"session.delete_all", "ended every session"},
    {"link.create", "made a one-time link"},
    {"link.redeem", "set a password with a one-time link"},
    {"api_token.create", "made an API token"},
    {"api_token.revoke", "revoked an API token"},
    {"calendar_feed.create", "made a calendar feed"},
    {"calendar_feed.revoke", "revoked a calendar feed"},
    {"checkin.create", "started a check-in"},
    {"checkin.results", "saved check-in results"},
    {"checkin.agree", "agreed a check-in"},
    {"checkin.acknowledge", "answered the agreed results"},
    {"evidence.add", "added evidence"},
    {"evidence.delete", "deleted evidence"},
    {"framework_version.create", "stored a framework version"},
    {"framework_file.put", "published a framework file"},
    {"framework_file.delete", "removed a framework file"},
    {"ingest.create", "stored helpdesk data"},
    {"ingest.undo", "undid a helpdesk batch"},
    {"identity.link", "linked a helpdesk identity"},
    {"identity.unlink", "unlinked a helpdesk identity"},
    {"saved_mapping.put", "saved a helpdesk mapping"},
    {"saved_mapping.delete", "removed a helpdesk mapping"},
};

constexpr std::string_view kSignIn = "session.create";
constexpr std::string_view kSignOut = "session.delete";

bool IsSessionNoise(const AuditEntry& e) { return e.action == kSignIn || e.action == kSignOut; }

// A whole number of at least 1, or nullopt.
std::optional<int64_t> PositiveId(std::string_view text) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

std::string Times(int n) {
  if (n == 1) return "once";
  if (n == 2) return "twice";
  return fmt::format("{} times", n);
}

// How many entries from `at` (newest first) make its row.
size_t RunLength(const std::vector<AuditEntry>& entries, size_t at, bool fold) {
  size_t end = at + 1;
  if (!fold || !IsSessionNoise(entries[at])) return 1;
  while (end < entries.size() && FoldsWith(entries[end - 1], entries[end])) ++end;
  return end - at;
}

}  // namespace

std::string AuditActionWords(std::string_view action) {
  for (const ActionWords& a : kActionWords) {
    if (a.action == action) return std::string(a.words);
  }
  return std::string(action);
}

const std::vector<AuditActionFamily>& AuditActionFamilies() {
  static const std::vector<AuditActionFamily> families = [] {
    const std::pair<std::string_view, std::string_view> labels[] = {
        {"user", "People"},
        {"team", "Teams"},
        {"session", "Sign-ins"},
        {"link", "One-time links"},
        {"api_token", "API tokens"},
        {"checkin", "Check-ins"},
        {"evidence", "Evidence"},
        {"framework_version", "Framework versions"},
        {"framework_file", "Framework files"},
        {"ingest", "Helpdesk data"},
        {"identity", "Helpdesk identities"},
        {"saved_mapping", "Helpdesk mappings"},
    };
    std::vector<AuditActionFamily> out;
    for (const auto& [family, label] : labels) {
      AuditActionFamily f{family, label, {}};
      for (const ActionWords& a : kActionWords) {
        const std::string_view prefix = a.action.substr(0, a.action.find('.'));
        if (prefix == family) f.actions.push_back(a.action);
      }
      out.push_back(std::move(f));
    }
    return out;
  }();
  return families;
}

Result<AuditSelection> ParseAuditQuery(const AuditQuery& query, const TimeZone& zone) {
  AuditSelection selection;
  AuditFilter& filter = selection.filter;
  if (query.who == kSystemActor) {
    filter.actor_id = 0;
  } else if (!query.who.empty()) {
    filter.actor_id = PositiveId(query.who);
    if (!filter.actor_id) return Status::Invalid("choose someone from the list", "who");
  }
  if (!query.whom.empty()) {
    selection.person = PositiveId(query.whom);
    if (!selection.person) return Status::Invalid("choose someone from the list", "whom");
  }
  if (!query.what.empty()) {
    // An action or a family, as the store writes them: lower-case words with underscores.
    const size_t dot = query.what.find('.');
    const std::string_view family = std::string_view(query.what).substr(0, dot);
    const std::string_view rest =
        dot == std::string::npos ? "" : std::string_view(query.what).substr(dot + 1);
    auto word = [](std::string_view w) {
      return !w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == w.npos;
    };
    if (!word(family) || (rest != "*" && !word(rest))) {
      return Status::Invalid("choose an action from the list", "what");
    }
    filter.action = rest == "*" ? std::string(family) + "." : query.what;
  }
  // Days run from midnight to midnight on the zone's clock (a day of a clock change is 23 or 25
  // hours long).
  if (!query.from.empty()) {
    const std::optional<int64_t> first = ParseIsoDate(query.from);
    if (!first) return Status::Invalid("write the first day as YYYY-MM-DD", "from");
    filter.from = zone.LocalToUtc(*first * 86400);
  }
  if (!query.to.empty()) {
    const std::optional<int64_t> last = ParseIsoDate(query.to);
    if (!last) return Status::Invalid("write the last day as YYYY-MM-DD", "to");
    filter.until = zone.LocalToUtc((*last + 1) * 86400);
    if (filter.from && *filter.until <= *filter.from) {
      return Status::Invalid("the last day is before the first", "to");
    }
  }
  if (!query.before.empty()) {
    const std::optional<int64_t> before = PositiveId(query.before);
    if (!before) return Status::Invalid("before must be an entry's id", "before");
    filter.before_id = *before;
  }
  return selection;
}

AuditTarget ParseAuditTarget(std::string_view target) {
  AuditTarget t;
  const size_t colon = target.find(':');
  if (colon == std::string_view::npos) {
    t.key = std::string(target);
    return t;
  }
  t.kind = std::string(target.substr(0, colon));
  t.key = std::string(target.substr(colon + 1));
  t.id = PositiveId(t.key);
  return t;
}

std::string AuditActorName(const std::optional<int64_t>& actor_id, const AuditNames& names) {
  if (!actor_id) return std::string(kSystemActor);
  const auto found = names.people.find(*actor_id);
  if (found != names.people.end()) return found->second;
  return fmt::format("person #{} (removed)", *actor_id);
}

std::string AuditTargetName(std::string_view target, const AuditNames& names) {
  const AuditTarget t = ParseAuditTarget(target);
  if (t.kind == "user" && t.id) return AuditActorName(t.id, names);
  if (t.kind == "checkin" && t.id) {
    const auto found = names.checkins.find(*t.id);
    if (found == names.checkins.end()) return fmt::format("check-in #{} (removed)", *t.id);
    return fmt::format("{}'s check-in {}", AuditActorName(found->second.person_id, names),
                       found->second.number);
  }
  if (t.kind == "team" && t.id) {
    const auto found = names.teams.find(*t.id);
    if (found == names.teams.end()) return fmt::format("team #{} (removed)", *t.id);
    return "team " + found->second;
  }
  if (t.kind == "ingest") return "helpdesk batch " + t.key;
  if (t.kind == "framework_version") return "framework version " + t.key;
  if (t.kind == "framework_file") return "framework file " + t.key;
  if (t.kind == "saved_mapping") return "helpdesk mapping " + t.key;
  return std::string(target);
}

std::string AuditDetailsText(std::string_view details) {
  const nlohmann::json parsed = nlohmann::json::parse(details, nullptr, false);
  if (!parsed.is_object()) return std::string(details);
  std::string out;
  for (const auto& [key, value] : parsed.items()) {
    if (!out.empty()) out += ", ";
    out += key + ": " + (value.is_string() ? value.get<std::string>() : JsonText(value));
  }
  return out;
}

std::string SessionRunWords(int sign_ins, int sign_outs) {
  if (sign_outs == 0) return "signed in " + Times(sign_ins);
  if (sign_ins == 0) return "signed out " + Times(sign_outs);
  return fmt::format("signed in {} and out {}", Times(sign_ins), Times(sign_outs));
}

bool FoldsWith(const AuditEntry& newer, const AuditEntry& older) {
  return IsSessionNoise(newer) && IsSessionNoise(older) && newer.actor_id == older.actor_id;
}

size_t CountAuditRows(const std::vector<AuditEntry>& entries, bool fold) {
  size_t rows = 0;
  for (size_t at = 0; at < entries.size(); at += RunLength(entries, at, fold)) ++rows;
  return rows;
}

std::vector<AuditRow> ReadableAuditRows(const std::vector<AuditEntry>& entries,
                                        const AuditNames& names, bool fold) {
  std::vector<AuditRow> rows;
  for (size_t at = 0; at < entries.size();) {
    const size_t length = RunLength(entries, at, fold);
    const AuditEntry& newest = entries[at];
    const AuditEntry& oldest = entries[at + length - 1];
    AuditRow row;
    row.id = newest.id;
    row.oldest_id = oldest.id;
    row.at = newest.at;
    row.first_at = oldest.at;
    row.entries = static_cast<int>(length);
    row.actor_id = newest.actor_id;
    row.actor = AuditActorName(newest.actor_id, names);
    row.action = newest.action;
    row.target = AuditTargetName(newest.target, names);
    if (length == 1) {
      row.words = AuditActionWords(newest.action);
      row.details = AuditDetailsText(newest.details);
    } else {
      int sign_ins = 0;
      for (size_t i = at; i < at + length; ++i) sign_ins += entries[i].action == kSignIn ? 1 : 0;
      row.words = SessionRunWords(sign_ins, static_cast<int>(length) - sign_ins);
    }
    rows.push_back(std::move(row));
    at += length;
  }
  return rows;
}

std::string AuditCsv(const AuditPage& page) {
  std::string out = "time,actor,action,target,details\n";
  for (const AuditRow& row : page.rows) {
    out += fmt::format("{},{},{},{},{}\n", FormatIsoInZone(row.at, page.zone),
                       SpreadsheetCsvCell(row.actor), SpreadsheetCsvCell(row.words),
                       SpreadsheetCsvCell(row.target), SpreadsheetCsvCell(row.details));
  }
  return out;
}

}  // namespace rungs
