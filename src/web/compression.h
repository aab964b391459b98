// Response compression with zlib and libbrotli: which codings a client's Accept-Encoding allows,
// which content types are worth compressing, and the compressed bytes. Callers compress a body
// once and keep the result; nothing here caches.
#ifndef RUNGS_WEB_COMPRESSION_H_
#define RUNGS_WEB_COMPRESSION_H_

#include <string>
#include <string_view>

namespace rungs {

enum class Coding { kIdentity, kGzip, kBrotli };

// `bytes` in the gzip format (zlib level 6) or as brotli (text mode, `brotli_quality` clamped
// to 0..11). "" when compression fails, and for kIdentity, so "" always means "send it as it
// is": no non-identity coding of any input, even empty, is empty.
std::string Compress(Coding coding, std::string_view bytes, int brotli_quality = 11);

// The codings an Accept-Encoding header allows.
struct AcceptedCodings {
  bool gzip = false;
  bool brotli = false;
};

// "gzip, deflate, br", "br;q=1, *;q=0", "gzip;q=0", "*". Names are case-insensitive and
// x-gzip is gzip; a coding not named takes the q of "*" when there is one; q=0 refuses it.
// Only a q parameter directly after the name is read ("gzip;q=0.5").
AcceptedCodings ParseAcceptEncoding(std::string_view header);

// Text, JSON, JavaScript and SVG: the types whose bodies shrink. A prefix match on the type as
// rungs writes it, lower case and with any parameters ("text/html; charset=utf-8").
bool Compressible(std::string_view content_type);

}  // namespace rungs

#endif  // RUNGS_WEB_COMPRESSION_H_
