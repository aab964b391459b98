// Reading an export through a mapping: the orchestration of mapped_events.h. Rows stream from
// util/csv_stream.h into the rule engine (mapped_rules.h), which makes candidate events; a
// row's candidates are checked against what earlier rows gave (a QA category rated again, a
// status interval overlapping another), then committed: events to the sorted runs
// (event_runs.h), shifts, QA ratings (qa_reviews.h), counts and samples. Once every row is
// read, the runs are merged twice: first to find repeated events (equal events are at the same
// instant of the same identity, so side by side; the later rows are duplicate-event problems and
// give nothing), then to fold each identity's events into weeks (identity_fold.h).
#include "metrics/mapped_events.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "metrics/event_runs.h"
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

// Samples taken beyond samples_per_rule, in case some of their rows turn out to repeat an
// earlier row's event once the events are sorted.
constexpr size_t kSpareSamples = 4;

uint32_t Line32(int64_t line) { return static_cast<uint32_t>(std::min<int64_t>(line, UINT32_MAX)); }

bool IsStatus(MappedType t) {
  return t == MappedType::kStatusActive || t == MappedType::kStatusAway;
}

// Events that are one instant each, so the same one twice is a duplicate.
bool IsPointEvent(MappedType t) {
  return t != MappedType::kActivity && t != MappedType::kScheduled && t != MappedType::kQaRating;
}

const char* StatusWord(MappedType t) { return t == MappedType::kStatusActive ? "active" : "away"; }

std::string SpillDir(const ReadMappedOptions& options) {
  if (!options.spill_dir.empty()) return options.spill_dir;
  std::error_code error;
  const std::filesystem::path tmp = std::filesystem::temp_directory_path(error);
  return error ? "/tmp" : tmp.string();
}

class MappedIngest {
 public:
  MappedIngest(const std::string& path, const Mapping& mapping, const ReadMappedOptions& options,
               const IdentityMap* identities)
      : path_(path),
        m_(mapping),
        options_(options),
        rules_(mapping, identities),
        runs_(SpillDir(options), options.sort_memory_bytes) {
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
      if (!IsValidUtf8(record.text())) {
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
    if (Status s = Rows(stream, source.total()); !s.ok()) return s;
    if (out_.used == 0) return NoUsableRow();
    out_.active_inferred = m_.activity.from == ActivitySettings::From::kInferred;
    qa_.Score(identities_, out_.qa_reviews, out_.qa_reviews_unrated);
    if (Status s = FindDuplicatesAndFold(); !s.ok()) return s;
    return std::move(out_);
  }

 private:
  // Every row after the header, parsed and evaluated on this thread: a record's bytes are
  // still in this core's cache when the rules read them (parsing on a second thread made the
  // rules wait on cache misses, and cost 40% more CPU and 20% more wall time in all).
  Status Rows(CsvStream& stream, int64_t total) {
    CsvRecord record;
    int64_t next_progress = kProgressEvery;
    while (stream.Next(record)) {
      if (record.Blank()) continue;
      ++out_.rows;
      if (Status s = Row(record); !s.ok()) return s;
      if (options_.progress && stream.consumed() >= next_progress) {
        options_.progress(stream.consumed(), total);
        next_progress = stream.consumed() + kProgressEvery;
      }
    }
    if (options_.progress) options_.progress(stream.consumed(), total);
    out_.bytes = stream.consumed();
    return Status::Ok();
  }

  void Problem(const CsvRecord& r, const RuleProblem& problem) {
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

  Status Row(const CsvRecord& r) {
    bool excluded = false;
    if (std::optional<RuleProblem> p = rules_.Evaluate(r, identities_, candidates_, excluded)) {
      Problem(r, *p);
      return Status::Ok();
    }
    // A review's category rated again, and status intervals that contradict an earlier row.
    // (Repeated events are found once the events are sorted.)
    for (const Candidate& c : candidates_) {
      if (std::optional<RuleProblem> p = Contradiction(c)) {
        Problem(r, *p);
        return Status::Ok();
      }
    }
    const size_t events_before = run_events_;
    for (const Candidate& c : candidates_) {
      if (Status s = Commit(r, c); !s.ok()) return s;
    }
    if (run_events_ - events_before > 1) ++rows_with_several_events_;
    if (!candidates_.empty()) {
      ++out_.used;
    } else if (excluded) {
      ++out_.excluded;
    } else {
      ++out_.without_event;
    }
    return Status::Ok();
  }

  // A problem when `c` contradicts what an earlier row gave.
  std::optional<RuleProblem> Contradiction(const Candidate& c) const {
    const ResolvedRule& rule = rules_.rule(c.rule);
    const MappedType type = rule.rule->type;
    if (type == MappedType::kQaRating) return qa_.RepeatedCategory(c, rule, identities_);
    if (IsStatus(type) && c.has_until) return OverlapsEarlier(c, rule);
    return std::nullopt;
  }

  // A problem when a status interval overlaps one of an earlier row.
  std::optional<RuleProblem> OverlapsEarlier(const Candidate& c, const ResolvedRule& rule) const {
    const std::map<int64_t, Span>& spans = identities_[c.identity].spans;
    auto it = spans.lower_bound(c.ts);
    const std::pair<const int64_t, Span>* other = nullptr;
    if (it != spans.end() && it->first < c.until) other = &*it;
    if (other == nullptr && it != spans.begin() && std::prev(it)->second.end > c.ts) {
      other = &*std::prev(it);
    }
    if (other == nullptr) return std::nullopt;
    return RuleProblem{
        rule.time, MappedProblem::kOverlapping,
        fmt::format("\"{}\" is {} from {} to {} here, but {} from {} to {} on line {}: "
                    "status intervals of one identity must not overlap ({})",
                    Shown(identities_[c.identity].name), StatusWord(rule.rule->type),
                    FormatUtc(c.ts), FormatUtc(c.until), StatusWord(other->second.type),
                    FormatUtc(other->first), FormatUtc(other->second.end), other->second.line,
                    rule.rule->label)};
  }

  Status Commit(const CsvRecord& r, const Candidate& c) {
    const ResolvedRule& rule = rules_.rule(c.rule);
    const MappedType type = rule.rule->type;
    MappedIdentity& id = identities_[c.identity];
    ++id.made;
    id.feeds |= identities_.FeedsOf(rule.rule->space);
    identities_.CountEvent(rule.rule->space);
    if (rules_.Used(c, options_.samples_per_rule + kSpareSamples)) Sample(r, c, rule);
    if (type == MappedType::kScheduled) {
      id.shifts.emplace_back(c.ts, c.until);
      return Status::Ok();
    }
    if (type == MappedType::kQaRating) {
      qa_.Add(c);
      return Status::Ok();
    }
    RunEvent e;
    e.identity = c.identity;
    e.line = Line32(r.line);
    e.ts = c.ts;
    e.type = type;
    e.rule = static_cast<uint16_t>(c.rule);
    if (!c.has_until) {
      // The conversation and time only where a repeat is looked for or a close counted.
      if (IsPointEvent(type)) {
        e.conversation = c.conversation;
        e.time_text = c.time_text;
        const CsvFieldSpan& time = r.fields[static_cast<size_t>(rule.time)];
        e.time_line = Line32(time.line);
        e.time_column = static_cast<uint32_t>(time.column);
      }
      return AddToRuns(e);
    }
    e.interval = true;  // holds its start against a repeat of it as an event
    e.conversation = c.conversation;
    // An empty interval counts nothing (its end would sort before its start).
    e.key_only = c.until <= c.ts;
    if (Status s = AddToRuns(e); !s.ok()) return s;
    if (e.key_only) return Status::Ok();
    RunEvent end;
    end.identity = c.identity;
    end.line = e.line;
    end.ts = c.until;
    end.type = type;
    end.rule = e.rule;
    end.end = true;
    id.spans.emplace(c.ts, Span{c.until, r.line, type});
    return AddToRuns(end);
  }

  Status AddToRuns(const RunEvent& e) {
    ++run_events_;
    return runs_.Add(e);
  }

  void Sample(const CsvRecord& r, const Candidate& c, const ResolvedRule& rule) {
    SampleEvent s;
    s.line = r.line;
    s.raw = std::string(r.raw());
    if (r.raw_bytes > r.raw().size()) s.raw += "...";
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

  // Rows that repeat an event of an earlier row: equal events are at one instant of one
  // identity, so they meet in the merged runs. The earliest row keeps the event; each later row
  // is a duplicate-event problem (named after its first rule to repeat one) and gives nothing.
  // When no row gave more than one event, a duplicate row's only event is the one found, so one
  // merge both finds duplicates and folds the rest; otherwise a row's other events may have
  // been folded already when it is found, so the duplicates are found in a merge of their own.
  Status FindDuplicatesAndFold() {
    IdentityFold fold(m_);
    if (rows_with_several_events_ == 0) {
      Status s = runs_.ForEach([&](const RunEvent& e) {
        if (MarkIfDuplicate(e)) {
          Uncount(e);
        } else {
          FoldOne(fold, e);
        }
        return Status::Ok();
      });
      if (!s.ok()) return s;
      DuplicatesFound();
    } else {
      Status s = runs_.ForEach([&](const RunEvent& e) {
        MarkIfDuplicate(e);
        return Status::Ok();
      });
      if (!s.ok()) return s;
      DuplicatesFound();
      s = runs_.ForEach([&](const RunEvent& e) {
        if (!duplicate_lines_.empty() && duplicate_lines_.count(e.line) != 0) {
          Uncount(e);
        } else {
          FoldOne(fold, e);
        }
        return Status::Ok();
      });
      if (!s.ok()) return s;
    }
    FoldFinished(fold);
    return Status::Ok();
  }

  // Whether `e`, a point event, repeats one of an earlier row at its instant; its row is then
  // marked a duplicate.
  bool MarkIfDuplicate(const RunEvent& e) {
    if (e.end || !IsPointEvent(e.type)) return false;
    if (e.identity != held_identity_ || e.ts != held_ts_) {
      holding_ = 0;
      many_.clear();
      held_identity_ = e.identity;
      held_ts_ = e.ts;
    }
    uint32_t first_line = e.line;
    if (holding_ < kListed) {
      const auto end = held_.begin() + static_cast<ptrdiff_t>(holding_);
      const auto it = std::find_if(held_.begin(), end, [&e](const Held& h) {
        return h.type == e.type && h.conversation == e.conversation;
      });
      if (it == end) {
        if (holding_ == held_.size()) held_.emplace_back();
        held_[holding_].type = e.type;
        held_[holding_].line = e.line;
        held_[holding_].conversation.assign(e.conversation);
        if (++holding_ == kListed) {
          for (const Held& h : held_) {
            many_.try_emplace(std::string(1, static_cast<char>(h.type)) + h.conversation, h.line);
          }
        }
        return false;
      }
      first_line = it->line;
    } else {
      key_.assign(1, static_cast<char>(e.type));
      key_.append(e.conversation);
      const auto [it, added] = many_.try_emplace(key_, e.line);
      if (added) return false;
      first_line = it->second;
    }
    // Intervals are checked for overlaps instead; two rules of one row are one row.
    if (e.interval || first_line == e.line) return false;
    auto [dup, added] = duplicates_.try_emplace(e.line);
    if (!added && dup->second.rule <= e.rule) return true;
    const ResolvedRule& rule = rules_.rule(e.rule);
    dup->second.rule = e.rule;
    dup->second.problem.line = e.time_line;
    dup->second.problem.column = static_cast<int>(e.time_column);
    dup->second.problem.problem = MappedProblem::kDuplicate;
    dup->second.problem.message =
        fmt::format("the same {} event as an earlier row ({} \"{}\", {} at {})",
                    MappedTypeName(e.type), rule.rule->space, Shown(identities_[e.identity].name),
                    Shown(e.time_text), rule.rule->label);
    return true;
  }

  // The duplicate rows found become problems, and their samples give way to the spare ones.
  void DuplicatesFound() {
    for (auto& [line, dup] : duplicates_) {
      duplicate_lines_.insert(line);
      ++out_.problem_counts[static_cast<size_t>(MappedProblem::kDuplicate)];
      ++out_.skipped;
      --out_.used;
      out_.problems.push_back(std::move(dup.problem));  // the map keeps the line only
    }
    std::vector<SampleEvent> samples;
    std::map<std::string, size_t> per_rule;
    for (SampleEvent& s : out_.samples) {
      if (duplicate_lines_.count(Line32(s.line)) != 0) continue;
      if (per_rule[s.rule]++ < options_.samples_per_rule) samples.push_back(std::move(s));
    }
    out_.samples = std::move(samples);
  }

  // A duplicate row gives nothing: takes back what `e` was counted for.
  void Uncount(const RunEvent& e) {
    if (e.end) return;
    --identities_[e.identity].made;
    --rules_.counts()[e.rule].events;
    identities_.UncountEvent(rules_.rule(e.rule).rule->space);
  }

  void FoldOne(IdentityFold& fold, const RunEvent& e) {
    if (e.key_only) return;
    if (e.identity != folding_) {
      if (folding_ != UINT32_MAX) FinishIdentity(fold, folding_);
      FoldEmptyUntil(fold, e.identity);
      fold.Start();
      folding_ = e.identity;
    }
    fold.Add(FoldEvent{e.ts, e.line, e.type, e.end}, e.conversation);
  }

  void FinishIdentity(IdentityFold& fold, uint32_t i) {
    MappedIdentity& id = identities_[i];
    out_.identities.push_back(fold.Finish(id));
    id.spans = {};
    id.shifts = {};
    id.reviews = {};
    next_to_fold_ = i + 1;
  }

  // Identities without events are folded too, in order.
  void FoldEmptyUntil(IdentityFold& fold, uint32_t end) {
    while (next_to_fold_ < end) {
      fold.Start();
      FinishIdentity(fold, next_to_fold_);
    }
  }

  void FoldFinished(IdentityFold& fold) {
    if (folding_ != UINT32_MAX) FinishIdentity(fold, folding_);
    FoldEmptyUntil(fold, static_cast<uint32_t>(identities_.size()));
    out_.fold_rejected = fold.rejected();
    for (MappedProblemRow& p : fold.warnings()) {
      ++out_.problem_counts[static_cast<size_t>(p.problem)];
      ++out_.warnings;
      out_.problems.push_back(std::move(p));
    }
    // Problems found once the events are sorted go among the reading's, by line.
    std::stable_sort(
        out_.problems.begin(), out_.problems.end(),
        [](const MappedProblemRow& a, const MappedProblemRow& b) { return a.line < b.line; });
    std::sort(out_.identities.begin(), out_.identities.end(),
              [](const IdentityWeeks& a, const IdentityWeeks& b) {
                return std::tie(a.space, a.name) < std::tie(b.space, b.name);
              });
    out_.spaces = identities_.Spaces();
    out_.rules = std::move(rules_.counts());
    out_.excluded_by = std::move(rules_.excluded_by());
  }

  // A row found to repeat an earlier row's event.
  struct Duplicate {
    size_t rule = 0;
    MappedProblemRow problem;
  };

  const std::string& path_;
  const Mapping& m_;
  const ReadMappedOptions& options_;
  MappedReading out_;
  MappedRules rules_;
  MappedIdentities identities_;
  QaReviews qa_;
  std::vector<Candidate> candidates_;
  EventRuns runs_;
  // The point events of one instant so far (type, conversation and the row that gave it
  // first), to find repeats: few, so a list, its entries reused from one instant to the next; an
  // instant with many events (a bulk import) looks them up by key instead.
  struct Held {
    MappedType type;
    uint32_t line;
    std::string conversation;
  };
  static constexpr size_t kListed = 32;
  uint32_t held_identity_ = UINT32_MAX;
  int64_t held_ts_ = 0;
  std::vector<Held> held_;
  size_t holding_ = 0;
  std::unordered_map<std::string, uint32_t> many_;
  std::string key_;

  size_t run_events_ = 0;
  int64_t rows_with_several_events_ = 0;
  uint32_t folding_ = UINT32_MAX;                 // the identity being folded
  uint32_t next_to_fold_ = 0;                     // the first identity not folded yet
  std::map<uint32_t, Duplicate> duplicates_;      // by the line of the row
  std::unordered_set<uint32_t> duplicate_lines_;  // the same lines, looked up per event
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
