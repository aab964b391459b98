#include "metrics/canonical_events.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <memory>
#include <string_view>
#include <thread>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "util/hash.h"
#include "util/utf8.h"

namespace rungs {

namespace {

constexpr std::string_view kHeader = "event_id,conversation_id,agent_id,event_type,ts";
constexpr int kFields = 5;
enum Field { kEventId, kConversation, kAgent, kType, kTs };
constexpr const char* kFieldNames[] = {"event_id", "conversation_id", "agent_id", "event_type",
                                       "ts"};
// Below this a file is read on one thread: starting threads costs more than it saves.
constexpr int64_t kBytesPerThread = 4 << 20;

constexpr const char* kProblemCodes[] = {"field-count",   "missing-field", "bad-event-type",
                                         "bad-timestamp", "not-utf8",      "duplicate-row",
                                         "out-of-order",  "long-interval"};

// The file, mapped read-only: its pages belong to the page cache, not to the process's heap.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) munmap(data_, size_);
  }

  Status Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::Invalid(fmt::format("{}: cannot open: {}", path, strerror(errno)));
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return Status::Invalid(fmt::format("{}: not a regular file", path));
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
      void* mapped = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped == MAP_FAILED) {
        ::close(fd);
        return Status::Invalid(fmt::format("{}: cannot map: {}", path, strerror(errno)));
      }
      data_ = static_cast<char*>(mapped);
      madvise(data_, size_, MADV_SEQUENTIAL);
    }
    ::close(fd);
    return Status::Ok();
  }

  std::string_view bytes() const { return {data_, size_}; }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
};

struct Row {
  std::string_view fields[kFields];
  EventType type = EventType::kAssigned;
  int64_t ts = 0;
};

// Equality of short byte strings without a call into libc: ids differ mostly in their last
// bytes, so the last word is compared first.
inline bool SameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const size_t n = a.size();
  if (n >= 8) {
    uint64_t x = 0;
    uint64_t y = 0;
    std::memcpy(&x, a.data() + n - 8, 8);
    std::memcpy(&y, b.data() + n - 8, 8);
    if (x != y) return false;
    for (size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&x, a.data() + i, 8);
      std::memcpy(&y, b.data() + i, 8);
      if (x != y) return false;
    }
    return true;
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// ParseEventType by length first: one fixed-size compare per row.
inline bool FastEventType(std::string_view t, EventType& type) {
  switch (t.size()) {
    case 6:
      type = EventType::kClosed;
      return std::memcmp(t.data(), "closed", 6) == 0;
    case 7:
      type = EventType::kReplied;
      return std::memcmp(t.data(), "replied", 7) == 0;
    case 8:
      type = EventType::kAssigned;
      return std::memcmp(t.data(), "assigned", 8) == 0;
    case 11:
      type = EventType::kStatusAway;
      return std::memcmp(t.data(), "status_away", 11) == 0;
    case 13:
      type = EventType::kStatusActive;
      return std::memcmp(t.data(), "status_active", 13) == 0;
    default:
      return false;
  }
}

// Bytes of `word` equal to zero get their high bit set (exactly: no false positives).
inline uint64_t ZeroBytes(uint64_t word) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  return ~(((word & kLow7) + kLow7) | word) & ~kLow7;
}
constexpr uint64_t kEachByte = 0x0101010101010101ULL;

// One line of the file: where it ends, where its first commas are, and whether it is all
// ASCII, found eight bytes at a time.
struct LineScan {
  const char* end = nullptr;    // the '\n' (or the end of the text)
  const char* commas[kFields];  // the first ones, up to kFields
  int count = 0;                // commas in the line (capped at kFields)
  bool ascii = true;
};

inline void ScanLine(const char* p, const char* limit, LineScan& scan) {
  scan.count = 0;
  uint64_t high = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time where the CPU has SSE2 (every x86-64): a row is about 60 bytes,
  // four steps instead of eight. The byte-at-a-time SWAR below finishes the last few bytes.
  const __m128i newlines = _mm_set1_epi8('\n');
  const __m128i commas = _mm_set1_epi8(',');
  while (p + 16 <= limit) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned newline = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newlines)));
    unsigned comma = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, commas)));
    unsigned top_bits = static_cast<unsigned>(_mm_movemask_epi8(bytes));
    if (newline != 0) {
      const unsigned before = (1U << __builtin_ctz(newline)) - 1;
      comma &= before;
      top_bits &= before;
    }
    high |= top_bits == 0 ? 0 : 0x80;
    while (comma != 0) {
      if (scan.count < kFields) scan.commas[scan.count++] = p + __builtin_ctz(comma);
      comma &= comma - 1;
    }
    if (newline != 0) {
      scan.end = p + __builtin_ctz(newline);
      scan.ascii = high == 0;
      return;
    }
    p += 16;
  }
#endif
  while (p + 8 <= limit) {
    uint64_t word = 0;
    std::memcpy(&word, p, 8);
    uint64_t newline = ZeroBytes(word ^ (kEachByte * '\n'));
    uint64_t comma = ZeroBytes(word ^ (kEachByte * ','));
    if (newline != 0) {
      const int at = __builtin_ctzll(newline) / 8;
      const uint64_t before = at == 0 ? 0 : (~0ULL >> (64 - 8 * at));
      comma &= before;
      high |= word & before;
    } else {
      high |= word;
    }
    while (comma != 0) {
      if (scan.count < kFields) scan.commas[scan.count++] = p + __builtin_ctzll(comma) / 8;
      comma &= comma - 1;
    }
    if (newline != 0) {
      scan.end = p + __builtin_ctzll(newline) / 8;
      scan.ascii = (high & 0x8080808080808080ULL) == 0;
      return;
    }
    p += 8;
  }
  for (; p < limit && *p != '\n'; ++p) {
    high |= static_cast<unsigned char>(*p);
    if (*p == ',' && scan.count < kFields) scan.commas[scan.count++] = p;
  }
  scan.end = p;
  scan.ascii = (high & 0x8080808080808080ULL) == 0;
}

// Rows come in time order, so consecutive rows nearly always share a date: its day number is
// kept and only the time of day parsed.
class TimestampParser {
 public:
  bool Parse(std::string_view text, int64_t& out) {
    if (have_date_ && text.size() == 20 && text[19] == 'Z' &&
        std::memcmp(text.data(), date_, 11) == 0 && text[13] == ':' && text[16] == ':') {
      const int h = Two(text, 11);
      const int m = Two(text, 14);
      const int s = Two(text, 17);
      if (h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 60) {
        out = day_seconds_ + h * 3600 + m * 60 + s;
        return true;
      }
      return false;
    }
    const std::optional<int64_t> parsed = ParseUtcTimestamp(text);
    if (!parsed) return false;
    out = *parsed;
    if (text.size() >= 11) {
      std::memcpy(date_, text.data(), 11);
      have_date_ = true;
      day_seconds_ = DayOfSeconds(*parsed) * 86400;
    }
    return true;
  }

 private:
  static int Two(std::string_view t, size_t at) {
    const unsigned a = static_cast<unsigned char>(t[at]) - '0';
    const unsigned b = static_cast<unsigned char>(t[at + 1]) - '0';
    return a < 10 && b < 10 ? static_cast<int>(a * 10 + b) : -1;
  }

  // "YYYY-MM-DDT" of the last full parse; until one, nothing may match it (the fuzzer found
  // eleven NUL bytes matching the zeroed buffer).
  char date_[11] = {};
  bool have_date_ = false;
  int64_t day_seconds_ = 0;
};

// The checks of one split row. `ascii`: the caller saw that the whole line is ASCII, so the
// UTF-8 check is skipped.
inline bool CheckRow(TimestampParser& times, bool ascii, Row& row, RowProblem& problem,
                     int& field) {
  for (int i : {kEventId, kAgent}) {
    if (row.fields[i].empty()) {
      problem = RowProblem::kMissingField;
      field = i;
      return false;
    }
  }
  if (!FastEventType(row.fields[kType], row.type)) {
    problem = RowProblem::kBadEventType;
    field = kType;
    return false;
  }
  const bool needs_conversation = row.type == EventType::kAssigned ||
                                  row.type == EventType::kReplied || row.type == EventType::kClosed;
  if (needs_conversation && row.fields[kConversation].empty()) {
    problem = RowProblem::kMissingField;
    field = kConversation;
    return false;
  }
  if (!times.Parse(row.fields[kTs], row.ts)) {
    problem = RowProblem::kBadTimestamp;
    field = kTs;
    return false;
  }
  for (int i : {kEventId, kConversation, kAgent}) {
    if (!ascii && !IsValidUtf8(row.fields[i])) {
      problem = RowProblem::kNotUtf8;
      field = i;
      return false;
    }
  }
  return true;
}

// Splits and checks one line (without its line ending). On a problem, `field` is the field at
// fault (-1 for the whole row). Quoted fields are unquoted; one with doubled quotes inside is
// copied into `arena`, whose strings must outlive the row's use.
bool ParseRow(std::string_view line, TimestampParser& times, std::deque<std::string>& arena,
              Row& row, RowProblem& problem, int& field) {
  size_t start = 0;
  for (int i = 0; i < kFields; ++i) {
    if (start < line.size() && line[start] == '"') {
      // A quoted field: up to the closing quote that is not doubled.
      std::string value;
      size_t at = start + 1;
      bool closed = false;
      bool copied = false;
      while (at < line.size()) {
        if (line[at] == '"') {
          if (at + 1 < line.size() && line[at + 1] == '"') {
            copied = true;
            value.push_back('"');
            at += 2;
            continue;
          }
          closed = true;
          break;
        }
        value.push_back(line[at]);
        ++at;
      }
      if (!closed || (at + 1 < line.size() && line[at + 1] != ',') ||
          (at + 1 == line.size() && i != kFields - 1) ||
          (i == kFields - 1 && at + 1 != line.size())) {
        problem = RowProblem::kFieldCount;
        field = -1;
        return false;
      }
      if (copied) {
        arena.push_back(std::move(value));
        row.fields[i] = arena.back();
      } else {
        row.fields[i] = line.substr(start + 1, at - start - 1);
      }
      start = at + 2;
      continue;
    }
    const size_t comma = i == kFields - 1 ? std::string_view::npos : line.find(',', start);
    if (i < kFields - 1 && comma == std::string_view::npos) {
      problem = RowProblem::kFieldCount;
      field = -1;
      return false;
    }
    row.fields[i] =
        line.substr(start, comma == std::string_view::npos ? line.size() - start : comma - start);
    start = comma == std::string_view::npos ? line.size() : comma + 1;
  }
  if (row.fields[kTs].find(',') != std::string_view::npos) {
    problem = RowProblem::kFieldCount;
    field = -1;
    return false;
  }
  return CheckRow(times, false, row, problem, field);
}

struct ChunkAgent {
  std::string_view name;
  AgentTimeline timeline;
  std::string_view last_event_id;
  int64_t first_line = 0;  // local to the chunk
  int64_t first_offset = 0;
  std::string_view first_event_id;
  // The agent's first status change in the chunk: where an active interval open at the end of
  // the chunk before ends (and is reported when it was too long).
  int64_t first_status_line = 0;
  int64_t first_status_offset = 0;
};

// One slice of the file, parsed by one thread.
struct Chunk {
  std::string_view text;  // whole lines
  int64_t offset = 0;     // of text in the file
  int64_t lines = 0;      // line endings seen, blank lines included
  int64_t rows = 0;
  int64_t counted = 0;
  std::vector<ChunkAgent> agents;    // in order of first appearance
  std::vector<ProblemRow> problems;  // lines local to the chunk
  std::deque<std::string> arena;
  // The chunk's own copy (a zone caches and is for one thread); held by pointer so the
  // timelines that use it may outlive a move of the chunk.
  std::unique_ptr<TimeZone> zone;
};

// Agent ids to their index in Chunk::agents. Rows of one agent are thousands of rows apart,
// so anything read from an agent's earlier rows in the mapped file would miss the cache: the
// index keeps its own small copies (the name, the last event id's length and final bytes) in one
// compact array, and the file is read again only when those all match.
class AgentIndex {
 public:
  size_t FindOrAdd(std::string_view name, std::vector<ChunkAgent>& agents, bool& added) {
    if ((agents.size() + 1) * 2 > slots_.size()) Grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = FastHash64(name) & mask;; i = (i + 1) & mask) {
      const uint32_t slot = slots_[i];
      if (slot == 0) {
        agents.push_back({});
        agents.back().name = name;
        hot_.push_back({std::string(name), 0, {}});
        slots_[i] = static_cast<uint32_t>(agents.size());
        added = true;
        return agents.size() - 1;
      }
      if (SameBytes(hot_[slot - 1].name, name)) {
        added = false;
        return slot - 1;
      }
    }
  }

  // Whether `event_id` is agent `a`'s last counted event id again.
  bool RepeatsLastEvent(size_t a, std::string_view event_id) const {
    const Hot& h = hot_[a];
    return h.last.size() == event_id.size() && h.last_tail == Tail(event_id) &&
           SameBytes(event_id, h.last);
  }
  void SetLastEvent(size_t a, std::string_view event_id) {
    hot_[a].last = event_id;
    hot_[a].last_tail = Tail(event_id);
  }
  std::string_view LastEvent(size_t a) const { return hot_[a].last; }

 private:
  // One cache line per agent: a row reads its agent's name and last event id from one line.
  struct alignas(64) Hot {
    std::string name;
    uint64_t last_tail;
    std::string_view last;  // in the file: read only when the tail and length match
  };

  static uint64_t Tail(std::string_view s) {
    uint64_t tail = 0;
    const size_t n = std::min<size_t>(8, s.size());
    std::memcpy(&tail, s.data() + s.size() - n, n);
    return tail;
  }

  void Grow() {
    slots_.assign(std::max<size_t>(64, slots_.size() * 2), 0);
    const size_t mask = slots_.size() - 1;
    for (size_t a = 0; a < hot_.size(); ++a) {
      size_t i = FastHash64(hot_[a].name) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = static_cast<uint32_t>(a + 1);
    }
  }

  std::vector<uint32_t> slots_;
  std::vector<Hot> hot_;
};

ProblemRow LongInterval(int64_t line, int64_t offset, const AgentTimeline& timeline,
                        const ReadEventsOptions& options) {
  ProblemRow p{line, offset, RowProblem::kLongInterval};
  p.interval_start = timeline.long_interval_start();
  p.interval_seconds = timeline.long_interval_seconds();
  p.counted_seconds = options.max_interval_seconds;
  return p;
}

void ParseChunk(Chunk& chunk, const ReadEventsOptions& options) {
  if (options.weeks_zone != nullptr) chunk.zone = std::make_unique<TimeZone>(*options.weeks_zone);
  TimestampParser times;
  AgentIndex index;
  Row row;
  LineScan scan;
  const char* p = chunk.text.data();
  const char* const end = p + chunk.text.size();
  while (p < end) {
    ScanLine(p, end, scan);
    const char* line_end = scan.end;
    const char* next = line_end == end ? end : line_end + 1;
    if (line_end > p && line_end[-1] == '\r') --line_end;
    ++chunk.lines;
    const std::string_view line(p, static_cast<size_t>(line_end - p));
    const int64_t offset = chunk.offset + (p - chunk.text.data());
    RowProblem problem = RowProblem::kFieldCount;
    int field = -1;
    bool ok = false;
    // The common row: four commas and no quotes, split where the scan found the commas.
    auto quoted = [line_end](const char* field_start) {
      return field_start < line_end && *field_start == '"';
    };
    const bool plain = scan.count == kFields - 1 && !quoted(p) && !quoted(scan.commas[0] + 1) &&
                       !quoted(scan.commas[1] + 1) && !quoted(scan.commas[2] + 1) &&
                       !quoted(scan.commas[3] + 1);
    if (plain) {
      const char* from = p;
      for (int i = 0; i < kFields - 1; ++i) {
        row.fields[i] = std::string_view(from, static_cast<size_t>(scan.commas[i] - from));
        from = scan.commas[i] + 1;
      }
      row.fields[kTs] = std::string_view(from, static_cast<size_t>(line_end - from));
      ok = CheckRow(times, scan.ascii, row, problem, field);
    } else if (line.empty()) {
      p = next;
      continue;
    } else {
      ok = ParseRow(line, times, chunk.arena, row, problem, field);
    }
    p = next;
    ++chunk.rows;
    if (!ok) {
      chunk.problems.push_back({chunk.lines, offset, problem});
      continue;
    }
    bool added = false;
    const size_t a = index.FindOrAdd(row.fields[kAgent], chunk.agents, added);
    ChunkAgent& agent = chunk.agents[a];
    if (added) {
      agent.first_line = chunk.lines;
      agent.first_offset = offset;
      agent.first_event_id = row.fields[kEventId];
      agent.timeline = AgentTimeline(chunk.zone.get(), options.max_interval_seconds);
    } else if (index.RepeatsLastEvent(a, row.fields[kEventId])) {
      chunk.problems.push_back({chunk.lines, offset, RowProblem::kDuplicate});
      continue;
    }
    const EventOutcome outcome = agent.timeline.Add(row.type, row.ts, row.fields[kConversation]);
    if (outcome == EventOutcome::kDuplicate || outcome == EventOutcome::kOutOfOrder) {
      chunk.problems.push_back(
          {chunk.lines, offset,
           outcome == EventOutcome::kDuplicate ? RowProblem::kDuplicate : RowProblem::kOutOfOrder});
      continue;
    }
    if (outcome == EventOutcome::kLongInterval) {
      chunk.problems.push_back(LongInterval(chunk.lines, offset, agent.timeline, options));
    }
    if (agent.first_status_line == 0 &&
        (row.type == EventType::kStatusActive || row.type == EventType::kStatusAway)) {
      agent.first_status_line = chunk.lines;
      agent.first_status_offset = offset;
    }
    index.SetLastEvent(a, row.fields[kEventId]);
    ++chunk.counted;
  }
  for (size_t a = 0; a < chunk.agents.size(); ++a)
    chunk.agents[a].last_event_id = index.LastEvent(a);
}

// What the first line looks like when it is not the canonical header.
std::string HeaderProblem(std::string_view first) {
  if (first.size() >= 2 &&
      ((first[0] == '\xff' && first[1] == '\xfe') || (first[0] == '\xfe' && first[1] == '\xff'))) {
    return "the file is UTF-16; save it as UTF-8";
  }
  std::string hint;
  if (first.find('\t') != std::string_view::npos) {
    hint = " (the file looks tab-separated; the canonical file uses commas)";
  } else if (first.find(';') != std::string_view::npos) {
    hint = " (the file looks semicolon-separated; the canonical file uses commas)";
  } else if (!IsValidUtf8(first)) {
    hint = " (the line is not UTF-8)";
  }
  std::string shown(first.substr(0, 120));
  if (!IsValidUtf8(shown)) shown = "(not UTF-8)";
  return fmt::format("expected the header \"{}\", found \"{}\"{}", kHeader, shown, hint);
}

// Splits `body` (which starts at `offset` in the file) into `threads` runs of whole lines.
std::vector<Chunk> SplitIntoChunks(std::string_view body, int64_t offset, int threads) {
  std::vector<Chunk> chunks;
  size_t start = 0;
  for (int i = 0; i < threads && start < body.size(); ++i) {
    size_t stop = body.size();
    if (i + 1 < threads) {
      const size_t target = start + (body.size() - start) / static_cast<size_t>(threads - i);
      const size_t nl = body.find('\n', target);
      stop = nl == std::string_view::npos ? body.size() : nl + 1;
    }
    Chunk c;
    c.text = body.substr(start, stop - start);
    c.offset = offset + static_cast<int64_t>(start);
    chunks.push_back(std::move(c));
    start = stop;
  }
  return chunks;
}

// Joins the chunks' timelines agent by agent, in file order. False when a chunk's rows for an
// agent go back in time against the chunk before (only a whole-file pass can say which rows
// are at fault then). An active interval capped where two chunks join is reported in the
// later chunk, at the row that ended it.
bool MergeChunks(std::vector<Chunk>& chunks, const ReadEventsOptions& options, EventsReading& out) {
  std::unordered_map<std::string_view, size_t> by_name;
  struct Merged {
    std::string_view name;
    AgentTimeline timeline;
    std::string_view last_event_id;
  };
  std::vector<Merged> merged;
  for (Chunk& chunk : chunks) {
    for (ChunkAgent& agent : chunk.agents) {
      if (agent.first_line == 0) continue;
      auto [it, added] = by_name.try_emplace(agent.name, merged.size());
      if (added) {
        merged.push_back({agent.name, std::move(agent.timeline), agent.last_event_id});
        continue;
      }
      Merged& m = merged[it->second];
      if (agent.first_event_id == m.last_event_id) return false;
      const EventOutcome joined = m.timeline.Append(std::move(agent.timeline));
      if (joined == EventOutcome::kLongInterval) {
        const ProblemRow p =
            LongInterval(agent.first_status_line, agent.first_status_offset, m.timeline, options);
        chunk.problems.insert(std::upper_bound(chunk.problems.begin(), chunk.problems.end(), p,
                                               [](const ProblemRow& a, const ProblemRow& b) {
                                                 return a.line < b.line;
                                               }),
                              p);
      } else if (joined != EventOutcome::kCounted) {
        return false;
      }
      if (!agent.last_event_id.empty()) m.last_event_id = agent.last_event_id;
    }
  }
  out.agents.reserve(merged.size());
  for (Merged& m : merged) {
    m.timeline.Finish();
    out.agents.push_back({std::string(m.name), m.timeline.TakeWeeks()});
  }
  std::sort(out.agents.begin(), out.agents.end(),
            [](const AgentWeeks& a, const AgentWeeks& b) { return a.agent < b.agent; });
  return true;
}

Result<EventsReading> ReadChunks(std::string_view body, int64_t body_offset, int threads,
                                 const ReadEventsOptions& options) {
  std::vector<Chunk> chunks = SplitIntoChunks(body, body_offset, threads);
  if (chunks.size() == 1) {
    ParseChunk(chunks[0], options);
  } else {
    std::vector<std::thread> workers;
    workers.reserve(chunks.size());
    for (Chunk& chunk : chunks) {
      workers.emplace_back([&chunk, &options] { ParseChunk(chunk, options); });
    }
    for (std::thread& t : workers) t.join();
  }
  EventsReading out;
  out.threads = static_cast<int>(chunks.size());
  if (!MergeChunks(chunks, options, out)) return Status::Conflict("chunks overlap in time");
  int64_t line_base = 1;  // the header
  for (Chunk& chunk : chunks) {
    out.rows += chunk.rows;
    out.counted += chunk.counted;
    for (ProblemRow p : chunk.problems) {
      p.line += line_base;
      ++out.problem_counts[static_cast<size_t>(p.problem)];
      out.problems.push_back(p);
    }
    line_base += chunk.lines;
  }
  return out;
}

}  // namespace

const char* RowProblemCode(RowProblem problem) { return kProblemCodes[static_cast<int>(problem)]; }

Result<EventsReading> ReadCanonicalEvents(const std::string& path,
                                          const ReadEventsOptions& options) {
  MappedFile file;
  if (Status s = file.Open(path); !s.ok()) return s;
  return ReadCanonicalEventText(file.bytes(), path, options);
}

Result<EventsReading> ReadCanonicalEventText(std::string_view text, const std::string& path,
                                             const ReadEventsOptions& options) {
  std::string_view bytes = text;
  int64_t offset = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    offset = 3;
  }
  const size_t header_end = bytes.find('\n');
  std::string_view header = bytes.substr(0, header_end);
  if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
  if (bytes.empty()) return Status::Invalid(fmt::format("{}: the file is empty", path));
  if (header != kHeader) {
    return Status::Invalid(fmt::format("{}:1:1: {}", path, HeaderProblem(header)));
  }
  const std::string_view body =
      header_end == std::string_view::npos ? std::string_view() : bytes.substr(header_end + 1);
  const int64_t body_offset = offset + static_cast<int64_t>(header.size()) + 1 +
                              (bytes.size() > header.size() && bytes[header.size()] == '\r');
  int threads = options.threads;
  if (threads <= 0) {
    threads = static_cast<int>(std::min<int64_t>(
        std::thread::hardware_concurrency(),
        std::max<int64_t>(1, static_cast<int64_t>(body.size()) / kBytesPerThread)));
  }
  threads = std::clamp<int>(threads, 1, 64);
  Result<EventsReading> reading = ReadChunks(body, body_offset, threads, options);
  if (!reading.ok() && threads > 1) reading = ReadChunks(body, body_offset, 1, options);
  if (!reading.ok()) return reading.status();
  EventsReading out = std::move(reading).value();
  out.bytes = static_cast<int64_t>(text.size());
  if (out.counted == 0) {
    return Status::Invalid(
        out.rows == 0 ? fmt::format("{}: the file has a header but no rows", path)
                      : fmt::format("{}: none of the {} rows can be used ({} with problems)", path,
                                    out.rows, out.problems.size()));
  }
  return out;
}

std::vector<Diagnostic> DescribeProblems(const std::string& path,
                                         const std::vector<ProblemRow>& problems, size_t limit) {
  MappedFile file;
  if (!file.Open(path).ok()) return {};
  return DescribeProblemsIn(file.bytes(), path, problems, limit);
}

std::vector<Diagnostic> DescribeProblemsIn(std::string_view bytes, const std::string& path,
                                           const std::vector<ProblemRow>& problems, size_t limit) {
  std::vector<Diagnostic> out;
  TimestampParser times;
  std::deque<std::string> arena;
  for (size_t i = 0; i < problems.size() && i < limit; ++i) {
    const ProblemRow& p = problems[i];
    std::string_view line = bytes.substr(static_cast<size_t>(p.offset));
    line = line.substr(0, line.find('\n'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    Row row;
    RowProblem found = p.problem;
    int field = -1;
    ParseRow(line, times, arena, row, found, field);
    Diagnostic d;
    d.file = path;
    d.line = static_cast<int>(p.line);
    d.column = 1;
    if (field >= 0) {
      d.column = 1 + static_cast<int>(CountCodePoints(line.substr(
                         0, static_cast<size_t>(row.fields[field].data() - line.data()))));
    }
    d.code = RowProblemCode(p.problem);
    std::string shown(field >= 0 ? row.fields[field].substr(0, 80) : line.substr(0, 120));
    if (!IsValidUtf8(shown)) shown = "(bytes that are not UTF-8)";
    switch (p.problem) {
      case RowProblem::kFieldCount:
        d.message = fmt::format("expected 5 fields ({}), found: {}", kHeader, shown);
        break;
      case RowProblem::kMissingField:
        d.message = fmt::format("{} is empty", kFieldNames[std::max(field, 0)]);
        break;
      case RowProblem::kBadEventType:
        d.message = fmt::format(
            "event_type \"{}\" is not one of assigned, replied, closed, status_active, "
            "status_away",
            shown);
        break;
      case RowProblem::kBadTimestamp:
        d.message =
            fmt::format("ts \"{}\" is not an ISO 8601 UTC time like 2026-01-05T09:00:00Z", shown);
        break;
      case RowProblem::kNotUtf8:
        d.message = fmt::format("{} is not UTF-8 (is the file in another encoding?)",
                                kFieldNames[std::max(field, 0)]);
        break;
      case RowProblem::kDuplicate:
        d.message = "the agent's previous row again (same event_id or status change); skipped";
        break;
      case RowProblem::kOutOfOrder:
        d.message =
            "earlier than this agent's rows before it; each agent's rows must be in time order";
        break;
      case RowProblem::kLongInterval:
        d.severity = Severity::kWarning;
        d.column = 1;
        d.message = LongIntervalMessage(p.interval_start, p.interval_seconds, p.counted_seconds);
        break;
      case RowProblem::kCount:
        break;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace rungs
