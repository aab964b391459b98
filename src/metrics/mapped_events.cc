#include "metrics/mapped_events.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "util/csv_stream.h"
#include "metrics/iso_week.h"
#include "metrics/sessions.h"
#include "util/csv.h"
#include "util/hash.h"
#include "util/text.h"
#include "util/utf8.h"

namespace rungs {

namespace {

constexpr const char* kProblemCodes[] = {
    "field-count",   "unclosed-quote",       "too-long",         "not-utf8",
    "bad-timestamp", "negative-duration",    "unknown-identity", "duplicate-event",
    "bad-value",     "overlapping-interval", "long-interval"};
static_assert(std::size(kProblemCodes) == static_cast<size_t>(MappedProblem::kCount));
constexpr int64_t kProgressEvery = 4 << 20;

std::string Shown(std::string_view s, size_t max = 80) {
  std::string out(s.substr(0, max));
  if (!IsValidUtf8(out)) return "(bytes that are not UTF-8)";
  if (s.size() > max) out += "...";
  return out;
}

struct CompactEvent {
  int64_t ts = 0;
  uint32_t conversation = 0;
  uint32_t line = 0;  // where the row starts, for a problem found once the events are sorted
  MappedType type = MappedType::kActivity;
  bool end = false;  // the end of a status interval of `type`
};
static_assert(sizeof(CompactEvent) == 24, "MAPPINGS.md promises 24 bytes an event");

uint32_t Line32(int64_t line) { return static_cast<uint32_t>(std::min<int64_t>(line, UINT32_MAX)); }

// Sorted by time; at one instant an interval's end comes before a start, so back-to-back
// intervals (09:00-11:00, 11:00-12:00) do not end the second at its start.
bool EarlierEvent(const CompactEvent& a, const CompactEvent& b) {
  return a.ts != b.ts ? a.ts < b.ts : (a.end && !b.end);
}

struct Span {
  int64_t end = 0;
  int64_t line = 0;
  MappedType type = MappedType::kStatusActive;
};

using Stretch = std::pair<int64_t, int64_t>;  // [first, second) in seconds

struct Identity {
  std::string name;
  std::string space;
  std::vector<CompactEvent> events;
  std::map<int64_t, Span> spans;                    // status intervals by start, to find overlaps
  std::vector<Stretch> shifts;                      // as read (UTC), merged when folding
  std::vector<std::pair<int64_t, double>> reviews;  // (time, score), filled when folding
  uint32_t feeds = 0;                               // bit per MappedType its spaces' rules make
  int64_t made = 0;                                 // events, shifts and ratings
};

// One QA review as its rows come in.
struct ReviewTotals {
  uint32_t identity = 0;
  int64_t ts = 0;  // its first row's
  double weighted = 0;
  double weights = 0;
  bool failed = false;  // a critical category failed
  std::vector<std::string> categories;
};

bool IsStatus(MappedType t) {
  return t == MappedType::kStatusActive || t == MappedType::kStatusAway;
}

// Events that are one instant each, so the same one twice is a duplicate.
bool IsPointEvent(MappedType t) {
  return t != MappedType::kActivity && t != MappedType::kScheduled && t != MappedType::kQaRating;
}

int64_t WeekOfLocal(int64_t local_seconds) {
  return WeekIndexOfDay(local_seconds >= 0 ? local_seconds / 86400
                                           : (local_seconds - 86399) / 86400);
}

// The week `index` of `weeks` (ordered), added when missing.
AgentWeek& WeekAt(std::vector<AgentWeek>& weeks, int64_t index) {
  auto it = std::lower_bound(weeks.begin(), weeks.end(), index,
                             [](const AgentWeek& w, int64_t i) { return w.week_index < i; });
  if (it == weeks.end() || it->week_index != index) {
    it = weeks.insert(it, AgentWeek{});
    it->week_index = index;
  }
  return *it;
}

// Sorts and joins overlapping or touching stretches.
std::vector<Stretch> Union(std::vector<Stretch> stretches) {
  std::sort(stretches.begin(), stretches.end());
  std::vector<Stretch> merged;
  for (const Stretch& s : stretches) {
    if (!merged.empty() && s.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, s.second);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

// A resolved rule: column indexes instead of names.
struct Rule {
  const EventRule* rule = nullptr;
  int conversation = -1;
  int identity = -1;
  int time = -1;
  int until = -1;
  int review = -1;
  int category = -1;
  int rating = -1;
  int scale_min = -1;
  int scale_max = -1;
  int weight = -1;
  int critical = -1;
  std::vector<std::pair<int, const Condition*>> when;
  std::vector<int> distinct;
  std::unordered_set<std::string> seen;  // distinct keys
  size_t samples = 0;
};

struct Candidate {
  size_t rule = 0;
  uint32_t identity = 0;
  uint32_t conversation = 0;
  int64_t ts = 0;
  int64_t until = 0;
  bool has_until = false;
  std::string_view time_text;
  std::string_view until_text;
  std::string distinct_key;  // recorded as seen when the row is used
  // qa_rating: what the row rates.
  std::string_view review;
  std::string_view category;
  bool rated = false;  // false: N/A
  double rating = 0;
  double scale_min = 0;
  double scale_max = 0;
  double weight = 1;
  bool critical = false;
  bool failed = false;  // a critical category that fails
};

struct DupKey {
  uint32_t identity;
  uint32_t conversation;
  int64_t ts;
  uint8_t type;
  bool operator==(const DupKey&) const = default;
};
struct DupHash {
  size_t operator()(const DupKey& k) const {
    uint64_t h = static_cast<uint64_t>(k.ts) * 0x9E3779B97F4A7C15ULL;
    h ^= (static_cast<uint64_t>(k.identity) << 32 | k.conversation) + 0x632BE59BD9B4E019ULL +
         (h << 6) + (h >> 2);
    return static_cast<size_t>(h ^ k.type);
  }
};

std::string Joined(const std::vector<std::string>& names, size_t max) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < max; ++i) {
    out += (i == 0 ? "" : ", ") + Shown(names[i], 40);
  }
  if (names.size() > max) out += fmt::format(", ... ({} in all)", names.size());
  return out;
}

class Ingest {
 public:
  Ingest(const std::string& path, const Mapping& mapping, const ReadMappedOptions& options,
         const IdentityMap* identities)
      : path_(path), m_(mapping), options_(options), identity_map_(identities) {}

  Result<MappedReading> Run(ByteSource& source) {
    CsvStream stream(source, m_.csv.delimiter, m_.csv.quote);
    const std::string_view first = stream.Peek();
    if (first.size() >= 2 && ((first[0] == '\xff' && first[1] == '\xfe') ||
                              (first[0] == '\xfe' && first[1] == '\xff'))) {
      return Status::Invalid(fmt::format("{}:1:1: the file is UTF-16; save it as UTF-8", path_));
    }
    if (first.substr(0, 3) == "\xEF\xBB\xBF") stream.Skip(3);
    CsvRecord record;
    std::vector<std::string> header = m_.csv.columns;
    if (m_.csv.header) {
      if (!stream.Next(record)) return Status::Invalid(fmt::format("{}: the file is empty", path_));
      if (record.unclosed_quote || record.too_long) {
        return Status::Invalid(
            fmt::format("{}:1:1: the header row never ends (a quote is not closed)", path_));
      }
      if (!IsValidUtf8(record.text)) {
        return Status::Invalid(
            fmt::format("{}:1:1: the header is not UTF-8; save the export as UTF-8", path_));
      }
      header.clear();
      for (size_t i = 0; i < record.fields.size(); ++i) {
        header.emplace_back(record.Field(i));
      }
      for (std::string& h : header) {
        while (!h.empty() && (h.back() == ' ')) h.pop_back();
      }
    }
    if (Status s = Resolve(header, record); !s.ok()) return s;
    columns_ = header.size();
    int64_t next_progress = kProgressEvery;
    while (stream.Next(record)) {
      if (record.Blank()) continue;
      ++out_.rows;
      Row(record);
      if (options_.progress && stream.consumed() >= next_progress) {
        options_.progress(stream.consumed(), source.total());
        next_progress = stream.consumed() + kProgressEvery;
      }
    }
    if (options_.progress) options_.progress(stream.consumed(), source.total());
    out_.bytes = stream.consumed();
    if (out_.used == 0) return NoUsableRow();
    Fold();
    if (sort_problems_) {
      std::stable_sort(
          out_.problems.begin(), out_.problems.end(),
          [](const MappedProblemRow& a, const MappedProblemRow& b) { return a.line < b.line; });
    }
    return std::move(out_);
  }

 private:
  // Column indexes for every column the mapping names; a Status pointing into the mapping
  // when one is not in the header.
  Status Resolve(const std::vector<std::string>& header, const CsvRecord& header_record) {
    std::unordered_map<std::string, int> index;
    for (size_t i = 0; i < header.size(); ++i) index.emplace(header[i], static_cast<int>(i));
    Status status;
    auto find = [&](const ColumnRef& c) {
      if (c.name.empty()) return -1;
      const auto it = index.find(c.name);
      if (it != index.end()) return it->second;
      if (status.ok()) status = MissingColumn(c, header, header_record);
      return -1;
    };
    for (const EventRule& er : m_.events) {
      Rule r;
      r.rule = &er;
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
        counts.summary += fmt::format(", distinct ({})", Joined(names, 8));
      }
      out_.rules.push_back(std::move(counts));
      uint32_t& feeds = space_feeds_[er.space];
      feeds |= 1u << static_cast<int>(er.type);
    }
    out_.excluded_by.assign(m_.exclude.size(), 0);
    return status;
  }

  Status MissingColumn(const ColumnRef& c, const std::vector<std::string>& header,
                       const CsvRecord& header_record) {
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
        m_.csv.header ? fmt::format("the header of {} (line {})", path_, header_record.line)
                      : "csv.columns";
    return Status::Invalid(
        fmt::format("{}:{}:{}: {}: column \"{}\" is not in {}; its columns: {}.{}", m_.file,
                    c.place.line, c.place.column, c.place.field, c.name, where, Joined(header, 40),
                    hint),
        c.place.field);
  }

  bool Missing(std::string_view v) const {
    if (v.empty()) return true;
    for (const std::string& s : m_.csv.missing) {
      if (v == s) return true;
    }
    return false;
  }

  bool Matches(const CsvRecord& r, int column, const Condition& c) const {
    const std::string_view v = r.Field(static_cast<size_t>(column));
    switch (c.op) {
      case Condition::Op::kEquals:
        return !c.values.empty() && v == c.values[0];
      case Condition::Op::kIn:
      case Condition::Op::kNotIn: {
        const bool in = std::find(c.values.begin(), c.values.end(), v) != c.values.end();
        return c.op == Condition::Op::kIn ? in : !in;
      }
      case Condition::Op::kRegex:
      case Condition::Op::kNotRegex: {
        const bool found = std::regex_search(v.begin(), v.end(), *c.regex);
        return c.op == Condition::Op::kRegex ? found : !found;
      }
      case Condition::Op::kMissing:
        return Missing(v);
      case Condition::Op::kPresent:
        return !Missing(v);
    }
    return false;
  }

  // The exclude rule that covers `name` in `space`, or -1.
  int ExcludedBy(const std::string& space, std::string_view name) {
    std::string key = space;
    key.push_back('\x1f');
    key.append(name);
    const auto it = exclusion_cache_.find(key);
    if (it != exclusion_cache_.end()) return it->second;
    int found = -1;
    for (size_t i = 0; i < m_.exclude.size() && found < 0; ++i) {
      const ExcludeRule& e = m_.exclude[i];
      if (!e.space.empty() && e.space != space) continue;
      if (e.regex ? std::regex_search(name.begin(), name.end(), *e.regex) : name == e.name) {
        found = static_cast<int>(i);
      }
    }
    exclusion_cache_.emplace(std::move(key), found);
    return found;
  }

  uint32_t InternIdentity(const std::string& space, std::string_view name) {
    std::string key = space;
    key.push_back('\x1f');
    key.append(name);
    const auto [it, added] = identity_index_.try_emplace(std::move(key), identities_.size());
    if (added) {
      identities_.emplace_back();
      identities_.back().name = std::string(name);
      identities_.back().space = space;
    }
    return it->second;
  }

  uint32_t InternConversation(std::string_view id) {
    const auto [it, added] =
        conversations_.try_emplace(std::string(id), conversation_names_.size());
    if (added) conversation_names_.push_back(&it->first);
    return it->second;
  }

  void Problem(const CsvRecord& r, int field, MappedProblem problem, std::string message) {
    MappedProblemRow p;
    p.line = r.line;
    p.problem = problem;
    p.message = std::move(message);
    if (field >= 0 && static_cast<size_t>(field) < r.fields.size()) {
      p.line = r.fields[static_cast<size_t>(field)].line;
      p.column = r.fields[static_cast<size_t>(field)].column;
    }
    ++out_.problem_counts[static_cast<size_t>(problem)];
    ++out_.skipped;
    out_.problems.push_back(std::move(p));
  }

  std::string TimeHint(std::string_view text) const {
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
    if (ParseTime(swapped, m_.zone, text, ignored)) {
      return "; it reads as a date with day and month swapped: is the export day-first where "
             "the mapping says month-first (or the other way round)?";
    }
    return "";
  }

  // A number of a qa_rating row: the mapping's constant, or the row's column. False after
  // reporting a problem. An empty weight cell weighs 1.
  bool NumberOf(const CsvRecord& r, const Rule& rule, int column, const NumberSource& source,
                const char* what, double& out) {
    if (column < 0) {
      out = source.value;
      return true;
    }
    const std::string_view text = r.Field(static_cast<size_t>(column));
    if (Missing(Trim(text)) && column == rule.weight) {
      out = 1;
      return true;
    }
    const std::optional<double> v = ParseMappedNumber(text);
    if (!v) {
      Problem(r, column, MappedProblem::kBadValue,
              fmt::format("{} \"{}\" ({}) is not a number ({})", source.column.name, Shown(text),
                          what, rule.rule->label));
      return false;
    }
    out = *v;
    return true;
  }

  bool IsNa(const QaRule& qa, std::string_view text) const {
    const std::string_view t = Trim(text);
    if (Missing(t)) return true;
    for (const std::string& na : qa.na) {
      if (EqualsIgnoreCaseAscii(t, na)) return true;
    }
    return false;
  }

  // Reads a qa_rating row's rating, scale, weight and critical flag into `c`; false after
  // reporting a problem. An N/A rating needs nothing else.
  bool ReadRating(const CsvRecord& r, const Rule& rule, std::string_view review, Candidate& c) {
    const QaRule& qa = rule.rule->qa;
    c.review = review;
    if (rule.category >= 0) c.category = r.Field(static_cast<size_t>(rule.category));
    const std::string_view rating = r.Field(static_cast<size_t>(rule.rating));
    if (IsNa(qa, rating)) return true;
    const std::optional<double> value = ParseMappedNumber(rating);
    if (!value) {
      std::string na = "empty";
      for (const std::string& v : qa.na) na += ", " + v;
      Problem(r, rule.rating, MappedProblem::kBadValue,
              fmt::format("{} \"{}\" is neither a number nor N/A ({}) ({})", qa.rating.name,
                          Shown(rating), na, rule.rule->label));
      return false;
    }
    if (!NumberOf(r, rule, rule.scale_min, qa.scale_min, "the scale's minimum", c.scale_min) ||
        !NumberOf(r, rule, rule.scale_max, qa.scale_max, "the scale's maximum", c.scale_max) ||
        !NumberOf(r, rule, rule.weight, qa.weight, "the weight", c.weight)) {
      return false;
    }
    if (c.scale_min >= c.scale_max) {
      Problem(r, rule.scale_max >= 0 ? rule.scale_max : rule.scale_min, MappedProblem::kBadValue,
              fmt::format("the scale {:g} to {:g} is empty: its minimum must be below its "
                          "maximum ({})",
                          c.scale_min, c.scale_max, rule.rule->label));
      return false;
    }
    if (c.weight < 0) {
      Problem(r, rule.weight, MappedProblem::kBadValue,
              fmt::format("{} {:g} is negative ({})", qa.weight.column.name, c.weight,
                          rule.rule->label));
      return false;
    }
    if (*value < c.scale_min || *value > c.scale_max) {
      Problem(r, rule.rating, MappedProblem::kBadValue,
              fmt::format("{} {:g} is outside the scale {:g} to {:g} ({})", qa.rating.name, *value,
                          c.scale_min, c.scale_max, rule.rule->label));
      return false;
    }
    if (rule.critical >= 0) {
      const std::string_view flag = Trim(r.Field(static_cast<size_t>(rule.critical)));
      if (Missing(flag) || EqualsIgnoreCaseAscii(flag, "false") ||
          EqualsIgnoreCaseAscii(flag, "no") || flag == "0") {
        c.critical = false;
      } else if (EqualsIgnoreCaseAscii(flag, "true") || EqualsIgnoreCaseAscii(flag, "yes") ||
                 flag == "1") {
        c.critical = true;
      } else {
        Problem(r, rule.critical, MappedProblem::kBadValue,
                fmt::format("{} \"{}\" is not true or false ({})", qa.critical.name, Shown(flag),
                            rule.rule->label));
        return false;
      }
    } else {
      c.critical = std::find(qa.critical_categories.begin(), qa.critical_categories.end(),
                             c.category) != qa.critical_categories.end();
    }
    c.rated = true;
    c.rating = *value;
    const double pct = Percent(c);
    c.failed = c.critical && (qa.critical_fail_below_pct > 0 ? pct < qa.critical_fail_below_pct
                                                             : c.rating <= c.scale_min);
    return true;
  }

  static double Percent(const Candidate& c) {
    return (c.rating - c.scale_min) / (c.scale_max - c.scale_min) * 100.0;
  }

  static std::string ReviewKey(uint32_t identity, std::string_view review) {
    std::string key = std::to_string(identity);
    key.push_back('\x1f');
    key.append(review);
    return key;
  }

  // True (after reporting it) when the row rates a category its review already rated.
  bool RepeatedCategory(const CsvRecord& r, const Candidate& c) {
    if (c.category.empty()) return false;
    const auto it = reviews_.find(ReviewKey(c.identity, c.review));
    if (it == reviews_.end()) return false;
    const std::vector<std::string>& seen = it->second.categories;
    if (std::find(seen.begin(), seen.end(), c.category) == seen.end()) return false;
    const Rule& rule = rules_[c.rule];
    Problem(r, rule.category, MappedProblem::kDuplicate,
            fmt::format("review \"{}\" of \"{}\" rates {} \"{}\" again ({})", Shown(c.review),
                        Shown(identities_[c.identity].name), rule.rule->qa.category.name,
                        Shown(c.category), rule.rule->label));
    return true;
  }

  // True (after reporting it) when a status interval overlaps one of an earlier row.
  bool OverlapsEarlier(const CsvRecord& r, const Candidate& c) {
    const std::map<int64_t, Span>& spans = identities_[c.identity].spans;
    auto it = spans.lower_bound(c.ts);
    const std::pair<const int64_t, Span>* other = nullptr;
    if (it != spans.end() && it->first < c.until) other = &*it;
    if (other == nullptr && it != spans.begin() && std::prev(it)->second.end > c.ts) {
      other = &*std::prev(it);
    }
    if (other == nullptr) return false;
    const Rule& rule = rules_[c.rule];
    Problem(r, rule.time, MappedProblem::kOverlapping,
            fmt::format("\"{}\" is {} from {} to {} here, but {} from {} to {} on line {}: "
                        "status intervals of one identity must not overlap ({})",
                        Shown(identities_[c.identity].name), StatusWord(rule.rule->type),
                        FormatUtc(c.ts), FormatUtc(c.until), StatusWord(other->second.type),
                        FormatUtc(other->first), FormatUtc(other->second.end), other->second.line,
                        rule.rule->label));
    return true;
  }

  static const char* StatusWord(MappedType t) {
    return t == MappedType::kStatusActive ? "active" : "away";
  }

  void AddRating(const Candidate& c) {
    auto [it, added] = reviews_.try_emplace(ReviewKey(c.identity, c.review));
    ReviewTotals& review = it->second;
    if (added) {
      review.identity = c.identity;
      review.ts = c.ts;
    }
    if (!c.category.empty()) review.categories.emplace_back(c.category);
    if (!c.rated) return;
    review.failed = review.failed || c.failed;
    review.weighted += c.weight * Percent(c);
    review.weights += c.weight;
  }

  // What the dry run shows beside a sample event, besides its time.
  static std::string Detail(const Candidate& c, MappedType type) {
    if (type == MappedType::kQaRating) {
      std::string d = fmt::format("review {}", Shown(c.review, 40));
      if (!c.category.empty()) d += fmt::format(", {}", Shown(c.category, 40));
      if (!c.rated) return d + ": N/A";
      d += fmt::format(": {:g} on {:g} to {:g} = {:.1f}%, weight {:g}", c.rating, c.scale_min,
                       c.scale_max, Percent(c), c.weight);
      if (c.critical) d += c.failed ? ", critical: FAILED (the review scores 0)" : ", critical";
      return d;
    }
    if (c.has_until)
      return fmt::format("until \"{}\" = {}", Shown(c.until_text), FormatUtc(c.until));
    return "";
  }

  void Row(const CsvRecord& r) {
    if (r.unclosed_quote) {
      Problem(r, -1, MappedProblem::kUnclosedQuote,
              "a quoted field is never closed: the rest of the file is one row");
      return;
    }
    if (r.too_long) {
      Problem(r, -1, MappedProblem::kTooLong, "the row is longer than 1 MiB or 4096 fields");
      return;
    }
    if (r.fields.size() != columns_) {
      std::string hint;
      for (char d : {';', '\t', ',', '|'}) {
        if (d != m_.csv.delimiter && r.raw.find(d) != std::string::npos && r.fields.size() == 1) {
          hint = fmt::format(" (the row has {}: another delimiter?)",
                             d == '\t' ? "tabs" : fmt::format("\"{}\"", d));
          break;
        }
      }
      Problem(r, -1, MappedProblem::kFieldCount,
              fmt::format("expected {} fields (as the header), found {}{}: {}", columns_,
                          r.fields.size(), hint, Shown(r.raw, 120)));
      return;
    }
    // Field by field: the fields' bytes lie side by side in r.text, and a cut sequence at the
    // end of one field and a continuation byte at the start of the next read as a valid
    // character there (the differential fuzz target found "s\xc3" next to "\xa9o").
    int bad = -1;
    for (size_t i = 0; i < r.fields.size() && bad < 0; ++i) {
      if (!IsValidUtf8(r.Field(i))) bad = static_cast<int>(i);
    }
    if (bad >= 0) {
      Problem(r, bad, MappedProblem::kNotUtf8,
              "bytes that are not UTF-8: is the export in another encoding (Windows-1252, Mac "
              "Roman)? Save it as UTF-8");
      return;
    }
    candidates_.clear();
    bool excluded = false;
    for (size_t i = 0; i < rules_.size(); ++i) {
      Rule& rule = rules_[i];
      RuleCounts& counts = out_.rules[i];
      bool match = true;
      for (const auto& [column, condition] : rule.when) {
        if (!Matches(r, column, *condition)) {
          match = false;
          break;
        }
      }
      if (!match) continue;
      ++counts.matched;
      const std::string_view name = r.Field(static_cast<size_t>(rule.identity));
      const std::string_view time = r.Field(static_cast<size_t>(rule.time));
      const std::string_view conversation = rule.conversation >= 0
                                                ? r.Field(static_cast<size_t>(rule.conversation))
                                                : std::string_view();
      const std::string_view until =
          rule.until >= 0 ? r.Field(static_cast<size_t>(rule.until)) : std::string_view();
      const MappedType type = rule.rule->type;
      const std::string_view review =
          rule.review >= 0 ? r.Field(static_cast<size_t>(rule.review)) : std::string_view();
      if (Missing(name) || Missing(time) || (rule.conversation >= 0 && Missing(conversation)) ||
          (type == MappedType::kScheduled && Missing(until)) ||
          (type == MappedType::kQaRating && Missing(review))) {
        ++counts.missing;
        continue;
      }
      const int ex = ExcludedBy(rule.rule->space, name);
      if (ex >= 0) {
        ++counts.excluded;
        ++out_.excluded_by[static_cast<size_t>(ex)];
        excluded = true;
        continue;
      }
      Candidate c;
      if (!rule.distinct.empty()) {
        for (int column : rule.distinct) {
          c.distinct_key.append(r.Field(static_cast<size_t>(column)));
          c.distinct_key.push_back('\x1f');
        }
        if (rule.seen.count(c.distinct_key) != 0) {
          ++counts.repeats;
          continue;
        }
      }
      c.rule = i;
      c.time_text = time;
      if (!ParseTime(m_.time_format, m_.zone, time, c.ts)) {
        Problem(
            r, rule.time, MappedProblem::kBadTimestamp,
            fmt::format("{} \"{}\" is not a time in the format \"{}\" ({}){}", rule.rule->time.name,
                        Shown(time), m_.time_format.text, rule.rule->label, TimeHint(time)));
        return;
      }
      if (rule.until >= 0) {
        if (!Missing(until)) {
          if (!ParseTime(m_.time_format, m_.zone, until, c.until)) {
            Problem(r, rule.until, MappedProblem::kBadTimestamp,
                    fmt::format("{} \"{}\" is not a time in the format \"{}\" ({}){}",
                                rule.rule->until.name, Shown(until), m_.time_format.text,
                                rule.rule->label, TimeHint(until)));
            return;
          }
          if (c.until < c.ts) {
            Problem(r, rule.until, MappedProblem::kNegativeDuration,
                    fmt::format("{} \"{}\" is before {} \"{}\" ({})", rule.rule->until.name,
                                Shown(until), rule.rule->time.name, Shown(time), rule.rule->label));
            return;
          }
          c.has_until = true;
          c.until_text = until;
        }
      }
      if (type == MappedType::kQaRating && !ReadRating(r, rule, review, c)) return;
      std::string space = rule.rule->space;
      std::string key(name);
      space_names_[space].insert(key);
      if (identity_map_ != nullptr) {
        const std::string* person = identity_map_->Find(space, key);
        if (person == nullptr) {
          Problem(r, rule.identity, MappedProblem::kUnknownIdentity,
                  fmt::format("\"{}\" ({}) is not in the identity map", Shown(name), space));
          return;
        }
        key = *person;
        space = "person";
      }
      c.identity = InternIdentity(space, key);
      c.conversation = InternConversation(conversation);
      candidates_.push_back(c);
    }
    // Exact repeats of an event (not of a touch: two saves in one minute are normal), of a
    // review's category, and status intervals that contradict an earlier row.
    for (const Candidate& c : candidates_) {
      const MappedType type = rules_[c.rule].rule->type;
      if (type == MappedType::kQaRating) {
        if (!RepeatedCategory(r, c)) continue;
        return;
      }
      if (IsStatus(type) && c.has_until) {
        if (!OverlapsEarlier(r, c)) continue;
        return;
      }
      if (!IsPointEvent(type)) continue;
      if (dups_.count({c.identity, c.conversation, c.ts, static_cast<uint8_t>(type)}) != 0) {
        Problem(r, rules_[c.rule].time, MappedProblem::kDuplicate,
                fmt::format("the same {} event as an earlier row ({} \"{}\", {} at {})",
                            MappedTypeName(type), rules_[c.rule].rule->space,
                            Shown(identities_[c.identity].name), Shown(c.time_text),
                            rules_[c.rule].rule->label));
        return;
      }
    }
    for (const Candidate& c : candidates_) Commit(r, c);
    if (!candidates_.empty()) {
      ++out_.used;
    } else if (excluded) {
      ++out_.excluded;
    } else {
      ++out_.without_event;
    }
  }

  void Commit(const CsvRecord& r, const Candidate& c) {
    Rule& rule = rules_[c.rule];
    const MappedType type = rule.rule->type;
    Identity& id = identities_[c.identity];
    ++id.made;
    if (IsPointEvent(type)) {
      dups_.insert({c.identity, c.conversation, c.ts, static_cast<uint8_t>(type)});
    }
    if (type == MappedType::kScheduled) {
      id.shifts.emplace_back(c.ts, c.until);
    } else if (type == MappedType::kQaRating) {
      AddRating(c);
    } else if (!c.has_until) {
      id.events.push_back({c.ts, c.conversation, Line32(r.line), type});
    } else if (c.until > c.ts) {
      // An empty interval counts nothing (its end would sort before its start).
      id.events.push_back({c.ts, c.conversation, Line32(r.line), type});
      id.events.push_back({c.until, c.conversation, Line32(r.line), type, true});
      id.spans.emplace(c.ts, Span{c.until, r.line, type});
    }
    if (!c.distinct_key.empty()) rule.seen.insert(c.distinct_key);
    id.feeds |= space_feeds_[rule.rule->space];
    ++out_.rules[c.rule].events;
    ++space_events_[rule.rule->space];
    if (rule.samples < options_.samples_per_rule) {
      ++rule.samples;
      SampleEvent s;
      s.line = r.line;
      s.raw = r.raw;
      if (r.raw_bytes > r.raw.size()) s.raw += "...";
      s.rule = rule.rule->label;
      s.type = type;
      s.space = rule.rule->space;
      s.identity = std::string(r.Field(static_cast<size_t>(rule.identity)));
      s.conversation = *conversation_names_[c.conversation];
      s.time_text = std::string(c.time_text);
      s.utc = c.ts;
      s.detail = Detail(c, type);
      out_.samples.push_back(std::move(s));
    }
  }

  Status NoUsableRow() const {
    std::string first;
    for (size_t i = 0; i < out_.problems.size() && i < 3; ++i) {
      first += "\n  " + FormatDiagnostic(DescribeMappedProblem(path_, out_.problems[i]));
    }
    if (out_.rows == 0) {
      return Status::Invalid(fmt::format("{}: the file has a header but no rows", path_));
    }
    return Status::Invalid(fmt::format(
        "{}: none of the {} rows gave an event ({} excluded, {} without an event, {} with "
        "problems){}",
        path_, out_.rows, out_.excluded, out_.without_event, out_.skipped, first));
  }

  static bool Feeds(uint32_t feeds, MappedType t) {
    return (feeds & (1u << static_cast<int>(t))) != 0;
  }

  // What the timeline made of a sorted event: refusals cannot happen after the sort (counted
  // to show if they do); a capped interval is a warning at the row that ended it.
  void Folded(EventOutcome outcome, const CompactEvent& e, const AgentTimeline& timeline) {
    if (outcome == EventOutcome::kOutOfOrder) ++out_.fold_rejected;
    if (outcome != EventOutcome::kLongInterval) return;
    MappedProblemRow p;
    p.line = e.line;
    p.problem = MappedProblem::kLongInterval;
    p.severity = Severity::kWarning;
    p.message =
        LongIntervalMessage(timeline.long_interval_start(), timeline.long_interval_seconds(),
                            m_.activity.max_interval_seconds);
    ++out_.problem_counts[static_cast<size_t>(p.problem)];
    ++out_.warnings;
    out_.problems.push_back(std::move(p));
    sort_problems_ = true;
  }

  void Fold() {
    const bool inferred = m_.activity.from == ActivitySettings::From::kInferred;
    const bool status = m_.activity.from == ActivitySettings::From::kStatus;
    out_.active_inferred = inferred;
    out_.joined = identity_map_ != nullptr;
    SessionOptions sessions;
    sessions.idle_gap_seconds = m_.activity.idle_gap_seconds;
    sessions.allowance_seconds = m_.activity.allowance_seconds;
    ScoreReviews();
    std::vector<int64_t> touches;
    std::vector<Stretch> stretches;  // status active time (local), for the part inside shifts
    for (Identity& id : identities_) {
      std::stable_sort(id.events.begin(), id.events.end(), EarlierEvent);
      AgentTimeline timeline(&m_.weeks_zone, m_.activity.max_interval_seconds);
      touches.clear();
      stretches.clear();
      StatusWalk walk;
      for (const CompactEvent& e : id.events) {
        const int64_t local = e.ts + m_.weeks_zone.OffsetAt(e.ts);
        if (status && IsStatus(e.type)) {
          walk.Step(e, local, m_.activity.max_interval_seconds, stretches);
        }
        if (e.end) {
          if (status) Folded(timeline.EndStatus(e.ts), e, timeline);
          continue;
        }
        for (MappedType t : m_.activity.inferred_from) {
          if (inferred && e.type == t) {
            touches.push_back(local);
            break;
          }
        }
        const bool counts =
            e.type == MappedType::kClosed ||
            (status && (e.type == MappedType::kStatusActive || e.type == MappedType::kStatusAway));
        if (!counts) continue;
        const EventType type = e.type == MappedType::kClosed         ? EventType::kClosed
                               : e.type == MappedType::kStatusActive ? EventType::kStatusActive
                                                                     : EventType::kStatusAway;
        // The same status again at the same instant (an interval's end next to an explicit
        // status row) changes nothing; going back in time cannot happen after the sort.
        Folded(timeline.Add(type, e.ts, *conversation_names_[e.conversation]), e, timeline);
      }
      timeline.Finish();
      IdentityWeeks w;
      w.name = id.name;
      w.space = id.space;
      w.events = id.made;
      w.closes_measured = Feeds(id.feeds, MappedType::kClosed);
      bool active = false;
      const bool active_by_status =
          Feeds(id.feeds, MappedType::kStatusActive) || Feeds(id.feeds, MappedType::kStatusAway);
      if (status) {
        active = active_by_status;
      } else if (inferred) {
        for (MappedType t : m_.activity.inferred_from) active = active || Feeds(id.feeds, t);
      }
      w.active_measured = active;
      w.active_inferred = inferred && active;
      w.weeks = timeline.weeks();
      if (inferred && !touches.empty()) MergeInferred(InferActiveWeeks(touches, sessions), w);
      w.schedule_measured = Feeds(id.feeds, MappedType::kScheduled);
      w.overlap_measured = w.schedule_measured && status && active_by_status;
      w.qa_measured = Feeds(id.feeds, MappedType::kQaRating);
      AddShifts(id, w.overlap_measured ? &stretches : nullptr, w);
      for (const auto& [ts, score] : id.reviews) {
        AgentWeek& week = WeekAt(w.weeks, WeekOfLocal(ts + m_.weeks_zone.OffsetAt(ts)));
        ++week.qa_reviews;
        week.qa_score_sum += score;
      }
      id.events = {};
      id.spans = {};
      id.shifts = {};
      id.reviews = {};
      out_.identities.push_back(std::move(w));
    }
    std::sort(out_.identities.begin(), out_.identities.end(),
              [](const IdentityWeeks& a, const IdentityWeeks& b) {
                return std::tie(a.space, a.name) < std::tie(b.space, b.name);
              });
    for (const auto& [space, names] : space_names_) {
      SpaceSummary s;
      s.name = space;
      s.identities = static_cast<int64_t>(names.size());
      const auto it = space_events_.find(space);
      s.events = it == space_events_.end() ? 0 : it->second;
      const uint32_t feeds = space_feeds_[space];
      for (int t = 0; t < kMappedTypeCount; ++t) {
        if (Feeds(feeds, static_cast<MappedType>(t))) {
          s.feeds.emplace_back(MappedTypeName(static_cast<MappedType>(t)));
        }
      }
      out_.spaces.push_back(std::move(s));
    }
  }

  // Follows an identity's status events in time order and collects its active stretches, as
  // AgentTimeline counts them: from a status_active to the next status or interval end.
  struct StatusWalk {
    bool open = false;
    bool is_active = false;
    int64_t since = 0;
    void Step(const CompactEvent& e, int64_t local, int64_t cap, std::vector<Stretch>& active) {
      if (open && is_active && local > since)
        active.emplace_back(since, std::min(local, since + cap));
      open = !e.end;
      is_active = e.type == MappedType::kStatusActive;
      since = local;
    }
  };

  // The reviews' scores, handed to their identities; reviews with nothing rated are counted.
  void ScoreReviews() {
    for (auto& [key, review] : reviews_) {
      if (review.weights <= 0 && !review.failed) {
        ++out_.qa_reviews_unrated;
        continue;
      }
      const double score = review.failed ? 0.0 : review.weighted / review.weights;
      identities_[review.identity].reviews.emplace_back(review.ts, score);
      ++out_.qa_reviews;
    }
    reviews_ = {};
    // The same sums whatever order the hash map kept.
    for (Identity& id : identities_) std::sort(id.reviews.begin(), id.reviews.end());
  }

  // The union of the identity's shifts into its weeks, each merged stretch in the week it
  // starts; with `active`, the active time inside each stretch into the same week.
  void AddShifts(const Identity& id, const std::vector<Stretch>* active, IdentityWeeks& w) {
    if (id.shifts.empty()) return;
    std::vector<Stretch> local;
    local.reserve(id.shifts.size());
    for (const auto& [from, to] : id.shifts) {
      local.emplace_back(from + m_.weeks_zone.OffsetAt(from), to + m_.weeks_zone.OffsetAt(to));
    }
    const std::vector<Stretch> shifts = Union(std::move(local));
    for (const auto& [from, to] : shifts) {
      WeekAt(w.weeks, WeekOfLocal(from)).scheduled_seconds += to - from;
    }
    if (active == nullptr) return;
    size_t first = 0;
    for (const auto& [from, to] : *active) {
      while (first < shifts.size() && shifts[first].second <= from) ++first;
      for (size_t k = first; k < shifts.size() && shifts[k].first < to; ++k) {
        const int64_t inside = std::min(to, shifts[k].second) - std::max(from, shifts[k].first);
        if (inside > 0) {
          WeekAt(w.weeks, WeekOfLocal(shifts[k].first)).active_scheduled_seconds += inside;
        }
      }
    }
  }

  static void MergeInferred(const std::vector<InferredWeek>& inferred, IdentityWeeks& w) {
    std::vector<AgentWeek> merged;
    merged.reserve(w.weeks.size() + inferred.size());
    size_t a = 0;
    size_t b = 0;
    while (a < w.weeks.size() || b < inferred.size()) {
      if (b == inferred.size() ||
          (a < w.weeks.size() && w.weeks[a].week_index < inferred[b].week_index)) {
        merged.push_back(w.weeks[a++]);
        continue;
      }
      if (a == w.weeks.size() || inferred[b].week_index < w.weeks[a].week_index) {
        merged.push_back({});
        merged.back().week_index = inferred[b].week_index;
      } else {
        merged.push_back(w.weeks[a++]);
      }
      merged.back().active_seconds += inferred[b].active_seconds;
      merged.back().active_starts += inferred[b].sessions;
      ++b;
    }
    w.weeks = std::move(merged);
  }

  const std::string& path_;
  const Mapping& m_;
  const ReadMappedOptions& options_;
  const IdentityMap* identity_map_;
  MappedReading out_;
  bool sort_problems_ = false;  // problems found by Fold come after the reading's
  size_t columns_ = 0;
  std::vector<Rule> rules_;
  std::vector<Candidate> candidates_;
  std::vector<Identity> identities_;
  std::unordered_map<std::string, uint32_t> identity_index_;
  std::unordered_map<std::string, uint32_t> conversations_;
  std::vector<const std::string*> conversation_names_;
  std::unordered_map<std::string, int> exclusion_cache_;
  std::unordered_set<DupKey, DupHash> dups_;
  std::unordered_map<std::string, ReviewTotals> reviews_;  // by ReviewKey
  std::map<std::string, uint32_t> space_feeds_;
  std::map<std::string, int64_t> space_events_;
  std::map<std::string, std::set<std::string>> space_names_;
};

Result<MappedReading> Read(ByteSource& source, const std::string& path, const Mapping& mapping,
                           const ReadMappedOptions& options) {
  const IdentityMap* identities = options.identities;
  IdentityMap loaded;
  if (identities == nullptr && !mapping.identity_map.empty()) {
    Result<IdentityMap> map = LoadIdentityMap(mapping.identity_map);
    if (!map.ok()) return map.status();
    loaded = std::move(map).value();
    identities = &loaded;
  }
  if (identities != nullptr) {
    if (Status s = CheckIdentityMapSpaces(*identities, mapping); !s.ok()) return s;
  }
  Ingest ingest(path, mapping, options, identities);
  return ingest.Run(source);
}

}  // namespace

const char* MappedProblemCode(MappedProblem problem) {
  return kProblemCodes[static_cast<int>(problem)];
}

Result<MappedReading> ReadMappedEvents(const std::string& path, const Mapping& mapping,
                                       const ReadMappedOptions& options) {
  FileSource source;
  if (Status s = source.Open(path); !s.ok()) return s;
  return Read(source, path, mapping, options);
}

Result<MappedReading> ReadMappedEventText(std::string_view text, const std::string& path,
                                          const Mapping& mapping,
                                          const ReadMappedOptions& options) {
  TextSource source(text);
  return Read(source, path, mapping, options);
}

Diagnostic DescribeMappedProblem(const std::string& path, const MappedProblemRow& problem) {
  Diagnostic d;
  d.file = path;
  d.line = static_cast<int>(std::min<int64_t>(problem.line, INT32_MAX));
  d.column = problem.column;
  d.code = MappedProblemCode(problem.problem);
  d.message = problem.message;
  d.severity = problem.severity;
  return d;
}

std::string MappedWeeklyTableCsv(const MappedReading& reading) {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out),
                 "identity,space,week,closed,active_hours,active_time,conversations_per_hour,"
                 "scheduled_hours,activity_pct,qa_reviews,qa_pct\n");
  for (const IdentityWeeks& id : reading.identities) {
    const std::string name = SpreadsheetCsvCell(id.name);
    const std::string space = SpreadsheetCsvCell(id.space);
    const char* source = !id.active_measured ? "" : id.active_inferred ? "inferred" : "status";
    for (const AgentWeek& w : id.weeks) {
      if (w.closed_events == 0 && w.active_starts == 0 && w.active_seconds == 0 &&
          w.scheduled_seconds == 0 && w.qa_reviews == 0) {
        continue;
      }
      const std::string week = WeekIndexName(w.week_index);
      const double hours = static_cast<double>(w.active_seconds) / 3600.0;
      const std::string closed = id.closes_measured ? fmt::format("{}", w.closed) : "";
      const std::string active = id.active_measured ? fmt::format("{:.6f}", hours) : "";
      const std::string rate = id.closes_measured && id.active_measured && w.active_seconds > 0
                                   ? fmt::format("{:.6f}", static_cast<double>(w.closed) / hours)
                                   : "";
      const std::string scheduled =
          id.schedule_measured
              ? fmt::format("{:.6f}", static_cast<double>(w.scheduled_seconds) / 3600.0)
              : "";
      // DESIGN's activity %: inside the schedule when the week has one, else of logged time;
      // never on inferred time.
      std::string activity;
      if (id.active_measured && !id.active_inferred) {
        if (w.scheduled_seconds > 0) {
          if (id.overlap_measured) {
            activity =
                fmt::format("{:.2f}", 100.0 * static_cast<double>(w.active_scheduled_seconds) /
                                          static_cast<double>(w.scheduled_seconds));
          }
        } else if (w.active_seconds + w.away_seconds > 0) {
          activity =
              fmt::format("{:.2f}", 100.0 * static_cast<double>(w.active_seconds) /
                                        static_cast<double>(w.active_seconds + w.away_seconds));
        }
      }
      const std::string reviews = id.qa_measured ? fmt::format("{}", w.qa_reviews) : "";
      const std::string qa =
          w.qa_reviews > 0
              ? fmt::format("{:.2f}", w.qa_score_sum / static_cast<double>(w.qa_reviews))
              : "";
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{}\n", name, space,
                     week, closed, active, source, rate, scheduled, activity, reviews, qa);
    }
  }
  return fmt::to_string(out);
}

std::vector<const IdentityWeeks*> MostActiveIdentities(const MappedReading& reading,
                                                       const std::string& space, size_t limit) {
  std::vector<const IdentityWeeks*> top;
  for (const IdentityWeeks& id : reading.identities) {
    if (id.space == space) top.push_back(&id);
  }
  auto busier = [](const IdentityWeeks* a, const IdentityWeeks* b) {
    return a->events != b->events ? a->events > b->events : a->name < b->name;
  };
  const size_t kept = std::min(limit, top.size());
  std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(kept), top.end(),
                    busier);
  top.resize(kept);
  return top;
}

bool MappingDoesNotFit(const MappedReading& reading) { return reading.skipped > reading.used; }

ReadingTotals TotalsOf(const MappedReading& reading) {
  ReadingTotals totals;
  std::map<int64_t, WeekTotals> weeks;
  for (const IdentityWeeks& id : reading.identities) {
    totals.closes = totals.closes || id.closes_measured;
    totals.active = totals.active || id.active_measured;
    totals.scheduled = totals.scheduled || id.schedule_measured;
    totals.qa = totals.qa || id.qa_measured;
    for (const AgentWeek& w : id.weeks) {
      if (w.closed_events == 0 && w.active_seconds == 0 && w.active_starts == 0 &&
          w.scheduled_seconds == 0 && w.qa_reviews == 0) {
        continue;
      }
      WeekTotals& t = weeks[w.week_index];
      t.week = w.week_index;
      t.closed += w.closed;
      t.active_seconds += w.active_seconds;
      t.scheduled_seconds += w.scheduled_seconds;
      t.qa_reviews += w.qa_reviews;
      t.qa_score_sum += w.qa_score_sum;
      ++t.identities;
    }
  }
  totals.weeks.reserve(weeks.size());
  for (const auto& [index, t] : weeks) totals.weeks.push_back(t);
  return totals;
}

}  // namespace rungs
