#include "web/streamed_upload.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "util/text.h"
#include "util/utf8.h"
#include "web/multipart.h"
#include "web/url.h"

namespace rungs {
namespace {

constexpr size_t kBufferBytes = 1 << 20;
constexpr size_t kMaxFieldBytes = 4096;
constexpr size_t kMaxFormBytes = 64 * 1024;
constexpr int64_t kMaxByteSize = int64_t{1} << 40;

std::string Errno(const char* what) { return fmt::format("{}: {}", what, std::strerror(errno)); }

}  // namespace

Result<int64_t> ParseByteSize(std::string_view text) {
  const std::string lower = ToLowerAscii(Trim(text));
  std::string_view rest = lower;
  int64_t value = 0;
  size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
    value = value * 10 + (rest[digits] - '0');
    if (value > kMaxByteSize) break;
    ++digits;
  }
  rest.remove_prefix(digits);
  int shift = 0;
  if (!rest.empty()) {
    const size_t unit = std::string_view("kmgt").find(rest.front());
    if (unit != std::string_view::npos) {
      shift = 10 * static_cast<int>(unit + 1);
      rest.remove_prefix(1);
      if (rest == "ib") rest = {};
    }
    if (rest == "b") rest = {};
  }
  if (digits == 0 || !rest.empty() || value == 0 || value > (kMaxByteSize >> shift)) {
    return Status::Invalid(
        fmt::format("'{}' is not a size from 1 byte to 1T (such as 1073741824, "
                    "512M or 1G)",
                    text));
  }
  return value << shift;
}

std::string FormatByteSize(int64_t bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  // Whole numbers without a fraction: "1 GiB", not "1.0 GiB".
  if (value == static_cast<double>(static_cast<int64_t>(value))) {
    return fmt::format("{} {}", static_cast<int64_t>(value), kUnits[unit]);
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

Result<std::unique_ptr<UploadFile>> UploadFile::Create(const std::string& dir, int64_t max_bytes) {
  const std::filesystem::path folder =
      dir.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(dir);
  std::string name = (folder / "upload-XXXXXX.part").string();
  std::vector<char> path(name.begin(), name.end());
  path.push_back('\0');
  const int fd = ::mkstemps(path.data(), 5);  // mode 0600
  if (fd < 0) {
    return Status::Internal(
        Errno(fmt::format("cannot make a file for the upload in {}", folder.string()).c_str()));
  }
  return std::unique_ptr<UploadFile>(new UploadFile(path.data(), fd, max_bytes));
}

UploadFile::UploadFile(std::string path, int fd, int64_t max_bytes)
    : path_(std::move(path)), fd_(fd), max_bytes_(max_bytes) {
  buffer_.reserve(kBufferBytes);
}

UploadFile::~UploadFile() { Remove(); }

void UploadFile::Remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!removed_) ::unlink(path_.c_str());
  removed_ = true;
  buffer_.clear();
}

bool UploadFile::Append(std::string_view bytes) {
  if (removed_ || !error_.empty()) return false;
  if (size_ + static_cast<int64_t>(bytes.size()) > max_bytes_) {
    too_large_ = true;
    Remove();
    return false;
  }
  size_ += static_cast<int64_t>(bytes.size());
  if (buffer_.size() + bytes.size() > kBufferBytes && !Flush()) return false;
  buffer_.append(bytes);
  return true;
}

bool UploadFile::Flush() {
  const char* at = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, at, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = Errno("cannot write the upload");
      Remove();
      return false;
    }
    at += n;
    left -= static_cast<size_t>(n);
  }
  buffer_.clear();
  return true;
}

Status UploadFile::Finish() {
  if (too_large_) return Status::Invalid("the upload is over the size limit", "file");
  if (!error_.empty() || removed_) return Status::Internal(error_);
  if (!Flush()) return Status::Internal(error_);
  if (::close(fd_) != 0) {
    fd_ = -1;
    error_ = Errno("cannot write the upload");
    return Status::Internal(error_);
  }
  fd_ = -1;
  return Status::Ok();
}

UploadRead ReadUpload(const HttpRequest& req, const std::string& file_field, bool raw_body_is_file,
                      UploadFile& file, const std::function<bool(const UploadForm&)>& before_file) {
  UploadRead read;
  // The first failure stops the reading: the HTTP layer closes the connection rather than read
  // the rest of a body nobody wants.
  const auto fail = [&read](UploadOutcome outcome, std::string message) {
    if (read.outcome == UploadOutcome::kRead) {
      read.outcome = outcome;
      read.message = std::move(message);
    }
    return false;
  };
  const auto to_file = [&](std::string_view data) {
    if (file.Append(data)) return true;
    return file.too_large() ? false : fail(UploadOutcome::kFailed, file.error());
  };

  bool ok = false;
  const std::string type = req.Header("Content-Type");
  if (req.stream == nullptr) {
    fail(UploadOutcome::kBadRequest, "The upload has no body.");
  } else if (Result<std::string> boundary = MultipartBoundary(type); boundary.ok()) {
    std::string part;              // the name of the part being read
    std::string* field = nullptr;  // where its bytes go; null for the file and repeated names
    bool in_file = false;
    size_t field_bytes = 0;
    MultipartParser parser(
        *boundary,
        [&](const MultipartPartHeader& header) {
          part = header.name;
          in_file = part == file_field;
          field = nullptr;
          if (!in_file) {
            const auto [it, added] = read.form.fields.try_emplace(part);
            if (added) field = &it->second;
            return true;
          }
          if (read.form.has_file)
            return fail(UploadOutcome::kBadRequest, "Send one file at a time.");
          read.form.has_file = true;
          read.form.file_name = header.filename;
          if (!before_file(read.form)) return fail(UploadOutcome::kRefused, "");
          return true;
        },
        [&](std::string_view data) {
          if (in_file) return to_file(data);
          field_bytes += data.size();
          if (field_bytes > kMaxFormBytes ||
              (field != nullptr && field->size() + data.size() > kMaxFieldBytes)) {
            return fail(UploadOutcome::kBadRequest,
                        fmt::format("The form field '{}' is too long.", part));
          }
          if (field != nullptr) field->append(data);
          return true;
        });
    ok = req.stream->Read([&parser](std::string_view piece) { return parser.Feed(piece); }) &&
         parser.done();
  } else if (raw_body_is_file) {
    read.form.has_file = true;
    ok = req.stream->Read(to_file);
  } else {
    std::string body;
    ok = req.stream->Read([&](std::string_view data) {
      if (body.size() + data.size() > kMaxFormBytes) {
        return fail(UploadOutcome::kBadRequest, "The form is too long.");
      }
      body.append(data);
      return true;
    });
    if (ok) {
      Result<std::vector<QueryParam>> params = ParseQuery(body);
      if (!params.ok()) {
        fail(UploadOutcome::kBadRequest, params.status().message);
      } else {
        for (const QueryParam& p : *params) read.form.fields.emplace(p.name, p.value);
      }
    }
  }
  for (const auto& [name, value] : read.form.fields) {
    if (read.outcome == UploadOutcome::kRead && !IsValidUtf8(value)) {
      fail(UploadOutcome::kBadRequest,
           fmt::format("The form field '{}' is not valid UTF-8.", name));
    }
  }
  read.body_left = !ok;
  if (file.too_large() || (req.stream != nullptr && req.stream->too_large())) {
    file.Discard();
    read.outcome = UploadOutcome::kTooLarge;
    read.message = fmt::format("The file is larger than the upload limit of {}. Nothing was kept.",
                               FormatByteSize(file.max_bytes()));
    return read;
  }
  if (read.outcome != UploadOutcome::kRead) return read;
  if (!ok) {
    fail(UploadOutcome::kBadRequest, "The upload was cut short or is not a valid form.");
    return read;
  }
  if (read.form.has_file) {
    if (Status s = file.Finish(); !s.ok()) fail(UploadOutcome::kFailed, s.message);
  }
  return read;
}

}  // namespace rungs
