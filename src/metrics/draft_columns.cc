#include "metrics/draft_columns.h"

#include <algorithm>
#include <initializer_list>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "util/text.h"

namespace rungs {

namespace {

using Words = std::vector<std::string>;

// "resolvedBy", "Resolved By" and "resolved_by" are all {resolved, by}; bytes of non-ASCII
// letters stay inside their word.
Words WordsOf(std::string_view text) {
  Words words;
  std::string word;
  char previous = 0;
  for (const char c : text) {
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = (c >= 'a' && c <= 'z') || (static_cast<unsigned char>(c) & 0x80) != 0;
    const bool digit = c >= '0' && c <= '9';
    if (!upper && !lower && !digit) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      if (upper && previous >= 'a' && previous <= 'z' && !word.empty()) {
        words.push_back(std::move(word));
        word.clear();
      }
      word += upper ? static_cast<char>(c - 'A' + 'a') : c;
    }
    previous = c;
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// The first of `any` among the words, or empty.
std::string_view Find(const Words& words, std::initializer_list<std::string_view> any) {
  for (std::string_view a : any) {
    if (std::find(words.begin(), words.end(), a) != words.end()) return a;
  }
  return {};
}
bool Has(const Words& words, std::initializer_list<std::string_view> any) {
  return !Find(words, any).empty();
}

// Values that exports write for "no value", and blanks (the reader takes only "" for no value
// unless csv.missing lists the others).
bool IsMissingMarker(std::string_view value) {
  static const std::set<std::string, std::less<>> kMarkers = {
      "",     "?",      "-",    "n/a", "na",  "null",     "(null)",
      "none", "(none)", "#n/a", "nan", "nil", "undefined"};
  return kMarkers.count(ToLowerAscii(Trim(value))) != 0;
}

struct Column {
  size_t index = 0;
  std::string name;
  Words words;
  std::vector<std::string_view> values;  // neither empty nor a missing marker
  std::unordered_map<std::string_view, int64_t> counts;
  std::set<std::string> markers;  // the missing markers seen, as written
  TimeGuess time;
  bool is_time = false;
};

std::vector<Column> Describe(const ExportSample& sample, ColumnGuesses& out) {
  std::vector<Column> columns;
  std::set<std::string> seen;
  for (size_t i = 0; i < sample.header.size(); ++i) {
    const std::string& name = sample.header[i];
    if (name.empty()) continue;
    if (!seen.insert(name).second) {
      // The mapped reader reads the first column of a name; a second one is never read.
      out.duplicate_columns.push_back(name);
      continue;
    }
    Column c;
    c.index = i;
    c.name = name;
    c.words = WordsOf(name);
    for (const std::vector<std::string>& row : sample.rows) {
      if (i >= row.size() || row[i].empty()) continue;
      if (IsMissingMarker(row[i])) {
        c.markers.insert(row[i]);
        continue;
      }
      c.values.push_back(row[i]);
      ++c.counts[row[i]];
    }
    const bool timely =
        Has(c.words, {"time", "timestamp", "ts", "date", "datetime", "at", "on", "created",
                      "updated", "epoch", "unix", "start", "started", "end", "ended"});
    c.time = GuessTimeFormat(c.values, timely);
    c.is_time =
        !c.time.formats.empty() && c.time.values * 2 >= static_cast<int64_t>(c.values.size());
    columns.push_back(std::move(c));
  }
  return columns;
}

int64_t Distinct(const Column& c) { return static_cast<int64_t>(c.counts.size()); }

// How much a column's name says "the person who did it", and the word that says it.
std::pair<int, std::string_view> PersonScore(const Words& w) {
  if (Has(w, {"customer",     "requester",    "requestor", "caller",   "client",  "contact",
              "visitor",      "lead",         "end",       "enduser",  "company", "companies",
              "organization", "organisation", "org",       "group",    "team",    "queue",
              "department",   "channel",      "brand",     "reviewer", "type",    "role",
              "kind",         "status",       "state",     "count",    "via"})) {
    return {0, {}};
  }
  const bool by = Has(w, {"by", "to"});
  if (std::string_view k = Find(w, {"agent", "agents"}); !k.empty()) return {10, k};
  if (std::string_view k = Find(w, {"assignee", "assigned"}); !k.empty()) return {9, k};
  if (std::string_view k = Find(w, {"resolved", "closed", "solved", "handled", "completed"});
      by && !k.empty()) {
    return {8, k};
  }
  if (std::string_view k =
          Find(w, {"reviewee", "teammate", "staff", "employee", "operator", "rep", "representative",
                   "advisor", "associate", "technician", "analyst", "responder", "resolver"});
      !k.empty()) {
    return {8, k};
  }
  if (std::string_view k = Find(w, {"author", "sender"}); !k.empty()) return {7, k};
  if (std::string_view k = Find(w, {"admin", "owner"}); !k.empty()) return {6, k};
  if (std::string_view k = Find(w, {"updated", "modified", "changed"}); by && !k.empty()) {
    return {6, k};
  }
  if (std::string_view k = Find(w, {"user", "username", "login", "who", "person"}); !k.empty()) {
    return {4, k};
  }
  if (std::string_view k = Find(w, {"created", "opened", "submitted"}); by && !k.empty()) {
    return {3, k};
  }
  return {0, {}};
}

std::pair<int, std::string_view> ConversationScore(const Words& w) {
  if (Has(w, {"message", "event", "audit", "comment",     "part",   "review", "note",
              "subject", "title", "body",  "description", "text",   "tag",    "tags",
              "url",     "link",  "type",  "state",       "status", "count"})) {
    return {0, {}};
  }
  const int id = Has(w, {"id", "number", "key", "ref", "no", "nr"}) ? 1 : 0;
  if (std::string_view k = Find(w, {"conversation", "ticket", "case", "incident", "chat",
                                    "interaction", "thread", "issue", "request"});
      !k.empty()) {
    return {9 + id, k};
  }
  if (w.size() == 1 && w[0] == "number") return {5, "number"};
  if (w.size() == 1 && w[0] == "id") return {3, "id"};
  return {0, {}};
}

std::pair<int, std::string_view> StatusScore(const Words& w) {
  int score = 0;
  std::string_view k;
  if (Has(w, {"event"}) && Has(w, {"type"})) {
    score = 10, k = "event type";
  } else if (std::string_view s = Find(w, {"status", "state"}); !s.empty()) {
    score = 8, k = s;
  } else if (std::string_view s = Find(w, {"action", "verb"}); !s.empty()) {
    score = 7, k = s;
  } else if (std::string_view s = Find(w, {"type", "event", "activity", "kind"}); !s.empty()) {
    score = 6, k = s;
  }
  if (score == 0) return {0, {}};
  // The conversation's state at export time is not what the row did; a message's or an
  // event's type is.
  if (Has(w, {"conversation", "ticket", "incident", "case", "chat"})) score -= 4;
  if (Has(w, {"event", "message", "action", "part"})) score += 2;
  return {score, k};
}

int TimeScore(const Words& w) {
  int score = 3;
  if (Has(w, {"timestamp", "ts", "time", "datetime", "when", "occurred", "logged", "event"})) {
    score = 9;
  } else if (Has(w, {"updated", "modified", "changed"})) {
    score = 8;
  } else if (Has(w, {"created"})) {
    score = 7;
  } else if (Has(w, {"start", "started", "from"})) {
    score = 6;
  } else if (Has(w, {"date"})) {
    score = 5;
  } else if (Has(w, {"opened", "resolved", "closed", "solved", "end", "ended", "due", "first",
                     "last", "until"})) {
    score = 2;
  }
  // When the conversation began is not when this row happened.
  if (Has(w, {"conversation", "ticket", "incident", "case"})) score -= 3;
  return score;
}

enum class Meaning : uint8_t { kNone, kClosed, kReplied, kAssigned, kActive, kAway };

Meaning MeaningOf(std::string_view value) {
  const Words w = WordsOf(value);
  if (Has(w, {"not", "no", "never", "pending", "awaiting"})) return Meaning::kNone;
  if (Has(w,
          {"closed", "close", "solved", "resolved", "done", "completed", "complete", "finished"})) {
    return Meaning::kClosed;
  }
  if (Has(w, {"reply", "replied", "comment", "commented", "response", "responded", "answer",
              "answered"})) {
    return Meaning::kReplied;
  }
  if (Has(w, {"assigned", "assignment", "assign"})) return Meaning::kAssigned;
  if (Has(w, {"away", "offline", "break", "lunch", "unavailable", "logout", "paused", "idle",
              "dnd"}) ||
      (Has(w, {"logged", "signed"}) && Has(w, {"out", "off"}))) {
    return Meaning::kAway;
  }
  if (Has(w, {"active", "online", "available", "ready", "login"}) ||
      (Has(w, {"logged", "signed"}) && Has(w, {"in", "on"}))) {
    return Meaning::kActive;
  }
  return Meaning::kNone;
}

// A name automation accounts have: a bot, the system, an integration, an API user, no-reply.
std::string AutomationWord(std::string_view name) {
  static const std::set<std::string, std::less<>> kWords = {
      "bot",         "bots",         "chatbot",   "robot",    "system",       "automation",
      "automations", "automated",    "automatic", "auto",     "noreply",      "donotreply",
      "integration", "integrations", "api",       "workflow", "workflows",    "trigger",
      "triggers",    "webhook",      "webhooks",  "daemon",   "zapier",       "svc",
      "script",      "scheduler",    "cron",      "macro",    "autoresponder"};
  const Words words = WordsOf(name);
  for (const std::string& w : words) {
    if (kWords.count(w) != 0) return w;
  }
  for (const std::string& w : words) {
    // "answerbot", "systemuser", "automationuser"; not the surnames Talbot or Cabot.
    if ((w.size() >= 6 && w.ends_with("bot") && w != "talbot" && w != "cabot" && w != "chabot") ||
        w.starts_with("system") || w.starts_with("noreply") || w.starts_with("automat")) {
      return w;
    }
  }
  std::string joined;
  for (const std::string& w : words) joined += w;
  for (std::string_view phrase : {"noreply", "donotreply", "automatedprocess", "mailerdaemon"}) {
    if (joined.find(phrase) != std::string::npos) return std::string(phrase);
  }
  return "";
}

bool NegativeId(std::string_view name) {
  return name.size() >= 2 && name[0] == '-' &&
         std::all_of(name.begin() + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<AutomationCandidate> Automation(const Column& person, int64_t rows) {
  std::vector<AutomationCandidate> out;
  std::vector<int64_t> counts;
  for (const auto& [name, n] : person.counts) counts.push_back(n);
  std::sort(counts.begin(), counts.end());
  const int64_t median = counts.empty() ? 0 : counts[counts.size() / 2];
  for (const auto& [name, n] : person.counts) {
    AutomationCandidate c{std::string(name), person.name, n, "", false};
    if (const std::string word = AutomationWord(name); !word.empty()) {
      c.by_name = true;
      c.reason = fmt::format("the name says \"{}\"", word);
    } else if (NegativeId(name)) {
      c.by_name = true;
      c.reason = "a negative id: helpdesks such as Zendesk act as -1 for triggers and automations";
    } else if (counts.size() >= 5 && n * 10 >= rows && n >= 10 * median) {
      // No person writes a tenth of a team's rows and ten times what the typical account does.
      c.reason = fmt::format("{:.1f}% of the sample's rows, {} times the median account's {}",
                             100.0 * static_cast<double>(n) / static_cast<double>(rows),
                             n / std::max<int64_t>(median, 1), median);
    } else {
      continue;
    }
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const AutomationCandidate& a, const AutomationCandidate& b) {
    return a.rows != b.rows ? a.rows > b.rows : a.name < b.name;
  });
  if (out.size() > 20) out.resize(20);
  return out;
}

std::string ValueList(const Column& c, size_t max) {
  std::vector<std::pair<int64_t, std::string_view>> v;
  for (const auto& [value, n] : c.counts) v.emplace_back(-n, value);
  std::sort(v.begin(), v.end());
  std::vector<std::string> shown;
  for (size_t i = 0; i < v.size() && i < max; ++i) shown.emplace_back(v[i].second.substr(0, 40));
  std::string out = Join(shown, ", ");
  if (v.size() > max) out += fmt::format(", ... ({} in all)", v.size());
  return out;
}

void PickPerson(const std::vector<Column>& columns, int64_t rows, ColumnGuesses& g) {
  int best = 0;
  const Column* pick = nullptr;
  std::vector<std::pair<int, const Column*>> others;
  for (const Column& c : columns) {
    auto [score, word] = PersonScore(c.words);
    if (score == 0 || c.is_time || c.values.empty()) continue;
    // A value per row is an id of the row, not of the people who write rows.
    if (c.values.size() >= 20 && Distinct(c) == static_cast<int64_t>(c.values.size())) continue;
    const auto at = std::count_if(c.values.begin(), c.values.end(), [](std::string_view v) {
      return v.find('@') != std::string_view::npos;
    });
    if (at * 2 > static_cast<std::ptrdiff_t>(c.values.size())) score += 2;  // emails: stable
    if (Has(c.words, {"id"})) score += 1;
    others.emplace_back(score, &c);
    if (score > best) {
      best = score;
      pick = &c;
      g.person.reason = fmt::format("the name says \"{}\"; {} accounts in {} rows", word,
                                    Distinct(c), GroupThousands(rows));
    }
  }
  if (pick == nullptr) return;
  g.person.column = pick->name;
  for (const auto& [score, c] : others) {
    if (c != pick) g.other_people.push_back(c->name);
  }
  g.automation = Automation(*pick, rows);
}

void PickConversation(const std::vector<Column>& columns, int64_t rows, ColumnGuesses& g) {
  int best = 0;
  for (const Column& c : columns) {
    auto [score, word] = ConversationScore(c.words);
    if (score <= best || c.is_time || c.name == g.person.column || Distinct(c) < 2) continue;
    // Filled in most rows, and no handful of values repeated (that is a category).
    if (static_cast<int64_t>(c.values.size()) * 5 < rows * 4) continue;
    if (Distinct(c) <= 10 && c.values.size() >= 50) continue;
    best = score;
    g.conversation.column = c.name;
    g.conversation.reason = fmt::format("the name says \"{}\"; {} distinct values in {} rows", word,
                                        GroupThousands(Distinct(c)), GroupThousands(rows));
  }
}

void PickTime(const std::vector<Column>& columns, int64_t rows, ColumnGuesses& g) {
  int best = -100;
  const Column* pick = nullptr;
  for (const Column& c : columns) {
    if (!c.is_time) continue;
    // Filled columns first: a resolution time is empty until the ticket is resolved.
    const int score =
        TimeScore(c.words) * 4 +
        static_cast<int>(3 * static_cast<int64_t>(c.values.size()) / std::max<int64_t>(1, rows));
    if (score > best) {
      best = score;
      pick = &c;
    }
  }
  if (pick == nullptr) return;
  const std::string& format = pick->time.formats.front();
  for (const Column& c : columns) {
    if (!c.is_time || &c == pick) continue;
    g.other_times.push_back(c.name);
    const bool closing = Has(c.words, {"solved", "resolved", "closed", "completed"});
    const bool same_format =
        std::find(c.time.formats.begin(), c.time.formats.end(), format) != c.time.formats.end();
    if (closing && same_format && g.closed_time.empty()) g.closed_time = c.name;
    const bool ending = Has(c.words, {"end", "ended", "until", "stop", "stopped", "finish"});
    if (ending && same_format && g.end_time.empty()) g.end_time = c.name;
  }
  g.time.column = pick->name;
  g.time_guess = pick->time;
  g.time.reason =
      fmt::format("all {} values read as {} (e.g. \"{}\")", GroupThousands(pick->time.values),
                  pick->time.formats.front(), pick->time.example);
}

void PickStatus(const std::vector<Column>& columns, ColumnGuesses& g) {
  int best = 0;
  const Column* pick = nullptr;
  std::string reason;
  for (const Column& c : columns) {
    if (c.is_time || c.name == g.person.column || c.name == g.conversation.column) continue;
    if (Distinct(c) < 2 || Distinct(c) > 40) continue;
    if (std::any_of(c.counts.begin(), c.counts.end(),
                    [](const auto& entry) { return entry.first.size() > 60; })) {
      continue;
    }
    auto [score, word] = StatusScore(c.words);
    const bool meaningful = std::any_of(c.counts.begin(), c.counts.end(), [](const auto& entry) {
      return MeaningOf(entry.first) != Meaning::kNone;
    });
    // A name that only says "type" needs values that say what the row did.
    if (!meaningful && score < 8) continue;
    if (meaningful) score += 5;
    if (score > best) {
      best = score;
      pick = &c;
      reason = word.empty() ? std::string("its values say what a row did")
                            : fmt::format("the name says \"{}\"", word);
    }
  }
  if (pick == nullptr) return;
  g.status.column = pick->name;
  g.status.reason = fmt::format("{}; values: {}", reason, ValueList(*pick, 8));
  std::vector<std::pair<std::string_view, int64_t>> values(pick->counts.begin(),
                                                           pick->counts.end());
  std::sort(values.begin(), values.end());
  for (const auto& [value, n] : values) {
    switch (MeaningOf(value)) {
      case Meaning::kClosed:
        g.closed_values.emplace_back(value);
        break;
      case Meaning::kReplied:
        g.replied_values.emplace_back(value);
        break;
      case Meaning::kAssigned:
        g.assigned_values.emplace_back(value);
        break;
      case Meaning::kActive:
        g.active_values.emplace_back(value);
        break;
      case Meaning::kAway:
        g.away_values.emplace_back(value);
        break;
      case Meaning::kNone:
        break;
    }
  }
}

// A conversation with several closing rows: the export repeats the state on later rows.
bool ClosedRepeats(const ExportSample& sample, const std::vector<Column>& columns,
                   const ColumnGuesses& g) {
  if (g.conversation.column.empty() || g.closed_values.empty()) return false;
  size_t conv = 0;
  size_t status = 0;
  for (const Column& c : columns) {
    if (c.name == g.conversation.column) conv = c.index;
    if (c.name == g.status.column) status = c.index;
  }
  std::unordered_map<std::string_view, int> closes;
  for (const std::vector<std::string>& row : sample.rows) {
    if (conv >= row.size() || status >= row.size()) continue;
    if (std::find(g.closed_values.begin(), g.closed_values.end(), row[status]) ==
        g.closed_values.end()) {
      continue;
    }
    if (++closes[row[conv]] > 1) return true;
  }
  return false;
}

}  // namespace

ColumnGuesses GuessColumns(const ExportSample& sample) {
  ColumnGuesses g;
  const std::vector<Column> columns = Describe(sample, g);
  const int64_t rows = static_cast<int64_t>(sample.rows.size());
  PickTime(columns, rows, g);
  PickPerson(columns, rows, g);
  PickConversation(columns, rows, g);
  PickStatus(columns, g);
  g.closed_repeats = ClosedRepeats(sample, columns, g);
  std::set<std::string> markers;
  for (const Column& c : columns) {
    const bool used = c.name == g.person.column || c.name == g.conversation.column ||
                      c.name == g.time.column || c.name == g.status.column ||
                      c.name == g.closed_time || c.name == g.end_time;
    if (used) markers.insert(c.markers.begin(), c.markers.end());
    if (g.author_role.empty() &&
        (Has(c.words, {"role", "public", "internal", "visibility"}) ||
         (Has(c.words, {"author", "sender", "user"}) && Has(c.words, {"type", "kind"})))) {
      g.author_role = c.name;
    }
  }
  g.missing_values.assign(markers.begin(), markers.end());
  return g;
}

}  // namespace rungs
