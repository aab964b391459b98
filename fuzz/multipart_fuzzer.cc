// Any byte string as a multipart/form-data body must end in parts or an error: never a crash, a
// hang or an abort. The input's first line is the Content-Type, the rest the body. The parts,
// the error and whether the closing delimiter was seen must not depend on how the body is cut
// into pieces: fed whole, in pieces whose sizes come from the input, and a byte at a time.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "web/multipart.h"

namespace {

struct Outcome {
  std::vector<rungs::MultipartPart> parts;
  bool ok = true;
  bool done = false;
  std::string error;
};

// Feeds `body` in pieces of the sizes `next_size` returns (0: the rest).
template <typename NextSize>
Outcome Parse(const std::string& boundary, std::string_view body, NextSize next_size) {
  Outcome outcome;
  rungs::MultipartParser parser(
      boundary,
      [&outcome](const rungs::MultipartPartHeader& header) {
        outcome.parts.push_back({header, ""});
        return true;
      },
      [&outcome](std::string_view data) {
        if (data.empty() || outcome.parts.empty()) __builtin_trap();
        outcome.parts.back().content.append(data);
        return true;
      });
  while (outcome.ok && !body.empty()) {
    size_t size = next_size();
    if (size == 0 || size > body.size()) size = body.size();
    outcome.ok = parser.Feed(body.substr(0, size));
    body.remove_prefix(size);
  }
  outcome.done = parser.done();
  outcome.error = parser.error();
  if (outcome.ok == !outcome.error.empty()) __builtin_trap();
  return outcome;
}

bool Same(const Outcome& a, const Outcome& b) {
  return a.parts == b.parts && a.ok == b.ok && a.done == b.done && a.error == b.error;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view content_type = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  const rungs::Result<std::vector<rungs::MultipartPart>> parsed =
      rungs::ParseMultipart(content_type, body);
  const rungs::Result<std::string> boundary = rungs::MultipartBoundary(content_type);
  if (!boundary.ok()) {
    if (parsed.ok() || parsed.status().field != "Content-Type") __builtin_trap();
    return 0;
  }
  if (boundary->empty() || boundary->size() > 70) __builtin_trap();

  const Outcome whole = Parse(*boundary, body, [] { return size_t{0}; });
  if (parsed.ok() != (whole.ok && whole.done)) __builtin_trap();
  if (parsed.ok() ? parsed.value() != whole.parts : parsed.status().field != "body") {
    __builtin_trap();
  }

  // Piece sizes from the input itself (FNV-1a, then xorshift), so each input is cut its own way.
  uint64_t state = 14695981039346656037u;
  for (const char c : input) state = (state ^ static_cast<unsigned char>(c)) * 1099511628211u;
  state |= 1;
  const size_t largest = 1 + state % 97;
  const Outcome pieces = Parse(*boundary, body, [&state, largest] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return 1 + state % largest;
  });
  if (!Same(whole, pieces)) __builtin_trap();

  if (body.size() <= 4096) {
    const Outcome bytes = Parse(*boundary, body, [] { return size_t{1}; });
    if (!Same(whole, bytes)) __builtin_trap();
  }
  return 0;
}
