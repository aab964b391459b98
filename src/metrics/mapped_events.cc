// Reading an export through a mapping: the orchestration of mapped_events.h. Rows stream from
// util/csv_stream.h into the rule engine (mapped_rules.h), which makes candidate events; a
// row's candidates are checked against what earlier rows gave (a QA category rated again, a
// status interval overlapping another, an event repeated), then committed: events to their
// identity, shifts, QA ratings (qa_reviews.h), counts and samples. Once every row is read, each
// identity's events are sorted and folded into weeks (identity_fold.h).
#include "metrics/mapped_events.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "metrics/identity_fold.h"
#include "metrics/mapped_identities.h"
#include "metrics/mapped_rules.h"
#include "metrics/qa_reviews.h"
#include "metrics/time_format.h"
#include "util/csv_stream.h"
#include "util/utf8.h"

namespace rungs {
namespace {

constexpr int64_t kProgressEvery = 4 << 20;

struct StoredEvent {
  FoldEvent event;
  uint32_t conversation = 0;
};
static_assert(sizeof(StoredEvent) == 24, "MAPPINGS.md promises 24 bytes an event");

uint32_t Line32(int64_t line) { return static_cast<uint32_t>(std::min<int64_t>(line, UINT32_MAX)); }

bool IsStatus(MappedType t) {
  return t == MappedType::kStatusActive || t == MappedType::kStatusAway;
}

// Events that are one instant each, so the same one twice is a duplicate.
bool IsPointEvent(MappedType t) {
  return t != MappedType::kActivity && t != MappedType::kScheduled && t != MappedType::kQaRating;
}

const char* StatusWord(MappedType t) { return t == MappedType::kStatusActive ? "active" : "away"; }

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

class MappedIngest {
 public:
  MappedIngest(const std::string& path, const Mapping& mapping, const ReadMappedOptions& options,
               const IdentityMap* identities)
      : path_(path), m_(mapping), options_(options), rules_(mapping, identities) {
    out_.joined = identities != nullptr;
  }

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
      for (size_t i = 0; i < record.fields.size(); ++i) header.emplace_back(record.Field(i));
      for (std::string& h : header) {
        while (!h.empty() && (h.back() == ' ')) h.pop_back();
      }
    }
    if (Status s = rules_.Resolve(header, record.line, path_, identities_); !s.ok()) return s;
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
    return std::move(out_);
  }

 private:
  void Problem(const CsvRecord& r, const RowProblem& problem) {
    MappedProblemRow p;
    p.line = r.line;
    p.problem = problem.problem;
    p.message = problem.message;
    if (problem.field >= 0 && static_cast<size_t>(problem.field) < r.fields.size()) {
      p.line = r.fields[static_cast<size_t>(problem.field)].line;
      p.column = r.fields[static_cast<size_t>(problem.field)].column;
    }
    ++out_.problem_counts[static_cast<size_t>(p.problem)];
    ++out_.skipped;
    out_.problems.push_back(std::move(p));
  }

  void Row(const CsvRecord& r) {
    bool excluded = false;
    if (std::optional<RowProblem> p = rules_.Evaluate(r, identities_, candidates_, excluded)) {
      Problem(r, *p);
      return;
    }
    // Exact repeats of an event (not of a touch: two saves in one minute are normal), of a
    // review's category, and status intervals that contradict an earlier row.
    for (const Candidate& c : candidates_) {
      if (std::optional<RowProblem> p = Contradiction(c)) {
        Problem(r, *p);
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

  // A problem when `c` repeats or contradicts what an earlier row gave.
  std::optional<RowProblem> Contradiction(const Candidate& c) {
    const ResolvedRule& rule = rules_.rule(c.rule);
    const MappedType type = rule.rule->type;
    if (type == MappedType::kQaRating) return qa_.RepeatedCategory(c, rule, identities_);
    if (IsStatus(type) && c.has_until) return OverlapsEarlier(c, rule);
    if (!IsPointEvent(type)) return std::nullopt;
    if (dups_.count({c.identity, InternConversation(c.conversation), c.ts,
                     static_cast<uint8_t>(type)}) == 0) {
      return std::nullopt;
    }
    return RowProblem{
        rule.time, MappedProblem::kDuplicate,
        fmt::format("the same {} event as an earlier row ({} \"{}\", {} at {})",
                    MappedTypeName(type), rule.rule->space, Shown(identities_[c.identity].name),
                    Shown(c.time_text), rule.rule->label)};
  }

  // A problem when a status interval overlaps one of an earlier row.
  std::optional<RowProblem> OverlapsEarlier(const Candidate& c, const ResolvedRule& rule) const {
    const std::map<int64_t, Span>& spans = identities_[c.identity].spans;
    auto it = spans.lower_bound(c.ts);
    const std::pair<const int64_t, Span>* other = nullptr;
    if (it != spans.end() && it->first < c.until) other = &*it;
    if (other == nullptr && it != spans.begin() && std::prev(it)->second.end > c.ts) {
      other = &*std::prev(it);
    }
    if (other == nullptr) return std::nullopt;
    return RowProblem{
        rule.time, MappedProblem::kOverlapping,
        fmt::format("\"{}\" is {} from {} to {} here, but {} from {} to {} on line {}: "
                    "status intervals of one identity must not overlap ({})",
                    Shown(identities_[c.identity].name), StatusWord(rule.rule->type),
                    FormatUtc(c.ts), FormatUtc(c.until), StatusWord(other->second.type),
                    FormatUtc(other->first), FormatUtc(other->second.end), other->second.line,
                    rule.rule->label)};
  }

  uint32_t InternConversation(std::string_view id) {
    const auto [it, added] = conversations_.try_emplace(
        std::string(id), static_cast<uint32_t>(conversation_names_.size()));
    if (added) conversation_names_.push_back(&it->first);
    return it->second;
  }

  void Commit(const CsvRecord& r, const Candidate& c) {
    const ResolvedRule& rule = rules_.rule(c.rule);
    const MappedType type = rule.rule->type;
    MappedIdentity& id = identities_[c.identity];
    ++id.made;
    const uint32_t conversation = InternConversation(c.conversation);
    if (IsPointEvent(type)) {
      dups_.insert({c.identity, conversation, c.ts, static_cast<uint8_t>(type)});
    }
    if (events_.size() <= c.identity) events_.resize(c.identity + 1);
    std::vector<StoredEvent>& events = events_[c.identity];
    if (type == MappedType::kScheduled) {
      id.shifts.emplace_back(c.ts, c.until);
    } else if (type == MappedType::kQaRating) {
      qa_.Add(c);
    } else if (!c.has_until) {
      events.push_back({{c.ts, Line32(r.line), type}, conversation});
    } else if (c.until > c.ts) {
      // An empty interval counts nothing (its end would sort before its start).
      events.push_back({{c.ts, Line32(r.line), type}, conversation});
      events.push_back({{c.until, Line32(r.line), type, true}, conversation});
      id.spans.emplace(c.ts, Span{c.until, r.line, type});
    }
    id.feeds |= identities_.FeedsOf(rule.rule->space);
    identities_.CountEvent(rule.rule->space);
    if (rules_.Used(c, options_.samples_per_rule)) Sample(r, c, rule);
  }

  void Sample(const CsvRecord& r, const Candidate& c, const ResolvedRule& rule) {
    SampleEvent s;
    s.line = r.line;
    s.raw = r.raw;
    if (r.raw_bytes > r.raw.size()) s.raw += "...";
    s.rule = rule.rule->label;
    s.type = rule.rule->type;
    s.space = rule.rule->space;
    s.identity = std::string(r.Field(static_cast<size_t>(rule.identity)));
    s.conversation = std::string(c.conversation);
    s.time_text = std::string(c.time_text);
    s.utc = c.ts;
    if (s.type == MappedType::kQaRating) {
      s.detail = RatingDetail(c);
    } else if (c.has_until) {
      s.detail = fmt::format("until \"{}\" = {}", Shown(c.until_text), FormatUtc(c.until));
    }
    out_.samples.push_back(std::move(s));
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

  void Fold() {
    out_.active_inferred = m_.activity.from == ActivitySettings::From::kInferred;
    qa_.Score(identities_, out_.qa_reviews, out_.qa_reviews_unrated);
    IdentityFold fold(m_);
    for (uint32_t i = 0; i < identities_.size(); ++i) {
      MappedIdentity& id = identities_[i];
      fold.Start();
      if (i < events_.size()) {
        std::vector<StoredEvent>& events = events_[i];
        std::stable_sort(events.begin(), events.end(),
                         [](const StoredEvent& a, const StoredEvent& b) {
                           return EarlierEvent(a.event, b.event);
                         });
        for (const StoredEvent& e : events) {
          fold.Add(e.event, *conversation_names_[e.conversation]);
        }
        events = {};
      }
      out_.identities.push_back(fold.Finish(id));
      id.spans = {};
      id.shifts = {};
      id.reviews = {};
    }
    out_.fold_rejected = fold.rejected();
    if (!fold.warnings().empty()) {
      for (MappedProblemRow& p : fold.warnings()) {
        ++out_.problem_counts[static_cast<size_t>(p.problem)];
        ++out_.warnings;
        out_.problems.push_back(std::move(p));
      }
      // Problems found while folding come after the reading's.
      std::stable_sort(
          out_.problems.begin(), out_.problems.end(),
          [](const MappedProblemRow& a, const MappedProblemRow& b) { return a.line < b.line; });
    }
    std::sort(out_.identities.begin(), out_.identities.end(),
              [](const IdentityWeeks& a, const IdentityWeeks& b) {
                return std::tie(a.space, a.name) < std::tie(b.space, b.name);
              });
    out_.spaces = identities_.Spaces();
    out_.rules = std::move(rules_.counts());
    out_.excluded_by = std::move(rules_.excluded_by());
  }

  const std::string& path_;
  const Mapping& m_;
  const ReadMappedOptions& options_;
  MappedReading out_;
  MappedRules rules_;
  MappedIdentities identities_;
  QaReviews qa_;
  std::vector<Candidate> candidates_;
  std::vector<std::vector<StoredEvent>> events_;  // by identity
  std::unordered_map<std::string, uint32_t> conversations_;
  std::vector<const std::string*> conversation_names_;
  std::unordered_set<DupKey, DupHash> dups_;
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
  MappedIngest ingest(path, mapping, options, identities);
  return ingest.Run(source);
}

}  // namespace

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

}  // namespace rungs
