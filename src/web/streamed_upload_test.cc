// Streamed uploads: sizes as RUNGS_MAX_UPLOAD takes them, the capped file that deletes itself,
// and ReadUpload's handling of forms, driven through cpp-httplib's ContentReader interface as
// the server calls it (the server tests, app_helpdesk_test.cc, send real requests).
#include "web/streamed_upload.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>
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

// A multipart body as cpp-httplib's parser hands it over: each part's header, then its bytes in
// pieces of `piece` bytes.
struct Part {
  std::string name;
  std::string file_name;
  std::string content;
};

httplib::ContentReader MultipartReader(std::vector<Part> parts, size_t piece = 7) {
  return httplib::ContentReader(
      [](const httplib::ContentReceiver&) { return false; },
      [parts = std::move(parts), piece](const httplib::MultipartContentHeader& header,
                                        const httplib::ContentReceiver& receiver) {
        for (const Part& p : parts) {
          httplib::MultipartFormData data;
          data.name = p.name;
          data.filename = p.file_name;
          if (!header(data)) return false;
          for (size_t at = 0; at < p.content.size(); at += piece) {
            const std::string_view bytes = std::string_view(p.content).substr(at, piece);
            if (!receiver(bytes.data(), bytes.size())) return false;
          }
        }
        return true;
      });
}

httplib::ContentReader RawReader(std::string body) {
  return httplib::ContentReader(
      [body = std::move(body)](const httplib::ContentReceiver& receiver) {
        for (size_t at = 0; at < body.size(); at += 5) {
          const std::string_view bytes = std::string_view(body).substr(at, 5);
          if (!receiver(bytes.data(), bytes.size())) return false;
        }
        return true;
      },
      [](const httplib::MultipartContentHeader&, const httplib::ContentReceiver&) {
        return false;
      });
}

httplib::Request MultipartRequest() {
  httplib::Request req;
  req.method = "POST";
  req.set_header("Content-Type", "multipart/form-data; boundary=xyz");
  return req;
}

const auto kAnyFields = [](const UploadForm&) { return true; };

TEST_F(UploadTest, AFormsFieldsAndItsFileAreReadApart) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  std::vector<std::string> seen_before_file;
  const UploadRead read = ReadUpload(MultipartRequest(),
                                     MultipartReader({{"csrf", "", "token"},
                                                      {"mapping", "", "intercom"},
                                                      {"csrf", "", "a second csrf is ignored"},
                                                      {"file", "export.csv", "a,b\n1,2\n"},
                                                      {"dry_run", "", "1"}}),
                                     "file", false, *file, [&](const UploadForm& form) {
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

TEST_F(UploadTest, ARefusalBeforeTheFileWritesNothing) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  const UploadRead read =
      ReadUpload(MultipartRequest(),
                 MultipartReader({{"csrf", "", "wrong"}, {"file", "x.csv", "secret rows"}}), "file",
                 false, *file, [](const UploadForm&) { return false; });
  EXPECT_EQ(read.outcome, UploadOutcome::kRefused);
  EXPECT_FALSE(read.body_left);  // read to the end and dropped, so the answer gets through
  EXPECT_EQ(file->size(), 0);
  EXPECT_EQ(FilesLeft(), 1u);  // the empty file, until its owner goes
}

TEST_F(UploadTest, OverTheCapNothingIsKeptAndTheRestIsReadUpToTwiceTheCap) {
  {
    std::unique_ptr<UploadFile> file = MakeFile(100);
    ASSERT_NE(file, nullptr);
    const UploadRead read =
        ReadUpload(MultipartRequest(), MultipartReader({{"file", "x.csv", std::string(150, 'x')}}),
                   "file", false, *file, kAnyFields);
    EXPECT_EQ(read.outcome, UploadOutcome::kTooLarge);
    EXPECT_NE(read.message.find("100 bytes"), std::string::npos) << read.message;
    EXPECT_FALSE(read.body_left);  // drained: the connection can carry the answer
    EXPECT_EQ(FilesLeft(), 0u);
  }
  {
    // Far over: the reading stops (the connection is then closed).
    std::unique_ptr<UploadFile> file = MakeFile(100);
    ASSERT_NE(file, nullptr);
    const UploadRead read = ReadUpload(
        MultipartRequest(), MultipartReader({{"file", "x.csv", std::string(200000, 'x')}}), "file",
        false, *file, kAnyFields);
    EXPECT_EQ(read.outcome, UploadOutcome::kTooLarge);
    EXPECT_TRUE(read.body_left);
    EXPECT_EQ(FilesLeft(), 0u);
  }
}

TEST_F(UploadTest, ADeclaredLengthOverTheCapIsRefusedBeforeAByteIsWritten) {
  std::unique_ptr<UploadFile> file = MakeFile(100);
  ASSERT_NE(file, nullptr);
  httplib::Request req;
  req.method = "POST";
  req.set_header("Content-Length", std::to_string(10u << 20));
  bool read_anything = false;
  const httplib::ContentReader reader(
      [&read_anything](const httplib::ContentReceiver&) { return read_anything = true; },
      [](const httplib::MultipartContentHeader&, const httplib::ContentReceiver&) {
        return false;
      });
  const UploadRead read = ReadUpload(req, reader, "file", true, *file, kAnyFields);
  EXPECT_EQ(read.outcome, UploadOutcome::kTooLarge);
  EXPECT_FALSE(read_anything);  // 10 MiB is more than twice the cap: not even drained
  EXPECT_TRUE(read.body_left);
  EXPECT_EQ(FilesLeft(), 0u);
}

TEST_F(UploadTest, TwoFilesOrALongFieldAreBadRequests) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  UploadRead read = ReadUpload(MultipartRequest(),
                               MultipartReader({{"file", "a.csv", "a"}, {"file", "b.csv", "b"}}),
                               "file", false, *file, kAnyFields);
  EXPECT_EQ(read.outcome, UploadOutcome::kBadRequest);
  read = ReadUpload(MultipartRequest(), MultipartReader({{"source", "", std::string(5000, 's')}}),
                    "file", false, *file, kAnyFields);
  EXPECT_EQ(read.outcome, UploadOutcome::kBadRequest);
  EXPECT_NE(read.message.find("source"), std::string::npos);
}

TEST_F(UploadTest, ARawBodyIsTheFileForTheApiAndAFormForThePage) {
  std::unique_ptr<UploadFile> file = MakeFile(1000);
  ASSERT_NE(file, nullptr);
  httplib::Request req;
  req.method = "POST";
  UploadRead read = ReadUpload(req, RawReader("a,b\n1,2\n"), "file", true, *file, kAnyFields);
  ASSERT_EQ(read.outcome, UploadOutcome::kRead) << read.message;
  EXPECT_TRUE(read.form.has_file);
  EXPECT_EQ(ReadAll(file->path()), "a,b\n1,2\n");

  std::unique_ptr<UploadFile> unused = MakeFile(1000);
  ASSERT_NE(unused, nullptr);
  read = ReadUpload(req, RawReader("csrf=abc&dry_run=1"), "file", false, *unused, kAnyFields);
  ASSERT_EQ(read.outcome, UploadOutcome::kRead) << read.message;
  EXPECT_FALSE(read.form.has_file);
  EXPECT_EQ(read.form.fields.at("csrf"), "abc");
  EXPECT_EQ(unused->size(), 0);
}

}  // namespace
}  // namespace rungs
