// UTF-8 decoding helpers and a line index that turns byte offsets into the 1-based line and
// code-point column that diagnostics report.
#ifndef RUNGS_UTIL_UTF8_H_
#define RUNGS_UTIL_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rungs {

// Decodes one code point at `pos` and advances `pos`. Returns false (and advances by one byte)
// on a malformed, overlong or surrogate sequence.
bool DecodeUtf8(std::string_view s, size_t& pos, char32_t& code_point);

void AppendUtf8(std::string& out, char32_t cp);

// Returns the byte offset of the first malformed sequence, or npos when `s` is valid UTF-8.
size_t FindInvalidUtf8(std::string_view s);
// The one UTF-8 check: whether `s` is valid UTF-8 (ASCII is checked eight bytes at a time).
bool IsValidUtf8(std::string_view s);

// `s` with each malformed byte replaced by U+FFFD, for showing a name a client sent.
std::string ReplaceInvalidUtf8(std::string_view s);

// Number of code points in valid UTF-8 (each non-continuation byte starts one).
size_t CountCodePoints(std::string_view s);

struct TextPosition {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in code points
};

// Maps offsets in a text to line and column. Lines end at '\n'; a '\r' before it is part of
// the line ending, not a column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  TextPosition At(size_t byte_offset) const;
  // `line0` and `byte_column0` are 0-based, as YAML parsers report them.
  TextPosition FromZeroBased(int line0, int byte_column0) const;
  size_t line_count() const { return line_starts_.size(); }
  std::string_view Line(int line1) const;

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

}  // namespace rungs

#endif  // RUNGS_UTIL_UTF8_H_
