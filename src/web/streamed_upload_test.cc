// Streamed uploads: sizes as RUNGS_MAX_UPLOAD takes them, the capped file that deletes itself,
// and ReadUpload's handling of forms, driven through a BodyStream in pieces as the HTTP layer
// hands a body over (the server tests, app_helpdesk_test.cc, send real requests).
#include "web/streamed_upload.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace rungs {
namespace {

TEST(ParseByteSizeTest, TakesBytesAndBinaryUnits) {
  EXPECT_EQ(ParseByteSize("1073741824").value(), int64_t{1} << 30);
  EXPECT_EQ(ParseByteSize("512M").value(), int64_t{512} << 20);
  EXPECT_EQ(ParseByteSize("1g").value(), int64_t{1} << 30);
  EXPECT_EQ(ParseByteSize(" 64KiB ").value(), 64 << 10);
  EXPECT_EQ(ParseByteSize("2GB").value(), int64_t{2} << 30);
  EXPECT_EQ(ParseByteSize("1T").value(), int64_t{1} << 40);
  for (const char* bad : {"", "0", "-1", "1.5G", "G", "12X", "2T", "99999999999999999999"}) {
    Result<int64_t> parsed = ParseByteSize(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_NE(parsed.status().message.find("512M"), std::string::npos);
    }
  }
}

TEST(FormatByteSizeTest, SaysSizesAsPeopleReadThem) {
  EXPECT_EQ(FormatByteSize(300), "300 bytes");
  EXPECT_EQ(FormatByteSize(1536), "1.5 KiB");
  EXPECT_EQ(FormatByteSize(int64_t{1} << 30), "1 GiB");
  EXPECT_EQ(FormatByteSize(int64_t{512} << 20), "512 MiB");
}

class UploadTest : public testing::Test {
 protected:
  void SetUp() override { dir_ = test::FreshTempDir("rungs-upload"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  size_t FilesLeft() const {
    size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) ++n;
    return n;
  }

  std::unique_ptr<UploadFile> MakeFile(int64_t max_bytes) {
    Result<std::unique_ptr<UploadFile>> file = UploadFile::Create(dir_.string(), max_bytes);
    EXPECT_TRUE(file.ok()) << file.status().message;
    return file.ok() ? std::move(file).value() : nullptr;
  }

  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::filesystem::path dir_;
};

TEST_F(UploadTest, AFileKeepsEveryByteAndIsDeletedWithItsOwner) {
  std::string written;
  {
    std::unique_ptr<UploadFile> file = MakeFile(10 << 20);
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(std::filesystem::path(file->path()).parent_path(), dir_);
    // More than the write buffer, in pieces of every size.
    for (int i = 0; written.size() < (3u << 20); ++i) {
      const std::string piece(static_cast<size_t>(i % 9000), static_cast<char>('a' + i % 26));
      ASSERT_TRUE(file->Append(piece));
      written += piece;
    }
    ASSERT_TRUE(file->Finish().ok());
    EXPECT_EQ(file->size(), static_cast<int64_t>(written.size()));
    EXPECT_EQ(ReadAll(file->path()), written);
    EXPECT_EQ(FilesLeft(), 1u);
  }
  EXPECT_EQ(FilesLeft(), 0u);
}

TEST_F(UploadTest, PassingTheCapDeletesWhatWasWrittenAtOnce) {
  std::unique_ptr<UploadFile> file = MakeFile(100);
  ASSERT_NE(file, nullptr);
  EXPECT_TRUE(file->Append(std::string(100, 'x')));
  EXPECT_FALSE(file->Append("y"));
  EXPECT_TRUE(file->too_large());
  EXPECT_EQ(FilesLeft(), 0u);
  EXPECT_FALSE(file->Append("z"));
  EXPECT_FALSE(file->Finish().ok());
}

TEST_F(UploadTest, AFolderThatCannotBeWrittenIsAnError) {
  Result<std::unique_ptr<UploadFile>> file =
      UploadFile::Create((dir_ / "no" / "such" / "folder").string(), 100);
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message.find("cannot make a file for the upload"), std::string::npos);
}

// A body as the HTTP layer hands it over: in pieces of `piece` bytes, stopping when the reader
// says so, too large once more than `limit` bytes came (the route's limit).
class PiecesStream : public BodyStream {
 public:
  PiecesStream(std::string body, size_t piece, size_t limit = SIZE_MAX)
      : body_(std::move(body)), piece_(piece), limit_(limit) {}
  bool Read(const std::function<bool(std::string_view)>& sink) override {
    for (size_t at = 0; at < body_.size(); at += piece_) {
      if (at + piece_ > limit_) {
        too_large_ = true;
        return false;
      }
      read_ = at + std::min(piece_, body_.size() - at);
      if (!sink(std::string_view(body_).substr(at, piece_))) return false;
    }
    return true;
  }
  bool too_large() const override { return too_large_; }
  size_t read() const { return read_; }

 private:
  std::string body_;
  size_t piece_;
  size_t limit_;
  size_t read_ = 0;
  bool too_large_ = false;
};

struct Part {
  std::string name;
  std::string file_name;
  std::string content;
};

std::string MultipartBody(const std::vector<Part>& parts) {
  std::string body;
  for (const Part& p : parts) {
    body += "--xyz\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.file_name.empty()) body += "; filename=\"" + p.file_name + "\"";
    body += "\r\n\r\n" + p.content + "\r\n";
  }
  return body + "--xyz--\r\n";
}

// A streamed request with `stream` as its body.
HttpRequest StreamedRequest(BodyStream& stream, const std::string& type) {
  HttpRequest req;
  req.method = "POST";
  if (!type.empty()) req.headers.Add("Content-Type", type);
  req.stream = &stream;
  return req;
}

constexpr char kMultipart[] = "multipart/form-data; boundary=xyz";

const auto kAnyFields = [](const UploadForm&) { return true; };

TEST_F(UploadTest, AFormsFieldsAndItsFileAreReadApart) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  std::vector<std::string> seen_before_file;
  PiecesStream body(MultipartBody({{"csrf", "", "token"},
                                   {"mapping", "", "intercom"},
                                   {"csrf", "", "a second csrf is ignored"},
                                   {"file", "export.csv", "a,b\n1,2\n"},
                                   {"dry_run", "", "1"}}),
                    7);
  const UploadRead read = ReadUpload(StreamedRequest(body, kMultipart), "file", false, *file,
                                     [&](const UploadForm& form) {
                                       for (const auto& [name, value] : form.fields)
                                         seen_before_file.push_back(name);
                                       return true;
                                     });
  ASSERT_EQ(read.outcome, UploadOutcome::kRead) << read.message;
  EXPECT_FALSE(read.body_left);
  EXPECT_EQ(seen_before_file, (std::vector<std::string>{"csrf", "mapping"}));
  EXPECT_EQ(read.form.fields.at("csrf"), "token");
  EXPECT_EQ(read.form.fields.at("dry_run"), "1");
  EXPECT_TRUE(read.form.has_file);
  EXPECT_EQ(read.form.file_name, "export.csv");
  EXPECT_EQ(ReadAll(file->path()), "a,b\n1,2\n");
}

TEST_F(UploadTest, ARefusalBeforeTheFileWritesNothingAndStopsReading) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  PiecesStream body(
      MultipartBody({{"csrf", "", "wrong"}, {"file", "x.csv", std::string(5000, 's')}}), 100);
  const UploadRead read = ReadUpload(StreamedRequest(body, kMultipart), "file", false, *file,
                                     [](const UploadForm&) { return false; });
  EXPECT_EQ(read.outcome, UploadOutcome::kRefused);
  EXPECT_TRUE(read.body_left);  // the HTTP layer closes the connection after the answer
  EXPECT_LT(body.read(), 500u);
  EXPECT_EQ(file->size(), 0);
  EXPECT_EQ(FilesLeft(), 1u);  // the empty file, until its owner goes
}

TEST_F(UploadTest, OverTheCapNothingIsKeptAndReadingStops) {
  std::unique_ptr<UploadFile> file = MakeFile(100);
  ASSERT_NE(file, nullptr);
  PiecesStream body(MultipartBody({{"file", "x.csv", std::string(200000, 'x')}}), 64);
  const UploadRead read =
      ReadUpload(StreamedRequest(body, kMultipart), "file", false, *file, kAnyFields);
  EXPECT_EQ(read.outcome, UploadOutcome::kTooLarge);
  EXPECT_NE(read.message.find("100 bytes"), std::string::npos) << read.message;
  EXPECT_TRUE(read.body_left);
  EXPECT_LT(body.read(), 1000u);
  EXPECT_EQ(FilesLeft(), 0u);
}

TEST_F(UploadTest, ABodyOverTheRoutesLimitIsTooLargeAndNothingIsKept) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  PiecesStream body(std::string(900, 'x'), 100, /*limit=*/300);
  const UploadRead read = ReadUpload(StreamedRequest(body, ""), "file", true, *file, kAnyFields);
  EXPECT_EQ(read.outcome, UploadOutcome::kTooLarge);
  EXPECT_TRUE(read.body_left);
  EXPECT_EQ(FilesLeft(), 0u);
}

TEST_F(UploadTest, TwoFilesALongFieldOrABrokenFormAreBadRequests) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  PiecesStream two(MultipartBody({{"file", "a.csv", "a"}, {"file", "b.csv", "b"}}), 7);
  UploadRead read = ReadUpload(StreamedRequest(two, kMultipart), "file", false, *file, kAnyFields);
  EXPECT_EQ(read.outcome, UploadOutcome::kBadRequest);
  PiecesStream long_field(MultipartBody({{"source", "", std::string(5000, 's')}}), 7);
  read = ReadUpload(StreamedRequest(long_field, kMultipart), "file", false, *file, kAnyFields);
  EXPECT_EQ(read.outcome, UploadOutcome::kBadRequest);
  EXPECT_NE(read.message.find("source"), std::string::npos);
  PiecesStream cut(
      "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nab", 3);
  std::unique_ptr<UploadFile> other = MakeFile(1000);
  read = ReadUpload(StreamedRequest(cut, kMultipart), "file", false, *other, kAnyFields);
  EXPECT_EQ(read.outcome, UploadOutcome::kBadRequest);
}

TEST_F(UploadTest, AFieldThatIsNotUtf8IsRefused) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  PiecesStream body(MultipartBody({{"source", "", "\xfe\xfe"}, {"file", "a.csv", "a,b\n"}}), 7);
  const UploadRead read =
      ReadUpload(StreamedRequest(body, kMultipart), "file", false, *file, kAnyFields);
  EXPECT_EQ(read.outcome, UploadOutcome::kBadRequest);
  EXPECT_NE(read.message.find("'source' is not valid UTF-8"), std::string::npos) << read.message;
}

TEST_F(UploadTest, ARawBodyIsTheFileForTheApiAndAFormForThePage) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  PiecesStream raw("a,b\n1,2\n", 5);
  UploadRead read = ReadUpload(StreamedRequest(raw, ""), "file", true, *file, kAnyFields);
  ASSERT_EQ(read.outcome, UploadOutcome::kRead) << read.message;
  EXPECT_TRUE(read.form.has_file);
  EXPECT_EQ(ReadAll(file->path()), "a,b\n1,2\n");

  std::unique_ptr<UploadFile> unused = MakeFile(1000);
  ASSERT_NE(unused, nullptr);
  PiecesStream form("csrf=abc&dry_run=1", 5);
  read = ReadUpload(StreamedRequest(form, "application/x-www-form-urlencoded"), "file", false,
                    *unused, kAnyFields);
  ASSERT_EQ(read.outcome, UploadOutcome::kRead) << read.message;
  EXPECT_FALSE(read.form.has_file);
  EXPECT_EQ(read.form.fields.at("csrf"), "abc");
  EXPECT_EQ(unused->size(), 0);
}

}  // namespace
}  // namespace rungs
