#include "web/multipart.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "util/text.h"
#include "util/utf8.h"

namespace rungs {
namespace {

// RFC 2046's limit, which also bounds what the parser holds back between pieces.
constexpr size_t kMaxBoundaryLength = 70;

struct Parameter {
  std::string name;  // lower case
  std::string value;
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// The parameters after a header's first value: "; name=\"a b\"; filename=x.csv". A quoted
// string ends at an unescaped quote; nullopt when one is not closed or junk follows it. A
// parameter without '=' is skipped.
std::optional<std::vector<Parameter>> ParseParameters(std::string_view s) {
  std::vector<Parameter> params;
  size_t i = 0;
  const auto skip_blanks = [&] {
    while (i < s.size() && IsBlank(s[i])) ++i;
  };
  while (true) {
    skip_blanks();
    if (i == s.size()) return params;
    if (s[i] != ';') return std::nullopt;
    ++i;
    skip_blanks();
    size_t name_end = i;
    while (name_end < s.size() && s[name_end] != '=' && s[name_end] != ';') ++name_end;
    std::string name = ToLowerAscii(Trim(s.substr(i, name_end - i)));
    i = name_end;
    if (i == s.size() || s[i] == ';') continue;
    ++i;  // '='
    skip_blanks();
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        // Only \" and \\ are escapes. Browsers do not escape a backslash in a file name
        // (WHATWG sends a quote as %22), so "C:\files\rows.csv" must keep its backslashes.
        if (c == '\\' && i < s.size() && (s[i] == '"' || s[i] == '\\')) c = s[i++];
        value += c;
      }
      if (!closed) return std::nullopt;
    } else {
      size_t end = i;
      while (end < s.size() && s[end] != ';') ++end;
      value = std::string(Trim(s.substr(i, end - i)));
      i = end;
    }
    params.push_back({std::move(name), std::move(value)});
  }
}

}  // namespace

Result<std::string> MultipartBoundary(std::string_view content_type) {
  const size_t semicolon = content_type.find(';');
  if (!EqualsIgnoreCaseAscii(Trim(content_type.substr(0, semicolon)), "multipart/form-data")) {
    return Status::Invalid("the Content-Type is not multipart/form-data", "Content-Type");
  }
  const std::optional<std::vector<Parameter>> params = ParseParameters(
      semicolon == std::string_view::npos ? std::string_view() : content_type.substr(semicolon));
  if (!params) {
    return Status::Invalid("the Content-Type's parameters are malformed", "Content-Type");
  }
  for (const Parameter& param : *params) {
    if (param.name != "boundary") continue;
    if (param.value.empty()) {
      return Status::Invalid("the multipart/form-data boundary is empty", "Content-Type");
    }
    if (param.value.size() > kMaxBoundaryLength) {
      return Status::Invalid("the multipart/form-data boundary is longer than 70 characters",
                             "Content-Type");
    }
    return param.value;
  }
  return Status::Invalid("the multipart/form-data Content-Type has no boundary", "Content-Type");
}

MultipartParser::MultipartParser(std::string_view boundary, PartCallback on_part,
                                 DataCallback on_data)
    : delimiter_("\n--" + std::string(boundary)),
      on_part_(std::move(on_part)),
      on_data_(std::move(on_data)) {}

bool MultipartParser::Feed(std::string_view bytes) {
  if (state_ == State::kFailed) return false;
  if (state_ == State::kDone) return true;
  buffer_.append(bytes);
  size_t pos = 0;
  while (Step(buffer_, pos)) {
  }
  if (state_ == State::kFailed || state_ == State::kDone) {
    buffer_.clear();
    buffer_.shrink_to_fit();
    return state_ == State::kDone;
  }
  buffer_.erase(0, pos);
  return true;
}

bool MultipartParser::Step(std::string_view buffer, size_t& pos) {
  switch (state_) {
    case State::kPreamble: {
      const size_t found = buffer.find(delimiter_, pos);
      if (found == std::string_view::npos) {
        pos = HoldBackFrom(buffer, pos);  // the preamble is dropped
        return false;
      }
      pos = found + delimiter_.size();
      state_ = State::kAfterBoundary;
      return true;
    }
    case State::kData: {
      const size_t found = buffer.find(delimiter_, pos);
      if (found == std::string_view::npos) {
        const size_t hold = HoldBackFrom(buffer, pos);
        if (hold > pos && !on_data_(buffer.substr(pos, hold - pos))) return Fail("stopped");
        pos = hold;
        return false;
      }
      // The CR of CRLF before the delimiter belongs to it, not to the data.
      const size_t end = found > pos && buffer[found - 1] == '\r' ? found - 1 : found;
      if (end > pos && !on_data_(buffer.substr(pos, end - pos))) return Fail("stopped");
      pos = found + delimiter_.size();
      state_ = State::kAfterBoundary;
      return true;
    }
    case State::kHeaders:
      return HeaderLine(buffer, pos);
    case State::kDone:
    case State::kFailed:
      return false;
    default:
      break;
  }

  // The rest of a boundary line, a byte at a time: "--" closes the body; otherwise blanks
  // (RFC 2046's transport padding) and the line end open a part.
  if (pos == buffer.size()) return false;
  const char c = buffer[pos++];
  switch (state_) {
    case State::kAfterBoundary:
      if (c == '-') {
        state_ = State::kClosingDash;
        return true;
      }
      [[fallthrough]];
    case State::kPadding:
      if (IsBlank(c)) {
        state_ = State::kPadding;
        return true;
      }
      if (c == '\r') {
        state_ = State::kLineFeed;
        return true;
      }
      if (c == '\n') {
        StartPart();
        return true;
      }
      break;
    case State::kClosingDash:
      if (c == '-') {
        state_ = State::kDone;
        return false;
      }
      break;
    case State::kLineFeed:
      if (c == '\n') {
        StartPart();
        return true;
      }
      break;
    default:
      break;
  }
  return Fail("a boundary line of the multipart form is malformed");
}

void MultipartParser::StartPart() {
  state_ = State::kHeaders;
  header_ = MultipartPartHeader();
  has_disposition_ = false;
  header_bytes_ = 0;
  header_lines_ = 0;
}

bool MultipartParser::HeaderLine(std::string_view buffer, size_t& pos) {
  const size_t newline = buffer.find('\n', pos);
  // Counting the bytes of an unfinished line too keeps a header that never ends from growing
  // the buffer, and fails the same way whatever the pieces.
  const size_t line_bytes =
      newline == std::string_view::npos ? buffer.size() - pos : newline + 1 - pos;
  if (header_bytes_ + line_bytes > kMaxHeaderBytes) {
    return Fail("a part of the multipart form has headers over 8 KiB");
  }
  if (newline == std::string_view::npos) return false;
  header_bytes_ += line_bytes;
  std::string_view line = buffer.substr(pos, newline - pos);
  pos = newline + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!line.empty()) {
    if (++header_lines_ > kMaxHeaderLines) {
      return Fail("a part of the multipart form has more than 16 header lines");
    }
    return ParseHeader(line);
  }
  if (!has_disposition_) {
    return Fail("a part of the multipart form has no Content-Disposition header naming its field");
  }
  state_ = State::kData;
  if (!on_part_(header_)) return Fail("stopped");
  return true;
}

bool MultipartParser::ParseHeader(std::string_view line) {
  const size_t colon = line.find(':');
  const std::string_view name = line.substr(0, colon);
  if (colon == std::string_view::npos || name.empty() ||
      std::any_of(name.begin(), name.end(), [](char c) { return IsBlank(c); })) {
    return Fail("a part of the multipart form has a malformed header line");
  }
  const std::string_view value = Trim(line.substr(colon + 1));
  if (EqualsIgnoreCaseAscii(name, "Content-Type")) {
    header_.content_type = std::string(value);
    return true;
  }
  if (!EqualsIgnoreCaseAscii(name, "Content-Disposition")) return true;

  // Two would let two readers of the same body see different fields.
  if (has_disposition_) {
    return Fail("a part of the multipart form has two Content-Disposition headers");
  }
  const size_t semicolon = value.find(';');
  if (!EqualsIgnoreCaseAscii(Trim(value.substr(0, semicolon)), "form-data")) {
    return Fail("a part of the multipart form has a Content-Disposition other than form-data");
  }
  const std::optional<std::vector<Parameter>> params = ParseParameters(
      semicolon == std::string_view::npos ? std::string_view() : value.substr(semicolon));
  if (!params) return Fail("a part of the multipart form has a malformed Content-Disposition");
  bool has_name = false;
  for (const Parameter& param : *params) {
    // filename* (RFC 5987) is ignored: RFC 7578 tells senders not to use it.
    const bool is_name = param.name == "name";
    if (!is_name && param.name != "filename") continue;
    bool& seen = is_name ? has_name : header_.has_filename;
    if (seen) {
      return Fail("a part of the multipart form has two " + param.name +
                  "= parameters in its Content-Disposition");
    }
    seen = true;
    (is_name ? header_.name : header_.filename) = param.value;
  }
  if (!has_name) {
    return Fail("a part of the multipart form has no Content-Disposition header naming its field");
  }
  has_disposition_ = true;
  return true;
}

size_t MultipartParser::HoldBackFrom(std::string_view buffer, size_t pos) const {
  // A delimiter not found whole can only start in the last delimiter_.size() - 1 bytes, at a
  // line feed (and at the CR before that, which the caller also keeps out of the data).
  const size_t tail =
      buffer.size() >= delimiter_.size() ? buffer.size() - delimiter_.size() + 1 : 0;
  const std::string_view delimiter = delimiter_;
  for (size_t i = std::max(pos, tail); i < buffer.size(); ++i) {
    if (buffer[i] == '\n' && delimiter.starts_with(buffer.substr(i))) {
      return i > pos && buffer[i - 1] == '\r' ? i - 1 : i;
    }
  }
  return buffer.size() > pos && buffer.back() == '\r' ? buffer.size() - 1 : buffer.size();
}

bool MultipartParser::Fail(std::string message) {
  state_ = State::kFailed;
  error_ = std::move(message);
  return false;
}

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type,
                                                  std::string_view body) {
  Result<std::string> boundary = MultipartBoundary(content_type);
  if (!boundary.ok()) return boundary.status();
  std::vector<MultipartPart> parts;
  MultipartParser parser(
      boundary.value(),
      [&parts](const MultipartPartHeader& header) {
        parts.push_back({header, ""});
        return true;
      },
      [&parts](std::string_view data) {
        parts.back().content.append(data);
        return true;
      });
  if (!parser.Feed(body)) return Status::Invalid(parser.error(), "body");
  if (!parser.done()) {
    return Status::Invalid("the multipart form ends before its closing boundary", "body");
  }
  return parts;
}

std::string PlainFileName(std::string_view sent, std::string_view fallback) {
  std::string name(sent.substr(sent.find_last_of("/\\") + 1));
  std::erase_if(name, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  if (name.size() > 200) name.resize(200);
  name = ReplaceInvalidUtf8(name);
  return name.empty() ? std::string(fallback) : name;
}

}  // namespace rungs
