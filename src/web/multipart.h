// A streaming parser for multipart/form-data request bodies (RFC 7578). Uploads run to
// gigabytes and arrive in pieces of any size, so each part's bytes are handed on as they come,
// holding back only what could be the start of a delimiter split between two pieces.
// ParseMultipart is the whole-body convenience for small forms.
#ifndef RUNGS_WEB_MULTIPART_H_
#define RUNGS_WEB_MULTIPART_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rungs {

// The boundary of "multipart/form-data; boundary=..." (quoted or not; type and parameter
// names in any case). kInvalid with field "Content-Type" for another type, or a boundary that
// is missing, empty or over RFC 2046's 70 characters.
Result<std::string> MultipartBoundary(std::string_view content_type);

// From a part's Content-Disposition (name, filename) and Content-Type headers, as sent.
struct MultipartPartHeader {
  std::string name;
  std::string filename;
  std::string content_type;
  bool has_filename = false;  // a file input sends filename="" when no file was chosen

  bool operator==(const MultipartPartHeader&) const = default;
};

// Fed the body's pieces in order; the callbacks run inside Feed, and the bytes given to
// `on_data` are only valid during the call (they point into the parser's buffer or the piece).
class MultipartParser {
 public:
  // Either callback returning false stops the parse with the error "stopped". `on_data` gets
  // the current part's bytes in pieces (never empty ones); a part may have none.
  using PartCallback = std::function<bool(const MultipartPartHeader&)>;
  using DataCallback = std::function<bool(std::string_view)>;

  // `boundary` as MultipartBoundary returns it.
  MultipartParser(std::string_view boundary, PartCallback on_part, DataCallback on_data);

  // Parses the next piece of the body. False, now and for every later call, once the body is
  // malformed or a callback stopped the parse: error() says why. After the closing delimiter
  // the rest (the epilogue) is ignored.
  bool Feed(std::string_view bytes);

  // The closing delimiter was seen: a body that ends before it was cut short.
  bool done() const { return state_ == State::kDone; }
  const std::string& error() const { return error_; }

  // Over these a part's headers are refused: a form part has two or three short ones.
  static constexpr size_t kMaxHeaderBytes = 8 * 1024;
  static constexpr int kMaxHeaderLines = 16;

 private:
  enum class State {
    kPreamble,
    kAfterBoundary,  // just after "--boundary": "--", padding or the line end comes next
    kClosingDash,    // after "--boundary-"
    kPadding,        // spaces or tabs after the boundary, before CRLF
    kLineFeed,       // after the CR that ends a boundary line
    kHeaders,
    kData,
    kDone,
    kFailed,
  };

  // Each step consumes what it can from buffer_ at `pos` and returns false when it needs more
  // bytes or the parse ended.
  bool Step(std::string_view buffer, size_t& pos);
  bool HeaderLine(std::string_view buffer, size_t& pos);
  bool ParseHeader(std::string_view line);
  void StartPart();
  // Where in `buffer` (from `pos`) the bytes that could begin a delimiter start.
  size_t HoldBackFrom(std::string_view buffer, size_t pos) const;
  bool Fail(std::string message);

  std::string delimiter_;  // "\n--" + boundary; the CR before it is optional
  PartCallback on_part_;
  DataCallback on_data_;
  State state_ = State::kPreamble;
  // Bytes not yet consumed. It starts with a line feed so a body that opens with the
  // delimiter, as most do, matches it like one after a preamble.
  std::string buffer_ = "\n";
  MultipartPartHeader header_;
  bool has_disposition_ = false;
  size_t header_bytes_ = 0;
  int header_lines_ = 0;
  std::string error_;
};

struct MultipartPart {
  MultipartPartHeader header;
  std::string content;

  bool operator==(const MultipartPart&) const = default;
};

// Every part of a body held in memory. kInvalid with field "Content-Type" as MultipartBoundary,
// or field "body" when the body is malformed or ends before its closing delimiter.
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type,
                                                  std::string_view body);

// A part's file name as a page may show it and a store may keep it: without folders (some
// browsers send "C:\\fakepath\\x.csv"), control characters or bytes past the 200th, and as
// valid UTF-8 (U+FFFD for what is not); `fallback` when nothing is left.
std::string PlainFileName(std::string_view sent, std::string_view fallback);

}  // namespace rungs

#endif  // RUNGS_WEB_MULTIPART_H_
