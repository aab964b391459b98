#include "metrics/event_runs.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <queue>
#include <system_error>
#include <tuple>
#include <utility>

#include <fmt/format.h>

namespace rungs {
namespace {

// Runs merged into one when there are this many, so a merge never holds many descriptors or
// read buffers.
constexpr size_t kMaxRuns = 128;
constexpr size_t kReadBlock = 64 << 10;
constexpr size_t kWriteBlock = 256 << 10;
// The largest budget: text offsets are 32-bit.
constexpr size_t kMaxRunBytes = size_t{1} << 30;

constexpr uint8_t kEnd = 1;
constexpr uint8_t kInterval = 2;
constexpr uint8_t kKeyOnly = 4;

uint8_t FlagsOf(const RunEvent& e) {
  return static_cast<uint8_t>((e.end ? kEnd : 0) | (e.interval ? kInterval : 0) |
                              (e.key_only ? kKeyOnly : 0));
}

void SetFlags(uint8_t flags, RunEvent& e) {
  e.end = (flags & kEnd) != 0;
  e.interval = (flags & kInterval) != 0;
  e.key_only = (flags & kKeyOnly) != 0;
}

// Identity, time, an interval's end first: the order of the merged stream.
auto Key(const RunEvent& e) { return std::make_tuple(e.identity, e.ts, !e.end); }

}  // namespace

class EventRuns::RunFile {
 public:
  RunFile() = default;
  RunFile(const RunFile&) = delete;
  RunFile& operator=(const RunFile&) = delete;
  ~RunFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Create(const std::string& dir) {
    std::string name = dir + "/rungs-events-XXXXXX";
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) {
      return Status::Invalid(
          fmt::format("cannot create a file for sorting events in {}: {}", dir, strerror(errno)));
    }
    // Gone from the folder at once: the descriptor keeps it while it is needed.
    ::unlink(name.c_str());
    dir_ = dir;
    return Status::Ok();
  }

  // Writes `p` and its text (the conversation, then the time text, side by side) through
  // `buffer`, which is the caller's until Finish: runs are written one at a time, so one
  // buffer serves them all and its pages are touched once.
  Status Write(const Pending& p, const char* text, std::string& buffer) {
    const size_t text_size = p.conversation_size + p.time_size;
    const size_t size = sizeof p + text_size;
    if (used_ + size > buffer.size()) {
      if (Status s = Flush(buffer); !s.ok()) return s;
      if (buffer.size() < std::max(kWriteBlock, size)) buffer.resize(std::max(kWriteBlock, size));
    }
    char* at = buffer.data() + used_;
    std::memcpy(at, &p, sizeof p);
    std::memcpy(at + sizeof p, text, text_size);
    used_ += size;
    return Status::Ok();
  }

  Status Write(const RunEvent& e, std::string& buffer) {
    std::string& text = text_;
    text.assign(e.conversation);
    text.append(e.time_text);
    const Pending p{e.identity,
                    e.line,
                    e.ts,
                    0,
                    static_cast<uint32_t>(e.conversation.size()),
                    static_cast<uint32_t>(e.time_text.size()),
                    e.time_line,
                    e.time_column,
                    e.rule,
                    e.type,
                    FlagsOf(e)};
    return Write(p, text.data(), buffer);
  }

  Status Flush(const std::string& buffer) {
    size_t done = 0;
    while (done < used_) {
      const ssize_t n = ::write(fd_, buffer.data() + done, used_ - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        return Status::Invalid(fmt::format("cannot write the events being sorted to {}: {}", dir_,
                                           strerror(n < 0 ? errno : ENOSPC)));
      }
      done += static_cast<size_t>(n);
    }
    used_ = 0;
    return Status::Ok();
  }

  // Writes what is buffered: a run is written once.
  Status Finish(const std::string& buffer) {
    Status s = Flush(buffer);
    used_ = 0;
    std::string().swap(text_);
    return s;
  }

  // Lines read back are moved down by `offset` (see EventRuns::Append).
  void MoveLines(uint32_t offset) { line_offset_ = offset; }

  void Rewind() {
    offset_ = 0;
    buffer_.clear();
    at_ = 0;
  }

  // The next record into `e`, its views into this file's buffer until the next call; false at
  // the end.
  Result<bool> Next(RunEvent& e) {
    Result<bool> has = Fill(sizeof(Pending));
    if (!has.ok() || !*has) return has;
    Pending h;
    std::memcpy(&h, buffer_.data() + at_, sizeof h);
    const size_t size = sizeof h + h.conversation_size + h.time_size;
    has = Fill(size);
    if (!has.ok()) return has;
    if (!*has) return Status::Internal("a sorted run of events ends inside a record");
    const char* text = buffer_.data() + at_ + sizeof h;
    e.identity = h.identity;
    e.line = Moved(h.line);
    e.ts = h.ts;
    e.type = h.type;
    e.rule = h.rule;
    e.time_line = h.time_line == 0 ? 0 : Moved(h.time_line);
    e.time_column = h.time_column;
    SetFlags(h.flags, e);
    e.conversation = std::string_view(text, h.conversation_size);
    e.time_text = std::string_view(text + h.conversation_size, h.time_size);
    at_ += size;
    return true;
  }

 private:
  // At least `size` bytes from at_ in buffer_; false at the end of the file.
  Result<bool> Fill(size_t size) {
    if (buffer_.size() - at_ >= size) return true;
    buffer_.erase(0, at_);
    at_ = 0;
    while (buffer_.size() < size) {
      const size_t had = buffer_.size();
      buffer_.resize(had + std::max(kReadBlock, size - had));
      const ssize_t n = ::pread(fd_, buffer_.data() + had, buffer_.size() - had, offset_);
      if (n < 0 && errno == EINTR) {
        buffer_.resize(had);
        continue;
      }
      if (n < 0) {
        return Status::Invalid(fmt::format("cannot read the events being sorted back from {}: {}",
                                           dir_, strerror(errno)));
      }
      buffer_.resize(had + static_cast<size_t>(n));
      offset_ += n;
      if (n == 0) return false;
    }
    return true;
  }

  uint32_t Moved(uint32_t line) const {
    return static_cast<uint32_t>(std::min<uint64_t>(uint64_t{line} + line_offset_, UINT32_MAX));
  }

  int fd_ = -1;
  uint32_t line_offset_ = 0;
  std::string dir_;
  size_t used_ = 0;   // of the write buffer
  std::string text_;  // a merged event's text, side by side
  std::string buffer_;
  size_t at_ = 0;
  off_t offset_ = 0;
};

EventRuns::EventRuns(std::string dir, size_t run_bytes)
    : dir_(std::move(dir)),
      buffer_bytes_(std::max<size_t>(std::min(run_bytes, kMaxRunBytes) / 2, 1)) {}

EventRuns::~EventRuns() = default;

Status EventRuns::Add(const RunEvent& e) {
  static_assert(sizeof(Pending) == 40, "docs/MAPPINGS.md says 40 bytes an event");
  Buffer& b = filling_;
  // Grown in few steps, not by doubling (each step copies the buffer), and not to the whole
  // budget at once: most readings are small, and a 64 MiB block for each made the fuzz targets
  // (every input a reading) spend most of their time mapping and unmapping memory.
  if (b.pending.size() == b.pending.capacity()) {
    b.pending.reserve(std::min(std::max<size_t>(b.pending.capacity() * 4, size_t{1} << 10),
                               buffer_bytes_ / sizeof(Pending) + 1));
  }
  const size_t text = e.conversation.size() + e.time_text.size();
  if (b.text.size() + text > b.text.capacity()) {
    b.text.reserve(std::max(
        b.text.size() + text,
        std::min(std::max<size_t>(b.text.capacity() * 4, size_t{1} << 14), buffer_bytes_)));
  }
  b.max_identity = std::max(b.max_identity, e.identity);
  b.pending.push_back({e.identity, e.line, e.ts, static_cast<uint32_t>(b.text.size()),
                       static_cast<uint32_t>(e.conversation.size()),
                       static_cast<uint32_t>(e.time_text.size()), e.time_line, e.time_column,
                       e.rule, e.type, FlagsOf(e)});
  b.text.append(e.conversation);
  b.text.append(e.time_text);
  b.sorted = false;
  if (b.pending.size() * sizeof(Pending) + b.text.size() < buffer_bytes_) return Status::Ok();
  // Full: written on another thread while the next events go to the other buffer.
  if (Status s = WaitForSpill(); !s.ok()) return s;
  std::swap(filling_, spilling_);
  ++spilled_;
  try {
    spill_ = std::async(std::launch::async, [this] { return Spill(spilling_); });
  } catch (const std::system_error&) {
    return Spill(spilling_);  // no thread to be had: written here instead
  }
  return Status::Ok();
}

Status EventRuns::WaitForSpill() {
  if (!spill_.valid()) return Status::Ok();
  return spill_.get();
}

void EventRuns::Buffer::Sort() {
  if (sorted) return;
  sorted = true;
  auto before = [this](uint32_t a, uint32_t b) {
    const Pending& x = pending[a];
    const Pending& y = pending[b];
    return std::make_tuple(x.identity, x.ts, (x.flags & kEnd) == 0) <
           std::make_tuple(y.identity, y.ts, (y.flags & kEnd) == 0);
  };
  const size_t n = pending.size();
  order.resize(n);
  if (max_identity >= n) {
    // More identities than events: counting them would cost more than sorting.
    for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
    std::stable_sort(order.begin(), order.end(), before);
    return;
  }
  // By identity first, counting (stable, so each identity's events keep the order they were
  // added in); exports are mostly in time order, so most identities are then sorted already.
  std::vector<uint32_t> start(max_identity + 2, 0);
  for (const Pending& p : pending) ++start[p.identity + 1];
  for (size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
  std::vector<uint32_t> next(start.begin(), start.end() - 1);
  for (size_t i = 0; i < n; ++i) order[next[pending[i].identity]++] = static_cast<uint32_t>(i);
  for (size_t id = 0; id + 1 < start.size(); ++id) {
    const auto first = order.begin() + start[id];
    const auto last = order.begin() + start[id + 1];
    if (!std::is_sorted(first, last, before)) std::stable_sort(first, last, before);
  }
}

void EventRuns::Buffer::Clear() {
  pending.clear();
  order.clear();
  max_identity = 0;
  text.clear();
  sorted = true;
}

namespace {

template <typename Pending>
RunEvent EventOf(const Pending& p, const std::string& text) {
  RunEvent e;
  e.identity = p.identity;
  e.line = p.line;
  e.ts = p.ts;
  e.type = p.type;
  e.rule = p.rule;
  e.time_line = p.time_line;
  e.time_column = p.time_column;
  SetFlags(p.flags, e);
  e.conversation = std::string_view(text).substr(p.text, p.conversation_size);
  e.time_text = std::string_view(text).substr(p.text + p.conversation_size, p.time_size);
  return e;
}

}  // namespace

Status EventRuns::Spill(Buffer& b) {
  b.Sort();
  auto run = std::make_unique<RunFile>();
  if (Status s = run->Create(dir_); !s.ok()) return s;
  for (const uint32_t i : b.order) {
    const Pending& p = b.pending[i];
    if (Status s = run->Write(p, b.text.data() + p.text, write_buffer_); !s.ok()) return s;
  }
  if (Status s = run->Finish(write_buffer_); !s.ok()) return s;
  runs_.push_back(std::move(run));
  b.Clear();
  if (runs_.size() < kMaxRuns) return Status::Ok();
  auto merged = std::make_unique<RunFile>();
  if (Status s = merged->Create(dir_); !s.ok()) return s;
  if (Status s = Merge([&](const RunEvent& e) { return merged->Write(e, write_buffer_); });
      !s.ok()) {
    return s;
  }
  if (Status s = merged->Finish(write_buffer_); !s.ok()) return s;
  runs_.clear();
  runs_.push_back(std::move(merged));
  return Status::Ok();
}

Status EventRuns::Append(EventRuns& later, uint32_t line_offset) {
  for (EventRuns* runs : {this, &later}) {
    if (Status s = runs->WaitForSpill(); !s.ok()) return s;
    if (!runs->filling_.pending.empty()) {
      ++runs->spilled_;
      if (Status s = runs->Spill(runs->filling_); !s.ok()) return s;
    }
  }
  for (std::unique_ptr<RunFile>& run : later.runs_) {
    run->MoveLines(line_offset);
    runs_.push_back(std::move(run));
  }
  spilled_ += later.spilled_;
  later.runs_.clear();
  return Status::Ok();
}

Status EventRuns::ForEach(const Visit& visit) {
  if (Status s = WaitForSpill(); !s.ok()) return s;
  if (runs_.empty()) {
    filling_.Sort();
    for (const uint32_t i : filling_.order) {
      if (Status s = visit(EventOf(filling_.pending[i], filling_.text)); !s.ok()) return s;
    }
    return Status::Ok();
  }
  if (!filling_.pending.empty()) {
    ++spilled_;
    if (Status s = Spill(filling_); !s.ok()) return s;
  }
  return Merge(visit);
}

Status EventRuns::Merge(const Visit& visit) {
  std::vector<RunEvent> heads(runs_.size());
  // The run whose head comes first on top; equal keys from earlier runs first (added earlier).
  auto later = [&heads](size_t a, size_t b) {
    return std::make_tuple(Key(heads[a]), a) > std::make_tuple(Key(heads[b]), b);
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> queue(later);
  for (size_t i = 0; i < runs_.size(); ++i) {
    runs_[i]->Rewind();
    const Result<bool> has = runs_[i]->Next(heads[i]);
    if (!has.ok()) return has.status();
    if (*has) queue.push(i);
  }
  while (!queue.empty()) {
    const size_t i = queue.top();
    queue.pop();
    if (Status s = visit(heads[i]); !s.ok()) return s;
    const Result<bool> has = runs_[i]->Next(heads[i]);
    if (!has.ok()) return has.status();
    if (*has) queue.push(i);
  }
  return Status::Ok();
}

}  // namespace rungs
