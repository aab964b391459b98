#include "metrics/mapped_rows.h"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "metrics/time_format.h"

namespace rungs {
namespace {

constexpr int64_t kProgressEvery = 4 << 20;

uint32_t Line32(int64_t line) { return static_cast<uint32_t>(std::min<int64_t>(line, UINT32_MAX)); }

bool IsStatus(MappedType t) {
  return t == MappedType::kStatusActive || t == MappedType::kStatusAway;
}

// Events that are one instant each, so the same one twice is a duplicate.
bool IsPointEvent(MappedType t) {
  return t != MappedType::kActivity && t != MappedType::kScheduled && t != MappedType::kQaRating;
}

const char* StatusWord(MappedType t) { return t == MappedType::kStatusActive ? "active" : "away"; }

}  // namespace

bool SlicesAllowed(const Mapping& mapping) {
  return std::none_of(mapping.events.begin(), mapping.events.end(), [](const EventRule& r) {
    return !r.distinct.empty() || !r.until.name.empty() || r.type == MappedType::kScheduled ||
           r.type == MappedType::kQaRating;
  });
}

MappedRows::MappedRows(const Mapping& mapping, const ReadMappedOptions& options,
                       const MappedRules& rules, MappedIdentities& identities, QaReviews& qa,
                       const std::string& spill_dir, size_t sort_bytes)
    : options_(options),
      rules_(rules),
      identities_(identities),
      qa_(qa),
      runs_(spill_dir, sort_bytes) {
  for (const EventRule& rule : mapping.events)
    rule_feeds_.push_back(identities.FeedsOf(rule.space));
}

Status MappedRows::Read(CsvStream& stream, int64_t end,
                        const std::function<void(int64_t)>& consumed) {
  CsvRecord record;
  int64_t next_progress = kProgressEvery;
  while (stream.consumed() < end && stream.Next(record)) {
    if (record.Blank()) continue;
    ++part_.rows;
    if (Status s = Row(record); !s.ok()) return s;
    if (stream.consumed() >= next_progress) {
      consumed(stream.consumed());
      next_progress = stream.consumed() + kProgressEvery;
    }
  }
  consumed(stream.consumed());
  part_.bytes = stream.consumed();
  return Status::Ok();
}

void MappedRows::Problem(const CsvRecord& r, const RuleProblem& problem) {
  MappedProblemRow p;
  p.line = r.line;
  p.problem = problem.problem;
  p.message = problem.message;
  if (problem.field >= 0 && static_cast<size_t>(problem.field) < r.fields.size()) {
    p.line = r.fields[static_cast<size_t>(problem.field)].line;
    p.column = r.fields[static_cast<size_t>(problem.field)].column;
  }
  ++part_.problem_counts[static_cast<size_t>(p.problem)];
  ++part_.skipped;
  part_.problems.push_back(std::move(p));
}

Status MappedRows::Row(const CsvRecord& r) {
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
    ++part_.used;
  } else if (excluded) {
    ++part_.excluded;
  } else {
    ++part_.without_event;
  }
  return Status::Ok();
}

std::optional<RuleProblem> MappedRows::Contradiction(const Candidate& c) const {
  const ResolvedRule& rule = rules_.rule(c.rule);
  const MappedType type = rule.rule->type;
  if (type == MappedType::kQaRating) return qa_.RepeatedCategory(c, rule, identities_);
  if (IsStatus(type) && c.has_until) return OverlapsEarlier(c, rule);
  return std::nullopt;
}

std::optional<RuleProblem> MappedRows::OverlapsEarlier(const Candidate& c,
                                                       const ResolvedRule& rule) const {
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
                  Shown(identities_[c.identity].name), StatusWord(rule.rule->type), FormatUtc(c.ts),
                  FormatUtc(c.until), StatusWord(other->second.type), FormatUtc(other->first),
                  FormatUtc(other->second.end), other->second.line, rule.rule->label)};
}

Status MappedRows::Commit(const CsvRecord& r, const Candidate& c) {
  const ResolvedRule& rule = rules_.rule(c.rule);
  const MappedType type = rule.rule->type;
  if (c.identity >= made_.size()) {
    made_.resize(c.identity + 1, 0);
    feeds_.resize(c.identity + 1, 0);
  }
  ++made_[c.identity];
  feeds_[c.identity] |= rule_feeds_[c.rule];
  if (rules_.Used(c, options_.samples_per_rule + kSpareSamples)) Sample(r, c, rule);
  if (type == MappedType::kScheduled) {
    identities_[c.identity].shifts.emplace_back(c.ts, c.until);
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
  identities_[c.identity].spans.emplace(c.ts, Span{c.until, r.line, type});
  return AddToRuns(end);
}

Status MappedRows::AddToRuns(const RunEvent& e) {
  ++run_events_;
  return runs_.Add(e);
}

void MappedRows::Sample(const CsvRecord& r, const Candidate& c, const ResolvedRule& rule) {
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
  part_.samples.push_back(std::move(s));
}

}  // namespace rungs
