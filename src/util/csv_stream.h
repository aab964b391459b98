// The project's CSV reader: RFC 4180 records read one at a time from a file in 1 MiB blocks (or
// from text in memory), so an export of any length is never held whole. Each field keeps its
// line and column (code points); a record longer than the dialect's limits (1 MiB, 4,096 fields
// by default) is marked too long rather than grown, and a quote still open at the end is marked
// unclosed. Helpdesk exports read it directly; util/csv.h's ParseDelimited reads whole small
// documents (competency matrices, rosters) through it with the spreadsheet dialect. (The
// canonical events reader keeps its own SSE2 line splitter: it is the hot path.)
#ifndef RUNGS_UTIL_CSV_STREAM_H_
#define RUNGS_UTIL_CSV_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rungs {

// Where the bytes come from: a file read in blocks, or text already in memory.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // The next block; empty at the end.
  virtual std::string_view Next() = 0;
  virtual int64_t total() const = 0;
};

class TextSource : public ByteSource {
 public:
  // `block_bytes`: how much Next hands out at a time (tests make it small to put records
  // across blocks).
  explicit TextSource(std::string_view text, size_t block_bytes = size_t{1} << 20)
      : text_(text), total_(static_cast<int64_t>(text.size())), block_bytes_(block_bytes) {}
  std::string_view Next() override;
  int64_t total() const override { return total_; }

 private:
  std::string_view text_;  // what Next has not handed out yet
  int64_t total_;
  size_t block_bytes_;
};

class FileSource : public ByteSource {
 public:
  FileSource() = default;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  ~FileSource() override;
  // A regular file only, read from byte `offset` on; the Status names `path`.
  Status Open(const std::string& path, int64_t offset = 0);
  std::string_view Next() override;
  int64_t total() const override { return total_; }

 private:
  int fd_ = -1;
  int64_t total_ = 0;
  std::string buffer_;
};

struct CsvFieldSpan {
  size_t begin = 0;
  size_t end = 0;
  int64_t line = 0;
  int column = 1;
};

struct CsvRecord {
  static constexpr size_t kRawShown = 300;

  std::vector<CsvFieldSpan> fields;
  size_t raw_bytes = 0;
  int64_t line = 0;
  bool unclosed_quote = false;
  bool too_long = false;
  // Every byte is ASCII, so every field is valid UTF-8 (false only means it was not checked).
  bool ascii = false;

  // The fields' unquoted bytes; each field is a span of it (a record read in place keeps its
  // delimiters in it too, between the spans). Valid until the stream's next Next.
  std::string_view text() const { return in_place_ ? line_ : std::string_view(text_); }
  // As written, cut at kRawShown (the CR of a CRLF is not shown).
  std::string_view raw() const;
  std::string_view Field(size_t i) const {
    return text().substr(fields[i].begin, fields[i].end - fields[i].begin);
  }
  // An empty line, LF or CRLF.
  bool Blank() const {
    return fields.size() == 1 && fields[0].begin == fields[0].end && raw().empty() &&
           raw_bytes <= 1;
  }

 private:
  friend class CsvStream;
  // A record that is one line of the stream's block, its quoted fields without doubled quotes,
  // is read in place: its text and raw bytes are that line (copying every line twice was a sixth of
  // the mapped reader's time). Any other record is built in text_ and raw_.
  bool in_place_ = false;
  std::string_view line_;
  std::string text_;
  std::string raw_;
};

// How a file writes its records.
struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  // Spreadsheet documents: CR, LF and CRLF each end a row (old Mac spreadsheets end lines with a
  // bare CR), a CRLF inside quotes reads as LF, and a CR is no column. Otherwise (exports, read
  // as the canonical reader reads them) only LF ends a record and the CR of a CRLF is dropped
  // from the record's last field.
  bool cr_ends_rows = false;
  size_t max_record_bytes = size_t{1} << 20;
  size_t max_fields = 4096;
};

// RFC 4180 records from a ByteSource, one at a time, with lines and columns.
class CsvStream {
 public:
  CsvStream(ByteSource& source, const CsvDialect& dialect) : source_(source), dialect_(dialect) {}
  CsvStream(ByteSource& source, char delimiter, char quote)
      : CsvStream(source, CsvDialect{delimiter, quote}) {}

  int64_t consumed() const { return consumed_; }
  // The line the next record starts on.
  int64_t line() const { return line_; }

  // The first bytes of the input (for a byte-order mark), without consuming them.
  std::string_view Peek();
  void Skip(size_t n) {
    at_ += n;
    consumed_ += static_cast<int64_t>(n);
  }
  // The next record into `r` (its buffers reused); false at the end of the input.
  bool Next(CsvRecord& r);

 private:
  bool Refill();
  // A record that is one line of the current block whose quoted fields, if any, are only
  // quoted (most records of any export), read in place; false, with `r` half made, when the
  // record is not one.
  bool NextPlain(CsvRecord& r);
  // NextPlain's fields of a `line` with quotes in it; false when they are not only quoted.
  bool SplitQuoted(std::string_view line, bool ascii, CsvRecord& r, bool& last_quoted);
  // Whether the next byte is `c`, reading the next block when this one is done.
  bool NextIs(char c);
  void StartField(CsvRecord& r);
  void EndField(CsvRecord& r) { r.fields.back().end = r.text_.size(); }
  void Append(CsvRecord& r, char c);
  // Bytes of a field that are all text, shown in `raw` too.
  void AppendRun(CsvRecord& r, std::string_view run);

  ByteSource& source_;
  CsvDialect dialect_;
  std::string_view block_;
  size_t at_ = 0;
  bool eof_ = false;
  int64_t line_ = 1;
  int column_ = 1;
  int64_t consumed_ = 0;
};

}  // namespace rungs

#endif  // RUNGS_UTIL_CSV_STREAM_H_
