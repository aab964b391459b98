#include "util/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace rungs {

bool DecodeUtf8(std::string_view s, size_t& pos, char32_t& code_point) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    code_point = lead;
    ++pos;
    return true;
  }
  int length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    ++pos;
    return false;
  }
  if (pos + length > s.size()) {
    ++pos;
    return false;
  }
  for (int i = 1; i < length; ++i) {
    const unsigned char c = byte(pos + i);
    if ((c & 0xC0) != 0x80) {
      ++pos;
      return false;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return false;
  }
  code_point = cp;
  pos += length;
  return true;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

size_t FindInvalidUtf8(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    // Runs of ASCII, common in ids and CSV, are skipped a word at a time.
    uint64_t word = 0;
    if (pos + 8 <= s.size() &&
        (std::memcpy(&word, s.data() + pos, 8), word & 0x8080808080808080ULL) == 0) {
      pos += 8;
      continue;
    }
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const size_t start = pos;
    char32_t cp;
    if (!DecodeUtf8(s, pos, cp)) return start;
  }
  return std::string_view::npos;
}

std::string ReplaceInvalidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t start = pos;
    char32_t cp = 0;
    if (DecodeUtf8(s, pos, cp)) {
      out.append(s.substr(start, pos - start));
    } else {
      AppendUtf8(out, 0xFFFD);
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view s) { return FindInvalidUtf8(s) == std::string_view::npos; }

size_t CountCodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

TextPosition LineIndex::At(size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  const size_t line0 = static_cast<size_t>(it - line_starts_.begin()) - 1;
  const size_t start = line_starts_[line0];
  return {static_cast<int>(line0) + 1,
          static_cast<int>(CountCodePoints(text_.substr(start, byte_offset - start))) + 1};
}

TextPosition LineIndex::FromZeroBased(int line0, int byte_column0) const {
  if (line0 < 0) return {1, 1};
  if (static_cast<size_t>(line0) >= line_starts_.size()) {
    return At(text_.size());
  }
  const size_t start = line_starts_[line0];
  const size_t end =
      static_cast<size_t>(line0) + 1 < line_starts_.size() ? line_starts_[line0 + 1] : text_.size();
  const size_t offset = std::min(start + static_cast<size_t>(std::max(byte_column0, 0)), end);
  return At(offset);
}

std::string_view LineIndex::Line(int line1) const {
  if (line1 < 1 || static_cast<size_t>(line1) > line_starts_.size()) return {};
  const size_t start = line_starts_[line1 - 1];
  size_t end =
      static_cast<size_t>(line1) < line_starts_.size() ? line_starts_[line1] : text_.size();
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return text_.substr(start, end - start);
}

}  // namespace rungs
