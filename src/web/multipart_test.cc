#include "web/multipart.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rungs {
namespace {

constexpr char kType[] = "multipart/form-data; boundary=XyZ";

// The upload form as a browser posts it: a field, a file, and a preamble and epilogue that a
// reader must skip.
const std::string kBrowserBody =
    "This is the preamble.\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"csrf\"\r\n"
    "\r\n"
    "token-123\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"rows.csv\"\r\n"
    "Content-Type: text/csv\r\n"
    "\r\n"
    "agent,handled\r\nana,12\r\n\r\n"
    "--XyZ--\r\n"
    "This is the epilogue.\r\n";

// What a parse of a body gives, however it was fed.
struct Outcome {
  std::vector<MultipartPart> parts;
  bool ok = true;
  bool done = false;
  std::string error;
  bool empty_data = false;  // on_data was called with no bytes
};

bool operator==(const Outcome& a, const Outcome& b) {
  return a.parts == b.parts && a.ok == b.ok && a.done == b.done && a.error == b.error &&
         a.empty_data == b.empty_data;
}

// Feeds `body` cut at each of `cuts` (ascending).
Outcome Parse(std::string_view body, const std::vector<size_t>& cuts,
              const std::string& boundary = "XyZ") {
  Outcome outcome;
  MultipartParser parser(
      boundary,
      [&outcome](const MultipartPartHeader& header) {
        outcome.parts.push_back({header, ""});
        return true;
      },
      [&outcome](std::string_view data) {
        if (data.empty()) outcome.empty_data = true;
        outcome.parts.back().content.append(data);
        return true;
      });
  size_t from = 0;
  std::vector<size_t> ends = cuts;
  ends.push_back(body.size());
  for (const size_t end : ends) {
    if (!parser.Feed(body.substr(from, end - from))) {
      outcome.ok = false;
      break;
    }
    from = end;
  }
  outcome.done = parser.done();
  outcome.error = parser.error();
  return outcome;
}

Outcome ParseWhole(std::string_view body) { return Parse(body, {}); }

Outcome ParseBytewise(std::string_view body) {
  std::vector<size_t> cuts;
  for (size_t i = 1; i < body.size(); ++i) cuts.push_back(i);
  return Parse(body, cuts);
}

std::string PartText(const std::string& disposition, const std::string& content,
                     const std::string& extra_headers = "") {
  return "--XyZ\r\nContent-Disposition: " + disposition + "\r\n" + extra_headers + "\r\n" +
         content + "\r\n";
}

// The parse of a body that must fail, and its message.
std::string ErrorOf(const std::string& body) {
  const Result<std::vector<MultipartPart>> result = ParseMultipart(kType, body);
  EXPECT_FALSE(result.ok()) << body;
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code, StatusCode::kInvalid);
  EXPECT_EQ(result.status().field, "body");
  EXPECT_EQ(ParseBytewise(body).error, result.status().message) << body;
  return result.status().message;
}

std::vector<MultipartPart> PartsOf(const std::string& body) {
  const Result<std::vector<MultipartPart>> result = ParseMultipart(kType, body);
  EXPECT_TRUE(result.ok()) << result.status().message << "\n" << body;
  if (!result.ok()) return {};
  EXPECT_EQ(ParseBytewise(body).parts, *result) << body;
  return *result;
}

TEST(MultipartBoundaryTest, ReadsQuotedAndUnquotedBoundaries) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=XyZ").value(), "XyZ");
  EXPECT_EQ(MultipartBoundary("multipart/form-data;boundary=\"a b;c\"").value(), "a b;c");
  EXPECT_EQ(
      MultipartBoundary("Multipart/Form-Data; BOUNDARY=----WebKitFormBoundary7MA4YWx").value(),
      "----WebKitFormBoundary7MA4YWx");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8; boundary=b1 ; x=y").value(),
            "b1");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"q\\\"t\"").value(), "q\"t");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(70, 'b')).value(),
            std::string(70, 'b'));
}

TEST(MultipartBoundaryTest, RefusesOtherTypesAndBadBoundaries) {
  for (const std::string& type :
       {std::string("application/x-www-form-urlencoded"),
        std::string("multipart/mixed; boundary=a"), std::string(""),
        std::string("multipart/form-data"), std::string("multipart/form-data; "),
        std::string("multipart/form-data; boundary="),
        std::string("multipart/form-data; boundary=\"\""),
        std::string("multipart/form-data; boundary=\"open"),
        std::string("multipart/form-data; boundary=" + std::string(71, 'b'))}) {
    const Result<std::string> boundary = MultipartBoundary(type);
    ASSERT_FALSE(boundary.ok()) << type;
    EXPECT_EQ(boundary.status().code, StatusCode::kInvalid) << type;
    EXPECT_EQ(boundary.status().field, "Content-Type") << type;
    EXPECT_FALSE(boundary.status().message.empty());
  }
  EXPECT_EQ(MultipartBoundary("text/plain").status().message,
            "the Content-Type is not multipart/form-data");
  EXPECT_EQ(MultipartBoundary("multipart/form-data").status().message,
            "the multipart/form-data Content-Type has no boundary");
}

TEST(MultipartTest, ReadsABrowsersUploadForm) {
  const std::vector<MultipartPart> parts = PartsOf(kBrowserBody);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].header.name, "csrf");
  EXPECT_FALSE(parts[0].header.has_filename);
  EXPECT_EQ(parts[0].header.content_type, "");
  EXPECT_EQ(parts[0].content, "token-123");
  EXPECT_EQ(parts[1].header.name, "file");
  EXPECT_TRUE(parts[1].header.has_filename);
  EXPECT_EQ(parts[1].header.filename, "rows.csv");
  EXPECT_EQ(parts[1].header.content_type, "text/csv");
  // The file's own line ends, its last blank line included, are its contents.
  EXPECT_EQ(parts[1].content, "agent,handled\r\nana,12\r\n");
}

TEST(MultipartTest, GivesTheSameResultWhereverTheBodyIsSplit) {
  const Outcome whole = ParseWhole(kBrowserBody);
  ASSERT_TRUE(whole.ok && whole.done);
  EXPECT_FALSE(whole.empty_data);
  for (size_t i = 0; i <= kBrowserBody.size(); ++i) {
    ASSERT_EQ(Parse(kBrowserBody, {i}), whole) << "cut at " << i;
  }
  for (size_t i = 0; i <= kBrowserBody.size(); ++i) {
    for (size_t j = i; j <= kBrowserBody.size(); ++j) {
      ASSERT_EQ(Parse(kBrowserBody, {i, j}), whole) << "cut at " << i << " and " << j;
    }
  }
  EXPECT_EQ(ParseBytewise(kBrowserBody), whole);
}

TEST(MultipartTest, GivesTheSameErrorWhereverABadBodyIsSplit) {
  const std::string body = PartText("form-data; name=\"a\"", "1") +
                           "--XyZ\r\nContent-Disposition: attachment\r\n\r\nx\r\n--XyZ--\r\n";
  const Outcome whole = ParseWhole(body);
  ASSERT_FALSE(whole.ok);
  for (size_t i = 0; i <= body.size(); ++i) ASSERT_EQ(Parse(body, {i}), whole) << i;
  EXPECT_EQ(ParseBytewise(body), whole);
}

TEST(MultipartTest, KeepsBinaryFileContentsExactly) {
  std::string bytes;
  for (int round = 0; round < 4; ++round) {
    for (int c = 0; c < 256; ++c) bytes += static_cast<char>(c);
  }
  // Line ends, dashes and most of the delimiter, but never all of it on a line of its own.
  bytes += "\r\n--XyY\r\n-\r\n--Xy\r--XyZ\n-XyZ\r\r\n\r";
  const std::string body = PartText("form-data; name=\"file\"; filename=\"blob.bin\"", bytes,
                                    "Content-Type: application/octet-stream\r\n") +
                           "--XyZ--";
  const std::vector<MultipartPart> parts = PartsOf(body);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].content, bytes);
  EXPECT_EQ(parts[0].header.content_type, "application/octet-stream");
  for (size_t i = 0; i <= body.size(); ++i) EXPECT_EQ(Parse(body, {i}).parts, parts) << i;
}

TEST(MultipartTest, ReadsEmptyFieldsAndAnEmptyForm) {
  const std::vector<MultipartPart> parts =
      PartsOf(PartText("form-data; name=\"note\"", "") + PartText("form-data; name=\"x\"", "y") +
              "--XyZ--");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].header.name, "note");
  EXPECT_EQ(parts[0].content, "");
  EXPECT_EQ(parts[1].content, "y");
  EXPECT_FALSE(ParseBytewise(PartText("form-data; name=\"note\"", "") + "--XyZ--").empty_data);

  EXPECT_TRUE(PartsOf("--XyZ--\r\n").empty());
}

TEST(MultipartTest, ReadsFileNames) {
  const std::vector<MultipartPart> parts =
      PartsOf(PartText("form-data; name=\"a\"; filename=\"say \\\"hi\\\".txt\"", "1") +
              PartText("form-data; name=\"b\"; filename=\"C:\\files\\rows.csv\"", "2") +
              PartText("form-data; name=b2; filename=plain.csv", "3") +
              PartText("form-data; name=\"c\"; filename=\"\"", "") +
              PartText("form-data; name=\"d\"; filename*=UTF-8''caf%C3%A9.csv", "4") +
              PartText("FORM-DATA; NAME=\"e\" ; FileName=\"E.csv\"", "5") + "--XyZ--");
  ASSERT_EQ(parts.size(), 6u);
  EXPECT_EQ(parts[0].header.filename, "say \"hi\".txt");
  EXPECT_EQ(parts[1].header.filename, "C:\\files\\rows.csv");
  EXPECT_EQ(parts[2].header.name, "b2");
  EXPECT_EQ(parts[2].header.filename, "plain.csv");
  // A file input with no file chosen: a file part, with no name.
  EXPECT_TRUE(parts[3].header.has_filename);
  EXPECT_EQ(parts[3].header.filename, "");
  EXPECT_FALSE(parts[4].header.has_filename);
  EXPECT_EQ(parts[4].content, "4");
  EXPECT_EQ(parts[5].header.name, "e");
  EXPECT_EQ(parts[5].header.filename, "E.csv");
}

TEST(MultipartTest, ReadsHeadersInAnyCaseAndIgnoresOthers) {
  const std::vector<MultipartPart> parts = PartsOf(
      "--XyZ\r\ncontent-type:text/plain\r\nX-Other: 1\r\nCONTENT-DISPOSITION:form-data;name=n\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\nvalue\r\n--XyZ--");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].header.name, "n");
  EXPECT_EQ(parts[0].header.content_type, "text/plain");
  EXPECT_EQ(parts[0].content, "value");
}

TEST(MultipartTest, SkipsThePreambleAndIgnoresTheEpilogue) {
  const std::string body = "preamble --XyZ not at a line start\r\n--XyZ-ish\r\n" +
                           PartText("form-data; name=\"a\"", "1") + "--XyZ--\r\n--XyZ\r\nignored";
  // "--XyZ-ish" at a line start is a boundary line with junk: refused rather than guessed at.
  EXPECT_NE(ErrorOf(body).find("boundary line"), std::string::npos);

  const std::vector<MultipartPart> parts = PartsOf(
      "preamble --XyZ not at a line start\r\n\r\n" + PartText("form-data; name=\"a\"", "1") +
      "--XyZ--\r\n--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].content, "1");
}

TEST(MultipartTest, AcceptsTransportPaddingAndBareLineFeeds) {
  const std::vector<MultipartPart> padded =
      PartsOf("--XyZ \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--  \r\n");
  ASSERT_EQ(padded.size(), 1u);
  EXPECT_EQ(padded[0].content, "1");

  const std::vector<MultipartPart> bare = PartsOf(
      "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\nline 1\nline 2\n--XyZ\n"
      "Content-Disposition: form-data; name=\"b\"\n\n\n--XyZ--\n");
  ASSERT_EQ(bare.size(), 2u);
  EXPECT_EQ(bare[0].content, "line 1\nline 2");
  EXPECT_EQ(bare[1].content, "");
}

TEST(MultipartTest, RefusesPartsWithoutAFormDataName) {
  const std::string no_disposition = "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--";
  EXPECT_EQ(ErrorOf(no_disposition),
            "a part of the multipart form has no Content-Disposition header naming its field");
  EXPECT_EQ(ErrorOf(PartText("form-data; filename=\"a.csv\"", "x") + "--XyZ--"),
            "a part of the multipart form has no Content-Disposition header naming its field");
  EXPECT_EQ(ErrorOf(PartText("attachment; name=\"a\"", "x") + "--XyZ--"),
            "a part of the multipart form has a Content-Disposition other than form-data");
  EXPECT_EQ(ErrorOf(PartText("form-data; name=\"a", "x") + "--XyZ--"),
            "a part of the multipart form has a malformed Content-Disposition");
  EXPECT_EQ(ErrorOf(PartText("form-data; name=\"a\"; name=\"b\"", "x") + "--XyZ--"),
            "a part of the multipart form has two name= parameters in its Content-Disposition");
  EXPECT_EQ(ErrorOf(PartText("form-data; name=\"a\"", "x",
                             "Content-Disposition: form-data; name=\"b\"\r\n") +
                    "--XyZ--"),
            "a part of the multipart form has two Content-Disposition headers");
  EXPECT_EQ(ErrorOf(PartText("form-data; name=\"a\"", "x", "Not a header\r\n") + "--XyZ--"),
            "a part of the multipart form has a malformed header line");
}

TEST(MultipartTest, LimitsAPartsHeaders) {
  const std::string disposition = "form-data; name=\"a\"";
  std::string fifteen;
  for (int i = 0; i < 15; ++i) fifteen += "X-Header-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(PartsOf(PartText(disposition, "x", fifteen) + "--XyZ--").size(), 1u);
  EXPECT_EQ(ErrorOf(PartText(disposition, "x", fifteen + "X-One-More: v\r\n") + "--XyZ--"),
            "a part of the multipart form has more than 16 header lines");

  // Exactly 8 KiB of header block, the blank line included, and one byte more.
  const std::string first = "Content-Disposition: " + disposition + "\r\n";
  const std::string filler_start = "X-Filler: ";
  const std::string filler =
      filler_start + std::string(8192 - first.size() - 2 - filler_start.size() - 2, 'f') + "\r\n";
  EXPECT_EQ(PartsOf(PartText(disposition, "x", filler) + "--XyZ--").size(), 1u);
  EXPECT_EQ(ErrorOf(PartText(disposition, "x", "f" + filler) + "--XyZ--"),
            "a part of the multipart form has headers over 8 KiB");
  // A header line that never ends is refused once it passes the limit, not held without end.
  const Outcome endless = ParseBytewise("--XyZ\r\nX-Endless: " + std::string(10000, 'e'));
  EXPECT_FALSE(endless.ok);
  EXPECT_EQ(endless.error, "a part of the multipart form has headers over 8 KiB");
}

TEST(MultipartTest, RefusesAMalformedBoundaryLine) {
  EXPECT_EQ(ErrorOf("--XyZ\r\n" + PartText("form-data; name=\"a\"", "x").substr(7) + "--XyZ-\r\n"),
            "a boundary line of the multipart form is malformed");
  EXPECT_EQ(ErrorOf("--XyZ\rContent-Disposition: form-data; name=a\r\n\r\n\r\n--XyZ--"),
            "a boundary line of the multipart form is malformed");
  EXPECT_EQ(ErrorOf(PartText("form-data; name=\"a\"", "x\r\n--XyZtail") + "--XyZ--"),
            "a boundary line of the multipart form is malformed");
}

TEST(MultipartTest, RefusesABodyCutShort) {
  for (const std::string& body :
       {std::string(""), std::string("preamble only"), PartText("form-data; name=\"a\"", "1"),
        kBrowserBody.substr(0, kBrowserBody.find("--XyZ--") + 6)}) {
    const Result<std::vector<MultipartPart>> result = ParseMultipart(kType, body);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.status().field, "body");
    EXPECT_EQ(result.status().message, "the multipart form ends before its closing boundary");
  }
}

TEST(MultipartTest, ParseMultipartChecksTheContentType) {
  const Result<std::vector<MultipartPart>> result =
      ParseMultipart("application/x-www-form-urlencoded", kBrowserBody);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().field, "Content-Type");
  ASSERT_TRUE(ParseMultipart("multipart/form-data; boundary=\"XyZ\"", kBrowserBody).ok());
}

TEST(MultipartParserTest, HandsDataOnAsItArrives) {
  const std::string boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  std::string received;
  int parts = 0;
  MultipartParser parser(
      boundary,
      [&parts](const MultipartPartHeader&) {
        ++parts;
        return true;
      },
      [&received](std::string_view data) {
        received.append(data);
        return true;
      });
  ASSERT_TRUE(parser.Feed("--" + boundary +
                          "\r\nContent-Disposition: form-data; name=\"file\"; "
                          "filename=\"big.csv\"\r\n\r\n"));
  EXPECT_EQ(parts, 1);
  std::string sent;
  for (int i = 0; i < 1000; ++i) {
    // Rows end in CRLF and start with dashes, the shape a delimiter has.
    const std::string row = "--row " + std::to_string(i) + "\r\n";
    ASSERT_TRUE(parser.Feed(row));
    sent += row;
    // Held back: at most the delimiter (CR LF -- boundary) less a byte.
    ASSERT_GE(received.size() + boundary.size() + 3, sent.size()) << i;
    ASSERT_EQ(received, sent.substr(0, received.size()));
  }
  EXPECT_FALSE(parser.done());
  ASSERT_TRUE(parser.Feed("--" + boundary + "--\r\n"));
  EXPECT_TRUE(parser.done());
  EXPECT_EQ(received, sent.substr(0, sent.size() - 2));  // the last CRLF is the delimiter's
  // The epilogue and anything after it are ignored.
  EXPECT_TRUE(parser.Feed("--" + boundary + "\r\nmore"));
  EXPECT_EQ(parts, 1);
}

TEST(MultipartParserTest, ACallbackCanStopTheParse) {
  for (const bool stop_at_part : {true, false}) {
    int data_calls = 0;
    MultipartParser parser(
        "XyZ",
        [&](const MultipartPartHeader& header) { return !(stop_at_part && header.name == "file"); },
        [&](std::string_view) {
          ++data_calls;
          return stop_at_part || data_calls < 1;
        });
    EXPECT_FALSE(parser.Feed(kBrowserBody));
    EXPECT_EQ(parser.error(), "stopped");
    EXPECT_FALSE(parser.done());
    EXPECT_EQ(data_calls, 1);  // the csrf field, then the stop
    EXPECT_FALSE(parser.Feed("more"));
    EXPECT_EQ(parser.error(), "stopped");
  }
}

TEST(MultipartParserTest, StaysFailedAfterAnError) {
  MultipartParser parser(
      "XyZ", [](const MultipartPartHeader&) { return true; },
      [](std::string_view) { return true; });
  EXPECT_FALSE(parser.Feed("--XyZ\r\nno colon\r\n\r\n"));
  const std::string error = parser.error();
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(parser.Feed(kBrowserBody));
  EXPECT_EQ(parser.error(), error);
  EXPECT_FALSE(parser.done());
}

}  // namespace
}  // namespace rungs

namespace rungs {
namespace {

TEST(PlainFileNameTest, KeepsOnlyAShowableNameWithoutFolders) {
  EXPECT_EQ(PlainFileName("C:\\fakepath\\export.csv", "x"), "export.csv");
  EXPECT_EQ(PlainFileName("../../etc/passwd", "x"), "passwd");
  EXPECT_EQ(PlainFileName("a\nb\x7f.md", "x"), "ab.md");
  EXPECT_EQ(PlainFileName("caf\xe9.md", "x"), "caf\xEF\xBF\xBD.md");
  EXPECT_EQ(PlainFileName("folder/", "export"), "export");
  EXPECT_EQ(PlainFileName(std::string(300, 'a'), "x").size(), 200U);
}

}  // namespace
}  // namespace rungs
