#include "web/compression.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>

namespace rungs {
namespace {

// What a browser does with a gzip body: inflate it with a gzip (not zlib) header.
std::optional<std::string> Gunzip(const std::string& compressed) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[16384];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  const bool whole = result == Z_STREAM_END && stream.avail_in == 0;
  inflateEnd(&stream);
  if (!whole) return std::nullopt;
  return out;
}

std::optional<std::string> Unbrotli(const std::string& compressed, size_t expected_size) {
  // One byte of room beyond the expected size, so a longer result fails rather than fits.
  std::string out(expected_size + 1, '\0');
  size_t size = out.size();
  if (BrotliDecoderDecompress(
          compressed.size(), reinterpret_cast<const uint8_t*>(compressed.data()), &size,
          reinterpret_cast<uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

std::string Page() {
  std::string page = "<!doctype html><title>Support framework</title><main>";
  for (int i = 0; i < 40; ++i) {
    page += "<section><h2>Level " + std::to_string(i) +
            "</h2><p>Handles 12 conversations per hour at 95% QA.</p></section>";
  }
  return page + "</main>";
}

std::string RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
  return bytes;
}

// About 1 MB of text with the repetition a real page or JSON document has.
std::string MegabyteOfJson() {
  std::mt19937 random(7);
  std::string json = "[";
  while (json.size() < 1'000'000) {
    json += "{\"id\":" + std::to_string(random() % 100000) + ",\"title\":\"criterion " +
            std::to_string(random() % 977) + "\",\"met\":" + (random() % 2 ? "true" : "false") +
            "},";
  }
  json.back() = ']';
  return json;
}

void ExpectRoundTrips(const std::string& bytes, int brotli_quality = 11) {
  const std::string gzip = Compress(Coding::kGzip, bytes);
  ASSERT_GE(gzip.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(gzip[0]), 0x1F);  // the gzip magic number
  EXPECT_EQ(static_cast<unsigned char>(gzip[1]), 0x8B);
  EXPECT_EQ(Gunzip(gzip), bytes);

  const std::string brotli = Compress(Coding::kBrotli, bytes, brotli_quality);
  ASSERT_FALSE(brotli.empty());
  EXPECT_EQ(Unbrotli(brotli, bytes.size()), bytes);
}

TEST(CompressTest, SmallPageRoundTripsAndShrinks) {
  const std::string page = Page();
  ExpectRoundTrips(page);
  EXPECT_LT(Compress(Coding::kGzip, page).size(), page.size() / 4);
  EXPECT_LT(Compress(Coding::kBrotli, page).size(), Compress(Coding::kGzip, page).size());
}

TEST(CompressTest, EmptyBodyGivesAValidNonEmptyStream) {
  ExpectRoundTrips("");
  EXPECT_FALSE(Compress(Coding::kGzip, "").empty());
  EXPECT_FALSE(Compress(Coding::kBrotli, "").empty());
}

TEST(CompressTest, MegabyteRoundTrips) {
  const std::string json = MegabyteOfJson();
  ExpectRoundTrips(json, 5);
  EXPECT_LT(Compress(Coding::kGzip, json).size(), json.size() / 3);
}

TEST(CompressTest, MegabyteRoundTripsAtBrotlisBestQuality) {
  const std::string json = MegabyteOfJson();
  const std::string brotli = Compress(Coding::kBrotli, json);
  EXPECT_EQ(Unbrotli(brotli, json.size()), json);
}

TEST(CompressTest, BinaryRoundTrips) {
  std::string every_byte;
  for (int i = 0; i < 4096; ++i) every_byte += static_cast<char>(i & 0xFF);
  ExpectRoundTrips(every_byte);
  ExpectRoundTrips(RandomBytes(100'000, 1));
  ExpectRoundTrips(std::string(1000, '\0'));
}

TEST(CompressTest, AnyBrotliQualityWorks) {
  const std::string page = Page();
  for (int quality : {-5, 0, 1, 5, 11, 99}) {
    EXPECT_EQ(Unbrotli(Compress(Coding::kBrotli, page, quality), page.size()), page) << quality;
  }
}

TEST(CompressTest, IdentityIsEmpty) { EXPECT_EQ(Compress(Coding::kIdentity, Page()), ""); }

TEST(ParseAcceptEncodingTest, BrowsersListAcceptsBoth) {
  const AcceptedCodings accepted = ParseAcceptEncoding("gzip, deflate, br");
  EXPECT_TRUE(accepted.gzip);
  EXPECT_TRUE(accepted.brotli);
  const AcceptedCodings zstd = ParseAcceptEncoding("gzip, deflate, br, zstd");
  EXPECT_TRUE(zstd.gzip);
  EXPECT_TRUE(zstd.brotli);
}

TEST(ParseAcceptEncodingTest, StarCoversTheCodingsNotNamed) {
  const AcceptedCodings only_br = ParseAcceptEncoding("br;q=1, *;q=0");
  EXPECT_FALSE(only_br.gzip);
  EXPECT_TRUE(only_br.brotli);

  const AcceptedCodings star = ParseAcceptEncoding("*");
  EXPECT_TRUE(star.gzip);
  EXPECT_TRUE(star.brotli);

  // A named coding keeps its own q whatever "*" says.
  const AcceptedCodings not_gzip = ParseAcceptEncoding("gzip;q=0, *");
  EXPECT_FALSE(not_gzip.gzip);
  EXPECT_TRUE(not_gzip.brotli);
  const AcceptedCodings no_star = ParseAcceptEncoding("*;q=0, gzip;q=0.5");
  EXPECT_TRUE(no_star.gzip);
  EXPECT_FALSE(no_star.brotli);
}

TEST(ParseAcceptEncodingTest, QZeroRefuses) {
  const AcceptedCodings accepted = ParseAcceptEncoding("gzip;q=0");
  EXPECT_FALSE(accepted.gzip);
  EXPECT_FALSE(accepted.brotli);
  EXPECT_FALSE(ParseAcceptEncoding("br;q=0.000").brotli);
  EXPECT_TRUE(ParseAcceptEncoding("br;q=0.001").brotli);
  EXPECT_TRUE(ParseAcceptEncoding("br; Q=0.5").brotli);
}

TEST(ParseAcceptEncodingTest, NamesAreCaseInsensitiveAndXGzipIsGzip) {
  EXPECT_TRUE(ParseAcceptEncoding("GZIP").gzip);
  EXPECT_TRUE(ParseAcceptEncoding("Br").brotli);
  EXPECT_TRUE(ParseAcceptEncoding("x-gzip").gzip);
  EXPECT_TRUE(ParseAcceptEncoding("  gzip ;q=0.8 ,br  ").gzip);
  EXPECT_TRUE(ParseAcceptEncoding("  gzip ;q=0.8 ,br  ").brotli);
}

TEST(ParseAcceptEncodingTest, NothingUsableAcceptsNeither) {
  for (const char* header : {"", "identity", "deflate", "*;q=0", ",,", "gzip;q=zero", "gzip2"}) {
    const AcceptedCodings accepted = ParseAcceptEncoding(header);
    EXPECT_FALSE(accepted.gzip) << header;
    EXPECT_FALSE(accepted.brotli) << header;
  }
}

TEST(CompressibleTest, TextJsonScriptsAndSvg) {
  EXPECT_TRUE(Compressible("text/html; charset=utf-8"));
  EXPECT_TRUE(Compressible("text/css"));
  EXPECT_TRUE(Compressible("application/json; charset=utf-8"));
  EXPECT_TRUE(Compressible("application/javascript"));
  EXPECT_TRUE(Compressible("image/svg+xml"));
  EXPECT_FALSE(Compressible("image/png"));
  EXPECT_FALSE(Compressible("application/octet-stream"));
  EXPECT_FALSE(Compressible("application/zip"));
  EXPECT_FALSE(Compressible(""));
}

}  // namespace
}  // namespace rungs
