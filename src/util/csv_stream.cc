#include "util/csv_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

namespace rungs {
namespace {

constexpr size_t kBlockBytes = 1 << 20;

bool IsAscii(std::string_view s) {
  uint64_t high = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    high |= word;
  }
  for (; i < s.size(); ++i) high |= static_cast<unsigned char>(s[i]);
  return (high & 0x8080808080808080ULL) == 0;
}

int CodePoints(std::string_view s) {
  int n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string_view TextSource::Next() {
  const std::string_view block = text_.substr(0, block_bytes_);
  text_.remove_prefix(block.size());
  return block;
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileSource::Open(const std::string& path, int64_t offset) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return Status::Invalid(fmt::format("{}: cannot open: {}", path, strerror(errno)));
  struct stat st {};
  if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::Invalid(fmt::format("{}: not a regular file", path));
  }
  total_ = st.st_size;
  if (offset > 0 && ::lseek(fd_, offset, SEEK_SET) != offset) {
    return Status::Invalid(
        fmt::format("{}: cannot read from byte {}: {}", path, offset, strerror(errno)));
  }
  buffer_.resize(kBlockBytes);
  return Status::Ok();
}

std::string_view FileSource::Next() {
  for (;;) {
    const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return {};
    return {buffer_.data(), static_cast<size_t>(n)};
  }
}

std::string_view CsvStream::Peek() {
  if (block_.empty() && !eof_) Refill();
  return block_.substr(at_);
}

std::string_view CsvRecord::raw() const {
  if (!in_place_) return raw_;
  std::string_view shown = line_.substr(0, kRawShown);
  if (!shown.empty() && shown.back() == '\r' && raw_bytes <= kRawShown) shown.remove_suffix(1);
  return shown;
}

bool CsvStream::Next(CsvRecord& r) {
  r.in_place_ = false;
  r.text_.clear();
  r.fields.clear();
  r.raw_.clear();
  r.raw_bytes = 0;
  r.unclosed_quote = false;
  r.too_long = false;
  r.ascii = false;
  r.line = line_;
  if (at_ >= block_.size() && !Refill()) return false;
  if (NextPlain(r)) return true;
  r.ascii = false;
  r.fields.clear();
  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote } state = State::kFieldStart;
  StartField(r);
  bool quoted = false;  // the current field started with a quote
  for (;;) {
    if (at_ >= block_.size() && !Refill()) {
      if (state == State::kQuoted) r.unclosed_quote = true;
      break;
    }
    if (state == State::kUnquoted || state == State::kQuoted) {
      // The bytes up to the next one that means something in this state, in one go.
      const char stop = state == State::kUnquoted ? dialect_.delimiter : dialect_.quote;
      const char cr = dialect_.cr_ends_rows ? '\r' : '\n';
      const char* const begin = block_.data() + at_;
      const char* const end = block_.data() + block_.size();
      const char* p = begin;
      int columns = 0;
      while (p < end && *p != stop && *p != '\n' && *p != cr) {
        columns += (static_cast<unsigned char>(*p) & 0xC0) != 0x80;
        ++p;
      }
      if (p != begin) {
        const size_t n = static_cast<size_t>(p - begin);
        column_ += columns;
        AppendRun(r, std::string_view(begin, n));
        at_ += n;
        consumed_ += static_cast<int64_t>(n);
        continue;
      }
    }
    const char c = block_[at_++];
    ++consumed_;
    if (c == '\r' && dialect_.cr_ends_rows) {
      if (state == State::kQuoted) {
        if (NextIs('\n')) continue;  // a CRLF inside quotes reads as LF
        ++r.raw_bytes;
        if (r.raw_.size() < CsvRecord::kRawShown) r.raw_.push_back(c);
        Append(r, c);
        continue;
      }
      if (NextIs('\n')) {  // one row end, CRLF
        ++at_;
        ++consumed_;
        ++line_;
        column_ = 1;
      }
      break;
    }
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
    if (c == '\n' && state != State::kQuoted) break;
    ++r.raw_bytes;
    if (r.raw_.size() < CsvRecord::kRawShown) r.raw_.push_back(c);
    switch (state) {
      case State::kFieldStart:
        if (c == dialect_.quote) {
          state = State::kQuoted;
          quoted = true;
        } else if (c == dialect_.delimiter) {
          EndField(r);
          StartField(r);
        } else {
          Append(r, c);
          state = State::kUnquoted;
        }
        break;
      case State::kUnquoted:
        if (c == dialect_.delimiter) {
          EndField(r);
          StartField(r);
          state = State::kFieldStart;
          quoted = false;
        } else {
          Append(r, c);
        }
        break;
      case State::kQuoted:
        if (c == dialect_.quote) {
          state = State::kAfterQuote;
        } else {
          Append(r, c);
        }
        break;
      case State::kAfterQuote:
        if (c == dialect_.quote) {
          Append(r, c);
          state = State::kQuoted;
        } else if (c == dialect_.delimiter) {
          EndField(r);
          StartField(r);
          state = State::kFieldStart;
          quoted = false;
        } else if (c != '\r') {
          Append(r, c);  // text after a closing quote: kept, as spreadsheets do
          state = State::kUnquoted;
        }
        break;
    }
  }
  EndField(r);
  // A CRLF line ending leaves a '\r' at the end of an unquoted last field.
  CsvFieldSpan& last = r.fields.back();
  if (!quoted && last.end > last.begin && r.text_[last.end - 1] == '\r') --last.end;
  if (!r.raw_.empty() && r.raw_.back() == '\r' && r.raw_bytes <= CsvRecord::kRawShown)
    r.raw_.pop_back();
  return true;
}

namespace {

// Splits `line` (`room` bytes readable from its start: its line break and the rest of the
// block) at `delimiter`, 16 bytes at a time where the machine can: spans into `fields`, with
// the columns of an ASCII line from `column`, and whether every byte is ASCII. False, with
// `fields` half made, when a quote is in the line or it has more than `max_fields` fields.
bool SplitWithoutQuotes(std::string_view line, size_t room, char delimiter, char quote,
                        size_t max_fields, int64_t line_number, int column,
                        std::vector<CsvFieldSpan>& fields, bool& ascii) {
  const size_t n = line.size();
  size_t start = 0;
  auto add = [&](size_t end) {
    if (fields.size() >= max_fields) return false;
    // Member by member: a span built on the stack and copied in was read back before its
    // stores could be forwarded, a stall that took a sixth of the mapped reader's time.
    CsvFieldSpan& f = fields.emplace_back();
    f.begin = start;
    f.end = end;
    f.line = line_number;
    f.column = column + static_cast<int>(start);
    start = end + 1;
    return true;
  };
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i quotes = _mm_set1_epi8(quote);
  unsigned high = 0;
  for (size_t base = 0; base < n; base += 16) {
    __m128i v;
    if (base + 16 <= room) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + base));
    } else {
      alignas(16) char tail[16] = {};
      std::memcpy(tail, line.data() + base, n - base);
      v = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
    }
    const unsigned valid = n - base >= 16 ? 0xFFFFu : (1u << (n - base)) - 1;
    if ((static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quotes))) & valid) != 0) {
      return false;
    }
    high |= static_cast<unsigned>(_mm_movemask_epi8(v)) & valid;
    unsigned at = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, delimiters))) & valid;
    for (; at != 0; at &= at - 1) {
      if (!add(base + static_cast<size_t>(__builtin_ctz(at)))) return false;
    }
  }
  ascii = high == 0;
#else
  (void)room;
  for (size_t i = 0; i < n; ++i) {
    if (line[i] == quote) return false;
    if (line[i] == delimiter && !add(i)) return false;
  }
  ascii = IsAscii(line);
#endif
  return add(n);
}

}  // namespace

bool CsvStream::NextPlain(CsvRecord& r) {
  const char* const begin = block_.data() + at_;
  const size_t room = block_.size() - at_;
  const void* newline = std::memchr(begin, '\n', room);
  if (newline == nullptr) return false;
  const size_t n = static_cast<size_t>(static_cast<const char*>(newline) - begin);
  if (n > dialect_.max_record_bytes) return false;
  const std::string_view line(begin, n);
  if (dialect_.cr_ends_rows && line.find('\r') != std::string_view::npos) return false;
  bool ascii = false;
  bool last_quoted = false;
  if (SplitWithoutQuotes(line, room, dialect_.delimiter, dialect_.quote, dialect_.max_fields, line_,
                         column_, r.fields, ascii)) {
    if (!ascii) {
      int column = column_;
      for (CsvFieldSpan& f : r.fields) {
        f.column = column;
        column += CodePoints(line.substr(f.begin, f.end - f.begin)) + 1;
      }
    }
  } else {
    r.fields.clear();
    ascii = IsAscii(line);
    if (!SplitQuoted(line, ascii, r, last_quoted)) return false;
  }
  // A CRLF line ending leaves a '\r' at the end of an unquoted last field.
  CsvFieldSpan& last = r.fields.back();
  if (!last_quoted && last.end > last.begin && line[last.end - 1] == '\r') --last.end;
  r.ascii = ascii;
  r.raw_bytes = n;
  r.in_place_ = true;
  r.line_ = line;
  at_ += n + 1;
  consumed_ += static_cast<int64_t>(n + 1);
  ++line_;
  column_ = 1;
  return true;
}

bool CsvStream::SplitQuoted(std::string_view line, bool ascii, CsvRecord& r, bool& last_quoted) {
  const size_t n = line.size();
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;
  int column = column_;
  size_t i = 0;
  for (;;) {
    if (r.fields.size() >= dialect_.max_fields) return false;
    const size_t start = i;
    size_t first = i;
    size_t end = 0;
    last_quoted = i < n && line[i] == quote;
    if (last_quoted) {
      // Quoted, closed on this line, without a doubled quote, and followed by the delimiter or
      // the line's end: its bytes are the span between the quotes. Anything else (a line break
      // or a doubled quote inside, text after the closing quote) is read the long way.
      const size_t close = line.find(quote, i + 1);
      if (close == std::string_view::npos) return false;
      i = close + 1;
      if (i + 1 == n && line[i] == '\r') i = n;  // the CR of a CRLF
      if (i < n && line[i] != delimiter) return false;
      first = start + 1;
      end = close;
    } else {
      while (i < n && line[i] != delimiter) {
        if (line[i] == quote) return false;  // a quote inside a field: the long way
        ++i;
      }
      end = i;
    }
    r.fields.push_back({first, end, line_, ascii ? column_ + static_cast<int>(start) : column});
    if (i >= n) return true;
    if (!ascii) column += CodePoints(line.substr(start, i - start)) + 1;
    ++i;  // the delimiter
  }
}

bool CsvStream::NextIs(char c) {
  if (at_ >= block_.size() && !Refill()) return false;
  return block_[at_] == c;
}

bool CsvStream::Refill() {
  if (eof_) return false;
  block_ = source_.Next();
  at_ = 0;
  if (block_.empty()) eof_ = true;
  return !eof_;
}

void CsvStream::StartField(CsvRecord& r) {
  if (r.fields.size() >= dialect_.max_fields) {
    r.too_long = true;
    return;
  }
  r.fields.push_back({r.text_.size(), r.text_.size(), line_, column_});
}

void CsvStream::AppendRun(CsvRecord& r, std::string_view run) {
  r.raw_bytes += run.size();
  if (r.raw_.size() < CsvRecord::kRawShown) {
    r.raw_.append(run.substr(0, CsvRecord::kRawShown - r.raw_.size()));
  }
  const size_t room =
      dialect_.max_record_bytes - std::min(r.text_.size(), dialect_.max_record_bytes);
  if (run.size() > room) r.too_long = true;
  r.text_.append(run.substr(0, room));
}

void CsvStream::Append(CsvRecord& r, char c) {
  if (r.text_.size() >= dialect_.max_record_bytes) {
    r.too_long = true;
    return;
  }
  r.text_.push_back(c);
}

}  // namespace rungs
