#include "metrics/draft_yaml.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "util/text.h"
#include "util/utf8.h"

namespace rungs {

namespace {

constexpr size_t kWidth = 98;

// Characters a YAML reader may take for a line break or a byte order mark, and control
// characters: escaped in scalars, replaced in comments.
bool Unsafe(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0xFEFF;
}

// `text` for a comment: one line, control characters and bytes that are not UTF-8 as '?'.
std::string CommentText(std::string_view text) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t from = at;
    char32_t cp = 0;
    if (!DecodeUtf8(text, at, cp) || Unsafe(cp)) {
      out += '?';
      continue;
    }
    out.append(text.substr(from, at - from));
  }
  return out;
}

// A column name or value in a comment: quoted, and cut when long.
std::string Shown(std::string_view text) {
  return "\"" + CommentText(text.substr(0, 60)) + (text.size() > 60 ? "...\"" : "\"");
}

// `text` as comment lines of at most kWidth characters, each starting with `indent# `.
void Comment(std::string& out, std::string_view indent, std::string_view text) {
  const std::string words = ReplaceAll(CommentText(text), " ", "\n");
  std::string line;
  for (std::string_view word : SplitLines(words)) {
    if (!line.empty() && indent.size() + 2 + line.size() + 1 + word.size() > kWidth) {
      out += fmt::format("{}# {}\n", indent, line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) out += fmt::format("{}# {}\n", indent, line);
}

void Question(std::string& out, std::string_view indent, std::vector<DraftQuestion>& questions,
              DraftQuestion q) {
  Comment(out, indent, "QUESTION: " + q.text);
  questions.push_back(std::move(q));
}

std::string QuotedList(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  quoted.reserve(values.size());
  for (const std::string& v : values) quoted.push_back(YamlQuoted(v));
  return "[" + Join(quoted, ", ") + "]";
}

std::string ShownList(const std::vector<std::string>& values) {
  std::vector<std::string> shown;
  shown.reserve(values.size());
  for (const std::string& v : values) shown.push_back(Shown(v));
  return Join(shown, ", ");
}

struct Writer {
  const ExportSample& sample;
  const ColumnGuesses& g;
  DraftText text;
  std::string& out = text.yaml;

  void Csv() {
    out += "csv:\n";
    const char d = sample.delimiter;
    Comment(out, "  ",
            d == '\t'  ? "Tab-separated: the first lines have tabs."
            : d == ';' ? "Semicolon-separated: the first lines have more semicolons than commas."
                       : "Comma-separated.");
    out += fmt::format("  delimiter: {}\n  header: true\n",
                       d == '\t' ? "\"\\t\"" : YamlQuoted(std::string(1, d)));
    if (!g.missing_values.empty()) {
      Comment(out, "  ",
              fmt::format("{} in the columns used mean \"no value\": such a row gives no event "
                          "where a rule needs that value.",
                          ShownList(g.missing_values)));
      out += fmt::format("  missing: {}\n", QuotedList(g.missing_values));
    }
  }

  void Time() {
    out += "time:\n";
    const TimeGuess& t = g.time_guess;
    if (g.time.column.empty()) {
      Question(out, "  ", text.questions,
               {"time.format",
                "How are times written? No column's values all read as times (ISO 8601, "
                "d/m/yyyy H:MM, m/d/yyyy h:MM AM/PM, Unix seconds, ...): set the format of the "
                "time column named in the rules below.",
                {}});
      text.time_format = "iso8601";
    } else if (t.day_month_ambiguous) {
      Comment(out, "  ", fmt::format("{}: {}.", Shown(g.time.column), g.time.reason));
      text.time_format = t.formats.front();
      const bool day_first = text.time_format == t.day_first;
      Question(out, "  ", text.questions,
               {"time.format",
                fmt::format("Day-first or month-first? Every sampled time reads both ways (no day "
                            "above 12), e.g. {}. This draft reads them {}: if the export writes "
                            "them {}, use \"{}\".",
                            Shown(t.example), day_first ? "day-first" : "month-first",
                            day_first ? "month-first" : "day-first",
                            day_first ? t.month_first : t.day_first),
                {t.day_first, t.month_first}});
    } else {
      text.time_format = t.formats.front();
      Comment(out, "  ", fmt::format("{}: {}.", Shown(g.time.column), g.time.reason));
    }
    out += fmt::format("  format: {}\n", YamlQuoted(text.time_format));
    if (t.zoned || g.time.column.empty()) {
      Comment(out, "  ",
              t.zoned ? "The times carry their zone (Z, +01:00 or Unix time): the zone below only "
                        "names the calendar ISO weeks are counted on; set weeks_zone to the team's."
                      : "The zone of times written without one: set it with the time column.");
    } else {
      Question(out, "  ", text.questions,
               {"time.zone",
                "Which zone are the times in? They carry none. UTC is a placeholder: set the "
                "helpdesk's zone, an IANA name such as Europe/London or an offset such as "
                "+01:00.",
                {}});
    }
    out += "  zone: UTC\n";
    Comment(out, "  ",
            "weeks_zone: Europe/London would count ISO weeks (Monday to Sunday) on the team's "
            "calendar; without it they are counted in `zone`.");
  }

  // The columns every rule names; a missing person or time column is a commented key under
  // its question, so the loader names what is missing.
  // A status row belongs to no conversation: `with_conversation` is false for it, so a row
  // with the column empty still counts.
  void Columns(const std::string& time, bool with_conversation = true) {
    if (with_conversation && !g.conversation.column.empty()) {
      out += fmt::format("    conversation: {}\n", YamlQuoted(g.conversation.column));
    }
    if (g.person.column.empty()) {
      out += "    # identity: \"COLUMN\"\n";
    } else {
      out += fmt::format("    identity: {}\n", YamlQuoted(g.person.column));
    }
    if (time.empty()) {
      out += "    # time: \"COLUMN\"\n";
    } else {
      out += fmt::format("    time: {}\n", YamlQuoted(time));
    }
  }

  void Rule(const char* type, const std::vector<std::string>& values, const std::string& why,
            const std::string& time = "", const std::vector<std::string>& distinct = {},
            const std::string& until = "") {
    Comment(out, "  ", why);
    out += fmt::format("  - type: {}\n", type);
    Columns(time.empty() ? g.time.column : time, !std::string_view(type).starts_with("status_"));
    if (!until.empty()) out += fmt::format("    until: {}\n", YamlQuoted(until));
    out +=
        fmt::format("    when:\n      {}: {}\n", YamlQuoted(g.status.column), QuotedList(values));
    if (!distinct.empty()) out += fmt::format("    distinct: {}\n", QuotedList(distinct));
  }

  // A close: rows with a closing status, at the closing time when a column has it.
  void Closed() {
    const std::string status = Shown(g.status.column);
    std::string why =
        fmt::format("Closes: rows whose {} is {}", status, ShownList(g.closed_values));
    std::vector<std::string> distinct;
    if (!g.closed_time.empty()) {
      why += fmt::format(", at {}: when the conversation closed, not when the row was written.",
                         Shown(g.closed_time));
      // The state and the closing time are copied onto later rows of a conversation: one close
      // per conversation, person and closing time, as the ServiceNow mapping does.
      distinct.push_back(g.conversation.column);
      if (!g.person.column.empty()) distinct.push_back(g.person.column);
      distinct.push_back(g.closed_time);
      why += " Rows repeating its conversation, person and closing time are the same close.";
    } else {
      why += ".";
      if (g.closed_repeats) {
        why +=
            " Some conversations have several such rows in the sample (the state is repeated "
            "on later rows): `distinct` counts the first row of each conversation and value.";
        distinct = {g.conversation.column, g.status.column};
      }
    }
    Rule("closed", g.closed_values, why, g.closed_time, distinct);
  }

  void ColumnQuestions() {
    if (g.person.column.empty()) {
      // Every column is a choice; the text names the first few (a header may have thousands).
      constexpr size_t kNamed = 40;
      const std::vector<std::string> shown(
          sample.header.begin(), sample.header.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                             kNamed, sample.header.size())));
      Question(out, "  ", text.questions,
               {"identity",
                fmt::format("Which column names the person who did it? No column's name says "
                            "agent, assignee, author or user. Uncomment `identity:` in each rule "
                            "with one of: {}{}.",
                            ShownList(shown),
                            sample.header.size() > kNamed
                                ? fmt::format(", ... ({} in all)", sample.header.size())
                                : ""),
                sample.header});
    }
    if (g.time.column.empty()) {
      Question(out, "  ", text.questions,
               {"time",
                "Which column says when it happened? Uncomment `time:` in each rule with it, and "
                "set time.format.",
                {}});
    }
  }

  // Returns whether activity comes from status rules.
  bool Events() {
    out += "events:\n";
    ColumnQuestions();
    const bool conversation = !g.conversation.column.empty();
    const std::string status = g.status.column.empty() ? "" : Shown(g.status.column);
    // Status values (online, away) give active time; a presence log has only them, and its
    // closes come from another export (a person's weeks add up across the sources linked to
    // them). A log with both, like the canonical events file, gets both kinds of rule.
    const bool statuses = !g.active_values.empty() && !g.away_values.empty();
    const bool presence = g.closed_values.empty() && statuses;
    if (!g.closed_values.empty() && conversation) {
      Closed();
    } else if (presence) {
      Comment(out, "  ",
              "A presence log: closes come from another export (ingest each under its own "
              "source; a person's weeks add up across the sources linked to them).");
    } else {
      const std::string conv = conversation ? YamlQuoted(g.conversation.column) : "\"COLUMN\"";
      Question(out, "  ", text.questions,
               {"events",
                !g.closed_values.empty()
                    ? fmt::format("Which column names the conversation or ticket? Rows whose {} is "
                                  "{} look like closes, but a close needs its conversation: "
                                  "uncomment the rule below with that column.",
                                  status, ShownList(g.closed_values))
                    : "Which rows are closes? No column's values say closed, solved or "
                      "resolved: without a closed rule conversations per hour is no data. "
                      "Uncomment the rule below with the column and value that mark a close.",
                {}});
      out += fmt::format(
          "  # - type: closed\n  #   conversation: {}\n  #   identity: {}\n  #   time: {}\n"
          "  #   when: {{{}: {}}}\n",
          CommentText(conv),
          CommentText(g.person.column.empty() ? "\"COLUMN\"" : YamlQuoted(g.person.column)),
          CommentText(g.time.column.empty() ? "\"COLUMN\"" : YamlQuoted(g.time.column)),
          CommentText(g.status.column.empty() ? "\"COLUMN\"" : YamlQuoted(g.status.column)),
          CommentText(g.closed_values.empty() ? "\"VALUE\"" : QuotedList(g.closed_values)));
    }
    if (!g.replied_values.empty() && conversation) {
      Rule("replied", g.replied_values,
           fmt::format("Replies: rows whose {} is {}.", status, ShownList(g.replied_values)));
      if (!g.author_role.empty()) {
        Question(out, "  ", text.questions,
                 {"events",
                  fmt::format("Do customers' messages or internal notes have these values too? "
                              "{} says who wrote a row or who saw it: add it to the replied "
                              "rule's `when:` so only the team's public replies count.",
                              Shown(g.author_role)),
                  {}});
      }
    }
    if (!g.assigned_values.empty() && conversation) {
      Rule("assigned", g.assigned_values,
           fmt::format("Assignments: rows whose {} is {}.", status, ShownList(g.assigned_values)));
    }
    if (statuses) {
      const std::string end =
          g.end_time.empty() ? "to the person's next status row"
                             : fmt::format("to its {} (empty: to the person's next status row)",
                                           Shown(g.end_time));
      Rule("status_active", g.active_values,
           fmt::format("Active time: from a row whose {} is {}, {}.", status,
                       ShownList(g.active_values), end),
           "", {}, g.end_time);
      Rule("status_away", g.away_values,
           fmt::format("Away: rows whose {} is {}, {}.", status, ShownList(g.away_values), end), "",
           {}, g.end_time);
      return true;
    }
    Comment(out, "  ",
            "Every row by a person is a touch: active time is inferred from them (sessions split "
            "at 30 idle minutes, plus 5 minutes each), so activity % is no data.");
    out += "  - type: activity\n";
    Columns(g.time.column);
    return false;
  }

  void Exclude() {
    bool any = false;
    for (const AutomationCandidate& a : g.automation) any = any || a.by_name;
    out += any ? "exclude:\n" : "exclude: []\n";
    for (const AutomationCandidate& a : g.automation) {
      const std::string rows =
          fmt::format("{} of the {} sampled rows", GroupThousands(a.rows),
                      GroupThousands(static_cast<int64_t>(sample.rows.size())));
      const std::string entry =
          fmt::format("- name: {}\n  space: {}\n  reason: {}\n", YamlQuoted(a.name),
                      YamlQuoted(a.space), YamlQuoted(a.by_name ? "automation" : "high volume"));
      if (a.by_name) {
        Comment(out, "  ",
                fmt::format("{} looks like automation ({}; {}): its rows are left out. Delete "
                            "this entry if it is a person.",
                            Shown(a.name), a.reason, rows));
        for (std::string_view line : SplitLines(entry)) {
          if (!line.empty()) out += fmt::format("  {}\n", line);
        }
        continue;
      }
      Question(out, "  ", text.questions,
               {"exclude",
                fmt::format("Is {} automation or a person? It wrote {}. Uncomment the entry "
                            "below to leave its rows out.",
                            Shown(a.name), a.reason),
                {"exclude", "keep"}});
      for (std::string_view line : SplitLines(entry)) {
        if (!line.empty()) out += fmt::format("  # {}\n", CommentText(line));
      }
    }
  }
};

}  // namespace

std::string YamlQuoted(std::string_view text) {
  std::string out = "\"";
  size_t at = 0;
  while (at < text.size()) {
    const size_t from = at;
    char32_t cp = 0;
    if (!DecodeUtf8(text, at, cp)) {
      out += "\\uFFFD";
      continue;
    }
    if (cp == '"' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (Unsafe(cp)) {
      out += fmt::format("\\u{:04X}", static_cast<uint32_t>(cp));
    } else {
      out.append(text.substr(from, at - from));
    }
  }
  return out + "\"";
}

DraftText WriteDraftYaml(const ExportSample& sample, const ColumnGuesses& guesses,
                         const std::string& name) {
  Writer w{sample, guesses, {}};
  std::string& out = w.text.yaml;
  const std::string file = std::filesystem::path(sample.file).filename().string();
  Comment(out, "",
          fmt::format("A draft mapping for {}, written by `rungs mapping init` from its header and "
                      "{} rows{}. Each choice says why it was made (docs/MAPPINGS.md explains "
                      "every key). Decide each QUESTION, then see what the mapping makes of the "
                      "export with `rungs ingest {} --mapping THIS_FILE --dry-run`.",
                      file, GroupThousands(static_cast<int64_t>(sample.rows.size())),
                      sample.whole ? "" : " at its start", file));
  out += fmt::format("name: {}\n", YamlQuoted(name));
  w.Csv();
  w.Time();
  const bool status = w.Events();
  w.Exclude();
  out += status ? "activity:\n  from: status\n" : "activity:\n  from: inferred\n";
  return std::move(w.text);
}

DraftText WriteShippedYaml(const ExportSample& sample, const MappingDraft& draft,
                           std::string_view shipped_yaml, const std::string& name,
                           const std::vector<DraftQuestion>& questions) {
  DraftText text;
  std::string& out = text.yaml;
  const std::string file = std::filesystem::path(sample.file).filename().string();
  Comment(out, "",
          draft.fit == ShippedFit::kExactHeader
              ? fmt::format("rungs mapping init: {} has exactly the columns of the export the "
                            "shipped mapping \"{}\" was written for (docs/MAPPINGS.md).",
                            file, draft.shipped)
              : fmt::format("rungs mapping init: {} has every column the shipped mapping \"{}\" "
                            "reads, though not exactly the columns of the export it was written "
                            "for (docs/MAPPINGS.md).",
                            file, draft.shipped));
  Comment(out, "",
          fmt::format("Use it by name, without this file: `rungs ingest {} --mapping {} "
                      "--dry-run`; or keep this copy to change it.",
                      file, draft.shipped));
  for (const DraftQuestion& q : questions) {
    Comment(out, "", "QUESTION: " + q.text);
    text.questions.push_back(q);
  }
  bool renamed = name.empty();
  for (std::string_view line : SplitLines(shipped_yaml)) {
    if (!renamed && line.starts_with("name:")) {
      out += fmt::format("name: {}\n", YamlQuoted(name));
      renamed = true;
      continue;
    }
    out.append(line);
    out += '\n';
  }
  while (out.ends_with("\n\n")) out.pop_back();
  if (!renamed) out += fmt::format("name: {}\n", YamlQuoted(name));
  return text;
}

}  // namespace rungs
