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
#include <atomic>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "metrics/event_runs.h"
#include "metrics/identity_fold.h"
#include "metrics/mapped_identities.h"
#include "metrics/mapped_rows.h"
#include "metrics/mapped_rules.h"
#include "metrics/qa_reviews.h"
#include "metrics/time_format.h"
#include "util/csv_stream.h"
#include "util/utf8.h"

namespace rungs {
namespace {

// How far past a slice's even share its start is looked for: a line longer than this (the
// CSV reader's longest record) means fewer slices.
constexpr int64_t kSliceSearch = 1 << 20;

uint32_t Line32(int64_t line) { return static_cast<uint32_t>(std::min<int64_t>(line, UINT32_MAX)); }

// Events that are one instant each, so the same one twice is a duplicate.
bool IsPointEvent(MappedType t) {
  return t != MappedType::kActivity && t != MappedType::kScheduled && t != MappedType::kQaRating;
}

std::string SpillDir(const ReadMappedOptions& options) {
  if (!options.spill_dir.empty()) return options.spill_dir;
  std::error_code error;
  const std::filesystem::path tmp = std::filesystem::temp_directory_path(error);
  return error ? "/tmp" : tmp.string();
}

// Where a slice of the export starts: its byte offset, found by the caller.
using OpenAt = std::function<Result<std::unique_ptr<ByteSource>>(int64_t offset)>;

// The offsets where each of up to `count` slices of `total` bytes starts: the first at 0, the
// others just after a line break near an even share of the bytes after `header_end`. A line
// break inside a quoted field makes a wrong start, which the reading finds (the slice before
// it ends elsewhere) and answers by reading again in one slice.
Result<std::vector<int64_t>> SliceStarts(const OpenAt& open, int64_t total, int64_t header_end,
                                         size_t count) {
  std::vector<int64_t> starts = {0};
  const int64_t rows = total - header_end;
  for (size_t k = 1; k < count; ++k) {
    const int64_t near = header_end + rows / static_cast<int64_t>(count) * static_cast<int64_t>(k);
    // From the byte before: a slice starts just after a line break, which may be there.
    int64_t at = std::max<int64_t>(near - 1, 0);
    Result<std::unique_ptr<ByteSource>> source = open(at);
    if (!source.ok()) return source.status();
    int64_t start = -1;
    for (std::string_view block = (*source)->Next(); !block.empty() && at < near + kSliceSearch;
         block = (*source)->Next()) {
      const size_t newline = block.find('\n');
      if (newline != std::string_view::npos) {
        start = at + static_cast<int64_t>(newline) + 1;
        break;
      }
      at += static_cast<int64_t>(block.size());
    }
    if (start < 0 || start >= total) break;  // a line longer than the search: fewer slices
    if (start > starts.back()) starts.push_back(start);
  }
  return starts;
}

class MappedIngest {
 public:
  MappedIngest(const std::string& path, const Mapping& mapping, const ReadMappedOptions& options,
               const IdentityMap* identities)
      : path_(path), m_(mapping), options_(options), rules_(mapping, identities) {
    out_.joined = identities != nullptr;
  }

  // Reads the export in at most `max_slices` slices. When a slice turns out to have started
  // inside a quoted field, or no thread could be started for one, read_again_whole() is true
  // and the reading is to be done again in one slice.
  Result<MappedReading> Run(const OpenAt& open, size_t max_slices) {
    Result<std::unique_ptr<ByteSource>> first_source = open(0);
    if (!first_source.ok()) return first_source.status();
    ByteSource& source = **first_source;
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
    std::vector<int64_t> starts = {0};
    if (max_slices > 1 && SlicesAllowed(m_)) {
      Result<std::vector<int64_t>> planned =
          SliceStarts(open, source.total(), stream.consumed(), max_slices);
      if (!planned.ok()) return planned.status();
      starts = std::move(planned).value();
    }
    if (Status s = Slices(open, stream, source.total(), starts); !s.ok()) return s;
    if (read_again_whole_) return Status::Internal("the export is to be read again in one slice");
    if (out_.used == 0) return NoUsableRow();
    out_.active_inferred = m_.activity.from == ActivitySettings::From::kInferred;
    qa_.Score(identities_, out_.qa_reviews, out_.qa_reviews_unrated);
    if (Status s = FindDuplicatesAndFold(); !s.ok()) return s;
    return std::move(out_);
  }

  bool read_again_whole() const { return read_again_whole_; }

 private:
  // The rows after the header, in slices starting at `starts` (the first is `stream`'s, past
  // the header), each on a thread of its own but the first, then joined in order.
  Status Slices(const OpenAt& open, CsvStream& stream, int64_t total,
                const std::vector<int64_t>& starts) {
    const size_t n = starts.size();
    const std::string spill_dir = SpillDir(options_);
    for (size_t k = 0; k < n; ++k) {
      slices_.push_back(std::make_unique<MappedRows>(m_, options_, rules_, identities_, qa_,
                                                     spill_dir, options_.sort_memory_bytes / n));
    }
    auto end_of = [&](size_t k) {
      return k + 1 < n ? starts[k + 1] - starts[k] : std::numeric_limits<int64_t>::max();
    };
    std::vector<std::atomic<int64_t>> consumed(n);
    std::vector<Status> status(n);
    std::vector<int64_t> ends(n, 0);
    std::vector<int64_t> lines(n, 0);
    std::vector<std::thread> threads;
    for (size_t k = 1; k < n && !read_again_whole_; ++k) {
      auto read_slice = [&, k] {
        Result<std::unique_ptr<ByteSource>> source = open(starts[k]);
        if (!source.ok()) {
          status[k] = source.status();
          return;
        }
        CsvStream slice(**source, m_.csv.delimiter, m_.csv.quote);
        status[k] = slices_[k]->Read(slice, end_of(k), [&consumed, k](int64_t c) {
          consumed[k].store(c, std::memory_order_relaxed);
        });
        ends[k] = slice.consumed();
        lines[k] = slice.line() - 1;
      };
      try {
        threads.emplace_back(read_slice);
      } catch (const std::system_error&) {
        read_again_whole_ = true;  // no thread to be had
      }
    }
    if (read_again_whole_) {
      for (std::thread& t : threads) t.join();
      return Status::Ok();
    }
    status[0] = slices_[0]->Read(stream, end_of(0), [&](int64_t c) {
      consumed[0].store(c, std::memory_order_relaxed);
      if (!options_.progress) return;
      int64_t done = starts[0];
      for (size_t k = 0; k < n; ++k) done += consumed[k].load(std::memory_order_relaxed);
      options_.progress(std::min(done, total), total);
    });
    ends[0] = stream.consumed();
    lines[0] = stream.line() - 1;
    for (std::thread& t : threads) t.join();
    for (const Status& s : status) {
      if (!s.ok()) return s;
    }
    for (size_t k = 0; k + 1 < n; ++k) {
      if (ends[k] != end_of(k)) read_again_whole_ = true;
    }
    if (read_again_whole_) return Status::Ok();
    if (n > 1 && options_.progress) options_.progress(total, total);
    return Join(lines);
  }

  // The slices' parts into the reading, in order, their lines moved down by the lines of the
  // slices before them.
  Status Join(const std::vector<int64_t>& lines) {
    runs_ = &slices_[0]->runs();
    int64_t offset = 0;
    std::vector<RuleCounts>& counts = rules_.counts();
    std::vector<int64_t>& excluded_by = rules_.excluded_by();
    for (size_t k = 0; k < slices_.size(); ++k) {
      MappedRows& slice = *slices_[k];
      MappedReading& part = slice.part();
      out_.bytes += part.bytes;
      out_.rows += part.rows;
      out_.used += part.used;
      out_.excluded += part.excluded;
      out_.without_event += part.without_event;
      out_.skipped += part.skipped;
      for (size_t p = 0; p < part.problem_counts.size(); ++p) {
        out_.problem_counts[p] += part.problem_counts[p];
      }
      for (MappedProblemRow& p : part.problems) {
        p.line += offset;
        out_.problems.push_back(std::move(p));
      }
      for (SampleEvent& s : part.samples) {
        s.line += offset;
        out_.samples.push_back(std::move(s));
      }
      for (size_t r = 0; r < counts.size(); ++r) {
        const RuleCounts& c = slice.rules().counts()[r];
        counts[r].matched += c.matched;
        counts[r].events += c.events;
        counts[r].missing += c.missing;
        counts[r].repeats += c.repeats;
        counts[r].excluded += c.excluded;
      }
      for (size_t e = 0; e < excluded_by.size(); ++e) {
        excluded_by[e] += slice.rules().excluded_by()[e];
      }
      for (size_t i = 0; i < slice.made().size(); ++i) {
        identities_[static_cast<uint32_t>(i)].made += slice.made()[i];
        identities_[static_cast<uint32_t>(i)].feeds |= slice.feeds()[i];
      }
      several_events_in_a_row_ |= slice.several_events_in_a_row();
      if (k > 0) {
        const auto moved = static_cast<uint32_t>(std::min<int64_t>(offset, UINT32_MAX));
        if (Status s = runs_->Append(slice.runs(), moved); !s.ok()) return s;
      }
      offset += lines[k];
    }
    return Status::Ok();
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
    if (!several_events_in_a_row_) {
      Status s = runs_->ForEach([&](const RunEvent& e) {
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
      Status s = runs_->ForEach([&](const RunEvent& e) {
        MarkIfDuplicate(e);
        return Status::Ok();
      });
      if (!s.ok()) return s;
      DuplicatesFound();
      s = runs_->ForEach([&](const RunEvent& e) {
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
    // Exactly as many more problems, and the map let go: an export with many repeated rows
    // kept each one's problem three times over (map, list, spare capacity).
    out_.problems.reserve(out_.problems.size() + duplicates_.size());
    duplicate_lines_.reserve(duplicates_.size());
    for (auto& [line, dup] : duplicates_) {
      duplicate_lines_.insert(line);
      ++out_.problem_counts[static_cast<size_t>(MappedProblem::kDuplicate)];
      ++out_.skipped;
      --out_.used;
      out_.problems.push_back(std::move(dup.problem));
    }
    duplicates_.clear();
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
    for (size_t r = 0; r < rules_.counts().size(); ++r) {
      identities_.CountEvents(rules_.rule(r).rule->space, rules_.counts()[r].events);
    }
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
  // After the identities they share: destroyed first.
  std::vector<std::unique_ptr<MappedRows>> slices_;
  EventRuns* runs_ = nullptr;  // the first slice's, holding every slice's events once joined
  bool several_events_in_a_row_ = false;
  bool read_again_whole_ = false;
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

  uint32_t folding_ = UINT32_MAX;                 // the identity being folded
  uint32_t next_to_fold_ = 0;                     // the first identity not folded yet
  std::map<uint32_t, Duplicate> duplicates_;      // by the line of the row
  std::unordered_set<uint32_t> duplicate_lines_;  // the same lines, looked up per event
};

// Slices to read an export of `total` bytes in: one per hardware thread, each at least
// options.slice_bytes long.
size_t MaxSlices(int64_t total, const ReadMappedOptions& options) {
  size_t threads = options.slices;
  if (threads == 0) threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  const int64_t by_length = total / std::max<int64_t>(options.slice_bytes, 1);
  return std::clamp<size_t>(static_cast<size_t>(std::min<int64_t>(by_length, 64)), 1, threads);
}

Result<MappedReading> Read(const OpenAt& open, int64_t total, const std::string& path,
                           const Mapping& mapping, const ReadMappedOptions& options) {
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
  const size_t slices = MaxSlices(total, options);
  MappedIngest ingest(path, mapping, options, identities);
  Result<MappedReading> reading = ingest.Run(open, slices);
  if (!ingest.read_again_whole()) return reading;
  MappedIngest again(path, mapping, options, identities);
  return again.Run(open, 1);
}

}  // namespace

Result<MappedReading> ReadMappedEvents(const std::string& path, const Mapping& mapping,
                                       const ReadMappedOptions& options) {
  FileSource whole;
  if (Status s = whole.Open(path); !s.ok()) return s;
  const int64_t total = whole.total();
  auto open = [&path](int64_t offset) -> Result<std::unique_ptr<ByteSource>> {
    auto source = std::make_unique<FileSource>();
    if (Status s = source->Open(path, offset); !s.ok()) return s;
    return std::unique_ptr<ByteSource>(std::move(source));
  };
  return Read(open, total, path, mapping, options);
}

Result<MappedReading> ReadMappedEventText(std::string_view text, const std::string& path,
                                          const Mapping& mapping,
                                          const ReadMappedOptions& options) {
  auto open = [text](int64_t offset) -> Result<std::unique_ptr<ByteSource>> {
    return std::unique_ptr<ByteSource>(
        std::make_unique<TextSource>(text.substr(static_cast<size_t>(offset))));
  };
  return Read(open, static_cast<int64_t>(text.size()), path, mapping, options);
}

}  // namespace rungs
