#include "web/compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>

#include "util/text.h"

namespace rungs {
namespace {

// zlib's own default and what cpp-httplib used: most of level 9's saving for a fraction of
// its time.
constexpr int kGzipLevel = 6;
// 15 bits of window, plus 16 for a gzip header and trailer rather than zlib's.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kGzipMemLevel = 8;

std::string Gzip(std::string_view bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, kGzipLevel, Z_DEFLATED, kGzipWindowBits, kGzipMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return "";
  }
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  // zlib counts in uInt, so a body over 4 GiB goes in (and comes out) in several calls.
  const auto* next_in = reinterpret_cast<const Bytef*>(bytes.data());
  size_t in_left = bytes.size();
  size_t written = 0;
  int result = Z_OK;
  while (result == Z_OK) {
    if (stream.avail_in == 0 && in_left > 0) {
      const size_t chunk = std::min<size_t>(in_left, UINT_MAX);
      stream.next_in = const_cast<Bytef*>(next_in);  // zlib's API predates const
      stream.avail_in = static_cast<uInt>(chunk);
      next_in += chunk;
      in_left -= chunk;
    }
    if (written == out.size()) out.resize(out.size() + 64 * 1024);  // past deflateBound: unlikely
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + written);
    stream.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - written, UINT_MAX));
    const uInt avail_out = stream.avail_out;
    result = deflate(&stream, in_left == 0 ? Z_FINISH : Z_NO_FLUSH);
    written += avail_out - stream.avail_out;
  }
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return "";
  out.resize(written);
  return out;
}

std::string Brotli(std::string_view bytes, int quality) {
  size_t size = BrotliEncoderMaxCompressedSize(bytes.size());
  if (size == 0) return "";  // the bound overflows size_t
  std::string out(size, '\0');
  quality = std::clamp(quality, BROTLI_MIN_QUALITY, BROTLI_MAX_QUALITY);
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, bytes.size(),
                             reinterpret_cast<const uint8_t*>(bytes.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return "";
  }
  out.resize(size);
  return out;
}

}  // namespace

std::string Compress(Coding coding, std::string_view bytes, int brotli_quality) {
  switch (coding) {
    case Coding::kGzip:
      return Gzip(bytes);
    case Coding::kBrotli:
      return Brotli(bytes, brotli_quality);
    case Coding::kIdentity:
      break;
  }
  return "";
}

AcceptedCodings ParseAcceptEncoding(std::string_view header) {
  // -1 until the header names the coding.
  double gzip = -1;
  double brotli = -1;
  double any = -1;
  while (!header.empty()) {
    const size_t comma = header.find(',');
    const std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const size_t semicolon = item.find(';');
    const std::string name = ToLowerAscii(Trim(item.substr(0, semicolon)));
    double q = 1;
    if (semicolon != std::string_view::npos) {
      const std::string_view params = Trim(item.substr(semicolon + 1));
      if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
        // A q that does not parse reads as 0: refusing a coding is the safe misreading.
        q = std::strtod(std::string(params.substr(2)).c_str(), nullptr);
      }
    }
    if (name == "gzip" || name == "x-gzip") gzip = q;
    if (name == "br") brotli = q;
    if (name == "*") any = q;
  }
  return {(gzip >= 0 ? gzip : any) > 0, (brotli >= 0 ? brotli : any) > 0};
}

bool Compressible(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
         content_type.starts_with("application/javascript") ||
         content_type.starts_with("image/svg+xml");
}

}  // namespace rungs
