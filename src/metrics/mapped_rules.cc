#include "metrics/mapped_rules.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "metrics/qa_reviews.h"
#include "metrics/time_format.h"
#include "util/utf8.h"

namespace rungs {

std::string Shown(std::string_view s, size_t max) {
  std::string out(s.substr(0, max));
  if (!IsValidUtf8(out)) return "(bytes that are not UTF-8)";
  if (s.size() > max) out += "...";
  return out;
}

std::string JoinedNames(const std::vector<std::string>& names, size_t max) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < max; ++i) {
    out += (i == 0 ? "" : ", ") + Shown(names[i], 40);
  }
  if (names.size() > max) out += fmt::format(", ... ({} in all)", names.size());
  return out;
}

bool IsMissingValue(const Mapping& mapping, std::string_view v) {
  if (v.empty()) return true;
  return std::find(mapping.csv.missing.begin(), mapping.csv.missing.end(), v) !=
         mapping.csv.missing.end();
}

Status MappedRules::Resolve(const std::vector<std::string>& header, int64_t header_line,
                            const std::string& path, MappedIdentities& identities) {
  std::unordered_map<std::string, int> index;
  for (size_t i = 0; i < header.size(); ++i) index.emplace(header[i], static_cast<int>(i));
  Status status;
  auto find = [&](const ColumnRef& c) {
    if (c.name.empty()) return -1;
    const auto it = index.find(c.name);
    if (it != index.end()) return it->second;
    if (status.ok()) status = MissingColumn(c, header, header_line, path);
    return -1;
  };
  std::map<std::string, size_t> space_names;
  for (const EventRule& er : m_.events) {
    ResolvedRule r;
    r.rule = &er;
    r.names = space_names.try_emplace(er.space, space_names.size()).first->second;
    r.conversation = find(er.conversation);
    r.identity = find(er.identity);
    r.time = find(er.time);
    r.until = find(er.until);
    r.review = find(er.qa.review);
    r.category = find(er.qa.category);
    r.rating = find(er.qa.rating);
    r.scale_min = find(er.qa.scale_min.column);
    r.scale_max = find(er.qa.scale_max.column);
    r.weight = find(er.qa.weight.column);
    r.critical = find(er.qa.critical);
    for (const Condition& c : er.when) r.when.emplace_back(find(c.column), &c);
    for (const ColumnRef& c : er.distinct) r.distinct.push_back(find(c));
    rules_.push_back(std::move(r));
    RuleCounts counts;
    counts.label = er.label;
    counts.summary = fmt::format("{} at {}", er.identity.name, er.time.name);
    if (!er.until.name.empty()) counts.summary += " until " + er.until.name;
    if (!er.conversation.name.empty()) counts.summary += ", conversation " + er.conversation.name;
    if (er.type == MappedType::kQaRating) {
      counts.summary += fmt::format(", review {}", er.qa.review.name);
      if (!er.qa.category.name.empty()) counts.summary += ", category " + er.qa.category.name;
      counts.summary += ", rating " + er.qa.rating.name;
    }
    if (!er.distinct.empty()) {
      std::vector<std::string> names;
      for (const ColumnRef& c : er.distinct) names.push_back(c.name);
      counts.summary += fmt::format(", distinct ({})", JoinedNames(names, 8));
    }
    counts_.push_back(std::move(counts));
    identities.AddFeed(er.space, er.type);
  }
  names_.resize(space_names.size());
  excluded_by_.assign(m_.exclude.size(), 0);
  excluded_line_.assign(m_.exclude.size(), -1);
  columns_ = header.size();
  return status;
}

Status MappedRules::MissingColumn(const ColumnRef& c, const std::vector<std::string>& header,
                                  int64_t header_line, const std::string& path) const {
  std::string hint;
  if (header.size() == 1) {
    for (char d : {',', ';', '\t', '|'}) {
      if (d != m_.csv.delimiter && header[0].find(d) != std::string::npos) {
        hint = fmt::format(
            " The header has one column with {} in it: the export looks {}-separated; set "
            "csv.delimiter.",
            d == '\t' ? "tabs" : fmt::format("\"{}\"", d),
            d == '\t'  ? "tab"
            : d == ';' ? "semicolon"
            : d == ',' ? "comma"
                       : "pipe");
        break;
      }
    }
  }
  const std::string where =
      m_.csv.header ? fmt::format("the header of {} (line {})", path, header_line) : "csv.columns";
  return Status::Invalid(fmt::format("{}:{}:{}: {}: column \"{}\" is not in {}; its columns: {}.{}",
                                     m_.file, c.place.line, c.place.column, c.place.field, c.name,
                                     where, JoinedNames(header, 40), hint),
                         c.place.field);
}

namespace {

// v == want, without a call to memcmp for the short values conditions test (a sixth of the
// rules' time went to those calls).
bool Same(std::string_view v, const std::string& want) {
  if (v.size() != want.size()) return false;
  if (v.size() > 16) return v == want;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != want[i]) return false;
  }
  return true;
}

}  // namespace

bool MappedRules::Matches(const CsvRecord& r, int column, const Condition& c) const {
  const std::string_view v = r.Field(static_cast<size_t>(column));
  switch (c.op) {
    case Condition::Op::kEquals:
      return !c.values.empty() && Same(v, c.values[0]);
    case Condition::Op::kIn:
    case Condition::Op::kNotIn: {
      const bool in = std::any_of(c.values.begin(), c.values.end(),
                                  [v](const std::string& want) { return Same(v, want); });
      return c.op == Condition::Op::kIn ? in : !in;
    }
    case Condition::Op::kRegex:
    case Condition::Op::kNotRegex: {
      const bool found = c.regex->Search(v);
      return c.op == Condition::Op::kRegex ? found : !found;
    }
    case Condition::Op::kMissing:
      return IsMissingValue(m_, v);
    case Condition::Op::kPresent:
      return !IsMissingValue(m_, v);
  }
  return false;
}

int MappedRules::ExcludedBy(const std::string& space, std::string_view name) const {
  for (size_t i = 0; i < m_.exclude.size(); ++i) {
    const ExcludeRule& e = m_.exclude[i];
    if (!e.space.empty() && e.space != space) continue;
    if (e.regex ? e.regex->Search(name) : name == e.name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::string MappedRules::TimeHint(std::string_view text) const {
  if (m_.time_format.kind != TimeFormat::Kind::kPattern) return "";
  TimeFormat swapped = m_.time_format;
  for (TimeFormat::Part& p : swapped.parts) {
    if (p.token == TimeFormat::Token::kMonth) {
      p.token = TimeFormat::Token::kDay;
    } else if (p.token == TimeFormat::Token::kDay) {
      p.token = TimeFormat::Token::kMonth;
    }
  }
  int64_t ignored = 0;
  if (ParseTime(swapped, zone_, text, ignored)) {
    return "; it reads as a date with day and month swapped: is the export day-first where "
           "the mapping says month-first (or the other way round)?";
  }
  return "";
}

std::optional<RuleProblem> MappedRules::BadTime(const ColumnRef& column, int index,
                                                std::string_view text,
                                                const ResolvedRule& rule) const {
  return RuleProblem{
      index, MappedProblem::kBadTimestamp,
      fmt::format("{} \"{}\" is not a time in the format \"{}\" ({}){}", column.name, Shown(text),
                  m_.time_format.text, rule.rule->label, TimeHint(text))};
}

std::optional<RuleProblem> MappedRules::CheckRow(const CsvRecord& r) const {
  if (r.unclosed_quote) {
    return RuleProblem{-1, MappedProblem::kUnclosedQuote,
                       "a quoted field is never closed: the rest of the file is one row"};
  }
  if (r.too_long) {
    return RuleProblem{-1, MappedProblem::kTooLong, "the row is longer than 1 MiB or 4096 fields"};
  }
  if (r.fields.size() != columns_) {
    std::string hint;
    for (char d : {';', '\t', ',', '|'}) {
      if (d != m_.csv.delimiter && r.raw().find(d) != std::string_view::npos &&
          r.fields.size() == 1) {
        hint = fmt::format(" (the row has {}: another delimiter?)",
                           d == '\t' ? "tabs" : fmt::format("\"{}\"", d));
        break;
      }
    }
    return RuleProblem{-1, MappedProblem::kFieldCount,
                       fmt::format("expected {} fields (as the header), found {}{}: {}", columns_,
                                   r.fields.size(), hint, Shown(r.raw(), 120))};
  }
  // Field by field: the fields' bytes lie side by side in r.text, and a cut sequence at the
  // end of one field and a continuation byte at the start of the next read as a valid
  // character there (the differential fuzz target found "s\xc3" next to "\xa9o").
  if (r.ascii) return std::nullopt;
  for (size_t i = 0; i < r.fields.size(); ++i) {
    if (!IsValidUtf8(r.Field(i))) {
      return RuleProblem{static_cast<int>(i), MappedProblem::kNotUtf8,
                         "bytes that are not UTF-8: is the export in another encoding "
                         "(Windows-1252, Mac Roman)? Save it as UTF-8"};
    }
  }
  return std::nullopt;
}

std::optional<RuleProblem> MappedRules::Evaluate(const CsvRecord& r, MappedIdentities& identities,
                                                 std::vector<Candidate>& out, bool& excluded) {
  out.clear();
  excluded = false;
  if (std::optional<RuleProblem> p = CheckRow(r)) return p;
  auto field = [&r](int column) {
    return column >= 0 ? r.Field(static_cast<size_t>(column)) : std::string_view();
  };
  for (size_t i = 0; i < rules_.size(); ++i) {
    ResolvedRule& rule = rules_[i];
    RuleCounts& counts = counts_[i];
    bool match = true;
    for (const auto& [column, condition] : rule.when) {
      if (!Matches(r, column, *condition)) {
        match = false;
        break;
      }
    }
    if (!match) continue;
    ++counts.matched;
    const std::string_view name = field(rule.identity);
    const std::string_view time = field(rule.time);
    const std::string_view conversation = field(rule.conversation);
    const std::string_view until = field(rule.until);
    const std::string_view review = field(rule.review);
    const MappedType type = rule.rule->type;
    if (IsMissingValue(m_, name) || IsMissingValue(m_, time) ||
        (rule.conversation >= 0 && IsMissingValue(m_, conversation)) ||
        (type == MappedType::kScheduled && IsMissingValue(m_, until)) ||
        (type == MappedType::kQaRating && IsMissingValue(m_, review))) {
      ++counts.missing;
      continue;
    }
    StringMap<NameSeen>& names = names_[rule.names];
    NameSeen* seen = names.Find(name);
    if (seen == nullptr) seen = &names.Insert(name, NameSeen{ExcludedBy(rule.rule->space, name)});
    NameSeen& known = *seen;
    if (known.excluded >= 0) {
      ++counts.excluded;
      // Per row: two rules of one row excluded by the same entry are one row it excluded.
      const auto entry = static_cast<size_t>(known.excluded);
      if (excluded_line_[entry] != r.line) {
        excluded_line_[entry] = r.line;
        ++excluded_by_[entry];
      }
      excluded = true;
      continue;
    }
    Candidate c;
    if (!rule.distinct.empty()) {
      for (int column : rule.distinct) {
        c.distinct_key.append(field(column));
        c.distinct_key.push_back('\x1f');
      }
      if (rule.seen.count(c.distinct_key) != 0) {
        ++counts.repeats;
        continue;
      }
    }
    c.rule = i;
    c.time_text = time;
    c.conversation = conversation;
    if (!ParseTime(m_.time_format, zone_, time, c.ts)) {
      return BadTime(rule.rule->time, rule.time, time, rule);
    }
    if (rule.until >= 0 && !IsMissingValue(m_, until)) {
      if (!ParseTime(m_.time_format, zone_, until, c.until)) {
        return BadTime(rule.rule->until, rule.until, until, rule);
      }
      if (c.until < c.ts) {
        return RuleProblem{
            rule.until, MappedProblem::kNegativeDuration,
            fmt::format("{} \"{}\" is before {} \"{}\" ({})", rule.rule->until.name, Shown(until),
                        rule.rule->time.name, Shown(time), rule.rule->label)};
      }
      c.has_until = true;
      c.until_text = until;
    }
    if (type == MappedType::kQaRating) {
      if (std::optional<RuleProblem> p = ReadRating(r, m_, rule, review, c)) return p;
    }
    if (known.identity < 0 && !known.unknown) {
      const std::string& space = rule.rule->space;
      const std::string key(name);
      identities.NoteName(space, key);
      if (identity_map_ == nullptr) {
        known.identity = identities.Intern(space, key);
      } else if (const std::string* person = identity_map_->Find(space, key)) {
        known.identity = identities.Intern("person", *person);
      } else {
        known.unknown = true;
      }
    }
    if (known.unknown) {
      return RuleProblem{
          rule.identity, MappedProblem::kUnknownIdentity,
          fmt::format("\"{}\" ({}) is not in the identity map", Shown(name), rule.rule->space)};
    }
    c.identity = static_cast<uint32_t>(known.identity);
    out.push_back(std::move(c));
  }
  return std::nullopt;
}

bool MappedRules::Used(const Candidate& c, size_t samples) {
  ResolvedRule& rule = rules_[c.rule];
  if (!c.distinct_key.empty()) rule.seen.insert(c.distinct_key);
  ++counts_[c.rule].events;
  if (rule.samples >= samples) return false;
  ++rule.samples;
  return true;
}

}  // namespace rungs
